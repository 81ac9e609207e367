//! The Work Orders list and its ten preset scenes (seed 003). A work order is written into
//! every list a scene may read it from — one entry per list in its own partition, indexed by
//! the list and sorted by last update — in the same transaction as the change that moves it.
//! A scene is then a handful of keyed queries (one per list it reads) merged into a page:
//! whom the viewer supervises was settled when the order was written, so a manager over
//! thousands of records reads as few lists as a member of staff with ten.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccountId, ContactId, FieldErrors, OrgIndex, Page, Priority, StatusKind, UserId,
    VisibilityReason, WorkItemView, WorkOrderRow, WorkOrderScene,
};
use worklane_store::{Index, Item, Query, StoreError};

use super::record::WorkItemRecord;
use super::{TypeRules, WorkItems};
use crate::access::{Scope, ViewerList};
use crate::{Access, CoreError, Object, keys, scope_entries};

/// The rows of a page of the Work Orders list, unless asked for fewer or more.
pub const WORK_ORDER_PAGE: usize = 25;
/// The most rows a page holds (one batch read).
pub const MAX_WORK_ORDER_PAGE: usize = 50;
/// The most pages of a tab's list read for one page of what the viewer may see.
const MAX_LIST_READS: usize = 4;

/// One list of work orders, as a scene reads it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum OrderList {
    /// Every work order (what admins, and everyone under a public default, see).
    Every,
    /// The orders with an entry under this scope: the All scene's lists.
    Seen(Scope),
    /// The orders whose person in charge is directly in this department.
    Members(String),
    /// The orders this user is in charge of.
    Owned(UserId),
    /// The orders this user is a related team member of.
    Team(UserId),
    /// The orders a subordinate of this user is in charge of.
    Subordinates(UserId),
    /// The orders a subordinate of this user is a related team member of.
    SubordinatesTeam(UserId),
    /// This user's orders that are open or resolved.
    Unresolved(UserId),
    /// This user's orders that are closed.
    Closed(UserId),
    /// This user's Urgent orders.
    Urgent(UserId),
    /// The orders of an account (its Work Orders tab).
    Account(AccountId),
    /// The orders of a contact (its Tickets tab).
    Contact(ContactId),
}

impl OrderList {
    /// The list's partition; `void` names its twin of Obsolete orders, which only admins read.
    fn key(&self, void: bool) -> String {
        let key = match self {
            OrderList::Every => "WORKORDERS".to_string(),
            OrderList::Seen(scope) => format!("WO#SEEN#{}", scope.key()),
            OrderList::Members(department) => format!("WO#MEMBERS#{department}"),
            OrderList::Owned(user) => format!("WO#OWN#{user}"),
            OrderList::Team(user) => format!("WO#TEAM#{user}"),
            OrderList::Subordinates(user) => format!("WO#SUB#{user}"),
            OrderList::SubordinatesTeam(user) => format!("WO#SUBTEAM#{user}"),
            OrderList::Unresolved(user) => format!("WO#OWN#{user}#UNRESOLVED"),
            OrderList::Closed(user) => format!("WO#OWN#{user}#CLOSED"),
            OrderList::Urgent(user) => format!("WO#OWN#{user}#URGENT"),
            OrderList::Account(account) => format!("WO#ACCOUNT#{account}"),
            OrderList::Contact(contact) => format!("WO#CONTACT#{contact}"),
        };
        if void { format!("{key}#VOID") } else { key }
    }

    /// The list that answers one of a viewer's lists (see `access::ViewerList`).
    fn of_viewer(list: ViewerList) -> OrderList {
        match list {
            ViewerList::Scope(scope) => OrderList::Seen(scope),
            ViewerList::Members(department) => OrderList::Members(department),
            ViewerList::OwnedBy(user) => OrderList::Owned(user),
        }
    }
}

/// A work order's entry in one list.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ListEntry {
    number: u64,
}

