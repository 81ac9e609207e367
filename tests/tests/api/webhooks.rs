//! Inbound webhooks: each accepts a correctly signed payload and refuses a forged one with
//! 401, storing nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{ContactView, InteractionView, Page, Role};
use worklane_webhook_auth::{
    DEMO_PRIVATE_KEY_PEM, SnsMessage, sign, sign_sns, signed_demo_notification,
};

use crate::helpers::{
    Browser, INBOUND_TOPIC, ResponseExt, TestApp, WEBHOOK_SECRET, contact_body, inbox, spawn_app,
    unread_count,
};

fn now() -> String {
    jiff::Timestamp::now().as_second().to_string()
}

/// Posts `event` to a provider-neutral webhook, signed with `secret` at `timestamp`.
async fn post_signed(
    app: &TestApp,
    path: &str,
    event: &Value,
    secret: &[u8],
    timestamp: &str,
) -> reqwest::Response {
    let body = event.to_string();
    let signature = sign(secret, timestamp, body.as_bytes());
    let headers = [
        ("X-Worklane-Timestamp", timestamp.to_string()),
        ("X-Worklane-Signature", signature),
    ];
    app.browser()
        .post_raw(path, "application/json", &headers, body)
        .await
}

async fn rep_and_contact(app: &TestApp) -> (Browser, Browser, ContactView) {
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let mut body = contact_body("Cathy Slater", "cathy@example.com");
    body["owner_id"] = json!(rep_view.id);
    let contact = admin.create_contact(body).await;
    (admin, rep, contact)
}

async fn timeline(browser: &Browser, contact: &ContactView) -> Vec<InteractionView> {
    let page: Page<InteractionView> = browser
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items
}

