//! Seed 003's work orders: the list and its preset scenes, and changing who is in charge.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use worklane_domain::{
    BatchOwnerRequest, BatchOwnerResult, ErrorBody, OwnerRequest, Page, PriorityRequest,
    WorkItemView, WorkOrderRow, WorkOrderScene,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SceneParams {
    /// The preset scene; `all` when absent.
    pub scene: Option<WorkOrderScene>,
    /// From the previous page's `next_cursor` (with the same scene).
    pub cursor: Option<String>,
    /// 1 to 50; 25 when absent.
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

/// A page of one of the Work Orders list's preset scenes, last updated first. A page may
/// hold fewer rows than asked and still have a `next_cursor`; follow it to go on.
#[utoipa::path(get, path = "/api/work-orders", tag = "work orders", params(SceneParams),
    responses((status = 200, body = Page<WorkOrderRow>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<SceneParams>,
) -> Result<Json<Page<WorkOrderRow>>, ApiError> {
    let scene = params.scene.unwrap_or_default();
    let limit = params.limit.map(|l| l as usize);
    Ok(Json(
        state
            .app
            .work_items()
            .work_orders(&actor, scene, params.cursor, limit)
            .await?,
    ))
}

/// Hands each of the work orders to one person in charge. Each is changed on its current
/// version on its own; those the user may not change are refused one by one, with why.
#[utoipa::path(post, path = "/api/work-orders/owner", tag = "work orders",
    request_body = BatchOwnerRequest,
    responses((status = 200, body = BatchOwnerResult), (status = 422, body = ErrorBody)))]
pub async fn change_owners(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(request): ApiJson<BatchOwnerRequest>,
) -> Result<Json<BatchOwnerResult>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .change_owners(&actor, request)
            .await?,
    ))
}

/// Hands the work item to another person in charge (service staff and admins, for a work
/// order), on `version`.
#[utoipa::path(post, path = "/api/work-items/{number}/owner", tag = "work orders", params(("number" = u64, Path)),
    request_body = OwnerRequest,
    responses((status = 200, body = WorkItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_owner(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<OwnerRequest>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .change_owner(&actor, number, request)
            .await?,
    ))
}

/// Sets the work item's priority, on `version`; not while it is locked or void.
#[utoipa::path(post, path = "/api/work-items/{number}/priority", tag = "work orders", params(("number" = u64, Path)),
    request_body = PriorityRequest,
    responses((status = 200, body = WorkItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_priority(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<PriorityRequest>,
) -> Result<Json<WorkItemView>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .set_priority(&actor, number, request)
            .await?,
    ))
}
