//! What the API trusts about where a request came from: the client's address as the
//! infrastructure in front of it vouches for it, never a header the client could set itself.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use worklane_core::CoreError;

use crate::{ApiError, AppState};

/// The header CloudFront adds to every request it forwards to the API, with a secret only
/// CloudFront and the API know.
pub const ORIGIN_SECRET_HEADER: &str = "x-worklane-origin-verify";
/// The viewer's `address:port`, added by CloudFront (IPv6 unbracketed).
pub const VIEWER_ADDRESS_HEADER: &str = "cloudfront-viewer-address";

/// How requests reach the API.
#[derive(Clone)]
pub enum Edge {
    /// Clients connect straight to the server (the local server, the tests): the TCP peer is
    /// the client. The server must be run with connect info.
    Direct,
    /// Through CloudFront only. A request without CloudFront's origin secret is refused, so
    /// the `CloudFront-Viewer-Address` CloudFront adds is the client's address.
    CloudFront { origin_secret: Arc<str> },
}

impl Edge {
    /// Behind CloudFront with this origin secret; a blank secret is refused, since it would
    /// let anyone who finds the API's own endpoint claim any address.
    pub fn cloudfront(origin_secret: &str) -> Result<Self, String> {
        let secret = origin_secret.trim();
        if secret.len() < 32 {
            return Err(
                "the origin secret (WORKLANE_ORIGIN_SECRET) must be at least 32 characters".into(),
            );
        }
        Ok(Edge::CloudFront {
            origin_secret: Arc::from(secret),
        })
    }
}

/// Refuses, with 403, every request that did not come through CloudFront.
pub async fn require_edge(State(edge): State<Edge>, request: Request, next: Next) -> Response {
    if let Edge::CloudFront { origin_secret } = &edge {
        let presented = request
            .headers()
            .get(ORIGIN_SECRET_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        // Comparing digests keeps the comparison's time independent of the secret.
        if Sha256::digest(presented) != Sha256::digest(origin_secret.as_bytes()) {
            return ApiError::Core(CoreError::Forbidden(
                "this API answers only through the app's own address".into(),
            ))
            .into_response();
        }
    }
    next.run(request).await
}

/// The client's address as the edge vouches for it.
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let address = match &state.edge {
            Edge::Direct => parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip()),
            Edge::CloudFront { .. } => parts
                .headers
                .get(VIEWER_ADDRESS_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_viewer_address),
        };
        address.map(ClientAddress).ok_or_else(|| {
            ApiError::Core(CoreError::Internal(
                "the client's address is unknown: serve with connect info, or forward CloudFront-Viewer-Address".into(),
            ))
        })
    }
}

/// `192.0.2.1:443`, `2001:db8::1:443` (CloudFront's unbracketed IPv6) or `[2001:db8::1]:443`.
fn parse_viewer_address(value: &str) -> Option<IpAddr> {
    let value = value.trim();
    if let Ok(socket) = value.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    let (address, port) = value.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    address.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudfront_viewer_addresses_parse_in_every_form_it_sends() {
        let parse = |v| parse_viewer_address(v).map(|a| a.to_string());
        assert_eq!(parse("192.0.2.1:46532").as_deref(), Some("192.0.2.1"));
        assert_eq!(
            parse("2001:db8:1:2::7:46532").as_deref(),
            Some("2001:db8:1:2::7")
        );
        assert_eq!(parse("[2001:db8::7]:443").as_deref(), Some("2001:db8::7"));
        assert_eq!(parse("192.0.2.1"), None, "the port is always there");
        assert_eq!(parse("not an address:80"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn a_short_origin_secret_is_refused() {
        assert!(Edge::cloudfront("too short").is_err());
        assert!(Edge::cloudfront(&"x".repeat(32)).is_ok());
    }
}
