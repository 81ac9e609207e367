//! The shop's endpoints: a contact's Status & Marketing panel and orders, Sync with Magento,
//! the order linked to a call, the shop's settings with Run now of its sync and validation,
//! and the Linked orders report.

use gloo_net::http::Method;
use serde::Deserialize;
use worklane_domain::{
    ContactId, InteractionId, InteractionView, LinkOrderRequest, LinkedOrdersReport, Page,
    ShopSettings, ShopSettingsEdit, ShopStatus, SyncCounts, Timestamp,
};

use super::{ApiError, contact_url, encode, get, interaction_url, post_empty, with_cursor, write};

/// The contact's shop accounts, order count, lifetime value and last sync.
pub async fn status(contact: ContactId) -> Result<ShopStatus, ApiError> {
    get(&contact_url(&contact, "/shop")).await
}

/// An order as the Status & Marketing panel lists it: the fields of the API's `OrderView` it
/// shows (reading only these keeps decoding the order lines out of the app).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderRow {
    pub increment_id: String,
    pub entity_id: u64,
    #[serde(deserialize_with = "worklane_domain::wire_time::deserialize")]
    pub created_at: Timestamp,
    pub status: String,
    pub total_cents: i64,
    pub currency: String,
    #[serde(default)]
    pub admin_url: Option<String>,
}

/// The contact's orders, newest first.
pub async fn orders(
    contact: ContactId,
    cursor: Option<String>,
) -> Result<Page<OrderRow>, ApiError> {
    get(&with_cursor(
        contact_url(&contact, "/orders"),
        cursor.as_deref(),
    ))
    .await
}

/// Sync with Magento: reloads the contact from the shop now (409: no shop is connected; 502:
/// the shop did not answer).
pub async fn sync_contact(contact: ContactId) -> Result<ShopStatus, ApiError> {
    post_empty(&contact_url(&contact, "/shop/sync")).await
}

/// Sets, changes or clears (`None`) the order linked to a call (its author and admins).
pub async fn link_order(
    call: InteractionId,
    order_id: Option<String>,
) -> Result<InteractionView, ApiError> {
    let request = LinkOrderRequest { order_id };
    write(
        Method::PUT,
        &interaction_url(&call, "/linked-order"),
        &request,
    )
    .await
}

pub async fn settings() -> Result<ShopSettings, ApiError> {
    get("/api/shop/settings").await
}

/// Saves the settings, made on `edit.version` (409 when someone saved first).
pub async fn save_settings(edit: ShopSettingsEdit) -> Result<ShopSettings, ApiError> {
    write(Method::PUT, "/api/shop/settings", &edit).await
}

/// Run now of the hourly sync (admins).
pub async fn sync_now() -> Result<SyncCounts, ApiError> {
    post_empty("/api/shop/sync").await
}

/// What Run now of the nightly validation did.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ValidationRun {
    pub sync: SyncCounts,
    /// Why the sync failed (then nothing was checked).
    #[serde(default)]
    pub sync_error: Option<String>,
    pub checked: u32,
    pub valid: u32,
    pub invalid: u32,
    pub left_pending: u32,
}

/// Run now of the nightly validation (admins): the sync, then every link whose window closed.
pub async fn validate_now() -> Result<ValidationRun, ApiError> {
    post_empty("/api/shop/validation").await
}

/// The report's query: its days, `YYYY-MM-DD`, both included.
pub fn report_query(from: &str, to: &str) -> String {
    format!("from={}&to={}", encode(from), encode(to))
}

/// Where the report's CSV is downloaded from.
pub fn report_csv_url(from: &str, to: &str) -> String {
    format!("/api/reports/linked-orders.csv?{}", report_query(from, to))
}

pub async fn linked_orders_report(
    from: String,
    to: String,
) -> Result<LinkedOrdersReport, ApiError> {
    get(&format!(
        "/api/reports/linked-orders?{}",
        report_query(&from, &to)
    ))
    .await
}
