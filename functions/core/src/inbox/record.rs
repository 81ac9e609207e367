//! An inbox entry as stored: a type of its own, so the API's shape can change without
//! touching stored entries (which earlier versions stored in the API's shape: it still reads).

use serde::{Deserialize, Serialize};
use worklane_domain::{
    Channel, ContactId, Direction, InboxEntry, InboxKind, InteractionId, Priority, Timestamp,
};
use worklane_store::{Item, StoreError};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EntryRecord {
    id: String,
    kind: InboxKind,
    read: bool,
    at: Timestamp,
    contact_id: ContactId,
    contact_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    work_item: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    direction: Option<Direction>,
    first_line: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    interaction_id: Option<InteractionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    type_key: Option<String>,
}

impl From<&InboxEntry> for EntryRecord {
    fn from(entry: &InboxEntry) -> Self {
        let e = entry.clone();
        EntryRecord {
            id: e.id,
            kind: e.kind,
            read: e.read,
            at: e.at,
            contact_id: e.contact_id,
            contact_name: e.contact_name,
            work_item: e.work_item,
            channel: e.channel,
            direction: e.direction,
            first_line: e.first_line,
            interaction_id: e.interaction_id,
            priority: e.priority,
            type_key: e.type_key,
        }
    }
}

impl From<EntryRecord> for InboxEntry {
    fn from(r: EntryRecord) -> Self {
        InboxEntry {
            id: r.id,
            kind: r.kind,
            read: r.read,
            at: r.at,
            contact_id: r.contact_id,
            contact_name: r.contact_name,
            work_item: r.work_item,
            channel: r.channel,
            direction: r.direction,
            first_line: r.first_line,
            interaction_id: r.interaction_id,
            priority: r.priority,
            type_key: r.type_key,
        }
    }
}

/// The entry a stored item holds.
pub(crate) fn decode(item: &Item) -> Result<InboxEntry, StoreError> {
    Ok(item.decode::<EntryRecord>()?.into())
}
