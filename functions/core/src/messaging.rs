//! The messaging port: how an outbound email or SMS leaves Worklane. On AWS an adapter over
//! Amazon SES and SNS implements it (crate `worklane-messaging-aws`); locally the [`Outbox`]
//! keeps each message in the store instead, so a newcomer can see what was "sent".

mod outbox;
mod switchable;

use worklane_domain::InteractionId;

pub use outbox::Outbox;
pub use switchable::SwitchableOutbox;

/// An email as it leaves: addresses as text, a plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An SMS as it leaves; `to` is a phone number with its digits and a leading `+` when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms {
    pub to: String,
    pub body: String,
}

/// Sends email and SMS. Each call returns the provider's message id, or why the message was
/// not sent in words a rep can act on (they are shown on the interaction).
#[async_trait::async_trait]
pub trait Messaging: Send + Sync {
    async fn send_email(&self, email: &OutgoingEmail) -> Result<String, SendError>;
    async fn send_sms(&self, sms: &OutgoingSms) -> Result<String, SendError>;
}

/// Why a message was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError(pub String);

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SendError {}

tokio::task_local! {
    /// The interaction a send is for, set around every call of the port, for adapters that
    /// record it (the local outbox shows which interaction each message belongs to).
    static SENDING: InteractionId;
}

/// Runs `send` as the sending of interaction `id`.
pub(crate) async fn sending<T>(id: InteractionId, send: impl Future<Output = T>) -> T {
    SENDING.scope(id, send).await
}

/// The interaction being sent, when called from within [`sending`].
pub fn interaction_being_sent() -> Option<InteractionId> {
    SENDING.try_with(Clone::clone).ok()
}
