//! The core's outbound messaging port, mirrored here until `worklane_core::messaging` exists
//! with exactly this shape; then this module becomes `pub use worklane_core::messaging::*`.

/// An email to send. `from` is the configured sender (`WORKLANE_EMAIL_FROM`), which SES must
/// have verified (the address or its domain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An SMS to send. `to` is an E.164 number (`+15551234567`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingSms {
    pub to: String,
    pub body: String,
}

/// Why a message was not sent, in words fit to show the rep on the failed interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError(pub String);

#[async_trait::async_trait]
pub trait Messaging: Send + Sync {
    /// The provider's message id, or why it could not be sent (shown to the rep).
    async fn send_email(&self, email: &OutgoingEmail) -> Result<String, SendError>;
    async fn send_sms(&self, sms: &OutgoingSms) -> Result<String, SendError>;
}
