//! Each source's state, one record per source: paused or not, its connection (no secrets)
//! and its cursor, version-checked; and a lease, so two runs of one source never overlap.

use serde::{Deserialize, Serialize};
use worklane_domain::ImportSource;
use worklane_store::{Condition, Item, ItemStore, StoreError};

use super::ports::{Connection, Position};
use crate::{CoreError, keys, retry};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct SourceState {
    #[serde(default)]
    pub paused: bool,
    #[serde(default)]
    pub connection: Option<Connection>,
    /// Just after the last record a run finished with (imported, or logged as failed).
    #[serde(default)]
    pub cursor: Option<Position>,
}

pub(crate) struct SourceStates<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> SourceStates<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// The source's state and its version (0 before it was first saved).
    pub async fn load(&self, source: ImportSource) -> Result<(SourceState, u64), CoreError> {
        match self
            .store
            .get(&keys::import_source(source), keys::STATE)
            .await?
        {
            Some(item) => Ok((item.decode()?, item.version)),
            None => Ok((SourceState::default(), 0)),
        }
    }

    /// Saves `state` over `version`; someone else's save in between is a conflict.
    pub async fn save(
        &self,
        source: ImportSource,
        state: &SourceState,
        version: u64,
    ) -> Result<u64, CoreError> {
        let item =
            Item::new(keys::import_source(source), keys::STATE, state)?.with_version(version + 1);
        let condition = if version == 0 {
            Condition::NotExists
        } else {
            Condition::VersionIs(version)
        };
        match self.store.put(item, condition).await {
            Ok(()) => Ok(version + 1),
            Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
                what: "the import source",
                current: serde_json::Value::Null,
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Applies `change` to the source's state as it is now and saves it, again on a concurrent
    /// save; `change` answers whether it changed anything (nothing is written if not).
    pub async fn update(
        &self,
        source: ImportSource,
        change: impl Fn(&mut SourceState) -> bool,
    ) -> Result<(), CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            let (mut state, version) = self.load(source).await?;
            if !change(&mut state) {
                return Ok(());
            }
            match self.save(source, &state, version).await {
                Ok(_) => return Ok(()),
                Err(CoreError::Conflict { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(CoreError::Busy)
    }

    /// Takes the source for `run_id` until the lease expires; false if another run holds it.
    pub async fn take_lease(&self, source: ImportSource, run_id: &str) -> Result<bool, CoreError> {
        crate::lease::take(self.store, &keys::import_source(source), run_id).await
    }

    /// Gives the source back, if `run_id` still holds it.
    pub async fn release_lease(&self, source: ImportSource, run_id: &str) -> Result<(), CoreError> {
        crate::lease::release(self.store, &keys::import_source(source), run_id).await
    }
}
