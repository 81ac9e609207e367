//! What the shop sync and the order validation read from: a Magento 2 shop's customers and
//! orders, as its REST API returns them (decoded here, in the core, so a malformed row is
//! reported rather than fatal). The adapter over HTTP lives in `worklane-sources-http`.

use async_trait::async_trait;

use crate::imports::ports::{Position, RawRecord, SourceError};

/// The most rows one page of a shop search asks for.
pub const SHOP_PAGE: usize = 100;

/// Reads one shop's customers and orders.
#[async_trait]
pub trait ShopReader: Send + Sync {
    /// At most `limit` customers (`GET /V1/customers/search`) updated after `after`, oldest
    /// `updated_at` first, ties by `id`; each with the position just after it.
    async fn customers_after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError>;

    /// At most `limit` orders (`GET /V1/orders`, lines and status history included) updated
    /// after `after`, oldest `updated_at` first, ties by `entity_id`.
    async fn orders_after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError>;

    /// The shop's customers with this email (one per website).
    async fn customers_with_email(
        &self,
        email: &str,
    ) -> Result<Vec<serde_json::Value>, SourceError>;

    /// The orders placed with this customer email, newest first, at most `limit`.
    async fn orders_with_email(
        &self,
        email: &str,
        limit: usize,
    ) -> Result<Vec<serde_json::Value>, SourceError>;

    /// The order people know by this number (`increment_id`, found by search: `GET
    /// /V1/orders/{id}` takes the internal `entity_id`); none if the shop has no such order.
    async fn order_numbered(
        &self,
        increment_id: &str,
    ) -> Result<Option<serde_json::Value>, SourceError>;
}
