//! Building signed SNS envelopes (cargo feature `test-signing`): what `worklane simulate` posts
//! to the local server's `/api/webhooks/ses`, and what tests post to a spawned one. Production
//! never signs; only AWS does.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};

use crate::{DEMO_SIGNING_CERT_URL, SignatureVersion, SnsMessage, SnsMessageType};

/// The private key of [`DEMO_CERTIFICATE_PEM`](crate::DEMO_CERTIFICATE_PEM). It is in this
/// repository, so a server that trusts the demo certificate trusts anyone: only the local
/// server does.
pub const DEMO_PRIVATE_KEY_PEM: &str = include_str!("../tests/fixtures/demo-signing-key.pem");

/// Why an envelope could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("not an RSA private key in PEM (PKCS#8 or PKCS#1): {0}")]
    BadKey(String),
    #[error("RSA signing failed: {0}")]
    Signing(String),
}

fn private_key(pem: &str) -> Result<RsaPrivateKey, SignError> {
    let pem = pem.trim();
    RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
        .map_err(|e| SignError::BadKey(e.to_string()))
}

/// `message` signed with `private_key_pem` (PKCS#8 or PKCS#1 PEM, RSA of at least 2048 bits)
/// as SNS signs: PKCS#1 v1.5 over [`SnsMessage::string_to_sign`], with SHA-1 or SHA-256 as its
/// `signature_version` says. Every other field is kept as given; `signature` is replaced.
pub fn sign_sns(private_key_pem: &str, message: &SnsMessage) -> Result<SnsMessage, SignError> {
    let key = private_key(private_key_pem)?;
    let canonical = message.string_to_sign();
    let signature = match message.signature_version {
        SignatureVersion::V1Sha1 => SigningKey::<sha1::Sha1>::new(key)
            .try_sign(canonical.as_bytes())
            .map(|s| s.to_bytes()),
        SignatureVersion::V2Sha256 => SigningKey::<sha2::Sha256>::new(key)
            .try_sign(canonical.as_bytes())
            .map(|s| s.to_bytes()),
    }
    .map_err(|e| SignError::Signing(e.to_string()))?;
    Ok(SnsMessage {
        signature: BASE64.encode(signature),
        ..message.clone()
    })
}

impl SnsMessage {
    /// An unsigned `Notification` as SNS would deliver it: a random `MessageId`, `Timestamp`
    /// now (UTC, milliseconds), `SignatureVersion` 2, `SigningCertURL`
    /// [`DEMO_SIGNING_CERT_URL`], and an empty `Signature` for [`sign_sns`] to fill in.
    pub fn unsigned_notification(
        topic_arn: impl Into<String>,
        subject: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let message_id = uuid::Uuid::new_v4().to_string();
        SnsMessage {
            kind: SnsMessageType::Notification,
            message_id: message_id.clone(),
            topic_arn: topic_arn.into(),
            subject,
            message: message.into(),
            timestamp: jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            signature_version: SignatureVersion::V2Sha256,
            signature: String::new(),
            signing_cert_url: DEMO_SIGNING_CERT_URL.to_owned(),
            subscribe_url: None,
            unsubscribe_url: None,
            token: None,
        }
    }
}

