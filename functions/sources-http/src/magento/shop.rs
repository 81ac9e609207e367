//! A Magento 2.4 shop's customers and orders over REST, for the shop sync and the order
//! validation: both searched by `updated_at` from a cursor, customers by email, orders by the
//! customer's email and by the number people know them by (`increment_id`).

use async_trait::async_trait;
use serde_json::Value;
use worklane_core::imports::ports::{Position, RawRecord, SourceError};
use worklane_core::shop::ports::{SHOP_PAGE, ShopReader};

use super::search::{Api, CUSTOMERS, Collection, Filter, MAX_PAGE_SIZE, ORDERS, Sort};

pub struct Shop {
    api: Api,
}

impl Shop {
    pub fn new(mut api: Api) -> Self {
        api.page_size = SHOP_PAGE.clamp(1, MAX_PAGE_SIZE);
        Self { api }
    }

    /// The first `limit` rows whose `field` is `email`, in the order `sorts` say.
    async fn with_email(
        &self,
        collection: &Collection,
        field: &str,
        email: &str,
        sorts: &[Sort<'_>],
        limit: usize,
    ) -> Result<Vec<Value>, SourceError> {
        let email = email.trim();
        if email.is_empty() {
            return Ok(Vec::new());
        }
        let filters = [Filter::new(field, "eq", email)];
        let rows = self.api.first(collection, &filters, sorts, limit).await?;
        Ok(rows
            .into_iter()
            .filter(|row| has(row, field, email))
            .collect())
    }
}

/// Whether a row's `field` is `value`, letter case aside (as Magento's database compares it):
/// a shop that ignored the filter must not hand one person another's records.
fn has(row: &Value, field: &str, value: &str) -> bool {
    row.get(field)
        .and_then(Value::as_str)
        .is_some_and(|found| found.trim().to_lowercase() == value.to_lowercase())
}

#[async_trait]
impl ShopReader for Shop {
    async fn customers_after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.api.updated_after(&CUSTOMERS, after, &[], limit).await
    }

    async fn orders_after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.api.updated_after(&ORDERS, after, &[], limit).await
    }

    async fn customers_with_email(&self, email: &str) -> Result<Vec<Value>, SourceError> {
        let sorts = [(CUSTOMERS.id_sort, "ASC")];
        self.with_email(&CUSTOMERS, "email", email, &sorts, SHOP_PAGE)
            .await
    }

    async fn orders_with_email(
        &self,
        email: &str,
        limit: usize,
    ) -> Result<Vec<Value>, SourceError> {
        let sorts = [("created_at", "DESC"), (ORDERS.id_sort, "DESC")];
        self.with_email(&ORDERS, "customer_email", email, &sorts, limit)
            .await
    }

    async fn order_numbered(&self, increment_id: &str) -> Result<Option<Value>, SourceError> {
        // A string throughout: "000000123" is not "123".
        let number = increment_id.trim();
        if number.is_empty() {
            return Ok(None);
        }
        let rows = self
            .api
            .first(
                &ORDERS,
                &[Filter::new("increment_id", "eq", number)],
                &[(ORDERS.id_sort, "ASC")],
                1,
            )
            .await?;
        Ok(rows
            .into_iter()
            .find(|row| row.get("increment_id").and_then(Value::as_str) == Some(number)))
    }
}
