use serde::{Deserialize, Serialize};

use crate::text::TextRule;

use crate::{CalendarDate, ContactId, FieldErrors, Priority, Timestamp, UserId};

/// A work item as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemView {
    /// Human-readable, unique and sequential: 1, 2, 3…
    pub number: u64,
    pub type_key: String,
    pub contact_id: ContactId,
    pub description: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    pub priority: Priority,
    pub assignee_id: UserId,
    /// Related team members who may change the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<UserId>,
    /// Related team members who may only read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team_read: Vec<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub callback_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_date: Option<CalendarDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(default)]
    pub locked: bool,
    /// Set once the item was merged into another (a duplicate): it is kept, no longer open,
    /// and can no longer be changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<u64>,
    /// The account a work order is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<crate::AccountId>,
    pub created_by: UserId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    /// When it last changed (its status, priority, owner, team, lock or description): the
    /// order of the work order lists.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub updated_at: Timestamp,
    pub version: u64,
}

/// A rep's new work item on a contact, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWorkItemRequest {
    pub type_key: String,
    #[serde(default)]
    pub description: String,
    /// Defaults to the user creating it.
    #[serde(default)]
    pub assignee_id: Option<UserId>,
}

/// The longest description a work item may have.
pub const MAX_DESCRIPTION: usize = 2000;

pub const DESCRIPTION_RULE: TextRule =
    TextRule::text(MAX_DESCRIPTION, "describe what the contact needs");

/// A description trimmed, or why it cannot be used.
pub fn parse_description(raw: &str) -> Result<String, FieldErrors> {
    DESCRIPTION_RULE
        .check(raw)
        .map_err(|message| FieldErrors::single("description", message))
}

/// A rep's edit of a work item's description, assignee, callback and related team members,
/// made on `version`. The whole form is sent; a callback of `null` clears it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemEdit {
    pub description: String,
    pub assignee_id: UserId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[serde(deserialize_with = "crate::wire_time::deserialize_option")]
    pub callback_at: Option<Timestamp>,
    /// Related team members who may change the item.
    #[serde(default)]
    pub team: Vec<UserId>,
    /// Related team members who may only read it (someone in both lists may change it).
    #[serde(default)]
    pub team_read: Vec<UserId>,
    pub version: u64,
}

impl WorkItemEdit {
    /// The most related team members an item may have (repeats count once).
    pub const MAX_TEAM: usize = 20;
}

/// The work item note: the rep's own scratch text, saved as they type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemNote {
    pub note: String,
}

impl WorkItemNote {
    pub const MAX_CHARS: usize = 20_000;
    /// The note as the rep types it: kept as it is, blank included.
    pub const RULE: TextRule = TextRule::optional_text(Self::MAX_CHARS);
}

/// Locks or unlocks an item whose workflow allows it; a locked item cannot be handled.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockRequest {
    pub locked: bool,
    pub version: u64,
}

/// Merges the item (a duplicate), at `version`, into work item `into` of the same contact.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    pub into: u64,
    pub version: u64,
}

/// A status change (or only an extension change) made on `version` of the item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeRequest {
    #[serde(flatten)]
    pub transition: crate::TransitionRequest,
    pub version: u64,
}

/// One recorded change of a work item: who changed which field, when, from what to what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub by: UserId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub at: Timestamp,
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// On an item that absorbed duplicates: the number of the merged item this entry was
    /// recorded on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u64>,
}
