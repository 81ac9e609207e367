//! Admins' changes to the catalog: new and edited work item types and workflows, each
//! version-checked. A type's name is claimed, so no two types share one.

use worklane_domain::{
    FieldErrors, WorkItemType, WorkItemTypeEdit, WorkItemTypeInput, Workflow, type_key,
};
use worklane_store::{Condition, StoreError, Write};

use crate::Access;
use crate::catalog::{name_claim, type_item, workflow_item};
use crate::{Catalog, CoreError, keys};

const NAME_TAKEN: &str = "a type with this name exists";

impl Catalog<'_> {
    async fn workflow_keys(&self) -> Result<Vec<String>, CoreError> {
        Ok(self.workflows().await?.into_iter().map(|w| w.key).collect())
    }

    /// A new type in the "Manually Created" category, keyed by its name.
    pub async fn create_type(
        &self,
        access: &Access,
        input: WorkItemTypeInput,
    ) -> Result<WorkItemType, CoreError> {
        access.require_admin_to("manage work item types")?;
        let workflows = self.workflow_keys().await?;
        let keys: Vec<&str> = workflows.iter().map(String::as_str).collect();
        let mut work_type = input.validate(&keys)?;
        work_type.version = 1;
        let writes = vec![
            Write::Put {
                item: type_item(&work_type)?,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: name_claim(&work_type.key, &work_type.key)?,
                condition: Condition::NotExists,
            },
        ];
        match self.store.transact(writes).await {
            Ok(()) => Ok(work_type),
            Err(StoreError::ConditionFailed { .. }) => {
                Err(FieldErrors::single("name", NAME_TAKEN).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// An edit of a type made on `edit.version`. The key, the category and the workflow stay.
    pub async fn update_type(
        &self,
        access: &Access,
        key: &str,
        edit: WorkItemTypeEdit,
    ) -> Result<WorkItemType, CoreError> {
        access.require_admin_to("manage work item types")?;
        let current = self.work_type(key).await?;
        if current.version != edit.version {
            return Err(type_conflict(&current));
        }
        let workflows = self.workflow_keys().await?;
        let keys: Vec<&str> = workflows.iter().map(String::as_str).collect();
        let mut edited = edit.input.validate_edit(&current, &keys)?;
        edited.version = current.version + 1;
        let mut writes = vec![Write::Put {
            item: type_item(&edited)?,
            condition: Condition::VersionIs(current.version),
        }];
        let (old_name, new_name) = (type_key(&current.name), type_key(&edited.name));
        if old_name != new_name {
            // A type's own key stays claimed: a new type of that name would need that key.
            if new_name != edited.key {
                writes.push(Write::Put {
                    item: name_claim(&new_name, &edited.key)?,
                    condition: Condition::NotExists,
                });
            }
            if old_name != edited.key {
                writes.push(Write::Delete {
                    pk: keys::work_type_name(&old_name),
                    sk: keys::CLAIM.into(),
                    condition: Condition::Always,
                });
            }
        }
        match self.store.transact(writes).await {
            Ok(()) => Ok(edited),
            Err(StoreError::ConditionFailed { write: 0 }) => {
                Err(type_conflict(&self.work_type(key).await?))
            }
            Err(StoreError::ConditionFailed { .. }) => {
                Err(FieldErrors::single("name", NAME_TAKEN).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A new workflow, checked whole.
    pub async fn create_workflow(
        &self,
        access: &Access,
        mut workflow: Workflow,
    ) -> Result<Workflow, CoreError> {
        access.require_admin_to("manage workflows")?;
        workflow.validate()?;
        workflow.version = 1;
        match self
            .store
            .put(workflow_item(&workflow)?, Condition::NotExists)
            .await
        {
            Ok(()) => Ok(workflow),
            Err(StoreError::ConditionFailed { .. }) => Err(FieldErrors::single(
                "key",
                format!("a workflow with the key {} exists", workflow.key),
            )
            .into()),
            Err(e) => Err(e.into()),
        }
    }

    /// The next version of the workflow `key`, made on `workflow.version`: it keeps every
    /// status it had (see [`Workflow::validate_revision`]).
    pub async fn update_workflow(
        &self,
        access: &Access,
        key: &str,
        mut workflow: Workflow,
    ) -> Result<Workflow, CoreError> {
        access.require_admin_to("manage workflows")?;
        let current = self.workflow(key).await?;
        if current.version != workflow.version {
            return Err(workflow_conflict(&current));
        }
        workflow.validate_revision(&current)?;
        workflow.version = current.version + 1;
        match self
            .store
            .put(
                workflow_item(&workflow)?,
                Condition::VersionIs(current.version),
            )
            .await
        {
            Ok(()) => Ok(workflow),
            Err(StoreError::ConditionFailed { .. }) => {
                Err(workflow_conflict(&self.workflow(key).await?))
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn type_conflict(current: &WorkItemType) -> CoreError {
    CoreError::Conflict {
        what: "this work item type",
        current: serde_json::to_value(current).unwrap_or_default(),
    }
}

fn workflow_conflict(current: &Workflow) -> CoreError {
    CoreError::Conflict {
        what: "this workflow",
        current: serde_json::to_value(current).unwrap_or_default(),
    }
}
