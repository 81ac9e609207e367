//! The order an advisor links to a call, and the nightly verdict on it with everything it was
//! decided from.

use serde::{Deserialize, Serialize};

use super::SharedCall;
use crate::{FieldErrors, Timestamp, UserId};

/// Where a linked order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// Not checked yet: the window is open, or the night has not come.
    Pending,
    Valid,
    Invalid,
}

impl LinkState {
    pub fn label(self) -> &'static str {
        match self {
            LinkState::Pending => "Pending for validation",
            LinkState::Valid => "Valid",
            LinkState::Invalid => "Invalid",
        }
    }
}

/// Why a linked order is not the call's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkProblem {
    /// The shop has no order with that number.
    NoSuchOrder,
    /// The shop records no one as the order's creator (a storefront order, or no attribution).
    NoCreatorRecorded,
    /// The order names someone who is not a Worklane user.
    UnknownCreator { name: String },
    /// The order was placed by another user.
    OtherAdvisor { name: String, user: UserId },
    /// The order was placed outside [call start, call end + 2 hours].
    OutsideWindow,
    /// The same order number is linked to other calls too.
    SharedWithOtherCalls,
}

impl LinkProblem {
    /// The reason in words (the pop-up adds the figures).
    pub fn words(&self) -> String {
        match self {
            LinkProblem::NoSuchOrder => "No order with that number exists in the shop".into(),
            LinkProblem::NoCreatorRecorded => {
                "The shop records no creator for this order (placed on the storefront, or not attributed)"
                    .into()
            }
            LinkProblem::UnknownCreator { name } => {
                format!("The order was placed by {name}, who is not a Worklane user")
            }
            LinkProblem::OtherAdvisor { name, .. } => {
                format!("The order was placed by another rep: {name}")
            }
            LinkProblem::OutsideWindow => {
                "The order was placed outside the call's window (call start to call end + 2 hours)"
                    .into()
            }
            LinkProblem::SharedWithOtherCalls => {
                "The same order number is linked to other calls".into()
            }
        }
    }

    /// A short key for reports and filters.
    pub fn key(&self) -> &'static str {
        match self {
            LinkProblem::NoSuchOrder => "no_such_order",
            LinkProblem::NoCreatorRecorded => "no_creator_recorded",
            LinkProblem::UnknownCreator { .. } => "unknown_creator",
            LinkProblem::OtherAdvisor { .. } => "other_advisor",
            LinkProblem::OutsideWindow => "outside_window",
            LinkProblem::SharedWithOtherCalls => "shared_with_other_calls",
        }
    }
}

/// The order as the check saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckedOrder {
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
    /// The creator as the shop names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The Worklane user that name belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_user: Option<UserId>,
}

/// The verdict and everything it was decided from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCheck {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub checked_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub window_start: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub window_end: Timestamp,
    /// None when the shop has no such order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<CheckedOrder>,
    /// Other calls the same order number is linked to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_calls: Vec<SharedCall>,
    /// Empty when valid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<LinkProblem>,
}

/// The order linked to a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedOrder {
    /// The number the rep typed (the shop's `increment_id`).
    pub order_id: String,
    pub state: LinkState,
    /// The last check; none while it was never checked since the number was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<LinkCheck>,
    /// The order's page in the shop's admin, once the check found it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_url: Option<String>,
}

/// Setting, changing or clearing (`null`) a call's linked order id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkOrderRequest {
    #[serde(default)]
    pub order_id: Option<String>,
}

/// The longest order number accepted.
pub const MAX_ORDER_ID: usize = 40;

/// What [`parse_order_id`] accepts.
pub const ORDER_ID_PATTERN: &str = r"^\s*[A-Za-z0-9_#-]{1,40}\s*$";

/// An order number as reps type it: letters, digits, `-`, `_` and `#`, kept as typed (a
/// string: leading zeros matter), spaces around it dropped.
pub fn parse_order_id(raw: &str) -> Result<String, String> {
    let id = raw.trim();
    if id.is_empty() {
        return Err("type the order number the customer sees, e.g. 000000123".into());
    }
    if id.chars().count() > MAX_ORDER_ID
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '#'))
    {
        return Err(format!(
            "\"{id}\" is not an order number: letters, digits, - _ and #, at most {MAX_ORDER_ID}"
        ));
    }
    Ok(id.to_string())
}

impl LinkOrderRequest {
    /// The checked number, or none to clear it.
    pub fn validate(&self) -> Result<Option<String>, FieldErrors> {
        match self.order_id.as_deref() {
            None => Ok(None),
            Some(raw) if raw.trim().is_empty() => Ok(None),
            Some(raw) => parse_order_id(raw)
                .map(Some)
                .map_err(|why| FieldErrors::single("order_id", why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_number_keeps_its_leading_zeros() {
        assert_eq!(parse_order_id(" 000000123 ").unwrap(), "000000123");
        assert_eq!(parse_order_id("US-1001").unwrap(), "US-1001");
    }

    #[test]
    fn an_order_number_with_spaces_or_symbols_is_refused() {
        assert!(parse_order_id("12 34").is_err());
        assert!(parse_order_id("<b>").is_err());
        assert!(parse_order_id(&"9".repeat(41)).is_err());
        assert!(parse_order_id("").is_err());
    }

    #[test]
    fn an_empty_number_clears_the_link() {
        let request = LinkOrderRequest {
            order_id: Some("  ".into()),
        };
        assert_eq!(request.validate().unwrap(), None);
    }
}
