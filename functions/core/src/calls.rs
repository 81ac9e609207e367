//! Live calls and the Call Slat. A call starts from the phone system (an inbound call reaching
//! a rep, [`events`]) or from a click on a number (click-to-call through [`ports::Telephony`]);
//! it shows on its rep's slat with the contact (or "unknown number" and Create lead), a running
//! timer, a note, an order id and Create work item; Save files it as a call interaction (the
//! end of the call files it too), and the rep closes the slat when done. A call is its rep's
//! alone: anyone else is answered not found.

pub mod events;
pub mod ports;
mod records;
#[cfg(test)]
mod tests;

use worklane_domain::{
    CALL_WORK_ITEM_TYPES, CallId, CallLeadRequest, CallOutcome, ContactFields, ContactKind,
    DialRequest, Direction, FieldErrors, LinkOrderRequest, LiveCall, LiveCallState, PersonName,
    Phone, SaveCallRequest, Timestamp, WorkItemFromInteraction, WorkItemView,
};
use worklane_store::{Index, ItemStore, Query, StoreError};

use self::ports::Telephony;
use self::records::CallRecord;
use crate::interactions::FiledCall;
use crate::{Access, Contacts, CoreError, Interactions, keys, retry};

/// The most calls a slat shows at once.
pub const SLAT_CALLS: usize = 5;

/// The calls' use cases.
pub struct Calls<'a> {
    store: &'a dyn ItemStore,
    interactions: Interactions<'a>,
    telephony: Option<&'a dyn Telephony>,
}

impl<'a> Calls<'a> {
    pub(crate) fn new(
        store: &'a dyn ItemStore,
        interactions: Interactions<'a>,
        telephony: Option<&'a dyn Telephony>,
    ) -> Self {
        Self {
            store,
            interactions,
            telephony,
        }
    }

    /// The signed-in rep's calls on their slat, newest first.
    pub async fn on_slat(&self, access: &Access) -> Result<Vec<LiveCall>, CoreError> {
        let me = &access.actor()?.id;
        let page = self
            .store
            .query(
                Query::index(Index::GSI1, keys::slat(me))
                    .newest_first()
                    .limit(SLAT_CALLS),
            )
            .await?;
        page.items
            .iter()
            .map(|item| {
                let mut record: CallRecord = item.decode()?;
                record.view.version = item.version;
                Ok(record.view)
            })
            .collect()
    }

    /// The rep's own call; anyone else's is not found.
    async fn mine(&self, access: &Access, id: &CallId) -> Result<CallRecord, CoreError> {
        let me = &access.actor()?.id;
        records::load(self.store, id)
            .await?
            .filter(|record| &record.view.user == me)
            .ok_or(CoreError::NotFound("call"))
    }

    /// Click-to-call: rings the number through the phone system and puts the call on the
    /// rep's slat, with the contact the number belongs to.
    pub async fn dial(&self, access: &Access, request: DialRequest) -> Result<LiveCall, CoreError> {
        let me = access.actor()?.id.clone();
        let number = request.validate()?;
        let contacts = Contacts::new(self.store);
        let contact = match &request.contact_id {
            Some(id) => Some(contacts.get(access, id).await?),
            None => contacts.find_by_phone(access, &number).await?,
        };
        let telephony = self.telephony.ok_or_else(|| CoreError::WrongState {
            message: "no phone system is connected to this deployment".into(),
            current: serde_json::Value::Null,
        })?;
        let dialed = telephony
            .dial(&me, &number)
            .await
            .map_err(|e| CoreError::Upstream(e.to_string()))?;
        let now = Timestamp::now();
        let record = CallRecord {
            view: LiveCall {
                id: crate::ids::new_call_id(),
                direction: Direction::Outbound,
                number: Some(number.to_string()),
                contact_id: contact.as_ref().map(|c| c.id.clone()),
                contact_name: contact.as_ref().map(|c| c.name.to_string()),
                user: me,
                state: if dialed.answered {
                    LiveCallState::Connected
                } else {
                    LiveCallState::Ringing
                },
                started_at: now,
                connected_at: dialed.answered.then_some(now),
                ended_at: None,
                interaction_id: None,
                note: String::new(),
                order_id: None,
                work_items: Vec::new(),
                recording_url: None,
                version: 1,
            },
            provider_id: Some(dialed.provider_id.clone()),
            on_slat: true,
        };
        self.store
            .transact(vec![
                record.write(None)?,
                records::provider_claim(&dialed.provider_id, &record.view.id)?,
            ])
            .await?;
        Ok(record.view)
    }

