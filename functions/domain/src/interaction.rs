//! Interactions: the emails, SMS, calls, notes and reminders on a contact, each optionally on
//! one of the contact's work items — and the forms a rep creates them with, each checked into
//! a draft the server trusts.

use serde::{Deserialize, Serialize};

use crate::text::TextRule;
use crate::{ContactId, Email, FieldErrors, InteractionId, Phone, Timestamp, UserId};

/// How an interaction happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    Email,
    Sms,
    Call,
    Note,
    Reminder,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Email,
        Channel::Sms,
        Channel::Call,
        Channel::Note,
        Channel::Reminder,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Sms => "SMS",
            Channel::Call => "Call",
            Channel::Note => "Note",
            Channel::Reminder => "Reminder",
        }
    }

    /// Emails, SMS and calls: what the Inbox's "All Entities" lists.
    pub fn is_communication(self) -> bool {
        matches!(self, Channel::Email | Channel::Sms | Channel::Call)
    }
}

/// Who spoke first: the contact (inbound), the business (outbound), or nobody outside
/// (notes and reminders are internal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Direction {
    Inbound,
    Outbound,
    Internal,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
            Direction::Internal => "Internal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CallOutcome {
    Answered,
    Missed,
    Voicemail,
}

impl CallOutcome {
    pub fn label(self) -> &'static str {
        match self {
            CallOutcome::Answered => "Answered",
            CallOutcome::Missed => "Missed",
            CallOutcome::Voicemail => "Voicemail",
        }
    }
}

/// Where an outbound email or SMS stands. A failed one keeps its reason and can be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Delivery {
    Sending,
    Sent,
    Failed,
}

/// What only a call has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallDetails {
    pub outcome: CallOutcome,
    pub duration_seconds: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
}

/// An interaction as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionView {
    pub id: InteractionId,
    pub contact_id: ContactId,
    /// The contact's work item it is attached to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_item: Option<u64>,
    pub channel: Channel,
    pub direction: Direction,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub at: Timestamp,
    /// The rep who sent, logged or wrote it; absent for inbound messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserId>,
    /// An email address or phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The message, the call's note, the note or the reminder's text.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallDetails>,
    /// When a reminder falls due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub remind_at: Option<Timestamp>,
    /// Outbound email and SMS only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// Why the last send failed, in words a person can act on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Calls only: the shop order the advisor says the call produced, and its verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_order: Option<crate::LinkedOrder>,
    pub version: u64,
}

/// The longest email subject.
pub const MAX_SUBJECT: usize = 200;
/// The longest email, note, reminder or call note a rep writes.
pub const MAX_TEXT: usize = 20_000;
/// The longest SMS (ten segments).
pub const MAX_SMS: usize = 1_600;
/// The longest call a log accepts: a day.
pub const MAX_CALL_SECONDS: u32 = 86_400;
pub const MAX_URL: usize = 2_000;

/// An email to the contact, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComposeEmail {
    /// Defaults to the contact's primary email address.
    #[serde(default)]
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub work_item: Option<u64>,
}

/// An SMS to the contact, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComposeSms {
    /// Defaults to the contact's first phone number.
    #[serde(default)]
    pub to: Option<String>,
    pub body: String,
    #[serde(default)]
    pub work_item: Option<u64>,
}

/// A call the rep had with the contact, logged by hand.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogCall {
    /// `Inbound` or `Outbound`.
    pub direction: Direction,
    pub outcome: CallOutcome,
    #[serde(default)]
    pub duration_seconds: u32,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub recording_url: Option<String>,
    #[serde(default)]
    pub work_item: Option<u64>,
    /// The shop order the call produced (its number as customers see it), checked overnight.
    #[serde(default)]
    pub order_id: Option<String>,
    /// When the call began; now when left out. Never in the future.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[serde(deserialize_with = "crate::wire_time::deserialize_option")]
    pub started_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewNote {
    pub body: String,
    #[serde(default)]
    pub work_item: Option<u64>,
}

/// A reminder that lands in its creator's Unread when it falls due.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReminder {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(deserialize_with = "crate::wire_time::deserialize")]
    pub remind_at: Timestamp,
    pub body: String,
    #[serde(default)]
    pub work_item: Option<u64>,
}

/// Attaches an interaction to one of its contact's work items.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachRequest {
    pub work_item: u64,
}

/// Moves an inbox entry to Read (`true`) or back to Unread (`false`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadRequest {
    pub read: bool,
}

