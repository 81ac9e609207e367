use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{HistoryEntry, Page, Priority, Role, WorkItemType, WorkItemView, Workflow};

use crate::helpers::{ResponseExt, contact_body, move_to, new_item, spawn_app};

#[tokio::test]
async fn the_shipped_workflows_and_types_are_listed() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let workflows: Vec<Workflow> = admin
        .get("/api/workflows")
        .await
        .json_with(StatusCode::OK)
        .await;
    let keys: Vec<_> = workflows.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["consultation", "service-ticket", "work-order"]);
    assert!(
        workflows.iter().all(|w| w.version == 1),
        "each is at its stored version"
    );
    let types: Vec<WorkItemType> = admin
        .get("/api/work-item-types")
        .await
        .json_with(StatusCode::OK)
        .await;
    for name in [
        "Body Type Quiz",
        "Health Evaluation Quiz",
        "FAQ Request",
        "Abandoned Shopping Cart",
        "Fraud Review",
        "Support Ticket",
        "Product Info Query",
        "Service Ticket",
        "Work Order",
    ] {
        assert!(types.iter().any(|t| t.name == name), "{name} is missing");
    }
    assert!(types.iter().all(|t| t.version == 1));
}

#[tokio::test]
async fn a_support_ticket_walks_new_in_progress_pending_resolved_and_its_history_is_kept() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Sarah Bays", "sarah@example.com"))
        .await;
    let mut item = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    assert_eq!(
        (item.status.as_str(), item.assignee_id.clone()),
        ("NEW", rep_view.id.clone())
    );
    for status in ["IN_PROGRESS", "PENDING"] {
        item = move_to(&rep, &item, json!({"to": status}))
            .await
            .json_with(StatusCode::OK)
            .await;
    }
    let refused = move_to(&rep, &item, json!({"to": "RESOLVED"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(refused.fields[0].field, "closing_reason");
    let resolved: WorkItemView = move_to(
        &rep,
        &item,
        json!({"to": "RESOLVED", "closing_reason": "Answered"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(resolved.closing_reason.as_deref(), Some("Answered"));
    let history: Page<HistoryEntry> = rep
        .get(&format!("/api/work-items/{}/history", item.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    let statuses: Vec<_> = history
        .items
        .iter()
        .filter(|h| h.field == "status")
        .filter_map(|h| h.to.clone())
        .collect();
    assert_eq!(statuses, ["RESOLVED", "PENDING", "IN_PROGRESS", "NEW"]);
    assert!(history.items.iter().all(|h| h.by == rep_view.id));
    let listed: Page<WorkItemView> = rep
        .get(&format!("/api/contacts/{}/work-items", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(listed.items[0].status, "RESOLVED");
}

#[tokio::test]
async fn a_skipped_step_is_refused_with_the_allowed_next_statuses() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    let item = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    let error = move_to(&admin, &item, json!({"to": "SOLD", "closing_reason": "x"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        error.fields[0]
            .message
            .contains("allowed next: In Progress, Closed"),
        "{}",
        error.fields[0].message
    );
}

#[tokio::test]
async fn a_service_ticket_holds_with_a_later_due_date_completes_with_a_resolution_and_stays_cancelled()
 {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Acme Corp", "it@acme.example"))
        .await;
    let ticket = new_item(&admin, contact.id.as_str(), "service-ticket").await;
    let error = move_to(&admin, &ticket, json!({"to": "HOLD"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "due_date");
    let held: WorkItemView = move_to(
        &admin,
        &ticket,
        json!({"to": "HOLD", "due_date": "2999-01-31"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(held.priority, Priority::NotApplicable);
    let wip: WorkItemView = move_to(
        &admin,
        &held,
        json!({"to": "WORK_IN_PROGRESS", "extension": "WFV"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(wip.extension.as_deref(), Some("WFV"));
    let error = move_to(&admin, &wip, json!({"to": "COMPLETED"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "resolution");
    let second = new_item(&admin, contact.id.as_str(), "service-ticket").await;
    let cancelled: WorkItemView = move_to(&admin, &second, json!({"to": "CANCELLED"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    let error = move_to(&admin, &cancelled, json!({"to": "NEW"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(error.fields[0].message.contains("void"));
    admin
        .get(&format!("/api/work-items/{}", second.number))
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn my_work_items_lists_only_my_open_items_oldest_first() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Tom Sarandon", "tom@example.com"))
        .await;
    let first = new_item(&rep, contact.id.as_str(), "product-info-query").await;
    let second = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    new_item(&admin, contact.id.as_str(), "support-ticket").await;
    let mine: Page<WorkItemView> = rep
        .get("/api/my/work-items")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        mine.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        [first.number, second.number]
    );
    move_to(
        &rep,
        &first,
        json!({"to": "CLOSED", "closing_reason": "No answer"}),
    )
    .await
    .assert_status(StatusCode::OK)
    .await;
    let mine: Page<WorkItemView> = rep
        .get("/api/my/work-items")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        mine.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        [second.number]
    );
}

#[tokio::test]
async fn a_stale_status_change_gets_409_with_the_item_as_it_is_now() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Stale Case", "stale@example.com"))
        .await;
    let item = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    move_to(&admin, &item, json!({"to": "IN_PROGRESS"}))
        .await
        .assert_status(StatusCode::OK)
        .await;
    let error = move_to(
        &admin,
        &item,
        json!({"to": "CLOSED", "closing_reason": "x"}),
    )
    .await
    .error_with(StatusCode::CONFLICT)
    .await;
    assert_eq!(error.current.expect("current")["status"], "IN_PROGRESS");
}

#[tokio::test]
async fn bad_work_item_requests_get_clear_answers() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Bad Requests", "bad@example.com"))
        .await;
    let path = format!("/api/contacts/{}/work-items", contact.id);
    let quiz = admin
        .post(
            &path,
            &json!({"type_key": "body-type-quiz", "description": "x"}),
        )
        .await;
    assert_eq!(
        quiz.error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .fields[0]
            .field,
        "type_key"
    );
    let blank = admin
        .post(
            &path,
            &json!({"type_key": "support-ticket", "description": "  "}),
        )
        .await;
    assert_eq!(
        blank
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .fields[0]
            .field,
        "description"
    );
    admin
        .post(
            "/api/contacts/nobody/work-items",
            &json!({"type_key": "support-ticket", "description": "x"}),
        )
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    admin
        .get("/api/work-items/999")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    admin
        .get("/api/work-items/seven")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
}

#[tokio::test]
async fn an_edit_reassigns_sets_a_callback_and_is_recorded() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let (other, other_view) = app.user(&admin, "other@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Edit Case", "edit@example.com"))
        .await;
    let early = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    let item = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    let path = format!("/api/work-items/{}", item.number);
    let soon = json!({"description": "Call back about the refund", "assignee_id": rep_view.id,
        "callback_at": "2026-01-01T09:00:00Z", "team": [other_view.id], "version": item.version});
    let edited: WorkItemView = rep.put(&path, &soon).await.json_with(StatusCode::OK).await;
    assert_eq!(edited.description, "Call back about the refund");
    let mine: Page<WorkItemView> = rep
        .get("/api/my/work-items")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        mine.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        [item.number, early.number],
        "callbacks first"
    );
    let stale = rep
        .put(&path, &soon)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(stale.code, "conflict");
    let handover = json!({"description": "Call back about the refund", "assignee_id": other_view.id,
        "team": [], "version": edited.version});
    rep.put(&path, &handover)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let theirs: Page<WorkItemView> = other
        .get("/api/my/work-items")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        theirs.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        [item.number]
    );
    let history: Page<HistoryEntry> = rep
        .get(&format!("{path}/history"))
        .await
        .json_with(StatusCode::OK)
        .await;
    for field in ["description", "assignee", "callback_at", "team"] {
        assert!(
            history.items.iter().any(|h| h.field == field),
            "{field} was not recorded"
        );
    }
    let bad = json!({"description": " ", "assignee_id": "nobody", "version": 3});
    rep.put(&path, &bad)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn the_note_saves_as_typed_and_reads_back() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Note Case", "note@example.com"))
        .await;
    let item = new_item(&admin, contact.id.as_str(), "faq-request").await;
    let path = format!("/api/work-items/{}/note", item.number);
    let empty: Value = admin.get(&path).await.json_with(StatusCode::OK).await;
    assert_eq!(empty["note"], "");
    for text in ["Asked about", "Asked about keto and fasting"] {
        admin
            .put(&path, &json!({"note": text}))
            .await
            .assert_status(StatusCode::OK)
            .await;
    }
    let saved: Value = admin.get(&path).await.json_with(StatusCode::OK).await;
    assert_eq!(saved["note"], "Asked about keto and fasting");
    let huge = "x".repeat(20_001);
    admin
        .put(&path, &json!({"note": huge}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn a_locked_work_order_cannot_be_handled_until_unlocked() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Lock Case", "lock@example.com"))
        .await;
    let order = new_item(&admin, contact.id.as_str(), "work-order").await;
    let lock = format!("/api/work-items/{}/lock", order.number);
    let locked: WorkItemView = admin
        .post(&lock, &json!({"locked": true, "version": order.version}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(locked.locked);
    let refused = move_to(&admin, &locked, json!({"to": "RESOLVED"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(refused.fields[0].message.contains("locked"));
    let unlocked: WorkItemView = admin
        .post(&lock, &json!({"locked": false, "version": locked.version}))
        .await
        .json_with(StatusCode::OK)
        .await;
    move_to(&admin, &unlocked, json!({"to": "RESOLVED"}))
        .await
        .assert_status(StatusCode::OK)
        .await;
    let ticket = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    let error = admin
        .post(
            &format!("/api/work-items/{}/lock", ticket.number),
            &json!({"locked": true, "version": 1}),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "locked");
}

#[tokio::test]
async fn the_work_items_of_a_contact_that_does_not_exist_are_404_whatever_its_id() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    for id in ["no-such-contact", "a%01b", "%C2%80%01"] {
        admin
            .get(&format!("/api/contacts/{id}/work-items?cursor=e"))
            .await
            .error_with(StatusCode::NOT_FOUND)
            .await;
    }
}
