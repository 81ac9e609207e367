//! My Work Items filtered by type, category, status and priority, alone or together.

use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{Role, WorkItemView};

use crate::helpers::{ResponseExt, contact_body, move_to, my_numbers, new_item, spawn_app};

#[tokio::test]
async fn my_work_items_filter_by_type_category_status_and_priority_in_any_combination() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Filter Case", "filter@example.com"))
        .await;
    let id = contact.id.as_str();
    let support = new_item(&rep, id, "support-ticket").await;
    let fraud = new_item(&rep, id, "fraud-review").await;
    let ticket = new_item(&rep, id, "service-ticket").await;
    let order = new_item(&rep, id, "work-order").await;
    new_item(&admin, id, "support-ticket").await;
    let support: WorkItemView = move_to(&rep, &support, json!({"to": "IN_PROGRESS"}))
        .await
        .json_with(StatusCode::OK)
        .await;

    let all = [support.number, fraud.number, ticket.number, order.number];
    assert_eq!(my_numbers(&rep, "").await, all);
    for blank in ["?type=", "?status=", "?category=%20"] {
        rep.get(&format!("/api/my/work-items{blank}"))
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    for (query, expected) in [
        ("?type=support-ticket", vec![support.number]),
        (
            "?category=Manually%20Created",
            vec![support.number, fraud.number],
        ),
        ("?category=Service%20Desk", vec![ticket.number]),
        ("?status=NEW", vec![fraud.number, ticket.number]),
        ("?status=IN_PROGRESS", vec![support.number]),
        ("?priority=High", vec![fraud.number]),
        (
            "?priority=Normal",
            vec![support.number, ticket.number, order.number],
        ),
        ("?priority=NotApplicable", vec![]),
        (
            "?category=Manually%20Created&status=NEW",
            vec![fraud.number],
        ),
        (
            "?category=Manually%20Created&priority=Normal",
            vec![support.number],
        ),
        (
            "?type=service-ticket&status=NEW&priority=Normal",
            vec![ticket.number],
        ),
        ("?type=service-ticket&category=Manually%20Created", vec![]),
        ("?type=fraud-review&priority=Low", vec![]),
        ("?status=NEW&category=After-Sales%20Service", vec![]),
        (
            "?status=OPEN&category=After-Sales%20Service",
            vec![order.number],
        ),
    ] {
        assert_eq!(my_numbers(&rep, query).await, expected, "{query}");
    }

    let closed = json!({"to": "CLOSED", "closing_reason": "Answered"});
    move_to(&rep, &support, closed)
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert!(my_numbers(&rep, "?type=support-ticket").await.is_empty());
    assert!(my_numbers(&rep, "?status=IN_PROGRESS").await.is_empty());

    let handover = json!({"description": "Check the payment", "assignee_id": rep_view.id,
        "callback_at": "2026-01-01T09:00:00Z", "version": fraud.version});
    rep.put(&format!("/api/work-items/{}", fraud.number), &handover)
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(
        my_numbers(&rep, "?status=NEW").await,
        [fraud.number, ticket.number],
        "callbacks first in a filtered list too"
    );
}

#[tokio::test]
async fn a_filter_naming_nothing_that_exists_is_refused_with_its_field() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    admin
        .get("/api/my/work-items?priority=Soon")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
    for (query, field, message) in [
        ("?type=nope", "type", "there is no work item type nope"),
        (
            "?category=Nope",
            "category",
            "no work item type is in the category Nope",
        ),
        (
            "?status=NOPE",
            "status",
            "NOPE is not a status of any workflow",
        ),
        (
            "?type=work-order&status=NEW",
            "status",
            "NEW is not a status of the Work order workflow",
        ),
    ] {
        let error = admin
            .get(&format!("/api/my/work-items{query}"))
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(error.fields[0].field, field, "{query}");
        assert_eq!(error.fields[0].message, message, "{query}");
    }
    admin
        .get("/api/my/work-items?type=support-ticket&cursor=garbage")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
}