/// A checked email.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailDraft {
    pub to: Option<Email>,
    pub subject: String,
    pub body: String,
    pub work_item: Option<u64>,
}

/// A checked SMS.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsDraft {
    pub to: Option<Phone>,
    pub body: String,
    pub work_item: Option<u64>,
}

/// A checked call log.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLog {
    pub direction: Direction,
    pub details: CallDetails,
    pub note: String,
    pub work_item: Option<u64>,
    pub order_id: Option<String>,
    pub started_at: Option<Timestamp>,
}

/// A checked note or reminder text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextDraft {
    pub body: String,
    pub work_item: Option<u64>,
}

/// Checks `raw` by `rule`, recording what is wrong under `field`; answers the trimmed text.
fn text(errors: &mut FieldErrors, field: &str, raw: &str, rule: TextRule) -> String {
    errors.check(field, rule.check(raw)).unwrap_or_default()
}

pub const SUBJECT_RULE: TextRule = TextRule::line(MAX_SUBJECT, "give the email a subject");
pub const EMAIL_BODY_RULE: TextRule = TextRule::text(MAX_TEXT, "write the email");
pub const SMS_BODY_RULE: TextRule = TextRule::text(MAX_SMS, "write the message");
pub const CALL_NOTE_RULE: TextRule = TextRule::optional_text(MAX_TEXT);
pub const NOTE_RULE: TextRule = TextRule::text(MAX_TEXT, "write the note");
pub const REMINDER_RULE: TextRule = TextRule::text(MAX_TEXT, "say what to be reminded of");

/// What [`parse_url`] accepts (with at most [`MAX_URL`] characters).
pub const URL_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*https?://[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// An `http` or `https` link without spaces, or why not.
pub fn parse_url(raw: &str) -> Result<String, String> {
    if raw.chars().count() > MAX_URL {
        return Err(format!("a link has at most {MAX_URL} characters"));
    }
    let url = raw.trim();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    if !scheme_ok || rest.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("\"{url}\" is not an http or https link"));
    }
    Ok(url.to_string())
}

impl ComposeEmail {
    pub fn validate(&self) -> Result<EmailDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let to = self
            .to
            .as_deref()
            .and_then(|raw| errors.check("to", Email::parse(raw)));
        let subject = text(&mut errors, "subject", &self.subject, SUBJECT_RULE);
        let body = text(&mut errors, "body", &self.body, EMAIL_BODY_RULE);
        errors.finish(|| {
            Some(EmailDraft {
                to,
                subject,
                body,
                work_item: self.work_item,
            })
        })
    }
}

impl ComposeSms {
    pub fn validate(&self) -> Result<SmsDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let to = self
            .to
            .as_deref()
            .and_then(|raw| errors.check("to", Phone::parse(raw)));
        let body = text(&mut errors, "body", &self.body, SMS_BODY_RULE);
        errors.finish(|| {
            Some(SmsDraft {
                to,
                body,
                work_item: self.work_item,
            })
        })
    }
}

impl LogCall {
    pub fn validate(&self) -> Result<CallLog, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.direction == Direction::Internal {
            errors.add("direction", "a call is Inbound or Outbound");
        }
        if self.duration_seconds > MAX_CALL_SECONDS {
            errors.add(
                "duration_seconds",
                format!("a call lasts at most {MAX_CALL_SECONDS} seconds (a day)"),
            );
        }
        let recording_url = self
            .recording_url
            .as_deref()
            .and_then(|raw| errors.check("recording_url", parse_url(raw)));
        let note = text(&mut errors, "note", &self.note, CALL_NOTE_RULE);
        let order_id = self
            .order_id
            .as_deref()
            .filter(|raw| !raw.trim().is_empty())
            .and_then(|raw| errors.check("order_id", crate::parse_order_id(raw)));
        if let Some(started) = self.started_at
            && started > Timestamp::now() + jiff::SignedDuration::from_mins(1)
        {
            errors.add(
                "started_at",
                "a call logged has already begun: give a time in the past",
            );
        }
        errors.finish(|| {
            Some(CallLog {
                order_id,
                started_at: self.started_at,
                direction: self.direction,
                details: CallDetails {
                    outcome: self.outcome,
                    duration_seconds: self.duration_seconds,
                    recording_url,
                },
                note,
                work_item: self.work_item,
            })
        })
    }
}

