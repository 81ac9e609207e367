//! What the local outbox adapter "sent", for a newcomer running Worklane on one machine.

use axum::Json;
use axum::extract::State;
use worklane_domain::{ErrorBody, OutboxMessage, Page};

use crate::extract::{ApiQuery, CurrentUser};
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

/// The messages the local outbox kept, newest first; 404 where messages are sent for real.
#[utoipa::path(get, path = "/api/outbox", tag = "interactions", params(PageParams),
    responses((status = 200, body = Page<OutboxMessage>), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<OutboxMessage>>, ApiError> {
    Ok(Json(state.app.outbox(&actor, params.cursor).await?))
}