/// The lists a work order is in, given the scopes it belongs to (`access::scopes_of`).
fn lists_of(
    view: &WorkItemView,
    kind: Option<StatusKind>,
    scopes: &BTreeMap<Scope, Vec<VisibilityReason>>,
) -> Vec<OrderList> {
    let mut lists = vec![
        OrderList::Every,
        OrderList::Contact(view.contact_id.clone()),
    ];
    lists.extend(view.account_id.clone().map(OrderList::Account));
    for (scope, reasons) in scopes {
        lists.push(OrderList::Seen(scope.clone()));
        for reason in reasons {
            let list = match (scope, reason) {
                (Scope::User(user), VisibilityReason::Owner) => OrderList::Owned(user.clone()),
                (Scope::User(user), VisibilityReason::TeamMember { .. }) => {
                    OrderList::Team(user.clone())
                }
                (Scope::User(user), VisibilityReason::Superior { .. }) => {
                    OrderList::Subordinates(user.clone())
                }
                (Scope::User(user), VisibilityReason::SuperiorOfTeamMember { .. }) => {
                    OrderList::SubordinatesTeam(user.clone())
                }
                (
                    Scope::Department(department),
                    VisibilityReason::DepartmentHead { depth: 0, .. },
                ) => OrderList::Members(department.clone()),
                _ => continue,
            };
            lists.push(list);
        }
    }
    // A merged order lives on in the order it was merged into: it is no longer worked.
    if view.merged_into.is_none() {
        let owner = view.assignee_id.clone();
        match kind {
            Some(StatusKind::Open) => lists.push(OrderList::Unresolved(owner.clone())),
            Some(StatusKind::Closed) => lists.push(OrderList::Closed(owner.clone())),
            _ => {}
        }
        if view.priority == Priority::Urgent {
            lists.push(OrderList::Urgent(owner));
        }
    }
    lists.sort();
    lists.dedup();
    lists
}

