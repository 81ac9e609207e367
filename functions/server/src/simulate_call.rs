//! `worklane simulate --call-to <rep>`: the local demo's phone rings. An inbound call reaches
//! the rep as Amazon Connect reports one — contact events on the signed webhook — so the
//! rep's Call Slat opens as it would on AWS. With `--talk-seconds`, the caller hangs up after
//! that long; without, the rep ends the call on the slat.

use std::time::Duration;

use serde_json::{Value, json};
use worklane_webhook_auth::sign;

/// One contact event for `contact_id`, the agent named by the rep's email.
fn event(kind: &str, contact_id: &str, rep: &str, from: &str) -> Value {
    let now = jiff::Timestamp::now().to_string();
    json!({
        "version": "0",
        "id": format!("{contact_id}-{kind}"),
        "detail-type": "Amazon Connect Contact Event",
        "source": "aws.connect",
        "time": now,
        "detail": {
            "eventType": kind,
            "contactId": contact_id,
            "channel": "VOICE",
            "initiationMethod": "INBOUND",
            "initiationTimestamp": now,
            "disconnectTimestamp": now,
            "agentInfo": {
                "agentArn": format!("arn:aws:connect:us-east-1:000000000000:instance/local/agent/{rep}"),
                "connectedToAgentTimestamp": now,
            },
            "customerEndpoint": {"address": from, "type": "TELEPHONE_NUMBER"},
        }
    })
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    event: &Value,
) -> Result<(), String> {
    let body = event.to_string();
    let at = jiff::Timestamp::now().as_second().to_string();
    let signature = sign(secret.as_bytes(), &at, body.as_bytes());
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("X-Worklane-Timestamp", at)
        .header("X-Worklane-Signature", signature)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("{url} answered {status}: {text}"));
    }
    if text.contains("\"ignored\"") {
        return Err(format!("the call did not reach a rep: {text}"));
    }
    Ok(())
}

/// Rings `rep` (a Worklane user's email) from `from`; answers what happened, line by line.
pub async fn simulate_call(
    base: &str,
    secret: &str,
    rep: &str,
    from: Option<&str>,
    talk: Option<Duration>,
) -> Result<Vec<String>, String> {
    // A demo contact calls unless told otherwise (one in five senders is a stranger).
    let seed = jiff::Timestamp::now().as_second().unsigned_abs();
    let demo_caller = crate::simulate::sender(seed * 5 + 1)?.2;
    let from = from.unwrap_or(&demo_caller);
    let client = reqwest::Client::new();
    let url = format!("{}/api/webhooks/connect", base.trim_end_matches('/'));
    let contact_id = format!("simulated-{}", jiff::Timestamp::now().as_millisecond());
    post(
        &client,
        &url,
        secret,
        &event("CONNECTED_TO_AGENT", &contact_id, rep, from),
    )
    .await?;
    let mut lines = vec![format!(
        "call from {from} to {rep} (open the app: the Call Slat shows it)"
    )];
    if let Some(talk) = talk {
        tokio::time::sleep(talk).await;
        post(
            &client,
            &url,
            secret,
            &event("DISCONNECTED", &contact_id, rep, from),
        )
        .await?;
        lines.push(format!("the caller hung up after {} s", talk.as_secs()));
    }
    Ok(lines)
}
