//! Outbound email and SMS. The interaction is recorded first (Sending, and filed in the
//! sender's Read as their archive), then sent through the messaging port, then marked Sent
//! or Failed with the reason. A failed send is kept and can be retried: nothing is lost.
//! A provider that does not answer within [`SEND_TIMEOUT`] fails the send; a send left
//! `Sending` for [`STALE_SENDING`] (its process died before marking it) can be retried too.

use std::time::Duration;

use worklane_domain::{
    Channel, ComposeEmail, ComposeSms, ContactId, Delivery, Direction, FieldErrors,
    InteractionView, Role, Timestamp,
};
use worklane_store::{Condition, StoreError};

use super::{InteractionRecord, Interactions};
use crate::Access;
use crate::messaging::{self, OutgoingEmail, OutgoingSms, SendError};
use crate::users::Users;
use crate::{Actor, Contacts, CoreError, retry};

/// How long the provider may take to accept a message: short enough that the API Lambda
/// (`Timeout: 10` in infra/template.yaml) still marks the send Failed before it is stopped.
pub(crate) const SEND_TIMEOUT: Duration = Duration::from_secs(7);

/// The failure recorded when the provider did not answer within [`SEND_TIMEOUT`].
pub(crate) const TIMED_OUT: &str = "the provider did not answer in time; retry";

/// How long a send may stay `Sending` before it counts as abandoned and may be retried:
/// well past [`SEND_TIMEOUT`] and any Lambda's own timeout.
pub(crate) const STALE_SENDING: Duration = Duration::from_secs(5 * 60);

/// The longest failure reason kept.
const MAX_REASON: usize = 500;

/// The provider's reason, trimmed and cut to a sentence that fits the screen.
fn readable(SendError(reason): &SendError) -> String {
    let reason = reason.trim();
    if reason.is_empty() {
        return "the message could not be sent; try again".into();
    }
    reason.chars().take(MAX_REASON).collect()
}

