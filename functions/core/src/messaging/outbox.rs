//! The local messaging adapter: nothing leaves the machine; each message is kept in the
//! store, newest first, and shown by `GET /api/outbox`.

use std::sync::Arc;

use worklane_domain::{Channel, InteractionId, OutboxMessage, Page, Timestamp};
use worklane_store::{Condition, Cursor, Item, ItemStore, Query};

use super::{Messaging, OutgoingEmail, OutgoingSms, SendError, interaction_being_sent};
use crate::{CoreError, keys};

/// Keeps every message instead of sending it.
#[derive(Clone)]
pub struct Outbox {
    store: Arc<dyn ItemStore>,
}

/// Messages on one page of the outbox.
pub const PAGE_SIZE: usize = 50;

impl Outbox {
    pub fn new(store: Arc<dyn ItemStore>) -> Self {
        Self { store }
    }

    async fn keep(
        &self,
        channel: Channel,
        to: &str,
        subject: Option<&str>,
        body: &str,
    ) -> Result<String, SendError> {
        let message = OutboxMessage {
            id: format!("outbox-{}", uuid::Uuid::now_v7().simple()),
            interaction_id: interaction_being_sent().unwrap_or_else(|| InteractionId::from_raw("")),
            channel,
            to: to.into(),
            subject: subject.map(str::to_string),
            body: body.into(),
            at: Timestamp::now(),
        };
        let kept = async {
            let item = Item::new(
                keys::OUTBOX,
                keys::by_time(message.at, &message.id),
                &message,
            )?;
            self.store.put(item, Condition::NotExists).await
        };
        match kept.await {
            Ok(()) => Ok(message.id),
            Err(error) => {
                tracing::warn!(%error, "the local outbox could not keep a message");
                Err(SendError(
                    "the local outbox could not keep the message; try again".into(),
                ))
            }
        }
    }

    /// What was "sent", newest first.
    pub(crate) async fn list(
        store: &dyn ItemStore,
        cursor: Option<String>,
    ) -> Result<Page<OutboxMessage>, CoreError> {
        let query = Query::partition(keys::OUTBOX)
            .newest_first()
            .limit(PAGE_SIZE)
            .after(cursor.map(Cursor::from_client));
        let page = store.query(query).await?;
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|i| i.decode().map_err(CoreError::from))
                .collect::<Result<_, _>>()?,
            next_cursor: page.next.map(String::from),
        })
    }
}

#[async_trait::async_trait]
impl Messaging for Outbox {
    async fn send_email(&self, email: &OutgoingEmail) -> Result<String, SendError> {
        self.keep(Channel::Email, &email.to, Some(&email.subject), &email.body)
            .await
    }

    async fn send_sms(&self, sms: &OutgoingSms) -> Result<String, SendError> {
        self.keep(Channel::Sms, &sms.to, None, &sms.body).await
    }
}
