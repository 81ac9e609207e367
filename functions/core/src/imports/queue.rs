//! Records nobody could receive yet (everyone in the pool away, at the cap or disabled) wait
//! in their type's queue, oldest first, and are given out as soon as someone can receive
//! them: each run of a source first drains its type's queue. A marker beside the record's
//! claim keeps a record delivered again from queueing twice.

use serde::{Deserialize, Serialize};
use worklane_domain::{ImportSource, Timestamp};
use worklane_store::{Condition, Item, ItemStore, Query, StoreError, Write};

use super::decode::Incoming;
use crate::{CoreError, keys};

/// The most records one run takes from the queue, and counts of it shown to admins.
pub(crate) const DRAIN_PER_RUN: usize = 50;
const COUNTED: usize = 1000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Waiting {
    pub source: ImportSource,
    pub incoming: Incoming,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    entry: String,
}

/// A waiting record and where it waits.
pub(crate) struct Entry {
    pub key: (String, String),
    pub waiting: Waiting,
}

impl Entry {
    /// The writes that take the record out of the queue, in the transaction that creates its
    /// work item: both fail if another run took it first.
    pub fn removal(&self) -> Vec<Write> {
        let (pk, sk) = self.key.clone();
        vec![
            Write::Delete {
                pk,
                sk,
                condition: Condition::Exists,
            },
            Write::Delete {
                pk: keys::import_claim(self.waiting.source, &self.waiting.incoming.external_id),
                sk: keys::QUEUED.into(),
                condition: Condition::Exists,
            },
        ]
    }
}

/// Whether the record already waits.
pub(crate) async fn is_waiting(
    store: &dyn ItemStore,
    source: ImportSource,
    external_id: &str,
) -> Result<bool, CoreError> {
    Ok(store
        .get(&keys::import_claim(source, external_id), keys::QUEUED)
        .await?
        .is_some())
}

/// Puts the record in `type_key`'s queue; false if it already waits there.
pub(crate) async fn enqueue(
    store: &dyn ItemStore,
    type_key: &str,
    source: ImportSource,
    incoming: &Incoming,
) -> Result<bool, CoreError> {
    let entry = keys::routing_queue_entry(Timestamp::now(), source, &incoming.external_id);
    let waiting = Waiting {
        source,
        incoming: incoming.clone(),
    };
    let writes = vec![
        Write::Put {
            item: Item::new(
                keys::import_claim(source, &incoming.external_id),
                keys::QUEUED,
                &Marker {
                    entry: entry.clone(),
                },
            )?,
            condition: Condition::NotExists,
        },
        Write::Put {
            item: Item::new(keys::routing_queue(type_key), entry, &waiting)?,
            condition: Condition::NotExists,
        },
    ];
    match store.transact(writes).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The oldest records waiting for `type_key`.
pub(crate) async fn oldest(store: &dyn ItemStore, type_key: &str) -> Result<Vec<Entry>, CoreError> {
    let page = store
        .query(Query::partition(keys::routing_queue(type_key)).limit(DRAIN_PER_RUN))
        .await?;
    page.items
        .iter()
        .map(|item| {
            Ok(Entry {
                key: (item.pk.clone(), item.sk.clone()),
                waiting: item.decode()?,
            })
        })
        .collect()
}

/// How many records wait for `type_key` (up to 1,000).
pub(crate) async fn count(store: &dyn ItemStore, type_key: &str) -> Result<u32, CoreError> {
    let page = store
        .query(Query::partition(keys::routing_queue(type_key)).limit(COUNTED))
        .await?;
    Ok(u32::try_from(page.items.len()).unwrap_or(u32::MAX))
}
