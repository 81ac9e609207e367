//! Workflows and work item types: stored like everything else, with the shipped presets
//! written on first start (never over an admin's edits). Admins' changes are in
//! `catalog_admin.rs`.

mod records;

use records::{TypeRecord, WorkflowRecord};
use serde::{Deserialize, Serialize};
use worklane_domain::{WorkItemType, Workflow, preset_work_item_types, preset_workflows};
use worklane_store::{Condition, Index, Item, ItemStore, Query, StoreError};

use crate::{CoreError, keys};

pub struct Catalog<'a> {
    pub(crate) store: &'a dyn ItemStore,
}

/// Holds a type name (in its key form) for one type.
#[derive(Serialize, Deserialize)]
pub(crate) struct TypeNameClaim {
    pub key: String,
}

impl<'a> Catalog<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// Writes each preset workflow and type that is not stored yet.
    pub async fn ensure_presets(&self) -> Result<(), CoreError> {
        for workflow in preset_workflows() {
            let item = workflow_item(&workflow)?;
            ignore_existing(self.store.put(item, Condition::NotExists).await)?;
        }
        for work_type in preset_work_item_types() {
            ignore_existing(
                self.store
                    .put(type_item(&work_type)?, Condition::NotExists)
                    .await,
            )?;
            ignore_existing(
                self.store
                    .put(
                        name_claim(&work_type.key, &work_type.key)?,
                        Condition::NotExists,
                    )
                    .await,
            )?;
        }
        Ok(())
    }

    pub async fn workflow(&self, key: &str) -> Result<Workflow, CoreError> {
        match self.store.get(&keys::workflow(key), keys::PROFILE).await? {
            Some(item) => decode_workflow(&item),
            None => Err(CoreError::NotFound("workflow")),
        }
    }

    pub async fn workflows(&self) -> Result<Vec<Workflow>, CoreError> {
        let page = self
            .store
            .query(Query::index(Index::GSI1, keys::WORKFLOWS).limit(200))
            .await?;
        page.items.iter().map(decode_workflow).collect()
    }

    pub async fn work_type(&self, key: &str) -> Result<WorkItemType, CoreError> {
        match self.store.get(&keys::work_type(key), keys::PROFILE).await? {
            Some(item) => decode_type(&item),
            None => Err(CoreError::NotFound("work item type")),
        }
    }

    /// Every type by name.
    pub async fn work_types(&self) -> Result<Vec<WorkItemType>, CoreError> {
        let page = self
            .store
            .query(Query::index(Index::GSI1, keys::WORK_TYPES).limit(500))
            .await?;
        page.items.iter().map(decode_type).collect()
    }
}

fn decode_workflow(item: &Item) -> Result<Workflow, CoreError> {
    Ok(item.decode::<WorkflowRecord>()?.workflow(item.version))
}

fn decode_type(item: &Item) -> Result<WorkItemType, CoreError> {
    Ok(item.decode::<TypeRecord>()?.work_type(item.version))
}

/// The workflow at its own version (at least 1), listed by key.
pub(crate) fn workflow_item(workflow: &Workflow) -> Result<Item, StoreError> {
    Ok(Item::new(
        keys::workflow(&workflow.key),
        keys::PROFILE,
        &WorkflowRecord::new(workflow),
    )?
    .with_version(workflow.version.max(1))
    .with_index(Index::GSI1, keys::WORKFLOWS, workflow.key.clone()))
}

/// The type at its own version (at least 1), listed by name.
pub(crate) fn type_item(work_type: &WorkItemType) -> Result<Item, StoreError> {
    Ok(Item::new(
        keys::work_type(&work_type.key),
        keys::PROFILE,
        &TypeRecord::new(work_type),
    )?
    .with_version(work_type.version.max(1))
    .with_index(
        Index::GSI1,
        keys::WORK_TYPES,
        format!("{}#{}", work_type.name.to_lowercase(), work_type.key),
    ))
}

pub(crate) fn name_claim(name_key: &str, type_key: &str) -> Result<Item, StoreError> {
    Item::new(
        keys::work_type_name(name_key),
        keys::CLAIM,
        &TypeNameClaim {
            key: type_key.into(),
        },
    )
}

fn ignore_existing(outcome: Result<(), StoreError>) -> Result<(), CoreError> {
    match outcome {
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
