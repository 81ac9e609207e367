//! Reading many records by key: the store's batch read takes at most 100 keys, so longer
//! lists are read a hundred at a time. Missing records are left out.

use serde::de::DeserializeOwned;
use worklane_store::ItemStore;

use crate::CoreError;

/// The most keys one batch read takes.
const MAX_BATCH: usize = 100;

/// The records at `partitions` (each under `sk`) that exist, with their versions, in no
/// particular order; each partition is read once.
pub(crate) async fn records<R: DeserializeOwned>(
    store: &dyn ItemStore,
    partitions: impl IntoIterator<Item = String>,
    sk: &str,
) -> Result<Vec<(R, u64)>, CoreError> {
    let mut keys: Vec<String> = partitions.into_iter().collect();
    keys.sort();
    keys.dedup();
    let mut found = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_BATCH) {
        let batch = chunk
            .iter()
            .map(|pk| (pk.clone(), sk.to_string()))
            .collect();
        for item in store.get_many(batch).await? {
            found.push((item.decode()?, item.version));
        }
    }
    Ok(found)
}
