//! Who an inbound message is from: the contact with that email address or phone number, or
//! else a New Lead, owned by the active reps in turn (a round-robin counter).

use serde::{Deserialize, Serialize};
use worklane_domain::{ContactFields, ContactKind, ContactView, Email, PersonName, Phone, Role};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::users::Users;
use crate::{Access, Contacts, CoreError, SystemTask, keys, retry};

#[derive(Debug, Default, Serialize, Deserialize)]
struct LeadCounter {
    given: u64,
}

/// The contact an email address belongs to, or a New Lead with it, named by the sender's
/// display name when there is one.
pub(crate) async fn by_email(
    store: &dyn ItemStore,
    email: &Email,
    display_name: Option<&str>,
) -> Result<ContactView, CoreError> {
    let contacts = Contacts::new(store);
    let system = Access::system(SystemTask::InboundMessages);
    if let Some(contact) = contacts.find_by_email(&system, email).await? {
        return Ok(contact);
    }
    let name = display_name
        .and_then(|n| PersonName::parse(n).ok())
        .or_else(|| PersonName::parse(email.as_str()).ok())
        .ok_or_else(|| CoreError::Internal("an email address is not a name".into()))?;
    match new_lead(store, name, vec![email.clone()], Vec::new()).await {
        Ok(contact) => Ok(contact),
        // Another message from the same sender made the lead first: use it.
        Err(CoreError::Invalid(_)) => contacts
            .find_by_email(&system, email)
            .await?
            .ok_or_else(|| CoreError::Internal("the new lead's email is claimed".into())),
        Err(e) => Err(e),
    }
}

/// The oldest contact with this phone number, or a New Lead named by it.
pub(crate) async fn by_phone(
    store: &dyn ItemStore,
    phone: &Phone,
) -> Result<ContactView, CoreError> {
    let system = Access::system(SystemTask::InboundMessages);
    if let Some(contact) = Contacts::new(store).find_by_phone(&system, phone).await? {
        return Ok(contact);
    }
    let name = PersonName::parse(phone.as_str()).map_err(CoreError::Internal)?;
    let owner = next_owner(store).await?;
    let fields = ContactFields {
        name,
        kind: ContactKind::Prospect,
        emails: Vec::new(),
        phones: vec![phone.clone()],
        owner_id: Some(owner.clone()),
        new_lead: true,
    };
    let contact = Contacts::new(store)
        .insert_lead_for_phone(fields, owner, phone)
        .await?;
    tracing::info!(contact = %contact.id, owner = %contact.owner_id, "an unknown number is a New Lead");
    Ok(contact)
}

async fn new_lead(
    store: &dyn ItemStore,
    name: PersonName,
    emails: Vec<Email>,
    phones: Vec<Phone>,
) -> Result<ContactView, CoreError> {
    let owner = next_owner(store).await?;
    let fields = ContactFields {
        name,
        kind: ContactKind::Prospect,
        emails,
        phones,
        owner_id: Some(owner.clone()),
        new_lead: true,
    };
    let contact = Contacts::new(store)
        .insert(
            &Access::system(SystemTask::InboundMessages),
            fields,
            owner.clone(),
            owner,
        )
        .await?;
    tracing::info!(contact = %contact.id, owner = %contact.owner_id, "an unknown sender became a New Lead");
    Ok(contact)
}

/// The next owner of a New Lead: the active reps in turn (by id, so the order is stable as
/// people join); with no active rep, the active managers, else the active admins.
pub(crate) async fn next_owner(
    store: &dyn ItemStore,
) -> Result<worklane_domain::UserId, CoreError> {
    let team = Users::new(store).team().await?;
    let mut candidates = Vec::new();
    for role in [Role::Rep, Role::Manager, Role::Admin] {
        candidates = team
            .iter()
            .filter(|m| m.role == role && !m.disabled)
            .map(|m| m.id.clone())
            .collect();
        if !candidates.is_empty() {
            break;
        }
    }
    candidates.sort();
    if candidates.is_empty() {
        return Err(CoreError::Internal(
            "there is no active user to own a new lead".into(),
        ));
    }
    for attempt in 0..retry::ATTEMPTS {
        let counter = store.get(keys::COUNTER, keys::LEADS_COUNTER).await?;
        let (given, condition, version) = match &counter {
            Some(item) => (
                item.decode::<LeadCounter>()?.given,
                Condition::VersionIs(item.version),
                item.version + 1,
            ),
            None => (0, Condition::NotExists, 1),
        };
        let next = Item::new(
            keys::COUNTER,
            keys::LEADS_COUNTER,
            &LeadCounter { given: given + 1 },
        )?
        .with_version(version);
        match store.put(next, condition).await {
            Ok(()) => return Ok(candidates[(given % candidates.len() as u64) as usize].clone()),
            Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CoreError::Busy)
}
