//! A contact's and a work item's interactions: the timelines, composing email and SMS,
//! logging calls, notes and reminders, retrying a failed send, attaching to a work item.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use worklane_domain::{
    AttachRequest, ComposeEmail, ComposeSms, ContactId, ErrorBody, InteractionId, InteractionView,
    LogCall, NewNote, NewReminder, Page,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

type Created = (StatusCode, Json<InteractionView>);

/// Everything about the contact, newest first (the contact's Interactions tab).
#[utoipa::path(get, path = "/api/contacts/{id}/interactions", tag = "interactions",
    params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<InteractionView>), (status = 404, body = ErrorBody)))]
pub async fn for_contact(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<InteractionView>>, ApiError> {
    let contact = ContactId::from_raw(id);
    let page = state
        .app
        .interactions()
        .for_contact(&actor, &contact, params.cursor)
        .await?;
    Ok(Json(page))
}

/// The interactions attached to the work item, newest first (with `/history`, its Action tab).
#[utoipa::path(get, path = "/api/work-items/{number}/interactions", tag = "interactions",
    params(("number" = u64, Path), PageParams),
    responses((status = 200, body = Page<InteractionView>), (status = 404, body = ErrorBody)))]
pub async fn for_work_item(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<InteractionView>>, ApiError> {
    let page = state
        .app
        .interactions()
        .for_work_item(&actor, number, params.cursor)
        .await?;
    Ok(Json(page))
}

/// Emails the contact (at its primary address unless `to` is given). A send that fails is
/// still 201: the interaction is `Failed` with its `failure`, and can be retried.
#[utoipa::path(post, path = "/api/contacts/{id}/emails", tag = "interactions",
    params(("id" = String, Path)), request_body = ComposeEmail,
    responses((status = 201, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn send_email(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<ComposeEmail>,
) -> Result<Created, ApiError> {
    let contact = ContactId::from_raw(id);
    let view = state
        .app
        .interactions()
        .send_email(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Texts the contact (at its first phone number unless `to` is given); failures as for email.
#[utoipa::path(post, path = "/api/contacts/{id}/sms", tag = "interactions",
    params(("id" = String, Path)), request_body = ComposeSms,
    responses((status = 201, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn send_sms(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<ComposeSms>,
) -> Result<Created, ApiError> {
    let contact = ContactId::from_raw(id);
    let view = state
        .app
        .interactions()
        .send_sms(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Logs a call the rep had with the contact.
#[utoipa::path(post, path = "/api/contacts/{id}/calls", tag = "interactions",
    params(("id" = String, Path)), request_body = LogCall,
    responses((status = 201, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn log_call(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<LogCall>,
) -> Result<Created, ApiError> {
    let contact = ContactId::from_raw(id);
    let view = state
        .app
        .interactions()
        .log_call(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Adds a note about the contact.
#[utoipa::path(post, path = "/api/contacts/{id}/notes", tag = "interactions",
    params(("id" = String, Path)), request_body = NewNote,
    responses((status = 201, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_note(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<NewNote>,
) -> Result<Created, ApiError> {
    let contact = ContactId::from_raw(id);
    let view = state
        .app
        .interactions()
        .add_note(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Sets a reminder for the signed-in user; it lands in their Unread when it falls due.
#[utoipa::path(post, path = "/api/contacts/{id}/reminders", tag = "interactions",
    params(("id" = String, Path)), request_body = NewReminder,
    responses((status = 201, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_reminder(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<NewReminder>,
) -> Result<Created, ApiError> {
    let contact = ContactId::from_raw(id);
    let view = state
        .app
        .interactions()
        .set_reminder(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Sends a failed email or SMS again; 409 `wrong_state` (with `current`) for anything else.
#[utoipa::path(post, path = "/api/interactions/{id}/retry", tag = "interactions",
    params(("id" = String, Path)),
    responses((status = 200, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<InteractionView>, ApiError> {
    let id = InteractionId::from_raw(id);
    Ok(Json(state.app.interactions().retry(&actor, &id).await?))
}

/// Attaches the interaction to one of its contact's work items (422 on `work_item`
/// otherwise); it then lists under that item and stays on the contact's timeline.
#[utoipa::path(post, path = "/api/interactions/{id}/attach", tag = "interactions",
    params(("id" = String, Path)), request_body = AttachRequest,
    responses((status = 200, body = InteractionView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<AttachRequest>,
) -> Result<Json<InteractionView>, ApiError> {
    let id = InteractionId::from_raw(id);
    Ok(Json(
        state
            .app
            .interactions()
            .attach(&actor, &id, request)
            .await?,
    ))
}
