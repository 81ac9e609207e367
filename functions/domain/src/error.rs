use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The one error body every endpoint answers with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable and machine-readable, e.g. `validation_failed`, `conflict`.
    pub code: String,
    /// A sentence a person can act on.
    pub message: String,
    /// Quote it when reporting a problem; it is in the server's logs.
    pub request_id: String,
    /// Per-field problems for 400 and 422 answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// For 409: the record as it is now, so the client can show what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current: Option<serde_json::Value>,
}

/// The answer to `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub store: String,
    pub version: String,
}
