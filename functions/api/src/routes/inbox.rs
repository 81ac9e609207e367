//! The signed-in user's Inbox: one section through one filter, the unread count, and moving
//! an entry between Unread and Read.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use worklane_core::{InboxQuery, PriorityFilter};
use worklane_domain::{
    ErrorBody, FieldErrors, InboxEntry, InboxFilter, InboxSection, Page, Priority, ReadRequest,
    UnreadCount, is_type_key,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// `unread` when absent.
    #[param(inline)]
    pub section: Option<SectionParam>,
    /// `all` when absent: calls, emails and SMS, never work items.
    #[param(inline)]
    pub filter: Option<FilterParam>,
    /// Work items only. Without it and without `type`, work items of High priority only.
    #[param(inline)]
    pub priority: Option<PriorityParam>,
    /// Work items only: a work item type's key.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub type_key: Option<String>,
    /// From the previous page's `next_cursor` (with the same parameters).
    pub cursor: Option<String>,
}

/// Unread, or Read (the archive).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionParam {
    Unread,
    Read,
}

/// What the inbox lists.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FilterParam {
    All,
    WorkItems,
    Email,
    Sms,
    Call,
    Reminder,
}

/// A priority, or `any`.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
pub enum PriorityParam {
    Urgent,
    High,
    Normal,
    Low,
    NotApplicable,
    #[serde(rename = "any")]
    Any,
}

impl InboxParams {
    fn query(self) -> InboxQuery {
        let section = match self.section {
            Some(SectionParam::Read) => InboxSection::Read,
            Some(SectionParam::Unread) | None => InboxSection::Unread,
        };
        let filter = match self.filter {
            Some(FilterParam::All) | None => InboxFilter::All,
            Some(FilterParam::WorkItems) => InboxFilter::WorkItems,
            Some(FilterParam::Email) => InboxFilter::Email,
            Some(FilterParam::Sms) => InboxFilter::Sms,
            Some(FilterParam::Call) => InboxFilter::Call,
            Some(FilterParam::Reminder) => InboxFilter::Reminder,
        };
        let priority = self.priority.map(|p| match p {
            PriorityParam::Any => PriorityFilter::Any,
            PriorityParam::Urgent => PriorityFilter::Is(Priority::Urgent),
            PriorityParam::High => PriorityFilter::Is(Priority::High),
            PriorityParam::Normal => PriorityFilter::Is(Priority::Normal),
            PriorityParam::Low => PriorityFilter::Is(Priority::Low),
            PriorityParam::NotApplicable => PriorityFilter::Is(Priority::NotApplicable),
        });
        InboxQuery {
            section,
            filter,
            priority,
            type_key: self.type_key,
            cursor: self.cursor,
        }
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
    if params.type_key.as_deref().is_some_and(|k| !is_type_key(k)) {
        return Err(
            FieldErrors::single("type", "a type's key: lower-case words joined by dashes").into(),
        );
    }
    let query = params.query();
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
