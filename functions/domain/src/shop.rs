//! The Magento shop as the CRM shows it: a contact's shop accounts and orders (the Status &
//! Marketing panel), the shop's settings, and the order an advisor links to a call with the
//! nightly verdict on it.

use serde::{Deserialize, Serialize};

use crate::{ContactId, FieldErrors, InteractionId, Timestamp, UserId};

mod link;
mod report;

pub use link::*;
pub use report::*;

/// How an order names the advisor who placed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attribution {
    /// The status-history comment Magento writes for an order placed in its admin panel,
    /// "Order Placed by {First} {Last} using Admin Panel", matched to the Worklane user of
    /// that name.
    #[default]
    AdminPanelComment,
    /// A custom order attribute (top level or under `extension_attributes`) holding the
    /// advisor's name, email or Worklane user id.
    Attribute { name: String },
}

/// The shop's settings beyond its connection (which Admin → Imports keeps with the abandoned
/// carts): where links into the shop point, and how orders name their advisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopSettings {
    /// An order's page in the shop's admin; `{entity_id}` and `{increment_id}` are filled in.
    pub order_url: String,
    /// A customer's page in the shop's admin; `{customer_id}` is filled in.
    pub customer_url: String,
    /// The storefront's home, for links customers could open too.
    pub storefront_url: String,
    pub attribution: Attribution,
    pub version: u64,
}

/// An admin's change of the shop settings, made on `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopSettingsEdit {
    pub order_url: String,
    pub customer_url: String,
    pub storefront_url: String,
    pub attribution: Attribution,
    pub version: u64,
}

/// The longest link pattern.
pub const MAX_PATTERN: usize = 500;
/// The longest order attribute name.
pub const MAX_ATTRIBUTE: usize = 100;

impl ShopSettingsEdit {
    pub fn validate(&self) -> Result<ShopSettingsEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut pattern = |field: &str, raw: &str, placeholders: &[&str]| -> String {
            let text = raw.trim();
            if text.is_empty() {
                return String::new();
            }
            if let Err(why) = crate::parse_url(text) {
                errors.add(field, why);
            } else if text.chars().count() > MAX_PATTERN {
                errors.add(
                    field,
                    format!("a link has at most {MAX_PATTERN} characters"),
                );
            } else if !placeholders.is_empty() && !placeholders.iter().any(|p| text.contains(p)) {
                errors.add(
                    field,
                    format!(
                        "the link needs {} to point at one record",
                        placeholders.join(" or ")
                    ),
                );
            }
            text.to_string()
        };
        let order_url = pattern(
            "order_url",
            &self.order_url,
            &["{entity_id}", "{increment_id}"],
        );
        let customer_url = pattern("customer_url", &self.customer_url, &["{customer_id}"]);
        let storefront_url = pattern("storefront_url", &self.storefront_url, &[]);
        let attribution = match &self.attribution {
            Attribution::Attribute { name } => {
                let name = name.trim();
                let ok = !name.is_empty()
                    && name.len() <= MAX_ATTRIBUTE
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ok {
                    errors.add(
                        "attribution",
                        format!(
                            "name the order attribute: letters, digits and underscores, at most {MAX_ATTRIBUTE}"
                        ),
                    );
                }
                Attribution::Attribute { name: name.into() }
            }
            Attribution::AdminPanelComment => Attribution::AdminPanelComment,
        };
        errors.finish(|| {
            Some(ShopSettingsEdit {
                order_url,
                customer_url,
                storefront_url,
                attribution,
                version: self.version,
            })
        })
    }
}

/// Fills `{name}` placeholders of a link pattern; none when the pattern is empty.
pub fn fill_pattern(pattern: &str, values: &[(&str, &str)]) -> Option<String> {
    if pattern.trim().is_empty() {
        return None;
    }
    let mut url = pattern.to_string();
    for (name, value) in values {
        url = url.replace(&format!("{{{name}}}"), &percent_encode(value));
    }
    Some(url)
}

/// Keeps a value to the characters safe in a URL path segment.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A shop account linked to a contact (by its email).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopAccount {
    pub customer_id: u64,
    pub email: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    /// The customer's page in the shop's admin, when the settings say where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_url: Option<String>,
}

/// A line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub sku: String,
    pub name: String,
    pub qty: u32,
    pub price_cents: i64,
    pub row_total_cents: i64,
}

/// An order as the contact page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// The number customers and reps see (kept a string: leading zeros, prefixes).
    pub increment_id: String,
    pub entity_id: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    pub status: String,
    pub total_cents: i64,
    pub currency: String,
    pub customer_email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    pub lines: Vec<OrderLine>,
    /// Who placed it, as the shop records it (none for a storefront order or no record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The order's page in the shop's admin, when the settings say where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_url: Option<String>,
}

/// The Status & Marketing panel of a contact: their shop accounts and what they ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopStatus {
    pub contact_id: ContactId,
    pub accounts: Vec<ShopAccount>,
    pub orders_count: u32,
    /// The total of the orders not canceled, in cents.
    pub lifetime_cents: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub last_order_at: Option<Timestamp>,
    /// When Sync with Magento last reloaded this contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub synced_at: Option<Timestamp>,
    /// Whether a shop is connected at all.
    pub shop_connected: bool,
}

/// What a shop sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncCounts {
    pub customers: u32,
    pub orders: u32,
    pub contacts_created: u32,
    pub became_customers: u32,
    /// Rows that could not be read, each logged.
    pub skipped: u32,
}

/// A call another call shares its linked order with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedCall {
    pub interaction_id: InteractionId,
    pub contact_id: ContactId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_is_filled_with_encoded_values() {
        assert_eq!(
            fill_pattern(
                "https://shop.test/admin/sales/order/view/order_id/{entity_id}/",
                &[("entity_id", "42")]
            )
            .as_deref(),
            Some("https://shop.test/admin/sales/order/view/order_id/42/")
        );
        assert_eq!(
            fill_pattern(
                "https://s.test/o/{increment_id}",
                &[("increment_id", "US 1/2")]
            )
            .as_deref(),
            Some("https://s.test/o/US%201%2F2")
        );
        assert_eq!(fill_pattern("  ", &[]), None);
    }

    #[test]
    fn settings_need_a_placeholder_and_a_sane_attribute() {
        let edit = ShopSettingsEdit {
            order_url: "https://shop.test/admin/order".into(),
            customer_url: "ftp://x".into(),
            storefront_url: String::new(),
            attribution: Attribution::Attribute {
                name: "created by".into(),
            },
            version: 0,
        };
        let errors = edit.validate().unwrap_err();
        for field in ["order_url", "customer_url", "attribution"] {
            assert!(
                errors.for_field(field).is_some(),
                "{field} should be refused"
            );
        }
    }
}
