//! HMAC-SHA256 signatures for Worklane's provider-neutral webhooks (SMS and call events).
//!
//! A sender signs `{timestamp}.{body}` with the shared secret and sends
//!
//! ```text
//! X-Worklane-Timestamp: 1767225600
//! X-Worklane-Signature: sha256=<64 lowercase hex digits>
//! ```
//!
//! The timestamp is part of what is signed, so a captured request cannot be replayed with a
//! fresh timestamp, and one older (or newer) than [`MAX_CLOCK_SKEW_SECS`] is refused.

use ::hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::AuthError;
use crate::error::clip;

/// The header carrying the unix time (seconds) the sender signed at.
pub const TIMESTAMP_HEADER: &str = "X-Worklane-Timestamp";
/// The header carrying `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "X-Worklane-Signature";
/// How far the signed timestamp may be from the receiver's clock, either way.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

const SCHEME: &str = "sha256=";

type HmacSha256 = Hmac<Sha256>;

#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length: new_from_slice cannot fail"
)]
fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `X-Worklane-Signature` value for `body` sent at `timestamp` (unix seconds, as the
/// `X-Worklane-Timestamp` header will carry it): `sha256=` and the hex HMAC-SHA256 of
/// `{timestamp}.{body}` under `secret`.
pub fn sign(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    format!("{SCHEME}{}", hex::encode(tag))
}

/// Checks a provider-neutral webhook: both headers present, the timestamp within
/// [`MAX_CLOCK_SKEW_SECS`] of `now_unix`, and the signature the HMAC of `{timestamp}.{body}`
/// under `secret` (compared in constant time). An empty `secret` refuses everything.
pub fn verify_hmac(
    secret: &[u8],
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> Result<(), AuthError> {
    if secret.is_empty() {
        return Err(AuthError::NoSecret);
    }
    let timestamp = present(timestamp_header).ok_or(AuthError::MissingHeader(TIMESTAMP_HEADER))?;
    let signature = present(signature_header).ok_or(AuthError::MissingHeader(SIGNATURE_HEADER))?;

    let signed_at = parse_unix_seconds(timestamp)
        .ok_or_else(|| AuthError::MalformedTimestamp(clip(timestamp)))?;
    let skew_secs = now_unix.saturating_sub(signed_at);
    if skew_secs.unsigned_abs() > MAX_CLOCK_SKEW_SECS.unsigned_abs() {
        return Err(AuthError::StaleTimestamp { skew_secs });
    }

    let hex_tag = signature
        .strip_prefix(SCHEME)
        .ok_or(AuthError::MalformedSignature("expected sha256=<hex>"))?;
    let tag = hex::decode(hex_tag).map_err(|_| AuthError::MalformedSignature("not hex"))?;
    mac(secret, timestamp, body)
        .verify_slice(&tag)
        .map_err(|_| AuthError::SignatureMismatch)
}

fn present(header: Option<&str>) -> Option<&str> {
    header.map(str::trim).filter(|value| !value.is_empty())
}

/// Plain decimal digits only: no sign, no fraction, no exponent, at most 12 digits.
fn parse_unix_seconds(value: &str) -> Option<i64> {
    if value.is_empty() || value.len() > 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a shared secret of reasonable length";
    const NOW: i64 = 1_767_225_600;
    const BODY: &[u8] = br#"{"channel":"sms","from":"+15551234567","body":"hi"}"#;

    fn signed(timestamp: i64) -> (String, String) {
        let timestamp = timestamp.to_string();
        let signature = sign(SECRET, &timestamp, BODY);
        (timestamp, signature)
    }

    fn check(
        timestamp: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<(), AuthError> {
        verify_hmac(SECRET, timestamp, signature, body, NOW)
    }

    #[test]
    fn the_signature_is_hex_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently (Python's hmac module) for the same secret, time and body.
        assert_eq!(
            sign(SECRET, "1767225600", BODY),
            "sha256=0f4e072e7c7b0b4d95fca75c9e60a7e5c68ae9118c664565a3927d7be4961d89"
        );
    }

    #[test]
    fn a_correctly_signed_request_passes() {
        let (timestamp, signature) = signed(NOW - 10);
        assert_eq!(check(Some(&timestamp), Some(&signature), BODY), Ok(()));
    }

    #[test]
    fn uppercase_hex_and_surrounding_spaces_pass() {
        let (timestamp, signature) = signed(NOW);
        let upper = format!("sha256={}", signature["sha256=".len()..].to_uppercase());
        assert_eq!(
            check(Some(&format!(" {timestamp} ")), Some(&upper), BODY),
            Ok(())
        );
    }

    #[test]
    fn a_tampered_body_is_refused() {
        let (timestamp, signature) = signed(NOW);
        let tampered = br#"{"channel":"sms","from":"+15557654321","body":"hi"}"#;
        assert_eq!(
            check(Some(&timestamp), Some(&signature), tampered),
            Err(AuthError::SignatureMismatch)
        );
    }

    #[test]
    fn a_signature_made_with_another_secret_is_refused() {
        let timestamp = NOW.to_string();
        let forged = sign(b"not the secret", &timestamp, BODY);
        assert_eq!(
            check(Some(&timestamp), Some(&forged), BODY),
            Err(AuthError::SignatureMismatch)
        );
    }

    #[test]
    fn a_signature_moved_to_another_timestamp_is_refused() {
        let (_, signature) = signed(NOW - 60);
        assert_eq!(
            check(Some(&NOW.to_string()), Some(&signature), BODY),
            Err(AuthError::SignatureMismatch)
        );
    }

    #[test]
    fn missing_or_blank_headers_are_refused() {
        let (timestamp, signature) = signed(NOW);
        assert_eq!(
            check(None, Some(&signature), BODY),
            Err(AuthError::MissingHeader(TIMESTAMP_HEADER))
        );
        assert_eq!(
            check(Some(&timestamp), None, BODY),
            Err(AuthError::MissingHeader(SIGNATURE_HEADER))
        );
        assert_eq!(
            check(Some("  "), Some(&signature), BODY),
            Err(AuthError::MissingHeader(TIMESTAMP_HEADER))
        );
    }

    #[test]
    fn malformed_signatures_are_refused() {
        let (timestamp, signature) = signed(NOW);
        let bare_hex = &signature["sha256=".len()..];
        assert_eq!(
            check(Some(&timestamp), Some(bare_hex), BODY),
            Err(AuthError::MalformedSignature("expected sha256=<hex>"))
        );
        assert_eq!(
            check(Some(&timestamp), Some("sha256=not-hex"), BODY),
            Err(AuthError::MalformedSignature("not hex"))
        );
        assert_eq!(
            check(Some(&timestamp), Some("sha256=abcd"), BODY),
            Err(AuthError::SignatureMismatch),
            "a truncated tag is a mismatch"
        );
    }

    #[test]
    fn timestamps_that_are_not_plain_unix_seconds_are_refused() {
        for bad in [
            "-1",
            "+1767225600",
            "1767225600.5",
            "1e9",
            "yesterday",
            "9999999999999",
        ] {
            let signature = sign(SECRET, bad, BODY);
            assert!(
                matches!(
                    check(Some(bad), Some(&signature), BODY),
                    Err(AuthError::MalformedTimestamp(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamps_more_than_five_minutes_away_are_refused_as_replays() {
        for (offset, ok) in [
            (-300, true),
            (300, true),
            (-301, false),
            (301, false),
            (-86_400, false),
        ] {
            let (timestamp, signature) = signed(NOW + offset);
            let result = check(Some(&timestamp), Some(&signature), BODY);
            if ok {
                assert_eq!(result, Ok(()), "{offset}");
            } else {
                assert_eq!(
                    result,
                    Err(AuthError::StaleTimestamp { skew_secs: -offset }),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn an_empty_secret_refuses_even_a_matching_signature() {
        let timestamp = NOW.to_string();
        let signature = sign(b"", &timestamp, BODY);
        assert_eq!(
            verify_hmac(b"", Some(&timestamp), Some(&signature), BODY, NOW),
            Err(AuthError::NoSecret)
        );
    }
}
