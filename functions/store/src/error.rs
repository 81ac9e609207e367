/// Why a store operation did not happen. Nothing was written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The condition of write number `write` (0 for a single put or delete) did not hold.
    #[error("the condition on write {write} did not hold")]
    ConditionFailed { write: usize },
    #[error("item {pk}/{sk} is {bytes} bytes; the limit is {limit} bytes")]
    ItemTooLarge {
        pk: String,
        sk: String,
        bytes: usize,
        limit: usize,
    },
    /// A request the store refuses whatever the data: a bad key, a duplicate key in one
    /// transaction, too many writes.
    #[error("invalid store request: {0}")]
    Invalid(String),
    #[error("the page cursor is not valid")]
    BadCursor,
    /// The engine failed (I/O, network, throttling). The message is for logs, not clients.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
}
