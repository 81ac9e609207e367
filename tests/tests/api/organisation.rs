//! The organisation: departments with heads, reporting lines, and the private records they
//! open to superiors and heads, with the reason for each.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{
    AccessLevel, ContactView, OrgChart, OrgSaved, Page, ReindexProgress, Role, SharingSettings,
    UserReach, UserView, VisibilityReason, WhoCanSee,
};

use crate::helpers::{Browser, ResponseExt, TestApp, contact_body, set_sharing, spawn_app};

struct Office {
    admin: Browser,
    ann: Browser,
    ann_id: UserView,
    bob: Browser,
    bob_id: UserView,
    meg: Browser,
    meg_id: UserView,
    anns: ContactView,
}

/// Contacts private; Meg heads Sales, where Ann and Bob work; Ann owns a contact.
async fn office(app: &TestApp) -> Office {
    let (admin, _) = app.admin().await;
    let (ann, ann_id) = app.user(&admin, "ann@example.com", Role::Rep).await;
    let (bob, bob_id) = app.user(&admin, "bob@example.com", Role::Rep).await;
    let (meg, meg_id) = app.user(&admin, "meg@example.com", Role::Manager).await;
    set_sharing(&admin, json!({"contacts": "private"})).await;
    let anns = ann
        .create_contact(contact_body("Sarah Annsclient", "sarah@example.com"))
        .await;
    Office {
        admin,
        ann,
        ann_id,
        bob,
        bob_id,
        meg,
        meg_id,
        anns,
    }
}

fn sales(o: &Office, version: u64) -> Value {
    json!({
        "departments": [{"key": "sales", "name": "Sales", "head": o.meg_id.id}],
        "placements": [
            {"user": o.ann_id.id, "department": "sales"},
            {"user": o.bob_id.id, "department": "sales"},
            {"user": o.meg_id.id, "department": "sales"},
        ],
        "version": version,
    })
}

async fn save_org(admin: &Browser, chart: &Value) -> OrgSaved {
    let saved: OrgSaved = admin
        .put("/api/org", chart)
        .await
        .json_with(StatusCode::OK)
        .await;
    settle(admin).await;
    saved
}

