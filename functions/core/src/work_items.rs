//! Work items: created on a contact, moved through their type's workflow, every change
//! recorded, never deleted; a duplicate is merged into another item (`merge.rs`). My Work
//! Items and its filters are in `mine.rs`.

pub(crate) mod assigned;
mod handling;
mod merge;
mod mine;
mod record;
mod scenes;
mod visibility;

use worklane_domain::{
    CalendarDate, ContactId, FieldErrors, HistoryEntry, InboxEntry, InboxKind, ItemState,
    LockRequest, NewWorkItemRequest, Page, StatusKind, Timestamp, TransitionRequest, UserId,
    WORK_ORDER, WorkItemEdit, WorkItemNote, WorkItemView, Workflow, first_line,
};
use worklane_store::{
    Condition, Cursor, Index, Item, ItemStore, MAX_TRANSACTION_WRITES, Query, StoreError, Write,
};

use crate::catalog::Catalog;
use crate::inbox::{filing, turns};
use crate::users::Users;
use crate::{Access, Actor, Contacts, CoreError, SystemTask, keys, retry};

pub use mine::MyWorkItemsFilter;
use record::WorkItemRecord;

#[derive(serde::Serialize, serde::Deserialize)]
struct Counter {
    last: u64,
}

/// The history entries of one save: every field whose value changed.
struct Changes {
    by: UserId,
    at: Timestamp,
    entries: Vec<HistoryEntry>,
}

impl Changes {
    fn new(actor: &Actor, at: Timestamp) -> Self {
        Self {
            by: actor.id.clone(),
            at,
            entries: Vec::new(),
        }
    }

    fn record(&mut self, field: &str, from: Option<String>, to: Option<String>) {
        if from != to {
            self.entries.push(HistoryEntry {
                by: self.by.clone(),
                at: self.at,
                field: field.into(),
                from,
                to,
                item: None,
            });
        }
    }
}

/// The writes a save keeps free for the assignees' inboxes (filing and unfiling an entry).
const ROOM_FOR_INBOXES: usize = 12;

pub struct WorkItems<'a> {
    store: &'a dyn ItemStore,
}

/// A new item as its creator asked for it, before it has a number.
pub(crate) struct NewItem {
    pub type_key: String,
    pub priority: worklane_domain::Priority,
    pub contact_id: ContactId,
    /// The contact's name, for the assignee's inbox.
    pub contact_name: String,
    pub description: String,
    /// The account a work order is for.
    pub account_id: Option<worklane_domain::AccountId>,
    pub assignee: UserId,
    /// Whether it lands in the assignee's Read (they made it themselves) or Unread.
    pub read: bool,
    pub created_by: UserId,
    /// When the assignee's "last assigned" marker may be written: always, or only if no one
    /// else was routed an item since routing read it.
    pub assigned_condition: Condition,
}

/// A new item's contact, text, assignee and account, checked, before its type is applied.
struct Placed {
    contact: ContactId,
    contact_name: String,
    description: String,
    assignee: Option<UserId>,
    account: Option<worklane_domain::AccountId>,
}

/// What an item's type decides about it: the workflow it follows and the category it is
/// listed under.
pub(crate) struct TypeRules {
    pub(crate) workflow: Workflow,
    category: String,
}

fn today() -> Result<CalendarDate, CoreError> {
    let date = Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let year = u16::try_from(date.year())
        .map_err(|_| CoreError::Internal("the clock is out of range".into()))?;
    CalendarDate::new(year, date.month() as u8, date.day() as u8)
        .ok_or_else(|| CoreError::Internal("the clock gave an impossible date".into()))
}

/// The item's row in its assignee's inbox: Unread, unless the assignee gave it to
/// themselves (they know of it; it goes to their Read as a record).
fn inbox_entry(view: &WorkItemView, contact_name: &str, read: bool, at: Timestamp) -> InboxEntry {
    InboxEntry {
        id: keys::inbox_entry_for_work_item(view.number),
        kind: InboxKind::WorkItem,
        read,
        at,
        contact_id: view.contact_id.clone(),
        contact_name: contact_name.into(),
        work_item: Some(view.number),
        channel: None,
        direction: None,
        first_line: first_line(&view.description),
        interaction_id: None,
        priority: Some(view.priority),
        type_key: Some(view.type_key.clone()),
    }
}

