//! Workflows and work item types: everyone reads them; admins add and edit them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use worklane_domain::{ErrorBody, WorkItemType, WorkItemTypeEdit, WorkItemTypeInput, Workflow};

use crate::extract::{AdminUser, ApiJson, ApiPath, CurrentUser};
use crate::{ApiError, AppState};

/// Every workflow: statuses, transitions, extensions and rules.
#[utoipa::path(get, path = "/api/workflows", tag = "work items",
    responses((status = 200, body = [Workflow]), (status = 401, body = ErrorBody)))]
pub async fn workflows(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
) -> Result<Json<Vec<Workflow>>, ApiError> {
    Ok(Json(state.app.catalog().workflows().await?))
}

/// Adds a workflow (admins only); its `version` is ignored.
#[utoipa::path(post, path = "/api/workflows", tag = "work items", request_body = Workflow,
    responses((status = 201, body = Workflow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_workflow(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiJson(workflow): ApiJson<Workflow>,
) -> Result<(StatusCode, Json<Workflow>), ApiError> {
    let created = state
        .app
        .catalog()
        .create_workflow(&actor, workflow)
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Saves the next version of a workflow, made on `version` (admins only). Every status it
/// had stays, of the same kind; retire one by removing the transitions into it.
#[utoipa::path(put, path = "/api/workflows/{key}", tag = "work items", params(("key" = String, Path)),
    request_body = Workflow,
    responses((status = 200, body = Workflow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_workflow(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(workflow): ApiJson<Workflow>,
) -> Result<Json<Workflow>, ApiError> {
    Ok(Json(
        state
            .app
            .catalog()
            .update_workflow(&actor, &key, workflow)
            .await?,
    ))
}

/// Every work item type, by name.
#[utoipa::path(get, path = "/api/work-item-types", tag = "work items",
    responses((status = 200, body = [WorkItemType]), (status = 401, body = ErrorBody)))]
pub async fn types(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
) -> Result<Json<Vec<WorkItemType>>, ApiError> {
    Ok(Json(state.app.catalog().work_types().await?))
}

/// Adds a type in the "Manually Created" category, keyed by its name (admins only).
#[utoipa::path(post, path = "/api/work-item-types", tag = "work items", request_body = WorkItemTypeInput,
    responses((status = 201, body = WorkItemType), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_type(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiJson(input): ApiJson<WorkItemTypeInput>,
) -> Result<(StatusCode, Json<WorkItemType>), ApiError> {
    let created = state.app.catalog().create_type(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Edits a type, made on `version` (admins only). Its key, category and workflow stay.
#[utoipa::path(put, path = "/api/work-item-types/{key}", tag = "work items", params(("key" = String, Path)),
    request_body = WorkItemTypeEdit,
    responses((status = 200, body = WorkItemType), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_type(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(edit): ApiJson<WorkItemTypeEdit>,
) -> Result<Json<WorkItemType>, ApiError> {
    Ok(Json(
        state.app.catalog().update_type(&actor, &key, edit).await?,
    ))
}
