//! Admins add and edit work item types and workflows; everyone else only reads them.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{Role, WorkItemType, Workflow, work_order};

use crate::helpers::{ResponseExt, contact_body, new_item, spawn_app};

fn warranty() -> Value {
    json!({"name": "Warranty Claim", "explanation": "A product under warranty failed.",
        "priority": "High", "workflow": "work-order", "active": true, "manual": true})
}

async fn types(browser: &crate::helpers::Browser) -> Vec<WorkItemType> {
    browser
        .get("/api/work-item-types")
        .await
        .json_with(StatusCode::OK)
        .await
}

#[tokio::test]
async fn an_admin_adds_a_manually_created_type_that_reps_can_use() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let created: WorkItemType = admin
        .post("/api/work-item-types", &warranty())
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(
        (
            created.key.as_str(),
            created.category.as_str(),
            created.workflow.as_str(),
            created.version
        ),
        ("warranty-claim", "Manually Created", "work-order", 1)
    );
    let listed = types(&admin).await;
    assert!(listed.iter().any(|t| t == &created), "listed as created");
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Wendy Warranty", "wendy@example.com"))
        .await;
    let item = new_item(&rep, contact.id.as_str(), "warranty-claim").await;
    assert_eq!(
        (item.status.as_str(), item.priority),
        ("OPEN", worklane_domain::Priority::High)
    );
}

#[tokio::test]
async fn a_type_name_is_used_once_and_a_bad_type_is_refused_field_by_field() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    for name in ["Support Ticket", "support  TICKET"] {
        let mut body = warranty();
        body["name"] = json!(name);
        let error = admin
            .post("/api/work-item-types", &body)
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(error.fields[0].field, "name");
        assert_eq!(error.fields[0].message, "a type with this name exists");
    }
    let bad = json!({"name": "!!", "priority": "Urgent", "workflow": "nope"});
    let error = admin
        .post("/api/work-item-types", &bad)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "priority", "workflow"]);
}

#[tokio::test]
async fn an_admin_edits_a_type_which_keeps_its_key_category_and_workflow() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let service = types(&admin)
        .await
        .into_iter()
        .find(|t| t.key == "service-ticket")
        .unwrap();
    let path = "/api/work-item-types/service-ticket";
    let edit = json!({"name": "IT Request", "explanation": "Anything the IT desk handles.",
        "priority": "Low", "workflow": "service-ticket", "active": true, "manual": true,
        "version": service.version});
    let edited: WorkItemType = admin.put(path, &edit).await.json_with(StatusCode::OK).await;
    assert_eq!(
        (
            edited.key.as_str(),
            edited.name.as_str(),
            edited.category.as_str(),
            edited.version
        ),
        ("service-ticket", "IT Request", "Service Desk", 2)
    );
    assert_eq!(edited.priority, worklane_domain::Priority::Low);
    assert!(types(&admin).await.contains(&edited));

    let stale = admin
        .put(path, &edit)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(stale.current.expect("current")["version"], 2);

    let mut moved = edit.clone();
    moved["workflow"] = json!("consultation");
    moved["version"] = json!(2);
    let error = admin
        .put(path, &moved)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "workflow");
    assert_eq!(
        error.fields[0].message,
        "a type's workflow can't change; create a new type"
    );

    let mut taken = edit.clone();
    taken["name"] = json!("Fraud Review");
    taken["version"] = json!(2);
    let error = admin
        .put(path, &taken)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].message, "a type with this name exists");

    admin
        .put("/api/work-item-types/no-such-type", &edit)
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn a_renamed_type_frees_its_old_name_and_holds_its_new_one() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let created: WorkItemType = admin
        .post("/api/work-item-types", &warranty())
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let mut rename = warranty();
    rename["name"] = json!("Guarantee Claim");
    rename["version"] = json!(created.version);
    let renamed: WorkItemType = admin
        .put("/api/work-item-types/warranty-claim", &rename)
        .await
        .json_with(StatusCode::OK)
        .await;
    let mut again = warranty();
    again["name"] = json!("Guarantee Claim");
    admin
        .post("/api/work-item-types", &again)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    rename["name"] = json!("Return Claim");
    rename["version"] = json!(renamed.version);
    admin
        .put("/api/work-item-types/warranty-claim", &rename)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let mut freed = warranty();
    freed["name"] = json!("Guarantee Claim");
    let guarantee: WorkItemType = admin
        .post("/api/work-item-types", &freed)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(guarantee.key, "guarantee-claim");
}

