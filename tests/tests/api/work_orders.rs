//! Seed 003's work orders: each of the ten preset scenes holds exactly the records its
//! definition names, for everyone of a five-level organisation, under both superior scopes;
//! rows move between scenes as their status and priority change; only service staff and
//! admins handle them, one at a time or in a batch that refuses rows one by one.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{
    BatchOwnerResult, ContactView, OrgSaved, Page, ReindexProgress, Role, UserView, WorkItemView,
    WorkOrderRow, WorkOrderScene,
};

use crate::helpers::{Browser, ResponseExt, TestApp, contact_body, set_sharing, spawn_app};

/// A person of the hand-built organisation.
struct Person {
    key: &'static str,
    role: Role,
    department: Option<&'static str>,
    reports_to: Option<&'static str>,
}

/// (key, parent, head): company → service → north → two teams, and sales beside service.
const DEPARTMENTS: &[(&str, Option<&str>, &str)] = &[
    ("company", None, "ceo"),
    ("service", Some("company"), "vp"),
    ("north", Some("service"), "rm"),
    ("north-a", Some("north"), "tla"),
    ("north-b", Some("north"), "tlb"),
    ("sales", Some("company"), "sm"),
];

const PEOPLE: &[Person] = &[
    person("ceo", Role::Manager, None, None),
    person("vp", Role::Manager, None, None),
    person("rm", Role::ServiceStaff, None, None),
    person("tla", Role::ServiceStaff, None, None),
    person("tlb", Role::ServiceStaff, None, None),
    person("s1", Role::ServiceStaff, Some("north-a"), None),
    person("s2", Role::ServiceStaff, Some("north-a"), None),
    // Placed in north-b, but reports to north-a's head.
    person("s3", Role::ServiceStaff, Some("north-b"), Some("tla")),
    person("sm", Role::Manager, None, None),
    person("r1", Role::ServiceStaff, Some("sales"), None),
    // In no department: an auditor reached only through a group.
    person("aud", Role::ServiceStaff, None, None),
];

const fn person(
    key: &'static str,
    role: Role,
    department: Option<&'static str>,
    reports_to: Option<&'static str>,
) -> Person {
    Person {
        key,
        role,
        department,
        reports_to,
    }
}

/// The organisation as the test knows it, to compute every scene on its own.
struct Chart {
    direct: bool,
}

impl Chart {
    fn parent(&self, department: &str) -> Option<&'static str> {
        DEPARTMENTS
            .iter()
            .find(|(key, _, _)| *key == department)
            .and_then(|(_, parent, _)| *parent)
    }

    fn headed_by(&self, user: &str) -> Vec<&'static str> {
        DEPARTMENTS
            .iter()
            .filter(|(_, _, head)| *head == user)
            .map(|(key, _, _)| *key)
            .collect()
    }

    /// Where a person is placed, or else the first department they head.
    fn department_of(&self, user: &str) -> Option<&'static str> {
        let placed = PEOPLE.iter().find(|p| p.key == user)?.department;
        placed.or_else(|| self.headed_by(user).first().copied())
    }

    /// A department and those above it, nearest first.
    fn chain(&self, department: &'static str) -> Vec<&'static str> {
        let mut chain = vec![department];
        while let Some(parent) = self.parent(chain[chain.len() - 1]) {
            chain.push(parent);
        }
        chain
    }

    /// Whom `user` reports to: the one named, or the nearest head above them who is not them.
    fn boss(&self, user: &str) -> Option<&'static str> {
        let me = PEOPLE.iter().find(|p| p.key == user)?;
        if me.reports_to.is_some() {
            return me.reports_to;
        }
        self.chain(self.department_of(user)?)
            .into_iter()
            .find_map(|d| {
                let head = DEPARTMENTS.iter().find(|(key, _, _)| *key == d)?.2;
                (head != user).then_some(head)
            })
    }

    /// Whether `user` is `boss`'s subordinate, as far as the superior scope reaches.
    fn is_subordinate(&self, user: &str, boss: &str) -> bool {
        let mut at = self.boss(user);
        while let Some(b) = at {
            if b == boss {
                return true;
            }
            if self.direct {
                return false;
            }
            at = self.boss(b);
        }
        false
    }

    fn is_within(&self, user: &str, department: &str) -> bool {
        self.department_of(user)
            .is_some_and(|own| self.chain(own).contains(&department))
    }

    /// Whether the owner is in a department `me` heads (or below it, under the wide scope).
    fn in_my_department(&self, owner: &str, me: &str) -> bool {
        let Some(own) = self.department_of(owner) else {
            return false;
        };
        self.headed_by(me).iter().any(|d| match self.direct {
            true => own == *d,
            false => self.chain(own).contains(d),
        })
    }

    /// The two rules: s1's records to the auditors' group (read); north-b's to sales (read
    /// and write).
    fn shared(&self, owner: &str, me: &str) -> bool {
        (owner == "s1" && me == "aud")
            || (self.is_within(owner, "north-b") && self.is_within(me, "sales"))
    }

    /// Seed 003's definition of `scene` for `me`, on one order.
    fn in_scene(&self, scene: WorkOrderScene, me: &str, order: &Order) -> bool {
        if order.status == "OBSOLETE" {
            return false;
        }
        let team = || order.team.iter().chain(&order.team_read);
        let owner = order.owner;
        let mine = owner == me;
        match scene {
            WorkOrderScene::All => {
                mine || self.is_subordinate(owner, me)
                    || team().any(|m| *m == me || self.is_subordinate(m, me))
                    || self.in_my_department(owner, me)
                    || self.shared(owner, me)
            }
            WorkOrderScene::MyResponsible => mine,
            WorkOrderScene::MyParticipation => team().any(|m| *m == me),
            WorkOrderScene::MyDepartment => self.in_my_department(owner, me),
            WorkOrderScene::SubordinatesResponsible => self.is_subordinate(owner, me),
            WorkOrderScene::SubordinatesParticipated => team().any(|m| self.is_subordinate(m, me)),
            WorkOrderScene::SharedToMe => self.shared(owner, me),
            WorkOrderScene::Unresolved => mine && ["OPEN", "RESOLVED"].contains(&order.status),
            WorkOrderScene::Urgent => mine && order.urgent,
            WorkOrderScene::Closed => mine && order.status == "CLOSED",
        }
    }
}

