//! Handling a work item beyond its workflow's statuses: its priority, and who is in charge of
//! it — one at a time, or a page of work orders at once (seed 003's batch change of owner,
//! where each order the user may not change is refused on its own, with why).

use std::collections::BTreeSet;

use worklane_domain::{
    BatchOwnerRequest, BatchOwnerResult, FieldErrors, OwnerRequest, PriorityRequest, RefusedRow,
    StatusKind, Timestamp, UserId, WorkItemView,
};

use super::{Changes, TypeRules, WorkItems, conflict, refuse_merged};
use crate::users::Users;
use crate::{Access, CoreError, Object};

impl WorkItems<'_> {
    /// Sets the item's priority, on `request.version`: like a status change, only while it
    /// is neither locked nor void.
    pub async fn set_priority(
        &self,
        access: &Access,
        number: u64,
        request: PriorityRequest,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let (old, rules) = self.load_to_handle(access, number).await?;
        refuse_merged(&old)?;
        if old.version != request.version {
            return Err(conflict(&old));
        }
        refuse_unhandled(&old, &rules, "priority")?;
        let mut new = old.clone();
        new.priority = request.priority;
        let mut changes = Changes::new(actor, Timestamp::now());
        changes.record(
            "priority",
            Some(old.priority.label().into()),
            Some(new.priority.label().into()),
        );
        self.save(access, old, new, &rules, changes).await
    }

    /// Hands the item to `request.owner_id`, on `request.version`. Allowed while locked: the
    /// seed sets conditions on handling a work order, not on assigning it.
    pub async fn change_owner(
        &self,
        access: &Access,
        number: u64,
        request: OwnerRequest,
    ) -> Result<WorkItemView, CoreError> {
        if !Users::new(self.store).is_active(&request.owner_id).await? {
            return Err(FieldErrors::single("owner_id", "choose an active user").into());
        }
        let (old, rules) = self.load_to_handle(access, number).await?;
        refuse_merged(&old)?;
        if old.version != request.version {
            return Err(conflict(&old));
        }
        self.hand_over(access, old, &rules, &request.owner_id).await
    }

    /// Hands each of `request.numbers` (work orders) to `request.owner_id`, each on its
    /// current version in its own transaction; those that cannot be are refused one by one.
    pub async fn change_owners(
        &self,
        access: &Access,
        request: BatchOwnerRequest,
    ) -> Result<BatchOwnerResult, CoreError> {
        let distinct: BTreeSet<u64> = request.numbers.iter().copied().collect();
        let mut errors = FieldErrors::new();
        if request.numbers.is_empty() || request.numbers.len() > BatchOwnerRequest::MAX {
            errors.add(
                "numbers",
                format!("choose 1 to {} work orders", BatchOwnerRequest::MAX),
            );
        } else if distinct.len() != request.numbers.len() {
            errors.add("numbers", "name each work order once");
        }
        if !Users::new(self.store).is_active(&request.owner_id).await? {
            errors.add("owner_id", "choose an active user");
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let mut result = BatchOwnerResult {
            changed: Vec::new(),
            refused: Vec::new(),
        };
        for number in request.numbers {
            match self.hand_over_now(access, number, &request.owner_id).await {
                Ok(view) => result.changed.push(view),
                Err(refusal) => match refused(number, refusal) {
                    Ok(row) => result.refused.push(row),
                    Err(e) => return Err(e),
                },
            }
        }
        Ok(result)
    }

    /// Hands work order `number` as it is now to `owner`, reading it again once if it changed
    /// meanwhile.
    async fn hand_over_now(
        &self,
        access: &Access,
        number: u64,
        owner: &UserId,
    ) -> Result<WorkItemView, CoreError> {
        let mut attempt = 0;
        loop {
            let (old, rules) = self.load_to_handle(access, number).await?;
            if rules.object() != Object::WorkOrder {
                return Err(CoreError::WrongState {
                    message: format!("work item {number} is not a work order"),
                    current: serde_json::to_value(&old).unwrap_or_default(),
                });
            }
            refuse_merged(&old)?;
            match self.hand_over(access, old, &rules, owner).await {
                Err(CoreError::Conflict { .. }) if attempt == 0 => attempt += 1,
                outcome => return outcome,
            }
        }
    }

    /// Writes `old` handed to `owner` (who leaves its related team if they were on it).
    async fn hand_over(
        &self,
        access: &Access,
        old: WorkItemView,
        rules: &TypeRules,
        owner: &UserId,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let mut new = old.clone();
        new.assignee_id = owner.clone();
        new.team.retain(|m| m != owner);
        new.team_read.retain(|m| m != owner);
        let mut changes = Changes::new(actor, Timestamp::now());
        changes.record(
            "assignee",
            Some(old.assignee_id.to_string()),
            Some(new.assignee_id.to_string()),
        );
        self.save_for(access, actor, old, new, rules, changes).await
    }
}

/// Refuses handling an item that is locked or void (seed 003: only a normal, unlocked work
/// order is handled), under `field`.
fn refuse_unhandled(view: &WorkItemView, rules: &TypeRules, field: &str) -> Result<(), CoreError> {
    if view.locked {
        return Err(FieldErrors::single(
            field,
            "this item is locked; unlock it before handling it",
        )
        .into());
    }
    if let Some(status) = rules.workflow.status(&view.status)
        && status.kind == StatusKind::Void
    {
        return Err(FieldErrors::single(
            field,
            format!(
                "the item is {}; a void item cannot be handled",
                status.label
            ),
        )
        .into());
    }
    Ok(())
}

/// One row of a batch refused, with why; an error that is not about the row (the store
/// failing) ends the batch.
fn refused(number: u64, error: CoreError) -> Result<RefusedRow, CoreError> {
    let (code, message) = match error {
        CoreError::NotFound(_) => (
            "not_found",
            format!("there is no work order {number} you can see"),
        ),
        CoreError::Forbidden(why) => ("forbidden", why),
        CoreError::Merged { into, .. } => (
            "merged",
            format!("work order {number} was merged into {into}; change that one"),
        ),
        CoreError::WrongState { message, .. } => ("not_a_work_order", message),
        CoreError::Conflict { .. } | CoreError::Busy => (
            "conflict",
            format!("work order {number} kept changing while saving; try it again"),
        ),
        other => return Err(other),
    };
    Ok(RefusedRow {
        number,
        code: code.into(),
        message,
    })
}
