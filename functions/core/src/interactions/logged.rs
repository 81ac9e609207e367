//! What a rep records by hand: a call they had, a note, a reminder for later. None of these
//! lands in an inbox when it is made; a reminder lands in its creator's Unread when it falls
//! due (`reminders.rs`).

use worklane_domain::{
    CallLog, Channel, ContactId, Direction, InteractionView, LogCall, NewNote, NewReminder,
    Timestamp,
};

use super::{InteractionRecord, Interactions};
use crate::Access;
use crate::{Actor, Contacts, CoreError};

impl Interactions<'_> {
    /// Logs a call with the contact; the contact's first number is the other end.
    pub async fn log_call(
        &self,
        access: &Access,
        contact: &ContactId,
        request: LogCall,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let CallLog {
            direction,
            details,
            note,
            work_item,
            order_id,
            started_at,
        } = request.validate()?;
        let contact = Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?;
        self.check_work_item(access, &contact.id, work_item).await?;
        let number = contact.phones.first().map(|p| p.to_string());
        let (from, to) = match direction {
            Direction::Inbound => (number, None),
            _ => (None, number),
        };
        let view = InteractionView {
            direction,
            from,
            to,
            call: Some(details),
            at: started_at.unwrap_or_else(Timestamp::now),
            linked_order: order_id.map(crate::shop::links::pending),
            ..self.internal(actor, &contact.id, Channel::Call, note, work_item)
        };
        self.insert(&InteractionRecord::new(view.clone()), None)
            .await?;
        if let Some(linked) = &view.linked_order {
            let others = self.recheck_others(&linked.order_id, &view.id).await?;
            if !others.is_empty() {
                // A call changed meanwhile is checked again anyway: its own change set it.
                match self.store.transact(others).await {
                    Ok(()) | Err(worklane_store::StoreError::ConditionFailed { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(view)
    }

    pub async fn add_note(
        &self,
        access: &Access,
        contact: &ContactId,
        request: NewNote,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let draft = request.validate()?;
        Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?;
        self.check_work_item(access, contact, draft.work_item)
            .await?;
        let view = self.internal(actor, contact, Channel::Note, draft.body, draft.work_item);
        self.insert(&InteractionRecord::new(view.clone()), None)
            .await?;
        Ok(view)
    }

    /// A reminder for the actor, due at `request.remind_at` (in the future).
    pub async fn set_reminder(
        &self,
        access: &Access,
        contact: &ContactId,
        request: NewReminder,
    ) -> Result<InteractionView, CoreError> {
        let actor = access.actor()?;
        let draft = request.validate()?;
        Contacts::new(self.store)
            .get_to_change(access, contact)
            .await?;
        self.check_work_item(access, contact, draft.work_item)
            .await?;
        let view = InteractionView {
            remind_at: Some(request.remind_at),
            ..self.internal(
                actor,
                contact,
                Channel::Reminder,
                draft.body,
                draft.work_item,
            )
        };
        let mut record = InteractionRecord::new(view.clone());
        record.pending = true;
        self.insert(&record, None).await?;
        Ok(view)
    }

    /// A new interaction by the actor, now, with nobody outside.
    fn internal(
        &self,
        actor: &Actor,
        contact: &ContactId,
        channel: Channel,
        body: String,
        work_item: Option<u64>,
    ) -> InteractionView {
        InteractionView {
            work_item,
            by: Some(actor.id.clone()),
            body,
            ..super::new_view(contact, channel, Direction::Internal, Timestamp::now())
        }
    }
}