#[tokio::test]
async fn the_sms_webhook_stores_a_signed_message_once_and_refuses_forged_ones() {
    let app = spawn_app().await;
    let (_, rep, contact) = rep_and_contact(&app).await;
    let sms = json!({"message_id": "SM1", "from": "+1 555 010 2030", "to": "+1 555 000 0000",
        "body": "Is my order on its way?"});
    for forged in [
        post_signed(
            &app,
            "/api/webhooks/sms",
            &sms,
            b"not the secret at all, no",
            &now(),
        )
        .await,
        post_signed(
            &app,
            "/api/webhooks/sms",
            &sms,
            WEBHOOK_SECRET,
            "1000000000",
        )
        .await,
        app.browser()
            .post_raw(
                "/api/webhooks/sms",
                "application/json",
                &[],
                sms.to_string(),
            )
            .await,
    ] {
        let error = forged.error_with(StatusCode::UNAUTHORIZED).await;
        assert_eq!(error.code, "webhook_refused");
    }
    assert!(
        timeline(&rep, &contact).await.is_empty(),
        "nothing refused is stored"
    );
    for _ in 0..2 {
        let receipt: Value = post_signed(&app, "/api/webhooks/sms", &sms, WEBHOOK_SECRET, &now())
            .await
            .json_with(StatusCode::OK)
            .await;
        assert!(receipt["interaction_id"].is_string());
    }
    let stored = timeline(&rep, &contact).await;
    assert_eq!(stored.len(), 1, "a message posted twice is stored once");
    assert_eq!(stored[0].body, "Is my order on its way?");
    assert_eq!(unread_count(&rep).await, 1);
    let bad = json!({"message_id": "SM2", "from": "not a number", "body": "x"});
    post_signed(&app, "/api/webhooks/sms", &bad, WEBHOOK_SECRET, &now())
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn the_calls_webhook_puts_a_signed_missed_call_in_unread_and_refuses_a_forged_one() {
    let app = spawn_app().await;
    let (_, rep, contact) = rep_and_contact(&app).await;
    let call = json!({"call_id": "CA1", "from": "+15550102030", "to": "+15550000000",
        "direction": "Inbound", "outcome": "Missed"});
    post_signed(
        &app,
        "/api/webhooks/calls",
        &call,
        b"a forged secret of some length",
        &now(),
    )
    .await
    .error_with(StatusCode::UNAUTHORIZED)
    .await;
    assert_eq!(unread_count(&rep).await, 0);
    post_signed(&app, "/api/webhooks/calls", &call, WEBHOOK_SECRET, &now())
        .await
        .assert_status(StatusCode::OK)
        .await;
    let calls = inbox(&rep, "?filter=call").await;
    assert_eq!(calls.items.len(), 1);
    assert_eq!(calls.items[0].first_line, "Missed call");
    assert_eq!(calls.items[0].contact_id, contact.id);
}

fn ses_notification(message_id: &str, from: &str, subject: &str) -> String {
    ses_notification_judged(message_id, from, subject, [PASS; 4])
}

const PASS: &str = "PASS";
const FAIL: &str = "FAIL";

/// An SES notification with SES's SPF, DKIM, spam and virus verdicts, in that order.
fn ses_notification_judged(
    message_id: &str,
    from: &str,
    subject: &str,
    [spf, dkim, spam, virus]: [&str; 4],
) -> String {
    let raw = format!(
        "From: {from}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"xyz\"\r\n\r\n\
--xyz\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello,\r\nhow much is the annual plan?\r\n\
--xyz\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>Hello</p>\r\n--xyz--\r\n"
    );
    json!({
        "notificationType": "Received",
        "mail": {
            "timestamp": "2026-11-23T07:00:00.000Z",
            "source": "bounce@newcomer.example",
            "messageId": message_id,
            "destination": ["sales@worklane.example"],
            "commonHeaders": {"from": [from], "to": ["sales@worklane.example"], "subject": subject}
        },
        "receipt": {
            "spfVerdict": {"status": spf},
            "dkimVerdict": {"status": dkim},
            "spamVerdict": {"status": spam},
            "virusVerdict": {"status": virus},
            "action": {"type": "SNS", "topicArn": INBOUND_TOPIC, "encoding": "UTF8"}
        },
        "content": raw
    })
    .to_string()
}

async fn post_sns(app: &TestApp, body: String) -> reqwest::Response {
    app.browser()
        .post_raw("/api/webhooks/ses", "text/plain; charset=UTF-8", &[], body)
        .await
}

#[tokio::test]
async fn the_ses_webhook_stores_an_sns_signed_email_once_as_a_new_lead_and_refuses_tampering() {
    let app = spawn_app().await;
    let (admin, rep, _) = rep_and_contact(&app).await;
    let notification = ses_notification("ses-1", "Dana Lee <dana@newcomer.example>", "Prices");
    let subject = Some("Amazon SES Email Receipt Notification");
    let signed = signed_demo_notification(INBOUND_TOPIC, subject, &notification);
    let mut tampered: Value = serde_json::from_str(&signed).unwrap();
    tampered["Message"] = json!(ses_notification("ses-9", "mallory@evil.example", "Prices"));
    post_sns(&app, tampered.to_string())
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    let elsewhere = signed_demo_notification(
        "arn:aws:sns:us-east-1:123456789012:another-topic",
        subject,
        &notification,
    );
    post_sns(&app, elsewhere)
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    post_sns(&app, "not an SNS message".into())
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(unread_count(&rep).await, 0, "nothing refused is stored");

    let receipt: Value = post_sns(&app, signed).await.json_with(StatusCode::OK).await;
    // SNS may deliver again, as a new SNS message around the same email.
    let again = signed_demo_notification(INBOUND_TOPIC, subject, &notification);
    let second: Value = post_sns(&app, again).await.json_with(StatusCode::OK).await;
    assert_eq!(receipt["interaction_id"], second["interaction_id"]);
    let email: InteractionView = {
        let rows = inbox(&rep, "?filter=email").await;
        assert_eq!(rows.items.len(), 1, "stored once");
        let id = rows.items[0].interaction_id.clone().unwrap();
        assert_eq!(json!(id), receipt["interaction_id"]);
        let contact = rows.items[0].contact_id.clone();
        let page: Page<InteractionView> = admin
            .get(&format!("/api/contacts/{contact}/interactions"))
            .await
            .json_with(StatusCode::OK)
            .await;
        page.items.into_iter().next().unwrap()
    };
    assert_eq!(email.subject.as_deref(), Some("Prices"));
    assert_eq!(email.body, "Hello,\r\nhow much is the annual plan?");
    assert_eq!(email.from.as_deref(), Some("dana@newcomer.example"));
    let lead: ContactView = admin
        .get(&format!("/api/contacts/{}", email.contact_id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(lead.new_lead);
    assert_eq!(lead.name.as_str(), "Dana Lee");
}

#[tokio::test]
async fn the_ses_webhook_refuses_mail_with_a_virus_or_spam_or_failing_both_spf_and_dkim() {
    let app = spawn_app().await;
    let (_, rep, _) = rep_and_contact(&app).await;
    let subject = Some("Amazon SES Email Receipt Notification");
    let refused = [
        ("virus", [PASS, PASS, PASS, FAIL]),
        ("spam", [PASS, PASS, FAIL, PASS]),
        ("spoofed", [FAIL, FAIL, PASS, PASS]),
    ];
    for (id, verdicts) in refused {
        let notification = ses_notification_judged(id, "cathy@example.com", id, verdicts);
        let signed = signed_demo_notification(INBOUND_TOPIC, subject, &notification);
        let answer: Value = post_sns(&app, signed).await.json_with(StatusCode::OK).await;
        assert_eq!(
            answer,
            json!({}),
            "{id}: answered so SNS stops, with nothing stored"
        );
    }
    assert!(inbox(&rep, "?filter=email").await.items.is_empty());
    assert_eq!(unread_count(&rep).await, 0);
    // One failed check of the two is a forwarded or mailing-list message: kept.
    let forwarded = ses_notification_judged(
        "forwarded",
        "cathy@example.com",
        "Forwarded",
        [FAIL, PASS, "GRAY", PASS],
    );
    let signed = signed_demo_notification(INBOUND_TOPIC, subject, &forwarded);
    let answer: Value = post_sns(&app, signed).await.json_with(StatusCode::OK).await;
    assert!(answer["interaction_id"].is_string());
    assert_eq!(
        inbox(&rep, "?filter=email").await.items[0].first_line,
        "Forwarded"
    );
}

#[tokio::test]
async fn an_sns_message_signed_with_version_1_is_accepted_too() {
    let app = spawn_app().await;
    let (_, rep, _) = rep_and_contact(&app).await;
    let notification = ses_notification("ses-v1", "cathy@example.com", "Version one");
    let mut unsigned = SnsMessage::unsigned_notification(INBOUND_TOPIC, None, notification);
    unsigned.signature_version = worklane_webhook_auth::SignatureVersion::V1Sha1;
    let signed = sign_sns(DEMO_PRIVATE_KEY_PEM, &unsigned).unwrap();
    post_sns(&app, serde_json::to_string(&signed).unwrap())
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(
        inbox(&rep, "?filter=email").await.items[0].first_line,
        "Version one"
    );
}
