//! Who sees a work item: its assignee (the person in charge), its related team members (to
//! change it, or only to read it) and their superiors, the heads of the assignee's
//! departments, the sharing rules, and the org-wide default of its object: work orders are
//! private unless an admin says otherwise. An Obsolete work order is for admins only. Its
//! scope entries live in its partition and are written in its own transactions.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccessLevel, OrgIndex, StatusKind, TeamGrant, UserReach, VisibilityReason, WORK_ORDER,
    WhoCanSee, WorkItemView,
};
use worklane_store::{Index, Item, Query, StoreError, Write};

use super::{TypeRules, WorkItems};
use crate::access::{Scope, scopes_of, who_can_see};
use crate::org::org_for_saving;
use crate::scope_entries;
use crate::{Access, CoreError, Holding, Object, Reach, keys};

/// A work item's entry under one scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ScopeEntry {
    number: u64,
    reasons: Vec<VisibilityReason>,
}

impl TypeRules {
    /// Work orders are their own object, with their own org-wide default.
    pub(super) fn object(&self) -> Object {
        if self.workflow.key == WORK_ORDER {
            Object::WorkOrder
        } else {
            Object::WorkItem
        }
    }

    fn is_void(&self, view: &WorkItemView) -> bool {
        self.workflow
            .status(&view.status)
            .is_some_and(|s| s.kind == StatusKind::Void)
    }
}

/// The item's related team members, each to change it or to read it.
fn team_of(view: &WorkItemView) -> Vec<TeamGrant> {
    let grant = |level| {
        move |user: &worklane_domain::UserId| TeamGrant {
            user: user.clone(),
            level,
        }
    };
    view.team
        .iter()
        .map(grant(AccessLevel::Change))
        .chain(view.team_read.iter().map(grant(AccessLevel::Read)))
        .collect()
}

