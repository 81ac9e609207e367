use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use worklane_domain::{
    ErrorBody, NewUserRequest, Page, TeamMember, UpdateUserRequest, UserId, UserView,
};

use crate::extract::{AdminUser, ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Every colleague with their availability; disabled ones are marked.
#[utoipa::path(get, path = "/api/team", tag = "users",
    responses((status = 200, body = [TeamMember]), (status = 401, body = ErrorBody)))]
pub async fn team(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
) -> Result<Json<Vec<TeamMember>>, ApiError> {
    Ok(Json(state.app.users().team().await?))
}

/// Users by name (admins only).
#[utoipa::path(get, path = "/api/users", tag = "users", params(PageParams),
    responses((status = 200, body = Page<UserView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<UserView>>, ApiError> {
    Ok(Json(state.app.users().list(&actor, params.cursor).await?))
}

/// Creates a user (admins only).
#[utoipa::path(post, path = "/api/users", tag = "users", request_body = NewUserRequest,
    responses((status = 201, body = UserView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiJson(request): ApiJson<NewUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let new = request.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.users().create(&actor, new).await?),
    ))
}

/// One user (admins only).
#[utoipa::path(get, path = "/api/users/{id}", tag = "users", params(("id" = String, Path)),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(
        state.app.users().get(&actor, &UserId::from_raw(id)).await?,
    ))
}

/// Edits a user: name, role, extension, disabled, password (admins only). A disabled user
/// cannot sign in, and their open sessions stop working.
#[utoipa::path(put, path = "/api/users/{id}", tag = "users", params(("id" = String, Path)), request_body = UpdateUserRequest,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<UpdateUserRequest>,
) -> Result<Json<UserView>, ApiError> {
    let changes = request.validate()?;
    Ok(Json(
        state
            .app
            .users()
            .update(&actor, &UserId::from_raw(id), changes)
            .await?,
    ))
}
