//! Merging duplicates (seed 004: no ticket is ever deleted; duplicates are merged). The
//! duplicate is kept, marked `merged_into`, leaves every open list and can no longer be
//! changed. Its history is copied to the item it was merged into, so that item's Action tab
//! shows both: as much as fits in the merging transaction, the rest in batches after it.
//! Copies are keyed by the original entries, so copying again (a retried merge) overwrites
//! them rather than adding more.

use worklane_domain::{FieldErrors, HistoryEntry, MergeRequest, Timestamp, WorkItemView};
use worklane_store::{Condition, Item, MAX_TRANSACTION_WRITES, Query, StoreError, Write};

use super::{WorkItems, conflict, refuse_merged};
use crate::Access;
use crate::{Actor, CoreError, keys};

/// Attempts when the item merged into changes while merging.
const ATTEMPTS: usize = 5;

fn entry(actor: &Actor, at: Timestamp, field: &str, other: u64) -> HistoryEntry {
    HistoryEntry {
        by: actor.id.clone(),
        at,
        field: field.into(),
        from: None,
        to: Some(other.to_string()),
        item: None,
    }
}

/// Why `merged` cannot be merged into `survivor`, field by field.
fn check(merged: &WorkItemView, survivor: &WorkItemView) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let (n, m) = (merged.number, survivor.number);
    if let Some(further) = survivor.merged_into {
        errors.add(
            "into",
            format!("work item {m} was merged into {further}; merge into {further} instead"),
        );
    }
    if survivor.contact_id != merged.contact_id {
        errors.add(
            "into",
            format!(
                "work item {m} is on another contact; only items of the same contact are merged"
            ),
        );
    }
    if survivor.locked {
        errors.add(
            "into",
            format!("work item {m} is locked; unlock it before merging into it"),
        );
    }
    if merged.locked {
        errors.add(
            "locked",
            format!("work item {n} is locked; unlock it before merging it"),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

impl WorkItems<'_> {
    /// Merges item `number` (at `request.version`) into item `request.into` and answers the
    /// merged item. Asking again for a merge that happened finishes copying its history.
    pub async fn merge(
        &self,
        access: &Access,
        number: u64,
        request: MergeRequest,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let into = request.into;
        if into == number {
            return Err(
                FieldErrors::single("into", "a work item can't be merged into itself").into(),
            );
        }
        for _ in 0..ATTEMPTS {
            let (old, rules) = self.load_to_change(access, number).await?;
            if old.merged_into == Some(into) {
                let copies = self.history_copies(number, into).await?;
                self.write_copies(copies).await?;
                return Ok(old);
            }
            refuse_merged(&old)?;
            if old.version != request.version {
                return Err(conflict(&old));
            }
            let survivor = match self.load_to_change(access, into).await {
                Ok((survivor, _)) => survivor,
                Err(CoreError::NotFound(_)) => {
                    return Err(FieldErrors::single(
                        "into",
                        format!("there is no work item {into}"),
                    )
                    .into());
                }
                Err(e) => return Err(e),
            };
            check(&old, &survivor)?;
            let at = Timestamp::now();
            let mut new = old.clone();
            new.merged_into = Some(into);
            new.version = old.version + 1;
            new.updated_at = at;
            let mut writes = vec![
                Write::Put {
                    item: Self::item(&new, &rules)?,
                    condition: Condition::VersionIs(old.version),
                },
                Write::Check {
                    pk: keys::work_item(into),
                    sk: keys::ITEM.into(),
                    condition: Condition::VersionIs(survivor.version),
                },
            ];
            writes.extend(Self::history(
                number,
                at,
                vec![entry(actor, at, "merged_into", into)],
            )?);
            writes.extend(Self::history(
                into,
                at,
                vec![entry(actor, at, "merged_from", number)],
            )?);
            // It leaves the lists of orders still worked (Unresolved, Urgent).
            writes.extend(self.scope_writes(access, &new, &rules, false).await?);
            let mut copies = self.history_copies(number, into).await?;
            let later = copies.split_off(
                copies
                    .len()
                    .min(MAX_TRANSACTION_WRITES.saturating_sub(writes.len())),
            );
            writes.extend(copies);
            match self.store.transact(writes).await {
                Ok(()) => {
                    self.write_copies(later).await?;
                    return Ok(new);
                }
                // The item or the one merged into changed meanwhile: look again.
                Err(StoreError::ConditionFailed { write: 0 | 1 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(
            "the work items kept changing while merging; try again".into(),
        ))
    }

    /// The merged item's history as entries of the item it was merged into, each saying
    /// which item it was recorded on (its own mark of the merge is left out: the survivor
    /// has `merged_from`).
    async fn history_copies(&self, number: u64, into: u64) -> Result<Vec<Write>, CoreError> {
        let mut copies = Vec::new();
        let mut cursor = None;
        loop {
            let query = Query::partition(keys::work_item(number))
                .begins_with(keys::HISTORY_PREFIX)
                .limit(100)
                .after(cursor.take());
            let page = self.store.query(query).await?;
            for stored in &page.items {
                let mut entry: HistoryEntry = stored.decode()?;
                if entry.field == "merged_into" {
                    continue;
                }
                entry.item = entry.item.or(Some(number));
                let item = Item::new(
                    keys::work_item(into),
                    keys::copied_history_entry(&stored.sk, number),
                    &entry,
                )?;
                copies.push(Write::Put {
                    item,
                    condition: Condition::Always,
                });
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(copies),
            }
        }
    }

    /// Writes copies in transactions of at most 100.
    async fn write_copies(&self, mut copies: Vec<Write>) -> Result<(), CoreError> {
        while !copies.is_empty() {
            let rest = copies.split_off(copies.len().min(MAX_TRANSACTION_WRITES));
            self.store.transact(copies).await?;
            copies = rest;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::{HistoryEntry, MergeRequest, WorkItemEdit};

    use crate::Access;
    use crate::work_items::WorkItems;
    use crate::work_items::tests::{setup, support};

    async fn whole_history(
        items: &WorkItems<'_>,
        actor: &Access,
        number: u64,
    ) -> Vec<HistoryEntry> {
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let page = items.history_of(actor, number, cursor).await.unwrap();
            all.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return all,
            }
        }
    }

    #[tokio::test]
    async fn a_long_history_is_copied_in_batches_once_even_when_the_merge_is_asked_again() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        let survivor = items
            .create(&actor, &contact, support("Keep"))
            .await
            .unwrap();
        let mut duplicate = items
            .create(&actor, &contact, support("Dup"))
            .await
            .unwrap();
        for n in 0..150 {
            let edit = WorkItemEdit {
                description: format!("Edit {n}"),
                assignee_id: actor.me().clone(),
                callback_at: None,
                team: Vec::new(),
                team_read: Vec::new(),
                version: duplicate.version,
            };
            duplicate = items.edit(&actor, duplicate.number, edit).await.unwrap();
        }
        let request = MergeRequest {
            into: survivor.number,
            version: duplicate.version,
        };
        items
            .merge(&actor, duplicate.number, request)
            .await
            .unwrap();
        let copied = |history: &[HistoryEntry]| {
            history
                .iter()
                .filter(|h| h.item == Some(duplicate.number))
                .count()
        };
        let history = whole_history(&items, &actor, survivor.number).await;
        assert_eq!(copied(&history), 151, "created and 150 edits");
        assert_eq!(history.len(), 151 + 2, "its own creation and merged_from");
        items
            .merge(&actor, duplicate.number, request)
            .await
            .unwrap();
        assert_eq!(
            whole_history(&items, &actor, survivor.number).await,
            history
        );
    }

    #[tokio::test]
    async fn copies_keep_the_item_they_were_first_recorded_on_when_merged_again() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        let last = items
            .create(&actor, &contact, support("Last"))
            .await
            .unwrap();
        let middle = items
            .create(&actor, &contact, support("Middle"))
            .await
            .unwrap();
        let first = items
            .create(&actor, &contact, support("First"))
            .await
            .unwrap();
        let into = |into: u64, version: u64| MergeRequest { into, version };
        items
            .merge(&actor, first.number, into(middle.number, first.version))
            .await
            .unwrap();
        items
            .merge(&actor, middle.number, into(last.number, middle.version))
            .await
            .unwrap();
        let history = whole_history(&items, &actor, last.number).await;
        let from = |n: u64| history.iter().filter(|h| h.item == Some(n)).count();
        assert_eq!(from(first.number), 1, "first's creation, via middle");
        assert_eq!(from(middle.number), 2, "middle's creation and merged_from");
        assert!(history.iter().all(|h| h.field != "merged_into"));
    }
}
