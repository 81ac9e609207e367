//! Authenticates Worklane's inbound webhooks. A request that fails any check gets 401 and a
//! log line with the [`AuthError`]; it is never stored. This crate knows nothing of the core or
//! the AWS SDK: it checks bytes and headers, and the API decides what to do with them.
//!
//! # Provider-neutral webhooks (SMS and call events): HMAC-SHA256
//!
//! The sender signs `{timestamp}.{body}` with the shared secret (`WORKLANE_WEBHOOK_SECRET`)
//! and sends `X-Worklane-Timestamp: <unix seconds>` and `X-Worklane-Signature: sha256=<hex>`:
//!
//! ```
//! use worklane_webhook_auth::{sign, verify_hmac};
//!
//! let secret = b"the shared secret";
//! let body = br#"{"channel":"sms","from":"+15551234567","body":"hello"}"#;
//! let signature = sign(secret, "1767225600", body);
//! assert!(verify_hmac(secret, Some("1767225600"), Some(&signature), body, 1767225630).is_ok());
//! // Five minutes and one second later it is a replay.
//! assert!(verify_hmac(secret, Some("1767225600"), Some(&signature), body, 1767225901).is_err());
//! ```
//!
//! # Amazon SNS (SES inbound email)
//!
//! [`verify_sns`] (or an [`SnsVerifier`] kept in the API's state) parses the envelope, checks
//! the topic and the `SigningCertURL`, fetches the certificate through a
//! [`CertificateSource`] and checks the RSA signature (`SignatureVersion` 1 and 2). On AWS the
//! source is [`HttpsCertificateSource`]; the local server uses
//! [`StaticCertificateSource::demo`]. A verified `SubscriptionConfirmation` is confirmed with
//! [`confirm_subscription`]. SNS may deliver a notification more than once: deduplicate by
//! [`SnsMessage::message_id`].
//!
//! ```no_run
//! # async fn handler(body: &[u8]) -> Result<(), worklane_webhook_auth::AuthError> {
//! use std::sync::Arc;
//! use worklane_webhook_auth::{HttpsCertificateSource, SnsMessageType, SnsVerifier};
//!
//! let verifier = SnsVerifier::new(Arc::new(HttpsCertificateSource::new()?))
//!     .with_allowed_topic_arn(std::env::var("WORKLANE_SNS_TOPIC_ARN").ok());
//! let message = verifier.verify(body).await?; // Err: answer 401, log the error
//! if message.kind == SnsMessageType::SubscriptionConfirmation {
//!     worklane_webhook_auth::confirm_subscription(&message).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! # Signing SNS messages for the local demo and tests (feature `test-signing`)
//!
//! ```text
//! pub const DEMO_PRIVATE_KEY_PEM: &str;        // the key of DEMO_CERTIFICATE_PEM
//! pub fn sign_sns(private_key_pem: &str, message: &SnsMessage) -> Result<SnsMessage, SignError>;
//! impl SnsMessage {
//!     pub fn unsigned_notification(topic_arn: impl Into<String>, subject: Option<String>,
//!                                  message: impl Into<String>) -> SnsMessage;
//! }
//! pub fn signed_demo_notification(topic_arn: &str, subject: Option<&str>, message: &str) -> String;
//! ```
//!
//! `signed_demo_notification` gives the JSON body to POST to `/api/webhooks/ses` of a server
//! whose verifier uses `StaticCertificateSource::demo()`: a `Notification` with a fresh
//! `MessageId`, `Timestamp` now, `SignatureVersion` 2 and `SigningCertURL`
//! [`DEMO_SIGNING_CERT_URL`], signed with the demo key. For other shapes (version 1,
//! confirmations, a tampered field) build an [`SnsMessage`] and call `sign_sns`.

mod certificates;
mod error;
mod hmac;
#[cfg(feature = "test-signing")]
mod signing;
mod sns;

pub use certificates::{
    CertificateSource, HttpsCertificateSource, StaticCertificateSource, check_signing_cert_url,
    check_subscribe_url, confirm_subscription,
};
pub use error::AuthError;
pub use hmac::{MAX_CLOCK_SKEW_SECS, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify_hmac};
#[cfg(feature = "test-signing")]
pub use signing::{DEMO_PRIVATE_KEY_PEM, SignError, sign_sns, signed_demo_notification};
pub use sns::{SignatureVersion, SnsMessage, SnsMessageType, SnsVerifier, verify_sns};

/// A self-signed certificate whose key (`DEMO_PRIVATE_KEY_PEM`, feature `test-signing`) is in
/// this repository: the local server's [`StaticCertificateSource::demo`] verifies with it.
pub const DEMO_CERTIFICATE_PEM: &str = include_str!("../tests/fixtures/demo-signing-cert.pem");

/// The `SigningCertURL` demo messages carry: it passes [`check_signing_cert_url`] like a real
/// one, and is never fetched (the static source answers it).
pub const DEMO_SIGNING_CERT_URL: &str =
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-worklane-demo.pem";
