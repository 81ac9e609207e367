//! The shop's records in the table: orders (by the number people see, on their contact's
//! list), which contact each shop customer is, and each contact's shop accounts and totals.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ContactId, OrderLine, OrderView, ShopAccount, ShopSettings, Timestamp, fill_pattern,
};
use worklane_store::{Condition, Index, Item, ItemStore, StoreError, Write};

use crate::{CoreError, keys};

/// An order as synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OrderRecord {
    pub increment_id: String,
    pub entity_id: u64,
    pub created_at: Timestamp,
    /// Magento's `updated_at` as it sent it: a newer one replaces this record.
    pub updated_at: String,
    pub status: String,
    pub total_cents: i64,
    pub currency: String,
    pub customer_email: String,
    #[serde(default)]
    pub customer_id: Option<u64>,
    #[serde(default)]
    pub contact_id: Option<ContactId>,
    pub lines: Vec<OrderLine>,
    /// The name in "Order Placed by {name} using Admin Panel", when the history has it.
    #[serde(default)]
    pub placed_by_comment: Option<String>,
    /// The order's other short text attributes (top level and `extension_attributes`), for
    /// an attribution by a named attribute.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

impl OrderRecord {
    /// Counts towards the contact's lifetime value.
    pub fn counts(&self) -> bool {
        !self.status.eq_ignore_ascii_case("canceled") && !self.status.eq_ignore_ascii_case("closed")
    }

    pub fn item(&self, version: u64) -> Result<Item, StoreError> {
        let mut item =
            Item::new(keys::order(&self.increment_id), keys::ORDER, self)?.with_version(version);
        if let Some(contact) = &self.contact_id {
            item = item.with_index(
                Index::GSI1,
                keys::contact_orders(contact),
                keys::by_time(self.created_at, &self.increment_id),
            );
        }
        Ok(item)
    }

    /// Who placed it, as `settings` say the shop records it.
    pub fn created_by(&self, settings: &ShopSettings) -> Option<String> {
        match &settings.attribution {
            worklane_domain::Attribution::AdminPanelComment => self.placed_by_comment.clone(),
            worklane_domain::Attribution::Attribute { name } => self
                .attributes
                .get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
        }
    }

    pub fn admin_url(&self, settings: &ShopSettings) -> Option<String> {
        fill_pattern(
            &settings.order_url,
            &[
                ("entity_id", &self.entity_id.to_string()),
                ("increment_id", &self.increment_id),
            ],
        )
    }

    pub fn view(&self, settings: &ShopSettings) -> OrderView {
        OrderView {
            increment_id: self.increment_id.clone(),
            entity_id: self.entity_id,
            created_at: self.created_at,
            status: self.status.clone(),
            total_cents: self.total_cents,
            currency: self.currency.clone(),
            customer_email: self.customer_email.clone(),
            contact_id: self.contact_id.clone(),
            lines: self.lines.clone(),
            created_by: self.created_by(settings),
            admin_url: self.admin_url(settings),
        }
    }
}

/// The order with this number, and its version.
pub(crate) async fn load_order(
    store: &dyn ItemStore,
    increment_id: &str,
) -> Result<Option<(OrderRecord, u64)>, CoreError> {
    match store.get(&keys::order(increment_id), keys::ORDER).await? {
        Some(item) => Ok(Some((item.decode()?, item.version))),
        None => Ok(None),
    }
}

/// Which contact a shop customer is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CustomerLink {
    pub contact_id: ContactId,
    pub email: String,
}

pub(crate) async fn load_customer(
    store: &dyn ItemStore,
    customer_id: u64,
) -> Result<Option<CustomerLink>, CoreError> {
    match store
        .get(&keys::shop_customer(customer_id), keys::LINK)
        .await?
    {
        Some(item) => Ok(Some(item.decode()?)),
        None => Ok(None),
    }
}

pub(crate) fn customer_write(customer_id: u64, link: &CustomerLink) -> Result<Write, CoreError> {
    Ok(Write::Put {
        item: Item::new(keys::shop_customer(customer_id), keys::LINK, link)?,
        condition: Condition::Always,
    })
}

/// A shop account as kept on its contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AccountRecord {
    pub customer_id: u64,
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// A contact's shop accounts and order totals, kept as orders arrive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ContactShop {
    #[serde(default)]
    pub accounts: Vec<AccountRecord>,
    #[serde(default)]
    pub orders_count: u32,
    #[serde(default)]
    pub lifetime_cents: i64,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub last_order_at: Option<Timestamp>,
    #[serde(default)]
    pub synced_at: Option<Timestamp>,
}

impl ContactShop {
    pub fn accounts(&self, settings: &ShopSettings) -> Vec<ShopAccount> {
        self.accounts
            .iter()
            .map(|a| ShopAccount {
                customer_id: a.customer_id,
                email: a.email.clone(),
                name: a.name.clone(),
                created_at: a.created_at,
                admin_url: fill_pattern(
                    &settings.customer_url,
                    &[("customer_id", &a.customer_id.to_string())],
                ),
            })
            .collect()
    }

    /// Takes `order` in, replacing `before` (the same order as it was stored).
    pub fn count(&mut self, order: &OrderRecord, before: Option<&OrderRecord>) {
        let value = |o: &OrderRecord| if o.counts() { o.total_cents } else { 0 };
        match before {
            Some(old) => self.lifetime_cents += value(order) - value(old),
            None => {
                self.orders_count += 1;
                self.lifetime_cents += value(order);
            }
        }
        self.currency.get_or_insert_with(|| order.currency.clone());
        if self.last_order_at.is_none_or(|at| at < order.created_at) {
            self.last_order_at = Some(order.created_at);
        }
    }

    /// Adds or refreshes an account; false when nothing changed.
    pub fn keep_account(&mut self, account: AccountRecord) -> bool {
        match self
            .accounts
            .iter_mut()
            .find(|a| a.customer_id == account.customer_id)
        {
            Some(existing) if *existing == account => false,
            Some(existing) => {
                *existing = account;
                true
            }
            None => {
                self.accounts.push(account);
                true
            }
        }
    }
}

pub(crate) async fn load_contact_shop(
    store: &dyn ItemStore,
    contact: &ContactId,
) -> Result<(ContactShop, u64), CoreError> {
    match store.get(&keys::contact(contact), keys::SHOP).await? {
        Some(item) => Ok((item.decode()?, item.version)),
        None => Ok((ContactShop::default(), 0)),
    }
}

pub(crate) fn contact_shop_write(
    contact: &ContactId,
    shop: &ContactShop,
    version: u64,
) -> Result<Write, CoreError> {
    Ok(Write::Put {
        item: Item::new(keys::contact(contact), keys::SHOP, shop)?.with_version(version + 1),
        condition: if version == 0 {
            Condition::NotExists
        } else {
            Condition::VersionIs(version)
        },
    })
}
