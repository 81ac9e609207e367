//! Workflows and work item types: stored like everything else, with the shipped presets
//! written on first start (never over an admin's edits).

use worklane_domain::{WorkItemType, Workflow, preset_work_item_types, preset_workflows};
use worklane_store::{Condition, Index, Item, ItemStore, Query, StoreError};

use crate::{CoreError, keys};

pub struct Catalog<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Catalog<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// Writes each preset workflow and type that is not stored yet.
    pub async fn ensure_presets(&self) -> Result<(), CoreError> {
        for workflow in preset_workflows() {
            let item = Item::new(keys::workflow(&workflow.key), keys::PROFILE, &workflow)?
                .with_index(Index::Gsi1, keys::WORKFLOWS, workflow.key.clone());
            ignore_existing(self.store.put(item, Condition::NotExists).await)?;
        }
        for work_type in preset_work_item_types() {
            ignore_existing(
                self.store
                    .put(type_item(&work_type)?, Condition::NotExists)
                    .await,
            )?;
        }
        Ok(())
    }

    pub async fn workflow(&self, key: &str) -> Result<Workflow, CoreError> {
        match self.store.get(&keys::workflow(key), keys::PROFILE).await? {
            Some(item) => Ok(item.decode()?),
            None => Err(CoreError::NotFound("workflow")),
        }
    }

    pub async fn workflows(&self) -> Result<Vec<Workflow>, CoreError> {
        let page = self
            .store
            .query(Query::index(Index::Gsi1, keys::WORKFLOWS).limit(200))
            .await?;
        page.items
            .iter()
            .map(|i| i.decode().map_err(CoreError::from))
            .collect()
    }

    pub async fn work_type(&self, key: &str) -> Result<WorkItemType, CoreError> {
        match self.store.get(&keys::work_type(key), keys::PROFILE).await? {
            Some(item) => Ok(item.decode()?),
            None => Err(CoreError::NotFound("work item type")),
        }
    }

    /// Every type by name.
    pub async fn work_types(&self) -> Result<Vec<WorkItemType>, CoreError> {
        let page = self
            .store
            .query(Query::index(Index::Gsi1, keys::WORK_TYPES).limit(500))
            .await?;
        page.items
            .iter()
            .map(|i| i.decode().map_err(CoreError::from))
            .collect()
    }
}

fn type_item(work_type: &WorkItemType) -> Result<Item, StoreError> {
    Ok(
        Item::new(keys::work_type(&work_type.key), keys::PROFILE, work_type)?.with_index(
            Index::Gsi1,
            keys::WORK_TYPES,
            format!("{}#{}", work_type.name.to_lowercase(), work_type.key),
        ),
    )
}

fn ignore_existing(outcome: Result<(), StoreError>) -> Result<(), CoreError> {
    match outcome {
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
