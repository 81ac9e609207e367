//! Composing, logging, retrying and attaching interactions, and the timelines that show them.

use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{
    Channel, Delivery, Direction, InteractionView, OutboxMessage, Page, Role, Timestamp,
};

use crate::helpers::{ResponseExt, contact_body, new_item, spawn_app, spawn_app_sending_for_real};

async fn outbox(browser: &crate::helpers::Browser) -> Vec<OutboxMessage> {
    let page: Page<OutboxMessage> = browser
        .get("/api/outbox")
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items
}

#[tokio::test]
async fn a_composed_email_goes_to_the_primary_address_and_shows_in_the_outbox() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Sarah Bays", "sarah@example.com"))
        .await;
    let email = json!({"subject": "Your quiz result", "body": "Hi Sarah,\nhere it is."});
    let sent: InteractionView = rep
        .post(&format!("/api/contacts/{}/emails", contact.id), &email)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(
        (sent.channel, sent.direction, sent.delivery),
        (Channel::Email, Direction::Outbound, Some(Delivery::Sent))
    );
    assert_eq!(sent.to.as_deref(), Some("sarah@example.com"));
    assert_eq!(sent.by, Some(rep_view.id));
    let kept = outbox(&rep).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].interaction_id.clone(), kept[0].to.as_str()),
        (sent.id.clone(), "sarah@example.com")
    );
    let timeline: Page<InteractionView> = rep
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(timeline.items, vec![sent]);
}

#[tokio::test]
async fn an_sms_goes_to_the_number_typed_or_the_first_phone() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    let path = format!("/api/contacts/{}/sms", contact.id);
    let typed: InteractionView = admin
        .post(&path, &json!({"to": "(555) 222-3333", "body": "On my way"}))
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(typed.to.as_deref(), Some("5552223333"));
    let default: InteractionView = admin
        .post(&path, &json!({"body": "See you at 3"}))
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(default.to.as_deref(), Some("+15550102030"));
    let kept = outbox(&admin).await;
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].body, "See you at 3", "newest first");
    assert!(kept.iter().all(|m| m.channel == Channel::Sms));
}