/// The JSON body of a `Notification` of `message` on `topic_arn`, signed with the demo key:
/// what the local server (verifying with
/// [`StaticCertificateSource::demo`](crate::StaticCertificateSource::demo)) accepts at
/// `/api/webhooks/ses`. For SES inbound mail, `message` is SES's notification JSON and
/// `subject` is `Some("Amazon SES Email Receipt Notification")`.
#[expect(
    clippy::expect_used,
    reason = "the demo key is a constant, well-formed RSA key, and a message always serialises"
)]
pub fn signed_demo_notification(topic_arn: &str, subject: Option<&str>, message: &str) -> String {
    let unsigned =
        SnsMessage::unsigned_notification(topic_arn, subject.map(str::to_owned), message);
    let signed = sign_sns(DEMO_PRIVATE_KEY_PEM, &unsigned).expect("the demo key signs");
    serde_json::to_string(&signed).expect("an SNS message serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AuthError, StaticCertificateSource, verify_sns};

    const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:worklane-inbound-email";
    const OTHER_KEY: &str = include_str!("../tests/fixtures/other-signing-key.pem");

    fn demo() -> StaticCertificateSource {
        StaticCertificateSource::demo()
    }

    fn confirmation(kind: SnsMessageType) -> SnsMessage {
        SnsMessage {
            kind,
            subject: None,
            subscribe_url: Some(format!(
                "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=abc"
            )),
            token: Some("abc".into()),
            ..SnsMessage::unsigned_notification(TOPIC, None, "You have chosen to subscribe…")
        }
    }

    #[tokio::test]
    async fn a_demo_notification_verifies_against_the_demo_certificate() {
        let body = signed_demo_notification(
            TOPIC,
            Some("Amazon SES Email Receipt Notification"),
            "{\"notificationType\":\"Received\"}",
        );
        let message = verify_sns(body.as_bytes(), &demo(), Some(TOPIC))
            .await
            .unwrap();
        assert_eq!(message.message, "{\"notificationType\":\"Received\"}");
        assert_eq!(message.signature_version, SignatureVersion::V2Sha256);
        assert_eq!(message.signing_cert_url, DEMO_SIGNING_CERT_URL);
    }

    #[tokio::test]
    async fn both_signature_versions_and_every_type_verify() {
        for version in [SignatureVersion::V1Sha1, SignatureVersion::V2Sha256] {
            for unsigned in [
                SnsMessage::unsigned_notification(TOPIC, Some("s".into()), "m"),
                SnsMessage::unsigned_notification(TOPIC, None, "m"),
                confirmation(SnsMessageType::SubscriptionConfirmation),
                confirmation(SnsMessageType::UnsubscribeConfirmation),
            ] {
                let unsigned = SnsMessage {
                    signature_version: version,
                    ..unsigned
                };
                let signed = sign_sns(DEMO_PRIVATE_KEY_PEM, &unsigned).unwrap();
                let body = serde_json::to_vec(&signed).unwrap();
                assert_eq!(
                    verify_sns(&body, &demo(), None).await.as_ref(),
                    Ok(&signed),
                    "{version:?} {:?}",
                    signed.kind
                );
            }
        }
    }

    #[tokio::test]
    async fn a_tampered_demo_message_is_refused() {
        let signed = sign_sns(
            DEMO_PRIVATE_KEY_PEM,
            &confirmation(SnsMessageType::SubscriptionConfirmation),
        )
        .unwrap();
        let mut tampered = signed.clone();
        tampered.subscribe_url = Some("https://sns.us-east-1.amazonaws.com/?Action=Other".into());
        assert_eq!(
            verify_sns(&serde_json::to_vec(&tampered).unwrap(), &demo(), None).await,
            Err(AuthError::SignatureMismatch)
        );
        let mut tampered = signed;
        tampered.token = Some("abd".into());
        assert_eq!(
            verify_sns(&serde_json::to_vec(&tampered).unwrap(), &demo(), None).await,
            Err(AuthError::SignatureMismatch)
        );
    }

    #[tokio::test]
    async fn a_message_signed_with_another_key_is_refused() {
        let unsigned = SnsMessage::unsigned_notification(TOPIC, None, "m");
        for version in [SignatureVersion::V1Sha1, SignatureVersion::V2Sha256] {
            let signed = sign_sns(
                OTHER_KEY,
                &SnsMessage {
                    signature_version: version,
                    ..unsigned.clone()
                },
            )
            .unwrap();
            assert_eq!(
                verify_sns(&serde_json::to_vec(&signed).unwrap(), &demo(), None).await,
                Err(AuthError::SignatureMismatch)
            );
        }
    }

    #[test]
    fn a_key_that_is_not_an_rsa_private_key_is_refused() {
        let unsigned = SnsMessage::unsigned_notification(TOPIC, None, "m");
        for pem in ["", "nope", crate::DEMO_CERTIFICATE_PEM] {
            assert!(matches!(
                sign_sns(pem, &unsigned),
                Err(SignError::BadKey(_))
            ));
        }
    }

    #[test]
    fn unsigned_notifications_look_like_the_ones_sns_sends() {
        let message = SnsMessage::unsigned_notification(TOPIC, None, "m");
        let timestamp: jiff::Timestamp = message.timestamp.parse().unwrap();
        assert!((jiff::Timestamp::now() - timestamp).get_seconds().abs() < 60);
        assert_eq!(message.timestamp.len(), "2012-04-25T21:49:25.719Z".len());
        assert_eq!(message.message_id.len(), 36);
        assert_ne!(
            message.message_id,
            SnsMessage::unsigned_notification(TOPIC, None, "m").message_id
        );
    }
}
