//! The session cookie and the trusted-device cookie: HttpOnly (no script can read them),
//! SameSite=Strict (never sent on cross-site requests), Secure everywhere but on a loopback
//! host, where plain HTTP is normal.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite, time::Duration};
use worklane_core::{DeviceToken, SESSION_HOURS, SessionToken, TRUSTED_DEVICE_DAYS};

pub const NAME: &str = "worklane_session";
/// Marks a browser that has signed in before, so a stranger's failures elsewhere never lock
/// it out (see the core's sign-in throttle). Only sent to the sign-in endpoint.
pub const DEVICE_NAME: &str = "worklane_device";
const DEVICE_PATH: &str = "/api/session";

pub fn read(headers: &HeaderMap) -> Option<String> {
    read_named(headers, NAME)
}

pub fn read_device(headers: &HeaderMap) -> Option<DeviceToken> {
    read_named(headers, DEVICE_NAME)
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(|v| DeviceToken::from_cookie(&v))
}

fn read_named(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
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

fn build(
    request_headers: &HeaderMap,
    (name, path): (&'static str, &'static str),
    value: String,
    max_age: Duration,
) -> Option<HeaderValue> {
    let cookie = Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(!is_loopback(request_headers))
        .path(path)
        .max_age(max_age)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

pub fn set(request_headers: &HeaderMap, token: &SessionToken) -> Option<HeaderValue> {
    build(
        request_headers,
        (NAME, "/"),
        token.expose().to_string(),
        Duration::hours(SESSION_HOURS),
    )
}

pub fn set_device(request_headers: &HeaderMap, device: &DeviceToken) -> Option<HeaderValue> {
    build(
        request_headers,
        (DEVICE_NAME, DEVICE_PATH),
        device.expose().to_string(),
        Duration::days(TRUSTED_DEVICE_DAYS),
    )
}

pub fn clear(request_headers: &HeaderMap) -> Option<HeaderValue> {
    build(request_headers, (NAME, "/"), String::new(), Duration::ZERO)
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
