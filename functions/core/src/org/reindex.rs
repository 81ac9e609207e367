//! Re-indexing after the organisation changed. Whom a contact is visible to follows from the
//! places of its owner and team members in the chart, so a change reaches only the contacts
//! seen through the scope of a user whose place it altered: those contacts get their scope
//! entries rewritten, a page at a time, by a job whose progress is stored, so any process may
//! resume it and the admin sees how far it got.

use std::collections::BTreeSet;

use futures_util::future::try_join_all;
use serde::{Deserialize, Serialize};
use worklane_domain::{OrgChart, OrgIndex, ReindexProgress, UserId};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use super::{OrgCache, Organisation};
use crate::access::scopes_of;
use crate::{Accounts, Contacts, CoreError, Holding, WorkItems, keys, retry, scope_entries};

/// The job as stored: the owners still to do (the first one from `cursor`), and counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ReindexRecord {
    owners: Vec<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    /// Which of the first owner's records are being done: their contacts, then their accounts,
    /// then their items.
    #[serde(default)]
    phase: Phase,
    owners_total: u64,
    owners_done: u64,
    records_done: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Phase {
    #[default]
    Contacts,
    Accounts,
    WorkItems,
}

impl ReindexRecord {
    fn progress(&self) -> ReindexProgress {
        ReindexProgress {
            running: !self.owners.is_empty(),
            owners_total: self.owners_total,
            owners_done: self.owners_done,
            records_done: self.records_done,
        }
    }
}

/// How far the one-time migration of stored contacts to scope entries got.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ScopeMigration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(default)]
    contacts_done: bool,
    /// The work items up to this number are done.
    #[serde(default)]
    items_done: u64,
    #[serde(default)]
    items_complete: bool,
}

/// The owners whose contacts' scopes differ between the chart `before` and `after`.
pub(crate) fn owners_affected(before: &OrgChart, after: &OrgChart) -> Vec<UserId> {
    let (old, new) = (OrgIndex::new(before), OrgIndex::new(after));
    let mut named: BTreeSet<&UserId> = before.users_named().into_keys().collect();
    named.extend(after.users_named().into_keys());
    named
        .into_iter()
        .filter(|user| {
            let holding = Holding::contact(user);
            scopes_of(holding, &old) != scopes_of(holding, &new)
        })
        .cloned()
        .collect()
}

/// The re-index job of one store.
pub struct Reindex<'a> {
    store: &'a dyn ItemStore,
    cache: &'a OrgCache,
}

