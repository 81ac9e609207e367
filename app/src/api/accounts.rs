//! Seed 003's accounts (the companies work orders are raised for), creating a work order with
//! a lookup of its account and contact, a contact's Tickets, and the service desk's setting of
//! how service staff look customers up.

use gloo_net::http::Method;
use worklane_domain::{
    AccountEdit, AccountHit, AccountId, AccountInput, AccountView, ContactAccountRequest,
    ContactId, ContactView, NewWorkOrderRequest, Page, ServiceSettings, TeamEdit, WorkItemView,
    WorkOrderRow,
};

use super::{ApiError, encode, get, with_cursor, write};

fn account_url(id: &AccountId, rest: &str) -> String {
    format!("/api/accounts/{}{rest}", encode(id.as_str()))
}

/// A page of the accounts the user may see, newest first.
pub async fn list(cursor: Option<String>, limit: u32) -> Result<Page<AccountView>, ApiError> {
    let mut url = format!("/api/accounts?limit={limit}");
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={}", encode(&cursor)));
    }
    get(&url).await
}

pub async fn create(input: AccountInput) -> Result<AccountView, ApiError> {
    write(Method::POST, "/api/accounts", &input).await
}

pub async fn get_account(id: AccountId) -> Result<AccountView, ApiError> {
    get(&account_url(&id, "")).await
}

/// Saves the name and owner on the version shown (403 when not the user's to change, 409
/// when it changed meanwhile).
pub async fn update(id: AccountId, edit: AccountEdit) -> Result<AccountView, ApiError> {
    write(Method::PUT, &account_url(&id, ""), &edit).await
}

pub async fn set_team(id: AccountId, edit: TeamEdit) -> Result<AccountView, ApiError> {
    write(Method::PUT, &account_url(&id, "/team"), &edit).await
}

/// Up to ten accounts whose name begins with `q` (at least two characters); only whole names
/// for service staff when the service desk says "exact".
pub async fn search(q: String) -> Result<Vec<AccountHit>, ApiError> {
    get(&format!("/api/accounts/search?q={}", encode(&q))).await
}

pub async fn contacts(
    id: AccountId,
    cursor: Option<String>,
) -> Result<Page<ContactView>, ApiError> {
    get(&with_cursor(
        account_url(&id, "/contacts"),
        cursor.as_deref(),
    ))
    .await
}

/// The account's work orders the user may see, last updated first.
pub async fn work_orders(
    id: AccountId,
    cursor: Option<String>,
) -> Result<Page<WorkOrderRow>, ApiError> {
    get(&with_cursor(
        account_url(&id, "/work-orders"),
        cursor.as_deref(),
    ))
    .await
}

/// The contact's work orders (its Tickets tab), last updated first.
pub async fn tickets(
    contact: ContactId,
    cursor: Option<String>,
) -> Result<Page<WorkOrderRow>, ApiError> {
    let path = format!("/api/contacts/{}/tickets", encode(contact.as_str()));
    get(&with_cursor(path, cursor.as_deref())).await
}

/// Puts a contact in an account (or out of any with `None`), on the contact's version.
pub async fn set_contact_account(
    contact: ContactId,
    request: ContactAccountRequest,
) -> Result<ContactView, ApiError> {
    let path = format!("/api/contacts/{}/account", encode(contact.as_str()));
    write(Method::PUT, &path, &request).await
}

pub async fn create_work_order(request: NewWorkOrderRequest) -> Result<WorkItemView, ApiError> {
    write(Method::POST, "/api/work-orders", &request).await
}

pub async fn service_settings() -> Result<ServiceSettings, ApiError> {
    get("/api/settings/service").await
}

/// Saves the service desk's settings on their version (admins; 409 when another admin saved
/// first).
pub async fn save_service_settings(settings: ServiceSettings) -> Result<ServiceSettings, ApiError> {
    write(Method::PUT, "/api/settings/service", &settings).await
}
