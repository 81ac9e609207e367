//! Why a webhook was refused.

use crate::hmac::{MAX_CLOCK_SKEW_SECS, SIGNATURE_HEADER, TIMESTAMP_HEADER};

/// Why a webhook request was not authenticated. Every variant means "answer 401 and log it":
/// the messages are written for a log line (they may quote a clipped piece of the request, such
/// as a URL), never for the client, which should only learn that it was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The server has no secret to check HMAC signatures with: a configuration error, not the
    /// sender's. Refusing is the only safe answer (anyone can sign with an empty key).
    #[error("no webhook secret is configured (WORKLANE_WEBHOOK_SECRET is empty)")]
    NoSecret,
    #[error("missing {0} header")]
    MissingHeader(&'static str),
    #[error("{TIMESTAMP_HEADER} is not a unix time in seconds: `{0}`")]
    MalformedTimestamp(String),
    /// Outside the replay window: either a replay or a sender whose clock is wrong.
    #[error(
        "{TIMESTAMP_HEADER} is {skew_secs} s away from now, more than the {MAX_CLOCK_SKEW_SECS} s allowed (replay or clock skew)"
    )]
    StaleTimestamp { skew_secs: i64 },
    /// `X-Worklane-Signature` or an SNS `Signature` that cannot be decoded.
    #[error("malformed signature: {0}")]
    MalformedSignature(&'static str),
    /// Well formed, but not made with the key we check against: forged or tampered.
    #[error("signature does not match the payload")]
    SignatureMismatch,

    /// The body is not an SNS JSON envelope.
    #[error("not an SNS message: {0}")]
    MalformedMessage(String),
    #[error("SNS message has no {0}")]
    MissingField(&'static str),
    #[error("SNS message Type `{0}` is not one Worklane handles")]
    UnknownMessageType(String),
    #[error("SNS SignatureVersion `{0}` is not supported (only 1 and 2)")]
    UnsupportedSignatureVersion(String),
    /// Checked before anything is fetched: only Amazon SNS hosts serve signing certificates.
    #[error("SigningCertURL `{0}` is not an Amazon SNS certificate URL")]
    UntrustedCertificateUrl(String),
    #[error("SubscribeURL `{0}` is not an Amazon SNS URL")]
    UntrustedSubscribeUrl(String),
    #[error("could not fetch the SNS signing certificate: {0}")]
    CertificateUnavailable(String),
    #[error("the SNS signing certificate is unusable: {0}")]
    BadCertificate(String),
    #[error("SNS topic `{0}` is not the topic Worklane accepts")]
    TopicNotAllowed(String),
    #[error("could not confirm the SNS subscription: {0}")]
    ConfirmationFailed(String),
}

impl AuthError {
    /// The header name for a missing timestamp: lets callers match without string literals.
    pub const MISSING_TIMESTAMP: AuthError = AuthError::MissingHeader(TIMESTAMP_HEADER);
    /// The header name for a missing signature.
    pub const MISSING_SIGNATURE: AuthError = AuthError::MissingHeader(SIGNATURE_HEADER);
}

/// At most 120 characters of a sender-controlled value, for a log line.
pub(crate) fn clip(value: &str) -> String {
    const MAX: usize = 120;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        let mut clipped: String = value.chars().take(MAX).collect();
        clipped.push('…');
        clipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sender_values_are_clipped_for_the_log() {
        assert_eq!(clip("short"), "short");
        let long = "x".repeat(500);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), 121);
        assert!(clipped.ends_with('…'));
    }

    #[test]
    fn messages_name_what_was_wrong() {
        assert_eq!(
            AuthError::MISSING_TIMESTAMP.to_string(),
            "missing X-Worklane-Timestamp header"
        );
        assert!(
            AuthError::StaleTimestamp { skew_secs: -301 }
                .to_string()
                .contains("-301 s")
        );
    }
}