#[tokio::test]
async fn only_admins_manage_types_and_workflows() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let (manager, _) = app.user(&admin, "manager@example.com", Role::Manager).await;
    let workflow = serde_json::to_value(work_order()).unwrap();
    for browser in [&rep, &manager] {
        let error = browser
            .post("/api/work-item-types", &warranty())
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        assert_eq!(error.message, "only admins can manage work item types");
        let mut edit = warranty();
        edit["version"] = json!(1);
        browser
            .put("/api/work-item-types/support-ticket", &edit)
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        let error = browser
            .post("/api/workflows", &workflow)
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        assert_eq!(error.message, "only admins can manage workflows");
        browser
            .put("/api/workflows/work-order", &workflow)
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        browser
            .get("/api/workflows")
            .await
            .assert_status(StatusCode::OK)
            .await;
    }
}

#[tokio::test]
async fn an_admin_adds_a_workflow_whose_key_is_used_once() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let mut returns = work_order();
    returns.key = "returns".into();
    returns.name = "Returns".into();
    returns.version = 7;
    let created: Workflow = admin
        .post("/api/workflows", &returns)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(
        (created.key.as_str(), created.version),
        ("returns", 1),
        "a new workflow starts at version 1"
    );
    let listed: Vec<Workflow> = admin
        .get("/api/workflows")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(listed.contains(&created));
    let error = admin
        .post("/api/workflows", &returns)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "key");
    assert_eq!(
        error.fields[0].message,
        "a workflow with the key returns exists"
    );
    let mut broken = returns.clone();
    broken.key = "broken".into();
    broken.initial = "CLOSED".into();
    let error = admin
        .post("/api/workflows", &broken)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "initial");
}

#[tokio::test]
async fn a_workflow_edit_keeps_every_status_and_is_version_checked() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let path = "/api/workflows/work-order";
    let mut next = work_order();
    next.version = 1;
    next.statuses[1].label = "Fixed".into();
    next.transitions.retain(|t| t.to != "OBSOLETE");
    next.statuses.push(worklane_domain::StatusDef {
        key: "WAITING".into(),
        label: "Waiting".into(),
        number: None,
        color: "#ef6c00".into(),
        kind: worklane_domain::StatusKind::Open,
        requires: Vec::new(),
        priority_change: None,
    });
    let saved: Workflow = admin.put(path, &next).await.json_with(StatusCode::OK).await;
    assert_eq!(saved.version, 2);
    assert_eq!(saved.statuses[1].label, "Fixed");

    let stale = admin
        .put(path, &next)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(stale.current.expect("current")["version"], 2);

    let mut removed = saved.clone();
    removed.statuses.retain(|s| s.key != "OBSOLETE");
    let error = admin
        .put(path, &removed)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "statuses");
    assert_eq!(
        error.fields[0].message,
        "status OBSOLETE is in use by work items; remove its transitions instead"
    );

    let mut elsewhere = saved.clone();
    elsewhere.key = "other".into();
    let error = admin
        .put(path, &elsewhere)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "key");

    admin
        .put("/api/workflows/nope", &saved)
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn a_rep_calling_an_admin_endpoint_gets_403_whatever_the_body() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    for path in ["/api/workflows", "/api/work-item-types", "/api/users"] {
        for (content_type, body) in [
            ("application/json", ""),
            ("application/json", "{}"),
            ("application/json", "{not json"),
            ("text/plain", "hello"),
        ] {
            let error = rep
                .post_raw(path, content_type, &[], body)
                .await
                .error_with(StatusCode::FORBIDDEN)
                .await;
            assert_eq!(error.code, "forbidden", "{path} {content_type} {body:?}");
        }
    }
}
