//! What an imported work item carries for the rep to resolve it: its Reference tab.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The Reference of an imported item, by its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkItemReference {
    BodyTypeQuiz(QuizReference),
    HealthEvaluationQuiz(HealthReference),
    FaqRequest(FaqReference),
    AbandonedCart(CartReference),
}

/// A label and what the person typed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Detail {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizAnswer {
    pub question: String,
    pub answer: String,
}

/// A Body Type Quiz result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizReference {
    /// The address the quiz was taken with.
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub taken_at: Timestamp,
    /// The body type the quiz found.
    pub result: String,
    /// The video explaining the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_video_url: Option<String>,
    pub answers: Vec<QuizAnswer>,
    /// What the person submitted about themselves.
    pub details: Vec<Detail>,
}

/// A health aspect's rating, 0 (poor) to 10 (excellent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthRating {
    pub aspect: String,
    pub score: u8,
}

/// A product in the shop, linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductLink {
    pub sku: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A symptom the person reported, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Symptom {
    pub name: String,
    pub explanation: String,
    pub cause: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductLink>,
}

/// A Health Evaluation Quiz result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReference {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub taken_at: Timestamp,
    pub details: Vec<Detail>,
    pub ratings: Vec<HealthRating>,
    pub disclaimer: String,
    pub symptoms: Vec<Symptom>,
}

/// Where an FAQ request stands for the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FaqState {
    /// Waiting for an admin to answer it in the knowledge base.
    Waiting,
}

/// A question asked on the website's FAQ page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqReference {
    /// The name the person gave.
    pub asked_by: String,
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub asked_at: Timestamp,
    pub question: String,
    #[serde(flatten)]
    pub state: FaqState,
}

/// A line of a cart. Amounts are in the cart's currency, in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub price_cents: i64,
    pub subtotal_cents: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_url: Option<String>,
}

/// A Magento cart, as last loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartReference {
    /// The cart's (quote's) id in the shop.
    pub cart_id: String,
    /// The shop account's customer id (none for a guest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    pub email: String,
    /// Distinct products.
    pub items_count: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub updated_at: Timestamp,
    pub lines: Vec<CartLine>,
    pub total_cents: i64,
    /// ISO 4217, e.g. USD.
    pub currency: String,
    /// When Worklane last read the cart from the shop.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub loaded_at: Timestamp,
    /// The cart in the shop's admin panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_url: Option<String>,
    /// The order the cart became, by the number customers see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered_as: Option<String>,
    /// Whether the cart is still open in the shop (not ordered, not emptied).
    pub active: bool,
}

impl WorkItemReference {
    /// The address the record came with.
    pub fn email(&self) -> &str {
        match self {
            WorkItemReference::BodyTypeQuiz(q) => &q.email,
            WorkItemReference::HealthEvaluationQuiz(h) => &h.email,
            WorkItemReference::FaqRequest(f) => &f.email,
            WorkItemReference::AbandonedCart(c) => &c.email,
        }
    }
}

/// "$12.50" style amounts for cents in a currency.
pub fn format_money(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let amount = format!("{}.{:02}", cents / 100, cents % 100);
    match currency {
        "USD" => format!("{sign}${amount}"),
        "EUR" => format!("{sign}€{amount}"),
        "GBP" => format!("{sign}£{amount}"),
        other => format!("{sign}{amount} {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_its_currency_and_two_decimals() {
        assert_eq!(format_money(1250, "USD"), "$12.50");
        assert_eq!(format_money(-5, "EUR"), "-€0.05");
        assert_eq!(format_money(100_000, "CHF"), "1000.00 CHF");
    }
}
