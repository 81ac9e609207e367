//! `get_many` as BatchGetItem, retrying the keys DynamoDB leaves unprocessed.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::KeysAndAttributes;
use worklane_store::{Item, StoreError, now_epoch_seconds};

use crate::attributes::{Attributes, from_attributes, key};
use crate::errors::{unavailable, unbuildable};
use crate::store::storable;

/// BatchGetItem's limit, which the port shares.
pub(crate) const MAX_KEYS: usize = 100;
/// How often unprocessed keys are asked for again before the store gives up.
const MAX_RETRIES: u32 = 8;

pub(crate) async fn get_many(
    client: &Client,
    table: &str,
    keys: Vec<(String, String)>,
) -> Result<Vec<Item>, StoreError> {
    if keys.len() > MAX_KEYS {
        return Err(StoreError::Invalid(format!(
            "get_many takes at most {MAX_KEYS} keys"
        )));
    }
    let found = fetch(client, table, distinct_storable(&keys)).await?;
    let now = now_epoch_seconds();
    // One answer per key asked for, as the embedded engine gives.
    Ok(keys
        .iter()
        .filter_map(|k| found.get(k))
        .filter(|item| !item.is_expired(now))
        .cloned()
        .collect())
}

/// The keys to ask DynamoDB for: each once (it refuses duplicates), and none that no item
/// can have (it refuses empty keys).
fn distinct_storable(keys: &[(String, String)]) -> Vec<Attributes> {
    let mut seen = HashSet::new();
    keys.iter()
        .filter(|(pk, sk)| storable(pk, sk) && seen.insert((pk.as_str(), sk.as_str())))
        .map(|(pk, sk)| key(pk, sk))
        .collect()
}

async fn fetch(
    client: &Client,
    table: &str,
    mut pending: Vec<Attributes>,
) -> Result<HashMap<(String, String), Item>, StoreError> {
    let mut found = HashMap::new();
    let mut retries = 0;
    while !pending.is_empty() {
        let request = KeysAndAttributes::builder()
            .set_keys(Some(pending))
            .consistent_read(true)
            .build()
            .map_err(unbuildable)?;
        let output = client
            .batch_get_item()
            .request_items(table, request)
            .send()
            .await
            .map_err(unavailable)?;
        let items = output
            .responses
            .and_then(|mut responses| responses.remove(table))
            .unwrap_or_default();
        for attributes in items {
            let item = from_attributes(&attributes)?;
            found.insert((item.pk.clone(), item.sk.clone()), item);
        }
        pending = output
            .unprocessed_keys
            .and_then(|mut unprocessed| unprocessed.remove(table))
            .map(|keys| keys.keys)
            .unwrap_or_default();
        if !pending.is_empty() {
            retries += 1;
            if retries > MAX_RETRIES {
                return Err(StoreError::Unavailable(format!(
                    "DynamoDB left {} keys unprocessed after {MAX_RETRIES} retries",
                    pending.len()
                )));
            }
            tracing::debug!(
                unprocessed = pending.len(),
                retries,
                "retrying unprocessed BatchGetItem keys"
            );
            tokio::time::sleep(backoff(retries)).await;
        }
    }
    Ok(found)
}

/// 50 ms, doubling with each retry, at most 3.2 s.
fn backoff(retry: u32) -> Duration {
    Duration::from_millis(50u64 << retry.saturating_sub(1).min(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_asked_for_once_and_impossible_keys_not_at_all() {
        let keys = vec![
            ("A".to_string(), "1".to_string()),
            ("A".to_string(), "1".to_string()),
            (String::new(), "1".to_string()),
            ("B".to_string(), "2".to_string()),
        ];
        let asked = distinct_storable(&keys);
        assert_eq!(asked, vec![key("A", "1"), key("B", "2")]);
    }

    #[test]
    fn retries_back_off_exponentially_up_to_a_ceiling() {
        assert_eq!(backoff(1), Duration::from_millis(50));
        assert_eq!(backoff(2), Duration::from_millis(100));
        assert_eq!(backoff(7), Duration::from_millis(3200));
        assert_eq!(backoff(8), Duration::from_millis(3200));
    }
}
