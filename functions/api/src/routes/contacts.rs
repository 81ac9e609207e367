use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use worklane_core::ContactFilter;
use worklane_domain::{
    ContactEdit, ContactHit, ContactId, ContactInput, ContactKind, ContactView, ErrorBody, Page,
    TeamEdit, UserId,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only contacts of this kind.
    pub kind: Option<ContactKind>,
    /// A user id: only that owner's contacts. Empty: every owner's.
    pub owner: Option<UserId>,
    /// From the previous page's `next_cursor` (with the same filters).
    pub cursor: Option<String>,
    /// 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The beginning of a name, a word of it, an email address or a phone number: 2 to 100
    /// characters, no control characters.
    #[param(
        min_length = 2,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub q: String,
}

/// Contacts newest first, filtered by kind and owner, a page at a time.
#[utoipa::path(get, path = "/api/contacts", tag = "contacts", params(ListParams),
    responses((status = 200, body = Page<ContactView>), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Page<ContactView>>, ApiError> {
    let filter = ContactFilter {
        kind: params.kind,
        owner: params.owner.filter(|o| !o.as_str().is_empty()),
        cursor: params.cursor,
        limit: params.limit.map(|l| l as usize),
    };
    Ok(Json(state.app.contacts().list(&actor, filter).await?))
}

/// Up to ten contacts matching the beginning of a name, email or phone; exact matches first.
#[utoipa::path(get, path = "/api/contacts/search", tag = "contacts", params(SearchParams),
    responses((status = 200, body = [ContactHit]), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<Vec<ContactHit>>, ApiError> {
    Ok(Json(state.app.contacts().search(&actor, &params.q).await?))
}

/// Creates a contact, owned by the caller unless a manager or admin names another owner.
#[utoipa::path(post, path = "/api/contacts", tag = "contacts", request_body = ContactInput,
    responses((status = 201, body = ContactView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<ContactView>), ApiError> {
    let fields = input.validate()?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.contacts().create(&actor, fields).await?),
    ))
}

/// One contact.
#[utoipa::path(get, path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        state
            .app
            .contacts()
            .get(&actor, &ContactId::from_raw(id))
            .await?,
    ))
}

/// Saves an edit made on `version`; a stale version is 409 with the contact as it is now.
#[utoipa::path(put, path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)), request_body = ContactEdit,
    responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(edit): ApiJson<ContactEdit>,
) -> Result<Json<ContactView>, ApiError> {
    let fields = edit.input.validate()?;
    let contact = state
        .app
        .contacts()
        .update(&actor, &ContactId::from_raw(id), fields, edit.version)
        .await?;
    Ok(Json(contact))
}

/// Sets the contact's related team members (seed 003), each to read or to read and change,
/// on `version`; those who may change the contact may. A stale version is 409.
#[utoipa::path(put, path = "/api/contacts/{id}/team", tag = "contacts",
    params(("id" = String, Path)), request_body = TeamEdit,
    responses((status = 200, body = ContactView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_team(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(edit): ApiJson<TeamEdit>,
) -> Result<Json<ContactView>, ApiError> {
    let id = ContactId::from_raw(id);
    Ok(Json(
        state.app.contacts().set_team(&access, &id, edit).await?,
    ))
}
