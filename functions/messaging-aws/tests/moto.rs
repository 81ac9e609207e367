//! The adapter against moto's SES v2 and SNS (`scripts/with-moto.sh` starts moto and sets
//! `WORKLANE_MOTO_ENDPOINT`): a real HTTP round trip through the SDK, the request as the SDK
//! serialises it (read back from moto's `/moto-api/data.json`, which lists what it received),
//! and the service's errors as the rep would read them.

// Test code: an unexpected value fails the test, which is what a panic here means.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use worklane_messaging_aws::{AwsMessaging, Messaging, OutgoingEmail, OutgoingSms, SendError};

fn endpoint() -> String {
    std::env::var("WORKLANE_MOTO_ENDPOINT")
        .ok()
        .filter(|value| !value.trim().is_empty())
        .expect(
            "WORKLANE_MOTO_ENDPOINT is not set: run `scripts/with-moto.sh cargo test` or `make test`, which start moto",
        )
}

/// A sender no other test verifies, so each test owns its identity.
fn sender(test: &str) -> String {
    format!("{test}-{}@worklane.test", std::process::id())
}

#[tokio::test]
async fn an_email_from_a_verified_sender_is_sent_and_gets_a_message_id() {
    let endpoint = endpoint();
    let from = sender("verified");
    // moto's SES, like SES in the sandbox, only sends from a verified identity.
    let ses = ses_client(&endpoint);
    ses.create_email_identity()
        .email_identity(&from)
        .send()
        .await
        .expect("moto creates the identity");

    let messaging = AwsMessaging::local(&endpoint);
    let id = messaging
        .send_email(&OutgoingEmail {
            from: format!("Worklane <{from}>"),
            to: "ada@example.org".into(),
            subject: "Your order — été".into(),
            body: "Hello Ada,\nyour order shipped.".into(),
        })
        .await
        .expect("sent");

    let received = moto_records(&endpoint, "ses", "Message").await;
    let message = received
        .iter()
        .find(|m| m["id"] == id.as_str())
        .unwrap_or_else(|| panic!("moto has no message {id}: {received:?}"));
    assert_eq!(message["source"], format!("Worklane <{from}>"));
    assert_eq!(
        message["destinations"]["ToAddresses"],
        serde_json::json!(["ada@example.org"])
    );
    assert_eq!(message["subject"], "Your order — été");
    assert_eq!(message["body"], "Hello Ada,\nyour order shipped.");
}

#[tokio::test]
async fn an_email_from_an_unverified_sender_is_refused_with_the_reason() {
    let messaging = AwsMessaging::local(&endpoint());
    let from = sender("unverified");
    let error = messaging
        .send_email(&OutgoingEmail {
            from: from.clone(),
            to: "ada@example.org".into(),
            subject: "Hi".into(),
            body: "Hello".into(),
        })
        .await
        .expect_err("moto refuses an unverified sender");
    let SendError(reason) = error;
    assert!(
        reason.starts_with("SES refused the message") && reason.ends_with("(MessageRejected)"),
        "{reason}"
    );
    assert!(reason.contains(&from), "{reason}");
}

#[tokio::test]
async fn an_sms_to_a_phone_number_is_published_and_gets_a_message_id() {
    let endpoint = endpoint();
    let messaging = AwsMessaging::local(&endpoint).with_sms_sender_id("Worklane");
    let id = messaging
        .send_sms(&OutgoingSms {
            to: "+15551234567".into(),
            body: "See you at 10".into(),
        })
        .await
        .expect("published");

    let received = moto_records(&endpoint, "sns", "SMS").await;
    let sms = received
        .iter()
        .find(|m| m["message_id"] == id.as_str())
        .unwrap_or_else(|| panic!("moto has no SMS {id}: {received:?}"));
    assert_eq!(sms["phone_number"], "+15551234567");
    assert_eq!(sms["message"], "See you at 10");
}

#[tokio::test]
async fn an_sms_to_a_malformed_number_is_refused_with_the_reason() {
    let messaging = AwsMessaging::local(&endpoint());
    let SendError(reason) = messaging
        .send_sms(&OutgoingSms {
            to: "555-CALL-NOW".into(),
            body: "hi".into(),
        })
        .await
        .expect_err("moto checks E.164");
    assert!(
        reason.starts_with("SNS refused the number or the text") && reason.contains("E164"),
        "{reason}"
    );
}

fn ses_client(endpoint: &str) -> aws_sdk_sesv2::Client {
    let config = aws_sdk_sesv2::Config::builder()
        .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
        .region(aws_sdk_sesv2::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
            "worklane-test",
            "worklane-test",
            None,
            None,
            "worklane-local",
        ))
        .endpoint_url(endpoint)
        .build();
    aws_sdk_sesv2::Client::from_conf(config)
}

/// What moto's dashboard API lists for one of its models (`ses`/`Message`, `sns`/`SMS`).
async fn moto_records(endpoint: &str, service: &str, model: &str) -> Vec<serde_json::Value> {
    let data: serde_json::Value = reqwest::get(format!("{endpoint}/moto-api/data.json"))
        .await
        .expect("moto answers")
        .json()
        .await
        .expect("moto's data is JSON");
    data[service][model].as_array().cloned().unwrap_or_default()
}
