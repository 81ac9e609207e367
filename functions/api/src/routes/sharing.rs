use axum::Json;
use axum::extract::State;
use worklane_domain::{ErrorBody, SharingSettings};

use crate::extract::{AdminUser, ApiJson};
use crate::{ApiError, AppState};

/// The org-wide defaults: who may see and change records nothing else shares (admins only).
#[utoipa::path(get, path = "/api/sharing", tag = "users",
    responses((status = 200, body = SharingSettings), (status = 403, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> Result<Json<SharingSettings>, ApiError> {
    Ok(Json(state.app.sharing().load().await?))
}

/// Saves the org-wide defaults edited on `version` (admins only); they apply from each user's
/// next request. A stale version is 409 with the defaults as they are now.
#[utoipa::path(put, path = "/api/sharing", tag = "users", request_body = SharingSettings,
    responses((status = 200, body = SharingSettings), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiJson(settings): ApiJson<SharingSettings>,
) -> Result<Json<SharingSettings>, ApiError> {
    Ok(Json(state.app.sharing().save(&access, settings).await?))
}