impl Interactions<'_> {
    /// Emails the contact, at `request.to` or the contact's primary address, from the
    /// deployment's sender address or, without one, the rep's own.
    pub async fn send_email(
        &self,
        access: &Access,
        contact: &ContactId,
        request: ComposeEmail,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let draft = request.validate()?;
        let contact = Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?;
        let to = match draft.to {
            Some(to) => to,
            None => contact.emails.first().cloned().ok_or_else(|| {
                FieldErrors::single(
                    "to",
                    "the contact has no email address; type the one to write to",
                )
            })?,
        };
        self.check_work_item(access, &contact.id, draft.work_item)
            .await?;
        let from = match self.email_from {
            Some(address) => address.to_string(),
            None => {
                let (sender, _) = Users::new(self.store)
                    .load(&actor.id)
                    .await?
                    .ok_or(CoreError::Unauthenticated)?;
                sender.email.to_string()
            }
        };
        let view = InteractionView {
            work_item: draft.work_item,
            by: Some(actor.id.clone()),
            from: Some(from),
            to: Some(to.to_string()),
            subject: Some(draft.subject),
            body: draft.body,
            delivery: Some(Delivery::Sending),
            ..super::new_view(
                &contact.id,
                Channel::Email,
                Direction::Outbound,
                Timestamp::now(),
            )
        };
        self.record_and_send(actor, contact.name.as_str(), view)
            .await
    }

    /// Texts the contact, at `request.to` or the contact's first phone number.
    pub async fn send_sms(
        &self,
        access: &Access,
        contact: &ContactId,
        request: ComposeSms,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let draft = request.validate()?;
        let contact = Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?;
        let to = match draft.to {
            Some(to) => to,
            None => contact.phones.first().cloned().ok_or_else(|| {
                FieldErrors::single(
                    "to",
                    "the contact has no phone number; type the one to text",
                )
            })?,
        };
        self.check_work_item(access, &contact.id, draft.work_item)
            .await?;
        let view = InteractionView {
            work_item: draft.work_item,
            by: Some(actor.id.clone()),
            to: Some(to.to_string()),
            body: draft.body,
            delivery: Some(Delivery::Sending),
            ..super::new_view(
                &contact.id,
                Channel::Sms,
                Direction::Outbound,
                Timestamp::now(),
            )
        };
        self.record_and_send(actor, contact.name.as_str(), view)
            .await
    }

    async fn record_and_send(
        &self,
        actor: &Actor,
        contact_name: &str,
        view: InteractionView,
    ) -> Result<InteractionView, CoreError> {
        let mut record = InteractionRecord::new(view);
        record.inbox_of = Some(actor.id.clone());
        record.sending_since = Some(record.view.at);
        let entry = record.entry(contact_name, true, record.view.at);
        self.insert(&record, Some((&actor.id, &entry))).await?;
        self.deliver(record).await
    }

    /// Sends a failed email or SMS again, or one left `Sending` for [`STALE_SENDING`].
    /// Anything else is refused with 409 and the interaction as it is; two retries at once
    /// send it once. Only its sender, a manager or an admin may retry it.
    pub async fn retry(
        &self,
        access: &Access,
        id: &worklane_domain::InteractionId,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let mut record = self.require_to_change(access, id).await?;
        let sender = record.view.by.as_ref() == Some(&actor.id);
        if !sender && !matches!(actor.role, Role::Admin | Role::Manager) {
            return Err(CoreError::Forbidden(
                "only its sender, a manager or an admin can send this message again".into(),
            ));
        }
        let refuse = |view: &InteractionView| {
            let message = match view.delivery {
                Some(Delivery::Sent) => {
                    "this message was sent already; only a failed one is sent again"
                }
                Some(Delivery::Sending) => {
                    "this message is being sent; only a failed one, or one still sending \
                     after five minutes, is sent again"
                }
                _ => "only a failed email or SMS can be sent again",
            };
            CoreError::WrongState {
                message: message.into(),
                current: serde_json::to_value(view).unwrap_or_default(),
            }
        };
        let retryable = |record: &InteractionRecord| match record.view.delivery {
            Some(Delivery::Failed) => true,
            Some(Delivery::Sending) => is_stale(record, Timestamp::now()),
            _ => false,
        };
        if !retryable(&record) {
            return Err(refuse(&record.view));
        }
        let version = record.view.version;
        record.view.delivery = Some(Delivery::Sending);
        record.view.failure = None;
        record.view.version += 1;
        record.sending_since = Some(Timestamp::now());
        match self
            .store
            .put(record.item()?, Condition::VersionIs(version))
            .await
        {
            Ok(()) => self.deliver(record).await,
            Err(StoreError::ConditionFailed { .. }) => {
                let now = self.require(id).await?;
                match retryable(&now) {
                    true => Err(CoreError::Conflict {
                        what: "this message",
                        current: serde_json::to_value(&now.view).unwrap_or_default(),
                    }),
                    false => Err(refuse(&now.view)),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Sends the recorded message through the port and records the outcome on the latest
    /// version of the interaction (it may have been attached meanwhile).
    async fn deliver(&self, record: InteractionRecord) -> Result<InteractionView, CoreError> {
        let view = &record.view;
        let send = async {
            match view.channel {
                Channel::Email => {
                    let email = OutgoingEmail {
                        from: view.from.clone().unwrap_or_default(),
                        to: view.to.clone().unwrap_or_default(),
                        subject: view.subject.clone().unwrap_or_default(),
                        body: view.body.clone(),
                    };
                    self.messaging.send_email(&email).await
                }
                _ => {
                    let sms = OutgoingSms {
                        to: view.to.clone().unwrap_or_default(),
                        body: view.body.clone(),
                    };
                    self.messaging.send_sms(&sms).await
                }
            }
        };
        let outcome =
            match tokio::time::timeout(SEND_TIMEOUT, messaging::sending(view.id.clone(), send))
                .await
            {
                Ok(outcome) => outcome,
                Err(_) => Err(SendError(TIMED_OUT.into())),
            };
        if let Err(error) = &outcome {
            tracing::info!(interaction = %view.id, %error, "a message was not sent");
        }
        let id = view.id.clone();
        let mut current = record;
        for attempt in 0..retry::ATTEMPTS {
            if attempt > 0 {
                current = self.require(&id).await?;
            }
            let version = current.view.version;
            match &outcome {
                Ok(provider_id) => {
                    current.view.delivery = Some(Delivery::Sent);
                    current.view.failure = None;
                    current.provider_id = Some(provider_id.clone());
                }
                Err(error) => {
                    current.view.delivery = Some(Delivery::Failed);
                    current.view.failure = Some(readable(error));
                }
            }
            current.view.version = version + 1;
            match self
                .store
                .put(current.item()?, Condition::VersionIs(version))
                .await
            {
                Ok(()) => return Ok(current.view),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}

/// Whether a `Sending` record was left so long ago that its sender is gone.
fn is_stale(record: &InteractionRecord, now: Timestamp) -> bool {
    let since = record.sending_since.unwrap_or(record.view.at);
    now.duration_since(since)
        .try_into()
        .is_ok_and(|age: Duration| age >= STALE_SENDING)
}
