//! The Call Slat: the signed-in rep's live calls, click-to-call, hang up, Save, close, Create
//! lead and Create work item; Create work item from any interaction; and Amazon Connect's
//! contact events (HMAC-signed, as the local simulated phone and a relay post them).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use worklane_core::calls::events::{ContactEvent, EventOutcome};
use worklane_domain::{
    CallId, CallLeadRequest, DialRequest, ErrorBody, InteractionId, LiveCall, SaveCallRequest,
    WorkItemFromInteraction, WorkItemView,
};

use crate::extract::{ApiJson, ApiPath, CurrentUser};
use crate::{ApiError, AppState};

/// The signed-in rep's calls on their slat, newest first.
#[utoipa::path(get, path = "/api/calls", tag = "calls",
    responses((status = 200, body = Vec<LiveCall>), (status = 401, body = ErrorBody)))]
pub async fn on_slat(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
) -> Result<Json<Vec<LiveCall>>, ApiError> {
    Ok(Json(state.app.calls().on_slat(&access).await?))
}

/// Click-to-call: rings the number and opens the call on the rep's slat. 409 when no phone
/// system is connected, 502 when it refuses.
#[utoipa::path(post, path = "/api/calls", tag = "calls", request_body = DialRequest,
    responses((status = 201, body = LiveCall), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
pub async fn dial(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiJson(request): ApiJson<DialRequest>,
) -> Result<(StatusCode, Json<LiveCall>), ApiError> {
    let call = state.app.calls().dial(&access, request).await?;
    Ok((StatusCode::CREATED, Json(call)))
}

/// Save: the note and the linked order id, filed on the call interaction.
#[utoipa::path(put, path = "/api/calls/{id}", tag = "calls", params(("id" = String, Path)),
    request_body = SaveCallRequest,
    responses((status = 200, body = LiveCall), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<SaveCallRequest>,
) -> Result<Json<LiveCall>, ApiError> {
    let id = CallId::from_raw(id);
    Ok(Json(state.app.calls().save(&access, &id, request).await?))
}

/// Hangs up; the call is filed if it was not yet.
#[utoipa::path(post, path = "/api/calls/{id}/end", tag = "calls", params(("id" = String, Path)),
    responses((status = 200, body = LiveCall), (status = 404, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
pub async fn end(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<LiveCall>, ApiError> {
    let id = CallId::from_raw(id);
    Ok(Json(state.app.calls().end(&access, &id).await?))
}

/// Takes an ended call off the slat (409 while it lasts).
#[utoipa::path(post, path = "/api/calls/{id}/close", tag = "calls",
    params(("id" = String, Path)),
    responses((status = 200, body = LiveCall), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<LiveCall>, ApiError> {
    let id = CallId::from_raw(id);
    Ok(Json(state.app.calls().close(&access, &id).await?))
}

/// Create lead: the unknown caller becomes a New Lead owned by the rep.
#[utoipa::path(post, path = "/api/calls/{id}/lead", tag = "calls", params(("id" = String, Path)),
    request_body = CallLeadRequest,
    responses((status = 200, body = LiveCall), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_lead(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<CallLeadRequest>,
) -> Result<Json<LiveCall>, ApiError> {
    let id = CallId::from_raw(id);
    Ok(Json(
        state.app.calls().create_lead(&access, &id, request).await?,
    ))
}

/// Create work item from the call: a Support Ticket or Product Info Query with the call
/// attached.
#[utoipa::path(post, path = "/api/calls/{id}/work-items", tag = "calls",
    params(("id" = String, Path)), request_body = WorkItemFromInteraction,
    responses((status = 201, body = WorkItemView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn call_work_item(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<WorkItemFromInteraction>,
) -> Result<(StatusCode, Json<WorkItemView>), ApiError> {
    let id = CallId::from_raw(id);
    let item = state
        .app
        .calls()
        .create_work_item(&access, &id, request)
        .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Create work item from an interaction (an email, SMS or call in the Inbox): a work item of
/// a type reps create by hand, on its contact, the interaction attached.
#[utoipa::path(post, path = "/api/interactions/{id}/work-items", tag = "calls",
    params(("id" = String, Path)), request_body = WorkItemFromInteraction,
    responses((status = 201, body = WorkItemView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn interaction_work_item(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<WorkItemFromInteraction>,
) -> Result<(StatusCode, Json<WorkItemView>), ApiError> {
    let id = InteractionId::from_raw(id);
    let item = state
        .app
        .interactions()
        .create_work_item(&access, &id, request)
        .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// What a contact event did to the slat.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConnectReceipt {
    /// The call it applied to; none when it was not for the slat (with why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<LiveCall>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
}

/// Amazon Connect's contact events, as an EventBridge rule relays them. Signed with
/// `X-Worklane-Timestamp` and `X-Worklane-Signature` like the other webhooks.
#[utoipa::path(post, path = "/api/webhooks/connect", tag = "webhooks", security(()),
    request_body(content = Object, description = "An EventBridge event: `source` aws.connect, `detail-type` Amazon Connect Contact Event, and its `detail`."),
    responses((status = 200, body = ConnectReceipt), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn connect_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ConnectReceipt>, ApiError> {
    state.webhooks.check_hmac(&headers, &body)?;
    let event: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|_| ApiError::BadRequest("the event is not valid JSON".into()))?;
    let Some(event) = ContactEvent::from_eventbridge(&event).map_err(ApiError::Unprocessable)?
    else {
        return Ok(Json(ConnectReceipt {
            call: None,
            ignored: Some("not an Amazon Connect contact event".into()),
        }));
    };
    Ok(Json(match state.app.calls().contact_event(event).await? {
        EventOutcome::Applied(call) => ConnectReceipt {
            call: Some(*call),
            ignored: None,
        },
        EventOutcome::Ignored(why) => ConnectReceipt {
            call: None,
            ignored: Some(why.into()),
        },
    }))
}
