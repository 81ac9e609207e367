//! Calls from the Call Slat become call interactions: filed once (on Save, or when the call
//! ends), then kept up to date as the rep edits the note or the call's length becomes known.

use worklane_domain::{
    CallDetails, CallOutcome, Channel, ContactId, Direction, InteractionId, InteractionView,
    Timestamp, UserId,
};
use worklane_store::{Condition, StoreError, Write};

use super::{InteractionRecord, Interactions};
use crate::{CoreError, retry};

/// A call as the slat files it.
#[derive(Debug, Clone)]
pub(crate) struct FiledCall {
    pub contact: ContactId,
    pub by: UserId,
    pub direction: Direction,
    pub number: Option<String>,
    pub at: Timestamp,
    pub outcome: CallOutcome,
    pub duration_seconds: u32,
    pub note: String,
    pub recording_url: Option<String>,
    pub order_id: Option<String>,
}

impl Interactions<'_> {
    /// Files the call on its contact's timeline.
    pub(crate) async fn file_call(&self, call: FiledCall) -> Result<InteractionView, CoreError> {
        let (from, to) = match call.direction {
            Direction::Inbound => (call.number.clone(), None),
            _ => (None, call.number.clone()),
        };
        let view = InteractionView {
            by: Some(call.by.clone()),
            from,
            to,
            body: call.note.clone(),
            call: Some(CallDetails {
                outcome: call.outcome,
                duration_seconds: call.duration_seconds,
                recording_url: call.recording_url.clone(),
            }),
            linked_order: call.order_id.clone().map(crate::shop::links::pending),
            ..super::new_view(&call.contact, Channel::Call, call.direction, call.at)
        };
        self.insert(&InteractionRecord::new(view.clone()), None)
            .await?;
        if let Some(linked) = &view.linked_order {
            let others = self.recheck_others(&linked.order_id, &view.id).await?;
            if !others.is_empty() {
                match self.store.transact(others).await {
                    Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(view)
    }

    /// Brings a filed call's note, outcome and length up to date (the order id goes through
    /// [`Interactions::link_order`], which holds its rules).
    pub(crate) async fn refresh_call(
        &self,
        id: &InteractionId,
        note: &str,
        outcome: CallOutcome,
        duration_seconds: u32,
        recording_url: Option<&str>,
    ) -> Result<InteractionView, CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            let mut record = self.require(id).await?;
            let details = CallDetails {
                outcome,
                duration_seconds,
                recording_url: recording_url.map(str::to_string),
            };
            if record.view.body == note && record.view.call.as_ref() == Some(&details) {
                return Ok(record.view);
            }
            let version = record.view.version;
            record.view.body = note.to_string();
            record.view.call = Some(details);
            record.view.version += 1;
            let write = Write::Put {
                item: record.item()?,
                condition: Condition::VersionIs(version),
            };
            match self.store.transact(vec![write]).await {
                Ok(()) => return Ok(record.view),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}
