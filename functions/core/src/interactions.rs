//! Interactions: the emails, SMS, calls, notes and reminders on a contact, each optionally
//! attached to one of the contact's work items. Every interaction is on its contact's
//! timeline (gsi1) and, once attached, on the work item's (gsi2), both newest first.
//!
//! Sending is in `compose.rs`, logged calls, notes and reminders in `logged.rs`, reminders
//! falling due in `reminders.rs`, inbound messages and calls in `inbound.rs` (the sender
//! matched to a contact, or made a New Lead, in `senders.rs`).

mod compose;
mod inbound;
mod linked_order;
mod live;
mod logged;
mod reminders;
mod senders;
mod to_work_item;

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AttachRequest, CallOutcome, Channel, ContactId, Direction, FieldErrors, InboxEntry, InboxKind,
    InteractionId, InteractionView, Page, Timestamp, UserId, first_line,
};
use worklane_store::{Condition, Cursor, Index, Item, ItemStore, Query, StoreError, Write};

pub use inbound::{InboundCall, InboundEmail, InboundSms};
pub(crate) use live::FiledCall;

use crate::Access;
use crate::inbox::{filing, turns};
use crate::messaging::Messaging;
use crate::{Contacts, CoreError, WorkItems, ids, keys, retry};

/// Interactions on one page of a timeline.
pub const PAGE_SIZE: usize = 50;

/// An interaction as stored: the view and what only the server needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct InteractionRecord {
    #[serde(flatten)]
    pub view: InteractionView,
    /// The user whose inbox holds the interaction's entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox_of: Option<UserId>,
    /// A reminder that has not fallen due yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
    /// The provider's id of the message as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// When the latest attempt to send began (absent on records from before it was kept:
    /// their time stands in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sending_since: Option<Timestamp>,
}

impl InteractionRecord {
    fn new(view: InteractionView) -> Self {
        Self {
            view,
            inbox_of: None,
            pending: false,
            provider_id: None,
            sending_since: None,
        }
    }

    /// The record on its contact's timeline, on its work item's once attached, and in the
    /// due-reminder index while it is a reminder not yet due.
    pub(crate) fn item(&self) -> Result<Item, StoreError> {
        let view = &self.view;
        let sort = keys::by_time(view.at, view.id.as_str());
        let mut item = Item::new(keys::interaction(&view.id), keys::ITEM, self)?
            .with_version(view.version)
            .with_index(
                Index::GSI1,
                keys::contact_interactions(&view.contact_id),
                &sort,
            );
        if let Some(number) = view.work_item {
            item = item.with_index(Index::GSI2, keys::work_item_interactions(number), &sort);
        }
        if let Some(linked) = &view.linked_order {
            let (start, closes) = crate::shop::call_window(view);
            item = item.with_index(
                Index::GSI5,
                keys::LINKED_ORDERS,
                keys::by_time(start, view.id.as_str()),
            );
            if linked.state != worklane_domain::LinkState::Valid {
                item = item.with_index(
                    Index::GSI4,
                    keys::LINK_CHECKS,
                    keys::by_time(closes, view.id.as_str()),
                );
            }
        }
        if let (true, Some(due)) = (self.pending, view.remind_at) {
            item = item.with_index(
                Index::GSI3,
                keys::DUE_REMINDERS,
                keys::by_time(due, view.id.as_str()),
            );
        }
        Ok(item)
    }

    /// The interaction's row in an inbox, dated `at`.
    fn entry(&self, contact_name: &str, read: bool, at: Timestamp) -> InboxEntry {
        let view = &self.view;
        InboxEntry {
            id: keys::inbox_entry_for_interaction(&view.id),
            kind: if view.channel == Channel::Reminder {
                InboxKind::Reminder
            } else {
                InboxKind::Communication
            },
            read,
            at,
            contact_id: view.contact_id.clone(),
            contact_name: contact_name.into(),
            work_item: view.work_item,
            channel: Some(view.channel),
            direction: Some(view.direction),
            first_line: summary(view),
            interaction_id: Some(view.id.clone()),
            priority: None,
            type_key: None,
        }
    }
}