#[tokio::test]
async fn a_failed_send_shows_failed_with_its_reason_and_a_retry_sends_it() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    app.messaging
        .fail_with("Amazon SES refused the sender: the address is not verified");
    let email = json!({"subject": "Refund", "body": "We refunded the order."});
    let failed: InteractionView = admin
        .post(&format!("/api/contacts/{}/emails", contact.id), &email)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(failed.delivery, Some(Delivery::Failed));
    assert_eq!(
        failed.failure.as_deref(),
        Some("Amazon SES refused the sender: the address is not verified")
    );
    assert!(outbox(&admin).await.is_empty());
    let retry = format!("/api/interactions/{}/retry", failed.id);
    let still: InteractionView = admin
        .post(&retry, &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(still.delivery, Some(Delivery::Failed), "still failing");
    app.messaging.recover();
    let sent: InteractionView = admin
        .post(&retry, &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!((sent.delivery, sent.failure), (Some(Delivery::Sent), None));
    assert_eq!(outbox(&admin).await.len(), 1);
    let refused = admin
        .post(&retry, &json!({}))
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(refused.code, "wrong_state");
    assert_eq!(refused.current.unwrap()["delivery"], "Sent");
    let note: InteractionView = admin
        .post(
            &format!("/api/contacts/{}/notes", contact.id),
            &json!({"body": "Called twice"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    admin
        .post(&format!("/api/interactions/{}/retry", note.id), &json!({}))
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
}

#[tokio::test]
async fn only_the_sender_a_manager_or_an_admin_may_retry_a_failed_send() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let (other, _) = app.user(&admin, "other@example.com", Role::Rep).await;
    let (manager, _) = app.user(&admin, "manager@example.com", Role::Manager).await;
    let mut body = contact_body("Cathy Slater", "cathy@example.com");
    body["owner_id"] = json!(rep_view.id);
    let contact = admin.create_contact(body).await;
    app.messaging
        .fail_with("the SMS provider refused the number");
    let email = json!({"subject": "Refund", "body": "We refunded the order."});
    let failed: InteractionView = rep
        .post(&format!("/api/contacts/{}/emails", contact.id), &email)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(failed.delivery, Some(Delivery::Failed));
    let retry = format!("/api/interactions/{}/retry", failed.id);
    other
        .post(&retry, &json!({}))
        .await
        .error_with(StatusCode::FORBIDDEN)
        .await;
    let by_sender: InteractionView = rep
        .post(&retry, &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(by_sender.delivery, Some(Delivery::Failed), "still failing");
    app.messaging.recover();
    let by_manager: InteractionView = manager
        .post(&retry, &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(by_manager.delivery, Some(Delivery::Sent));
    assert_eq!(outbox(&admin).await.len(), 1);
}

#[tokio::test]
async fn calls_notes_and_reminders_are_checked_field_by_field() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    let at = |path: &str| format!("/api/contacts/{}/{path}", contact.id);
    let past = Timestamp::from_second(Timestamp::now().as_second() - 3600).unwrap();
    let soon = Timestamp::from_second(Timestamp::now().as_second() + 3600).unwrap();
    for (path, body, field) in [
        (
            "calls",
            json!({"direction": "Internal", "outcome": "Answered", "duration_seconds": 60}),
            "direction",
        ),
        (
            "calls",
            json!({"direction": "Inbound", "outcome": "Missed", "recording_url": "not a link"}),
            "recording_url",
        ),
        ("notes", json!({"body": "   "}), "body"),
        (
            "reminders",
            json!({"remind_at": soon, "body": "  "}),
            "body",
        ),
        ("emails", json!({"subject": "", "body": "x"}), "subject"),
        (
            "emails",
            json!({"to": "nope", "subject": "s", "body": "x"}),
            "to",
        ),
        ("sms", json!({"body": ""}), "body"),
    ] {
        let error = admin
            .post(&at(path), &body)
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(
            error.fields.iter().any(|f| f.field == field),
            "{path} {body}: {:?}",
            error.fields
        );
    }
    // A reminder set for a time already past falls due at once.
    let overdue: InteractionView = admin
        .post(
            &at("reminders"),
            &json!({"remind_at": past, "body": "Call back"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(overdue.remind_at, Some(past));
    let call: InteractionView = admin
        .post(
            &at("calls"),
            &json!({"direction": "Outbound", "outcome": "Voicemail", "duration_seconds": 42,
                "note": "Left a message", "recording_url": "https://calls.example/r/7"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let details = call.call.clone().unwrap();
    assert_eq!(details.duration_seconds, 42);
    assert_eq!(call.body, "Left a message");
    let reminder: InteractionView = admin
        .post(
            &at("reminders"),
            &json!({"remind_at": soon, "body": "Call back"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(reminder.remind_at, Some(soon));
    assert_eq!(reminder.direction, Direction::Internal);
    admin
        .post("/api/contacts/nope/notes", &json!({"body": "x"}))
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    let timeline: Page<InteractionView> = admin
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        timeline.items.iter().map(|i| i.channel).collect::<Vec<_>>(),
        [Channel::Reminder, Channel::Call, Channel::Reminder]
    );
}

#[tokio::test]
async fn an_interaction_attaches_to_its_contacts_work_item_and_not_to_another_contacts() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let cathy = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    let sarah = admin
        .create_contact(contact_body("Sarah Bays", "sarah@example.com"))
        .await;
    let hers = new_item(&admin, cathy.id.as_str(), "support-ticket").await;
    let other = new_item(&admin, sarah.id.as_str(), "support-ticket").await;
    let note: InteractionView = admin
        .post(
            &format!("/api/contacts/{}/notes", cathy.id),
            &json!({"body": "Asked about the parcel"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let attach = format!("/api/interactions/{}/attach", note.id);
    let refused = admin
        .post(&attach, &json!({"work_item": other.number}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(refused.fields[0].field, "work_item");
    assert!(refused.fields[0].message.contains("another contact"));
    admin
        .post(&attach, &json!({"work_item": 999}))
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let attached: InteractionView = admin
        .post(&attach, &json!({"work_item": hers.number}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(attached.work_item, Some(hers.number));
    let on_item: Page<InteractionView> = admin
        .get(&format!("/api/work-items/{}/interactions", hers.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(on_item.items, vec![attached.clone()]);
    let on_contact: Page<InteractionView> = admin
        .get(&format!("/api/contacts/{}/interactions", cathy.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(on_contact.items, vec![attached]);
    let elsewhere: Page<InteractionView> = admin
        .get(&format!("/api/work-items/{}/interactions", other.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(elsewhere.items.is_empty());
    admin
        .get("/api/work-items/999/interactions")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    let composed = json!({"subject": "Parcel", "body": "Shipped", "work_item": other.number});
    let error = admin
        .post(&format!("/api/contacts/{}/emails", cathy.id), &composed)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "work_item");
}

#[tokio::test]
async fn the_outbox_is_not_found_where_messages_are_sent_for_real() {
    let app = spawn_app_sending_for_real().await;
    let (admin, _) = app.admin().await;
    let error = admin
        .get("/api/outbox")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    assert!(error.message.contains("for real"), "{}", error.message);
}
