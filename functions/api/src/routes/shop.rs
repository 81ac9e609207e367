//! The Magento shop: its settings, a contact's Status & Marketing panel and orders with Sync
//! with Magento, the order linked to a call, an admin's Run now of the sync and the nightly
//! validation, and the Linked orders report (JSON and CSV).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use worklane_core::shop::NightlyReport;
use worklane_domain::{
    ContactId, ErrorBody, InteractionId, InteractionView, LinkOrderRequest, LinkedOrdersReport,
    OrderView, Page, ShopSettings, ShopSettingsEdit, ShopStatus, SyncCounts, Timestamp,
};

use crate::extract::{AdminUser, ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::routes::users::PageParams;
use crate::{ApiError, AppState};

#[utoipa::path(get, path = "/api/shop/settings", tag = "shop",
    responses((status = 200, body = ShopSettings), (status = 403, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
) -> Result<Json<ShopSettings>, ApiError> {
    Ok(Json(state.app.shop().settings(&access).await?))
}

/// Where links into the shop point and how orders name their advisor (admins).
#[utoipa::path(put, path = "/api/shop/settings", tag = "shop", request_body = ShopSettingsEdit,
    responses((status = 200, body = ShopSettings), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_settings(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiJson(edit): ApiJson<ShopSettingsEdit>,
) -> Result<Json<ShopSettings>, ApiError> {
    Ok(Json(state.app.shop().set_settings(&access, edit).await?))
}

/// The contact's Status & Marketing panel: shop accounts, order count, lifetime value.
#[utoipa::path(get, path = "/api/contacts/{id}/shop", tag = "shop",
    params(("id" = String, Path)),
    responses((status = 200, body = ShopStatus), (status = 404, body = ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ShopStatus>, ApiError> {
    let contact = ContactId::from_raw(id);
    Ok(Json(state.app.shop().status(&access, &contact).await?))
}

/// The contact's orders, newest first.
#[utoipa::path(get, path = "/api/contacts/{id}/orders", tag = "shop",
    params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<OrderView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn orders(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<OrderView>>, ApiError> {
    let contact = ContactId::from_raw(id);
    Ok(Json(
        state
            .app
            .shop()
            .orders(&access, &contact, params.cursor)
            .await?,
    ))
}

/// Sync with Magento: reloads the contact's shop accounts, orders and carts now. 502 when the
/// shop does not answer, 409 when no shop is connected.
#[utoipa::path(post, path = "/api/contacts/{id}/shop/sync", tag = "shop",
    params(("id" = String, Path)),
    responses((status = 200, body = ShopStatus), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
pub async fn sync_contact(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ShopStatus>, ApiError> {
    let contact = ContactId::from_raw(id);
    Ok(Json(
        state.app.shop().sync_contact(&access, &contact).await?,
    ))
}

/// Sets, changes or clears (`null`) the order id linked to a call: its author and admins
/// only (403 for others); a change puts it back to Pending.
#[utoipa::path(put, path = "/api/interactions/{id}/linked-order", tag = "shop",
    params(("id" = String, Path)), request_body = LinkOrderRequest,
    responses((status = 200, body = InteractionView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn link_order(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<LinkOrderRequest>,
) -> Result<Json<InteractionView>, ApiError> {
    let id = InteractionId::from_raw(id);
    Ok(Json(
        state
            .app
            .interactions()
            .link_order(&access, &id, request)
            .await?,
    ))
}

/// Run now of the hourly sync (admins): what changed in the shop since the last sync.
#[utoipa::path(post, path = "/api/shop/sync", tag = "shop",
    responses((status = 200, body = SyncCounts), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
pub async fn sync(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> Result<Json<SyncCounts>, ApiError> {
    Ok(Json(state.app.shop().sync().await?))
}

/// What the nightly validation did, as Run now answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NightlyRun {
    pub sync: SyncCounts,
    /// Why the sync failed (then nothing was checked and every link stayed Pending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_error: Option<String>,
    pub checked: u32,
    pub valid: u32,
    pub invalid: u32,
    pub left_pending: u32,
}

impl From<NightlyReport> for NightlyRun {
    fn from(report: NightlyReport) -> Self {
        let v = report.validation.unwrap_or_default();
        NightlyRun {
            sync: report.sync,
            sync_error: report.sync_error,
            checked: v.checked,
            valid: v.valid,
            invalid: v.invalid,
            left_pending: v.left_pending,
        }
    }
}

/// Run now of the nightly validation (admins): the sync, then every linked order whose
/// window has closed.
#[utoipa::path(post, path = "/api/shop/validation", tag = "shop",
    responses((status = 200, body = NightlyRun), (status = 403, body = ErrorBody)))]
pub async fn validate(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> Result<Json<NightlyRun>, ApiError> {
    let report = state.app.shop().nightly(Timestamp::now()).await?;
    Ok(Json(report.into()))
}

/// The report's days, `YYYY-MM-DD`, New York time, both included (at most 92).
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportRange {
    pub from: String,
    pub to: String,
}

/// The Linked orders report (managers and admins): per advisor and day, valid orders and
/// their total, pending ones, and invalid ones by reason.
#[utoipa::path(get, path = "/api/reports/linked-orders", tag = "shop", params(ReportRange),
    responses((status = 200, body = LinkedOrdersReport), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiQuery(range): ApiQuery<ReportRange>,
) -> Result<Json<LinkedOrdersReport>, ApiError> {
    Ok(Json(
        state
            .app
            .shop()
            .report(&access, &range.from, &range.to)
            .await?,
    ))
}

/// The same report as CSV, one row per advisor and day.
#[utoipa::path(get, path = "/api/reports/linked-orders.csv", tag = "shop", params(ReportRange),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn report_csv(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiQuery(range): ApiQuery<ReportRange>,
) -> Result<impl IntoResponse, ApiError> {
    let report = state
        .app
        .shop()
        .report(&access, &range.from, &range.to)
        .await?;
    let file = format!(
        "attachment; filename=\"linked-orders-{}-to-{}.csv\"",
        report.from, report.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        csv(&report),
    ))
}

/// A CSV field: quoted, quotes doubled, and a leading formula character defused.
fn field(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

fn csv(report: &LinkedOrdersReport) -> String {
    let mut out = String::from("day,advisor,valid,valid_total,pending,invalid,invalid_reasons\r\n");
    for row in &report.rows {
        let reasons = row
            .invalid_by_reason
            .iter()
            .map(|r| format!("{} {}", r.reason, r.count))
            .collect::<Vec<_>>()
            .join("; ");
        out.push_str(&format!(
            "{},{},{},{}.{:02},{},{},{}\r\n",
            row.day,
            field(&row.advisor_name),
            row.valid,
            row.valid_total_cents / 100,
            (row.valid_total_cents % 100).abs(),
            row.pending,
            row.invalid,
            field(&reasons)
        ));
    }
    out
}
