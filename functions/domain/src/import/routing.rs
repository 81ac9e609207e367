//! Why a routed work item went to whom: everyone considered, each skip with its reason, and
//! why the chosen one won. Shown on the item's Action tab.

use serde::{Deserialize, Serialize};

use crate::{Timestamp, UserId};

/// How one person fared when an item was routed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum CandidateVerdict {
    /// Received the item.
    Chosen,
    /// Could have received it; someone assigned longer ago (or the contact's owner) won.
    Eligible,
    /// Away when the item was routed.
    Away,
    /// Holding `open` open items of the cap `cap`.
    AtCap { open: u32, cap: u32 },
    /// Not in the type's pool.
    NotInPool,
    /// The account is disabled.
    Disabled,
}

/// One person considered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingCandidate {
    pub user_id: UserId,
    pub name: String,
    /// When they last received a work item (routed or by hand); none if never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub last_assigned_at: Option<Timestamp>,
    #[serde(flatten)]
    pub verdict: CandidateVerdict,
}

/// How an item was routed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingDecision {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub decided_at: Timestamp,
    /// Who received it, if anyone was eligible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<UserId>,
    /// Why the chosen one won (or why nobody did), in a sentence.
    pub reason: String,
    pub candidates: Vec<RoutingCandidate>,
}

impl CandidateVerdict {
    /// The verdict in words, e.g. "at cap 25/25".
    pub fn words(&self) -> String {
        match self {
            CandidateVerdict::Chosen => "chosen".into(),
            CandidateVerdict::Eligible => "eligible".into(),
            CandidateVerdict::Away => "skipped: Away".into(),
            CandidateVerdict::AtCap { open, cap } => format!("skipped: at cap {open}/{cap}"),
            CandidateVerdict::NotInPool => "skipped: not in the pool".into(),
            CandidateVerdict::Disabled => "skipped: disabled".into(),
        }
    }
}
