//! `worklane simulate`: inbound traffic for the local demo, through the same webhooks a
//! deployment's providers call — an email as Amazon SES delivers it (an SNS notification
//! signed with the demo key the local server trusts), an SMS and a missed call signed with
//! the webhook secret. Senders are demo contacts, and now and then someone unknown, who
//! becomes a New Lead.

use serde_json::{Value, json};
use worklane_core::ContactGenerator;
use worklane_webhook_auth::{sign, signed_demo_notification};

const TOPIC: &str = "arn:aws:sns:us-east-1:000000000000:worklane-local-inbound-email";

const SUBJECTS: &[(&str, &str)] = &[
    (
        "Following up",
        "Hi,\njust checking whether you saw my last message?\nThanks",
    ),
    (
        "Order question",
        "Hello,\ncan I still change the size on my order?",
    ),
    (
        "Quiz result",
        "Hi,\nwhat does my quiz result mean for my training plan?",
    ),
];

/// A demo contact's name, email and phone (the generator is deterministic), or a stranger.
pub(crate) fn sender(n: u64) -> Result<(String, String, String), String> {
    if n.is_multiple_of(5) {
        return Ok((
            format!("Visitor {n}"),
            format!("visitor{n}@newcomer.example"),
            format!("+1 555 77{:01} {:04}", n % 10, n % 10_000),
        ));
    }
    let mut generator = ContactGenerator::new();
    let mut contact = generator.next_contact().map_err(|e| e.to_string())?;
    for _ in 0..(n % 300) {
        contact = generator.next_contact().map_err(|e| e.to_string())?;
    }
    let email = contact
        .emails
        .first()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let phone = contact
        .phones
        .first()
        .map(|p| p.to_string())
        .unwrap_or_default();
    Ok((contact.name.to_string(), email, phone))
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    content_type: &str,
    headers: &[(&str, String)],
    body: String,
) -> Result<String, String> {
    let mut request = client
        .post(url)
        .header("content-type", content_type)
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("{url} answered {status}: {text}"));
    }
    Ok(text)
}

/// Posts `rounds` rounds of an email, an SMS and a missed call to the server at `base`;
/// returns one line per message sent.
pub async fn simulate(base: &str, secret: &str, rounds: usize) -> Result<Vec<String>, String> {
    let client = reqwest::Client::new();
    let base = base.trim_end_matches('/');
    let seed = jiff::Timestamp::now().as_second().unsigned_abs();
    let mut lines = Vec::new();
    for round in 0..rounds as u64 {
        let n = seed.wrapping_mul(31).wrapping_add(round * 7);
        let (name, email, phone) = sender(n)?;
        let (subject, body) = SUBJECTS[(n % SUBJECTS.len() as u64) as usize];
        let message_id = format!("simulated-{seed}-{round}");
        let raw = format!(
            "From: {name} <{email}>\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{body}\r\n"
        );
        let notification = json!({
            "notificationType": "Received",
            "mail": {
                "timestamp": jiff::Timestamp::now().to_string(),
                "source": email,
                "messageId": message_id,
                "commonHeaders": {"from": [format!("{name} <{email}>")], "subject": subject},
            },
            "receipt": {
                "spfVerdict": {"status": "PASS"},
                "dkimVerdict": {"status": "PASS"},
                "spamVerdict": {"status": "PASS"},
                "virusVerdict": {"status": "PASS"},
            },
            "content": raw,
        });
        let envelope = signed_demo_notification(
            TOPIC,
            Some("Amazon SES Email Receipt Notification"),
            &notification.to_string(),
        );
        let url = format!("{base}/api/webhooks/ses");
        post(&client, &url, "text/plain; charset=UTF-8", &[], envelope).await?;
        lines.push(format!("email from {name} <{email}>: {subject}"));

        let signed = |event: Value| {
            let body = event.to_string();
            let at = jiff::Timestamp::now().as_second().to_string();
            let signature = sign(secret.as_bytes(), &at, body.as_bytes());
            let headers = vec![
                ("X-Worklane-Timestamp", at),
                ("X-Worklane-Signature", signature),
            ];
            (headers, body)
        };
        let (headers, body) = signed(json!({"message_id": format!("{message_id}-sms"),
            "from": phone, "to": "+1 555 010 0000", "body": "Hi, could you call me back today?"}));
        let url = format!("{base}/api/webhooks/sms");
        post(&client, &url, "application/json", &headers, body).await?;
        lines.push(format!("SMS from {phone}"));

        let (headers, body) = signed(json!({"call_id": format!("{message_id}-call"),
            "from": phone, "to": "+1 555 010 0000", "direction": "Inbound", "outcome": "Missed"}));
        let url = format!("{base}/api/webhooks/calls");
        post(&client, &url, "application/json", &headers, body).await?;
        lines.push(format!("missed call from {phone}"));
    }
    Ok(lines)
}