/// Runs `decide` on the facts of the item that decide who reaches it.
fn decide<R>(view: &WorkItemView, rules: &TypeRules, decide: impl FnOnce(Holding<'_>) -> R) -> R {
    let team = team_of(view);
    decide(Holding {
        object: rules.object(),
        owner: &view.assignee_id,
        team: &team,
        // Seed 003: an Obsolete work order is for admins only. A cancelled ticket stays
        // with those who worked it.
        void: rules.object() == Object::WorkOrder && rules.is_void(view),
    })
}

/// Every scope the item belongs to under `org`, with the reasons each stands for.
pub(super) fn scopes(
    view: &WorkItemView,
    rules: &TypeRules,
    org: &OrgIndex,
) -> std::collections::BTreeMap<Scope, Vec<VisibilityReason>> {
    decide(view, rules, |holding| scopes_of(holding, org))
}

/// Whether `access` may handle the item (see [`WorkItems::load_to_handle`]).
pub(super) fn check_handle(
    access: &Access,
    view: &WorkItemView,
    rules: &TypeRules,
) -> Result<(), CoreError> {
    decide(view, rules, |holding| access.check_handle(holding))
}

/// Every reason `access` reaches the item for.
pub(super) fn reasons(
    access: &Access,
    view: &WorkItemView,
    rules: &TypeRules,
) -> Vec<VisibilityReason> {
    decide(view, rules, |holding| access.reasons(holding))
}

impl WorkItems<'_> {
    /// The item and its type's rules, if `access` may see it; not found otherwise.
    pub(crate) async fn load_to_read(
        &self,
        access: &Access,
        number: u64,
    ) -> Result<(WorkItemView, TypeRules), CoreError> {
        let (view, rules) = self.load(number).await?;
        decide(&view, &rules, |holding| access.check_read(holding))?;
        Ok((view, rules))
    }

    /// The item and its type's rules, if `access` may change it: not found when it may not
    /// see it, forbidden when it may only see it.
    pub(crate) async fn load_to_change(
        &self,
        access: &Access,
        number: u64,
    ) -> Result<(WorkItemView, TypeRules), CoreError> {
        let (view, rules) = self.load(number).await?;
        decide(&view, &rules, |holding| access.check_change(holding))?;
        Ok((view, rules))
    }

    /// The item and its type's rules, if `access` may handle it (change its status or
    /// priority, or hand it to someone else): as [`Self::load_to_change`], and a work order
    /// only by service staff and admins.
    pub(crate) async fn load_to_handle(
        &self,
        access: &Access,
        number: u64,
    ) -> Result<(WorkItemView, TypeRules), CoreError> {
        let (view, rules) = self.load(number).await?;
        check_handle(access, &view, &rules)?;
        Ok((view, rules))
    }

    /// Whether `access` may see the item (for lists, where an invisible item is left out).
    pub(super) fn sees(access: &Access, view: &WorkItemView, rules: &TypeRules) -> bool {
        decide(view, rules, |holding| access.sees(holding))
    }

    fn scope_entries(
        view: &WorkItemView,
        rules: &TypeRules,
        org: &OrgIndex,
    ) -> Result<Vec<Item>, StoreError> {
        scopes(view, rules, org)
            .into_iter()
            .map(|(scope, reasons)| {
                let key = scope.key();
                let entry = ScopeEntry {
                    number: view.number,
                    reasons,
                };
                Ok(Item::new(
                    keys::work_item(view.number),
                    keys::work_item_scope(&key),
                    &entry,
                )?
                .with_index(
                    Index::GSI1,
                    keys::work_items_seen_by(&key),
                    keys::work_item_sort(view.number),
                ))
            })
            .collect()
    }

    /// The item's stored scope entries and, for a work order, list entries.
    async fn stored_entries(
        &self,
        number: u64,
        rules: &TypeRules,
    ) -> Result<scope_entries::Stored, CoreError> {
        let mut items = self.scope_items(number).await?;
        if rules.object() == Object::WorkOrder {
            items.extend(self.list_items(number).await?);
        }
        Ok(scope_entries::stored(items))
    }

    async fn scope_items(&self, number: u64) -> Result<Vec<Item>, CoreError> {
        let page = self
            .store
            .query(
                Query::partition(keys::work_item(number))
                    .begins_with(keys::WORK_ITEM_SCOPE_PREFIX)
                    .limit(1000),
            )
            .await?;
        Ok(page.items)
    }

    /// The writes that bring the item's stored scope and list entries (`stored`) to what
    /// `org` gives for `view`: what changed put, what is no longer given deleted.
    fn rescope_writes(
        view: &WorkItemView,
        rules: &TypeRules,
        org: &OrgIndex,
        stored: &scope_entries::Stored,
    ) -> Result<Vec<Write>, CoreError> {
        let mut fresh = Self::scope_entries(view, rules, org)?;
        fresh.extend(Self::list_entries(view, rules, org)?);
        Ok(scope_entries::writes(
            &keys::work_item(view.number),
            fresh,
            stored,
        ))
    }

    /// The scope writes of a save of `view` by `access`: its entries as they are to be.
    pub(super) async fn scope_writes(
        &self,
        access: &Access,
        view: &WorkItemView,
        rules: &TypeRules,
        new_item: bool,
    ) -> Result<Vec<Write>, CoreError> {
        let stored = if new_item {
            scope_entries::Stored::new()
        } else {
            self.stored_entries(view.number, rules).await?
        };
        let org = org_for_saving(self.store, access).await?;
        Self::rescope_writes(view, rules, &org, &stored)
    }

    /// Brings item `number`'s scope entries up to date with `org` (after the organisation
    /// changed). Returns whether anything was written.
    pub(crate) async fn rescope(&self, number: u64, org: &OrgIndex) -> Result<bool, CoreError> {
        let writes = self.writes_to_rescope(number, org).await?;
        let changed = !writes.is_empty();
        scope_entries::commit(self.store, writes).await?;
        Ok(changed)
    }

    /// The writes that would bring item `number`'s scope entries up to date with `org`
    /// (none when they are, or there is no such item).
    pub(crate) async fn writes_to_rescope(
        &self,
        number: u64,
        org: &OrgIndex,
    ) -> Result<Vec<Write>, CoreError> {
        let (view, rules) = match self.load(number).await {
            Ok(found) => found,
            Err(CoreError::NotFound(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let stored = self.stored_entries(number, &rules).await?;
        Self::rescope_writes(&view, &rules, org, &stored)
    }

    /// A page of the numbers of the items seen through `user`'s own scope, for the re-index
    /// job and the one-time migration.
    pub(crate) async fn seen_by_user(
        &self,
        user: &worklane_domain::UserId,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<(Vec<u64>, Option<String>), CoreError> {
        let page = self
            .store
            .query(
                Query::index(
                    Index::GSI1,
                    keys::work_items_seen_by(&Scope::User(user.clone()).key()),
                )
                .limit(limit)
                .after(cursor.map(worklane_store::Cursor::from_client)),
            )
            .await?;
        let numbers = page
            .items
            .iter()
            .map(|item| Ok(item.decode::<ScopeEntry>()?.number))
            .collect::<Result<_, CoreError>>()?;
        Ok((numbers, page.next.map(String::from)))
    }

    /// Who can see the item, and why (nobody but admins, for an Obsolete work order).
    pub async fn who_can_see(&self, access: &Access, number: u64) -> Result<WhoCanSee, CoreError> {
        let (view, rules) = self.load_to_read(access, number).await?;
        let everyone = access.default_for(rules.object());
        if rules.object() == Object::WorkOrder && rules.is_void(&view) {
            // Whatever the default, nobody but admins sees an Obsolete work order.
            return Ok(WhoCanSee {
                viewers: Vec::new(),
                everyone: worklane_domain::Sharing::Private,
            });
        }
        let org = org_for_saving(self.store, access).await?;
        let mut entries = Vec::new();
        for item in self.scope_items(number).await? {
            let entry: ScopeEntry = item.decode()?;
            if let Some(scope) = item
                .sk
                .strip_prefix(keys::WORK_ITEM_SCOPE_PREFIX)
                .and_then(Scope::parse)
            {
                entries.push((scope, entry.reasons));
            }
        }
        who_can_see(self.store, &org, &view.assignee_id, entries, everyone).await
    }

    /// How far `them` reaches item `number`, and why: `access` may ask about itself, and an
    /// admin about anyone.
    pub async fn reach_of(
        &self,
        access: &Access,
        number: u64,
        them: &Access,
    ) -> Result<UserReach, CoreError> {
        let user = them.actor()?.id.clone();
        if access.user_id() != Some(&user) {
            access.require_admin_to("ask what a colleague may see")?;
        }
        let (view, rules) = self.load_to_read(access, number).await?;
        let (reach, reasons) = decide(&view, &rules, |h| (them.reach(h), them.reasons(h)));
        let level = match reach {
            Reach::None => None,
            Reach::Read => Some(AccessLevel::Read),
            Reach::Change => Some(AccessLevel::Change),
        };
        Ok(UserReach {
            user,
            level,
            reasons: if level.is_some() { reasons } else { Vec::new() },
        })
    }
}