impl WorkItems<'_> {
    /// The work order's list entries under `org` (none for other work items).
    pub(super) fn list_entries(
        view: &WorkItemView,
        rules: &TypeRules,
        org: &OrgIndex,
    ) -> Result<Vec<Item>, StoreError> {
        if rules.object() != Object::WorkOrder {
            return Ok(Vec::new());
        }
        let scopes = super::visibility::scopes(view, rules, org);
        let kind = rules.workflow.status(&view.status).map(|s| s.kind);
        let void = kind == Some(StatusKind::Void);
        let sort = keys::work_order_sort(view.updated_at, view.number);
        lists_of(view, kind, &scopes)
            .into_iter()
            .map(|list| {
                let key = list.key(void);
                let entry = ListEntry {
                    number: view.number,
                };
                Ok(Item::new(
                    keys::work_item(view.number),
                    keys::work_order_list_entry(&key),
                    &entry,
                )?
                .with_index(Index::GSI1, key, sort.clone()))
            })
            .collect()
    }

    /// The list entries stored with item `number`.
    pub(super) async fn list_items(&self, number: u64) -> Result<Vec<Item>, CoreError> {
        let page = self
            .store
            .query(
                Query::partition(keys::work_item(number))
                    .begins_with(keys::WORK_ORDER_LIST_PREFIX)
                    .limit(1000),
            )
            .await?;
        Ok(page.items)
    }

    /// A page of the scene for `access`, last updated first: the scene's lists read with one
    /// keyed query each and merged, then each order read once more and held to the policy and
    /// to the scene's own definition (an index may lag a change; a lagging row is left out,
    /// never shown wrongly). The cursor is the last row's sort key.
    pub async fn work_orders(
        &self,
        access: &Access,
        scene: WorkOrderScene,
        cursor: Option<String>,
        limit: Option<usize>,
    ) -> Result<Page<WorkOrderRow>, CoreError> {
        let me = access.actor()?.id.clone();
        let limit = limit.unwrap_or(WORK_ORDER_PAGE);
        if !(1..=MAX_WORK_ORDER_PAGE).contains(&limit) {
            return Err(FieldErrors::single(
                "limit",
                format!("a page has 1 to {MAX_WORK_ORDER_PAGE} work orders"),
            )
            .into());
        }
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) if keys::is_work_order_sort(&c) => Some(c),
            Some(_) => return Err(CoreError::BadCursor),
            None => None,
        };
        let lists = scene_lists(access, &me, scene)
            .into_iter()
            .map(|(list, void)| (Index::GSI1, list.key(void)))
            .collect();
        let (sorts, more) =
            scope_entries::merge_newest(self.store, lists, after.as_deref(), limit).await?;
        let mut rules = HashMap::new();
        let views = self
            .orders_at(&sorts, &mut rules, |view, type_rules| {
                in_scene(access, &me, scene, view, type_rules)
            })
            .await?;
        Ok(Page {
            items: self.rows(views).await?,
            next_cursor: more.then(|| sorts.last().cloned()).flatten(),
        })
    }

    /// The orders at the list sort keys `sorts`, in that order, in one batch read: those whose
    /// sort key is still that (an index may lag a change) and that `keep` accepts. Each type's
    /// rules are read once into `rules`.
    async fn orders_at(
        &self,
        sorts: &[String],
        rules: &mut HashMap<String, TypeRules>,
        keep: impl Fn(&WorkItemView, &TypeRules) -> bool,
    ) -> Result<Vec<WorkItemView>, CoreError> {
        let keys = sorts
            .iter()
            .filter_map(|sort| number_of(sort))
            .map(|number| (keys::work_item(number), keys::ITEM.to_string()))
            .collect();
        let mut found: BTreeMap<u64, WorkItemView> = BTreeMap::new();
        for item in self.store.get_many(keys).await? {
            let view = item.decode::<WorkItemRecord>()?.view(item.version);
            if !rules.contains_key(&view.type_key) {
                let type_rules = self.type_rules(&view.type_key).await?;
                rules.insert(view.type_key.clone(), type_rules);
            }
            let current = sorts.contains(&keys::work_order_sort(view.updated_at, view.number));
            if current && rules.get(&view.type_key).is_some_and(|r| keep(&view, r)) {
                found.insert(view.number, view);
            }
        }
        Ok(sorts
            .iter()
            .filter_map(|sort| number_of(sort))
            .filter_map(|number| found.remove(&number))
            .collect())
    }

    /// The rows of `views`: each with its contact's and account's names.
    async fn rows(&self, views: Vec<WorkItemView>) -> Result<Vec<WorkOrderRow>, CoreError> {
        let contacts: Vec<ContactId> = views.iter().map(|v| v.contact_id.clone()).collect();
        let accounts: Vec<AccountId> = views.iter().filter_map(|v| v.account_id.clone()).collect();
        let (people, companies) = (
            crate::Contacts::new(self.store),
            crate::Accounts::new(self.store),
        );
        let (contact_names, account_names) =
            tokio::try_join!(people.names(&contacts), companies.names(&accounts))?;
        Ok(views
            .into_iter()
            .map(|item| WorkOrderRow {
                contact_name: contact_names
                    .get(&item.contact_id)
                    .cloned()
                    .unwrap_or_default(),
                account_name: item
                    .account_id
                    .as_ref()
                    .and_then(|a| account_names.get(a).cloned()),
                item,
            })
            .collect())
    }

    /// An account's work orders that `access` may see, last updated first (its Work Orders
    /// tab); 404 for an account it may not see.
    pub async fn of_account(
        &self,
        access: &Access,
        account: &AccountId,
        cursor: Option<String>,
    ) -> Result<Page<WorkOrderRow>, CoreError> {
        crate::Accounts::new(self.store)
            .get(access, account)
            .await?;
        self.one_list(access, OrderList::Account(account.clone()), cursor)
            .await
    }

    /// A contact's work orders that `access` may see, last updated first (its Tickets tab);
    /// 404 for a contact it may not see.
    pub async fn tickets(
        &self,
        access: &Access,
        contact: &ContactId,
        cursor: Option<String>,
    ) -> Result<Page<WorkOrderRow>, CoreError> {
        crate::Contacts::new(self.store)
            .get(access, contact)
            .await?;
        self.one_list(access, OrderList::Contact(contact.clone()), cursor)
            .await
    }

    /// A page of one list (and its Obsolete twin, for admins), each row held to the policy:
    /// at most [`MAX_LIST_READS`] reads, so a viewer who sees few of a long list gets a short
    /// page with a cursor rather than a long wait.
    async fn one_list(
        &self,
        access: &Access,
        list: OrderList,
        cursor: Option<String>,
    ) -> Result<Page<WorkOrderRow>, CoreError> {
        let mut after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) if keys::is_work_order_sort(&c) => Some(c),
            Some(_) => return Err(CoreError::BadCursor),
            None => None,
        };
        let mut lists = vec![(Index::GSI1, list.key(false))];
        if access.is_admin() {
            lists.push((Index::GSI1, list.key(true)));
        }
        let mut views = Vec::new();
        let mut rules: HashMap<String, TypeRules> = HashMap::new();
        for _ in 0..MAX_LIST_READS {
            let (sorts, more) = scope_entries::merge_newest(
                self.store,
                lists.clone(),
                after.as_deref(),
                WORK_ORDER_PAGE,
            )
            .await?;
            let visible = self
                .orders_at(&sorts, &mut rules, |view, type_rules| {
                    Self::sees(access, view, type_rules)
                })
                .await?;
            views.extend(visible);
            after = more.then(|| sorts.last().cloned()).flatten();
            if after.is_none() || views.len() >= WORK_ORDER_PAGE {
                break;
            }
        }
        Ok(Page {
            items: self.rows(views).await?,
            next_cursor: after,
        })
    }
}

