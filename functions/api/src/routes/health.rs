use axum::Json;
use worklane_domain::Health;

use crate::{ApiError, AppState};

/// Whether the API and its store answer.
#[utoipa::path(get, path = "/api/health", tag = "system", security(()),
    responses((status = 200, body = Health), (status = 503, body = worklane_domain::ErrorBody)))]
pub async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<Health>, ApiError> {
    state.app.check_store().await?;
    Ok(Json(Health {
        status: "ok".into(),
        store: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
