//! The requests both readers make: the URL built once so it is signed as sent, the
//! credentials attached, and HTTP outcomes turned into `SourceError`s that never carry a
//! secret.

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue, LOCATION};
use reqwest::{Client, StatusCode, Url};
use serde_json::Value;
use worklane_core::imports::ports::{Credentials, SourceError};

use crate::encoding::query_string;
use crate::{message, oauth1};

/// A connection's base URL, checked and without its trailing slash.
pub fn base_url(raw: &str) -> Result<String, SourceError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = Url::parse(trimmed)
        .map_err(|e| SourceError::NotConfigured(format!("the base URL is not valid: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(SourceError::NotConfigured(
            "the base URL must be an http(s) address".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(SourceError::NotConfigured(
            "the base URL must not have a query or a fragment".into(),
        ));
    }
    Ok(trimmed.to_owned())
}

/// How each request proves who sends it.
enum Auth {
    /// `Authorization: Bearer …`, marked sensitive so it is never logged.
    Bearer(HeaderValue),
    /// A fresh OAuth 1.0a signature per request.
    OAuth1(oauth1::Keys),
}

/// One source's HTTP client and credentials.
pub struct Endpoint {
    client: Client,
    auth: Auth,
    /// Secrets to blank out of anything the source says back.
    secrets: Vec<String>,
}

impl Endpoint {
    pub fn new(client: Client, credentials: Credentials) -> Result<Self, SourceError> {
        let missing = |what: &str| SourceError::NotConfigured(format!("no {what} is set"));
        match credentials {
            Credentials::Bearer { token } => {
                if token.trim().is_empty() {
                    return Err(missing("token"));
                }
                let mut header =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        SourceError::NotConfigured(
                            "the token cannot be sent in an HTTP header".into(),
                        )
                    })?;
                header.set_sensitive(true);
                Ok(Self {
                    client,
                    auth: Auth::Bearer(header),
                    secrets: vec![token],
                })
            }
            Credentials::OAuth1 {
                consumer_key,
                consumer_secret,
                access_token,
                access_token_secret,
            } => {
                for (value, what) in [
                    (&consumer_key, "consumer key"),
                    (&consumer_secret, "consumer secret"),
                    (&access_token, "access token"),
                    (&access_token_secret, "access token secret"),
                ] {
                    if value.trim().is_empty() {
                        return Err(missing(what));
                    }
                }
                let secrets = vec![
                    consumer_secret.clone(),
                    access_token.clone(),
                    access_token_secret.clone(),
                ];
                Ok(Self {
                    client,
                    auth: Auth::OAuth1(oauth1::Keys {
                        consumer_key,
                        consumer_secret,
                        token: access_token,
                        token_secret: access_token_secret,
                    }),
                    secrets,
                })
            }
        }
    }

    /// `GET url?query` answered with JSON; a 404 is a `Refused`.
    pub async fn get(&self, url: &str, query: &[(String, String)]) -> Result<Value, SourceError> {
        let url = if query.is_empty() {
            url.to_owned()
        } else {
            format!("{url}?{}", query_string(query))
        };
        let url = Url::parse(&url).map_err(|e| {
            SourceError::NotConfigured(format!("the source's URL is not valid: {e}"))
        })?;
        let authorization = match &self.auth {
            Auth::Bearer(header) => header.clone(),
            Auth::OAuth1(keys) => {
                let now = jiff::Timestamp::now().as_second();
                let value =
                    oauth1::authorization("GET", url.as_str(), query, keys, &oauth1::nonce(), now);
                let mut header = HeaderValue::from_str(&value).map_err(|_| {
                    SourceError::NotConfigured("the OAuth credentials cannot be sent".into())
                })?;
                header.set_sensitive(true);
                header
            }
        };
        let path = url.path().to_owned();
        let response = self
            .client
            .get(url)
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        tracing::debug!(path, status = status.as_u16(), "an import source answered");
        if status.is_redirection() {
            let to = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("elsewhere");
            return Err(SourceError::Refused {
                status: status.as_u16(),
                message: self.redact(format!("the source redirects to {to}: check the base URL")),
            });
        }
        let body = response.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|e| SourceError::Malformed(format!("the answer is not JSON: {e}")));
        }
        let message = self.redact(message::describe(&body));
        Err(match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => SourceError::Unauthorized {
                status: status.as_u16(),
                message,
            },
            _ => SourceError::Refused {
                status: status.as_u16(),
                message,
            },
        })
    }

    /// `GET url` for one record: a 404 means the source no longer has it.
    pub async fn get_optional(&self, url: &str) -> Result<Option<Value>, SourceError> {
        match self.get(url, &[]).await {
            Ok(body) => Ok(Some(body)),
            Err(SourceError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `text` with any of the credentials blanked out (a source may echo what it was sent).
    fn redact(&self, mut text: String) -> String {
        for secret in &self.secrets {
            if secret.len() >= 4 && text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "[redacted]");
            }
        }
        text
    }
}

/// A request that got no HTTP answer: refused connection, DNS, TLS, timeout.
fn unreachable(error: reqwest::Error) -> SourceError {
    let error = error.without_url();
    let mut message = if error.is_timeout() {
        "no answer in time".to_owned()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    SourceError::Unreachable(message)
}
