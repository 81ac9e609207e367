//! A Magento 2.4 cart (`quote-data-cart-interface`) and how the REST API writes it.

use serde_json::{Value, json};

use crate::catalog::Product;
use crate::clock::magento;
use crate::people::Person;
use crate::search_criteria::{FieldValue, Searchable};

/// A product line in a cart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub item_id: u64,
    pub product: &'static Product,
    pub qty: u32,
}

/// A cart (a quote, in Magento's words).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cart {
    pub id: u64,
    pub created_at: i64,
    pub updated_at: i64,
    pub active: bool,
    /// The shopper; `customer_id` none for a guest.
    pub person: Person,
    /// Set when the cart became an order.
    pub reserved_order_id: Option<String>,
    /// Kept when the cart becomes an order, but then no longer shown.
    pub lines: Vec<Line>,
}

impl Cart {
    fn items_count(&self) -> usize {
        self.lines.len()
    }

    fn items_qty(&self) -> u32 {
        self.lines.iter().map(|line| line.qty).sum()
    }

    /// The cart as `GET /V1/carts/{id}` answers it, its lines' pictures and pages in the shop
    /// at `shop_url`.
    pub fn to_json(&self, shop_url: &str) -> Value {
        let person = &self.person;
        let customer = match person.customer_id {
            Some(id) => json!({
                "id": id,
                "group_id": 1,
                "email": person.email,
                "firstname": person.first_name,
                "lastname": person.last_name,
                "store_id": 1,
                "website_id": 1,
            }),
            None => json!({ "firstname": null, "lastname": null }),
        };
        // Magento returns the lines only while the cart is active.
        let items: Vec<Value> = if self.active {
            self.lines
                .iter()
                .map(|line| self.line_json(line, shop_url))
                .collect()
        } else {
            Vec::new()
        };
        let mut cart = json!({
            "id": self.id,
            "created_at": magento(self.created_at),
            "updated_at": magento(self.updated_at),
            "is_active": self.active,
            "is_virtual": false,
            "items": items,
            "items_count": self.items_count(),
            "items_qty": self.items_qty(),
            "customer": customer,
            "billing_address": {
                "id": self.id + 3000,
                "region": null,
                "region_id": null,
                "region_code": null,
                "country_id": "US",
                "street": [""],
                "telephone": person.phone,
                "postcode": null,
                "city": null,
                "firstname": person.first_name,
                "lastname": person.last_name,
                "email": person.email,
                "same_as_billing": 0,
                "save_in_address_book": 0
            },
            "orig_order_id": 0,
            "currency": {
                "global_currency_code": "USD",
                "base_currency_code": "USD",
                "store_currency_code": "USD",
                "quote_currency_code": "USD",
                "store_to_base_rate": 0,
                "store_to_quote_rate": 0,
                "base_to_global_rate": 1,
                "base_to_quote_rate": 1
            },
            "customer_is_guest": person.customer_id.is_none(),
            "customer_note_notify": true,
            "customer_tax_class_id": 3,
            "store_id": 1,
            "extension_attributes": { "shipping_assignments": [] }
        });
        if let (Some(order), Some(fields)) = (&self.reserved_order_id, cart.as_object_mut()) {
            fields.insert("reserved_order_id".into(), json!(order));
        }
        cart
    }

    fn line_json(&self, line: &Line, shop_url: &str) -> Value {
        let product = line.product;
        json!({
            "item_id": line.item_id,
            "sku": product.sku,
            "qty": line.qty,
            "name": product.name,
            "price": product.price,
            "product_type": "simple",
            "quote_id": self.id.to_string(),
            "extension_attributes": {
                "image_url": product.image_url(shop_url),
                "product_url": product.url(shop_url),
            }
        })
    }
}

impl Searchable for Cart {
    const FIELDS: &'static [&'static str] = &[
        "entity_id",
        "id",
        "created_at",
        "updated_at",
        "is_active",
        "items_count",
        "items_qty",
        "customer_id",
        "customer_email",
        "reserved_order_id",
    ];

    fn field(&self, name: &str) -> FieldValue {
        match name {
            "entity_id" | "id" => FieldValue::Number(self.id as f64),
            "created_at" => FieldValue::Text(magento(self.created_at)),
            "updated_at" => FieldValue::Text(magento(self.updated_at)),
            "is_active" => FieldValue::Number(if self.active { 1.0 } else { 0.0 }),
            "items_count" => FieldValue::Number(self.items_count() as f64),
            "items_qty" => FieldValue::Number(f64::from(self.items_qty())),
            "customer_id" => match self.person.customer_id {
                Some(id) => FieldValue::Number(id as f64),
                None => FieldValue::Null,
            },
            "customer_email" => match self.person.customer_id {
                Some(_) => FieldValue::Text(self.person.email.clone()),
                None => FieldValue::Null,
            },
            "reserved_order_id" => match &self.reserved_order_id {
                Some(order) => FieldValue::Text(order.clone()),
                None => FieldValue::Null,
            },
            _ => FieldValue::Null,
        }
    }

    fn id(&self) -> u64 {
        self.id
    }
}
