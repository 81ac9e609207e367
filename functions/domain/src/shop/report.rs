//! The Linked orders report: per advisor and day, the valid orders and their total, and the
//! invalid ones by reason.

use serde::{Deserialize, Serialize};

use crate::UserId;

/// One advisor's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedOrdersRow {
    /// The call's day in the report's time zone, `YYYY-MM-DD`.
    pub day: String,
    pub advisor: UserId,
    pub advisor_name: String,
    pub valid: u32,
    pub valid_total_cents: i64,
    pub pending: u32,
    pub invalid: u32,
    /// Invalid links per reason key (`no_such_order`, `other_advisor`…); a link with two
    /// reasons counts under both.
    pub invalid_by_reason: Vec<ReasonCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

/// The report for a range of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedOrdersReport {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    pub currency: String,
    pub rows: Vec<LinkedOrdersRow>,
}
