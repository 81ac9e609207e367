//! Scheduled imports as the API shows them: the sources, their runs and records, the routing
//! settings per type, and what an imported work item carries (its Reference and why it went
//! to whom).

use serde::{Deserialize, Serialize};

use crate::{ContactId, Timestamp, UserId};

mod reference;
mod routing;

pub use reference::*;
pub use routing::*;

/// Where imported records come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ImportSource {
    /// Body Type Quiz results from the main website's feed.
    BodyTypeQuiz,
    /// Health Evaluation Quiz results from the main website's feed.
    HealthEvaluationQuiz,
    /// Questions asked on the website's FAQ page.
    FaqRequests,
    /// Abandoned carts in the Magento 2 shop.
    AbandonedCarts,
}

/// The system a source's records are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceSystem {
    /// The website's JSON feed (docs/website-feed.md).
    WebsiteFeed,
    /// A Magento 2 shop's REST API.
    Magento,
}

impl ImportSource {
    pub const ALL: [ImportSource; 4] = [
        ImportSource::BodyTypeQuiz,
        ImportSource::HealthEvaluationQuiz,
        ImportSource::FaqRequests,
        ImportSource::AbandonedCarts,
    ];

    /// The key in paths and stored keys.
    pub fn key(self) -> &'static str {
        match self {
            ImportSource::BodyTypeQuiz => "body-type-quiz",
            ImportSource::HealthEvaluationQuiz => "health-evaluation-quiz",
            ImportSource::FaqRequests => "faq-requests",
            ImportSource::AbandonedCarts => "abandoned-carts",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportSource::BodyTypeQuiz => "Body Type Quiz results",
            ImportSource::HealthEvaluationQuiz => "Health Evaluation Quiz results",
            ImportSource::FaqRequests => "FAQ requests",
            ImportSource::AbandonedCarts => "Abandoned carts",
        }
    }

    /// The work item type its records become.
    pub fn type_key(self) -> &'static str {
        match self {
            ImportSource::BodyTypeQuiz => "body-type-quiz",
            ImportSource::HealthEvaluationQuiz => "health-evaluation-quiz",
            ImportSource::FaqRequests => "faq-request",
            ImportSource::AbandonedCarts => "abandoned-shopping-cart",
        }
    }

    pub fn system(self) -> SourceSystem {
        match self {
            ImportSource::AbandonedCarts => SourceSystem::Magento,
            _ => SourceSystem::WebsiteFeed,
        }
    }

    /// The most records one run imports.
    pub fn per_run(self) -> usize {
        50
    }
}

/// How a source's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// `Authorization: Bearer <token>` (the website's feed; a Magento integration's access
    /// token when the shop allows it).
    #[default]
    Bearer,
    /// OAuth 1.0a, HMAC-SHA256 (a Magento integration's four credentials).
    OAuth1,
}

/// A source's connection as admins see it: secrets are never shown, only whether they are set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionView {
    /// The website's feed root, or the shop's base URL (before `/rest`).
    pub base_url: String,
    /// The Magento store code in `/rest/<store_code>/V1` (Magento only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_code: Option<String>,
    pub auth: AuthMode,
    /// Whether the credentials the mode needs are stored.
    pub credentials_set: bool,
    /// Minutes a cart must stay untouched before it counts as abandoned (Magento only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_minutes: Option<u32>,
}

/// An admin's change of a source's connection. Secrets left out are kept as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionEdit {
    pub base_url: String,
    #[serde(default)]
    pub store_code: Option<String>,
    pub auth: AuthMode,
    /// The bearer token (Bearer mode).
    #[serde(default)]
    pub token: Option<String>,
    /// The four credentials of a Magento integration (OAuth1 mode).
    #[serde(default)]
    pub consumer_key: Option<String>,
    #[serde(default)]
    pub consumer_secret: Option<String>,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub access_token_secret: Option<String>,
    #[serde(default)]
    pub quiet_minutes: Option<u32>,
}

