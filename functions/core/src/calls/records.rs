//! Live calls in the table: each call by its id, on its rep's slat index while the rep keeps
//! it open, and found by the phone system's id.

use serde::{Deserialize, Serialize};
use worklane_domain::{CallId, LiveCall};
use worklane_store::{Condition, Index, Item, ItemStore, StoreError, Write};

use crate::{CoreError, keys};

/// A call as stored: the view, and what only the server needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CallRecord {
    #[serde(flatten)]
    pub view: LiveCall,
    /// The phone system's id of the call.
    #[serde(default)]
    pub provider_id: Option<String>,
    /// Still on the rep's slat.
    #[serde(default)]
    pub on_slat: bool,
}

impl CallRecord {
    pub fn item(&self) -> Result<Item, StoreError> {
        let view = &self.view;
        let mut item =
            Item::new(keys::call(&view.id), keys::CALL, self)?.with_version(view.version);
        if self.on_slat {
            item = item.with_index(
                Index::GSI1,
                keys::slat(&view.user),
                keys::by_time(view.started_at, view.id.as_str()),
            );
        }
        Ok(item)
    }

    /// The write that saves this record over `version` (none: a new record).
    pub fn write(&self, version: Option<u64>) -> Result<Write, CoreError> {
        Ok(Write::Put {
            item: self.item()?,
            condition: match version {
                Some(v) => Condition::VersionIs(v),
                None => Condition::NotExists,
            },
        })
    }
}

#[derive(Serialize, Deserialize)]
struct ProviderClaim {
    call_id: CallId,
}

pub(crate) fn provider_claim(provider_id: &str, call: &CallId) -> Result<Write, CoreError> {
    Ok(Write::Put {
        item: Item::new(
            keys::call_provider(provider_id),
            keys::CLAIM,
            &ProviderClaim {
                call_id: call.clone(),
            },
        )?,
        condition: Condition::NotExists,
    })
}

pub(crate) async fn load(
    store: &dyn ItemStore,
    id: &CallId,
) -> Result<Option<CallRecord>, CoreError> {
    if !crate::ids::is_well_formed(id.as_str()) {
        return Ok(None);
    }
    match store.get(&keys::call(id), keys::CALL).await? {
        Some(item) => {
            let mut record: CallRecord = item.decode()?;
            record.view.version = item.version;
            Ok(Some(record))
        }
        None => Ok(None),
    }
}

pub(crate) async fn by_provider(
    store: &dyn ItemStore,
    provider_id: &str,
) -> Result<Option<CallRecord>, CoreError> {
    let Some(item) = store
        .get(&keys::call_provider(provider_id), keys::CLAIM)
        .await?
    else {
        return Ok(None);
    };
    let claim: ProviderClaim = item.decode()?;
    load(store, &claim.call_id).await
}