/// What an inbox row says of an interaction: an email's subject, a call's note or outcome,
/// else the first line of the text.
/// A new interaction with the contact, known only by how and when it happened; each kind
/// fills in the rest.
fn new_view(
    contact: &ContactId,
    channel: Channel,
    direction: Direction,
    at: Timestamp,
) -> InteractionView {
    InteractionView {
        id: ids::new_interaction_id(),
        contact_id: contact.clone(),
        work_item: None,
        channel,
        direction,
        at,
        by: None,
        from: None,
        to: None,
        subject: None,
        body: String::new(),
        call: None,
        remind_at: None,
        delivery: None,
        failure: None,
        linked_order: None,
        version: 1,
    }
}

fn summary(view: &InteractionView) -> String {
    let line = first_line(&view.body);
    match (view.channel, &view.call) {
        (Channel::Email, _) => view
            .subject
            .as_deref()
            .map(first_line)
            .filter(|s| !s.is_empty())
            .unwrap_or(line),
        (Channel::Call, Some(call)) if line.is_empty() => {
            let (m, s) = (call.duration_seconds / 60, call.duration_seconds % 60);
            match call.outcome {
                CallOutcome::Missed => "Missed call".into(),
                CallOutcome::Answered => format!("Answered call, {m}:{s:02}"),
                CallOutcome::Voicemail => format!("Voicemail, {m}:{s:02}"),
            }
        }
        _ => line,
    }
}

pub(crate) fn decode(item: &Item) -> Result<InteractionRecord, CoreError> {
    let mut record: InteractionRecord = item.decode()?;
    record.view.version = item.version;
    Ok(record)
}

/// Recording, sending, receiving and attaching interactions.
pub struct Interactions<'a> {
    store: &'a dyn ItemStore,
    messaging: &'a dyn Messaging,
    email_from: Option<&'a str>,
}

impl<'a> Interactions<'a> {
    pub(crate) fn new(
        store: &'a dyn ItemStore,
        messaging: &'a dyn Messaging,
        email_from: Option<&'a str>,
    ) -> Self {
        Self {
            store,
            messaging,
            email_from,
        }
    }

    pub(crate) async fn load(
        &self,
        id: &InteractionId,
    ) -> Result<Option<InteractionRecord>, CoreError> {
        if !ids::is_well_formed(id.as_str()) {
            return Ok(None);
        }
        match self.store.get(&keys::interaction(id), keys::ITEM).await? {
            Some(item) => Ok(Some(decode(&item)?)),
            None => Ok(None),
        }
    }

    async fn require(&self, id: &InteractionId) -> Result<InteractionRecord, CoreError> {
        self.load(id)
            .await?
            .ok_or(CoreError::NotFound("interaction"))
    }

    pub async fn get(
        &self,
        access: &Access,
        id: &InteractionId,
    ) -> Result<InteractionView, CoreError> {
        let view = self.require(id).await?.view;
        // An interaction is seen by those who see its contact.
        Contacts::new(self.store)
            .get(access, &view.contact_id)
            .await
            .map_err(|e| match e {
                CoreError::NotFound(_) => CoreError::NotFound("interaction"),
                other => other,
            })?;
        Ok(view)
    }

    /// The interaction, if `access` may change its contact (retry it, attach it): not found
    /// when the contact is invisible, forbidden when it is only visible.
    pub(crate) async fn require_to_change(
        &self,
        access: &Access,
        id: &InteractionId,
    ) -> Result<InteractionRecord, CoreError> {
        let record = self.require(id).await?;
        Contacts::new(self.store)
            .get_to_change(access, &record.view.contact_id)
            .await
            .map_err(|e| match e {
                CoreError::NotFound(_) => CoreError::NotFound("interaction"),
                other => other,
            })?;
        Ok(record)
    }

    /// Everything about the contact, newest first.
    pub async fn for_contact(
        &self,
        access: &Access,
        contact: &ContactId,
        cursor: Option<String>,
    ) -> Result<Page<InteractionView>, CoreError> {
        Contacts::new(self.store).get(access, contact).await?;
        let query = Query::index(Index::GSI1, keys::contact_interactions(contact));
        self.page(query, cursor).await
    }