/// A work order as the test made it.
struct Order {
    number: u64,
    owner: &'static str,
    team: Vec<&'static str>,
    team_read: Vec<&'static str>,
    status: &'static str,
    urgent: bool,
    updated: worklane_domain::Timestamp,
}

struct Office {
    admin: Browser,
    users: BTreeMap<&'static str, (Browser, UserView)>,
    contact: ContactView,
}

impl Office {
    fn id(&self, key: &str) -> String {
        self.users[key].1.id.to_string()
    }

    fn browser(&self, key: &str) -> &Browser {
        &self.users[key].0
    }
}

async fn office(app: &TestApp) -> Office {
    let (admin, _) = app.admin().await;
    let mut users = BTreeMap::new();
    for p in PEOPLE {
        let email = format!("{}@example.com", p.key);
        users.insert(p.key, app.user(&admin, &email, p.role).await);
    }
    set_sharing(
        &admin,
        json!({"contacts": "public_read_write", "work_items": "public_read_write",
            "work_orders": "private"}),
    )
    .await;
    let contact = admin
        .create_contact(contact_body("Acme Facilities", "desk@acme.example"))
        .await;
    Office {
        admin,
        users,
        contact,
    }
}

fn chart(o: &Office, direct: bool, version: u64) -> Value {
    let departments: Vec<Value> = DEPARTMENTS
        .iter()
        .map(|(key, parent, head)| {
            json!({"key": key, "name": key.to_uppercase(), "parent": parent, "head": o.id(head)})
        })
        .collect();
    let placements: Vec<Value> = PEOPLE
        .iter()
        .filter(|p| p.department.is_some() || p.reports_to.is_some())
        .map(|p| {
            json!({"user": o.id(p.key), "department": p.department,
                "reports_to": p.reports_to.map(|r| o.id(r))})
        })
        .collect();
    json!({
        "departments": departments,
        "groups": [{"key": "auditors", "name": "Auditors", "members": [o.id("aud")]}],
        "placements": placements,
        "sharing_rules": [
            {"key": "s1-to-auditors", "name": "S1's records to the auditors",
                "source": {"kind": "user", "id": o.id("s1")},
                "target": {"kind": "group", "key": "auditors"}, "level": "read"},
            {"key": "north-b-to-sales", "name": "North B's records to sales",
                "source": {"kind": "department", "key": "north-b"},
                "target": {"kind": "department", "key": "sales"}, "level": "change"},
        ],
        "superior_scope": if direct { "direct" } else { "all" },
        "version": version,
    })
}

