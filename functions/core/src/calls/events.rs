//! Amazon Connect's contact events (EventBridge `aws.connect`, "Amazon Connect Contact
//! Event"), as the phone system reports each call: they put an inbound call on the slat of the
//! agent it reached, mark it connected, and end it (which files it). Events arrive at least
//! once and in any order: each is applied only if it moves the call on. The local simulated
//! phone sends the same events.

use serde::Deserialize;
use worklane_domain::{Direction, LiveCall, LiveCallState, Phone, Timestamp, UserId};

use super::Calls;
use super::records::{self, CallRecord};
use crate::{Access, Contacts, CoreError, SystemTask};

/// What one contact event says, read from its `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactEvent {
    /// `INITIATED`, `QUEUED`, `CONNECTED_TO_AGENT`, `DISCONNECTED`, `COMPLETED`…
    pub event_type: String,
    /// Connect's `contactId`.
    pub contact_id: String,
    /// `INBOUND`, `OUTBOUND`, `TRANSFER`, `CALLBACK`, `API`, `QUEUE_TRANSFER`.
    pub initiation_method: String,
    /// `VOICE`, `CHAT`, `TASK`…
    pub channel: String,
    /// `agentInfo.agentArn`; its last part names the Worklane user (their id or email).
    pub agent: Option<String>,
    /// The caller's number (`customerEndpoint.address`), when the event carries it.
    pub number: Option<String>,
    /// The Connect instance's id (from `instanceArn`), to ask about the contact.
    pub instance_id: Option<String>,
    pub initiated_at: Option<Timestamp>,
    pub connected_at: Option<Timestamp>,
    pub disconnected_at: Option<Timestamp>,
    /// The recording's location, when one was kept.
    pub recording_url: Option<String>,
}

/// A contact event's `detail`, as Amazon Connect sends it (AWS's own samples spell some
/// fields both ways; unknown fields are ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    event_type: String,
    contact_id: String,
    #[serde(default)]
    initiation_method: String,
    channel: String,
    #[serde(default)]
    initiation_timestamp: Option<String>,
    #[serde(default)]
    disconnect_timestamp: Option<String>,
    #[serde(default, alias = "AgentInfo")]
    agent_info: Option<Agent>,
    #[serde(default, alias = "CustomerEndpoint")]
    customer_endpoint: Option<Endpoint>,
    #[serde(default, alias = "Recording")]
    recording: Option<Recording>,
    #[serde(default, alias = "InstanceArn")]
    instance_arn: Option<String>,
}

#[derive(Deserialize)]
struct Agent {
    #[serde(default, rename = "agentArn", alias = "AgentArn")]
    agent_arn: Option<String>,
    #[serde(
        default,
        rename = "connectedToAgentTimestamp",
        alias = "ConnectedToAgentTimestamp"
    )]
    connected_to_agent_timestamp: Option<String>,
}

#[derive(Deserialize)]
struct Endpoint {
    #[serde(default, alias = "Address")]
    address: Option<String>,
}

#[derive(Deserialize)]
struct Recording {
    #[serde(default, alias = "Location")]
    location: Option<String>,
}

fn instant(field: &str, raw: Option<&str>) -> Result<Option<Timestamp>, String> {
    raw.map(|raw| {
        raw.parse::<Timestamp>()
            .map_err(|_| format!("{field} \"{raw}\" is not an RFC 3339 time"))
    })
    .transpose()
}

impl ContactEvent {
    /// Reads an EventBridge event; none when it is not an Amazon Connect contact event, why
    /// when it cannot be read.
    pub fn from_eventbridge(event: &serde_json::Value) -> Result<Option<ContactEvent>, String> {
        let text = |key: &str| {
            event
                .get(key)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
        };
        let other = |given: &str, wanted: &str| !given.is_empty() && given != wanted;
        if other(text("source"), "aws.connect")
            || other(text("detail-type"), "Amazon Connect Contact Event")
        {
            return Ok(None);
        }
        let detail = event
            .get("detail")
            .cloned()
            .ok_or("the event has no detail")?;
        let detail: Detail = serde_json::from_value(detail)
            .map_err(|e| format!("the event does not have the expected fields: {e}"))?;
        let agent = detail.agent_info.as_ref();
        Ok(Some(ContactEvent {
            event_type: detail.event_type,
            contact_id: detail.contact_id,
            initiation_method: detail.initiation_method,
            channel: detail.channel,
            agent: agent.and_then(|a| a.agent_arn.clone()),
            number: detail.customer_endpoint.and_then(|e| e.address),
            instance_id: detail
                .instance_arn
                .as_deref()
                .and_then(|arn| arn.rsplit_once("instance/"))
                .map(|(_, id)| id.to_string())
                .filter(|id| !id.is_empty()),
            initiated_at: instant(
                "initiationTimestamp",
                detail.initiation_timestamp.as_deref(),
            )?,
            connected_at: instant(
                "connectedToAgentTimestamp",
                agent.and_then(|a| a.connected_to_agent_timestamp.as_deref()),
            )?,
            disconnected_at: instant(
                "disconnectTimestamp",
                detail.disconnect_timestamp.as_deref(),
            )?,
            recording_url: detail
                .recording
                .and_then(|r| r.location)
                .and_then(|l| worklane_domain::parse_url(&l).ok()),
        }))
    }
}

