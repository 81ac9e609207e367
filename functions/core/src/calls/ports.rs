//! The phone system behind a port: Amazon Connect on AWS, a simulated phone on one machine.
//! Calls it reports arrive as contact events ([`super::events`]); what the app starts —
//! click-to-call, hanging up — goes through [`Telephony`].

use async_trait::async_trait;
use worklane_domain::{Phone, UserId};

/// A call the phone system started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialed {
    /// The phone system's id of the call (Connect's `ContactId`).
    pub provider_id: String,
    /// Whether the other end answered at once (the simulated phone's contacts always do);
    /// otherwise a contact event says when.
    pub answered: bool,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("the phone system refused the call: {0}")]
pub struct TelephonyError(pub String);

#[async_trait]
pub trait Telephony: Send + Sync {
    /// Rings `to` and connects it to `agent`'s phone.
    async fn dial(&self, agent: &UserId, to: &Phone) -> Result<Dialed, TelephonyError>;
    /// Ends the call.
    async fn hang_up(&self, provider_id: &str) -> Result<(), TelephonyError>;
}

/// The local demo's phone: every number answers at once, and the rep ends the call.
pub struct SimulatedPhone;

#[async_trait]
impl Telephony for SimulatedPhone {
    async fn dial(&self, _: &UserId, _: &Phone) -> Result<Dialed, TelephonyError> {
        Ok(Dialed {
            provider_id: format!("simulated-{}", crate::ids::new_run_id()),
            answered: true,
        })
    }

    async fn hang_up(&self, _: &str) -> Result<(), TelephonyError> {
        Ok(())
    }
}
