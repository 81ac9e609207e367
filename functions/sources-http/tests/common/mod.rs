//! Readers pointed at a fake source on loopback.

// Each test file uses some of these.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;

use wiremock::Request;
use worklane_core::imports::ports::{Connection, Connector, Credentials, SourceReader};
use worklane_core::shop::ports::ShopReader;
use worklane_domain::{AuthMode, ImportSource};
use worklane_sources_http::HttpConnector;
use worklane_sources_http::oauth1::{self as signing, Keys, SIGNATURE_METHOD};

pub fn connection(base_url: &str) -> Connection {
    Connection {
        base_url: base_url.to_owned(),
        store_code: None,
        auth: AuthMode::Bearer,
        quiet_minutes: None,
    }
}

pub fn bearer(token: &str) -> Credentials {
    Credentials::Bearer {
        token: token.to_owned(),
    }
}

pub fn oauth1() -> Credentials {
    Credentials::OAuth1 {
        consumer_key: "consumer-key-1".into(),
        consumer_secret: "consumer/secret+1".into(),
        access_token: "access-token-1".into(),
        access_token_secret: "access~token&secret".into(),
    }
}

pub fn reader(
    source: ImportSource,
    connection: &Connection,
    credentials: Credentials,
) -> Box<dyn SourceReader> {
    HttpConnector::new()
        .unwrap()
        .reader(source, connection, credentials)
        .unwrap()
}

pub fn shop_reader(connection: &Connection, credentials: Credentials) -> Box<dyn ShopReader> {
    HttpConnector::new()
        .unwrap()
        .shop(connection, credentials)
        .unwrap()
}

/// The `Authorization: OAuth …` header's parameters, decoded.
pub fn oauth_params(request: &Request) -> HashMap<String, String> {
    let header = request.headers["authorization"].to_str().unwrap();
    let fields = header.strip_prefix("OAuth ").unwrap();
    fields
        .split(", ")
        .map(|field| {
            let (name, quoted) = field.split_once('=').unwrap();
            let value = quoted.strip_prefix('"').unwrap().strip_suffix('"').unwrap();
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .unwrap()
                .into_owned();
            (name.to_owned(), value)
        })
        .collect()
}

/// Checks that `request` is signed with [`oauth1`]'s credentials (OAuth 1.0a, HMAC-SHA256,
/// query included), without a secret in the header; answers its nonce.
pub fn assert_oauth1_signed(request: &Request) -> String {
    let keys = Keys {
        consumer_key: "consumer-key-1".into(),
        consumer_secret: "consumer/secret+1".into(),
        token: "access-token-1".into(),
        token_secret: "access~token&secret".into(),
    };
    let params = oauth_params(request);
    assert_eq!(params["oauth_signature_method"], SIGNATURE_METHOD);
    assert_eq!(params["oauth_signature_method"], "HMAC-SHA256");
    assert_eq!(params["oauth_version"], "1.0");
    assert_eq!(params["oauth_consumer_key"], "consumer-key-1");
    assert_eq!(params["oauth_token"], "access-token-1");
    let timestamp: i64 = params["oauth_timestamp"].parse().unwrap();
    assert!((jiff::Timestamp::now().as_second() - timestamp).abs() < 60);
    // The URL as the shop sees it: its Host header and the request's path.
    let host = request.headers["host"].to_str().unwrap();
    let url = format!("http://{host}{}", request.url.path());
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let expected = signing::signature(
        "GET",
        &url,
        &query,
        &keys,
        &params["oauth_nonce"],
        timestamp,
    );
    assert_eq!(params["oauth_signature"], expected, "{}", request.url);
    let header = request.headers["authorization"].to_str().unwrap();
    assert!(!header.contains("consumer/secret") && !header.contains("access~token&secret"));
    params["oauth_nonce"].clone()
}
