//! Where SNS signing certificates come from, which URLs may be fetched, and the RSA key inside.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::Url;
use x509_cert::Certificate;
use x509_cert::der::DecodePem;
use x509_cert::spki::ObjectIdentifier;

use crate::AuthError;
use crate::error::clip;
use crate::sns::{SnsMessage, SnsMessageType};

/// `rsaEncryption` (RFC 8017): the only key type SNS signs with.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// Real SNS certificates are about 2 KB; anything far larger is not one.
const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Where [`verify_sns`](crate::verify_sns) gets the PEM certificate named by a message's
/// `SigningCertURL`. It is only ever called with a URL that passed
/// [`check_signing_cert_url`], so an implementation need not check it again.
#[async_trait]
pub trait CertificateSource: Send + Sync {
    async fn certificate_pem(&self, url: &str) -> Result<String, AuthError>;
}

/// Whether `host` is `sns.<region>.amazonaws.com` or `sns.<region>.amazonaws.com.cn`.
fn is_sns_host(host: &str) -> bool {
    let region = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
        .and_then(|rest| rest.strip_prefix("sns."));
    region.is_some_and(|region| {
        !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

/// An `https` URL on an Amazon SNS host with no credentials, port, or fragment.
fn sns_https_url(value: &str) -> Option<Url> {
    let url = Url::parse(value).ok()?;
    let plain = url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && url.fragment().is_none();
    let on_sns = url.host_str().is_some_and(is_sns_host);
    (plain && on_sns).then_some(url)
}

/// Checks a `SigningCertURL` before anything fetches it: `https`, a host
/// `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`), the default port, a path ending in
/// `.pem`, no query. Anything else could make the server fetch (and trust) an attacker's key.
pub fn check_signing_cert_url(value: &str) -> Result<Url, AuthError> {
    sns_https_url(value)
        .filter(|url| url.path().ends_with(".pem") && url.query().is_none())
        .ok_or_else(|| AuthError::UntrustedCertificateUrl(clip(value)))
}

/// Checks a `SubscribeURL` before it is visited: `https` on an Amazon SNS host.
pub fn check_subscribe_url(value: &str) -> Result<Url, AuthError> {
    sns_https_url(value).ok_or_else(|| AuthError::UntrustedSubscribeUrl(clip(value)))
}

/// The DER `RSAPublicKey` (PKCS#1) inside a PEM X.509 certificate, as ring verifies with.
pub(crate) fn rsa_public_key_der(certificate_pem: &str) -> Result<Vec<u8>, AuthError> {
    let certificate = Certificate::from_pem(certificate_pem.trim().as_bytes())
        .map_err(|e| AuthError::BadCertificate(format!("not a PEM X.509 certificate ({e})")))?;
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(AuthError::BadCertificate(format!(
            "its key is {}, not RSA",
            spki.algorithm.oid
        )));
    }
    spki.subject_public_key
        .as_bytes()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| AuthError::BadCertificate("its key is not a whole number of bytes".into()))
}

/// One certificate for every allowed URL: the local demo (with
/// [`DEMO_CERTIFICATE_PEM`](crate::DEMO_CERTIFICATE_PEM), whose key `worklane simulate` signs
/// with) and tests. Never fetches anything.
#[derive(Debug, Clone)]
pub struct StaticCertificateSource {
    pem: String,
}

impl StaticCertificateSource {
    pub fn new(pem: impl Into<String>) -> Self {
        Self { pem: pem.into() }
    }

    /// The demo certificate: accepts messages signed by `sign_sns` with the demo key. For the
    /// local server only — anyone can sign with the demo key, it is in this repository.
    pub fn demo() -> Self {
        Self::new(crate::DEMO_CERTIFICATE_PEM)
    }
}

#[async_trait]
impl CertificateSource for StaticCertificateSource {
    async fn certificate_pem(&self, _url: &str) -> Result<String, AuthError> {
        Ok(self.pem.clone())
    }
}

/// Fetches signing certificates from Amazon SNS over HTTPS (rustls), without following
/// redirects, and keeps each one in memory by URL: SNS names a new certificate by a new URL,
/// so a cached one never goes stale. Only certificates that parse are kept.
#[derive(Debug)]
pub struct HttpsCertificateSource {
    client: reqwest::Client,
    cache: Mutex<HashMap<String, String>>,
}

fn https_client() -> Result<reqwest::Client, AuthError> {
    reqwest::Client::builder()
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(FETCH_TIMEOUT)
        .build()
        .map_err(|e| AuthError::CertificateUnavailable(format!("no HTTPS client: {e}")))
}

impl HttpsCertificateSource {
    /// A source with its own HTTPS client (5 s timeout, no redirects, https only).
    pub fn new() -> Result<Self, AuthError> {
        Ok(Self::with_client(https_client()?))
    }

    /// A source using `client`, which should refuse redirects and time out.
    pub fn with_client(client: reqwest::Client) -> Self {
        Self {
            client,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn cached(&self, url: &str) -> Option<String> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(url)
            .cloned()
    }

    async fn fetch(&self, url: &str) -> Result<String, AuthError> {
        let unavailable =
            |what: String| AuthError::CertificateUnavailable(format!("{what} ({})", clip(url)));
        let mut response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| unavailable(format!("request failed: {e}")))?;
        if !response.status().is_success() {
            return Err(unavailable(format!("answered {}", response.status())));
        }
        if response
            .content_length()
            .is_some_and(|length| length > MAX_CERTIFICATE_BYTES as u64)
        {
            return Err(unavailable("too large to be a certificate".into()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| unavailable(format!("reading failed: {e}")))?
        {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_CERTIFICATE_BYTES {
                return Err(unavailable("too large to be a certificate".into()));
            }
        }
        String::from_utf8(body).map_err(|_| unavailable("not PEM text".into()))
    }
}

#[async_trait]
impl CertificateSource for HttpsCertificateSource {
    async fn certificate_pem(&self, url: &str) -> Result<String, AuthError> {
        if let Some(pem) = self.cached(url) {
            return Ok(pem);
        }
        // The same check verify_sns makes, so this source is safe on its own too.
        let url = check_signing_cert_url(url)?;
        let pem = self.fetch(url.as_str()).await?;
        rsa_public_key_der(&pem)?;
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(url.to_string(), pem.clone());
        Ok(pem)
    }
}

/// Confirms the subscription a verified `SubscriptionConfirmation` asks about, by visiting its
/// `SubscribeURL` (which must be `https` on an Amazon SNS host). Until this is done, SNS
/// delivers nothing to the endpoint.
pub async fn confirm_subscription(message: &SnsMessage) -> Result<(), AuthError> {
    if message.kind != SnsMessageType::SubscriptionConfirmation {
        return Err(AuthError::ConfirmationFailed(format!(
            "a {} is not a subscription confirmation",
            message.kind.as_str()
        )));
    }
    let url = message
        .subscribe_url
        .as_deref()
        .ok_or(AuthError::MissingField("SubscribeURL"))?;
    let url = check_subscribe_url(url)?;
    let client = https_client()?;
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| AuthError::ConfirmationFailed(format!("request failed: {e}")))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(AuthError::ConfirmationFailed(format!(
            "SNS answered {}",
            response.status()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sns_certificate_urls_in_every_partition_are_allowed() {
        for url in [
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-bb750dd426d95ee9390147a5624348ee.pem",
            "https://sns.eu-west-3.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem",
            "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem",
            "https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-x.pem",
            "https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-x.pem",
        ] {
            assert!(check_signing_cert_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn other_certificate_urls_are_refused() {
        for url in [
            "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-x.pem",
            "https://user:pw@sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem?x=1",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem#frag",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem.exe",
            "https://sns.us-east-1.amazonaws.com/",
            "https://sns.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns..amazonaws.com/SimpleNotificationService-x.pem",
            "https://sqs.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://xsns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns.us_east_1.amazonaws.com/SimpleNotificationService-x.pem",
            "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-x.pem",
            "https://evil.example/sns.us-east-1.amazonaws.com/x.pem",
            "https://evil.example/?h=sns.us-east-1.amazonaws.com/x.pem",
            "https://52.94.0.1/SimpleNotificationService-x.pem",
            "file:///etc/ssl/SimpleNotificationService-x.pem",
            "not a url",
            "",
        ] {
            assert!(
                matches!(
                    check_signing_cert_url(url),
                    Err(AuthError::UntrustedCertificateUrl(_))
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn subscribe_urls_must_be_https_on_sns() {
        assert!(
            check_subscribe_url(
                "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:1:t&Token=abc"
            )
            .is_ok()
        );
        for url in [
            "http://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription",
            "https://169.254.169.254/latest/meta-data/",
            "https://internal.example/?Action=ConfirmSubscription",
        ] {
            assert!(
                matches!(
                    check_subscribe_url(url),
                    Err(AuthError::UntrustedSubscribeUrl(_))
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn the_rsa_key_comes_out_of_a_pem_certificate() {
        let key = rsa_public_key_der(include_str!(
            "../tests/fixtures/aws-sns-signing-cert-2015.pem"
        ))
        .unwrap();
        // RSAPublicKey ::= SEQUENCE { modulus, publicExponent }: a 2048-bit modulus in 270 bytes.
        assert_eq!(key.len(), 270);
        assert_eq!(key[0], 0x30);
        assert!(rsa_public_key_der(crate::DEMO_CERTIFICATE_PEM).is_ok());
    }

    #[test]
    fn text_that_is_not_a_certificate_is_refused() {
        for pem in [
            "",
            "hello",
            include_str!("../tests/fixtures/demo-signing-key.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        ] {
            assert!(
                matches!(rsa_public_key_der(pem), Err(AuthError::BadCertificate(_))),
                "{pem}"
            );
        }
    }

    #[tokio::test]
    async fn the_https_source_refuses_a_url_off_sns_without_fetching() {
        let source = HttpsCertificateSource::new().unwrap();
        assert!(matches!(
            source.certificate_pem("https://127.0.0.1:1/x.pem").await,
            Err(AuthError::UntrustedCertificateUrl(_))
        ));
    }

    #[tokio::test]
    async fn the_https_source_answers_from_its_cache() {
        let source = HttpsCertificateSource::new().unwrap();
        let url = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-cached.pem";
        source
            .cache
            .lock()
            .unwrap()
            .insert(url.into(), crate::DEMO_CERTIFICATE_PEM.into());
        // No network here: only the cache can answer.
        assert_eq!(
            source.certificate_pem(url).await.unwrap(),
            crate::DEMO_CERTIFICATE_PEM
        );
    }

    #[tokio::test]
    async fn only_a_subscription_confirmation_with_an_sns_subscribe_url_is_confirmed() {
        let mut message = SnsMessage::parse(
            include_str!("../tests/fixtures/aws-sns-notification-2015.json").as_bytes(),
        )
        .unwrap();
        assert!(matches!(
            confirm_subscription(&message).await,
            Err(AuthError::ConfirmationFailed(_))
        ));
        message.kind = SnsMessageType::SubscriptionConfirmation;
        message.subscribe_url = Some("https://127.0.0.1:1/?Action=ConfirmSubscription".into());
        assert!(matches!(
            confirm_subscription(&message).await,
            Err(AuthError::UntrustedSubscribeUrl(_))
        ));
    }
}