impl<'a> Reindex<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore, cache: &'a OrgCache) -> Self {
        Self { store, cache }
    }

    async fn load(&self) -> Result<(ReindexRecord, u64), CoreError> {
        Ok(match self.store.get(keys::JOBS, keys::REINDEX).await? {
            Some(item) => (item.decode()?, item.version),
            None => (ReindexRecord::default(), 0),
        })
    }

    /// Saves the job as `change` leaves it, retrying when a step or a plan saved first.
    async fn update(
        &self,
        mut change: impl FnMut(&mut ReindexRecord),
    ) -> Result<ReindexRecord, CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            let (mut record, version) = self.load().await?;
            change(&mut record);
            let condition = match version {
                0 => Condition::NotExists,
                v => Condition::VersionIs(v),
            };
            let item = Item::new(keys::JOBS, keys::REINDEX, &record)?.with_version(version + 1);
            match self.store.put(item, condition).await {
                Ok(()) => return Ok(record),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// Adds `owners` to the job (after the chart changed); the owner in progress starts over,
    /// as their scopes may have changed again.
    pub(crate) async fn plan(&self, owners: Vec<UserId>) -> Result<ReindexProgress, CoreError> {
        if owners.is_empty() {
            return self.progress().await;
        }
        let record = self
            .update(|job| {
                if job.owners.is_empty() {
                    *job = ReindexRecord::default();
                }
                for owner in &owners {
                    if !job.owners.contains(owner) {
                        job.owners.push(owner.clone());
                        job.owners_total += 1;
                    }
                }
                job.cursor = None;
                job.phase = Phase::Contacts;
            })
            .await?;
        Ok(record.progress())
    }

    pub async fn progress(&self) -> Result<ReindexProgress, CoreError> {
        Ok(self.load().await?.0.progress())
    }

    /// Re-indexes up to `batch` contacts of the first owner still to do. Returns the progress
    /// after the step, or `None` when there was nothing to do.
    pub async fn step(&self, batch: usize) -> Result<Option<ReindexProgress>, CoreError> {
        let (job, _) = self.load().await?;
        let Some(owner) = job.owners.first().cloned() else {
            return Ok(None);
        };
        let org = Organisation::new(self.store, self.cache).current().await?;
        let (done, next) = match job.phase {
            Phase::Contacts => {
                let contacts = Contacts::new(self.store);
                let (ids, next) = contacts
                    .seen_by_user(&owner, job.cursor.clone(), batch)
                    .await?;
                // A page's records are independent: read at once, written in few commits.
                let writes =
                    try_join_all(ids.iter().map(|id| contacts.writes_to_rescope(id, &org))).await?;
                scope_entries::commit(self.store, writes.concat()).await?;
                (ids.len(), next)
            }
            Phase::Accounts => {
                let accounts = Accounts::new(self.store);
                let (ids, next) = accounts
                    .seen_by_user(&owner, job.cursor.clone(), batch)
                    .await?;
                let writes =
                    try_join_all(ids.iter().map(|id| accounts.writes_to_rescope(id, &org))).await?;
                scope_entries::commit(self.store, writes.concat()).await?;
                (ids.len(), next)
            }
            Phase::WorkItems => {
                let items = WorkItems::new(self.store);
                let (numbers, next) = items
                    .seen_by_user(&owner, job.cursor.clone(), batch)
                    .await?;
                let writes =
                    try_join_all(numbers.iter().map(|n| items.writes_to_rescope(*n, &org))).await?;
                scope_entries::commit(self.store, writes.concat()).await?;
                (numbers.len(), next)
            }
        };
        let (started_from, started_in) = (job.cursor.clone(), job.phase);
        let record = self
            .update(|now| {
                // A plan since the page was read restarted this owner: leave it to the next step.
                if now.owners.first() != Some(&owner)
                    || now.cursor != started_from
                    || now.phase != started_in
                {
                    return;
                }
                now.records_done += done as u64;
                match (&next, now.phase) {
                    (Some(cursor), _) => now.cursor = Some(cursor.clone()),
                    (None, Phase::Contacts) => {
                        now.phase = Phase::Accounts;
                        now.cursor = None;
                    }
                    (None, Phase::Accounts) => {
                        now.phase = Phase::WorkItems;
                        now.cursor = None;
                    }
                    (None, Phase::WorkItems) => {
                        now.owners.remove(0);
                        now.owners_done += 1;
                        now.cursor = None;
                        now.phase = Phase::Contacts;
                    }
                }
            })
            .await?;
        Ok(Some(record.progress()))
    }

    /// Gives every contact and work item stored before records had scope entries their
    /// entries, once per store, a page at a time, resuming where a stopped run left off.
    /// Returns how many records this run re-indexed.
    pub async fn migrate_stored_contacts(&self) -> Result<u64, CoreError> {
        let mut migration: ScopeMigration = match self
            .store
            .get(keys::JOBS, keys::CONTACT_SCOPES_MIGRATION)
            .await?
        {
            Some(item) => item.decode()?,
            None => ScopeMigration::default(),
        };
        let org = Organisation::new(self.store, self.cache).current().await?;
        let contacts = Contacts::new(self.store);
        let mut rewritten = 0;
        while !migration.contacts_done {
            let (ids, next) = contacts.all_ids(migration.cursor.clone(), 100).await?;
            for id in &ids {
                if contacts.rescope(id, &org).await? {
                    rewritten += 1;
                }
            }
            migration.contacts_done = next.is_none();
            migration.cursor = next;
            self.save_migration(keys::CONTACT_SCOPES_MIGRATION, &migration)
                .await?;
        }
        rewritten += self
            .rescope_items(keys::CONTACT_SCOPES_MIGRATION, &mut migration, &org)
            .await?;
        Ok(rewritten)
    }

    /// Gives the work orders stored before the Work Orders list existed their list entries
    /// (and every item its last update), once per store, resuming where a stopped run left
    /// off. Returns how many items this run re-indexed.
    pub async fn migrate_work_order_lists(&self) -> Result<u64, CoreError> {
        let key = keys::WORK_ORDER_LISTS_MIGRATION;
        let mut migration: ScopeMigration = match self.store.get(keys::JOBS, key).await? {
            Some(item) => item.decode()?,
            None => ScopeMigration::default(),
        };
        let org = Organisation::new(self.store, self.cache).current().await?;
        self.rescope_items(key, &mut migration, &org).await
    }

    /// Brings the entries of every work item not yet done by `migration` up to date, saving
    /// its progress under `key` a hundred at a time.
    async fn rescope_items(
        &self,
        key: &str,
        migration: &mut ScopeMigration,
        org: &OrgIndex,
    ) -> Result<u64, CoreError> {
        // Work items are numbered from 1 to the last number given; those made after the
        // migration started were made with their entries.
        let items = WorkItems::new(self.store);
        let last = match migration.items_complete {
            true => 0,
            false => items.last_number().await?,
        };
        let mut rewritten = 0;
        while migration.items_done < last {
            let to = (migration.items_done + 100).min(last);
            for number in migration.items_done + 1..=to {
                if items.rescope(number, org).await? {
                    rewritten += 1;
                }
            }
            migration.items_done = to;
            self.save_migration(key, migration).await?;
        }
        if !migration.items_complete {
            migration.items_complete = true;
            self.save_migration(key, migration).await?;
        }
        Ok(rewritten)
    }

    async fn save_migration(&self, key: &str, migration: &ScopeMigration) -> Result<(), CoreError> {
        let item = Item::new(keys::JOBS, key, migration)?;
        self.store.put(item, Condition::Always).await?;
        Ok(())
    }

    /// Runs the job to its end (the tests, and a process with nothing else to do).
    pub async fn run(&self) -> Result<ReindexProgress, CoreError> {
        while self.step(100).await?.is_some() {}
        self.progress().await
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::{Sharing, SharingDefaults, SharingSettings};
    use worklane_store::{Query, Write};

    use crate::interactions::tests::{access, contact, setup};
    use crate::{ContactFilter, keys};

    #[tokio::test]
    async fn contacts_stored_before_scopes_are_given_them_once() {
        let s = setup().await;
        let rep = &s.reps[0];
        let stored = contact(&s.app, rep, "Old Client", "old@example.com").await;
        // As stored before this version: the contact without its scope entries.
        let partition = keys::contact(&stored.id);
        let entries = s
            .app
            .store
            .query(Query::partition(&partition).begins_with(keys::CONTACT_SCOPE_PREFIX))
            .await
            .unwrap();
        assert!(!entries.items.is_empty());
        for item in entries.items {
            let delete = Write::Delete {
                pk: item.pk,
                sk: item.sk,
                condition: worklane_store::Condition::Always,
            };
            s.app.store.transact(vec![delete]).await.unwrap();
        }
        let private = SharingSettings {
            defaults: SharingDefaults {
                contacts: Sharing::Private,
                ..SharingDefaults::default()
            },
            version: 0,
        };
        s.app.sharing().save(&s.admin, private).await.unwrap();
        let rep = access(&s.app, rep.actor().unwrap().clone()).await;
        let contacts = s.app.contacts();
        let listed = || contacts.list(&rep, ContactFilter::default());
        assert!(listed().await.unwrap().items.is_empty());

        let organisation = s.app.organisation();
        let reindex = organisation.reindex();
        assert_eq!(reindex.migrate_stored_contacts().await.unwrap(), 1);
        assert_eq!(listed().await.unwrap().items.len(), 1);
        assert_eq!(reindex.migrate_stored_contacts().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn work_orders_stored_before_their_lists_join_them_once() {
        let s = setup().await;
        let rep = &s.reps[0];
        let stored = contact(&s.app, rep, "Old Client", "old@example.com").await;
        let request = worklane_domain::NewWorkItemRequest {
            type_key: "work-order".into(),
            description: "Fix the old boiler".into(),
            assignee_id: None,
        };
        let order = s
            .app
            .work_items()
            .create(&s.admin, &stored.id, request)
            .await
            .unwrap();
        let items = s.app.work_items();
        let mine = || {
            items.work_orders(
                &s.admin,
                worklane_domain::WorkOrderScene::MyResponsible,
                None,
                None,
            )
        };
        assert_eq!(mine().await.unwrap().items.len(), 1);
        // As stored before this version: the order without its list entries.
        let partition = keys::work_item(order.number);
        let lists = s
            .app
            .store
            .query(Query::partition(&partition).begins_with(keys::WORK_ORDER_LIST_PREFIX))
            .await
            .unwrap();
        assert!(lists.items.len() >= 3);
        for item in lists.items {
            let delete = Write::Delete {
                pk: item.pk,
                sk: item.sk,
                condition: worklane_store::Condition::Always,
            };
            s.app.store.transact(vec![delete]).await.unwrap();
        }
        assert!(mine().await.unwrap().items.is_empty());

        let organisation = s.app.organisation();
        let reindex = organisation.reindex();
        assert_eq!(reindex.migrate_work_order_lists().await.unwrap(), 1);
        assert_eq!(mine().await.unwrap().items.len(), 1);
        assert_eq!(reindex.migrate_work_order_lists().await.unwrap(), 0);
    }
}
