//! Amazon SNS message verification, as AWS documents it ("Verifying the signatures of Amazon
//! SNS messages"): parse the JSON envelope, rebuild the canonical string for its type, check
//! that `SigningCertURL` is an Amazon SNS certificate URL *before* fetching anything, take the
//! RSA key from that X.509 certificate and verify the PKCS#1 v1.5 signature — SHA-1 for
//! `SignatureVersion` 1, SHA-256 for 2.
//!
//! Amazon SES delivers inbound email this way: a `Notification` whose `Message` is SES's own
//! JSON (`notificationType: "Received"`, `mail`, `receipt`, `content`).

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey,
};
use serde::{Deserialize, Serialize};

use crate::AuthError;
use crate::certificates::{CertificateSource, check_signing_cert_url, rsa_public_key_der};
use crate::error::clip;

/// The three kinds of message SNS sends to an HTTP(S) endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SnsMessageType {
    Notification,
    /// Sent once when the subscription is created: GET `SubscribeURL` to confirm it (see
    /// [`confirm_subscription`](crate::confirm_subscription)).
    SubscriptionConfirmation,
    UnsubscribeConfirmation,
}

impl SnsMessageType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Notification => "Notification",
            Self::SubscriptionConfirmation => "SubscriptionConfirmation",
            Self::UnsubscribeConfirmation => "UnsubscribeConfirmation",
        }
    }

    fn parse(value: &str) -> Result<Self, AuthError> {
        match value {
            "Notification" => Ok(Self::Notification),
            "SubscriptionConfirmation" => Ok(Self::SubscriptionConfirmation),
            "UnsubscribeConfirmation" => Ok(Self::UnsubscribeConfirmation),
            other => Err(AuthError::UnknownMessageType(clip(other))),
        }
    }
}

/// `SignatureVersion`: which digest the RSA signature is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignatureVersion {
    /// `"1"`: SHA1withRSA (the default for topics).
    #[serde(rename = "1")]
    V1Sha1,
    /// `"2"`: SHA256withRSA (a topic's `SignatureVersion` attribute set to 2).
    #[serde(rename = "2")]
    V2Sha256,
}

impl SignatureVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1Sha1 => "1",
            Self::V2Sha256 => "2",
        }
    }

    fn parse(value: &str) -> Result<Self, AuthError> {
        match value {
            "1" => Ok(Self::V1Sha1),
            "2" => Ok(Self::V2Sha256),
            other => Err(AuthError::UnsupportedSignatureVersion(clip(other))),
        }
    }
}

/// An SNS message as delivered to an HTTP(S) endpoint (with raw message delivery off), field
/// names as AWS spells them in JSON. Returned by [`verify_sns`] once its signature checks out;
/// serialising it gives back an envelope SNS could have sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnsMessage {
    #[serde(rename = "Type")]
    pub kind: SnsMessageType,
    pub message_id: String,
    pub topic_arn: String,
    /// Only in notifications, and only when the publisher gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The payload: for SES inbound mail, SES's notification JSON as a string.
    pub message: String,
    /// When SNS published it (ISO 8601, UTC).
    pub timestamp: String,
    pub signature_version: SignatureVersion,
    /// Base64 of the RSA signature over [`SnsMessage::string_to_sign`].
    pub signature: String,
    #[serde(rename = "SigningCertURL")]
    pub signing_cert_url: String,
    /// Confirmation messages only: GET it to confirm (or re-confirm) the subscription.
    #[serde(
        rename = "SubscribeURL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subscribe_url: Option<String>,
    /// Notifications only; not signed.
    #[serde(
        rename = "UnsubscribeURL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unsubscribe_url: Option<String>,
    /// Confirmation messages only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// Every field as an optional string, so a missing one is reported by name.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope {
    #[serde(rename = "Type")]
    kind: Option<String>,
    message_id: Option<String>,
    topic_arn: Option<String>,
    subject: Option<String>,
    message: Option<String>,
    timestamp: Option<String>,
    signature_version: Option<String>,
    signature: Option<String>,
    #[serde(rename = "SigningCertURL")]
    signing_cert_url: Option<String>,
    #[serde(rename = "SubscribeURL")]
    subscribe_url: Option<String>,
    #[serde(rename = "UnsubscribeURL")]
    unsubscribe_url: Option<String>,
    token: Option<String>,
}