/// A source on Admin → Imports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSourceView {
    pub source: ImportSource,
    pub label: String,
    pub system: SourceSystem,
    /// The schedule in words, e.g. "every 15 minutes" or "daily at 06:20".
    pub schedule: String,
    /// The IANA time zone the schedule is stated in.
    pub time_zone: String,
    /// The schedule as EventBridge Scheduler writes it.
    pub expression: String,
    /// When the scheduler starts it next (none while paused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub next_run_at: Option<Timestamp>,
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<ImportRunView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionView>,
    /// The work item type its records become.
    pub type_key: String,
    /// Records waiting in the type's queue for someone to receive them (counted up to 1,000).
    #[serde(default)]
    pub waiting: u32,
    pub version: u64,
}

/// Pausing or resuming a source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseRequest {
    pub paused: bool,
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunTrigger {
    Schedule,
    RunNow,
    Retry,
    /// Records that waited for someone to receive them, given out as soon as someone could.
    Queue,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RunState {
    /// Still running (or stopped without finishing; the next run goes on from the cursor).
    Running,
    Completed,
    /// The source could not be read: nothing past the cursor was imported.
    Failed {
        reason: String,
    },
}

/// What one run did, in counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunCounts {
    /// Records read from the source.
    pub fetched: u32,
    /// Work items created.
    pub created: u32,
    /// Of those, on a contact that already existed.
    pub matched: u32,
    /// Of those, on a New Lead made for it.
    pub new_leads: u32,
    /// Records that were imported before (nothing new made).
    pub already_imported: u32,
    /// Open work items whose Reference was brought up to date (carts).
    pub updated: u32,
    /// Records passed over on purpose (a cart that became an order before it was imported).
    pub skipped: u32,
    /// Records that could not be imported, each with its reason.
    pub failed: u32,
    /// Records waiting in their type's queue: nobody could receive them yet.
    #[serde(default)]
    pub queued: u32,
}

/// One run of a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRunView {
    pub id: String,
    pub source: ImportSource,
    pub trigger: RunTrigger,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize_option")
    )]
    pub finished_at: Option<Timestamp>,
    #[serde(flatten)]
    pub state: RunState,
    pub counts: RunCounts,
}

/// What became of one record in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RecordOutcome {
    Created {
        work_item: u64,
        contact_id: ContactId,
        new_lead: bool,
    },
    Updated {
        work_item: u64,
        /// The item's contact (absent in runs logged before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contact_id: Option<ContactId>,
    },
    AlreadyImported {
        work_item: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contact_id: Option<ContactId>,
    },
    Skipped {
        reason: String,
    },
    /// Nobody could receive it: it waits in its type's queue and is given out, oldest first,
    /// as soon as someone can.
    Queued {
        reason: String,
    },
    Failed {
        reason: String,
    },
}

/// One record of a run: its id at the source, who it is from, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRecordView {
    /// The record's id at the source (its position in the page when it had none).
    pub external_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(flatten)]
    pub outcome: RecordOutcome,
    /// Whether an admin may retry it (a failed record that carried an id).
    #[serde(default)]
    pub retryable: bool,
}

/// A run with its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRunDetail {
    pub run: ImportRunView,
    pub records: Vec<ImportRecordView>,
}

/// Routing of one work item type: who receives its imported items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoutingSettings {
    pub type_key: String,
    /// Who receives the type's items; empty: every active rep.
    #[serde(default)]
    pub pool: Vec<UserId>,
    /// The most open items of any type a person may hold and still receive more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// Give the item to the contact's owner when they are eligible.
    #[serde(default)]
    pub prefer_contact_owner: bool,
    #[serde(default)]
    pub version: u64,
}

/// The largest open-items cap (a cap is checked with one query of that many entries).
pub const MAX_ROUTING_CAP: u32 = 500;

impl RoutingSettings {
    pub fn new(type_key: &str) -> Self {
        Self {
            type_key: type_key.into(),
            pool: Vec::new(),
            cap: None,
            prefer_contact_owner: false,
            version: 0,
        }
    }
}

/// What an imported work item came with: its Reference and how it was routed. Both absent
/// for an item made by hand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemOrigin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<WorkItemReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingDecision>,
}
