//! Magento's customers and orders as the REST API sends them, read into records. A row that
//! cannot be read says why; it never stops the rows after it.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use worklane_domain::{Email, OrderLine, PersonName, Timestamp};

use super::records::OrderRecord;

/// Magento's date form: `YYYY-MM-DD HH:MM:SS`, always UTC.
pub(crate) fn shop_time(raw: &str) -> Result<Timestamp, String> {
    jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", raw.trim())
        .ok()
        .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| format!("\"{raw}\" is not a shop date (YYYY-MM-DD HH:MM:SS)"))
}

/// A shop customer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Customer {
    pub id: u64,
    pub email: Email,
    pub name: PersonName,
    pub phone: Option<worklane_domain::Phone>,
    pub created_at: Timestamp,
}

#[derive(Deserialize)]
struct RawCustomer {
    id: u64,
    email: String,
    #[serde(default)]
    firstname: Option<String>,
    #[serde(default)]
    lastname: Option<String>,
    created_at: String,
    #[serde(default)]
    addresses: Vec<RawAddress>,
}

#[derive(Deserialize)]
struct RawAddress {
    #[serde(default)]
    telephone: Option<String>,
}

pub(crate) fn customer(body: &Value) -> Result<Customer, String> {
    let raw: RawCustomer = serde_json::from_value(body.clone())
        .map_err(|e| format!("the customer could not be read: {e}"))?;
    let email = Email::parse(&raw.email).map_err(|why| format!("customer {}: {why}", raw.id))?;
    let full = [raw.firstname.as_deref(), raw.lastname.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = PersonName::parse(&full)
        .or_else(|_| PersonName::parse(email.as_str()))
        .map_err(|why| format!("customer {}: {why}", raw.id))?;
    let phone = raw
        .addresses
        .iter()
        .filter_map(|a| a.telephone.as_deref())
        .find_map(|t| worklane_domain::Phone::parse(t).ok());
    Ok(Customer {
        id: raw.id,
        email,
        name,
        phone,
        created_at: shop_time(&raw.created_at)?,
    })
}

#[derive(Deserialize)]
struct RawOrder {
    entity_id: u64,
    increment_id: Value,
    created_at: String,
    updated_at: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    grand_total: Option<f64>,
    #[serde(default)]
    order_currency_code: Option<String>,
    #[serde(default)]
    customer_email: Option<String>,
    #[serde(default)]
    customer_id: Option<u64>,
    #[serde(default)]
    items: Vec<RawLine>,
    #[serde(default)]
    status_histories: Vec<RawHistory>,
}

#[derive(Deserialize)]
struct RawLine {
    #[serde(default)]
    sku: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    qty_ordered: Option<f64>,
    #[serde(default)]
    price: Option<f64>,
    #[serde(default)]
    row_total: Option<f64>,
    #[serde(default)]
    parent_item_id: Option<Value>,
}

#[derive(Deserialize)]
struct RawHistory {
    #[serde(default)]
    comment: Option<String>,
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round().clamp(-1e15, 1e15) as i64
}

/// The name in Magento's admin-panel comment, `Order Placed by {First} {Last} using Admin
/// Panel` (or `… using Login as Customer`).
pub(crate) fn placed_by(comment: &str) -> Option<String> {
    let rest = comment.trim().strip_prefix("Order Placed by ")?;
    let name = rest
        .strip_suffix(" using Admin Panel")
        .or_else(|| rest.strip_suffix(" using Login as Customer"))?
        .trim();
    (!name.is_empty() && name.chars().count() <= 200).then(|| name.to_string())
}

/// Short text values of the order's own fields and its `extension_attributes`.
fn attributes(body: &Value) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut take = |map: &serde_json::Map<String, Value>| {
        for (key, value) in map {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if text.chars().count() <= 200 && found.len() < 100 {
                found.insert(key.clone(), text);
            }
        }
    };
    if let Some(extension) = body.get("extension_attributes").and_then(Value::as_object) {
        take(extension);
    }
    if let Some(top) = body.as_object() {
        take(top);
    }
    found
}

