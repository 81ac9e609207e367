use serde::{Deserialize, Serialize};
use worklane_domain::{Sharing, SharingDefaults, SharingSettings};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use super::Access;
use crate::{CoreError, keys};

/// The org-wide defaults as stored: one item, read once per request.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct SharingRecord {
    contacts: Sharing,
    /// Absent in records saved before work items had a default.
    #[serde(default)]
    work_items: Option<Sharing>,
    #[serde(default)]
    work_orders: Option<Sharing>,
}

impl From<SharingRecord> for SharingDefaults {
    fn from(record: SharingRecord) -> Self {
        let defaults = SharingDefaults::default();
        SharingDefaults {
            contacts: record.contacts,
            work_items: record.work_items.unwrap_or(defaults.work_items),
            work_orders: record.work_orders.unwrap_or(defaults.work_orders),
        }
    }
}

/// The repository of the org-wide sharing defaults.
pub struct SharingSettingsStore<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> SharingSettingsStore<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// The defaults in force, with their version (0 and the defaults before any save).
    pub async fn load(&self) -> Result<SharingSettings, CoreError> {
        Ok(match self.store.get(keys::SETTINGS, keys::SHARING).await? {
            Some(item) => SharingSettings {
                defaults: item.decode::<SharingRecord>()?.into(),
                version: item.version,
            },
            None => SharingSettings {
                defaults: SharingDefaults::default(),
                version: 0,
            },
        })
    }

    /// Saves the defaults an admin edited on `settings.version`. They apply from each user's
    /// next request.
    pub async fn save(
        &self,
        access: &Access,
        settings: SharingSettings,
    ) -> Result<SharingSettings, CoreError> {
        access.require_admin_to("change who may see what")?;
        let record = SharingRecord {
            contacts: settings.defaults.contacts,
            work_items: Some(settings.defaults.work_items),
            work_orders: Some(settings.defaults.work_orders),
        };
        let version = settings.version;
        let condition = match version {
            0 => Condition::NotExists,
            v => Condition::VersionIs(v),
        };
        let item = Item::new(keys::SETTINGS, keys::SHARING, &record)?.with_version(version + 1);
        match self.store.put(item, condition).await {
            Ok(()) => Ok(SharingSettings {
                defaults: record.into(),
                version: version + 1,
            }),
            Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
                what: "who may see what",
                current: serde_json::to_value(self.load().await?).unwrap_or_default(),
            }),
            Err(e) => Err(e.into()),
        }
    }
}
