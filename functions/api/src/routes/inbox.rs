//! The signed-in user's Inbox: one section through one filter, the unread count, and moving
//! an entry between Unread and Read.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use worklane_core::{InboxQuery, PriorityFilter};
use worklane_domain::{
    ErrorBody, FieldErrors, InboxEntry, InboxFilter, InboxSection, Page, Priority, ReadRequest,
    UnreadCount,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InboxParams {
    /// `unread` (the default) or `read`.
    pub section: Option<String>,
    /// `all` (the default: calls, emails and SMS, never work items), `work-items`, `email`,
    /// `sms`, `call` or `reminder`.
    pub filter: Option<String>,
    /// Work items only: `Urgent`, `High`, `Normal`, `Low`, `N/A`, or `any`. Without it and
    /// without `type`, work items of High priority only.
    pub priority: Option<String>,
    /// Work items only: a work item type's key.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub type_key: Option<String>,
    /// From the previous page's `next_cursor` (with the same parameters).
    pub cursor: Option<String>,
}

impl InboxParams {
    fn query(self) -> Result<InboxQuery, FieldErrors> {
        let mut errors = FieldErrors::new();
        let section = errors.check(
            "section",
            InboxSection::parse(self.section.as_deref().unwrap_or("")),
        );
        let filter = errors.check(
            "filter",
            InboxFilter::parse(self.filter.as_deref().unwrap_or("")),
        );
        let priority = match self.priority.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) if raw.eq_ignore_ascii_case("any") => Some(PriorityFilter::Any),
            Some(raw) => errors
                .check("priority", Priority::parse(raw))
                .map(PriorityFilter::Is),
        };
        errors.finish(|| {
            Some(InboxQuery {
                section: section?,
                filter: filter?,
                priority,
                type_key: self.type_key,
                cursor: self.cursor,
            })
        })
    }
}

/// One page of the signed-in user's inbox, newest first.
#[utoipa::path(get, path = "/api/inbox", tag = "inbox", params(InboxParams),
    responses((status = 200, body = Page<InboxEntry>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<InboxParams>,
) -> Result<Json<Page<InboxEntry>>, ApiError> {
    let query = params.query()?;
    Ok(Json(state.app.inbox().list(&actor, query).await?))
}

/// How many entries are in the signed-in user's Unread.
#[utoipa::path(get, path = "/api/inbox/unread-count", tag = "inbox",
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody)))]
pub async fn unread_count(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(state.app.inbox().unread_count(&actor).await?))
}

/// Moves one of the signed-in user's entries to Read (`read: true`) or back to Unread;
/// asking for where it is already changes nothing.
#[utoipa::path(put, path = "/api/inbox/{entry_id}/read", tag = "inbox",
    params(("entry_id" = String, Path)), request_body = ReadRequest,
    responses((status = 200, body = InboxEntry), (status = 404, body = ErrorBody)))]
pub async fn set_read(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(entry_id): ApiPath<String>,
    ApiJson(request): ApiJson<ReadRequest>,
) -> Result<Json<InboxEntry>, ApiError> {
    Ok(Json(
        state
            .app
            .inbox()
            .set_read(&actor, &entry_id, request.read)
            .await?,
    ))
}