/// Waits for the re-index the last save started.
async fn settle(admin: &Browser) {
    for _ in 0..200 {
        let progress: ReindexProgress = admin
            .get("/api/org/reindex")
            .await
            .json_with(StatusCode::OK)
            .await;
        if !progress.running {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the re-index did not finish");
}

/// An edit of Ann's contact made on `version`.
fn renamed(version: u64) -> Value {
    json!({"name": "Sarah Renamed", "kind": "Customer",
        "emails": ["sarah@example.com"], "phones": [], "version": version})
}

async fn listed(browser: &Browser) -> Vec<String> {
    let page: Page<ContactView> = browser
        .get("/api/contacts")
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items.into_iter().map(|c| c.id.to_string()).collect()
}

#[tokio::test]
async fn a_head_of_department_sees_and_changes_a_subordinates_private_contact_and_a_colleague_does_not()
 {
    let app = spawn_app().await;
    let o = office(&app).await;
    let path = format!("/api/contacts/{}", o.anns.id);
    o.meg
        .get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;

    save_org(&o.admin, &sales(&o, 0)).await;

    o.meg.get(&path).await.assert_status(StatusCode::OK).await;
    assert_eq!(listed(&o.meg).await, vec![o.anns.id.to_string()]);
    let edit = renamed(o.anns.version);
    o.meg
        .put(&path, &edit)
        .await
        .assert_status(StatusCode::OK)
        .await;
    o.bob
        .get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    assert!(listed(&o.bob).await.is_empty());
}

#[tokio::test]
async fn who_can_see_a_contact_names_each_person_and_why() {
    let app = spawn_app().await;
    let o = office(&app).await;
    save_org(&o.admin, &sales(&o, 0)).await;
    let who: WhoCanSee = o
        .ann
        .get(&format!("/api/contacts/{}/viewers", o.anns.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(who.everyone.key(), "private");
    let ann = who.viewers.iter().find(|v| v.user == o.ann_id.id).unwrap();
    assert_eq!(ann.reasons, [VisibilityReason::Owner]);
    let meg = who.viewers.iter().find(|v| v.user == o.meg_id.id).unwrap();
    assert_eq!(meg.level, AccessLevel::Change);
    assert!(meg.reasons.contains(&VisibilityReason::Superior {
        of: o.ann_id.id.clone(),
        level: 1
    }));
    assert!(meg.reasons.contains(&VisibilityReason::DepartmentHead {
        department: "sales".into(),
        depth: 0
    }));
    assert!(who.viewers.iter().all(|v| v.user != o.bob_id.id));

    // An admin asks about Bob; Bob may ask about himself but not about Meg.
    let bob: UserReach = o
        .admin
        .get(&format!(
            "/api/contacts/{}/viewers/{}",
            o.anns.id, o.bob_id.id
        ))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!((bob.level, bob.reasons.len()), (None, 0));
    o.ann
        .get(&format!(
            "/api/contacts/{}/viewers/{}",
            o.anns.id, o.meg_id.id
        ))
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    o.bob
        .get(&format!("/api/contacts/{}/viewers", o.anns.id))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn moving_a_rep_to_another_department_reindexes_their_contacts_for_the_new_head() {
    let app = spawn_app().await;
    let o = office(&app).await;
    let saved = save_org(&o.admin, &sales(&o, 0)).await;
    assert_eq!(listed(&o.meg).await.len(), 1);

    // Bob heads a new East team; Ann moves into it.
    let moved = json!({
        "departments": [
            {"key": "sales", "name": "Sales", "head": o.meg_id.id},
            {"key": "east", "name": "East", "parent": "sales", "head": o.bob_id.id},
        ],
        "placements": [
            {"user": o.ann_id.id, "department": "east"},
            {"user": o.bob_id.id, "department": "east"},
            {"user": o.meg_id.id, "department": "sales"},
        ],
        "superior_scope": "direct",
        "version": saved.chart.version,
    });
    let saved = save_org(&o.admin, &moved).await;
    assert!(saved.reindex.owners_total >= 1, "{:?}", saved.reindex);
    assert_eq!(listed(&o.bob).await, vec![o.anns.id.to_string()]);
    // Under the direct scope Meg no longer sees two levels down.
    assert!(listed(&o.meg).await.is_empty());
    o.meg
        .get(&format!("/api/contacts/{}", o.anns.id))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    let progress: ReindexProgress = o
        .admin
        .get("/api/org/reindex")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(progress.records_done >= 1 && !progress.running);
}

#[tokio::test]
async fn the_chart_refuses_circles_unknown_people_stale_versions_and_non_admins() {
    let app = spawn_app().await;
    let o = office(&app).await;
    let circle = json!({
        "placements": [
            {"user": o.ann_id.id, "reports_to": o.bob_id.id},
            {"user": o.bob_id.id, "reports_to": o.ann_id.id},
        ],
        "version": 0,
    });
    let error = o
        .admin
        .put("/api/org", &circle)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        serde_json::to_string(&error).unwrap().contains("circle"),
        "{error:?}"
    );
    let stranger = json!({
        "departments": [{"key": "sales", "name": "Sales", "head": "0123456789abcdef0123456789abcdef"}],
        "version": 0,
    });
    o.admin
        .put("/api/org", &stranger)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let ghost_rule = json!({
        "sharing_rules": [{"key": "ghost", "name": "Ghost",
            "source": {"kind": "user", "id": "no-such-user"},
            "target": {"kind": "user", "id": o.bob_id.id}, "level": "read"}],
        "version": 0,
    });
    let error = o
        .admin
        .put("/api/org", &ghost_rule)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "sharing_rules[0].source");
    o.meg
        .put("/api/org", &sales(&o, 0))
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    save_org(&o.admin, &sales(&o, 0)).await;
    o.admin
        .put("/api/org", &sales(&o, 0))
        .await
        .assert_status(StatusCode::CONFLICT)
        .await;
    let chart: OrgChart = o.ann.get("/api/org").await.json_with(StatusCode::OK).await;
    assert_eq!((chart.version, chart.departments.len()), (1, 1));
}

#[tokio::test]
async fn a_sharing_rule_lets_a_group_read_a_reps_private_contacts_and_says_so() {
    let app = spawn_app().await;
    let o = office(&app).await;
    let path = format!("/api/contacts/{}", o.anns.id);
    o.bob
        .get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    let chart = json!({
        "groups": [{"key": "night-shift", "name": "Night shift", "members": [o.bob_id.id]}],
        "sharing_rules": [{
            "key": "ann-to-night-shift",
            "name": "Ann's clients to the night shift",
            "source": {"kind": "user", "id": o.ann_id.id},
            "target": {"kind": "group", "key": "night-shift"},
            "level": "read",
        }],
        "version": 0,
    });
    save_org(&o.admin, &chart).await;

    o.bob.get(&path).await.assert_status(StatusCode::OK).await;
    assert_eq!(listed(&o.bob).await, vec![o.anns.id.to_string()]);
    let edit = renamed(o.anns.version);
    o.bob
        .put(&path, &edit)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    o.meg
        .get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;

    let who: WhoCanSee = o
        .ann
        .get(&format!("{path}/viewers"))
        .await
        .json_with(StatusCode::OK)
        .await;
    let bob = who.viewers.iter().find(|v| v.user == o.bob_id.id).unwrap();
    assert_eq!(bob.level, AccessLevel::Read);
    assert_eq!(
        bob.reasons,
        [VisibilityReason::SharingRule {
            rule: "ann-to-night-shift".into(),
            level: AccessLevel::Read
        }]
    );

    // A group cannot be a rule's source.
    let wrong = json!({
        "groups": [{"key": "night-shift", "name": "Night shift", "members": []}],
        "sharing_rules": [{
            "key": "x", "name": "X",
            "source": {"kind": "group", "key": "night-shift"},
            "target": {"kind": "user", "id": o.meg_id.id},
            "level": "change",
        }],
        "version": 1,
    });
    o.admin
        .put("/api/org", &wrong)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn a_related_team_member_reaches_a_contact_as_far_as_granted_and_so_do_their_superiors() {
    let app = spawn_app().await;
    let o = office(&app).await;
    // Bob reports to Meg; Ann is on her own.
    let chart = json!({
        "placements": [{"user": o.bob_id.id, "reports_to": o.meg_id.id}],
        "version": 0,
    });
    save_org(&o.admin, &chart).await;
    let path = format!("/api/contacts/{}", o.anns.id);
    o.bob
        .get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;

    // Bob cannot add himself; Ann, the owner, adds him to read.
    let team = |level: &str, version: u64| json!({"team": [{"user": o.bob_id.id, "level": level}], "version": version});
    o.bob
        .put(&format!("{path}/team"), &team("change", o.anns.version))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    let with_bob: ContactView = o
        .ann
        .put(&format!("{path}/team"), &team("read", o.anns.version))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(with_bob.team.len(), 1);

    o.bob.get(&path).await.assert_status(StatusCode::OK).await;
    assert_eq!(listed(&o.bob).await, vec![o.anns.id.to_string()]);
    let hits: Vec<worklane_domain::ContactHit> = o
        .bob
        .get("/api/contacts/search?q=sarah")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(hits.len(), 1, "a team member finds the contact by search");
    let edit = renamed(with_bob.version);
    o.bob
        .put(&path, &edit)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    // Meg, Bob's superior, reaches it as far as Bob does, and says why.
    o.meg.get(&path).await.assert_status(StatusCode::OK).await;
    let meg: UserReach = o
        .meg
        .get(&format!("{path}/viewers/{}", o.meg_id.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(meg.level, Some(AccessLevel::Read));
    assert_eq!(
        meg.reasons,
        [VisibilityReason::SuperiorOfTeamMember {
            of: o.bob_id.id.clone(),
            level: 1,
            access: AccessLevel::Read
        }]
    );

    // To read and change: Bob's edit goes through.
    let changed: ContactView = o
        .ann
        .put(&format!("{path}/team"), &team("change", with_bob.version))
        .await
        .json_with(StatusCode::OK)
        .await;
    let edit = renamed(changed.version);
    o.bob
        .put(&path, &edit)
        .await
        .assert_status(StatusCode::OK)
        .await;

    // The owner is not a team member of their own contact; a stale version is a conflict.
    let owner =
        json!({"team": [{"user": o.ann_id.id, "level": "read"}], "version": changed.version + 1});
    o.ann
        .put(&format!("{path}/team"), &owner)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    o.ann
        .put(&format!("{path}/team"), &team("read", 1))
        .await
        .assert_status(StatusCode::CONFLICT)
        .await;
}

#[tokio::test]
async fn work_orders_are_private_by_default_and_follow_the_organisation() {
    let app = spawn_app().await;
    let o = office(&app).await;
    save_org(&o.admin, &sales(&o, 0)).await;
    // Ann's contact is public again, so Bob could work it; her work order stays hers.
    let sharing: SharingSettings = o
        .admin
        .get("/api/sharing")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(sharing.defaults.work_orders.key(), "private");
    assert_eq!(sharing.defaults.work_items.key(), "public_read_write");
    let defaults = json!({"contacts": "public_read_write", "work_items": "public_read_write",
        "work_orders": "private"});
    set_sharing(&o.admin, defaults).await;
    let new = |type_key: &str| json!({"type_key": type_key, "description": "Fix the boiler"});
    let items = format!("/api/contacts/{}/work-items", o.anns.id);
    let order: worklane_domain::WorkItemView = o
        .ann
        .post(&items, &new("work-order"))
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let ticket: worklane_domain::WorkItemView = o
        .ann
        .post(&items, &new("support-ticket"))
        .await
        .json_with(StatusCode::CREATED)
        .await;

    let order_path = format!("/api/work-items/{}", order.number);
    o.bob
        .get(&order_path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    o.bob
        .get(&format!("{order_path}/history"))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    o.bob
        .get(&format!("/api/work-items/{}", ticket.number))
        .await
        .assert_status(StatusCode::OK)
        .await;
    let listed: Page<worklane_domain::WorkItemView> =
        o.bob.get(&items).await.json_with(StatusCode::OK).await;
    assert_eq!(
        listed.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        [ticket.number],
        "the contact's list leaves out what Bob may not see"
    );
    // Meg heads Sales, where Ann works: she sees and changes the order.
    o.meg
        .get(&order_path)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let who: WhoCanSee = o
        .ann
        .get(&format!("{order_path}/viewers"))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(who.everyone.key(), "private");
    assert!(who.viewers.iter().any(|v| v.user == o.meg_id.id));
    assert!(who.viewers.iter().all(|v| v.user != o.bob_id.id));

    // Bob becomes a related team member: he may now change it (its note, its lock).
    let edit = json!({"description": "Fix the boiler", "assignee_id": o.ann_id.id,
        "team": [o.bob_id.id], "version": order.version});
    let with_bob: worklane_domain::WorkItemView = o
        .ann
        .put(&order_path, &edit)
        .await
        .json_with(StatusCode::OK)
        .await;
    // He may change it, but as a rep he does not handle work orders (seed 003): an admin does.
    let obsolete = json!({"to": "OBSOLETE", "version": with_bob.version});
    o.bob
        .post(&format!("{order_path}/status"), &obsolete)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    o.admin
        .post(&format!("{order_path}/status"), &obsolete)
        .await
        .assert_status(StatusCode::OK)
        .await;
    // Obsolete: admins only.
    for browser in [&o.ann, &o.bob, &o.meg] {
        browser
            .get(&order_path)
            .await
            .assert_status(StatusCode::NOT_FOUND)
            .await;
    }
    o.admin
        .get(&order_path)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let who: WhoCanSee = o
        .admin
        .get(&format!("{order_path}/viewers"))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(who.viewers.is_empty());
    assert_eq!(who.everyone.key(), "private", "whatever the default says");
}
