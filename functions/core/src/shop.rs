//! The Magento shop beside the CRM: its customers and orders synced onto the contacts (the
//! Status & Marketing panel, Sync with Magento), and the orders advisors link to their calls,
//! validated every night ([`validation`]) and reported per advisor and day ([`report`]).

mod decode;
pub(crate) mod links;
pub mod ports;
mod records;
mod report;
mod settings;
mod sync;
#[cfg(test)]
mod tests;
pub mod validation;

use serde::Serialize;
use worklane_domain::{
    ContactId, LinkedOrdersReport, OrderView, Page, ShopSettings, ShopSettingsEdit, ShopStatus,
    SyncCounts, Timestamp,
};
use worklane_store::{Cursor, Index, ItemStore, Query};

pub use links::{GRACE, call_window};
pub use sync::SHOP_USER;

use self::sync::{SyncFailure, Syncer};
use self::validation::{Checker, ValidationCounts};
use crate::imports::Imports;
use crate::{Access, Contacts, CoreError, keys};

/// Orders on one page of a contact's list.
pub const ORDERS_PAGE: usize = 20;

/// What the nightly job did: the sync, then the check (skipped when the sync could not reach
/// the shop, so nothing is judged on stale data and every link stays Pending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NightlyReport {
    pub sync: SyncCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_error: Option<String>,
    pub validation: Option<ValidationCounts>,
}

/// The shop's use cases.
pub struct Shop<'a> {
    store: &'a dyn ItemStore,
    imports: Imports<'a>,
}

