//! Looking accounts up by name, and the service desk's setting of how service staff may look
//! up accounts and contacts (seed 003's "Service Staff Query Type"): fuzzily — two characters
//! or more, ten results at most — or only by a whole name (a contact's whole email address or
//! phone number too), so they cannot fish for customers they should not know.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use worklane_domain::{AccountHit, Role, ServiceSettings, StaffQuery};
use worklane_store::{Condition, Item, ItemStore, Query, StoreError};

use super::Accounts;
use super::visibility::AccountSearchEntry;
use crate::{Access, CoreError, Holding, Object, keys, search};

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct ServiceRecord {
    staff_query: StaffQuery,
}

/// The repository of the service desk's settings.
pub struct ServiceSettingsStore<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> ServiceSettingsStore<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// The settings in force (fuzzy, version 0, before any save).
    pub async fn load(&self) -> Result<ServiceSettings, CoreError> {
        Ok(
            match self
                .store
                .get(keys::SETTINGS, keys::SERVICE_SETTINGS)
                .await?
            {
                Some(item) => ServiceSettings {
                    staff_query: item.decode::<ServiceRecord>()?.staff_query,
                    version: item.version,
                },
                None => ServiceSettings::default(),
            },
        )
    }

    /// Saves the settings an admin edited on `settings.version`.
    pub async fn save(
        &self,
        access: &Access,
        settings: ServiceSettings,
    ) -> Result<ServiceSettings, CoreError> {
        access.require_admin_to("change how service staff look up customers")?;
        let record = ServiceRecord {
            staff_query: settings.staff_query,
        };
        let version = settings.version;
        let condition = match version {
            0 => Condition::NotExists,
            v => Condition::VersionIs(v),
        };
        let item =
            Item::new(keys::SETTINGS, keys::SERVICE_SETTINGS, &record)?.with_version(version + 1);
        match self.store.put(item, condition).await {
            Ok(()) => Ok(ServiceSettings {
                staff_query: record.staff_query,
                version: version + 1,
            }),
            Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
                what: "the service desk's settings",
                current: serde_json::to_value(self.load().await?).unwrap_or_default(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// How `access` may look customers up: exact for service staff when the setting says so,
    /// fuzzy for everyone else.
    pub(crate) async fn mode_for(&self, access: &Access) -> Result<StaffQuery, CoreError> {
        match access.actor() {
            Ok(actor) if actor.role == Role::ServiceStaff => Ok(self.load().await?.staff_query),
            _ => Ok(StaffQuery::Fuzzy),
        }
    }
}

impl Accounts<'_> {
    /// Up to ten accounts `access` may see whose name (or a word of it) begins with the
    /// query, whole names first; in exact mode only those whose whole name it is.
    pub async fn search(&self, access: &Access, raw: &str) -> Result<Vec<AccountHit>, CoreError> {
        let query = search::parse_query(raw)?;
        if query.chars().count() < search::MIN_QUERY_CHARS {
            return Ok(Vec::new());
        }
        let mode = ServiceSettingsStore::new(self.store)
            .mode_for(access)
            .await?;
        let partition = keys::account_search_partition(&query);
        let whole = Query::partition(&partition)
            .begins_with(format!("{query}#"))
            .limit(search::MAX_HITS * 3);
        let (exact, prefix) = match mode {
            StaffQuery::Exact => (self.store.query(whole).await?, None),
            StaffQuery::Fuzzy => {
                let prefix = Query::partition(&partition)
                    .begins_with(query.clone())
                    .limit(search::MAX_HITS * 3);
                let (exact, prefix) =
                    tokio::try_join!(self.store.query(whole), self.store.query(prefix))?;
                (exact, Some(prefix))
            }
        };
        let decode = |page: worklane_store::Page| -> Result<Vec<AccountSearchEntry>, CoreError> {
            page.items
                .iter()
                .map(|i| i.decode().map_err(CoreError::from))
                .collect()
        };
        let sees = |entry: &AccountSearchEntry| {
            access.sees_all(Object::Account)
                || access.sees(Holding::account(&entry.owner_id).with_team(&entry.team))
        };
        let exact: Vec<AccountSearchEntry> = decode(exact)?
            .into_iter()
            .filter(|e| mode == StaffQuery::Fuzzy || search::normalize(&e.name) == query)
            .collect();
        let prefix = match prefix {
            Some(page) => decode(page)?,
            None => Vec::new(),
        };
        let mut seen = BTreeSet::new();
        Ok(exact
            .into_iter()
            .map(|e| (e, true))
            .chain(prefix.into_iter().map(|e| (e, false)))
            .filter(|(entry, _)| sees(entry) && seen.insert(entry.id.clone()))
            .take(search::MAX_HITS)
            .map(|(entry, exact)| AccountHit {
                id: entry.id,
                name: entry.name,
                exact,
            })
            .collect())
    }
}
