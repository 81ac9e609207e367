//! A work item as stored: its own type, so the API's shape can change without touching the
//! data, and data written by earlier versions (which stored the API's shape, version included)
//! still reads.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccountId, CalendarDate, ContactId, Priority, Timestamp, UserId, WorkItemView,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct WorkItemRecord {
    number: u64,
    type_key: String,
    contact_id: ContactId,
    description: String,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    extension: Option<String>,
    priority: Priority,
    assignee_id: UserId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    team: Vec<UserId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    team_read: Vec<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    callback_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_date: Option<CalendarDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    closing_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolution: Option<String>,
    #[serde(default)]
    locked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    merged_into: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account_id: Option<AccountId>,
    created_by: UserId,
    created_at: Timestamp,
    /// Absent on items stored before it was kept: they last changed when made, as far as
    /// the lists know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_at: Option<Timestamp>,
}

impl WorkItemRecord {
    pub fn view(self, version: u64) -> WorkItemView {
        WorkItemView {
            number: self.number,
            type_key: self.type_key,
            contact_id: self.contact_id,
            description: self.description,
            status: self.status,
            extension: self.extension,
            priority: self.priority,
            assignee_id: self.assignee_id,
            team: self.team,
            team_read: self.team_read,
            callback_at: self.callback_at,
            due_date: self.due_date,
            closing_reason: self.closing_reason,
            resolution: self.resolution,
            locked: self.locked,
            merged_into: self.merged_into,
            account_id: self.account_id,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at.unwrap_or(self.created_at),
            version,
        }
    }
}

impl From<&WorkItemView> for WorkItemRecord {
    fn from(view: &WorkItemView) -> Self {
        let view = view.clone();
        WorkItemRecord {
            number: view.number,
            type_key: view.type_key,
            contact_id: view.contact_id,
            description: view.description,
            status: view.status,
            extension: view.extension,
            priority: view.priority,
            assignee_id: view.assignee_id,
            team: view.team,
            team_read: view.team_read,
            callback_at: view.callback_at,
            due_date: view.due_date,
            closing_reason: view.closing_reason,
            resolution: view.resolution,
            locked: view.locked,
            merged_into: view.merged_into,
            account_id: view.account_id,
            created_by: view.created_by,
            created_at: view.created_at,
            updated_at: Some(view.updated_at),
        }
    }
}