fn required(value: Option<String>, name: &'static str) -> Result<String, AuthError> {
    value.ok_or(AuthError::MissingField(name))
}

impl SnsMessage {
    /// Parses an SNS JSON envelope, refusing one without a field its type signs or needs. The
    /// signature is not checked here: use [`verify_sns`] or [`SnsVerifier`].
    pub fn parse(body: &[u8]) -> Result<Self, AuthError> {
        let envelope: Envelope = serde_json::from_slice(body)
            .map_err(|e| AuthError::MalformedMessage(clip(&e.to_string())))?;
        let kind = SnsMessageType::parse(&required(envelope.kind, "Type")?)?;
        let message = SnsMessage {
            kind,
            message_id: required(envelope.message_id, "MessageId")?,
            topic_arn: required(envelope.topic_arn, "TopicArn")?,
            subject: envelope.subject,
            message: required(envelope.message, "Message")?,
            timestamp: required(envelope.timestamp, "Timestamp")?,
            signature_version: SignatureVersion::parse(&required(
                envelope.signature_version,
                "SignatureVersion",
            )?)?,
            signature: required(envelope.signature, "Signature")?,
            signing_cert_url: required(envelope.signing_cert_url, "SigningCertURL")?,
            subscribe_url: envelope.subscribe_url,
            unsubscribe_url: envelope.unsubscribe_url,
            token: envelope.token,
        };
        if kind != SnsMessageType::Notification {
            if message.subscribe_url.is_none() {
                return Err(AuthError::MissingField("SubscribeURL"));
            }
            if message.token.is_none() {
                return Err(AuthError::MissingField("Token"));
            }
        }
        Ok(message)
    }

    /// The string SNS signs, exactly as AWS documents it: for each signed field in byte order
    /// of its name, the name, a newline, the value, a newline.
    ///
    /// - `Notification`: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type.
    /// - `SubscriptionConfirmation` and `UnsubscribeConfirmation`: Message, MessageId,
    ///   SubscribeURL, Timestamp, Token, TopicArn, Type.
    pub fn string_to_sign(&self) -> String {
        let mut fields: Vec<(&str, &str)> =
            vec![("Message", &self.message), ("MessageId", &self.message_id)];
        match self.kind {
            SnsMessageType::Notification => {
                if let Some(subject) = &self.subject {
                    fields.push(("Subject", subject));
                }
                fields.push(("Timestamp", &self.timestamp));
            }
            SnsMessageType::SubscriptionConfirmation | SnsMessageType::UnsubscribeConfirmation => {
                fields.push(("SubscribeURL", self.subscribe_url.as_deref().unwrap_or("")));
                fields.push(("Timestamp", &self.timestamp));
                fields.push(("Token", self.token.as_deref().unwrap_or("")));
            }
        }
        fields.push(("TopicArn", &self.topic_arn));
        fields.push(("Type", self.kind.as_str()));

        let mut canonical = String::new();
        for (name, value) in fields {
            canonical.push_str(name);
            canonical.push('\n');
            canonical.push_str(value);
            canonical.push('\n');
        }
        canonical
    }

    /// Checks the signature against `certificate_pem` (the certificate at `SigningCertURL`).
    /// Does not check the URL: [`verify_sns`] does that before fetching the certificate.
    pub fn verify_signature(&self, certificate_pem: &str) -> Result<(), AuthError> {
        let key = rsa_public_key_der(certificate_pem)?;
        let signature = BASE64
            .decode(self.signature.trim())
            .map_err(|_| AuthError::MalformedSignature("Signature is not base64"))?;
        let algorithm = match self.signature_version {
            SignatureVersion::V1Sha1 => &RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            SignatureVersion::V2Sha256 => &RSA_PKCS1_2048_8192_SHA256,
        };
        UnparsedPublicKey::new(algorithm, key)
            .verify(self.string_to_sign().as_bytes(), &signature)
            .map_err(|_| AuthError::SignatureMismatch)
    }
}

