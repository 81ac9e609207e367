//! The website's feed (docs/website-feed.md): records in `seq` order after a cursor, and one
//! record by its id.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value;
use worklane_core::imports::ports::{Position, RawRecord, SourceError, SourceReader};

use crate::encoding::pct;
use crate::http::Endpoint;

/// The feed answers a larger `limit` with 400.
const MAX_LIMIT: usize = 50;

pub struct Feed {
    endpoint: Endpoint,
    base_url: String,
    feed: &'static str,
}

#[derive(Deserialize)]
struct Page {
    records: Vec<Value>,
}

impl Feed {
    pub fn new(endpoint: Endpoint, base_url: String, feed: &'static str) -> Self {
        Self {
            endpoint,
            base_url,
            feed,
        }
    }
}

#[async_trait]
impl SourceReader for Feed {
    async fn after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        let after = match after {
            None => None,
            Some(Position::Sequence { seq }) => Some(*seq),
            Some(Position::Updated { .. }) => {
                return Err(SourceError::NotConfigured(
                    "the stored cursor is not a feed sequence number".into(),
                ));
            }
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let limit = limit.min(MAX_LIMIT);
        let mut query = Vec::new();
        if let Some(seq) = after {
            query.push(("after".to_owned(), seq.to_string()));
        }
        query.push(("limit".to_owned(), limit.to_string()));
        let url = format!("{}/feeds/{}", self.base_url, self.feed);
        let body = self.endpoint.get(&url, &query).await?;
        let page: Page = serde_json::from_value(body)
            .map_err(|e| SourceError::Malformed(format!("the feed's page: {e}")))?;
        let mut records = in_order(page.records, after)?;
        records.truncate(limit);
        Ok(records)
    }

    async fn one(&self, external_id: &str) -> Result<Option<Value>, SourceError> {
        let url = format!(
            "{}/feeds/{}/records/{}",
            self.base_url,
            self.feed,
            pct(external_id)
        );
        self.endpoint.get_optional(&url).await
    }
}

/// The page's records with their positions. A record without a positive `seq`, or out of
/// order, fails the page: the cursor could not move past it.
fn in_order(records: Vec<Value>, after: Option<u64>) -> Result<Vec<RawRecord>, SourceError> {
    let mut last = after.unwrap_or(0);
    records
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let seq = body
                .get("seq")
                .and_then(Value::as_u64)
                .filter(|seq| *seq > 0)
                .ok_or_else(|| {
                    SourceError::Malformed(format!(
                        "record {} of the feed's page has no positive integer seq",
                        i + 1
                    ))
                })?;
            if seq <= last {
                return Err(SourceError::Malformed(format!(
                    "the feed's seq {seq} does not come after {last}"
                )));
            }
            last = seq;
            Ok(RawRecord {
                position: Position::Sequence { seq },
                body,
            })
        })
        .collect()
}
