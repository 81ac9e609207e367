//! Determinism and pacing: a random generator for each (stream, record) from the seed, and the
//! jittered times at which a stream's records appear.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A random generator that depends only on the seed, the stream and the record's number, so a
/// record comes out the same whenever it is made.
pub(crate) fn rng(seed: u64, stream: u64, n: u64) -> StdRng {
    StdRng::seed_from_u64(mix(mix(seed ^ mix(stream)) ^ n))
}

/// SplitMix64's finaliser: spreads nearby inputs far apart.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The times at which one stream's records appear: about every `every` seconds, between half
/// and one and a half times that.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    seed: u64,
    tag: u64,
    every: i64,
    count: u64,
    next_at: i64,
}

impl Stream {
    /// A stream whose first record comes after `start`.
    pub fn new(seed: u64, tag: u64, every: i64, start: i64) -> Self {
        let mut stream = Stream {
            seed,
            tag,
            every: every.max(1),
            count: 0,
            next_at: start,
        };
        stream.next_at = start.saturating_add(stream.gap());
        stream
    }

    /// When the next record is due.
    pub fn next_at(&self) -> i64 {
        self.next_at
    }

    /// Takes the next record, due by `now`: its number in the stream and its time.
    pub fn take_due(&mut self, now: i64) -> Option<(u64, i64)> {
        if self.next_at > now {
            return None;
        }
        let taken = (self.count, self.next_at);
        self.count += 1;
        self.next_at = self.next_at.saturating_add(self.gap());
        Some(taken)
    }

    fn gap(&self) -> i64 {
        let mut rng = rng(self.seed, self.tag ^ 0x5C4E_D01E, self.count);
        let half = (self.every / 2).max(1);
        rng.random_range(half..=self.every.saturating_add(half))
            .max(1)
    }
}
