//! Waiting before a transaction is tried again after it lost a race (on an unread counter,
//! an inbox entry, a version): a short, growing, random pause, so racing writers spread out.

use std::time::Duration;

/// How often a use case tries its transaction before it answers that the data is busy.
pub(crate) const ATTEMPTS: u32 = 40;

pub(crate) async fn pause(attempt: u32) {
    let ceiling = 2 + 3 * u64::from(attempt.min(10));
    let millis = rand::random_range(1..=ceiling);
    tokio::time::sleep(Duration::from_millis(millis)).await;
}
