use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use worklane_core::MyWorkItemsFilter;
use worklane_domain::{
    CATEGORY_RULE, ContactId, ErrorBody, FieldErrors, HistoryEntry, LockRequest, MergeRequest,
    NewWorkItemRequest, Page, Priority, StatusChangeRequest, WorkItemEdit, WorkItemNote,
    WorkItemView, is_key, is_type_key,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

/// A contact's work items, newest first.
#[utoipa::path(get, path = "/api/contacts/{id}/work-items", tag = "work items", params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<WorkItemView>), (status = 401, body = ErrorBody)))]
pub async fn for_contact(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<WorkItemView>>, ApiError> {
    let contact = ContactId::from_raw(id);
    Ok(Json(
        state
            .app
            .work_items()
            .for_contact(&actor, &contact, params.cursor)
            .await?,
    ))
}

/// Creates a work item on the contact, in its workflow's first status.
#[utoipa::path(post, path = "/api/contacts/{id}/work-items", tag = "work items", params(("id" = String, Path)),
    request_body = NewWorkItemRequest,
    responses((status = 201, body = WorkItemView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<NewWorkItemRequest>,
) -> Result<(StatusCode, Json<WorkItemView>), ApiError> {
    let contact = ContactId::from_raw(id);
    let item = state
        .app
        .work_items()
        .create(&actor, &contact, request)
        .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// One work item by its number.
#[utoipa::path(get, path = "/api/work-items/{number}", tag = "work items", params(("number" = u64, Path)),
    responses((status = 200, body = WorkItemView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(state.app.work_items().get(&actor, number).await?))
}

/// Changes the status (and extension) as the workflow allows; what a status needs
/// (a closing reason, a resolution, a later due date) comes with the request.
#[utoipa::path(post, path = "/api/work-items/{number}/status", tag = "work items", params(("number" = u64, Path)),
    request_body = StatusChangeRequest,
    responses((status = 200, body = WorkItemView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_status(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<StatusChangeRequest>,
) -> Result<Json<WorkItemView>, ApiError> {
    let item = state
        .app
        .work_items()
        .change_status(&actor, number, request.transition, request.version)
        .await?;
    Ok(Json(item))
}

/// Every recorded change of the item, newest first.
#[utoipa::path(get, path = "/api/work-items/{number}/history", tag = "work items", params(("number" = u64, Path), PageParams),
    responses((status = 200, body = Page<HistoryEntry>), (status = 404, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<HistoryEntry>>, ApiError> {
    let work_items = state.app.work_items();
    work_items.get(&actor, number).await?;
    Ok(Json(
        work_items.history_of(&actor, number, params.cursor).await?,
    ))
}

/// My Work Items' filters; each is optional and they combine.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineParams {
    /// A work item type's key, e.g. `support-ticket`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub type_key: Option<String>,
    /// A type category, e.g. `Service Desk`.
    pub category: Option<String>,
    /// A status key, e.g. `IN_PROGRESS`.
    pub status: Option<String>,
    pub priority: Option<Priority>,
    /// From the previous page's `next_cursor` (with the same filters).
    pub cursor: Option<String>,
}

/// The open work items assigned to the signed-in user, by callback time and then age,
/// filtered by type, category, status and priority. A filtered page may hold fewer than 50
/// items and still have a `next_cursor`; follow it to go on.
#[utoipa::path(get, path = "/api/my/work-items", tag = "work items", params(MineParams),
    responses((status = 200, body = Page<WorkItemView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<MineParams>,
) -> Result<Json<Page<WorkItemView>>, ApiError> {
    let mut errors = FieldErrors::new();
    if params.type_key.as_deref().is_some_and(|k| !is_type_key(k)) {
        errors.add("type", "a type's key: lower-case words joined by dashes");
    }
    if params.status.as_deref().is_some_and(|k| !is_key(k)) {
        errors.add("status", "a status key: 1 to 40 letters, digits, - or _");
    }
    if let Some(category) = &params.category {
        errors.check("category", CATEGORY_RULE.check(category));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let filter = MyWorkItemsFilter {
        type_key: params.type_key,
        category: params.category,
        status: params.status,
        priority: params.priority,
        cursor: params.cursor,
    };
    Ok(Json(
        state.app.work_items().assigned_open(&actor, filter).await?,
    ))
}

/// Merges the item, a duplicate, into another item of the same contact. The merged item is
/// kept, leaves My Work Items and can no longer be changed; its history is copied to the
/// other item. Answers the merged item.
#[utoipa::path(post, path = "/api/work-items/{number}/merge", tag = "work items", params(("number" = u64, Path)),
    request_body = MergeRequest,
    responses((status = 200, body = WorkItemView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<MergeRequest>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .merge(&actor, number, request)
            .await?,
    ))
}

/// Saves an edit of description, assignee, callback and team made on `version`.
#[utoipa::path(put, path = "/api/work-items/{number}", tag = "work items", params(("number" = u64, Path)),
    request_body = WorkItemEdit,
    responses((status = 200, body = WorkItemView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(edit): ApiJson<WorkItemEdit>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(
        state.app.work_items().edit(&actor, number, edit).await?,
    ))
}

/// Locks or unlocks a work order; a locked one cannot be handled.
#[utoipa::path(post, path = "/api/work-items/{number}/lock", tag = "work items", params(("number" = u64, Path)),
    request_body = LockRequest,
    responses((status = 200, body = WorkItemView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn lock(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<LockRequest>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .set_lock(&actor, number, request)
            .await?,
    ))
}

/// The work item note.
#[utoipa::path(get, path = "/api/work-items/{number}/note", tag = "work items", params(("number" = u64, Path)),
    responses((status = 200, body = WorkItemNote), (status = 404, body = ErrorBody)))]
pub async fn note(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<WorkItemNote>, ApiError> {
    Ok(Json(state.app.work_items().note(&actor, number).await?))
}

/// Saves the note as the rep types; the last save wins.
#[utoipa::path(put, path = "/api/work-items/{number}/note", tag = "work items", params(("number" = u64, Path)),
    request_body = WorkItemNote,
    responses((status = 200, body = WorkItemNote), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_note(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(note): ApiJson<WorkItemNote>,
) -> Result<Json<WorkItemNote>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .save_note(&actor, number, note)
            .await?,
    ))
}