/// What an event did.
#[derive(Debug, Clone, PartialEq)]
pub enum EventOutcome {
    /// The call as it now stands on its rep's slat.
    Applied(Box<LiveCall>),
    /// Nothing for the slat: another channel, no agent yet, or an unknown agent.
    Ignored(&'static str),
}

/// A provider id fit for a key: 1 to 128 letters, digits, `-`, `_`, `:` or `.`.
fn provider_id_ok(raw: &str) -> bool {
    (1..=128).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b))
}

impl Calls<'_> {
    /// Applies one contact event.
    pub async fn contact_event(&self, event: ContactEvent) -> Result<EventOutcome, CoreError> {
        if !event.channel.eq_ignore_ascii_case("voice") {
            return Ok(EventOutcome::Ignored("not a voice call"));
        }
        if !provider_id_ok(&event.contact_id) {
            return Err(worklane_domain::FieldErrors::single(
                "contactId",
                "a contact id has 1 to 128 letters, digits, - _ : or .",
            )
            .into());
        }
        let existing = records::by_provider(self.store, &event.contact_id).await?;
        let record = match existing {
            Some(record) => record,
            None => match self.start_from(&event).await? {
                Some(record) => record,
                None => return Ok(EventOutcome::Ignored("no Worklane user answered the call")),
            },
        };
        let id = record.view.id.clone();
        let kind = event.event_type.to_ascii_uppercase();
        let record = match kind.as_str() {
            "CONNECTED_TO_AGENT" => {
                let at = event.connected_at.unwrap_or_else(Timestamp::now);
                self.update(&id, |call| {
                    if call.view.state != LiveCallState::Ringing {
                        return false;
                    }
                    call.view.state = LiveCallState::Connected;
                    call.view.connected_at = Some(at);
                    true
                })
                .await?
            }
            "DISCONNECTED" | "COMPLETED" => {
                let at = event.disconnected_at.unwrap_or_else(Timestamp::now);
                let recording = event.recording_url.clone();
                self.update(&id, |call| {
                    let add = call.view.recording_url.is_none() && recording.is_some();
                    if add {
                        call.view.recording_url = recording.clone();
                    }
                    add
                })
                .await?;
                self.ended(&id, at).await?
            }
            _ => record,
        };
        Ok(EventOutcome::Applied(Box::new(record.view)))
    }

    /// A call the phone system reports for the first time, once it names its agent.
    async fn start_from(&self, event: &ContactEvent) -> Result<Option<CallRecord>, CoreError> {
        let Some(agent) = event.agent.as_deref() else {
            return Ok(None);
        };
        let Some(user) = self.agent_user(agent).await? else {
            tracing::warn!(agent, "a call reached an agent who is no Worklane user");
            return Ok(None);
        };
        let system = Access::system(SystemTask::InboundMessages);
        let phone = event.number.as_deref().and_then(|n| Phone::parse(n).ok());
        let contact = match &phone {
            Some(phone) => {
                Contacts::new(self.store)
                    .find_by_phone(&system, phone)
                    .await?
            }
            None => None,
        };
        let direction = match event.initiation_method.to_ascii_uppercase().as_str() {
            "OUTBOUND" | "API" => Direction::Outbound,
            _ => Direction::Inbound,
        };
        let started_at = event
            .initiated_at
            .or(event.connected_at)
            .unwrap_or_else(Timestamp::now);
        let record = CallRecord {
            view: LiveCall {
                id: crate::ids::new_call_id(),
                direction,
                number: phone.map(|p| p.to_string()),
                contact_id: contact.as_ref().map(|c| c.id.clone()),
                contact_name: contact.as_ref().map(|c| c.name.to_string()),
                user,
                state: LiveCallState::Ringing,
                started_at,
                connected_at: None,
                ended_at: None,
                interaction_id: None,
                note: String::new(),
                order_id: None,
                work_items: Vec::new(),
                recording_url: None,
                version: 1,
            },
            provider_id: Some(event.contact_id.clone()),
            on_slat: true,
        };
        let writes = vec![
            record.write(None)?,
            records::provider_claim(&event.contact_id, &record.view.id)?,
        ];
        match self.store.transact(writes).await {
            Ok(()) => Ok(Some(record)),
            // The same event twice at once: the other delivery made the call.
            Err(worklane_store::StoreError::ConditionFailed { .. }) => {
                records::by_provider(self.store, &event.contact_id).await
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The Worklane user an agent ARN's last part names: their id, or their email.
    async fn agent_user(&self, agent: &str) -> Result<Option<UserId>, CoreError> {
        let name = agent.rsplit('/').next().unwrap_or(agent).trim();
        if name.is_empty() {
            return Ok(None);
        }
        let users = crate::users::Users::new(self.store);
        if crate::ids::is_well_formed(name)
            && let Some((user, _)) = users.load(&UserId::from_raw(name)).await?
            && !user.disabled
        {
            return Ok(Some(UserId::from_raw(name)));
        }
        if let Ok(email) = worklane_domain::Email::parse(name)
            && let Some((user, _)) = users.load_by_email(&email).await?
            && !user.disabled
        {
            return Ok(Some(user.id));
        }
        Ok(None)
    }
}
