//! The Inbox: each user's Unread and Read sections of communications, work items and
//! reminders that fell due, and the local outbox of what was "sent".

use serde::{Deserialize, Serialize};

use crate::{Channel, ContactId, Direction, InteractionId, Priority, Timestamp};

/// What an inbox entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InboxKind {
    /// An email, SMS or call.
    Communication,
    /// A work item assigned to the user.
    WorkItem,
    /// A reminder that fell due.
    Reminder,
}

/// One row of a user's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxEntry {
    /// Pass it to `PUT /api/inbox/{id}/read`.
    pub id: String,
    pub kind: InboxKind,
    pub read: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub at: Timestamp,
    pub contact_id: ContactId,
    pub contact_name: String,
    /// The work item the row links to: the item itself, or the one the interaction is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_item: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The subject of an email, else the first line of the text or description.
    pub first_line: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<InteractionId>,
    /// A work item's priority when it landed in the inbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// A work item's type key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_key: Option<String>,
}

/// The answer to `GET /api/inbox/unread-count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u64,
}

/// A message the local outbox adapter kept instead of sending it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: String,
    pub interaction_id: InteractionId,
    pub channel: Channel,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub at: Timestamp,
}

/// Unread, or Read (the archive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum InboxSection {
    #[default]
    Unread,
    Read,
}

impl InboxSection {
    /// The value of the `section` query parameter.
    pub fn param(self) -> &'static str {
        match self {
            InboxSection::Unread => "unread",
            InboxSection::Read => "read",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "unread" => Ok(InboxSection::Unread),
            "read" => Ok(InboxSection::Read),
            other => Err(format!("\"{other}\" is not a section; use unread or read")),
        }
    }
}

/// What the inbox lists: all communications, work items, one channel, or due reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum InboxFilter {
    /// "All Entities": calls, emails and SMS, never work items.
    #[default]
    All,
    WorkItems,
    Email,
    Sms,
    Call,
    Reminder,
}

impl InboxFilter {
    pub const ALL: [InboxFilter; 6] = [
        InboxFilter::All,
        InboxFilter::WorkItems,
        InboxFilter::Email,
        InboxFilter::Sms,
        InboxFilter::Call,
        InboxFilter::Reminder,
    ];

    /// The value of the `filter` query parameter.
    pub fn param(self) -> &'static str {
        match self {
            InboxFilter::All => "all",
            InboxFilter::WorkItems => "work-items",
            InboxFilter::Email => "email",
            InboxFilter::Sms => "sms",
            InboxFilter::Call => "call",
            InboxFilter::Reminder => "reminder",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InboxFilter::All => "All Entities",
            InboxFilter::WorkItems => "Work Items",
            InboxFilter::Email => "Email",
            InboxFilter::Sms => "SMS",
            InboxFilter::Call => "Calls",
            InboxFilter::Reminder => "Reminders",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let wanted = raw.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return Ok(InboxFilter::All);
        }
        InboxFilter::ALL
            .into_iter()
            .find(|f| f.param() == wanted)
            .ok_or_else(|| {
                format!(
                    "\"{wanted}\" is not a filter; use all, work-items, email, sms, call or reminder"
                )
            })
    }

    /// The channel a channel filter lists.
    pub fn channel(self) -> Option<Channel> {
        match self {
            InboxFilter::Email => Some(Channel::Email),
            InboxFilter::Sms => Some(Channel::Sms),
            InboxFilter::Call => Some(Channel::Call),
            _ => None,
        }
    }
}

/// The longest first line an inbox row shows.
pub const FIRST_LINE_CHARS: usize = 140;

/// The first line of `text` that is not blank, trimmed and cut to [`FIRST_LINE_CHARS`].
pub fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= FIRST_LINE_CHARS {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(FIRST_LINE_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_filters_read_their_query_values_in_any_case() {
        assert_eq!(InboxSection::parse("READ"), Ok(InboxSection::Read));
        assert_eq!(InboxSection::parse(""), Ok(InboxSection::Unread));
        assert!(InboxSection::parse("archive").is_err());
        for filter in InboxFilter::ALL {
            assert_eq!(InboxFilter::parse(filter.param()), Ok(filter));
        }
        assert_eq!(InboxFilter::parse(" SMS "), Ok(InboxFilter::Sms));
        assert!(
            InboxFilter::parse("notes")
                .unwrap_err()
                .contains("work-items")
        );
    }

    #[test]
    fn the_first_line_skips_blank_lines_and_is_cut_to_fit_a_row() {
        assert_eq!(first_line("\n  \n Hello there \nsecond"), "Hello there");
        let long = first_line(&"é".repeat(500));
        assert_eq!(long.chars().count(), FIRST_LINE_CHARS);
        assert!(long.ends_with('…'));
        assert_eq!(first_line(""), "");
    }
}
