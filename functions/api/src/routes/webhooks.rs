//! Inbound webhooks: SMS and call events in a provider-neutral JSON form (HMAC-signed), and
//! SES inbound email as Amazon SNS notifications (SNS-signed). No session and no JSON content
//! type are asked for — the signature is the authentication — and nothing is read before it
//! checks out.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use worklane_core::{InboundCall, InboundEmail, InboundSms};
use worklane_domain::{CallOutcome, Direction, ErrorBody, InteractionId, Timestamp};
use worklane_webhook_auth::{SnsMessageType, confirm_subscription};

use crate::webhooks::mime;
use crate::{ApiError, AppState};

/// An SMS that arrived, as the SMS provider's relay posts it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SmsEvent {
    /// The provider's id of the message; a message posted twice is stored once.
    pub message_id: String,
    /// The sender's number.
    pub from: String,
    /// The business number it was sent to.
    #[serde(default)]
    pub to: String,
    pub body: String,
    /// When it arrived (RFC 3339); now when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<Timestamp>,
}

/// A call the phone system reports.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CallEvent {
    /// The phone system's id of the call; a call posted twice is stored once.
    pub call_id: String,
    pub from: String,
    pub to: String,
    /// `Inbound` (matched by `from`, lands in the owner's Unread) or `Outbound` (matched by
    /// `to`).
    pub direction: Direction,
    pub outcome: CallOutcome,
    #[serde(default)]
    pub duration_seconds: u32,
    #[serde(default)]
    pub recording_url: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<Timestamp>,
}

/// What a webhook stored: the interaction (the one stored before, for a repeated delivery),
/// or nothing for an SNS message that carries no email.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebhookReceipt {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<InteractionId>,
}

fn receipt(id: Option<InteractionId>) -> Json<WebhookReceipt> {
    Json(WebhookReceipt { interaction_id: id })
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            ApiError::Unprocessable(format!("the event does not have the expected fields: {e}"))
        } else {
            ApiError::BadRequest("the event is not valid JSON".into())
        }
    })
}

/// An inbound SMS. Signed with `X-Worklane-Timestamp` and `X-Worklane-Signature`.
#[utoipa::path(post, path = "/api/webhooks/sms", tag = "webhooks", security(()), request_body = SmsEvent,
    responses((status = 200, body = WebhookReceipt), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn sms(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, ApiError> {
    state.webhooks.check_hmac(&headers, &body)?;
    let event: SmsEvent = parse(&body)?;
    let message = InboundSms {
        message_id: event.message_id,
        from: event.from,
        to: event.to,
        body: event.body,
        at: event.at.unwrap_or_else(Timestamp::now),
    };
    let view = state.app.interactions().receive_sms(message).await?;
    Ok(receipt(Some(view.id)))
}

/// A call event. Signed with `X-Worklane-Timestamp` and `X-Worklane-Signature`.
#[utoipa::path(post, path = "/api/webhooks/calls", tag = "webhooks", security(()), request_body = CallEvent,
    responses((status = 200, body = WebhookReceipt), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn calls(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, ApiError> {
    state.webhooks.check_hmac(&headers, &body)?;
    let event: CallEvent = parse(&body)?;
    let call = InboundCall {
        call_id: event.call_id,
        from: event.from,
        to: event.to,
        direction: event.direction,
        outcome: event.outcome,
        duration_seconds: event.duration_seconds,
        recording_url: event.recording_url,
        at: event.at.unwrap_or_else(Timestamp::now),
    };
    let view = state.app.interactions().receive_call(call).await?;
    Ok(receipt(Some(view.id)))
}

/// SES's notification of a received email (the SNS message's `Message`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SesNotification {
    notification_type: String,
    mail: SesMail,
    /// SES's checks of the message.
    #[serde(default)]
    receipt: SesReceipt,
    /// The raw message, when the receipt rule's SNS action includes it (UTF-8 encoding).
    #[serde(default)]
    content: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SesMail {
    #[serde(default)]
    timestamp: Option<String>,
    source: String,
    message_id: String,
    #[serde(default)]
    common_headers: CommonHeaders,
}

/// SES's verdicts on a received message. Each is `PASS`, `FAIL`, `GRAY`,
/// `PROCESSING_FAILED` or `DISABLED`; one SES did not send is taken as not failed.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SesReceipt {
    #[serde(default)]
    spf_verdict: Verdict,
    #[serde(default)]
    dkim_verdict: Verdict,
    #[serde(default)]
    spam_verdict: Verdict,
    #[serde(default)]
    virus_verdict: Verdict,
}

#[derive(Debug, Default, Deserialize)]
struct Verdict {
    #[serde(default)]
    status: String,
}

impl Verdict {
    fn failed(&self) -> bool {
        self.status.eq_ignore_ascii_case("FAIL")
    }
}

impl SesReceipt {
    /// Why the message is refused, if it is: a virus or spam, or a From no check vouches
    /// for (both SPF and DKIM failed), which could name any contact.
    fn refusal(&self) -> Option<&'static str> {
        if self.virus_verdict.failed() {
            Some("SES found a virus")
        } else if self.spam_verdict.failed() {
            Some("SES judged it spam")
        } else if self.spf_verdict.failed() && self.dkim_verdict.failed() {
            Some("both SPF and DKIM failed, so the sender is unproven")
        } else {
            None
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct CommonHeaders {
    #[serde(default)]
    from: Vec<String>,
    #[serde(default)]
    subject: Option<String>,
}

/// SES inbound email, delivered by Amazon SNS (the body is the SNS envelope, sent as
/// text/plain). A verified subscription confirmation is confirmed. Mail SES found a virus
/// or spam in, or that failed both SPF and DKIM, is refused: nothing is stored, the answer
/// is 200 (so SNS does not deliver it again) with no interaction, and the log says why.
#[utoipa::path(post, path = "/api/webhooks/ses", tag = "webhooks", security(()),
    request_body(content = String, description = "An Amazon SNS message (JSON) whose Message is SES's notification", content_type = "text/plain"),
    responses((status = 200, body = WebhookReceipt), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn ses(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, ApiError> {
    let message = state.webhooks.check_sns(&body).await?;
    match message.kind {
        SnsMessageType::Notification => {}
        SnsMessageType::SubscriptionConfirmation => {
            confirm_subscription(&message).await.map_err(|e| {
                ApiError::Upstream(format!("the SNS subscription was not confirmed: {e}"))
            })?;
            tracing::info!(topic = %message.topic_arn, "confirmed the SNS subscription");
            return Ok(receipt(None));
        }
        _ => return Ok(receipt(None)),
    }
    let notification: SesNotification = serde_json::from_str(&message.message).map_err(|e| {
        ApiError::Unprocessable(format!("the SNS message is not an SES notification: {e}"))
    })?;
    if notification.notification_type != "Received" {
        return Ok(receipt(None));
    }
    if let Some(why) = notification.receipt.refusal() {
        tracing::warn!(
            message_id = %notification.mail.message_id,
            source = %notification.mail.source,
            "an inbound email was refused: {why}"
        );
        return Ok(receipt(None));
    }
    let mail = notification.mail;
    let email = InboundEmail {
        message_id: mail.message_id,
        from: mail
            .common_headers
            .from
            .into_iter()
            .next()
            .unwrap_or(mail.source),
        subject: mail.common_headers.subject.unwrap_or_default(),
        body: notification
            .content
            .as_deref()
            .map(mime::text_of)
            .unwrap_or_default(),
        at: mail
            .timestamp
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(Timestamp::now),
    };
    let view = state.app.interactions().receive_email(email).await?;
    Ok(receipt(Some(view.id)))
}
