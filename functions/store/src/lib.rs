//! The item store port: one DynamoDB-shaped table of items with a partition key, a sort key
//! and a few global secondary indexes, and the operations every engine offers on it — get,
//! conditional put and delete, a keyed query by range with a limit and a resume cursor, and a
//! transactional write of several items. Nothing here scans a table.
//!
//! Two engines implement it: [`EmbeddedStore`] (redb, a file or memory) here, and DynamoDB in
//! `worklane-store-dynamo`. The conformance suite in `tests/` holds both to the same semantics.

mod cursor;
mod embedded;
mod error;
mod item;
mod port;

pub use cursor::Cursor;
#[doc(hidden)]
pub use cursor::CursorKeys;
pub use embedded::EmbeddedStore;
pub use error::StoreError;
pub use item::{Index, IndexKey, Item, MAX_ITEM_BYTES};
pub use port::{Condition, ItemStore, KeyRange, MAX_TRANSACTION_WRITES, Order, Page, Query, Write};
#[doc(hidden)]
pub use port::{check_key, check_transaction};

/// Seconds since the Unix epoch, the unit of item expiry (DynamoDB TTL).
pub fn now_epoch_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}
