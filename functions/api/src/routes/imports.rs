//! Admin → Imports: the sources, their connections, pause and Run now, the run log and
//! retries, and routing per work item type; and, for everyone who may see an imported item,
//! its Reference and routing decision.

use axum::Json;
use axum::extract::State;
use worklane_domain::{
    ConnectionEdit, ErrorBody, ImportRunDetail, ImportRunView, ImportSource, ImportSourceView,
    Page, PauseRequest, RoutingSettings, WorkItemOrigin,
};

use crate::extract::{AdminUser, ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

/// A source named in a path; an unknown one is not found.
fn source(key: &str) -> Result<ImportSource, ApiError> {
    ImportSource::parse(key).ok_or(ApiError::Core(worklane_core::CoreError::NotFound(
        "import source",
    )))
}

/// Every import source with its schedule, next and last run, connection and the records
/// waiting for someone to receive them (managers and admins).
#[utoipa::path(get, path = "/api/imports", tag = "imports",
    responses((status = 200, body = Vec<ImportSourceView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
) -> Result<Json<Vec<ImportSourceView>>, ApiError> {
    Ok(Json(state.app.imports().sources(&access).await?))
}

/// Sets a source's URL and authentication; credentials go to the secret store, never the
/// table, and those left out are kept.
#[utoipa::path(put, path = "/api/imports/{source}/connection", tag = "imports",
    params(("source" = String, Path)), request_body = ConnectionEdit,
    responses((status = 200, body = ImportSourceView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_connection(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(edit): ApiJson<ConnectionEdit>,
) -> Result<Json<ImportSourceView>, ApiError> {
    let source = source(&key)?;
    Ok(Json(
        state
            .app
            .imports()
            .set_connection(&access, source, edit)
            .await?,
    ))
}

/// Pauses or resumes a source's schedule.
#[utoipa::path(put, path = "/api/imports/{source}/paused", tag = "imports",
    params(("source" = String, Path)), request_body = PauseRequest,
    responses((status = 200, body = ImportSourceView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn set_paused(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(request): ApiJson<PauseRequest>,
) -> Result<Json<ImportSourceView>, ApiError> {
    let source = source(&key)?;
    Ok(Json(
        state
            .app
            .imports()
            .set_paused(&access, source, request.paused)
            .await?,
    ))
}

/// Run now: imports the source's next records at once and answers the run. 409 while another
/// run of the source is under way or the source is not set up.
#[utoipa::path(post, path = "/api/imports/{source}/runs", tag = "imports",
    params(("source" = String, Path)),
    responses((status = 200, body = ImportRunView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn run_now(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath(key): ApiPath<String>,
) -> Result<Json<ImportRunView>, ApiError> {
    let source = source(&key)?;
    Ok(Json(state.app.imports().run_now(&access, source).await?))
}

/// A source's runs, newest first (managers and admins).
#[utoipa::path(get, path = "/api/imports/{source}/runs", tag = "imports",
    params(("source" = String, Path), PageParams),
    responses((status = 200, body = Page<ImportRunView>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn runs(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<ImportRunView>>, ApiError> {
    let source = source(&key)?;
    Ok(Json(
        state
            .app
            .imports()
            .runs(&access, source, params.cursor)
            .await?,
    ))
}

/// One run with each record's outcome (managers and admins).
#[utoipa::path(get, path = "/api/imports/{source}/runs/{run_id}", tag = "imports",
    params(("source" = String, Path), ("run_id" = String, Path)),
    responses((status = 200, body = ImportRunDetail), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn run_detail(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath((key, run_id)): ApiPath<(String, String)>,
) -> Result<Json<ImportRunDetail>, ApiError> {
    let source = source(&key)?;
    Ok(Json(
        state
            .app
            .imports()
            .run_detail(&access, source, &run_id)
            .await?,
    ))
}

/// Imports one record again, read anew from the source (a record imported meanwhile stays
/// one work item).
#[utoipa::path(post, path = "/api/imports/{source}/records/{external_id}/retry", tag = "imports",
    params(("source" = String, Path), ("external_id" = String, Path)),
    responses((status = 200, body = ImportRunView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn retry(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath((key, external_id)): ApiPath<(String, String)>,
) -> Result<Json<ImportRunView>, ApiError> {
    let source = source(&key)?;
    Ok(Json(
        state
            .app
            .imports()
            .retry(&access, source, &external_id)
            .await?,
    ))
}

/// Who receives a work item type's imported items.
#[utoipa::path(get, path = "/api/routing/{type_key}", tag = "imports",
    params(("type_key" = String, Path)),
    responses((status = 200, body = RoutingSettings), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn routing(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath(type_key): ApiPath<String>,
) -> Result<Json<RoutingSettings>, ApiError> {
    Ok(Json(state.app.imports().routing(&access, &type_key).await?))
}

/// Saves a type's pool, cap and owner preference, made on `version`.
#[utoipa::path(put, path = "/api/routing/{type_key}", tag = "imports",
    params(("type_key" = String, Path)), request_body = RoutingSettings,
    responses((status = 200, body = RoutingSettings), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_routing(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiPath(type_key): ApiPath<String>,
    ApiJson(mut settings): ApiJson<RoutingSettings>,
) -> Result<Json<RoutingSettings>, ApiError> {
    settings.type_key = type_key;
    Ok(Json(
        state.app.imports().set_routing(&access, settings).await?,
    ))
}

/// An imported item's Reference (the quiz, the question, the cart) and why it went to whom;
/// both absent for an item made by hand.
#[utoipa::path(get, path = "/api/work-items/{number}/origin", tag = "work items",
    params(("number" = u64, Path)),
    responses((status = 200, body = WorkItemOrigin), (status = 404, body = ErrorBody)))]
pub async fn origin(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<WorkItemOrigin>, ApiError> {
    Ok(Json(state.app.imports().origin(&access, number).await?))
}

/// Reloads an Abandoned Shopping Cart item's cart from the shop now. 409 for another type,
/// 502 when the shop does not answer.
#[utoipa::path(post, path = "/api/work-items/{number}/reference/sync", tag = "work items",
    params(("number" = u64, Path)),
    responses((status = 200, body = WorkItemOrigin), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
pub async fn sync_cart(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<WorkItemOrigin>, ApiError> {
    Ok(Json(state.app.imports().sync_cart(&access, number).await?))
}