/// The number at the end of a list's sort key.
fn number_of(sort: &str) -> Option<u64> {
    sort.rsplit('-').next()?.parse().ok()
}

/// The lists a scene reads for `access` (signed in as `me`), each with whether it is the
/// twin of Obsolete orders. Admins see all data: every scene reads its lists' twins too.
fn scene_lists(access: &Access, me: &UserId, scene: WorkOrderScene) -> Vec<(OrderList, bool)> {
    let lists: Vec<OrderList> = match scene {
        WorkOrderScene::All if access.sees_all(Object::WorkOrder) => vec![OrderList::Every],
        WorkOrderScene::All => access
            .viewer_lists()
            .into_iter()
            .map(OrderList::of_viewer)
            .collect(),
        WorkOrderScene::MyResponsible => vec![OrderList::Owned(me.clone())],
        WorkOrderScene::MyParticipation => vec![OrderList::Team(me.clone())],
        WorkOrderScene::MyDepartment => access
            .headed_lists()
            .into_iter()
            .map(OrderList::of_viewer)
            .collect(),
        WorkOrderScene::SubordinatesResponsible => vec![OrderList::Subordinates(me.clone())],
        WorkOrderScene::SubordinatesParticipated => {
            vec![OrderList::SubordinatesTeam(me.clone())]
        }
        WorkOrderScene::SharedToMe => access
            .shared_lists()
            .into_iter()
            .map(OrderList::of_viewer)
            .collect(),
        WorkOrderScene::Unresolved => vec![OrderList::Unresolved(me.clone())],
        WorkOrderScene::Urgent => vec![OrderList::Urgent(me.clone())],
        WorkOrderScene::Closed => vec![OrderList::Closed(me.clone())],
    };
    let twins = access.is_admin();
    lists
        .into_iter()
        .flat_map(|list| {
            let twin = twins.then(|| (list.clone(), true));
            std::iter::once((list, false)).chain(twin)
        })
        .collect()
}

