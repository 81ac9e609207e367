//! Inbound email, SMS and call events, as the webhooks hand them over once verified. Each is
//! idempotent by its provider's id (a claim written in the same transaction), matched to a
//! contact by email or phone (an unknown sender becomes a New Lead, `senders.rs`), and an
//! inbound one lands in the contact owner's Unread in that transaction too.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    CallDetails, CallOutcome, Channel, ContactView, Direction, Email, FieldErrors, InteractionId,
    InteractionView, MAX_CALL_SECONDS, MAX_SUBJECT, Phone, Timestamp, parse_url,
};
use worklane_store::{Condition, Item, StoreError, Write};

use super::{InteractionRecord, Interactions, senders};
use crate::inbox::{filing, turns};
use crate::{CoreError, keys, retry};

/// An email that arrived (SES inbound, via SNS).
#[derive(Debug, Clone)]
pub struct InboundEmail {
    pub message_id: String,
    /// `jane@example.com` or `Jane Doe <jane@example.com>`.
    pub from: String,
    pub subject: String,
    pub body: String,
    pub at: Timestamp,
}

/// An SMS that arrived.
#[derive(Debug, Clone)]
pub struct InboundSms {
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub at: Timestamp,
}

/// A call the phone system reports: inbound (answered, missed, voicemail) or outbound.
#[derive(Debug, Clone)]
pub struct InboundCall {
    pub call_id: String,
    pub from: String,
    pub to: String,
    pub direction: Direction,
    pub outcome: CallOutcome,
    pub duration_seconds: u32,
    pub recording_url: Option<String>,
    pub at: Timestamp,
}

/// The longest inbound text kept; the rest of a longer one is cut, and the cut said.
pub const MAX_INBOUND_TEXT: usize = 50_000;

#[derive(Serialize, Deserialize)]
struct InboundClaim {
    interaction_id: InteractionId,
}

/// A provider's id: present and of sane length.
fn provider_id<'m>(field: &str, raw: &'m str) -> Result<&'m str, CoreError> {
    let id = raw.trim();
    if id.is_empty() || id.len() > 1_000 {
        return Err(
            FieldErrors::single(field, "give the provider's id (1 to 1000 characters)").into(),
        );
    }
    Ok(id)
}

/// The address of `Jane Doe <jane@example.com>` or `jane@example.com`, and the display
/// name when there is one.
pub(crate) fn parse_mailbox(raw: &str) -> Result<(Email, Option<String>), String> {
    let text = raw.trim();
    if let (Some(open), true) = (text.rfind('<'), text.ends_with('>')) {
        let address = Email::parse(&text[open + 1..text.len() - 1])?;
        let name = text[..open].trim().trim_matches('"').trim();
        return Ok((address, (!name.is_empty()).then(|| name.to_string())));
    }
    Ok((Email::parse(text)?, None))
}

/// Whatever arrived, kept: cut to `max` characters with a note when longer.
fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push_str("\n[… the rest of the message was cut]");
    cut
}

/// The provider's time, unless it is implausible: before 2000, or in the future (a message
/// dated ahead would sit at the top of Unread until then), which become now.
fn plausible(at: Timestamp) -> Timestamp {
    let now = Timestamp::now();
    let earliest = Timestamp::from_second(946_684_800).unwrap_or(Timestamp::UNIX_EPOCH);
    if at < earliest || at > now { now } else { at }
}

fn phone(field: &str, raw: &str) -> Result<Phone, CoreError> {
    Phone::parse(raw).map_err(|m| FieldErrors::single(field, m).into())
}

/// Our own end of a message: its phone form when it has one, else as given.
fn our_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    match Phone::parse(raw) {
        Ok(p) => Some(p.to_string()),
        Err(_) => (!raw.is_empty()).then(|| raw.chars().take(100).collect()),
    }
}

fn inbound(contact: &ContactView, channel: Channel, at: Timestamp) -> InteractionView {
    super::new_view(&contact.id, channel, Direction::Inbound, plausible(at))
}

