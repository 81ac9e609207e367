//! The shop settings record: where links into the shop point and how orders name their
//! advisor. Until an admin saves some, links follow Magento's default admin paths under the
//! shop's base URL.

use worklane_domain::{Attribution, ShopSettings, ShopSettingsEdit};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::{CoreError, keys};

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    order_url: String,
    customer_url: String,
    storefront_url: String,
    attribution: Attribution,
}

/// Magento's own admin paths under `base_url` (its admin front name being `admin`).
fn defaults(base_url: Option<&str>) -> ShopSettings {
    let base = base_url.map(|b| b.trim_end_matches('/')).unwrap_or("");
    let under = |path: &str| {
        if base.is_empty() {
            String::new()
        } else {
            format!("{base}{path}")
        }
    };
    ShopSettings {
        order_url: under("/admin/sales/order/view/order_id/{entity_id}/"),
        customer_url: under("/admin/customer/index/edit/id/{customer_id}/"),
        storefront_url: under("/"),
        attribution: Attribution::AdminPanelComment,
        version: 0,
    }
}

/// The settings as saved, else the defaults for the shop at `base_url`.
pub(crate) async fn load(
    store: &dyn ItemStore,
    base_url: Option<&str>,
) -> Result<ShopSettings, CoreError> {
    match store.get(keys::SHOP, keys::SETTINGS).await? {
        Some(item) => {
            let stored: Stored = item.decode()?;
            Ok(ShopSettings {
                order_url: stored.order_url,
                customer_url: stored.customer_url,
                storefront_url: stored.storefront_url,
                attribution: stored.attribution,
                version: item.version,
            })
        }
        None => Ok(defaults(base_url)),
    }
}

/// Saves an edit made on `edit.version`; someone else's save in between is a conflict.
pub(crate) async fn save(
    store: &dyn ItemStore,
    edit: ShopSettingsEdit,
    base_url: Option<&str>,
) -> Result<ShopSettings, CoreError> {
    let edit = edit.validate()?;
    let version = edit.version;
    let stored = Stored {
        order_url: edit.order_url,
        customer_url: edit.customer_url,
        storefront_url: edit.storefront_url,
        attribution: edit.attribution,
    };
    let item = Item::new(keys::SHOP, keys::SETTINGS, &stored)?.with_version(version + 1);
    let condition = if version == 0 {
        Condition::NotExists
    } else {
        Condition::VersionIs(version)
    };
    match store.put(item, condition).await {
        Ok(()) => load(store, base_url).await,
        Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
            what: "the shop settings",
            current: serde_json::to_value(load(store, base_url).await?).unwrap_or_default(),
        }),
        Err(e) => Err(e.into()),
    }
}
