use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use worklane_core::ContactFilter;
use worklane_domain::{
    ContactHit, ContactId, ContactInput, ContactKind, ContactView, ErrorBody, FieldErrors, Page,
    UserId,
};

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// `Prospect` or `Customer`.
    pub kind: Option<String>,
    /// A user id: only that owner's contacts.
    pub owner: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 100; 25 when absent.
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// At least two characters of a name, a word of it, an email address or a phone number.
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
    let kind = match params.kind.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(ContactKind::parse(raw).map_err(|m| FieldErrors::single("kind", m))?),
    };
    let owner = params
        .owner
        .filter(|o| !o.trim().is_empty())
        .map(UserId::from_raw);
    let filter = ContactFilter {
        kind,
        owner,
        cursor: params.cursor,
        limit: params.limit,
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
#[utoipa::path(put, path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)), request_body = ContactInput,
    responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Json<ContactView>, ApiError> {
    let (fields, version) = match (input.validate(), input.version) {
        (Ok(fields), Some(version)) => (fields, version),
        (result, version) => {
            let mut errors = result.err().unwrap_or_default();
            if version.is_none() {
                errors.add("version", "send the version the form was loaded with");
            }
            return Err(errors.into());
        }
    };
    let contact = state
        .app
        .contacts()
        .update(&actor, &ContactId::from_raw(id), fields, version)
        .await?;
    Ok(Json(contact))
}
