//! The item store port on Amazon DynamoDB: one table with `pk`/`sk` and five overloaded
//! global secondary indexes `gsi1`…`gsi5`, giving every operation exactly the meaning the
//! embedded engine gives it (the conformance suite in `tests/` runs both).
//!
//! Items are stored as `pk`, `sk`, `gsiNpk`/`gsiNsk` (only for the indexes an item is in),
//! `body` (the record's JSON text), `v` (its version) and `ttl` (its expiry in epoch seconds,
//! the table's TTL attribute). DynamoDB deletes expired items only eventually, so reads filter
//! them out and conditions treat them as absent.

mod attributes;
mod batch;
mod conditions;
mod config;
mod errors;
mod key_condition;
mod query;
mod store;
mod table;
mod transact;

pub use config::{ConfigError, ENDPOINT_VAR, TABLE_VAR, aws_client, local_client};
pub use store::DynamoStore;
pub use table::create_table;
