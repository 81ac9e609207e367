//! The Call Slat over HTTP: Amazon Connect's contact events (signed) put an inbound call on
//! its rep's slat within one request, the rep saves a note and an order id, the call is filed
//! with them; click-to-call on the simulated phone; Create work item from an interaction.
//! Runs on both engines.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{
    ContactView, InteractionView, LinkState, LiveCall, LiveCallState, Page, Role, WorkItemView,
};
use worklane_webhook_auth::sign;

use crate::helpers::{Browser, ResponseExt, TestApp, WEBHOOK_SECRET, contact_body, spawn_app};

/// An EventBridge contact event from Amazon Connect, as AWS's samples spell it.
fn connect_event(kind: &str, contact_id: &str, agent: &str, number: &str) -> Value {
    json!({
        "version": "0", "id": "e-1", "detail-type": "Amazon Connect Contact Event",
        "source": "aws.connect", "time": "2026-12-03T10:00:00Z",
        "detail": {
            "eventType": kind, "contactId": contact_id, "channel": "VOICE",
            "initiationMethod": "INBOUND",
            "initiationTimestamp": jiff::Timestamp::now().to_string(),
            "AgentInfo": {"AgentArn": format!("arn:aws:connect:us-east-1:1:instance/i/agent/{agent}")},
            "customerEndpoint": {"address": number, "type": "TELEPHONE_NUMBER"},
            "someFieldAddedLater": true,
        }
    })
}

async fn post_event(app: &TestApp, event: &Value, secret: &[u8]) -> reqwest::Response {
    let body = event.to_string();
    let timestamp = jiff::Timestamp::now().as_second().to_string();
    let signature = sign(secret, &timestamp, body.as_bytes());
    let headers = [
        ("X-Worklane-Timestamp", timestamp),
        ("X-Worklane-Signature", signature),
    ];
    app.browser()
        .post_raw("/api/webhooks/connect", "application/json", &headers, body)
        .await
}

async fn rep_and_contact(app: &TestApp) -> (Browser, String, ContactView) {
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let mut body = contact_body("Cathy Caller", "cathy@example.com");
    body["owner_id"] = json!(rep_view.id);
    body["phones"] = json!(["+1 555 010 4242"]);
    let contact = admin.create_contact(body).await;
    (rep, rep_view.email.to_string(), contact)
}

#[tokio::test]
async fn an_inbound_call_opens_the_slat_and_saving_files_it_with_the_note_and_order() {
    let app = spawn_app().await;
    let (rep, email, contact) = rep_and_contact(&app).await;
    let forged = connect_event("CONNECTED_TO_AGENT", "contact-1", &email, "555 010 4242");
    post_event(&app, &forged, b"not the secret")
        .await
        .assert_status(StatusCode::UNAUTHORIZED)
        .await;
    assert!(
        rep.get("/api/calls")
            .await
            .json_with::<Vec<LiveCall>>(StatusCode::OK)
            .await
            .is_empty()
    );

    let event = connect_event("CONNECTED_TO_AGENT", "contact-1", &email, "555 010 4242");
    post_event(&app, &event, WEBHOOK_SECRET)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let slat: Vec<LiveCall> = rep.get("/api/calls").await.json_with(StatusCode::OK).await;
    let call = &slat[0];
    assert_eq!(call.state, LiveCallState::Connected);
    assert_eq!(call.contact_id.as_ref(), Some(&contact.id));
    assert_eq!(call.contact_name.as_deref(), Some("Cathy Caller"));

    let bad: Value = rep
        .put(
            &format!("/api/calls/{}", call.id),
            &json!({"order_id": "no spaces please"}),
        )
        .await
        .json_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(bad.to_string().contains("order_id"), "{bad}");
    // serde reads a struct from an array too: a body is an object or nothing.
    rep.put(&format!("/api/calls/{}", call.id), &json!([]))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let saved: LiveCall = rep
        .put(
            &format!("/api/calls/{}", call.id),
            &json!({"note": "Ordered the sleep formula", "order_id": "000000777"}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    let end = connect_event("DISCONNECTED", "contact-1", &email, "555 010 4242");
    post_event(&app, &end, WEBHOOK_SECRET)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let timeline: Page<InteractionView> = rep
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(timeline.items.len(), 1, "one call filed");
    let filed = &timeline.items[0];
    assert_eq!(Some(&filed.id), saved.interaction_id.as_ref());
    assert_eq!(filed.body, "Ordered the sleep formula");
    let linked = filed.linked_order.as_ref().expect("the order id");
    assert_eq!(
        (linked.order_id.as_str(), linked.state),
        ("000000777", LinkState::Pending)
    );

    rep.post(&format!("/api/calls/{}/close", call.id), &json!({}))
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert!(
        rep.get("/api/calls")
            .await
            .json_with::<Vec<LiveCall>>(StatusCode::OK)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn click_to_call_rings_the_contact_and_a_ticket_is_made_from_the_call() {
    let app = spawn_app().await;
    let (rep, _, contact) = rep_and_contact(&app).await;
    let call: LiveCall = rep
        .post(
            "/api/calls",
            &json!({"to": "+1 555 010 4242", "contact_id": contact.id}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(call.state, LiveCallState::Connected);
    let ticket: WorkItemView = rep
        .post(
            &format!("/api/calls/{}/work-items", call.id),
            &json!({"type_key": "product-info-query", "description": "Which magnesium?"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(ticket.type_key, "product-info-query");
    let on_ticket: Page<InteractionView> = rep
        .get(&format!("/api/work-items/{}/interactions", ticket.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(on_ticket.items.len(), 1, "the call is attached");
    let ended: LiveCall = rep
        .post(&format!("/api/calls/{}/end", call.id), &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(ended.state, LiveCallState::Ended);

    // From an inbox interaction (here a note) too.
    let note: InteractionView = rep
        .post(
            &format!("/api/contacts/{}/notes", contact.id),
            &json!({"body": "Asked about returns"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let item: WorkItemView = rep
        .post(
            &format!("/api/interactions/{}/work-items", note.id),
            &json!({"type_key": "support-ticket"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(item.description, "Asked about returns");
}