    /// Hangs up: the phone system ends the call, which is filed if it was not yet.
    pub async fn end(&self, access: &Access, id: &CallId) -> Result<LiveCall, CoreError> {
        let record = self.mine(access, id).await?;
        if record.view.state != LiveCallState::Ended
            && let (Some(telephony), Some(provider)) = (self.telephony, &record.provider_id)
        {
            telephony
                .hang_up(provider)
                .await
                .map_err(|e| CoreError::Upstream(e.to_string()))?;
        }
        let ended = self.ended(id, Timestamp::now()).await?;
        Ok(ended.view)
    }

    /// Marks the call ended at `at` (once) and files it.
    pub(crate) async fn ended(&self, id: &CallId, at: Timestamp) -> Result<CallRecord, CoreError> {
        let record = self
            .update(id, |call| {
                if call.view.state == LiveCallState::Ended {
                    return false;
                }
                call.view.state = LiveCallState::Ended;
                call.view.ended_at = Some(at.max(call.view.started_at));
                true
            })
            .await?;
        self.file(record).await
    }

    /// Save: the note and the order id, filed on the call interaction (made now if needed).
    pub async fn save(
        &self,
        access: &Access,
        id: &CallId,
        request: SaveCallRequest,
    ) -> Result<LiveCall, CoreError> {
        let save = request.validate()?;
        self.mine(access, id).await?;
        let record = self
            .update(id, |call| {
                let changed = call.view.note != save.note || call.view.order_id != save.order_id;
                call.view.note = save.note.clone();
                call.view.order_id = save.order_id.clone();
                changed
            })
            .await?;
        let record = self.file(record).await?;
        if let Some(interaction) = &record.view.interaction_id {
            // The order id follows the interaction's rules (the author's, Pending again).
            self.interactions
                .link_order(
                    access,
                    interaction,
                    LinkOrderRequest {
                        order_id: record.view.order_id.clone(),
                    },
                )
                .await?;
        }
        Ok(record.view)
    }

    /// Closes the slat's panel for the call (an ended one; a live call stays).
    pub async fn close(&self, access: &Access, id: &CallId) -> Result<LiveCall, CoreError> {
        let record = self.mine(access, id).await?;
        if record.view.state != LiveCallState::Ended {
            return Err(CoreError::WrongState {
                message: "hang up before closing the call".into(),
                current: serde_json::to_value(&record.view).unwrap_or_default(),
            });
        }
        let record = self
            .update(id, |call| std::mem::replace(&mut call.on_slat, false))
            .await?;
        Ok(record.view)
    }

    /// Create lead: the unknown number becomes a Prospect flagged New Lead, owned by the rep.
    pub async fn create_lead(
        &self,
        access: &Access,
        id: &CallId,
        request: CallLeadRequest,
    ) -> Result<LiveCall, CoreError> {
        let record = self.mine(access, id).await?;
        if record.view.contact_id.is_some() {
            return Err(CoreError::WrongState {
                message: "the caller is already a contact".into(),
                current: serde_json::to_value(&record.view).unwrap_or_default(),
            });
        }
        let name =
            PersonName::parse(&request.name).map_err(|why| FieldErrors::single("name", why))?;
        let phones = record
            .view
            .number
            .as_deref()
            .and_then(|n| Phone::parse(n).ok())
            .into_iter()
            .collect();
        let fields = ContactFields {
            name,
            kind: ContactKind::Prospect,
            emails: Vec::new(),
            phones,
            owner_id: None,
            new_lead: true,
        };
        let contact = Contacts::new(self.store).create(access, fields).await?;
        let record = self
            .update(id, |call| {
                call.view.contact_id = Some(contact.id.clone());
                call.view.contact_name = Some(contact.name.to_string());
                true
            })
            .await?;
        Ok(self.file_if_ended(record).await?.view)
    }