async fn save_org(admin: &Browser, chart: &Value) -> u64 {
    let saved: OrgSaved = admin
        .put("/api/org", chart)
        .await
        .json_with(StatusCode::OK)
        .await;
    for _ in 0..400 {
        let progress: ReindexProgress = admin
            .get("/api/org/reindex")
            .await
            .json_with(StatusCode::OK)
            .await;
        if !progress.running {
            return saved.chart.version;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the re-index did not finish");
}

/// A work order made by the admin for `owner`.
async fn order(o: &Office, owner: &str, description: &str) -> WorkItemView {
    let body = json!({"type_key": "work-order", "description": description,
        "assignee_id": o.id(owner)});
    o.admin
        .post(&format!("/api/contacts/{}/work-items", o.contact.id), &body)
        .await
        .json_with(StatusCode::CREATED)
        .await
}

async fn status(by: &Browser, item: &WorkItemView, to: &str) -> WorkItemView {
    let body = json!({"to": to, "version": item.version});
    by.post(&format!("/api/work-items/{}/status", item.number), &body)
        .await
        .json_with(StatusCode::OK)
        .await
}

async fn priority(by: &Browser, item: &WorkItemView, priority: &str) -> WorkItemView {
    let body = json!({"priority": priority, "version": item.version});
    by.post(&format!("/api/work-items/{}/priority", item.number), &body)
        .await
        .json_with(StatusCode::OK)
        .await
}

/// Every page of `scene` for `browser`, `limit` rows a page: the numbers in order.
async fn scene(browser: &Browser, scene: WorkOrderScene, limit: usize) -> Vec<u64> {
    let mut numbers = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut path = format!("/api/work-orders?scene={}&limit={limit}", scene.key());
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page: Page<WorkOrderRow> = browser.get(&path).await.json_with(StatusCode::OK).await;
        numbers.extend(page.items.iter().map(|row| row.item.number));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return numbers,
        }
    }
    panic!("the scene never ended");
}

/// Forty work orders across the organisation: owners, read and read/write teams, every
/// status, Urgent and Normal, one locked.
async fn forty_orders(o: &Office) -> Vec<Order> {
    let owners = [
        "s1", "s2", "s3", "tla", "tlb", "rm", "r1", "vp", "sm", "aud",
    ];
    let members = ["s2", "s3", "r1", "aud", "tlb", "s1"];
    let mut orders = Vec::new();
    for i in 0..40usize {
        let owner = owners[i % owners.len()];
        let mut item = order(o, owner, &format!("Work order {i}")).await;
        let pick = |n: usize| members[n % members.len()];
        let team: Vec<&str> = match i % 4 {
            1 => vec![pick(i)],
            3 => vec![pick(i + 1), pick(i + 2)],
            _ => Vec::new(),
        }
        .into_iter()
        .filter(|m| *m != owner)
        .collect();
        let team_read: Vec<&str> = (i % 3 == 2)
            .then(|| pick(i + 3))
            .into_iter()
            .filter(|m| *m != owner && !team.contains(m))
            .collect();
        if !team.is_empty() || !team_read.is_empty() {
            let ids = |keys: &[&str]| keys.iter().map(|k| o.id(k)).collect::<Vec<_>>();
            let edit = json!({"description": item.description, "assignee_id": o.id(owner),
                "team": ids(&team), "team_read": ids(&team_read), "version": item.version});
            item = o
                .admin
                .put(&format!("/api/work-items/{}", item.number), &edit)
                .await
                .json_with(StatusCode::OK)
                .await;
        }
        let urgent = i % 5 == 0;
        if urgent {
            item = priority(&o.admin, &item, "Urgent").await;
        }
        let path: &[&str] = match i % 6 {
            1 => &["RESOLVED"],
            2 => &["CLOSED"],
            3 => &["RESOLVED", "CLOSED"],
            4 if i % 12 == 4 => &["OBSOLETE"],
            _ => &[],
        };
        for to in path {
            item = status(&o.admin, &item, to).await;
        }
        if i == 7 {
            let lock = json!({"locked": true, "version": item.version});
            item = o
                .admin
                .post(&format!("/api/work-items/{}/lock", item.number), &lock)
                .await
                .json_with(StatusCode::OK)
                .await;
        }
        orders.push(Order {
            number: item.number,
            owner,
            team,
            team_read,
            status: path.last().copied().unwrap_or("OPEN"),
            urgent,
            updated: item.updated_at,
        });
    }
    orders
}

