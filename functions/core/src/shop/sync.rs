//! The shop sync: what changed in the shop's customers and orders since the cursors, onto the
//! contacts. Each shop customer is linked to the contact with that email (a customer without
//! one becomes a contact, its owner routed as imports route); each order is stored with its
//! lines on its contact, who becomes a Customer; the contact's totals follow.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ContactFields, ContactId, ContactKind, Email, PersonName, Phone, RoutingSettings, SyncCounts,
    Timestamp,
};
use worklane_store::{ItemStore, StoreError, Write};

use super::decode::{self, Customer};
use super::ports::{SHOP_PAGE, ShopReader};
use super::records::{self, AccountRecord, CustomerLink, OrderRecord};
use crate::imports::ports::{Position, SourceError};
use crate::imports::routing;
use crate::work_items::assigned;
use crate::{Access, Contacts, CoreError, SystemTask, keys, retry};

/// The most rows of each kind one sync reads; the rest wait for the next.
const MAX_ROWS: usize = 5_000;

/// The user who creates contacts for shop customers.
pub const SHOP_USER: &str = "system-shop";

/// Where the sync stands.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct SyncState {
    #[serde(default)]
    pub customers: Option<Position>,
    #[serde(default)]
    pub orders: Option<Position>,
    #[serde(default)]
    pub last_at: Option<Timestamp>,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub last_counts: SyncCounts,
}

pub(crate) async fn load_state(store: &dyn ItemStore) -> Result<(SyncState, u64), CoreError> {
    match store.get(keys::SHOP, keys::SYNC).await? {
        Some(item) => Ok((item.decode()?, item.version)),
        None => Ok((SyncState::default(), 0)),
    }
}

async fn update_state(
    store: &dyn ItemStore,
    change: impl Fn(&mut SyncState),
) -> Result<(), CoreError> {
    for attempt in 0..retry::ATTEMPTS {
        let (mut state, version) = load_state(store).await?;
        change(&mut state);
        let item =
            worklane_store::Item::new(keys::SHOP, keys::SYNC, &state)?.with_version(version + 1);
        let condition = if version == 0 {
            worklane_store::Condition::NotExists
        } else {
            worklane_store::Condition::VersionIs(version)
        };
        match store.put(item, condition).await {
            Ok(()) => return Ok(()),
            Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CoreError::Busy)
}

/// Takes shop rows in, one at a time.
pub(crate) struct Syncer<'a> {
    store: &'a dyn ItemStore,
    system: Access,
    pub counts: SyncCounts,
}