    /// The interactions attached to the work item, newest first.
    pub async fn for_work_item(
        &self,
        access: &Access,
        number: u64,
        cursor: Option<String>,
    ) -> Result<Page<InteractionView>, CoreError> {
        WorkItems::new(self.store).get(access, number).await?;
        let query = Query::index(Index::GSI2, keys::work_item_interactions(number));
        self.page(query, cursor).await
    }

    async fn page(
        &self,
        query: Query,
        cursor: Option<String>,
    ) -> Result<Page<InteractionView>, CoreError> {
        let query = query
            .newest_first()
            .limit(PAGE_SIZE)
            .after(cursor.map(Cursor::from_client));
        let page = self.store.query(query).await?;
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|item| Ok(decode(item)?.view))
                .collect::<Result<_, CoreError>>()?,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Refuses a work item that is not one of the contact's, naming the `work_item` field.
    async fn check_work_item(
        &self,
        access: &Access,
        contact: &ContactId,
        work_item: Option<u64>,
    ) -> Result<(), CoreError> {
        let Some(number) = work_item else {
            return Ok(());
        };
        let refuse = |message: String| Err(FieldErrors::single("work_item", message).into());
        match WorkItems::new(self.store).get(access, number).await {
            Ok(item) if item.contact_id != *contact => refuse(format!(
                "work item {number} belongs to another contact; choose one of this contact's work items"
            )),
            Ok(item) => match item.merged_into {
                Some(into) => refuse(format!(
                    "work item {number} was merged into {into}; choose {into} instead"
                )),
                None => Ok(()),
            },
            Err(CoreError::NotFound(_)) => refuse(format!("there is no work item {number}")),
            Err(e) => Err(e),
        }
    }

    /// Stores a new interaction and, when given, files its entry in a user's inbox, in one
    /// transaction (retried when the inbox changed meanwhile).
    async fn insert(
        &self,
        record: &InteractionRecord,
        entry: Option<(&UserId, &InboxEntry)>,
    ) -> Result<(), CoreError> {
        let _turn = match entry {
            Some((user, _)) => Some(turns::take(user).await),
            None => None,
        };
        for attempt in 0..retry::ATTEMPTS {
            let mut writes = vec![Write::Put {
                item: record.item()?,
                condition: Condition::NotExists,
            }];
            writes.extend(crate::shop::links::link_writes(&record.view)?);
            if let Some((user, entry)) = entry {
                writes.extend(filing::file(self.store, user, entry).await?);
            }
            match self.store.transact(writes).await {
                Ok(()) => return Ok(()),
                Err(StoreError::ConditionFailed { write }) if write > 0 => {
                    retry::pause(attempt).await
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// Attaches the interaction to one of its contact's work items: it then lists under
    /// that item too, and its inbox row links to it. Attached to another item, it moves.
    pub async fn attach(
        &self,
        access: &Access,
        id: &InteractionId,
        request: AttachRequest,
    ) -> Result<InteractionView, CoreError> {
        let number = request.work_item;
        let record = self.require_to_change(access, id).await?;
        self.check_work_item(access, &record.view.contact_id, Some(number))
            .await?;
        let _turn = match &record.inbox_of {
            Some(user) => Some(turns::take(user).await),
            None => None,
        };
        for attempt in 0..retry::ATTEMPTS {
            let mut record = self.require(id).await?;
            if record.view.work_item == Some(number) {
                return Ok(record.view);
            }
            let version = record.view.version;
            record.view.work_item = Some(number);
            record.view.version += 1;
            let mut writes = vec![Write::Put {
                item: record.item()?,
                condition: Condition::VersionIs(version),
            }];
            if let Some(user) = &record.inbox_of {
                let entry_id = keys::inbox_entry_for_interaction(id);
                if let Some(item) = self.store.get(&keys::inbox(user), &entry_id).await? {
                    let mut entry = crate::inbox::record::decode(&item)?;
                    entry.work_item = Some(number);
                    writes.push(Write::Put {
                        item: filing::entry_item(user, &entry, item.version + 1)?,
                        condition: Condition::VersionIs(item.version),
                    });
                }
            }
            match self.store.transact(writes).await {
                Ok(()) => return Ok(record.view),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}

#[cfg(test)]
pub(crate) mod tests;
