//! Outbound HTTP for scheduled imports, and the only place it lives: the website's feed
//! (docs/website-feed.md), and a Magento 2 shop's carts, customers and orders, behind the
//! core's `Connector`, `SourceReader` and `ShopReader` ports.

use std::time::Duration;

use worklane_core::imports::ports::{
    Connection, Connector, Credentials, SourceError, SourceReader,
};
use worklane_core::shop::ports::ShopReader;
use worklane_domain::{ImportSource, SourceSystem};

mod encoding;
mod http;
mod magento;
mod message;
pub mod oauth1;
mod website;

/// How long one request may take before its source counts as unreachable.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Makes readers for every import source, sharing one HTTP client (and its connections).
#[derive(Clone)]
pub struct HttpConnector {
    client: reqwest::Client,
}

/// The HTTP client could not be set up (its TLS backend failed to load).
#[derive(Debug, thiserror::Error)]
#[error("the imports' HTTP client could not be built: {0}")]
pub struct BuildError(String);

impl HttpConnector {
    pub fn new() -> Result<Self, BuildError> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("worklane-imports/", env!("CARGO_PKG_VERSION")))
            // A redirect would drop or invalidate the credentials: say where it points instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| BuildError(e.to_string()))?;
        Ok(Self { client })
    }
}

impl Connector for HttpConnector {
    fn reader(
        &self,
        source: ImportSource,
        connection: &Connection,
        credentials: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError> {
        let base_url = http::base_url(&connection.base_url)?;
        match source.system() {
            SourceSystem::Magento => {
                let endpoint = http::Endpoint::new(self.client.clone(), credentials)?;
                let api = magento::Api::new(endpoint, &base_url, connection.store_code.as_deref());
                Ok(Box::new(magento::Carts::new(api, connection.quiet_minutes)))
            }
            SourceSystem::WebsiteFeed => {
                if matches!(credentials, Credentials::OAuth1 { .. }) {
                    return Err(SourceError::NotConfigured(
                        "the website feed takes a bearer token, not OAuth 1.0a credentials".into(),
                    ));
                }
                let endpoint = http::Endpoint::new(self.client.clone(), credentials)?;
                Ok(Box::new(website::Feed::new(
                    endpoint,
                    base_url,
                    source.key(),
                )))
            }
        }
    }

    fn shop(
        &self,
        connection: &Connection,
        credentials: Credentials,
    ) -> Result<Box<dyn ShopReader>, SourceError> {
        let base_url = http::base_url(&connection.base_url)?;
        let endpoint = http::Endpoint::new(self.client.clone(), credentials)?;
        let api = magento::Api::new(endpoint, &base_url, connection.store_code.as_deref());
        Ok(Box::new(magento::Shop::new(api)))
    }
}