/// What the scene must list, newest update first.
fn expected(chart: &Chart, orders: &[Order], scene: WorkOrderScene, me: &str) -> Vec<u64> {
    let mut rows: Vec<&Order> = orders
        .iter()
        .filter(|order| chart.in_scene(scene, me, order))
        .collect();
    rows.sort_by_key(|order| std::cmp::Reverse((order.updated, order.number)));
    rows.iter().map(|order| order.number).collect()
}

async fn every_scene_holds_what_the_seed_defines(o: &Office, orders: &[Order], direct: bool) {
    let chart = Chart { direct };
    let mut filled = BTreeSet::new();
    for p in PEOPLE {
        for s in WorkOrderScene::ALL {
            let listed = scene(o.browser(p.key), s, 3).await;
            if !listed.is_empty() {
                filled.insert(s.key());
            }
            let unique: BTreeSet<u64> = listed.iter().copied().collect();
            assert_eq!(unique.len(), listed.len(), "{} in {s:?}: no repeats", p.key);
            assert_eq!(
                listed,
                expected(&chart, orders, s, p.key),
                "{} in {:?} (direct: {direct})",
                p.key,
                s
            );
        }
    }
    assert_eq!(
        filled.len(),
        WorkOrderScene::ALL.len(),
        "every scene lists someone's"
    );
    // Admins see all data, Obsolete included.
    let all = scene(&o.admin, WorkOrderScene::All, 7).await;
    assert_eq!(all.len(), orders.len());
}

#[tokio::test]
async fn each_scene_lists_exactly_the_work_orders_seed_003_names_under_both_superior_scopes() {
    let app = spawn_app().await;
    let o = office(&app).await;
    let version = save_org(&o.admin, &chart(&o, false, 0)).await;
    let orders = forty_orders(&o).await;
    assert!(orders.iter().any(|order| order.status == "OBSOLETE"));
    every_scene_holds_what_the_seed_defines(&o, &orders, false).await;
    // The narrow scope re-indexes every order: the scenes follow.
    save_org(&o.admin, &chart(&o, true, version)).await;
    every_scene_holds_what_the_seed_defines(&o, &orders, true).await;
}

