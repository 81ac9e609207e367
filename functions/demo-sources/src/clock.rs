//! The demo's clock (real in the server, set by hand in tests) and the two ways it writes
//! times: RFC 3339 for the website, Magento's `YYYY-MM-DD HH:MM:SS` (UTC, no offset) for carts.
//! Inside the demo a time is whole seconds since the Unix epoch.

use std::sync::Arc;

use jiff::Timestamp;

/// Tells the time.
#[derive(Clone)]
pub(crate) struct Clock(Arc<dyn Fn() -> Timestamp + Send + Sync>);

impl Clock {
    pub fn real() -> Self {
        Clock(Arc::new(Timestamp::now))
    }

    #[cfg(test)]
    pub fn from_fn(now: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        Clock(Arc::new(now))
    }

    /// Now, in whole seconds since the Unix epoch.
    pub fn now_seconds(&self) -> i64 {
        (self.0)().as_second()
    }
}

fn timestamp(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `2026-12-03T09:14:05Z`.
pub(crate) fn rfc3339(seconds: i64) -> String {
    timestamp(seconds).to_string()
}

/// `2026-12-03 09:14:05`, always UTC, as Magento writes it (searches compare it for every row,
/// so it is written by hand rather than through a format string).
pub(crate) fn magento(seconds: i64) -> String {
    let t = jiff::tz::TimeZone::UTC.to_datetime(timestamp(seconds));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub(crate) const MINUTE: i64 = 60;

/// 2026-01-01T00:00:00Z. Numbers the sources hand out (a feed's `seq`, a cart's id) count from
/// it, so a demo made again after a restart of the server carries on after the numbers the
/// last one handed out instead of repeating them: the imports' cursors and claims outlive the
/// process.
const EPOCH: i64 = 1_767_225_600;

/// Whole minutes from the epoch to `seconds`.
pub(crate) fn minutes_since_epoch(seconds: i64) -> u64 {
    u64::try_from((seconds - EPOCH) / MINUTE).unwrap_or(0)
}

/// Seconds from the epoch to `seconds`.
pub(crate) fn seconds_since_epoch(seconds: i64) -> u64 {
    u64::try_from(seconds - EPOCH).unwrap_or(0)
}
pub(crate) const HOUR: i64 = 60 * MINUTE;
pub(crate) const DAY: i64 = 24 * HOUR;
