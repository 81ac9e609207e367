//! Accounts (seed 003's companies), their contacts and work orders, and the service desk's
//! setting of how service staff look customers up.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use worklane_domain::{
    AccountEdit, AccountHit, AccountId, AccountInput, AccountView, ContactAccountRequest,
    ContactId, ContactView, ErrorBody, NewWorkOrderRequest, Page, ServiceSettings, TeamEdit,
    WorkItemView, WorkOrderRow,
};

use crate::extract::{AdminUser, ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::routes::contacts::SearchParams;
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountListParams {
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The accounts the user may see, newest first.
#[utoipa::path(get, path = "/api/accounts", tag = "accounts", params(AccountListParams),
    responses((status = 200, body = Page<AccountView>), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<AccountListParams>,
) -> Result<Json<Page<AccountView>>, ApiError> {
    let limit = params.limit.map(|l| l as usize);
    Ok(Json(
        state
            .app
            .accounts()
            .list(&actor, params.cursor, limit)
            .await?,
    ))
}

/// Creates an account, owned by its creator (or by whom a manager or an admin names).
#[utoipa::path(post, path = "/api/accounts", tag = "accounts", request_body = AccountInput,
    responses((status = 201, body = AccountView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(input): ApiJson<AccountInput>,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.accounts().create(&actor, input).await?),
    ))
}

/// Up to ten accounts the user may see whose name (or a word of it) begins with `q`, whole
/// names first. Service staff find only whole names when the service desk says "exact".
#[utoipa::path(get, path = "/api/accounts/search", tag = "accounts", params(SearchParams),
    responses((status = 200, body = [AccountHit]), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<Vec<AccountHit>>, ApiError> {
    Ok(Json(state.app.accounts().search(&actor, &params.q).await?))
}

/// The account.
#[utoipa::path(get, path = "/api/accounts/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(
        state
            .app
            .accounts()
            .get(&actor, &AccountId::from_raw(id))
            .await?,
    ))
}

/// Saves an edit of the name and owner made on `version`.
#[utoipa::path(put, path = "/api/accounts/{id}", tag = "accounts", params(("id" = String, Path)), request_body = AccountEdit,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(edit): ApiJson<AccountEdit>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(
        state
            .app
            .accounts()
            .update(&actor, &AccountId::from_raw(id), edit)
            .await?,
    ))
}

/// Sets the account's related team members, each to read or to read and change.
#[utoipa::path(put, path = "/api/accounts/{id}/team", tag = "accounts", params(("id" = String, Path)), request_body = TeamEdit,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_team(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(edit): ApiJson<TeamEdit>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(
        state
            .app
            .accounts()
            .set_team(&actor, &AccountId::from_raw(id), edit)
            .await?,
    ))
}

/// The account's contacts the user may see (a page may be short and still have a cursor).
#[utoipa::path(get, path = "/api/accounts/{id}/contacts", tag = "accounts", params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<ContactView>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn contacts(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<ContactView>>, ApiError> {
    Ok(Json(
        state
            .app
            .accounts()
            .contacts(&actor, &AccountId::from_raw(id), params.cursor)
            .await?,
    ))
}

/// The account's work orders the user may see, last updated first.
#[utoipa::path(get, path = "/api/accounts/{id}/work-orders", tag = "accounts", params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<WorkOrderRow>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn work_orders(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<WorkOrderRow>>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .of_account(&actor, &AccountId::from_raw(id), params.cursor)
            .await?,
    ))
}

/// The contact's work orders the user may see, last updated first (its Tickets tab).
#[utoipa::path(get, path = "/api/contacts/{id}/tickets", tag = "accounts", params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<WorkOrderRow>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn tickets(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<WorkOrderRow>>, ApiError> {
    Ok(Json(
        state
            .app
            .work_items()
            .tickets(&actor, &ContactId::from_raw(id), params.cursor)
            .await?,
    ))
}

/// Puts the contact in an account the user may see (or out of any with `null`), on
/// `version`.
#[utoipa::path(put, path = "/api/contacts/{id}/account", tag = "accounts", params(("id" = String, Path)), request_body = ContactAccountRequest,
    responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_contact_account(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<ContactAccountRequest>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        state
            .app
            .contacts()
            .set_account(&actor, &ContactId::from_raw(id), request)
            .await?,
    ))
}

/// Creates a work order for a contact (and account) the user may see, in its workflow's first
/// status; without `account_id`, the contact's account.
#[utoipa::path(post, path = "/api/work-orders", tag = "work orders", request_body = NewWorkOrderRequest,
    responses((status = 201, body = WorkItemView), (status = 422, body = ErrorBody)))]
pub async fn create_work_order(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(request): ApiJson<NewWorkOrderRequest>,
) -> Result<(StatusCode, Json<WorkItemView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .work_items()
                .create_work_order(&actor, request)
                .await?,
        ),
    ))
}

/// How service staff look up accounts and contacts.
#[utoipa::path(get, path = "/api/settings/service", tag = "accounts",
    responses((status = 200, body = ServiceSettings)))]
pub async fn service_settings(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
) -> Result<Json<ServiceSettings>, ApiError> {
    Ok(Json(state.app.service_settings().load().await?))
}

/// Saves the service desk's settings on `version` (admins).
#[utoipa::path(put, path = "/api/settings/service", tag = "accounts", request_body = ServiceSettings,
    responses((status = 200, body = ServiceSettings), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn save_service_settings(
    State(state): State<AppState>,
    AdminUser(actor): AdminUser,
    ApiJson(settings): ApiJson<ServiceSettings>,
) -> Result<Json<ServiceSettings>, ApiError> {
    Ok(Json(
        state.app.service_settings().save(&actor, settings).await?,
    ))
}
