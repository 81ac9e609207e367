//! The local outbox with a switch that makes every send fail: how tests (and a curious
//! newcomer) see a failed send, its reason, and a retry that goes through.

use std::sync::{Arc, Mutex};

use worklane_store::ItemStore;

use super::{Messaging, Outbox, OutgoingEmail, OutgoingSms, SendError};

pub struct SwitchableOutbox {
    outbox: Outbox,
    failure: Mutex<Option<String>>,
}

impl SwitchableOutbox {
    pub fn new(store: Arc<dyn ItemStore>) -> Self {
        Self {
            outbox: Outbox::new(store),
            failure: Mutex::new(None),
        }
    }

    /// Every send from now on fails with `reason`.
    pub fn fail_with(&self, reason: impl Into<String>) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(reason.into());
    }

    /// Sends go to the outbox again.
    pub fn recover(&self) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn failure(&self) -> Result<(), SendError> {
        match self
            .failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            Some(reason) => Err(SendError(reason)),
            None => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl Messaging for SwitchableOutbox {
    async fn send_email(&self, email: &OutgoingEmail) -> Result<String, SendError> {
        self.failure()?;
        self.outbox.send_email(email).await
    }

    async fn send_sms(&self, sms: &OutgoingSms) -> Result<String, SendError> {
        self.failure()?;
        self.outbox.send_sms(sms).await
    }
}