#[tokio::test]
async fn an_order_moves_between_unresolved_urgent_and_closed_and_obsolete_leaves_every_scene() {
    let app = spawn_app().await;
    let o = office(&app).await;
    save_org(&o.admin, &chart(&o, false, 0)).await;
    let s1 = o.browser("s1");
    let mut item = order(&o, "s1", "Replace the boiler valve").await;
    let n = item.number;
    let has = |numbers: Vec<u64>| numbers.contains(&n);
    assert!(has(scene(s1, WorkOrderScene::Unresolved, 25).await));
    assert!(!has(scene(s1, WorkOrderScene::Urgent, 25).await));

    item = priority(s1, &item, "Urgent").await;
    assert!(has(scene(s1, WorkOrderScene::Urgent, 25).await));
    item = status(s1, &item, "RESOLVED").await;
    assert!(has(scene(s1, WorkOrderScene::Unresolved, 25).await));
    item = status(s1, &item, "CLOSED").await;
    assert!(!has(scene(s1, WorkOrderScene::Unresolved, 25).await));
    assert!(has(scene(s1, WorkOrderScene::Closed, 25).await));
    item = priority(s1, &item, "Normal").await;
    assert!(!has(scene(s1, WorkOrderScene::Urgent, 25).await));
    // The last change comes first in the manager's list.
    let boss = scene(
        o.browser("tla"),
        WorkOrderScene::SubordinatesResponsible,
        25,
    )
    .await;
    assert_eq!(boss.first(), Some(&n));

    item = status(s1, &item, "OPEN").await;
    status(s1, &item, "OBSOLETE").await;
    for s in WorkOrderScene::ALL {
        for who in ["s1", "tla", "vp", "ceo"] {
            assert!(!has(scene(o.browser(who), s, 25).await), "{who} in {s:?}");
        }
    }
    assert!(has(scene(&o.admin, WorkOrderScene::All, 25).await));
    o.browser("s1")
        .get(&format!("/api/work-items/{n}"))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn only_service_staff_and_admins_handle_work_orders_and_a_locked_one_keeps_its_priority() {
    let app = spawn_app().await;
    let o = office(&app).await;
    save_org(&o.admin, &chart(&o, false, 0)).await;
    // The VP (a manager) is s1's superior: sees and may change, but does not handle.
    let item = order(&o, "s1", "Service the lift").await;
    let vp = o.browser("vp");
    vp.get(&format!("/api/work-items/{}", item.number))
        .await
        .assert_status(StatusCode::OK)
        .await;
    let refused = vp
        .post(
            &format!("/api/work-items/{}/status", item.number),
            &json!({"to": "RESOLVED", "version": item.version}),
        )
        .await
        .error_with(StatusCode::FORBIDDEN)
        .await;
    assert!(
        refused.message.contains("service staff"),
        "{}",
        refused.message
    );
    vp.post(
        &format!("/api/work-items/{}/owner", item.number),
        &json!({"owner_id": o.id("s2"), "version": item.version}),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN)
    .await;
    // Team leader tla handles it (s1's superior, service staff).
    let tla = o.browser("tla");
    let moved: WorkItemView = tla
        .post(
            &format!("/api/work-items/{}/owner", item.number),
            &json!({"owner_id": o.id("s2"), "version": item.version}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(moved.assignee_id.to_string(), o.id("s2"));
    assert!(
        scene(o.browser("s2"), WorkOrderScene::MyResponsible, 25)
            .await
            .contains(&item.number)
    );
    assert!(
        !scene(o.browser("s1"), WorkOrderScene::All, 25)
            .await
            .contains(&item.number)
    );

    let lock = json!({"locked": true, "version": moved.version});
    let locked: WorkItemView = tla
        .post(&format!("/api/work-items/{}/lock", item.number), &lock)
        .await
        .json_with(StatusCode::OK)
        .await;
    let error = tla
        .post(
            &format!("/api/work-items/{}/priority", item.number),
            &json!({"priority": "Urgent", "version": locked.version}),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(error.message.contains("locked") || error.fields[0].message.contains("locked"));
}

#[tokio::test]
async fn a_batch_change_of_owner_changes_what_it_may_and_refuses_each_other_row_with_why() {
    let app = spawn_app().await;
    let o = office(&app).await;
    save_org(&o.admin, &chart(&o, false, 0)).await;
    let own = order(&o, "s2", "Check the heating").await;
    // s3 reports to tla, who may change it; r1's is out of tla's sight.
    let subordinates = order(&o, "s3", "Paint the corridor").await;
    let unseen = order(&o, "r1", "Fix the till").await;
    // tla reads this one only (a read-only team member).
    let read_only = order(&o, "sm", "Audit the stock").await;
    let edit = json!({"description": read_only.description, "assignee_id": o.id("sm"),
        "team_read": [o.id("tla")], "version": read_only.version});
    o.admin
        .put(&format!("/api/work-items/{}", read_only.number), &edit)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let ticket: WorkItemView = o
        .admin
        .post(
            &format!("/api/contacts/{}/work-items", o.contact.id),
            &json!({"type_key": "support-ticket", "description": "Printer", "assignee_id": o.id("tla")}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let numbers = [
        own.number,
        subordinates.number,
        unseen.number,
        read_only.number,
        ticket.number,
    ];
    let result: BatchOwnerResult = o
        .browser("tla")
        .post(
            "/api/work-orders/owner",
            &json!({"numbers": numbers, "owner_id": o.id("s1")}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    let changed: Vec<u64> = result.changed.iter().map(|i| i.number).collect();
    assert_eq!(changed, [own.number, subordinates.number]);
    let refused: Vec<(u64, &str)> = result
        .refused
        .iter()
        .map(|r| (r.number, r.code.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            (unseen.number, "not_found"),
            (read_only.number, "forbidden"),
            (ticket.number, "not_a_work_order"),
        ]
    );
    assert!(result.refused.iter().all(|r| !r.message.is_empty()));
    // Refused rows did not change.
    let still: WorkItemView = o
        .admin
        .get(&format!("/api/work-items/{}", unseen.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(still.assignee_id.to_string(), o.id("r1"));

    for bad in [
        json!({"numbers": [], "owner_id": o.id("s1")}),
        json!({"numbers": [own.number, own.number], "owner_id": o.id("s1")}),
        json!({"numbers": [own.number], "owner_id": "0123456789abcdef0123456789abcdef"}),
    ] {
        o.browser("tla")
            .post("/api/work-orders/owner", &bad)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
}

#[tokio::test]
async fn a_scene_refuses_a_cursor_it_did_not_give_and_a_page_beyond_fifty() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    admin
        .get("/api/work-orders?cursor=not-a-cursor")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .await;
    admin
        .get("/api/work-orders?limit=51")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    admin
        .get("/api/work-orders?scene=everything")
        .await
        .assert_status(StatusCode::BAD_REQUEST)
        .await;
}
