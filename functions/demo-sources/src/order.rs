//! A Magento 2.4 order (`sales-data-order-interface`) and how the REST API writes it: its
//! lines, totals and status history, which moves on as planned when the order is placed.

use serde_json::{Value, json};

use crate::catalog::Product;
use crate::clock::magento;
use crate::people::Person;
use crate::search_criteria::{FieldValue, Searchable};

/// Shipping on an order below [`FREE_SHIPPING_FROM`], in US dollars.
const SHIPPING: f64 = 5.0;
const FREE_SHIPPING_FROM: f64 = 50.0;

/// The comment Magento's `LoginAsCustomerSales` module writes on an order placed in the admin
/// panel.
pub(crate) fn admin_panel_comment(advisor: &str) -> String {
    format!("Order Placed by {advisor} using Admin Panel")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    Processing,
    Complete,
    Canceled,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Processing => "processing",
            Status::Complete => "complete",
            Status::Canceled => "canceled",
        }
    }

    pub fn state(self) -> &'static str {
        match self {
            Status::Pending => "new",
            other => other.code(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "Pending",
            Status::Processing => "Processing",
            Status::Complete => "Complete",
            Status::Canceled => "Canceled",
        }
    }
}

/// A status history entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub id: u64,
    pub at: i64,
    pub status: Status,
    pub comment: Option<String>,
}

/// A product line of an order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderLine {
    pub item_id: u64,
    pub product: &'static Product,
    pub qty: u32,
}

