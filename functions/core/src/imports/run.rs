//! One run of a source: take its lease, read at most a page of records after its cursor, and
//! make each one work item — its (source, external id) claimed in the transaction that
//! creates the item (and, for a new lead, the contact and its email claim) — moving the
//! cursor past each record as it is finished. A record that cannot be imported is logged
//! with its reason and never holds up the ones behind it; a source that cannot be read fails
//! the run visibly and leaves the cursor where it was.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ContactFields, ContactId, ContactKind, ImportRecordView, ImportRunView, ImportSource,
    PersonName, RecordOutcome, RunState, RunTrigger, StatusKind, TeamMember, UserId,
    WorkItemReference,
};
use worklane_store::{Condition, Item, ItemStore, Write};

use super::decode::{Decoded, Incoming, decode};
use super::log::RunLog;
use super::ports::{Connection, Position, RawRecord, SourceError, SourceReader};
use super::queue;
use super::routing;
use super::state::SourceStates;
use crate::work_items::{NewItem, TypeRules};
use crate::{Access, Contacts, CoreError, SystemTask, WorkItems, keys, retry};

/// Who imported items are made by: the imports, not a person.
pub const IMPORTS_USER: &str = "system-imports";

/// An imported record's claim: which work item it became.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Claim {
    pub work_item: u64,
    pub contact_id: ContactId,
}

/// What a run needs besides the store: the source's reader and connection.
pub(crate) struct Run<'a> {
    pub store: &'a dyn ItemStore,
    pub source: ImportSource,
    pub connection: &'a Connection,
    pub reader: &'a dyn SourceReader,
}

/// Why a run did not start.
pub(crate) enum NotRun {
    /// Another run of the source holds its lease.
    Busy,
}

impl Run<'_> {
    /// Runs once, under the source's lease.
    pub async fn go(
        &self,
        trigger: RunTrigger,
    ) -> Result<Result<ImportRunView, NotRun>, CoreError> {
        self.leased(self.next_records(trigger)).await
    }

    /// Does `work` (a future, so nothing of it starts before) holding the source's lease,
    /// and gives the lease back however the work ended; busy if another run holds it.
    async fn leased(
        &self,
        work: impl Future<Output = Result<ImportRunView, CoreError>>,
    ) -> Result<Result<ImportRunView, NotRun>, CoreError> {
        let states = SourceStates::new(self.store);
        let token = uuid::Uuid::new_v4().simple().to_string();
        if !states.take_lease(self.source, &token).await? {
            return Ok(Err(NotRun::Busy));
        }
        let result = work.await;
        states.release_lease(self.source, &token).await?;
        result.map(Ok)
    }

    async fn next_records(&self, trigger: RunTrigger) -> Result<ImportRunView, CoreError> {
        let mut log = RunLog::start(self.store, self.source, trigger).await?;
        let (state, _) = SourceStates::new(self.store).load(self.source).await?;
        let records = match self
            .reader
            .after(state.cursor.as_ref(), self.source.per_run())
            .await
        {
            Ok(records) => records,
            Err(error) => return self.fail(log, &error).await,
        };
        log.run.counts.fetched = u32::try_from(records.len()).unwrap_or(u32::MAX);
        let mut intake = Intake::new(self.store, self.source).await?;
        // Those who waited longest go first.
        let waiting = queue::oldest(self.store, self.source.type_key()).await?;
        for view in intake.drain(waiting).await? {
            log.record(view).await?;
        }
        for (n, record) in records.into_iter().enumerate() {
            let decoded = decode(self.source, &record.body, n + 1, self.connection);
            // A store failure stops the run here: the cursor stays before this record.
            let view = match intake.take_in(decoded).await {
                Ok(view) => view,
                Err(error) => {
                    return log
                        .finish(RunState::Failed {
                            reason: format!("the run stopped at a record: {error}"),
                        })
                        .await;
                }
            };
            log.record(view).await?;
            self.advance(&record).await?;
        }
        log.finish(RunState::Completed).await
    }

    /// Imports one record again (a failed record an admin retries), as a run of its own.
    pub async fn retry(
        &self,
        external_id: &str,
    ) -> Result<Result<ImportRunView, NotRun>, CoreError> {
        self.leased(self.record_again(external_id)).await
    }

    async fn record_again(&self, external_id: &str) -> Result<ImportRunView, CoreError> {
        let mut log = RunLog::start(self.store, self.source, RunTrigger::Retry).await?;
        let body = match self.reader.one(external_id).await {
            Ok(Some(body)) => body,
            Ok(None) => {
                return log
                    .finish(RunState::Failed {
                        reason: format!("the source no longer has the record {external_id}"),
                    })
                    .await;
            }
            Err(error) => return self.fail(log, &error).await,
        };
        log.run.counts.fetched = 1;
        let decoded = decode(self.source, &body, 1, self.connection);
        let mut intake = Intake::new(self.store, self.source).await?;
        let view = intake.take_in(decoded).await?;
        log.record(view).await?;
        log.finish(RunState::Completed).await
    }

    async fn fail(&self, log: RunLog<'_>, error: &SourceError) -> Result<ImportRunView, CoreError> {
        tracing::warn!(source = self.source.key(), %error, "an import could not read its source");
        log.finish(RunState::Failed {
            reason: error.to_string(),
        })
        .await
    }

    /// Moves the cursor just past `record`, whatever else changed in the source's state.
    async fn advance(&self, record: &RawRecord) -> Result<(), CoreError> {
        SourceStates::new(self.store)
            .update(self.source, |state| {
                if later_or_same(state.cursor.as_ref(), &record.position) {
                    return false;
                }
                state.cursor = Some(record.position.clone());
                true
            })
            .await
    }
}

