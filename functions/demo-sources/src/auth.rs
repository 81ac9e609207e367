//! The bearer token both demos accept.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

/// Whether the request carries `Authorization: Bearer <token>`.
pub(crate) fn bearer_ok(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, given)) = value.trim().split_once(' ') else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && same(given.trim(), token)
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}