pub(crate) fn order(body: &Value) -> Result<OrderRecord, String> {
    let raw: RawOrder = serde_json::from_value(body.clone())
        .map_err(|e| format!("the order could not be read: {e}"))?;
    let increment_id = match &raw.increment_id {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    worklane_domain::parse_order_id(&increment_id)
        .map_err(|why| format!("order {}: {why}", raw.entity_id))?;
    let lines = raw
        .items
        .iter()
        .filter(|l| l.parent_item_id.as_ref().is_none_or(Value::is_null))
        .map(|l| OrderLine {
            sku: l.sku.clone(),
            name: l.name.clone().unwrap_or_else(|| l.sku.clone()),
            qty: l.qty_ordered.unwrap_or(0.0).round().clamp(0.0, 1e6) as u32,
            price_cents: cents(l.price.unwrap_or(0.0)),
            row_total_cents: cents(l.row_total.unwrap_or(0.0)),
        })
        .collect();
    Ok(OrderRecord {
        increment_id,
        entity_id: raw.entity_id,
        created_at: shop_time(&raw.created_at)?,
        updated_at: raw.updated_at,
        status: raw.status.unwrap_or_default(),
        total_cents: cents(raw.grand_total.unwrap_or(0.0)),
        currency: raw.order_currency_code.unwrap_or_else(|| "USD".into()),
        customer_email: raw
            .customer_email
            .map(|e| e.trim().to_lowercase())
            .unwrap_or_default(),
        customer_id: raw.customer_id,
        contact_id: None,
        lines,
        placed_by_comment: raw
            .status_histories
            .iter()
            .filter_map(|h| h.comment.as_deref())
            .find_map(placed_by),
        attributes: attributes(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_admin_panel_comment_names_the_advisor() {
        assert_eq!(
            placed_by("Order Placed by Sam Rivera using Admin Panel").as_deref(),
            Some("Sam Rivera")
        );
        assert_eq!(
            placed_by("Order Placed by Sam Rivera using Login as Customer").as_deref(),
            Some("Sam Rivera")
        );
        assert_eq!(placed_by("Customer called back"), None);
    }

    #[test]
    fn an_order_keeps_its_number_a_string_and_only_top_lines() {
        let order = order(&json!({
            "entity_id": 7, "increment_id": "000000123",
            "created_at": "2026-03-08 06:30:00", "updated_at": "2026-03-08 06:31:00",
            "status": "processing", "grand_total": 59.9, "order_currency_code": "USD",
            "customer_email": "Jane@Example.com", "customer_id": 3,
            "items": [
                {"sku": "BUNDLE", "name": "Bundle", "qty_ordered": 1, "price": 59.9, "row_total": 59.9, "parent_item_id": null},
                {"sku": "PART", "name": "Part", "qty_ordered": 1, "price": 0, "row_total": 0, "parent_item_id": 11}
            ],
            "status_histories": [{"comment": "Order Placed by Sam Rivera using Admin Panel"}],
            "extension_attributes": {"created_by": "Sam Rivera"}
        }))
        .unwrap();
        assert_eq!(order.increment_id, "000000123");
        assert_eq!(order.total_cents, 5990);
        assert_eq!(order.lines.len(), 1);
        assert_eq!(order.customer_email, "jane@example.com");
        assert_eq!(order.placed_by_comment.as_deref(), Some("Sam Rivera"));
        assert_eq!(
            order.attributes.get("created_by").map(String::as_str),
            Some("Sam Rivera")
        );
        assert_eq!(order.created_at.to_string(), "2026-03-08T06:30:00Z");
    }

    #[test]
    fn an_order_without_a_readable_date_says_so() {
        let err = order(&json!({"entity_id": 1, "increment_id": "1", "created_at": "yesterday", "updated_at": "x"}))
            .unwrap_err();
        assert!(err.contains("yesterday"), "{err}");
    }
}