impl Interactions<'_> {
    /// Records an inbound email; a message id seen before answers what was stored then.
    pub async fn receive_email(&self, message: InboundEmail) -> Result<InteractionView, CoreError> {
        let message_id = provider_id("message_id", &message.message_id)?;
        let (address, display_name) =
            parse_mailbox(&message.from).map_err(|m| FieldErrors::single("from", m))?;
        if let Some(view) = self.claimed(Channel::Email, message_id).await? {
            return Ok(view);
        }
        let contact = senders::by_email(self.store, &address, display_name.as_deref()).await?;
        let subject = clip(message.subject.lines().next().unwrap_or(""), MAX_SUBJECT);
        let view = InteractionView {
            from: Some(address.to_string()),
            subject: (!subject.is_empty()).then_some(subject),
            body: clip(&message.body, MAX_INBOUND_TEXT),
            ..inbound(&contact, Channel::Email, message.at)
        };
        self.receive(Channel::Email, message_id, view, &contact)
            .await
    }

    /// Records an inbound SMS; a message id seen before answers what was stored then.
    pub async fn receive_sms(&self, message: InboundSms) -> Result<InteractionView, CoreError> {
        let message_id = provider_id("message_id", &message.message_id)?;
        let from = phone("from", &message.from)?;
        if let Some(view) = self.claimed(Channel::Sms, message_id).await? {
            return Ok(view);
        }
        let contact = senders::by_phone(self.store, &from).await?;
        let view = InteractionView {
            from: Some(from.to_string()),
            to: our_number(&message.to),
            body: clip(&message.body, MAX_INBOUND_TEXT),
            ..inbound(&contact, Channel::Sms, message.at)
        };
        self.receive(Channel::Sms, message_id, view, &contact).await
    }

    /// Records a call the phone system reports. An inbound call (missed ones included) is
    /// matched by the caller's number and lands in the owner's Unread; an outbound one is
    /// matched by the number called and only goes on the contact's timeline.
    pub async fn receive_call(&self, call: InboundCall) -> Result<InteractionView, CoreError> {
        let call_id = provider_id("call_id", &call.call_id)?;
        let (contact_number, from, to) = match call.direction {
            Direction::Inbound => {
                let from = phone("from", &call.from)?;
                (from.clone(), Some(from.to_string()), our_number(&call.to))
            }
            Direction::Outbound => {
                let to = phone("to", &call.to)?;
                (to.clone(), our_number(&call.from), Some(to.to_string()))
            }
            Direction::Internal => {
                return Err(
                    FieldErrors::single("direction", "a call is Inbound or Outbound").into(),
                );
            }
        };
        let recording_url = match call.recording_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(parse_url(raw).map_err(|m| FieldErrors::single("recording_url", m))?),
        };
        if let Some(view) = self.claimed(Channel::Call, call_id).await? {
            return Ok(view);
        }
        let contact = senders::by_phone(self.store, &contact_number).await?;
        let view = InteractionView {
            direction: call.direction,
            from,
            to,
            call: Some(CallDetails {
                outcome: call.outcome,
                duration_seconds: call.duration_seconds.min(MAX_CALL_SECONDS),
                recording_url,
            }),
            ..inbound(&contact, Channel::Call, call.at)
        };
        self.receive(Channel::Call, call_id, view, &contact).await
    }

    /// The interaction stored for a provider id seen before.
    async fn claimed(
        &self,
        channel: Channel,
        provider_id: &str,
    ) -> Result<Option<InteractionView>, CoreError> {
        let Some(claim) = self
            .store
            .get(&keys::inbound_claim(channel, provider_id), keys::CLAIM)
            .await?
        else {
            return Ok(None);
        };
        let claim: InboundClaim = claim.decode()?;
        Ok(self.load(&claim.interaction_id).await?.map(|r| r.view))
    }

    /// Stores the interaction with its claim and, when inbound, its entry in the contact
    /// owner's Unread: all or nothing. Losing the claim to a concurrent delivery of the same
    /// message answers what that delivery stored.
    async fn receive(
        &self,
        channel: Channel,
        provider_id: &str,
        view: InteractionView,
        contact: &ContactView,
    ) -> Result<InteractionView, CoreError> {
        let mut record = InteractionRecord::new(view);
        let owner = (record.view.direction == Direction::Inbound).then(|| contact.owner_id.clone());
        record.inbox_of = owner.clone();
        let entry = record.entry(contact.name.as_str(), false, record.view.at);
        let claim = Item::new(
            keys::inbound_claim(channel, provider_id),
            keys::CLAIM,
            &InboundClaim {
                interaction_id: record.view.id.clone(),
            },
        )?;
        let _turn = match &owner {
            Some(owner) => Some(turns::take(owner).await),
            None => None,
        };
        for attempt in 0..retry::ATTEMPTS {
            let mut writes = vec![
                Write::Put {
                    item: claim.clone(),
                    condition: Condition::NotExists,
                },
                Write::Put {
                    item: record.item()?,
                    condition: Condition::NotExists,
                },
            ];
            if let Some(owner) = &owner {
                writes.extend(filing::file(self.store, owner, &entry).await?);
            }
            match self.store.transact(writes).await {
                Ok(()) => return Ok(record.view),
                Err(StoreError::ConditionFailed { write: 0 }) => {
                    if let Some(view) = self.claimed(channel, provider_id).await? {
                        return Ok(view);
                    }
                    retry::pause(attempt).await
                }
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_gives_its_address_and_display_name() {
        let (email, name) = parse_mailbox("\"Jane Doe\" <Jane@Example.com>").unwrap();
        assert_eq!(email.as_str(), "jane@example.com");
        assert_eq!(name.as_deref(), Some("Jane Doe"));
        let (email, name) = parse_mailbox(" jane@example.com ").unwrap();
        assert_eq!((email.as_str(), name), ("jane@example.com", None));
        assert!(parse_mailbox("Jane <nope>").is_err());
    }

    #[test]
    fn long_inbound_text_is_kept_cut_with_a_note() {
        let cut = clip(&"x".repeat(MAX_INBOUND_TEXT + 10), MAX_INBOUND_TEXT);
        assert!(cut.ends_with("cut]"));
        assert!(cut.chars().count() < MAX_INBOUND_TEXT + 50);
    }

    #[test]
    fn implausible_provider_times_become_now() {
        let ancient = Timestamp::from_second(0).unwrap();
        assert!(plausible(ancient) > ancient);
        let recent = Timestamp::from_second(Timestamp::now().as_second() - 60).unwrap();
        assert_eq!(plausible(recent), recent);
    }

    #[test]
    fn an_inbound_message_dated_in_the_future_is_dated_now() {
        let before = Timestamp::now();
        let ahead = Timestamp::from_second(before.as_second() + 3_600).unwrap();
        let at = plausible(ahead);
        assert!(at >= before && at <= Timestamp::now(), "{at} is now");
    }
}