    /// Create work item from the call: a Support Ticket or Product Info Query on the contact,
    /// the call interaction attached to it.
    pub async fn create_work_item(
        &self,
        access: &Access,
        id: &CallId,
        request: WorkItemFromInteraction,
    ) -> Result<WorkItemView, CoreError> {
        if !CALL_WORK_ITEM_TYPES.contains(&request.type_key.as_str()) {
            return Err(FieldErrors::single(
                "type_key",
                "a call creates a Support Ticket (support-ticket) or a Product Info Query (product-info-query)",
            )
            .into());
        }
        let record = self.mine(access, id).await?;
        if record.view.contact_id.is_none() {
            return Err(CoreError::WrongState {
                message: "create a lead for the caller first".into(),
                current: serde_json::to_value(&record.view).unwrap_or_default(),
            });
        }
        let record = self.file(record).await?;
        let interaction = record
            .view
            .interaction_id
            .clone()
            .ok_or_else(|| CoreError::Internal("a call with a contact was not filed".into()))?;
        let item = self
            .interactions
            .create_work_item(access, &interaction, request)
            .await?;
        self.update(id, |call| {
            call.view.work_items.push(item.number);
            true
        })
        .await?;
        Ok(item)
    }

    /// Files an ended call (one still live is filed when it ends or is saved).
    async fn file_if_ended(&self, record: CallRecord) -> Result<CallRecord, CoreError> {
        if record.view.state == LiveCallState::Ended {
            self.file(record).await
        } else {
            Ok(record)
        }
    }

    /// Files the call as an interaction on its contact, or brings the filed one up to date.
    /// A caller who is no contact yet is filed once the rep makes them a lead.
    async fn file(&self, record: CallRecord) -> Result<CallRecord, CoreError> {
        let call = &record.view;
        let Some(contact) = call.contact_id.clone() else {
            return Ok(record);
        };
        let now = Timestamp::now();
        let outcome = if call.connected_at.is_some() {
            CallOutcome::Answered
        } else {
            CallOutcome::Missed
        };
        let seconds = call.talked_seconds(now);
        match &call.interaction_id {
            Some(interaction) => {
                self.interactions
                    .refresh_call(
                        interaction,
                        &call.note,
                        outcome,
                        seconds,
                        call.recording_url.as_deref(),
                    )
                    .await?;
                Ok(record)
            }
            None => {
                let filed = self
                    .interactions
                    .file_call(FiledCall {
                        contact,
                        by: call.user.clone(),
                        direction: call.direction,
                        number: call.number.clone(),
                        at: call.started_at,
                        outcome,
                        duration_seconds: seconds,
                        note: call.note.clone(),
                        recording_url: call.recording_url.clone(),
                        order_id: call.order_id.clone(),
                    })
                    .await?;
                self.update(&call.id, |c| {
                    c.view.interaction_id = Some(filed.id.clone());
                    true
                })
                .await
            }
        }
    }

    /// Applies `change` to the call as stored and saves it, again on a concurrent change.
    pub(crate) async fn update(
        &self,
        id: &CallId,
        change: impl Fn(&mut CallRecord) -> bool,
    ) -> Result<CallRecord, CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            let mut record = records::load(self.store, id)
                .await?
                .ok_or(CoreError::NotFound("call"))?;
            if !change(&mut record) {
                return Ok(record);
            }
            let version = record.view.version;
            record.view.version += 1;
            match self
                .store
                .transact(vec![record.write(Some(version))?])
                .await
            {
                Ok(()) => return Ok(record),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}
