//! A phone call while it is live, as the Call Slat shows it: who is on the line, the running
//! time, the rep's note and the order id they link, until it is filed as a call interaction.

use serde::{Deserialize, Serialize};

use crate::{CallId, ContactId, Direction, FieldErrors, InteractionId, Phone, Timestamp, UserId};

/// Where a live call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiveCallState {
    Ringing,
    Connected,
    Ended,
}

/// A call on a rep's slat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveCall {
    pub id: CallId,
    pub direction: Direction,
    /// The other end's number, when the phone system gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The contact with that number (none: an unknown number, which the rep may make a lead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// The rep on the call.
    pub user: UserId,
    pub state: LiveCallState,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub connected_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub ended_at: Option<Timestamp>,
    /// The call interaction, once filed (on Save, or when the call ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<InteractionId>,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Work items created from the call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_items: Vec<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
    pub version: u64,
}

impl LiveCall {
    /// Seconds talked: from connection to the end (or `now` while it lasts).
    pub fn talked_seconds(&self, now: Timestamp) -> u32 {
        let Some(from) = self.connected_at else {
            return 0;
        };
        let until = self.ended_at.unwrap_or(now);
        u32::try_from(until.duration_since(from).as_secs().max(0)).unwrap_or(u32::MAX)
    }
}

/// Click-to-call: the number to ring, and the contact it belongs to when the rep clicked it
/// on a contact.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DialRequest {
    pub to: String,
    #[serde(default)]
    pub contact_id: Option<ContactId>,
}

impl DialRequest {
    pub fn validate(&self) -> Result<Phone, FieldErrors> {
        Phone::parse(&self.to).map_err(|why| FieldErrors::single("to", why))
    }
}

/// The slat's Save: the note and the linked order id, made on `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveCallRequest {
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub order_id: Option<String>,
}

/// A checked Save.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSave {
    pub note: String,
    pub order_id: Option<String>,
}

impl SaveCallRequest {
    pub fn validate(&self) -> Result<CallSave, FieldErrors> {
        let mut errors = FieldErrors::new();
        let note = errors
            .check("note", crate::CALL_NOTE_RULE.check(&self.note))
            .unwrap_or_default();
        let order_id = self
            .order_id
            .as_deref()
            .filter(|raw| !raw.trim().is_empty())
            .and_then(|raw| errors.check("order_id", crate::parse_order_id(raw)));
        errors.finish(|| Some(CallSave { note, order_id }))
    }
}

/// The work item types a call creates from the slat (seed 002's presets).
pub const CALL_WORK_ITEM_TYPES: [&str; 2] = ["support-ticket", "product-info-query"];

/// Create work item from the slat (or from an interaction in the Inbox): the type and what
/// the contact needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemFromInteraction {
    pub type_key: String,
    #[serde(default)]
    pub description: String,
}

/// Create lead for an unknown number: the caller's name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallLeadRequest {
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_talks_from_its_connection_to_its_end() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut call = LiveCall {
            id: CallId::from_raw("c"),
            direction: Direction::Inbound,
            number: None,
            contact_id: None,
            contact_name: None,
            user: UserId::from_raw("u"),
            state: LiveCallState::Ringing,
            started_at: at("2026-06-01T15:00:00Z"),
            connected_at: None,
            ended_at: None,
            interaction_id: None,
            note: String::new(),
            order_id: None,
            work_items: Vec::new(),
            recording_url: None,
            version: 1,
        };
        assert_eq!(call.talked_seconds(at("2026-06-01T15:01:00Z")), 0);
        call.connected_at = Some(at("2026-06-01T15:00:10Z"));
        assert_eq!(call.talked_seconds(at("2026-06-01T15:01:00Z")), 50);
        call.ended_at = Some(at("2026-06-01T15:02:10Z"));
        assert_eq!(call.talked_seconds(at("2026-06-01T15:09:00Z")), 120);
    }

    #[test]
    fn a_save_checks_the_order_number() {
        let save = SaveCallRequest {
            note: " Sold ".into(),
            order_id: Some("bad id".into()),
        };
        assert!(save.validate().unwrap_err().for_field("order_id").is_some());
        let save = SaveCallRequest {
            note: " Sold ".into(),
            order_id: Some(" ".into()),
        };
        assert_eq!(
            save.validate().unwrap(),
            CallSave {
                note: "Sold".into(),
                order_id: None
            }
        );
    }
}