impl OrderLine {
    pub fn row_total(&self) -> f64 {
        cents(self.product.price * f64::from(self.qty))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Order {
    pub entity_id: u64,
    /// The number people see, kept a string: `"006046401"`.
    pub increment_id: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The buyer; `customer_id` none for a guest.
    pub person: Person,
    pub status: Status,
    pub lines: Vec<OrderLine>,
    /// What has happened, oldest first.
    pub history: Vec<Entry>,
    /// What will happen, oldest first.
    pub planned: Vec<Entry>,
    /// The advisor who placed it in the admin panel; none for a storefront order.
    pub placed_by: Option<String>,
    /// The shop's custom `created_by` attribute, on some orders.
    pub created_by: Option<String>,
    /// The cart it converted, if any.
    pub quote_id: Option<u64>,
}

/// `amount` rounded to whole cents.
fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

impl Order {
    pub fn subtotal(&self) -> f64 {
        cents(self.lines.iter().map(OrderLine::row_total).sum())
    }

    pub fn shipping(&self) -> f64 {
        if self.subtotal() >= FREE_SHIPPING_FROM {
            0.0
        } else {
            SHIPPING
        }
    }

    pub fn grand_total(&self) -> f64 {
        cents(self.subtotal() + self.shipping())
    }

    fn total_qty(&self) -> u32 {
        self.lines.iter().map(|line| line.qty).sum()
    }

    /// Takes the planned steps due by `now`.
    pub fn advance(&mut self, now: i64) {
        let due = self.planned.iter().take_while(|e| e.at <= now).count();
        for entry in self.planned.drain(..due) {
            self.status = entry.status;
            self.updated_at = entry.at;
            self.history.push(entry);
        }
    }

    /// The order as `GET /V1/orders/{id}` answers it.
    pub fn to_json(&self) -> Value {
        let person = &self.person;
        let name = |part: &str| (!part.is_empty()).then(|| part.to_string());
        let items: Vec<Value> = self.lines.iter().map(|l| self.line_json(l)).collect();
        // Magento lists the history newest first.
        let histories: Vec<Value> = self
            .history
            .iter()
            .rev()
            .map(|entry| {
                json!({
                    "entity_id": entry.id,
                    "parent_id": self.entity_id,
                    "entity_name": "order",
                    "comment": entry.comment,
                    "created_at": magento(entry.at),
                    "status": entry.status.code(),
                    "is_customer_notified": 0,
                    "is_visible_on_front": 0
                })
            })
            .collect();
        let mut extension = serde_json::Map::new();
        if let Some(by) = &self.created_by {
            extension.insert("created_by".into(), json!(by));
        }
        json!({
            "entity_id": self.entity_id,
            "increment_id": self.increment_id,
            "created_at": magento(self.created_at),
            "updated_at": magento(self.updated_at),
            "customer_email": person.email,
            "customer_id": person.customer_id,
            "customer_firstname": name(&person.first_name),
            "customer_lastname": name(&person.last_name),
            "customer_is_guest": u8::from(person.customer_id.is_none()),
            "customer_group_id": if person.customer_id.is_some() { 1 } else { 0 },
            "status": self.status.code(),
            "state": self.status.state(),
            "subtotal": self.subtotal(),
            "base_subtotal": self.subtotal(),
            "shipping_amount": self.shipping(),
            "grand_total": self.grand_total(),
            "base_grand_total": self.grand_total(),
            "total_qty_ordered": self.total_qty(),
            "total_item_count": self.lines.len(),
            "order_currency_code": "USD",
            "base_currency_code": "USD",
            "store_id": 1,
            "quote_id": self.quote_id,
            "billing_address": {
                "address_type": "billing",
                "email": person.email,
                "firstname": name(&person.first_name),
                "lastname": name(&person.last_name),
                "telephone": person.phone,
                "country_id": "US",
                "parent_id": self.entity_id
            },
            "payment": { "method": "checkmo", "amount_ordered": self.grand_total() },
            "items": items,
            "status_histories": histories,
            "extension_attributes": extension
        })
    }

    fn line_json(&self, line: &OrderLine) -> Value {
        let product = line.product;
        let done = |status: Status| {
            if self.history.iter().any(|e| e.status == status) {
                line.qty
            } else {
                0
            }
        };
        json!({
            "item_id": line.item_id,
            "order_id": self.entity_id,
            "parent_item_id": null,
            "sku": product.sku,
            "name": product.name,
            "product_type": "simple",
            "qty_ordered": line.qty,
            "qty_invoiced": done(Status::Processing),
            "qty_shipped": done(Status::Complete),
            "qty_canceled": done(Status::Canceled),
            "price": product.price,
            "base_price": product.price,
            "original_price": product.price,
            "row_total": line.row_total(),
            "base_row_total": line.row_total(),
            "created_at": magento(self.created_at),
            "updated_at": magento(self.updated_at),
            "store_id": 1
        })
    }
}

impl Searchable for Order {
    const FIELDS: &'static [&'static str] = &[
        "entity_id",
        "id",
        "increment_id",
        "created_at",
        "updated_at",
        "customer_email",
        "customer_id",
        "customer_firstname",
        "customer_lastname",
        "status",
        "state",
        "grand_total",
        "subtotal",
        "quote_id",
        "store_id",
    ];

    fn field(&self, name: &str) -> FieldValue {
        let text = |value: &str| FieldValue::Text(value.to_string());
        let number =
            |value: Option<u64>| value.map_or(FieldValue::Null, |n| FieldValue::Number(n as f64));
        match name {
            "entity_id" | "id" => FieldValue::Number(self.entity_id as f64),
            "increment_id" => text(&self.increment_id),
            "created_at" => FieldValue::Text(magento(self.created_at)),
            "updated_at" => FieldValue::Text(magento(self.updated_at)),
            "customer_email" => text(&self.person.email),
            "customer_id" => number(self.person.customer_id),
            "customer_firstname" => text(&self.person.first_name),
            "customer_lastname" => text(&self.person.last_name),
            "status" => text(self.status.code()),
            "state" => text(self.status.state()),
            "grand_total" => FieldValue::Number(self.grand_total()),
            "subtotal" => FieldValue::Number(self.subtotal()),
            "quote_id" => number(self.quote_id),
            "store_id" => FieldValue::Number(1.0),
            _ => FieldValue::Null,
        }
    }

    fn id(&self) -> u64 {
        self.entity_id
    }
}
