//! Accounts: the companies contacts work for and work orders are raised for (seed 003).

use serde::{Deserialize, Serialize};

use crate::text::TextRule;
use crate::{AccountId, ContactId, TeamGrant, Timestamp, UserId};

/// The longest account name.
pub const MAX_ACCOUNT_NAME: usize = 120;

/// An account's name: one line, trimmed.
pub const ACCOUNT_NAME_RULE: TextRule = TextRule::line(MAX_ACCOUNT_NAME, "name the company");

/// A new account as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountInput {
    pub name: String,
    /// Defaults to the user creating it; managers and admins may name someone else.
    #[serde(default)]
    pub owner_id: Option<UserId>,
}

/// An edit of an account's name and owner, made on `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountEdit {
    pub name: String,
    /// Managers and admins may hand the account to someone else.
    pub owner_id: UserId,
    pub version: u64,
}

/// An account as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: AccountId,
    pub name: String,
    pub owner_id: UserId,
    #[serde(default)]
    pub team: Vec<TeamGrant>,
    pub created_by: UserId,
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
    pub version: u64,
}

/// An account found by its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountHit {
    pub id: AccountId,
    pub name: String,
    /// The query is the whole name (or a whole word of it), not only its beginning.
    pub exact: bool,
}

/// Puts a contact in an account (or takes it out with `null`), on the contact's `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAccountRequest {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    pub version: u64,
}

/// How service staff look up accounts and contacts when they create a work order (seed 003's
/// "Service Staff Query Type"): by the beginning of a name, or only by a whole name, email or
/// phone number, so they cannot fish for customers they should not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffQuery {
    /// At least two characters, up to ten results.
    #[default]
    Fuzzy,
    /// The whole name, email address or phone number.
    Exact,
}

impl StaffQuery {
    pub const ALL: [StaffQuery; 2] = [StaffQuery::Fuzzy, StaffQuery::Exact];

    pub fn label(self) -> &'static str {
        match self {
            StaffQuery::Fuzzy => "Fuzzy query",
            StaffQuery::Exact => "Exact query",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            StaffQuery::Fuzzy => "fuzzy",
            StaffQuery::Exact => "exact",
        }
    }
}

/// The service desk's settings, saved on `version` (0 before the first save).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSettings {
    pub staff_query: StaffQuery,
    #[serde(default)]
    pub version: u64,
}

/// A new work order (seed 003), from the Work Orders list, an account or a contact.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWorkOrderRequest {
    /// A type on the work order workflow; `work-order` when absent.
    #[serde(default)]
    pub type_key: Option<String>,
    pub contact_id: ContactId,
    /// The account it is for; the contact's account when absent.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    #[serde(default)]
    pub description: String,
    /// Defaults to the user creating it.
    #[serde(default)]
    pub assignee_id: Option<UserId>,
}