/// Verifies an SNS HTTP(S) delivery: parses `body`, refuses a topic other than
/// `allowed_topic_arn` (when given) and a `SigningCertURL` that is not
/// `https://sns.<region>.amazonaws.com[.cn]/….pem`, then fetches the certificate from
/// `certificates` and checks the signature. Returns the verified message.
pub async fn verify_sns(
    body: &[u8],
    certificates: &dyn CertificateSource,
    allowed_topic_arn: Option<&str>,
) -> Result<SnsMessage, AuthError> {
    let message = SnsMessage::parse(body)?;
    if let Some(allowed) = allowed_topic_arn
        && message.topic_arn != allowed
    {
        return Err(AuthError::TopicNotAllowed(clip(&message.topic_arn)));
    }
    let url = check_signing_cert_url(&message.signing_cert_url)?;
    let pem = certificates.certificate_pem(url.as_str()).await?;
    message.verify_signature(&pem)?;
    Ok(message)
}

/// [`verify_sns`] with its certificate source and topic held, for an API's shared state.
#[derive(Clone)]
pub struct SnsVerifier {
    certificates: Arc<dyn CertificateSource>,
    allowed_topic_arn: Option<String>,
}

impl std::fmt::Debug for SnsVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnsVerifier")
            .field("allowed_topic_arn", &self.allowed_topic_arn)
            .finish_non_exhaustive()
    }
}

impl SnsVerifier {
    /// Accepts messages from any topic signed by a certificate `certificates` returns.
    pub fn new(certificates: Arc<dyn CertificateSource>) -> Self {
        Self {
            certificates,
            allowed_topic_arn: None,
        }
    }

    /// Accepts only messages of this topic (`WORKLANE_SNS_TOPIC_ARN` on AWS). `None` or an
    /// empty ARN leaves any topic allowed.
    pub fn with_allowed_topic_arn(mut self, topic_arn: Option<String>) -> Self {
        self.allowed_topic_arn = topic_arn.filter(|arn| !arn.trim().is_empty());
        self
    }

    pub fn allowed_topic_arn(&self) -> Option<&str> {
        self.allowed_topic_arn.as_deref()
    }

