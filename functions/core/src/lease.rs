//! Leases: one holder at a time for a partition's `LEASE` item, until it expires (a holder
//! that crashed leaves its lease to run out). Runs of one import source and the shop sync
//! never overlap this way.

use serde::{Deserialize, Serialize};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::{CoreError, keys};

/// How long a run may hold its lease before another may take it over.
pub(crate) const LEASE_SECONDS: i64 = 300;

#[derive(Serialize, Deserialize)]
struct Lease {
    run_id: String,
}

/// Takes `pk`'s lease for `holder` until it expires; false if someone else holds it.
pub(crate) async fn take(store: &dyn ItemStore, pk: &str, holder: &str) -> Result<bool, CoreError> {
    let until = worklane_store::now_epoch_seconds() + LEASE_SECONDS;
    let item = Item::new(
        pk,
        keys::LEASE,
        &Lease {
            run_id: holder.into(),
        },
    )?
    .expiring_at(until);
    match store.put(item, Condition::NotExists).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Gives `pk`'s lease back, if `holder` still holds it.
pub(crate) async fn release(
    store: &dyn ItemStore,
    pk: &str,
    holder: &str,
) -> Result<(), CoreError> {
    if let Some(item) = store.get(pk, keys::LEASE).await?
        && item.decode::<Lease>()?.run_id == holder
    {
        match store
            .delete(pk, keys::LEASE, Condition::VersionIs(item.version))
            .await
        {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
