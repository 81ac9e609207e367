//! The session cookie: HttpOnly (no script can read it), SameSite=Strict (never sent on
//! cross-site requests), Secure everywhere but on a loopback host, where plain HTTP is
//! normal.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite, time::Duration};
use worklane_core::{SESSION_HOURS, SessionToken};

pub const NAME: &str = "worklane_session";

pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == NAME)
        .map(|c| c.value().to_string())
}

fn is_loopback(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

fn build(request_headers: &HeaderMap, value: String, max_age: Duration) -> Option<HeaderValue> {
    let cookie = Cookie::build((NAME, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(!is_loopback(request_headers))
        .path("/")
        .max_age(max_age)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

pub fn set(request_headers: &HeaderMap, token: &SessionToken) -> Option<HeaderValue> {
    build(
        request_headers,
        token.expose().to_string(),
        Duration::hours(SESSION_HOURS),
    )
}

pub fn clear(request_headers: &HeaderMap) -> Option<HeaderValue> {
    build(request_headers, String::new(), Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        h
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_off_loopback() {
        let token = SessionToken::from_cookie("abc");
        let remote = set(&headers("crm.example.com"), &token).unwrap();
        let text = remote.to_str().unwrap();
        for part in [
            "worklane_session=abc",
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
        ] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        let local = set(&headers("127.0.0.1:8080"), &token).unwrap();
        assert!(!local.to_str().unwrap().contains("Secure"));
        assert!(
            !set(&headers("[::1]:8080"), &token)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }

    #[test]
    fn the_session_is_read_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; worklane_session=tok; b=2"),
        );
        assert_eq!(read(&h).as_deref(), Some("tok"));
    }
}