    pub async fn verify(&self, body: &[u8]) -> Result<SnsMessage, AuthError> {
        verify_sns(
            body,
            self.certificates.as_ref(),
            self.allowed_topic_arn.as_deref(),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;

    use super::*;
    use crate::StaticCertificateSource;

    /// A real notification AWS signed (SignatureVersion 1), and the certificate SNS signed it
    /// with: proves the canonical string is AWS's, not only our own signer's.
    const AWS_NOTIFICATION: &str = include_str!("../tests/fixtures/aws-sns-notification-2015.json");
    const AWS_CERTIFICATE: &str = include_str!("../tests/fixtures/aws-sns-signing-cert-2015.pem");

    fn aws_message() -> serde_json::Value {
        serde_json::from_str(AWS_NOTIFICATION).unwrap()
    }

    fn body(value: &serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(value).unwrap()
    }

    /// Counts fetches, so tests can tell that a refused URL was never fetched.
    struct Counting {
        inner: StaticCertificateSource,
        fetches: AtomicUsize,
    }

    #[async_trait]
    impl CertificateSource for Counting {
        async fn certificate_pem(&self, url: &str) -> Result<String, AuthError> {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            self.inner.certificate_pem(url).await
        }
    }

    fn aws_source() -> Counting {
        Counting {
            inner: StaticCertificateSource::new(AWS_CERTIFICATE),
            fetches: AtomicUsize::new(0),
        }
    }

    #[tokio::test]
    async fn a_notification_signed_by_aws_verifies_against_the_aws_certificate() {
        let source = aws_source();
        let message = verify_sns(AWS_NOTIFICATION.as_bytes(), &source, None)
            .await
            .expect("AWS's own signature verifies");
        assert_eq!(message.kind, SnsMessageType::Notification);
        assert_eq!(message.message, "boo");
        assert_eq!(message.subject.as_deref(), Some("this is raw"));
        assert_eq!(message.signature_version, SignatureVersion::V1Sha1);
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn the_notification_string_to_sign_is_the_documented_one() {
        let message = SnsMessage::parse(AWS_NOTIFICATION.as_bytes()).unwrap();
        assert_eq!(
            message.string_to_sign(),
            "Message\nboo\nMessageId\nd39649d4-bf5b-5b80-af75-07acb3dd9b4a\nSubject\nthis is raw\n\
             Timestamp\n2015-09-20T01:22:14.001Z\nTopicArn\narn:aws:sns:us-east-1:810605503585:just_testing\n\
             Type\nNotification\n"
        );
        let mut without_subject = message.clone();
        without_subject.subject = None;
        assert!(!without_subject.string_to_sign().contains("Subject"));
    }

    #[test]
    fn the_confirmation_string_to_sign_is_the_documented_one() {
        let mut message = SnsMessage::parse(AWS_NOTIFICATION.as_bytes()).unwrap();
        message.kind = SnsMessageType::SubscriptionConfirmation;
        message.subscribe_url =
            Some("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription".into());
        message.token = Some("t0k3n".into());
        assert_eq!(
            message.string_to_sign(),
            "Message\nboo\nMessageId\nd39649d4-bf5b-5b80-af75-07acb3dd9b4a\n\
             SubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription\n\
             Timestamp\n2015-09-20T01:22:14.001Z\nToken\nt0k3n\n\
             TopicArn\narn:aws:sns:us-east-1:810605503585:just_testing\nType\nSubscriptionConfirmation\n"
        );
        message.kind = SnsMessageType::UnsubscribeConfirmation;
        assert!(
            message
                .string_to_sign()
                .ends_with("Type\nUnsubscribeConfirmation\n")
        );
    }

    #[tokio::test]
    async fn a_tampered_message_is_refused() {
        for (field, value) in [
            ("Message", "boo!"),
            ("Subject", "this is cooked"),
            ("Timestamp", "2015-09-20T01:22:14.002Z"),
            ("MessageId", "d39649d4-bf5b-5b80-af75-07acb3dd9b4b"),
        ] {
            let mut tampered = aws_message();
            tampered[field] = value.into();
            assert_eq!(
                verify_sns(&body(&tampered), &aws_source(), None).await,
                Err(AuthError::SignatureMismatch),
                "{field}"
            );
        }
        let mut no_subject = aws_message();
        no_subject.as_object_mut().unwrap().remove("Subject");
        assert_eq!(
            verify_sns(&body(&no_subject), &aws_source(), None).await,
            Err(AuthError::SignatureMismatch)
        );
    }

    #[tokio::test]
    async fn claiming_signature_version_2_for_a_version_1_signature_is_refused() {
        let mut message = aws_message();
        message["SignatureVersion"] = "2".into();
        assert_eq!(
            verify_sns(&body(&message), &aws_source(), None).await,
            Err(AuthError::SignatureMismatch)
        );
    }

    #[tokio::test]
    async fn a_signature_checked_against_another_certificate_is_refused() {
        let other =
            StaticCertificateSource::new(include_str!("../tests/fixtures/other-signing-cert.pem"));
        assert_eq!(
            verify_sns(AWS_NOTIFICATION.as_bytes(), &other, None).await,
            Err(AuthError::SignatureMismatch)
        );
    }

    #[tokio::test]
    async fn a_certificate_url_off_amazon_sns_is_refused_without_being_fetched() {
        for url in [
            "https://attacker.example/SimpleNotificationService-1.pem",
            "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem",
            "https://sns.us-east-1.amazonaws.com.attacker.example/SimpleNotificationService-1.pem",
            "https://s3.amazonaws.com/bucket/SimpleNotificationService-1.pem",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.txt",
        ] {
            let mut message = aws_message();
            message["SigningCertURL"] = url.into();
            let source = aws_source();
            assert!(
                matches!(
                    verify_sns(&body(&message), &source, None).await,
                    Err(AuthError::UntrustedCertificateUrl(_))
                ),
                "{url}"
            );
            assert_eq!(
                source.fetches.load(Ordering::SeqCst),
                0,
                "{url} was fetched"
            );
        }
    }

    #[tokio::test]
    async fn every_field_that_is_signed_or_needed_must_be_present() {
        for field in [
            "Type",
            "MessageId",
            "TopicArn",
            "Message",
            "Timestamp",
            "SignatureVersion",
            "Signature",
            "SigningCertURL",
        ] {
            let mut message = aws_message();
            message.as_object_mut().unwrap().remove(field);
            assert_eq!(
                verify_sns(&body(&message), &aws_source(), None).await,
                Err(AuthError::MissingField(field)),
                "{field}"
            );
        }
        for field in ["SubscribeURL", "Token"] {
            let mut message = aws_message();
            message["Type"] = "SubscriptionConfirmation".into();
            message["SubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=x".into();
            message["Token"] = "t".into();
            message.as_object_mut().unwrap().remove(field);
            assert_eq!(
                SnsMessage::parse(&body(&message)),
                Err(AuthError::MissingField(field)),
                "{field}"
            );
        }
    }

    #[tokio::test]
    async fn unknown_types_versions_and_bodies_are_refused() {
        let mut message = aws_message();
        message["Type"] = "Surprise".into();
        assert_eq!(
            SnsMessage::parse(&body(&message)),
            Err(AuthError::UnknownMessageType("Surprise".into()))
        );
        let mut message = aws_message();
        message["SignatureVersion"] = "3".into();
        assert_eq!(
            SnsMessage::parse(&body(&message)),
            Err(AuthError::UnsupportedSignatureVersion("3".into()))
        );
        let mut message = aws_message();
        message["Signature"] = "%%% not base64 %%%".into();
        assert_eq!(
            verify_sns(&body(&message), &aws_source(), None).await,
            Err(AuthError::MalformedSignature("Signature is not base64"))
        );
        for junk in [&b"not json"[..], b"[]", b"{\"Type\": 7}", b""] {
            assert!(
                matches!(SnsMessage::parse(junk), Err(AuthError::MalformedMessage(_))),
                "{junk:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_topic_other_than_the_allowed_one_is_refused_before_any_fetch() {
        let source = aws_source();
        let allowed = "arn:aws:sns:us-east-1:810605503585:worklane-inbound";
        assert_eq!(
            verify_sns(AWS_NOTIFICATION.as_bytes(), &source, Some(allowed)).await,
            Err(AuthError::TopicNotAllowed(
                "arn:aws:sns:us-east-1:810605503585:just_testing".into()
            ))
        );
        assert_eq!(source.fetches.load(Ordering::SeqCst), 0);
        let right = "arn:aws:sns:us-east-1:810605503585:just_testing";
        assert!(
            verify_sns(AWS_NOTIFICATION.as_bytes(), &source, Some(right))
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn the_verifier_holds_its_source_and_topic() {
        let verifier = SnsVerifier::new(Arc::new(StaticCertificateSource::new(AWS_CERTIFICATE)))
            .with_allowed_topic_arn(Some(String::new()));
        assert_eq!(
            verifier.allowed_topic_arn(),
            None,
            "an empty ARN allows any topic"
        );
        assert!(verifier.verify(AWS_NOTIFICATION.as_bytes()).await.is_ok());
        let verifier =
            verifier.with_allowed_topic_arn(Some("arn:aws:sns:us-east-1:1:other".into()));
        assert!(matches!(
            verifier.verify(AWS_NOTIFICATION.as_bytes()).await,
            Err(AuthError::TopicNotAllowed(_))
        ));
    }

    #[test]
    fn a_parsed_message_serialises_back_to_an_equivalent_envelope() {
        let message = SnsMessage::parse(AWS_NOTIFICATION.as_bytes()).unwrap();
        let again = SnsMessage::parse(&serde_json::to_vec(&message).unwrap()).unwrap();
        assert_eq!(again, message);
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(json["SigningCertURL"], aws_message()["SigningCertURL"]);
        assert_eq!(json["SignatureVersion"], "1");
        assert!(json.get("Token").is_none());
    }
}
