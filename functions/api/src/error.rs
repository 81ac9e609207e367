use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use worklane_core::CoreError;
use worklane_domain::{ErrorBody, FieldErrors};
use worklane_store::StoreError;

use crate::middleware::current_request_id;

/// Every way a request can fail, each answered with one [`ErrorBody`] shape.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The request is malformed: unreadable JSON or query string.
    #[error("{0}")]
    BadRequest(String),
    /// The JSON parsed but a field has the wrong shape.
    #[error("{0}")]
    Unprocessable(String),
    #[error("send the request body as JSON with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("there is no {0} here")]
    NoRoute(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// A webhook whose signature is missing or wrong; the reason goes to the log only.
    #[error("the webhook is not signed, or its signature does not check out")]
    WebhookRefused(worklane_webhook_auth::AuthError),
    /// A service we called failed; the detail goes to the log.
    #[error("{0}")]
    Upstream(String),
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Core(CoreError::Invalid(errors))
    }
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::NoRoute(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::WebhookRefused(_) => (StatusCode::UNAUTHORIZED, "webhook_refused"),
            ApiError::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream_failed"),
            ApiError::Core(core) => match core {
                CoreError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
                CoreError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
                CoreError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
                CoreError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
                CoreError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
                CoreError::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled"),
                CoreError::TooManyAttempts { .. } => {
                    (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
                }
                CoreError::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
                CoreError::Merged { .. } => (StatusCode::CONFLICT, "merged"),
                CoreError::WrongState { .. } => (StatusCode::CONFLICT, "wrong_state"),
                CoreError::Absent(_) => (StatusCode::NOT_FOUND, "not_found"),
                CoreError::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream_failed"),
                CoreError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
                CoreError::BadCursor => (StatusCode::BAD_REQUEST, "bad_cursor"),
                CoreError::Store(StoreError::ItemTooLarge { .. }) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                }
                CoreError::Store(StoreError::Unavailable(_)) => {
                    (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable")
                }
                CoreError::Store(_) | CoreError::Internal(_) => {
                    (StatusCode::INTERNAL_SERVER_ERROR, "internal")
                }
            },
        }
    }

    /// The sentence the client sees. Server-side failures say what to do, not what broke:
    /// the detail goes to the log under the request id.
    fn public_message(&self) -> String {
        match self {
            ApiError::Core(CoreError::Invalid(errors)) => {
                format!("Some fields need attention: {errors}")
            }
            ApiError::Core(CoreError::Store(StoreError::ItemTooLarge { .. })) => {
                "the record is too large to store; shorten its text".into()
            }
            ApiError::Core(CoreError::Store(StoreError::Unavailable(_))) => {
                "the data store is not answering; try again in a moment".into()
            }
            ApiError::Upstream(_) => {
                "a service Worklane relies on did not answer; try again later".into()
            }
            ApiError::Core(CoreError::Store(_) | CoreError::Internal(_)) => {
                "something went wrong on our side; try again, and quote the request id if it persists".into()
            }
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let request_id = current_request_id();
        if status.is_server_error() {
            tracing::error!(%request_id, error = %self, "request failed");
        } else if let ApiError::WebhookRefused(reason) = &self {
            let reason = crate::webhooks::describe(reason);
            tracing::warn!(%request_id, %reason, "webhook refused");
        } else {
            tracing::info!(%request_id, %code, "request refused");
        }
        let message = self.public_message();
        let retry_after = match &self {
            ApiError::Core(CoreError::TooManyAttempts {
                retry_after_seconds,
            }) => Some(*retry_after_seconds),
            _ => None,
        };
        let (fields, current) = match self {
            ApiError::Core(CoreError::Invalid(errors)) => (errors.into_vec(), None),
            ApiError::Core(
                CoreError::Conflict { current, .. }
                | CoreError::Merged { current, .. }
                | CoreError::WrongState { current, .. },
            ) => (Vec::new(), Some(current)),
            _ => (Vec::new(), None),
        };
        let body = ErrorBody {
            code: code.into(),
            message,
            request_id,
            fields,
            current,
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
