//! Readers pointed at a fake source on loopback.

// Each test file uses some of these.
#![allow(dead_code, clippy::unwrap_used)]

use worklane_core::imports::ports::{Connection, Connector, Credentials, SourceReader};
use worklane_domain::{AuthMode, ImportSource};
use worklane_sources_http::HttpConnector;

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
