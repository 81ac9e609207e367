//! The rules of the three shipped workflows, as a rep meets them through the API: what each
//! status needs, what it does to the priority, and which statuses are final.

use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{Priority, Role, Timestamp, WorkItemView};

use crate::helpers::{
    ResponseExt, TestApp, contact_body, move_to, my_numbers, new_item, spawn_app,
};

/// Today in UTC, as the server reckons due dates.
fn today() -> String {
    Timestamp::now().to_string()[..10].to_string()
}

async fn rep_with_contact(app: &TestApp) -> (crate::helpers::Browser, String) {
    user_with_contact(app, Role::Rep).await
}

/// A user of `role` and a contact of theirs (work orders are handled by service staff).
async fn user_with_contact(app: &TestApp, role: Role) -> (crate::helpers::Browser, String) {
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", role).await;
    let contact = rep
        .create_contact(contact_body("Rule Case", "rules@example.com"))
        .await;
    (rep, contact.id.as_str().to_string())
}

#[tokio::test]
async fn every_closed_consultation_status_asks_for_a_closing_reason() {
    let app = spawn_app().await;
    let (rep, contact) = rep_with_contact(&app).await;
    let item = new_item(&rep, &contact, "support-ticket").await;
    let refused = move_to(&rep, &item, json!({"to": "CLOSED", "closing_reason": "  "}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(refused.fields[0].field, "closing_reason");
    assert_eq!(
        refused.fields[0].message,
        "give a reason for moving to Closed"
    );
    let mut selling = item;
    for to in ["IN_PROGRESS", "SELLING"] {
        selling = move_to(&rep, &selling, json!({"to": to}))
            .await
            .json_with(StatusCode::OK)
            .await;
    }
    let refused = move_to(&rep, &selling, json!({"to": "SOLD"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        refused.fields[0].message,
        "give a reason for moving to Sold"
    );
    let sold: WorkItemView = move_to(
        &rep,
        &selling,
        json!({"to": "SOLD", "closing_reason": "Order 1001"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(
        (sold.status.as_str(), sold.closing_reason.as_deref()),
        ("SOLD", Some("Order 1001"))
    );
    assert!(
        my_numbers(&rep, "").await.is_empty(),
        "a sold item is closed"
    );
}

#[tokio::test]
async fn a_ticket_on_hold_needs_a_due_date_after_today_and_its_priority_becomes_not_applicable() {
    let app = spawn_app().await;
    let (rep, contact) = rep_with_contact(&app).await;
    let ticket = new_item(&rep, &contact, "service-ticket").await;
    for (date, expected) in [
        (today(), "the new due date must be after"),
        ("2000-01-01".to_string(), "the new due date must be after"),
        ("next week".to_string(), "is not a date; use YYYY-MM-DD"),
    ] {
        let refused = move_to(&rep, &ticket, json!({"to": "HOLD", "due_date": date}))
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(refused.fields[0].field, "due_date");
        assert!(
            refused.fields[0].message.contains(expected),
            "{date}: {}",
            refused.fields[0].message
        );
    }
    let held: WorkItemView = move_to(
        &rep,
        &ticket,
        json!({"to": "HOLD", "due_date": "2999-06-30"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(held.priority, Priority::NotApplicable);
    assert_eq!(
        held.due_date.map(|d| d.to_string()).as_deref(),
        Some("2999-06-30")
    );
    assert_eq!(
        my_numbers(&rep, "").await,
        [held.number],
        "Hold is still open"
    );
}

#[tokio::test]
async fn pending_lowers_a_tickets_priority_and_internal_makes_it_not_applicable() {
    let app = spawn_app().await;
    let (rep, contact) = rep_with_contact(&app).await;
    let ticket = new_item(&rep, &contact, "service-ticket").await;
    assert_eq!(ticket.priority, Priority::Normal);
    let pending: WorkItemView = move_to(&rep, &ticket, json!({"to": "PENDING"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(pending.priority, Priority::Low);
    let internal: WorkItemView = move_to(&rep, &pending, json!({"to": "INTERNAL"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(internal.priority, Priority::NotApplicable);
}

#[tokio::test]
async fn a_ticket_completes_with_a_resolution_and_may_be_reopened() {
    let app = spawn_app().await;
    let (rep, contact) = rep_with_contact(&app).await;
    let ticket = new_item(&rep, &contact, "service-ticket").await;
    let refused = move_to(&rep, &ticket, json!({"to": "COMPLETED"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(refused.fields[0].field, "resolution");
    assert_eq!(
        refused.fields[0].message,
        "describe the resolution to move to Completed"
    );
    let completed: WorkItemView = move_to(
        &rep,
        &ticket,
        json!({"to": "COMPLETED", "resolution": "Replaced the router"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    assert_eq!(completed.resolution.as_deref(), Some("Replaced the router"));
    assert!(my_numbers(&rep, "").await.is_empty(), "Completed is closed");
    let refused = move_to(&rep, &completed, json!({"to": "NEW"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        refused.fields[0]
            .message
            .contains("allowed next: Work in Progress"),
        "{}",
        refused.fields[0].message
    );
    move_to(&rep, &completed, json!({"to": "WORK_IN_PROGRESS"}))
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(my_numbers(&rep, "").await, [ticket.number]);
}

#[tokio::test]
async fn a_cancelled_ticket_is_final_and_leaves_my_work_items() {
    let app = spawn_app().await;
    let (rep, contact) = rep_with_contact(&app).await;
    let ticket = new_item(&rep, &contact, "service-ticket").await;
    let cancelled: WorkItemView = move_to(&rep, &ticket, json!({"to": "CANCELLED"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(my_numbers(&rep, "").await.is_empty());
    for to in ["WORK_IN_PROGRESS", "COMPLETED", "CANCELLED"] {
        let refused = move_to(
            &rep,
            &cancelled,
            json!({"to": to, "resolution": "x", "extension": "CA1"}),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
        assert_eq!(
            refused.fields[0].message, "the item is Cancelled; a void item cannot be handled",
            "{to}"
        );
    }
}

#[tokio::test]
async fn an_obsolete_work_order_is_final_and_a_closed_one_may_reopen() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app
        .user(&admin, "staff@example.com", Role::ServiceStaff)
        .await;
    let contact = rep
        .create_contact(contact_body("Rule Case", "rules@example.com"))
        .await;
    let contact = contact.id.as_str().to_string();
    let order = new_item(&rep, &contact, "work-order").await;
    let closed: WorkItemView = move_to(&rep, &order, json!({"to": "CLOSED"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    let reopened: WorkItemView = move_to(&rep, &closed, json!({"to": "OPEN"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    let obsolete: WorkItemView = move_to(&rep, &reopened, json!({"to": "OBSOLETE"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(my_numbers(&rep, "").await.is_empty());
    // Seed 003: an Obsolete work order is for admins only; for them it stays final.
    let gone = move_to(&rep, &obsolete, json!({"to": "OPEN"}))
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(gone.message, "work item was not found");
    let refused = move_to(&admin, &obsolete, json!({"to": "OPEN"}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        refused.fields[0].message,
        "the item is Obsolete; a void item cannot be handled"
    );
}

#[tokio::test]
async fn a_locked_work_order_cannot_be_handled_in_any_direction() {
    let app = spawn_app().await;
    let (rep, contact) = user_with_contact(&app, Role::ServiceStaff).await;
    let order = new_item(&rep, &contact, "work-order").await;
    let locked: WorkItemView = rep
        .post(
            &format!("/api/work-items/{}/lock", order.number),
            &json!({"locked": true, "version": order.version}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    for to in ["RESOLVED", "CLOSED", "OBSOLETE"] {
        let refused = move_to(&rep, &locked, json!({"to": to}))
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(
            refused.fields[0].message,
            "this item is locked; unlock it before handling it"
        );
    }
    assert_eq!(
        my_numbers(&rep, "").await,
        [order.number],
        "a locked order is still open"
    );
}