impl<'a> Syncer<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self {
            store,
            system: Access::system(SystemTask::Shop),
            counts: SyncCounts::default(),
        }
    }

    /// Everything changed since the cursors, each cursor saved after each page; an
    /// unreachable shop stops the sync and keeps the cursors where they were.
    pub async fn since_cursors(&mut self, shop: &dyn ShopReader) -> Result<(), SyncFailure> {
        let (state, _) = load_state(self.store).await?;
        let mut cursor = state.customers;
        let mut read = 0;
        while read < MAX_ROWS {
            let page = shop.customers_after(cursor.as_ref(), SHOP_PAGE).await?;
            for row in &page {
                match decode::customer(&row.body) {
                    Ok(customer) => {
                        self.take_customer(&customer).await?;
                    }
                    Err(why) => self.skip(&why),
                }
                cursor = Some(row.position.clone());
            }
            read += page.len();
            let at = cursor.clone();
            update_state(self.store, |s| s.customers = at.clone()).await?;
            if page.len() < SHOP_PAGE {
                break;
            }
        }
        let mut cursor = state.orders;
        let mut read = 0;
        while read < MAX_ROWS {
            let page = shop.orders_after(cursor.as_ref(), SHOP_PAGE).await?;
            for row in &page {
                match decode::order(&row.body) {
                    Ok(order) => {
                        self.take_order(order).await?;
                    }
                    Err(why) => self.skip(&why),
                }
                cursor = Some(row.position.clone());
            }
            read += page.len();
            let at = cursor.clone();
            update_state(self.store, |s| s.orders = at.clone()).await?;
            if page.len() < SHOP_PAGE {
                break;
            }
        }
        Ok(())
    }

    /// Records how the sync went.
    pub async fn finish(&self, error: Option<String>) -> Result<(), CoreError> {
        let counts = self.counts.clone();
        update_state(self.store, |s| {
            s.last_at = Some(Timestamp::now());
            s.last_error = error.clone();
            s.last_counts = counts.clone();
        })
        .await
    }

    pub fn skip(&mut self, why: &str) {
        tracing::warn!(why, "a shop row was skipped");
        self.counts.skipped += 1;
    }

    /// Links the customer to its contact (making one when nobody has the email).
    pub async fn take_customer(&mut self, customer: &Customer) -> Result<ContactId, CoreError> {
        self.counts.customers += 1;
        let contact = match records::load_customer(self.store, customer.id).await? {
            Some(link) => link.contact_id,
            None => {
                self.contact_for(
                    &customer.email,
                    Some(&customer.name),
                    customer.phone.clone(),
                    ContactKind::Prospect,
                )
                .await?
            }
        };
        let account = AccountRecord {
            customer_id: customer.id,
            email: customer.email.to_string(),
            name: customer.name.to_string(),
            created_at: customer.created_at,
        };
        for attempt in 0..retry::ATTEMPTS {
            let (mut shop, version) = records::load_contact_shop(self.store, &contact).await?;
            if !shop.keep_account(account.clone()) {
                return Ok(contact);
            }
            let writes = vec![
                records::contact_shop_write(&contact, &shop, version)?,
                records::customer_write(
                    customer.id,
                    &CustomerLink {
                        contact_id: contact.clone(),
                        email: customer.email.to_string(),
                    },
                )?,
            ];
            match self.store.transact(writes).await {
                Ok(()) => return Ok(contact),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// Stores the order on its contact (made a Customer), unless this version is stored.
    pub async fn take_order(&mut self, mut order: OrderRecord) -> Result<(), CoreError> {
        let linked = match order.customer_id {
            Some(id) => records::load_customer(self.store, id)
                .await?
                .map(|l| l.contact_id),
            None => None,
        };
        let contact = match (linked, Email::parse(&order.customer_email)) {
            (Some(contact), _) => Some(contact),
            (None, Ok(email)) => Some(
                self.contact_for(&email, None, None, ContactKind::Customer)
                    .await?,
            ),
            (None, Err(_)) => None,
        };
        order.contact_id = contact.clone();
        for attempt in 0..retry::ATTEMPTS {
            let stored = records::load_order(self.store, &order.increment_id).await?;
            if stored.as_ref().is_some_and(|(old, _)| *old == order) {
                return Ok(());
            }
            let (before, version) = match &stored {
                Some((old, v)) => (Some(old), *v),
                None => (None, 0),
            };
            let mut writes = vec![Write::Put {
                item: order.item(version + 1)?,
                condition: if version == 0 {
                    worklane_store::Condition::NotExists
                } else {
                    worklane_store::Condition::VersionIs(version)
                },
            }];
            if let Some(contact) = &contact {
                let (mut shop, shop_version) =
                    records::load_contact_shop(self.store, contact).await?;
                let same_contact = before.filter(|b| b.contact_id.as_ref() == Some(contact));
                shop.count(&order, same_contact);
                writes.push(records::contact_shop_write(contact, &shop, shop_version)?);
            }
            match self.store.transact(writes).await {
                Ok(()) => {
                    self.counts.orders += 1;
                    if let Some(contact) = &contact
                        && Contacts::new(self.store)
                            .become_customer(&self.system, contact)
                            .await?
                    {
                        self.counts.became_customers += 1;
                    }
                    return Ok(());
                }
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// The contact with this email, or a new one of `kind` owned by the next rep in turn.
    async fn contact_for(
        &mut self,
        email: &Email,
        name: Option<&PersonName>,
        phone: Option<Phone>,
        kind: ContactKind,
    ) -> Result<ContactId, CoreError> {
        let contacts = Contacts::new(self.store);
        for attempt in 0..retry::ATTEMPTS {
            if let Some(contact) = contacts.find_by_email(&self.system, email).await? {
                return Ok(contact.id);
            }
            let team = crate::users::Users::new(self.store).team().await?;
            let route = routing::route(
                self.store,
                &RoutingSettings::new("shop-customers"),
                &team,
                None,
            )
            .await?;
            let (owner, marker) = match route.chosen {
                Some((owner, condition)) => {
                    let marker = assigned::marker(&owner, Timestamp::now(), condition)?;
                    (owner, Some(marker))
                }
                // Nobody can receive one now: the first active admin keeps it meanwhile.
                None => match team.iter().find(|m| !m.disabled && m.role.may_reassign()) {
                    Some(member) => (member.id.clone(), None),
                    None => {
                        return Err(CoreError::Internal(
                            "no active user can own a new contact".into(),
                        ));
                    }
                },
            };
            let name = match name {
                Some(name) => name.clone(),
                None => PersonName::parse(email.as_str()).map_err(|why| {
                    CoreError::Internal(format!("no name for a shop contact: {why}"))
                })?,
            };
            let fields = ContactFields {
                name,
                kind,
                emails: vec![email.clone()],
                phones: phone.iter().cloned().collect(),
                owner_id: None,
                new_lead: true,
            };
            let (contact, mut writes) = contacts
                .lead_writes(
                    &self.system,
                    fields,
                    owner,
                    worklane_domain::UserId::from_raw(SHOP_USER),
                )
                .await?;
            writes.extend(marker);
            match self.store.transact(writes).await {
                Ok(()) => {
                    self.counts.contacts_created += 1;
                    return Ok(contact.id);
                }
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}

/// Why a sync stopped: the shop failed to answer, or the store failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SyncFailure {
    #[error(transparent)]
    Shop(#[from] SourceError),
    #[error(transparent)]
    Store(#[from] CoreError),
}

/// Notes when Sync with Magento last reloaded the contact.
pub(crate) async fn mark_contact_synced(
    store: &dyn ItemStore,
    contact: &ContactId,
    at: Timestamp,
) -> Result<(), CoreError> {
    for attempt in 0..retry::ATTEMPTS {
        let (mut shop, version) = records::load_contact_shop(store, contact).await?;
        shop.synced_at = Some(at);
        match store
            .transact(vec![records::contact_shop_write(contact, &shop, version)?])
            .await
        {
            Ok(()) => return Ok(()),
            Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CoreError::Busy)
}
