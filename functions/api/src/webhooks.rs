//! How the API authenticates inbound webhooks: the HMAC secret provider-neutral senders (SMS
//! and call events) sign with, and the SNS verifier for SES inbound email. Both come from the
//! binary that builds the router; a refused request is logged and answered 401, never stored.

pub mod mime;

use std::sync::Arc;

use axum::http::HeaderMap;
use worklane_webhook_auth::{
    AuthError, SIGNATURE_HEADER, SnsMessage, SnsVerifier, StaticCertificateSource,
    TIMESTAMP_HEADER, verify_hmac,
};

use crate::ApiError;

/// What inbound webhooks are checked against.
#[derive(Clone)]
pub struct Webhooks {
    secret: Arc<[u8]>,
    sns: SnsVerifier,
}

impl Webhooks {
    /// `secret` signs SMS and call events (empty: every one is refused); `sns` checks SES
    /// inbound email notifications.
    pub fn new(secret: impl AsRef<[u8]>, sns: SnsVerifier) -> Self {
        Self {
            secret: Arc::from(secret.as_ref()),
            sns,
        }
    }

    /// Refuses every webhook: no secret, and no certificate an SNS message could be signed
    /// with.
    pub fn refusing_all() -> Self {
        Self::new(
            b"",
            SnsVerifier::new(Arc::new(StaticCertificateSource::new(""))),
        )
    }

    pub(crate) fn check_hmac(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        verify_hmac(
            &self.secret,
            header(TIMESTAMP_HEADER),
            header(SIGNATURE_HEADER),
            body,
            jiff::Timestamp::now().as_second(),
        )
        .map_err(ApiError::WebhookRefused)
    }

    pub(crate) async fn check_sns(&self, body: &[u8]) -> Result<SnsMessage, ApiError> {
        self.sns
            .verify(body)
            .await
            .map_err(ApiError::WebhookRefused)
    }
}

/// For logs: why a webhook was refused.
pub(crate) fn describe(error: &AuthError) -> String {
    error.to_string()
}