impl<'a> WorkItems<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    async fn load(&self, number: u64) -> Result<(WorkItemView, TypeRules), CoreError> {
        let item = self
            .store
            .get(&keys::work_item(number), keys::ITEM)
            .await?
            .ok_or(CoreError::NotFound("work item"))?;
        let view = item.decode::<WorkItemRecord>()?.view(item.version);
        let rules = self.type_rules(&view.type_key).await?;
        Ok((view, rules))
    }

    pub(crate) async fn type_rules(&self, type_key: &str) -> Result<TypeRules, CoreError> {
        let catalog = Catalog::new(self.store);
        let work_type = catalog.work_type(type_key).await?;
        let workflow = catalog.workflow(&work_type.workflow).await?;
        Ok(TypeRules {
            workflow,
            category: work_type.category,
        })
    }

    /// The item in the contact's list and, while open, in its assignee's lists: all, by type,
    /// by status and by category, each ordered by callback and then age.
    fn item(view: &WorkItemView, rules: &TypeRules) -> Result<Item, StoreError> {
        let record = WorkItemRecord::from(view);
        let mut item = Item::new(keys::work_item(view.number), keys::ITEM, &record)?
            .with_version(view.version)
            .with_index(
                Index::GSI1,
                keys::contact_work_items(&view.contact_id),
                keys::work_item_sort(view.number),
            );
        let open = view.merged_into.is_none()
            && rules
                .workflow
                .status(&view.status)
                .is_some_and(|s| s.kind == StatusKind::Open);
        if open {
            let callback = view.callback_at.map(|t| t.as_nanosecond());
            let sort = keys::by_callback(callback, view.number);
            let assignee = &view.assignee_id;
            item = item
                .with_index(Index::GSI2, keys::open_items_of(assignee), sort.clone())
                .with_index(
                    Index::GSI3,
                    keys::open_items_of_type(assignee, &view.type_key),
                    sort.clone(),
                )
                .with_index(
                    Index::GSI4,
                    keys::open_items_in_status(assignee, &view.status),
                    sort.clone(),
                )
                .with_index(
                    Index::GSI5,
                    keys::open_items_in_category(assignee, &rules.category),
                    sort,
                );
        }
        Ok(item)
    }

    fn history(
        number: u64,
        at: Timestamp,
        changes: Vec<HistoryEntry>,
    ) -> Result<Vec<Write>, StoreError> {
        changes
            .iter()
            .enumerate()
            .map(|(n, entry)| {
                let item = Item::new(
                    keys::work_item(number),
                    keys::history_entry(at.as_nanosecond(), n),
                    entry,
                )?;
                Ok(Write::Put {
                    item,
                    condition: Condition::NotExists,
                })
            })
            .collect()
    }

    /// Creates an item of a type reps may create by hand, in its workflow's initial status,
    /// numbered next in one sequence shared by every item.
    pub async fn create(
        &self,
        access: &Access,
        contact: &ContactId,
        request: NewWorkItemRequest,
    ) -> Result<WorkItemView, CoreError> {
        self.insert(access, contact, request, true).await
    }

    /// Raises an item of any active type, also one reps may not create by hand (a quiz
    /// result, an abandoned cart), as an intake of the website's events would: the same
    /// numbering, indexes and history as [`WorkItems::create`].
    #[cfg(test)]
    pub(crate) async fn raise(
        &self,
        access: &Access,
        contact: &ContactId,
        request: NewWorkItemRequest,
    ) -> Result<WorkItemView, CoreError> {
        self.insert(access, contact, request, false).await
    }

    async fn insert(
        &self,
        access: &Access,
        contact: &ContactId,
        request: NewWorkItemRequest,
        by_hand: bool,
    ) -> Result<WorkItemView, CoreError> {
        let description = worklane_domain::parse_description(&request.description)?;
        let contact_name = Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?
            .name;
        let catalog = Catalog::new(self.store);
        let work_type = match catalog.work_type(&request.type_key).await {
            Ok(t) if t.active && (t.manual || !by_hand) => t,
            Ok(_) => {
                let why = if by_hand {
                    "this type cannot be created by hand"
                } else {
                    "this type is not active"
                };
                return Err(FieldErrors::single("type_key", why).into());
            }
            Err(CoreError::NotFound(_)) => {
                return Err(FieldErrors::single("type_key", "choose a work item type").into());
            }
            Err(e) => return Err(e),
        };
        let placed = Placed {
            contact: contact.clone(),
            contact_name: contact_name.to_string(),
            description,
            assignee: request.assignee_id,
            account: None,
        };
        self.place(access, work_type, placed).await
    }

    /// Creates a work order (seed 003) for a contact `access` may see, and an account it may
    /// see (the contact's, when none is named): service staff raise orders for customers they
    /// do not own.
    pub async fn create_work_order(
        &self,
        access: &Access,
        request: worklane_domain::NewWorkOrderRequest,
    ) -> Result<WorkItemView, CoreError> {
        let mut errors = FieldErrors::new();
        let description = errors.check(
            "description",
            worklane_domain::DESCRIPTION_RULE.check(&request.description),
        );
        let contact = match Contacts::new(self.store)
            .find(access, &request.contact_id)
            .await?
        {
            Some(contact) => Some(contact),
            None => {
                errors.add("contact_id", "choose a contact you can see");
                None
            }
        };
        let accounts = crate::Accounts::new(self.store);
        let account = match (&request.account_id, &contact) {
            (Some(id), _) => match accounts.find(access, id).await? {
                Some(account) => Some(account.id),
                None => {
                    errors.add("account_id", "choose an account you can see");
                    None
                }
            },
            (None, Some(contact)) => contact.account_id.clone(),
            (None, None) => None,
        };
        let type_key = request.type_key.unwrap_or_else(|| WORK_ORDER.to_string());
        let catalog = Catalog::new(self.store);
        let work_type = match catalog.work_type(&type_key).await {
            Ok(t) if t.active && t.manual && t.workflow == WORK_ORDER => Some(t),
            Ok(_) | Err(CoreError::NotFound(_)) => {
                errors.add("type_key", "choose an active type of work order");
                None
            }
            Err(e) => return Err(e),
        };
        let (Some(description), Some(contact), Some(work_type)) = (description, contact, work_type)
        else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let placed = Placed {
            contact: contact.id,
            contact_name: contact.name.to_string(),
            description,
            assignee: request.assignee_id,
            account,
        };
        self.place(access, work_type, placed).await
    }

    /// Writes a new item of `work_type` as `placed` says, assigned to its creator unless it
    /// names an active user.
    async fn place(
        &self,
        access: &Access,
        work_type: worklane_domain::WorkItemType,
        placed: Placed,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let catalog = Catalog::new(self.store);
        let rules = TypeRules {
            workflow: catalog.workflow(&work_type.workflow).await?,
            category: work_type.category.clone(),
        };
        let assignee = placed.assignee.unwrap_or_else(|| actor.id.clone());
        if !Users::new(self.store).is_active(&assignee).await? {
            return Err(FieldErrors::single("assignee_id", "choose an active user").into());
        }
        let new = NewItem {
            type_key: work_type.key.clone(),
            priority: work_type.priority,
            contact_id: placed.contact,
            contact_name: placed.contact_name,
            description: placed.description,
            account_id: placed.account,
            read: assignee == actor.id,
            assignee,
            created_by: actor.id.clone(),
            assigned_condition: Condition::Always,
        };
        match self
            .commit_new(access, new, &rules, &|_| Ok(Vec::new()))
            .await?
        {
            Ok(view) => Ok(view),
            // Only the extra writes (none here) can fail for good.
            Err(_) => Err(CoreError::Busy),
        }
    }

    /// Writes a new item numbered next in the one sequence, in its workflow's initial status,
    /// with its history, scope entries, its assignee's "last assigned" marker and inbox
    /// entry, and the `extra` writes made for its number, in one transaction. When a write of
    /// `extra` (or the marker) fails its condition, nothing is written and its index among
    /// the writes `extra` returned is answered (the marker is `usize::MAX`).
    pub(crate) async fn commit_new(
        &self,
        access: &Access,
        new: NewItem,
        rules: &TypeRules,
        extra: &(dyn Fn(u64) -> Result<Vec<Write>, CoreError> + Sync),
    ) -> Result<Result<WorkItemView, usize>, CoreError> {
        let _turn = turns::take(&new.assignee).await;
        for attempt in 0..retry::ATTEMPTS {
            let counter = self
                .store
                .get(keys::COUNTER, keys::WORK_ITEM_COUNTER)
                .await?;
            let (last, condition) = match &counter {
                Some(item) => (
                    item.decode::<Counter>()?.last,
                    Condition::VersionIs(item.version),
                ),
                None => (0, Condition::NotExists),
            };
            let number = last + 1;
            let now = Timestamp::now();
            let view = WorkItemView {
                number,
                type_key: new.type_key.clone(),
                contact_id: new.contact_id.clone(),
                description: new.description.clone(),
                status: rules.workflow.initial.clone(),
                extension: None,
                priority: new.priority,
                assignee_id: new.assignee.clone(),
                team: Vec::new(),
                team_read: Vec::new(),
                callback_at: None,
                due_date: None,
                closing_reason: None,
                resolution: None,
                locked: false,
                merged_into: None,
                account_id: new.account_id.clone(),
                created_by: new.created_by.clone(),
                created_at: now,
                updated_at: now,
                version: 1,
            };
            let counter_item = Item::new(
                keys::COUNTER,
                keys::WORK_ITEM_COUNTER,
                &Counter { last: number },
            )?
            .with_version(counter.as_ref().map_or(1, |c| c.version + 1));
            let mut writes = vec![
                Write::Put {
                    item: counter_item,
                    condition,
                },
                Write::Put {
                    item: Self::item(&view, rules)?,
                    condition: Condition::NotExists,
                },
            ];
            let created = HistoryEntry {
                by: new.created_by.clone(),
                at: now,
                field: "status".into(),
                from: None,
                to: Some(view.status.clone()),
                item: None,
            };
            writes.extend(Self::history(number, now, vec![created])?);
            writes.extend(self.scope_writes(access, &view, rules, true).await?);
            let marker = writes.len();
            writes.push(assigned::marker(
                &new.assignee,
                now,
                new.assigned_condition,
            )?);
            // It lands in its assignee's inbox in the same transaction.
            let entry = inbox_entry(&view, &new.contact_name, new.read, now);
            writes.extend(filing::file(self.store, &new.assignee, &entry).await?);
            let first_extra = writes.len();
            writes.extend(extra(number)?);
            match self.store.transact(writes).await {
                Ok(()) => return Ok(Ok(view)),
                Err(StoreError::ConditionFailed { write }) if write >= first_extra => {
                    return Ok(Err(write - first_extra));
                }
                Err(StoreError::ConditionFailed { write })
                    if write == marker && new.assigned_condition != Condition::Always =>
                {
                    return Ok(Err(usize::MAX));
                }
                // The number was taken, or the assignee's inbox changed: read both again.
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// The last number given to a work item (0 before the first).
    pub(crate) async fn last_number(&self) -> Result<u64, CoreError> {
        Ok(
            match self
                .store
                .get(keys::COUNTER, keys::WORK_ITEM_COUNTER)
                .await?
            {
                Some(item) => item.decode::<Counter>()?.last,
                None => 0,
            },
        )
    }

    /// The item, if `access` may see it.
    pub async fn get(&self, access: &Access, number: u64) -> Result<WorkItemView, CoreError> {
        Ok(self.load_to_read(access, number).await?.0)
    }

    /// A contact's items, newest first.
    pub async fn for_contact(
        &self,
        access: &Access,
        contact: &ContactId,
        cursor: Option<String>,
    ) -> Result<Page<WorkItemView>, CoreError> {
        // An unknown contact (or an id that cannot be one) is 404, not an empty list.
        crate::Contacts::new(self.store)
            .get(access, contact)
            .await?;
        let query = Query::index(Index::GSI1, keys::contact_work_items(contact))
            .newest_first()
            .limit(100)
            .after(cursor.map(Cursor::from_client));
        let mut page = self.page(query).await?;
        page.items = self.visible(access, page.items).await?;
        Ok(page)
    }

    /// The items of `items` that `access` may see, each type's rules read once.
    async fn visible(
        &self,
        access: &Access,
        items: Vec<WorkItemView>,
    ) -> Result<Vec<WorkItemView>, CoreError> {
        let mut rules: std::collections::HashMap<String, TypeRules> = Default::default();
        let mut visible = Vec::with_capacity(items.len());
        for item in items {
            if !rules.contains_key(&item.type_key) {
                let found = self.type_rules(&item.type_key).await?;
                rules.insert(item.type_key.clone(), found);
            }
            if rules
                .get(&item.type_key)
                .is_some_and(|r| Self::sees(access, &item, r))
            {
                visible.push(item);
            }
        }
        Ok(visible)
    }

    async fn page(&self, query: Query) -> Result<Page<WorkItemView>, CoreError> {
        let page = self.store.query(query).await?;
        let items = page
            .items
            .iter()
            .map(|item| Ok(item.decode::<WorkItemRecord>()?.view(item.version)))
            .collect::<Result<_, CoreError>>()?;
        Ok(Page {
            items,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Moves the item as its workflow allows, records each changed field, and refuses a
    /// stale `version` with the item as it is now.
    pub async fn change_status(
        &self,
        access: &Access,
        number: u64,
        request: TransitionRequest,
        version: u64,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let (old, rules) = self.load_to_handle(access, number).await?;
        refuse_merged(&old)?;
        if old.version != version {
            return Err(conflict(&old));
        }
        let state = ItemState {
            status: &old.status,
            priority: old.priority,
            locked: old.locked,
        };
        let outcome = rules.workflow.transition(state, &request, today()?)?;
        let mut new = old.clone();
        new.status = outcome.status;
        new.extension = outcome.extension;
        new.priority = outcome.priority;
        new.due_date = outcome.due_date.or(old.due_date);
        new.closing_reason = outcome.closing_reason.or(old.closing_reason.clone());
        new.resolution = outcome.resolution.or(old.resolution.clone());
        let mut changes = Changes::new(actor, Timestamp::now());
        changes.record("status", Some(old.status.clone()), Some(new.status.clone()));
        changes.record("extension", old.extension.clone(), new.extension.clone());
        changes.record(
            "priority",
            Some(old.priority.label().into()),
            Some(new.priority.label().into()),
        );
        changes.record(
            "due_date",
            old.due_date.map(|d| d.to_string()),
            new.due_date.map(|d| d.to_string()),
        );
        changes.record(
            "closing_reason",
            old.closing_reason.clone(),
            new.closing_reason.clone(),
        );
        changes.record("resolution", old.resolution.clone(), new.resolution.clone());
        self.save(access, old, new, &rules, changes).await
    }

    /// A rep's edit of description, assignee, callback and team, on `edit.version`.
    pub async fn edit(
        &self,
        access: &Access,
        number: u64,
        edit: WorkItemEdit,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let (old, rules) = self.load_to_change(access, number).await?;
        refuse_merged(&old)?;
        if old.version != edit.version {
            return Err(conflict(&old));
        }
        let description = worklane_domain::parse_description(&edit.description)?;
        let users = Users::new(self.store);
        if edit.assignee_id != old.assignee_id {
            // Handing a work order to someone else is for those who handle them.
            visibility::check_handle(access, &old, &rules)?;
            if !users.is_active(&edit.assignee_id).await? {
                return Err(FieldErrors::single("assignee_id", "choose an active user").into());
            }
        }
        let team = members(&users, "team", edit.team, &old.team).await?;
        // Someone in both lists may change the item: the read list leaves them out.
        let read: Vec<UserId> = edit
            .team_read
            .into_iter()
            .filter(|m| !team.contains(m))
            .collect();
        let team_read = members(&users, "team_read", read, &old.team_read).await?;
        let mut new = old.clone();
        new.description = description;
        new.assignee_id = edit.assignee_id;
        new.callback_at = edit.callback_at;
        new.team = team;
        new.team_read = team_read;
        let mut changes = Changes::new(actor, Timestamp::now());
        changes.record(
            "description",
            Some(old.description.clone()),
            Some(new.description.clone()),
        );
        changes.record(
            "assignee",
            Some(old.assignee_id.to_string()),
            Some(new.assignee_id.to_string()),
        );
        changes.record(
            "callback_at",
            old.callback_at.map(|t| t.to_string()),
            new.callback_at.map(|t| t.to_string()),
        );
        let names = |team: &[UserId]| {
            (!team.is_empty()).then(|| {
                team.iter()
                    .map(UserId::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        changes.record("team", names(&old.team), names(&new.team));
        changes.record("team_read", names(&old.team_read), names(&new.team_read));
        self.save_for(access, actor, old, new, &rules, changes)
            .await
    }

    /// Locks or unlocks an item of a lockable workflow (a work order). An item stays
    /// unlockable if its workflow stopped being lockable.
    pub async fn set_lock(
        &self,
        access: &Access,
        number: u64,
        request: LockRequest,
    ) -> Result<WorkItemView, CoreError> {
        let actor = access.actor()?;
        let (old, rules) = self.load_to_change(access, number).await?;
        refuse_merged(&old)?;
        if old.version != request.version {
            return Err(conflict(&old));
        }
        let workflow = &rules.workflow;
        if request.locked && !workflow.lockable {
            return Err(FieldErrors::single(
                "locked",
                format!("{} items cannot be locked", workflow.name),
            )
            .into());
        }
        let mut new = old.clone();
        new.locked = request.locked;
        let mut changes = Changes::new(actor, Timestamp::now());
        changes.record(
            "locked",
            Some(old.locked.to_string()),
            Some(new.locked.to_string()),
        );
        self.save(access, old, new, &rules, changes).await
    }

    /// Writes `new` over `old` with its history entries in one transaction; nothing changed
    /// writes nothing.
    async fn save(
        &self,
        access: &Access,
        old: WorkItemView,
        new: WorkItemView,
        rules: &TypeRules,
        changes: Changes,
    ) -> Result<WorkItemView, CoreError> {
        self.save_with(access, old, new, rules, changes, None).await
    }

    /// [`Self::save`] by `actor`; an item given to another assignee lands in their inbox in
    /// the same transaction.
    async fn save_for(
        &self,
        access: &Access,
        actor: &Actor,
        old: WorkItemView,
        new: WorkItemView,
        rules: &TypeRules,
        changes: Changes,
    ) -> Result<WorkItemView, CoreError> {
        if new.assignee_id == old.assignee_id {
            return self.save(access, old, new, rules, changes).await;
        }
        // The assignee's inbox names the contact, whoever assigned it.
        let filing = Access::system(SystemTask::FilingInbox);
        let contact = Contacts::new(self.store)
            .find(&filing, &new.contact_id)
            .await?;
        let name = contact.map(|c| c.name.to_string()).unwrap_or_default();
        let entry = inbox_entry(&new, &name, new.assignee_id == actor.id, changes.at);
        self.save_with(access, old, new, rules, changes, Some(entry))
            .await
    }

    /// Writes the item, its history, its scope entries (the assignee, team or status may
    /// change who sees it) and, when given, its inbox entry, in one transaction.
    async fn save_with(
        &self,
        access: &Access,
        old: WorkItemView,
        mut new: WorkItemView,
        rules: &TypeRules,
        changes: Changes,
        entry: Option<InboxEntry>,
    ) -> Result<WorkItemView, CoreError> {
        if changes.entries.is_empty() {
            return Ok(old);
        }
        new.version = old.version + 1;
        new.updated_at = changes.at;
        let mut base = vec![Write::Put {
            item: Self::item(&new, rules)?,
            condition: Condition::VersionIs(old.version),
        }];
        base.extend(Self::history(new.number, changes.at, changes.entries)?);
        // The entries are derived from the item: those beyond one transaction (a large team
        // across a deep organisation) follow it at once.
        let mut entries = self.scope_writes(access, &new, rules, false).await?;
        let room = MAX_TRANSACTION_WRITES.saturating_sub(base.len() + ROOM_FOR_INBOXES);
        let overflow = entries.split_off(entries.len().min(room));
        base.extend(entries);
        if old.assignee_id != new.assignee_id {
            // A hand assignment counts for the round robin too.
            base.push(assigned::marker(
                &new.assignee_id,
                changes.at,
                Condition::Always,
            )?);
        }
        // A reassigned item leaves the previous assignee's inbox as it enters the new one's.
        let previous = (entry.is_some() && old.assignee_id != new.assignee_id)
            .then(|| old.assignee_id.clone());
        // Both inboxes take turns, always in the same order, so two saves never wait on
        // each other.
        let mut users: Vec<&UserId> = Vec::new();
        if entry.is_some() {
            users.push(&new.assignee_id);
        }
        users.extend(previous.as_ref());
        users.sort();
        let mut _turns = Vec::with_capacity(users.len());
        for user in users {
            _turns.push(turns::take(user).await);
        }
        for attempt in 0..retry::ATTEMPTS {
            let mut writes = base.clone();
            if let Some(entry) = &entry {
                writes.extend(filing::file(self.store, &new.assignee_id, entry).await?);
                if let Some(previous) = &previous {
                    writes.extend(filing::unfile(self.store, previous, &entry.id).await?);
                }
            }
            match self.store.transact(writes).await {
                Ok(()) => {
                    crate::scope_entries::commit(self.store, overflow).await?;
                    return Ok(new);
                }
                Err(StoreError::ConditionFailed { write: 0 }) => {
                    return Err(conflict(&self.load(new.number).await?.0));
                }
                // An inbox changed meanwhile: file (and unfile) the entry again.
                Err(StoreError::ConditionFailed { write }) if write >= base.len() => {
                    retry::pause(attempt).await
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// The item's note ("" until one is written).
    pub async fn note(&self, access: &Access, number: u64) -> Result<WorkItemNote, CoreError> {
        self.load_to_read(access, number).await?;
        match self.store.get(&keys::work_item(number), keys::NOTE).await? {
            Some(item) => Ok(item.decode()?),
            None => Ok(WorkItemNote {
                note: String::new(),
            }),
        }
    }

    /// Saves the note as typed. It lives beside the item, so saving it as the rep types
    /// never conflicts with a status change; the last save wins.
    pub async fn save_note(
        &self,
        access: &Access,
        number: u64,
        note: WorkItemNote,
    ) -> Result<WorkItemNote, CoreError> {
        // Kept as typed (the rep's own scratch text); only its length and characters are checked.
        WorkItemNote::RULE
            .check(&note.note)
            .map_err(|message| FieldErrors::single("note", message))?;
        self.load_to_change(access, number).await?;
        let item = Item::new(keys::work_item(number), keys::NOTE, &note)?;
        self.store.put(item, Condition::Always).await?;
        Ok(note)
    }

    /// Every recorded change, newest first.
    pub async fn history_of(
        &self,
        access: &Access,
        number: u64,
        cursor: Option<String>,
    ) -> Result<Page<HistoryEntry>, CoreError> {
        self.get(access, number).await?;
        let query = Query::partition(keys::work_item(number))
            .begins_with(keys::HISTORY_PREFIX)
            .newest_first()
            .limit(100)
            .after(cursor.map(Cursor::from_client));
        let page = self.store.query(query).await?;
        let items = page
            .items
            .iter()
            .map(|i| i.decode().map_err(CoreError::from))
            .collect::<Result<_, _>>()?;
        Ok(Page {
            items,
            next_cursor: page.next.map(String::from),
        })
    }
}

/// A list of related team members as edited under `field`: at most
/// [`WorkItemEdit::MAX_TEAM`], repeats once, and everyone added an active user.
async fn members(
    users: &Users<'_>,
    field: &str,
    edited: Vec<UserId>,
    before: &[UserId],
) -> Result<Vec<UserId>, CoreError> {
    if edited.len() > WorkItemEdit::MAX_TEAM {
        return Err(FieldErrors::single(
            field,
            format!("at most {} related team members", WorkItemEdit::MAX_TEAM),
        )
        .into());
    }
    let mut team: Vec<UserId> = Vec::new();
    for member in edited {
        if !team.contains(&member) {
            team.push(member);
        }
    }
    for member in team.iter().filter(|m| !before.contains(m)) {
        if !users.is_active(member).await? {
            return Err(
                FieldErrors::single(field, "every team member must be an active user").into(),
            );
        }
    }
    Ok(team)
}

/// A merged item can no longer be changed; the answer names the item it lives on in.
fn refuse_merged(view: &WorkItemView) -> Result<(), CoreError> {
    match view.merged_into {
        Some(into) => Err(CoreError::Merged {
            number: view.number,
            into,
            current: serde_json::to_value(view).unwrap_or_default(),
        }),
        None => Ok(()),
    }
}

fn conflict(current: &WorkItemView) -> CoreError {
    CoreError::Conflict {
        what: "this work item",
        current: serde_json::to_value(current).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use worklane_domain::{ContactInput, ContactKind, Email, NewUser, Password, PersonName, Role};
    use worklane_store::EmbeddedStore;

    use super::*;
    use crate::Worklane;

    pub(super) async fn setup() -> (Worklane, Access, ContactId) {
        let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
        app.catalog().ensure_presets().await.unwrap();
        let admin = app
            .users()
            .create_first_admin(NewUser {
                email: Email::parse("admin@example.com").unwrap(),
                name: PersonName::parse("Ada Admin").unwrap(),
                role: Role::Admin,
                extension: None,
                password: Password::parse("a long password").unwrap(),
            })
            .await
            .unwrap();
        let actor = app.access_for(Actor::from(admin)).await.unwrap();
        let input = ContactInput {
            name: "Cathy Slater".into(),
            kind: Some(ContactKind::Customer),
            emails: vec!["cathy@example.com".into()],
            ..ContactInput::default()
        };
        let contact = app
            .contacts()
            .create(&actor, input.validate().unwrap())
            .await
            .unwrap();
        (app, actor, contact.id)
    }

    pub(super) fn support(description: &str) -> NewWorkItemRequest {
        NewWorkItemRequest {
            type_key: "support-ticket".into(),
            description: description.into(),
            assignee_id: None,
        }
    }

    fn to(status: &str) -> TransitionRequest {
        TransitionRequest {
            to: status.into(),
            ..TransitionRequest::default()
        }
    }

    #[tokio::test]
    async fn a_support_ticket_walks_its_workflow_and_every_change_is_recorded() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        let item = items
            .create(&actor, &contact, support("Billing question"))
            .await
            .unwrap();
        assert_eq!(
            (item.number, item.status.as_str(), item.version),
            (1, "NEW", 1)
        );
        let mut current = item;
        for status in ["IN_PROGRESS", "PENDING"] {
            current = items
                .change_status(&actor, 1, to(status), current.version)
                .await
                .unwrap();
        }
        let refused = items
            .change_status(&actor, 1, to("RESOLVED"), current.version)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, CoreError::Invalid(ref e) if e.for_field("closing_reason").is_some())
        );
        let reason = TransitionRequest {
            closing_reason: Some("Refund issued".into()),
            ..to("RESOLVED")
        };
        let resolved = items
            .change_status(&actor, 1, reason, current.version)
            .await
            .unwrap();
        assert_eq!(resolved.status, "RESOLVED");
        let history = items.history_of(&actor, 1, None).await.unwrap().items;
        let statuses: Vec<_> = history
            .iter()
            .filter(|h| h.field == "status")
            .map(|h| h.to.clone().unwrap())
            .collect();
        assert_eq!(
            statuses,
            ["RESOLVED", "PENDING", "IN_PROGRESS", "NEW"],
            "newest first"
        );
        assert!(
            history
                .iter()
                .any(|h| h.field == "closing_reason" && h.to.as_deref() == Some("Refund issued"))
        );
    }

    #[tokio::test]
    async fn open_items_are_listed_for_their_assignee_until_they_close() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        items
            .create(&actor, &contact, support("First"))
            .await
            .unwrap();
        let second = items
            .create(&actor, &contact, support("Second"))
            .await
            .unwrap();
        assert_eq!(second.number, 2);
        let mine = items
            .assigned_open(&actor, MyWorkItemsFilter::default())
            .await
            .unwrap()
            .items;
        assert_eq!(
            mine.iter().map(|i| i.number).collect::<Vec<_>>(),
            [1, 2],
            "oldest first without callbacks"
        );
        let closed = TransitionRequest {
            closing_reason: Some("Duplicate".into()),
            ..to("CLOSED")
        };
        items.change_status(&actor, 1, closed, 1).await.unwrap();
        let mine = items
            .assigned_open(&actor, MyWorkItemsFilter::default())
            .await
            .unwrap()
            .items;
        assert_eq!(mine.iter().map(|i| i.number).collect::<Vec<_>>(), [2]);
        let on_contact = items
            .for_contact(&actor, &contact, None)
            .await
            .unwrap()
            .items;
        assert_eq!(
            on_contact.iter().map(|i| i.number).collect::<Vec<_>>(),
            [2, 1],
            "closed items stay on the contact"
        );
    }

    #[tokio::test]
    async fn a_stale_status_change_is_a_conflict_and_automatic_types_cannot_be_made_by_hand() {
        let (app, actor, contact) = setup().await;
        let items = app.work_items();
        items
            .create(&actor, &contact, support("Stale"))
            .await
            .unwrap();
        items
            .change_status(&actor, 1, to("IN_PROGRESS"), 1)
            .await
            .unwrap();
        let stale = items
            .change_status(&actor, 1, to("PENDING"), 1)
            .await
            .unwrap_err();
        assert!(matches!(stale, CoreError::Conflict { .. }));
        let quiz = NewWorkItemRequest {
            type_key: "body-type-quiz".into(),
            description: "x".into(),
            assignee_id: None,
        };
        let refused = items
            .create(&actor, &contact, quiz.clone())
            .await
            .unwrap_err();
        assert!(matches!(refused, CoreError::Invalid(ref e) if e.for_field("type_key").is_some()));
        let raised = items.raise(&actor, &contact, quiz).await.unwrap();
        assert_eq!((raised.number, raised.status.as_str()), (2, "NEW"));
    }
}
