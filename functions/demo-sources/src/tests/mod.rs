//! The demos answered through the router, with a clock the tests move by hand.

mod growth;
mod magento;
mod storefront;
mod website;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tower::ServiceExt;

use crate::clock::Clock;
use crate::{DemoConfig, DemoPerson, router_with_clock};

pub(super) const TOKEN: &str = "demo-token-0123456789";

/// Where the router is mounted as a browser reaches it (the local server nests it under
/// `/demo-sources`).
pub(super) const MOUNTED_AT: &str = "http://127.0.0.1:8080/demo-sources";
/// The demo shop's base URL as a browser reaches it.
pub(super) const SHOP_URL: &str = "http://127.0.0.1:8080/demo-sources/shop";

/// The router's path for a URL a browser opens under [`MOUNTED_AT`].
pub(super) fn path_of(url: &str) -> &str {
    url.strip_prefix(MOUNTED_AT)
        .unwrap_or_else(|| panic!("{url} is not under {MOUNTED_AT}"))
}

pub(super) fn known_people() -> Vec<DemoPerson> {
    [
        ("Ann", "Lee", "ann.lee@example.com", Some("+1 555 0101")),
        ("Ben", "Ortiz", "ben.ortiz@example.com", None),
        (
            "Carla",
            "Nguyen",
            "carla.nguyen@example.com",
            Some("+1 555 0103"),
        ),
        (
            "Dev",
            "Sharma",
            "dev.sharma@example.com",
            Some("+1 555 0104"),
        ),
    ]
    .into_iter()
    .map(|(first, last, email, phone)| DemoPerson {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        phone: phone.map(Into::into),
    })
    .collect()
}

/// A demo router and the hand on its clock.
pub(super) struct Demo {
    app: Router,
    now: Arc<Mutex<Timestamp>>,
}

pub(super) fn demo(seed: u64, backlog: usize) -> Demo {
    demo_at(seed, backlog, "2026-03-10T12:00:00Z".parse().unwrap())
}

pub(super) fn demo_at(seed: u64, backlog: usize, start: Timestamp) -> Demo {
    demo_with(seed, backlog, start, known_people())
}

/// A demo whose existing contacts are `known_people` (customers 1001, 1002, ... in the shop).
pub(super) fn demo_with(
    seed: u64,
    backlog: usize,
    start: Timestamp,
    known_people: Vec<DemoPerson>,
) -> Demo {
    let now = Arc::new(Mutex::new(start));
    let hand = now.clone();
    let clock = Clock::from_fn(move || *hand.lock().unwrap());
    let config = DemoConfig {
        token: TOKEN.into(),
        known_people,
        seed,
        backlog,
        every: Duration::from_secs(4 * 60),
        // With a trailing slash, which the demo leaves out of the URLs it writes.
        shop_url: format!("{SHOP_URL}/"),
    };
    Demo {
        app: router_with_clock(config, clock),
        now,
    }
}

impl Demo {
    /// Moves the clock on.
    pub fn pass(&self, minutes: i64) {
        let mut now = self.now.lock().unwrap();
        *now += SignedDuration::from_mins(minutes);
    }

    pub fn now(&self) -> Timestamp {
        *self.now.lock().unwrap()
    }

    /// `GET uri` with the demo's token.
    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.get_as(uri, Some(&format!("Bearer {TOKEN}"))).await
    }

    pub async fn get_as(&self, uri: &str, authorization: Option<&str>) -> (StatusCode, Value) {
        let (status, _, bytes) = self.request(uri, authorization).await;
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{uri} answered {status} with a body that is not JSON"));
        (status, body)
    }

    /// `GET uri` as a browser opens a page or a picture: without a token. The status, the
    /// content type and the body as text.
    pub async fn open(&self, uri: &str) -> (StatusCode, String, String) {
        let (status, content_type, bytes) = self.request(uri, None).await;
        let body = String::from_utf8(bytes)
            .unwrap_or_else(|_| panic!("{uri} answered {status} with a body that is not UTF-8"));
        (status, content_type, body)
    }

    async fn request(
        &self,
        uri: &str,
        authorization: Option<&str>,
    ) -> (StatusCode, String, Vec<u8>) {
        let mut request = Request::get(uri);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, content_type, bytes.to_vec())
    }
}
