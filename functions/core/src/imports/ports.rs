//! What an import reads from: a source reader per run, made by a connector from the source's
//! connection and its credentials, which a secret store keeps. Adapters (the website feed and
//! Magento's REST API over HTTP) implement these in a crate of their own.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use worklane_domain::{AuthMode, ImportSource};

/// Where a source's records stand: the position just after a record, so a run resumes after
/// the last record it committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Position {
    /// The website feed's sequence number of the record.
    Sequence { seq: u64 },
    /// Magento's `updated_at` ("YYYY-MM-DD HH:MM:SS", UTC) and the row's id: rows updated in
    /// the same second are told apart by id.
    Updated { at: String, id: u64 },
}

/// One record as the source sent it: decoded by the import (a malformed one is logged, not
/// fatal), with the position just after it.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub position: Position,
    pub body: serde_json::Value,
}

/// Why a source could not be read. The run fails visibly and its cursor stays.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    #[error("the source could not be reached: {0}")]
    Unreachable(String),
    #[error("the source refused the credentials (HTTP {status}): {message}")]
    Unauthorized { status: u16, message: String },
    #[error("the source answered HTTP {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("the source's answer could not be read: {0}")]
    Malformed(String),
    #[error("the source is not set up: {0}")]
    NotConfigured(String),
}

/// Reads one source's records in order.
#[async_trait]
pub trait SourceReader: Send + Sync {
    /// At most `limit` records after `after` (from the start without one), oldest first.
    async fn after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError>;

    /// The record with this id at the source, as it is now (a cart reloaded on Sync, a
    /// failed record retried); none if the source no longer has it.
    async fn one(&self, external_id: &str) -> Result<Option<serde_json::Value>, SourceError>;
}

/// A source's connection settings, kept in the table: never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub base_url: String,
    #[serde(default)]
    pub store_code: Option<String>,
    pub auth: AuthMode,
    /// Minutes a cart must stay untouched before it counts as abandoned.
    #[serde(default)]
    pub quiet_minutes: Option<u32>,
}

/// The credentials a connection's mode needs, read from the secret store for one run.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    Bearer {
        token: String,
    },
    OAuth1 {
        consumer_key: String,
        consumer_secret: String,
        access_token: String,
        access_token_secret: String,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Bearer { .. } => f.write_str("Credentials::Bearer(..)"),
            Credentials::OAuth1 { .. } => f.write_str("Credentials::OAuth1(..)"),
        }
    }
}

/// Makes a source's reader (outbound HTTP lives behind it).
pub trait Connector: Send + Sync {
    fn reader(
        &self,
        source: ImportSource,
        connection: &Connection,
        credentials: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError>;

    /// Makes a reader of the shop's customers and orders, over the abandoned carts'
    /// connection (one Magento shop serves both).
    fn shop(
        &self,
        connection: &Connection,
        credentials: Credentials,
    ) -> Result<Box<dyn crate::shop::ports::ShopReader>, SourceError>;
}

#[derive(Debug, thiserror::Error)]
#[error("the secret store failed: {0}")]
pub struct SecretError(pub String);

/// Keeps the sources' credentials out of the table: SSM Parameter Store on AWS, a private
/// file under the data folder locally, memory in tests.
#[async_trait]
pub trait Secrets: Send + Sync {
    async fn get(&self, name: &str) -> Result<Option<String>, SecretError>;
    async fn put(&self, name: &str, value: &str) -> Result<(), SecretError>;
}

/// Secrets held in memory: for tests, and for a process that needs none kept.
#[derive(Default)]
pub struct MemorySecrets(std::sync::Mutex<std::collections::HashMap<String, String>>);

#[async_trait]
impl Secrets for MemorySecrets {
    async fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        let map = self
            .0
            .lock()
            .map_err(|_| SecretError("the secrets lock was poisoned".into()))?;
        Ok(map.get(name).cloned())
    }

    async fn put(&self, name: &str, value: &str) -> Result<(), SecretError> {
        let mut map = self
            .0
            .lock()
            .map_err(|_| SecretError("the secrets lock was poisoned".into()))?;
        map.insert(name.into(), value.into());
        Ok(())
    }
}