/// Whether the stored cursor is already at or past `position` (a retried record, or a run
/// that overlapped after a lease expired, never moves it back).
fn later_or_same(cursor: Option<&Position>, position: &Position) -> bool {
    match (cursor, position) {
        (Some(Position::Sequence { seq: a }), Position::Sequence { seq: b }) => a >= b,
        (Some(Position::Updated { at: a, id: x }), Position::Updated { at: b, id: y }) => {
            (a, x) >= (b, y)
        }
        _ => false,
    }
}

/// Turns decoded records into work items: what it learns once per run (the team, the type's
/// rules and routing) is kept for the next record.
pub(crate) struct Intake<'a> {
    store: &'a dyn ItemStore,
    source: ImportSource,
    system: Access,
    team: Vec<TeamMember>,
    rules: TypeRules,
    priority: worklane_domain::Priority,
    settings: worklane_domain::RoutingSettings,
}

impl<'a> Intake<'a> {
    pub async fn new(
        store: &'a dyn ItemStore,
        source: ImportSource,
    ) -> Result<Intake<'a>, CoreError> {
        let type_key = source.type_key();
        Ok(Intake {
            store,
            source,
            system: Access::system(SystemTask::Imports),
            team: crate::users::Users::new(store).team().await?,
            rules: WorkItems::new(store).type_rules(type_key).await?,
            priority: crate::Catalog::new(store)
                .work_type(type_key)
                .await?
                .priority,
            settings: routing::settings(store, type_key).await?,
        })
    }

    /// What became of one record; an error only when the store failed.
    pub async fn take_in(&mut self, decoded: Decoded) -> Result<ImportRecordView, CoreError> {
        let external_id = decoded.external_id().to_string();
        let (incoming, cart_only) = match decoded {
            Decoded::Failed {
                external_id,
                email,
                reason,
            } => {
                return Ok(ImportRecordView {
                    retryable: !external_id.starts_with('('),
                    external_id,
                    email,
                    outcome: RecordOutcome::Failed { reason },
                });
            }
            Decoded::Import(incoming) => (incoming, None),
            Decoded::CartOnly(incoming, why) => (incoming, Some(why)),
        };
        let email = Some(incoming.email.to_string());
        let outcome = self.outcome(&incoming, cart_only).await?;
        Ok(ImportRecordView {
            retryable: matches!(outcome, RecordOutcome::Failed { .. }),
            external_id,
            email,
            outcome,
        })
    }

    async fn outcome(
        &mut self,
        incoming: &Incoming,
        cart_only: Option<String>,
    ) -> Result<RecordOutcome, CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            if let Some(claim) = self.claim(&incoming.external_id).await? {
                return self.imported_before(claim, incoming).await;
            }
            if let Some(why) = &cart_only {
                return Ok(RecordOutcome::Skipped {
                    reason: format!("not imported: {why}"),
                });
            }
            if queue::is_waiting(self.store, self.source, &incoming.external_id).await? {
                return Ok(RecordOutcome::Queued {
                    reason: "it already waits in the queue for someone who can receive it".into(),
                });
            }
            match self.create(incoming, None).await? {
                Created::Done(outcome) => return Ok(outcome),
                Created::Nobody(reason) => {
                    let type_key = self.source.type_key();
                    queue::enqueue(self.store, type_key, self.source, incoming).await?;
                    return Ok(RecordOutcome::Queued { reason });
                }
                // Another run made the claim, the contact or gave someone an item meanwhile:
                // look again.
                Created::Raced => retry::pause(attempt).await,
            }
        }
        Err(CoreError::Busy)
    }

    async fn claim(&self, external_id: &str) -> Result<Option<Claim>, CoreError> {
        Ok(self
            .store
            .get(&keys::import_claim(self.source, external_id), keys::CLAIM)
            .await?
            .map(|item| item.decode())
            .transpose()?)
    }

    /// A record seen before: a cart brings its item's Reference up to date.
    async fn imported_before(
        &self,
        claim: Claim,
        incoming: &Incoming,
    ) -> Result<RecordOutcome, CoreError> {
        let number = claim.work_item;
        if let WorkItemReference::AbandonedCart(cart) = &incoming.reference {
            let references = super::references::References::new(self.store);
            let changed = references.refresh_cart(number, cart).await?;
            let open = self.is_open(number).await?;
            if changed && open {
                return Ok(RecordOutcome::Updated {
                    work_item: number,
                    contact_id: Some(claim.contact_id),
                });
            }
        }
        Ok(RecordOutcome::AlreadyImported {
            work_item: number,
            contact_id: Some(claim.contact_id),
        })
    }

    async fn is_open(&self, number: u64) -> Result<bool, CoreError> {
        let item = WorkItems::new(self.store).get(&self.system, number).await?;
        Ok(item.merged_into.is_none()
            && self
                .rules
                .workflow
                .status(&item.status)
                .is_some_and(|s| s.kind == StatusKind::Open))
    }

    /// Gives out `waiting` (the oldest records in the type's queue), oldest first, while
    /// someone can receive them; answers what became of each.
    pub async fn drain(
        &mut self,
        waiting: Vec<queue::Entry>,
    ) -> Result<Vec<ImportRecordView>, CoreError> {
        let mut done = Vec::new();
        for entry in waiting {
            let incoming = &entry.waiting.incoming;
            let outcome = if self.claim(&incoming.external_id).await?.is_some() {
                // Imported meanwhile (a retry): it waits no more.
                match self.store.transact(entry.removal()).await {
                    Ok(()) | Err(worklane_store::StoreError::ConditionFailed { .. }) => continue,
                    Err(e) => return Err(e.into()),
                }
            } else {
                match self.create(incoming, Some(&entry)).await? {
                    Created::Done(outcome) => outcome,
                    Created::Nobody(_) => break,
                    // Another run gave it out first.
                    Created::Raced => continue,
                }
            };
            done.push(ImportRecordView {
                external_id: incoming.external_id.clone(),
                email: Some(incoming.email.to_string()),
                retryable: matches!(outcome, RecordOutcome::Failed { .. }),
                outcome,
            });
        }
        Ok(done)
    }

    async fn create(
        &mut self,
        incoming: &Incoming,
        from_queue: Option<&queue::Entry>,
    ) -> Result<Created, CoreError> {
        let contacts = Contacts::new(self.store);
        let existing = contacts
            .find_by_email(&self.system, &incoming.email)
            .await?;
        let route = routing::route(
            self.store,
            &self.settings,
            &self.team,
            existing.as_ref().map(|c| &c.owner_id),
        )
        .await?;
        let Some((assignee, assigned_condition)) = route.chosen else {
            return Ok(Created::Nobody(route.decision.reason));
        };
        let imports = UserId::from_raw(IMPORTS_USER);
        let (contact, lead_writes) = match existing {
            Some(contact) => (contact, Vec::new()),
            None => {
                // Named as the person gave it, else by their address.
                let name = incoming
                    .name
                    .clone()
                    .or_else(|| PersonName::parse(incoming.email.as_str()).ok());
                let Some(name) = name else {
                    return Ok(Created::Done(RecordOutcome::Failed {
                        reason:
                            "the record has no name, and its email is too long to name a contact"
                                .into(),
                    }));
                };
                let fields = ContactFields {
                    name,
                    kind: ContactKind::Prospect,
                    emails: vec![incoming.email.clone()],
                    phones: incoming.phone.iter().cloned().collect(),
                    owner_id: None,
                    new_lead: true,
                };
                let (contact, writes) = contacts
                    .lead_writes(&self.system, fields, assignee.clone(), imports.clone())
                    .await?;
                (contact, writes)
            }
        };
        let new_lead = !lead_writes.is_empty();
        let claim_key = keys::import_claim(self.source, &incoming.external_id);
        let contact_id = contact.id.clone();
        let reference = &incoming.reference;
        let decision = &route.decision;
        let extra = |number: u64| -> Result<Vec<Write>, CoreError> {
            let mut writes = vec![Write::Put {
                item: Item::new(
                    claim_key.clone(),
                    keys::CLAIM,
                    &Claim {
                        work_item: number,
                        contact_id: contact_id.clone(),
                    },
                )?,
                condition: Condition::NotExists,
            }];
            writes.extend(lead_writes.iter().cloned());
            writes.extend(from_queue.map(queue::Entry::removal).unwrap_or_default());
            writes.extend(super::references::References::writes(
                number, reference, decision,
            )?);
            Ok(writes)
        };
        let new = NewItem {
            type_key: self.source.type_key().into(),
            priority: self.priority,
            contact_id: contact.id.clone(),
            contact_name: contact.name.to_string(),
            description: incoming.description.clone(),
            account_id: None,
            assignee,
            read: false,
            created_by: imports,
            assigned_condition,
        };
        match WorkItems::new(self.store)
            .commit_new(&self.system, new, &self.rules, &extra)
            .await?
        {
            Ok(view) => Ok(Created::Done(RecordOutcome::Created {
                work_item: view.number,
                contact_id: contact.id,
                new_lead,
            })),
            Err(_) => Ok(Created::Raced),
        }
    }
}

enum Created {
    Done(RecordOutcome),
    /// Nobody can receive it; why.
    Nobody(String),
    Raced,
}
