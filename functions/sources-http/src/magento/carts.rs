//! A Magento 2.4 shop's carts (quotes) over REST: searched by `updated_at` once they have been
//! quiet for a while, and read one by one.

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use worklane_core::imports::ports::{Position, RawRecord, SourceError, SourceReader};

use super::search::{Api, CARTS, Filter};
use crate::encoding::pct;

/// Minutes a cart stays untouched before it counts, when the connection does not say.
const DEFAULT_QUIET_MINUTES: u32 = 60;
/// Magento's date form: always UTC, one-second resolution.
const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub struct Carts {
    api: Api,
    quiet_minutes: u32,
}

impl Carts {
    pub fn new(api: Api, quiet_minutes: Option<u32>) -> Self {
        Self {
            api,
            quiet_minutes: quiet_minutes.unwrap_or(DEFAULT_QUIET_MINUTES),
        }
    }

    /// The newest `updated_at` a cart may have to count as abandoned now.
    fn quiet_until(&self) -> Result<String, SourceError> {
        let quiet = SignedDuration::from_mins(i64::from(self.quiet_minutes));
        let until = Timestamp::now()
            .checked_sub(quiet)
            .map_err(|e| SourceError::NotConfigured(format!("the quiet time: {e}")))?;
        Ok(until.strftime(DATE_FORMAT).to_string())
    }
}

#[async_trait]
impl SourceReader for Carts {
    /// Carts updated from the cursor's second until the quiet time, oldest first.
    async fn after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        // Fixed for the whole call: every page asks about the same window (a cart touched
        // meanwhile only drops out of it).
        let until = self.quiet_until()?;
        self.api
            .updated_after(
                &CARTS,
                after,
                &[Filter::new("updated_at", "lteq", &until)],
                limit,
            )
            .await
    }

    async fn one(&self, external_id: &str) -> Result<Option<Value>, SourceError> {
        self.api.one(&format!("carts/{}", pct(external_id))).await
    }
}