impl<'a> Shop<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore, imports: Imports<'a>) -> Self {
        Self { store, imports }
    }

    async fn base_url(&self) -> Result<Option<String>, CoreError> {
        Ok(self
            .imports
            .connection(worklane_domain::ImportSource::AbandonedCarts)
            .await?
            .map(|c| c.base_url))
    }

    async fn current_settings(&self) -> Result<ShopSettings, CoreError> {
        settings::load(self.store, self.base_url().await?.as_deref()).await
    }

    /// The shop settings (managers and admins read them; only admins change them).
    pub async fn settings(&self, access: &Access) -> Result<ShopSettings, CoreError> {
        access.require_supervisor_to("see the shop settings")?;
        self.current_settings().await
    }

    pub async fn set_settings(
        &self,
        access: &Access,
        edit: ShopSettingsEdit,
    ) -> Result<ShopSettings, CoreError> {
        access.require_admin_to("change the shop settings")?;
        settings::save(self.store, edit, self.base_url().await?.as_deref()).await
    }

    /// The contact's Status & Marketing panel.
    pub async fn status(
        &self,
        access: &Access,
        contact: &ContactId,
    ) -> Result<ShopStatus, CoreError> {
        Contacts::new(self.store).get(access, contact).await?;
        let (shop, _) = records::load_contact_shop(self.store, contact).await?;
        // The connection is read once: for the links and for whether a shop is connected.
        let base_url = self.base_url().await?;
        let settings = settings::load(self.store, base_url.as_deref()).await?;
        Ok(ShopStatus {
            contact_id: contact.clone(),
            accounts: shop.accounts(&settings),
            orders_count: shop.orders_count,
            lifetime_cents: shop.lifetime_cents,
            currency: shop.currency.clone().unwrap_or_else(|| "USD".into()),
            last_order_at: shop.last_order_at,
            synced_at: shop.synced_at,
            shop_connected: base_url.is_some(),
        })
    }

    /// The contact's orders, newest first.
    pub async fn orders(
        &self,
        access: &Access,
        contact: &ContactId,
        cursor: Option<String>,
    ) -> Result<Page<OrderView>, CoreError> {
        Contacts::new(self.store).get(access, contact).await?;
        let settings = self.current_settings().await?;
        let page = self
            .store
            .query(
                Query::index(Index::GSI1, keys::contact_orders(contact))
                    .newest_first()
                    .limit(ORDERS_PAGE)
                    .after(cursor.map(Cursor::from_client)),
            )
            .await?;
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|item| Ok(item.decode::<records::OrderRecord>()?.view(&settings)))
                .collect::<Result<_, CoreError>>()?,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Reloads the contact's shop accounts, orders and open carts now.
    pub async fn sync_contact(
        &self,
        access: &Access,
        contact_id: &ContactId,
    ) -> Result<ShopStatus, CoreError> {
        let contact = Contacts::new(self.store).get(access, contact_id).await?;
        let reader = self.imports.shop_reader().await?;
        let mut syncer = Syncer::new(self.store);
        for email in &contact.emails {
            let customers = reader
                .customers_with_email(email.as_str())
                .await
                .map_err(upstream)?;
            for body in customers {
                match decode::customer(&body) {
                    Ok(customer) => {
                        syncer.take_customer(&customer).await?;
                    }
                    Err(why) => syncer.skip(&why),
                }
            }
            let orders = reader
                .orders_with_email(email.as_str(), 100)
                .await
                .map_err(upstream)?;
            for body in orders {
                match decode::order(&body) {
                    Ok(order) => syncer.take_order(order).await?,
                    Err(why) => syncer.skip(&why),
                }
            }
        }
        self.imports.sync_contact_carts(access, contact_id).await?;
        sync::mark_contact_synced(self.store, contact_id, Timestamp::now()).await?;
        self.status(access, contact_id).await
    }

    /// The hourly sync of everything changed in the shop since the cursors. One at a time: a
    /// sync finding another running answers at once.
    pub async fn sync(&self) -> Result<SyncCounts, CoreError> {
        self.sync_unless_running()
            .await?
            .ok_or_else(|| CoreError::WrongState {
                message: "the shop is being synced right now; try again when that sync ends".into(),
                current: serde_json::Value::Null,
            })
    }

    /// The sync, or none when another is running.
    async fn sync_unless_running(&self) -> Result<Option<SyncCounts>, CoreError> {
        let holder = crate::ids::new_run_id();
        if !crate::lease::take(self.store, keys::SHOP, &holder).await? {
            return Ok(None);
        }
        let result = self.sync_leased().await;
        crate::lease::release(self.store, keys::SHOP, &holder).await?;
        result.map(Some)
    }

    async fn sync_leased(&self) -> Result<SyncCounts, CoreError> {
        let reader = self.imports.shop_reader().await?;
        let mut syncer = Syncer::new(self.store);
        let outcome = syncer.since_cursors(reader.as_ref()).await;
        let error = outcome.as_ref().err().map(ToString::to_string);
        syncer.finish(error).await?;
        match outcome {
            Ok(()) => Ok(syncer.counts),
            Err(SyncFailure::Shop(e)) => Err(upstream(e)),
            Err(SyncFailure::Store(e)) => Err(e),
        }
    }

    /// The nightly job: the sync, then every linked order due at `now` checked. A sync already
    /// running (the hourly one) is not waited for: an order it has not stored yet is looked
    /// up by its number.
    pub async fn nightly(&self, now: Timestamp) -> Result<NightlyReport, CoreError> {
        let sync = match self.sync_unless_running().await {
            Ok(counts) => counts.unwrap_or_default(),
            Err(e @ (CoreError::Upstream(_) | CoreError::WrongState { .. })) => {
                return Ok(NightlyReport {
                    sync: SyncCounts::default(),
                    sync_error: Some(e.to_string()),
                    validation: None,
                });
            }
            Err(e) => return Err(e),
        };
        let validation = self.validate(now).await?;
        Ok(NightlyReport {
            sync,
            sync_error: None,
            validation: Some(validation),
        })
    }

    /// Checks every linked order due at `now` (after a sync: see [`Shop::nightly`]).
    pub async fn validate(&self, now: Timestamp) -> Result<ValidationCounts, CoreError> {
        let reader = self.imports.shop_reader().await.ok();
        let mut checker = Checker {
            store: self.store,
            settings: self.current_settings().await?,
            team: crate::users::Users::new(self.store).team().await?,
            shop: reader.as_deref(),
            counts: ValidationCounts::default(),
        };
        checker.all_due(now).await?;
        Ok(checker.counts)
    }

    /// The Linked orders report over `from..=to` (days, `YYYY-MM-DD`, New York time): every
    /// advisor for admins, a manager's own and their reports' for managers.
    pub async fn report(
        &self,
        access: &Access,
        from: &str,
        to: &str,
    ) -> Result<LinkedOrdersReport, CoreError> {
        access.require_supervisor_to("see the linked orders report")?;
        let me = access.actor()?.id.clone();
        let org = access.org().cloned();
        let admin = access.is_admin();
        // Admins see every advisor; a manager their own calls and those of who reports to them.
        let shown = move |advisor: &worklane_domain::UserId| {
            admin
                || *advisor == me
                || org
                    .as_ref()
                    .is_some_and(|org| org.superiors(advisor).iter().any(|(boss, _)| *boss == me))
        };
        report::build(self.store, from, to, shown).await
    }
}

fn upstream(e: crate::imports::ports::SourceError) -> CoreError {
    CoreError::Upstream(format!("the shop could not be read: {e}"))
}
