//! The organisation chart's repository. The whole chart is one item (an admin edits and saves it
//! whole); beside it a small stamp carries its version. Every request reads the stamp, and the
//! chart itself only when the stamp says the one this process holds is old.

mod reindex;

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccessLevel, Department, FieldErrors, OrgChart, OrgIndex, Placement, ReindexProgress,
    RuleParty, SharingRule, SuperiorScope, UserGroup, UserId,
};
use worklane_store::{Condition, Item, ItemStore, StoreError, Write};

pub use reindex::Reindex;

use crate::users::Users;
use crate::{Access, CoreError, keys};

/// The most the stored chart may weigh: well inside DynamoDB's 400 KB per item.
const MAX_CHART_BYTES: usize = 300_000;

/// The chart as stored.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
struct OrgRecord {
    departments: Vec<DepartmentRecord>,
    groups: Vec<GroupRecord>,
    placements: Vec<PlacementRecord>,
    #[serde(default)]
    sharing_rules: Vec<RuleRecord>,
    superior_scope: SuperiorScope,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RuleRecord {
    key: String,
    name: String,
    source: PartyRecord,
    target: PartyRecord,
    level: AccessLevel,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum PartyRecord {
    User { id: UserId },
    Department { key: String },
    Group { key: String },
}

impl From<&RuleParty> for PartyRecord {
    fn from(party: &RuleParty) -> Self {
        match party {
            RuleParty::User { id } => PartyRecord::User { id: id.clone() },
            RuleParty::Department { key } => PartyRecord::Department { key: key.clone() },
            RuleParty::Group { key } => PartyRecord::Group { key: key.clone() },
        }
    }
}

impl From<PartyRecord> for RuleParty {
    fn from(party: PartyRecord) -> Self {
        match party {
            PartyRecord::User { id } => RuleParty::User { id },
            PartyRecord::Department { key } => RuleParty::Department { key },
            PartyRecord::Group { key } => RuleParty::Group { key },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DepartmentRecord {
    key: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    head: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct GroupRecord {
    key: String,
    name: String,
    members: Vec<UserId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PlacementRecord {
    user: UserId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reports_to: Option<UserId>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct OrgStamp {
    version: u64,
}

impl OrgRecord {
    fn from_chart(chart: &OrgChart) -> Self {
        OrgRecord {
            departments: chart
                .departments
                .iter()
                .map(|d| DepartmentRecord {
                    key: d.key.clone(),
                    name: d.name.clone(),
                    parent: d.parent.clone(),
                    head: d.head.clone(),
                })
                .collect(),
            groups: chart
                .groups
                .iter()
                .map(|g| GroupRecord {
                    key: g.key.clone(),
                    name: g.name.clone(),
                    members: g.members.clone(),
                })
                .collect(),
            placements: chart
                .placements
                .iter()
                .filter(|p| p.department.is_some() || p.reports_to.is_some())
                .map(|p| PlacementRecord {
                    user: p.user.clone(),
                    department: p.department.clone(),
                    reports_to: p.reports_to.clone(),
                })
                .collect(),
            sharing_rules: chart
                .sharing_rules
                .iter()
                .map(|r| RuleRecord {
                    key: r.key.clone(),
                    name: r.name.clone(),
                    source: (&r.source).into(),
                    target: (&r.target).into(),
                    level: r.level,
                })
                .collect(),
            superior_scope: chart.superior_scope,
        }
    }

    fn chart(self, version: u64) -> OrgChart {
        OrgChart {
            departments: self
                .departments
                .into_iter()
                .map(|d| Department {
                    key: d.key,
                    name: d.name,
                    parent: d.parent,
                    head: d.head,
                })
                .collect(),
            groups: self
                .groups
                .into_iter()
                .map(|g| UserGroup {
                    key: g.key,
                    name: g.name,
                    members: g.members,
                })
                .collect(),
            placements: self
                .placements
                .into_iter()
                .map(|p| Placement {
                    user: p.user,
                    department: p.department,
                    reports_to: p.reports_to,
                })
                .collect(),
            sharing_rules: self
                .sharing_rules
                .into_iter()
                .map(|r| SharingRule {
                    key: r.key,
                    name: r.name,
                    source: r.source.into(),
                    target: r.target.into(),
                    level: r.level,
                })
                .collect(),
            superior_scope: self.superior_scope,
            version,
        }
    }
}

/// The chart this process read last, shared by every request.
#[derive(Default)]
pub(crate) struct OrgCache(RwLock<Option<Arc<OrgIndex>>>);

impl OrgCache {
    fn get(&self, version: u64) -> Option<Arc<OrgIndex>> {
        let held = self.0.read().ok()?;
        held.as_ref().filter(|o| o.version == version).cloned()
    }

    fn keep(&self, org: Arc<OrgIndex>) {
        if let Ok(mut held) = self.0.write()
            && held.as_ref().is_none_or(|h| h.version <= org.version)
        {
            *held = Some(org);
        }
    }
}

/// The organisation: departments, placements, groups, and how far superiors see.
pub struct Organisation<'a> {
    store: &'a dyn ItemStore,
    cache: &'a OrgCache,
}

impl<'a> Organisation<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore, cache: &'a OrgCache) -> Self {
        Self { store, cache }
    }

    /// The chart as an admin edits it (empty, version 0, before the first save).
    pub async fn chart(&self) -> Result<OrgChart, CoreError> {
        Self::chart_in(self.store).await
    }

    /// The chart stored in `store`, for a repository with no cache at hand.
    pub(crate) async fn chart_in(store: &dyn ItemStore) -> Result<OrgChart, CoreError> {
        Ok(match store.get(keys::SETTINGS, keys::ORG).await? {
            Some(item) => item.decode::<OrgRecord>()?.chart(item.version),
            None => OrgChart::default(),
        })
    }

    /// The chart in force, arranged for the policy: read again only when it changed.
    pub(crate) async fn current(&self) -> Result<Arc<OrgIndex>, CoreError> {
        let version = match self.store.get(keys::SETTINGS, keys::ORG_STAMP).await? {
            Some(item) => item.decode::<OrgStamp>()?.version,
            None => 0,
        };
        if let Some(org) = self.cache.get(version) {
            return Ok(org);
        }
        let org = Arc::new(OrgIndex::new(&self.chart().await?));
        self.cache.keep(org.clone());
        Ok(org)
    }

    /// The job that re-indexes records after the chart changed.
    pub fn reindex(&self) -> Reindex<'a> {
        Reindex::new(self.store, self.cache)
    }

    /// Saves the chart an admin edited on `chart.version`, after checking it is one tree with
    /// no one above themselves and names only existing users, and plans the re-index of the
    /// records of every owner whose scopes the change altered. Returns the chart as saved and
    /// the re-index job's progress.
    pub async fn save(
        &self,
        access: &Access,
        chart: OrgChart,
    ) -> Result<(OrgChart, ReindexProgress), CoreError> {
        access.require_admin_to("change the organisation")?;
        let chart = chart.validate()?;
        self.check_users_exist(&chart).await?;
        let before = self.chart().await?;
        let version = chart.version;
        let record = OrgRecord::from_chart(&chart);
        let size = serde_json::to_vec(&record).map_or(usize::MAX, |json| json.len());
        if size > MAX_CHART_BYTES {
            return Err(FieldErrors::single(
                "placements",
                format!(
                    "the organisation is too large to keep as one chart ({} KB; at most {} KB): \
                     fewer group members or placements",
                    size / 1000,
                    MAX_CHART_BYTES / 1000
                ),
            )
            .into());
        }
        let condition = match version {
            0 => Condition::NotExists,
            v => Condition::VersionIs(v),
        };
        let writes = vec![
            Write::Put {
                item: Item::new(keys::SETTINGS, keys::ORG, &record)?.with_version(version + 1),
                condition,
            },
            Write::Put {
                item: Item::new(
                    keys::SETTINGS,
                    keys::ORG_STAMP,
                    &OrgStamp {
                        version: version + 1,
                    },
                )?,
                condition: Condition::Always,
            },
        ];
        match self.store.transact(writes).await {
            Ok(()) => {
                let saved = record.chart(version + 1);
                self.cache.keep(Arc::new(OrgIndex::new(&saved)));
                let owners = reindex::owners_affected(&before, &saved);
                let progress = self.reindex().plan(owners).await?;
                Ok((saved, progress))
            }
            Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
                what: "the organisation",
                current: serde_json::to_value(self.chart().await?).unwrap_or_default(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    async fn check_users_exist(&self, chart: &OrgChart) -> Result<(), CoreError> {
        let named = chart.users_named();
        if named.is_empty() {
            return Ok(());
        }
        let team: BTreeSet<UserId> = Users::new(self.store)
            .team()
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let mut errors = FieldErrors::new();
        for (user, field) in named {
            if !team.contains(user) {
                errors.add(field, format!("there is no user {user}"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into())
        }
    }
}

/// The organisation a save indexes a record under: the one the user's access was built with
/// (shared, not copied), or for a system task the one stored now.
pub(crate) async fn org_for_saving(
    store: &dyn ItemStore,
    access: &Access,
) -> Result<Arc<OrgIndex>, CoreError> {
    match access.org() {
        Some(org) => Ok(org.clone()),
        None => Ok(Arc::new(OrgIndex::new(
            &Organisation::chart_in(store).await?,
        ))),
    }
}