/// Whether `view` belongs in the scene for `access` (signed in as `me`) as the seed defines
/// it: the re-check of every row a list gave.
fn in_scene(
    access: &Access,
    me: &UserId,
    scene: WorkOrderScene,
    view: &WorkItemView,
    rules: &TypeRules,
) -> bool {
    if rules.object() != Object::WorkOrder || !WorkItems::sees(access, view, rules) {
        return false;
    }
    let kind = rules.workflow.status(&view.status).map(|s| s.kind);
    let mine = &view.assignee_id == me;
    let worked = view.merged_into.is_none();
    let has = |wanted: fn(&VisibilityReason) -> bool| {
        super::visibility::reasons(access, view, rules)
            .iter()
            .any(wanted)
    };
    match scene {
        WorkOrderScene::All => true,
        WorkOrderScene::MyResponsible => mine,
        WorkOrderScene::MyParticipation => view.team.contains(me) || view.team_read.contains(me),
        WorkOrderScene::MyDepartment => {
            has(|r| matches!(r, VisibilityReason::DepartmentHead { .. }))
        }
        WorkOrderScene::SubordinatesResponsible => {
            has(|r| matches!(r, VisibilityReason::Superior { .. }))
        }
        WorkOrderScene::SubordinatesParticipated => {
            has(|r| matches!(r, VisibilityReason::SuperiorOfTeamMember { .. }))
        }
        WorkOrderScene::SharedToMe => has(|r| matches!(r, VisibilityReason::SharingRule { .. })),
        WorkOrderScene::Unresolved => mine && worked && kind == Some(StatusKind::Open),
        WorkOrderScene::Urgent => mine && worked && view.priority == Priority::Urgent,
        WorkOrderScene::Closed => mine && worked && kind == Some(StatusKind::Closed),
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::AccessLevel;

    use super::*;

    fn order(priority: &str, merged: Option<u64>) -> WorkItemView {
        serde_json::from_value(serde_json::json!({"number": 7, "type_key": "work-order",
            "contact_id": "c", "description": "Fix it", "status": "OPEN", "priority": priority,
            "assignee_id": "owner", "team": ["member"], "merged_into": merged,
            "created_by": "owner", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-02T00:00:00Z", "version": 3}))
        .unwrap()
    }

    fn keys_of(lists: Vec<OrderList>) -> Vec<String> {
        lists.iter().map(|l| l.key(false)).collect()
    }

    #[test]
    fn an_order_is_in_the_list_of_every_scene_its_scopes_and_state_name() {
        let user = |u: &str| Scope::User(UserId::from_raw(u));
        let superior = |of: &str| VisibilityReason::Superior {
            of: UserId::from_raw(of),
            level: 1,
        };
        let scopes = BTreeMap::from([
            (user("owner"), vec![VisibilityReason::Owner]),
            (user("boss"), vec![superior("owner")]),
            (
                user("member"),
                vec![VisibilityReason::TeamMember {
                    level: AccessLevel::Change,
                }],
            ),
            (
                user("member-boss"),
                vec![VisibilityReason::SuperiorOfTeamMember {
                    of: UserId::from_raw("member"),
                    level: 1,
                    access: AccessLevel::Change,
                }],
            ),
            (
                Scope::Department("desk".into()),
                vec![VisibilityReason::DepartmentHead {
                    department: "desk".into(),
                    depth: 0,
                }],
            ),
            (
                Scope::Department("service".into()),
                vec![VisibilityReason::DepartmentHead {
                    department: "service".into(),
                    depth: 1,
                }],
            ),
        ]);
        let lists = keys_of(lists_of(
            &order("Urgent", None),
            Some(StatusKind::Open),
            &scopes,
        ));
        for expected in [
            "WORKORDERS",
            "WO#CONTACT#c",
            "WO#SEEN#U#owner",
            "WO#SEEN#U#boss",
            "WO#SEEN#D#service",
            "WO#OWN#owner",
            "WO#SUB#boss",
            "WO#TEAM#member",
            "WO#SUBTEAM#member-boss",
            "WO#MEMBERS#desk",
            "WO#OWN#owner#UNRESOLVED",
            "WO#OWN#owner#URGENT",
        ] {
            assert!(
                lists.contains(&expected.to_string()),
                "{expected} in {lists:?}"
            );
        }
        // Only the owner's own department lists it among its members.
        assert!(!lists.contains(&"WO#MEMBERS#service".to_string()));
        assert_eq!(lists.len(), 15);
        // Merged into another, it is no longer worked: out of Unresolved and Urgent.
        let merged = keys_of(lists_of(
            &order("Urgent", Some(9)),
            Some(StatusKind::Open),
            &scopes,
        ));
        assert!(
            merged
                .iter()
                .all(|k| !k.ends_with("UNRESOLVED") && !k.ends_with("URGENT"))
        );
        assert!(merged.contains(&"WO#OWN#owner".to_string()));
    }

    #[test]
    fn an_obsolete_orders_lists_are_twins_no_one_but_admins_reads() {
        let user = UserId::from_raw("u1");
        assert_eq!(OrderList::Owned(user.clone()).key(false), "WO#OWN#u1");
        assert_eq!(OrderList::Owned(user).key(true), "WO#OWN#u1#VOID");
        assert_eq!(OrderList::Every.key(true), "WORKORDERS#VOID");
    }
}