impl NewNote {
    pub fn validate(&self) -> Result<TextDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let body = text(&mut errors, "body", &self.body, NOTE_RULE);
        errors.finish(|| {
            Some(TextDraft {
                body,
                work_item: self.work_item,
            })
        })
    }
}

impl NewReminder {
    /// Checks the text. Any time will do: one already past falls due at once.
    pub fn validate(&self) -> Result<TextDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let body = text(&mut errors, "body", &self.body, REMINDER_RULE);
        errors.finish(|| {
            Some(TextDraft {
                body,
                work_item: self.work_item,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_its_recipient_is_optional() {
        let draft = ComposeEmail {
            to: None,
            subject: " Your order ".into(),
            body: "Hello\n\nThanks ".into(),
            work_item: Some(3),
        }
        .validate()
        .unwrap();
        assert_eq!(draft.to, None);
        assert_eq!(draft.subject, "Your order");
        assert_eq!(draft.body, "Hello\n\nThanks");
        assert_eq!(draft.work_item, Some(3));
    }

    #[test]
    fn a_bad_email_names_each_field() {
        let errors = ComposeEmail {
            to: Some("nobody".into()),
            subject: "two\nlines".into(),
            body: " ".into(),
            work_item: None,
        }
        .validate()
        .unwrap_err();
        for field in ["to", "subject", "body"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn an_sms_has_at_most_ten_segments_and_a_valid_number() {
        let long = ComposeSms {
            to: Some("555-CALL".into()),
            body: "x".repeat(MAX_SMS + 1),
            work_item: None,
        };
        let errors = long.validate().unwrap_err();
        assert!(errors.for_field("to").is_some());
        assert!(errors.for_field("body").unwrap().contains("1600"));
    }

    #[test]
    fn a_call_is_inbound_or_outbound_with_a_sane_duration_and_link() {
        let call = LogCall {
            direction: Direction::Internal,
            outcome: CallOutcome::Answered,
            duration_seconds: MAX_CALL_SECONDS + 1,
            note: String::new(),
            recording_url: Some("ftp://x".into()),
            work_item: None,
            order_id: Some("12 34".into()),
            started_at: Some(Timestamp::now() + jiff::SignedDuration::from_hours(1)),
        };
        let errors = call.validate().unwrap_err();
        for field in [
            "direction",
            "duration_seconds",
            "recording_url",
            "order_id",
            "started_at",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        let ok = LogCall {
            direction: Direction::Outbound,
            duration_seconds: 95,
            recording_url: Some(" https://calls.example/r/1 ".into()),
            order_id: Some(" 000000123 ".into()),
            started_at: None,
            ..call
        };
        let log = ok.validate().unwrap();
        assert_eq!(
            log.details.recording_url.as_deref(),
            Some("https://calls.example/r/1")
        );
        assert_eq!(log.note, "", "a call's note may be empty");
        assert_eq!(log.order_id.as_deref(), Some("000000123"));
    }

    #[test]
    fn a_reminder_may_fall_due_at_any_time_but_needs_words() {
        let reminder = |at: &str, body: &str| NewReminder {
            remind_at: at.parse().unwrap(),
            body: body.into(),
            work_item: None,
        };
        for at in [
            "2026-03-01T09:01:00Z",
            "2025-01-01T00:00:00Z",
            "2040-01-01T00:00:00Z",
        ] {
            assert!(reminder(at, "Call back").validate().is_ok(), "{at}");
        }
        let errors = reminder("2026-03-01T09:01:00Z", " ")
            .validate()
            .unwrap_err();
        assert!(errors.for_field("body").is_some());
    }

    #[test]
    fn views_leave_out_what_an_interaction_does_not_have() {
        let view = InteractionView {
            id: InteractionId::from_raw("i1"),
            contact_id: ContactId::from_raw("c1"),
            work_item: None,
            channel: Channel::Note,
            direction: Direction::Internal,
            at: "2026-03-01T09:00:00Z".parse().unwrap(),
            by: Some(UserId::from_raw("u1")),
            from: None,
            to: None,
            subject: None,
            body: "Prefers mornings".into(),
            call: None,
            remind_at: None,
            delivery: None,
            failure: None,
            linked_order: None,
            version: 1,
        };
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": "i1", "contact_id": "c1", "channel": "Note",
                "direction": "Internal", "at": "2026-03-01T09:00:00Z", "by": "u1",
                "body": "Prefers mornings", "version": 1})
        );
        let back: InteractionView = serde_json::from_value(json).unwrap();
        assert_eq!(back, view);
    }
}
