//! The demos answered through the router, with a clock the tests move by hand.

mod admin_orders;
mod customers;
mod growth;
mod magento;
mod orders;
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

/// The advisors who place orders in the demo shop's admin panel.
pub(super) const ADVISORS: [&str; 3] = ["Riley Rep", "Sam Rivera", "Taylor Chen"];

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
    let mut config = config(seed, backlog);
    config.known_people = known_people;
    demo_from(config, start)
}

/// The tests' configuration: the known people, the advisors, a new record every 4 minutes.
pub(super) fn config(seed: u64, backlog: usize) -> DemoConfig {
    DemoConfig {
        token: TOKEN.into(),
        known_people: known_people(),
        seed,
        backlog,
        every: Duration::from_secs(4 * 60),
        // With a trailing slash, which the demo leaves out of the URLs it writes.
        shop_url: format!("{SHOP_URL}/"),
        advisors: ADVISORS.iter().map(|name| name.to_string()).collect(),
    }
}

/// A demo as `config` says, started at `start`.
pub(super) fn demo_from(config: DemoConfig, start: Timestamp) -> Demo {
    let now = Arc::new(Mutex::new(start));
    let hand = now.clone();
    let clock = Clock::from_fn(move || *hand.lock().unwrap());
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

    /// `POST uri` with a form-encoded body, as a browser submits a form: the status and the
    /// page.
    pub async fn post_form(&self, uri: &str, body: &str) -> (StatusCode, String) {
        let request = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, bytes) = self.send(request).await;
        let page = String::from_utf8(bytes)
            .unwrap_or_else(|_| panic!("{uri} answered {status} with a body that is not UTF-8"));
        (status, page)
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
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
        let response = self.app.clone().oneshot(request).await.unwrap();
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

/// A search of `path` (`/shop/rest/V1/orders`) for rows updated at or after `from`, oldest
/// first and ties by `id_field`, `page_size` a page.
pub(super) fn updated_from(
    path: &str,
    from: &str,
    id_field: &str,
    page_size: usize,
    page: usize,
) -> String {
    format!(
        "{path}?searchCriteria[filter_groups][0][filters][0][field]=updated_at\
         &searchCriteria[filter_groups][0][filters][0][value]={}\
         &searchCriteria[filter_groups][0][filters][0][condition_type]=gteq\
         &searchCriteria[sortOrders][0][field]=updated_at\
         &searchCriteria[sortOrders][0][direction]=ASC\
         &searchCriteria[sortOrders][1][field]={id_field}\
         &searchCriteria[sortOrders][1][direction]=ASC\
         &searchCriteria[pageSize]={page_size}&searchCriteria[currentPage]={page}",
        from.replace(' ', "%20"),
    )
}

/// A search of `path` with one `eq` filter.
pub(super) fn equal(path: &str, field: &str, value: &str) -> String {
    format!(
        "{path}?searchCriteria[filter_groups][0][filters][0][field]={field}\
         &searchCriteria[filter_groups][0][filters][0][value]={}\
         &searchCriteria[filter_groups][0][filters][0][condition_type]=eq\
         &searchCriteria[pageSize]=300",
        value.replace('+', "%2B").replace(' ', "%20"),
    )
}

/// Every row `path`'s search has now, read 300 a page, in the search's default order.
pub(super) async fn all(demo: &Demo, path: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    for page in 1.. {
        let (status, body) = demo
            .get(&format!(
                "{path}?searchCriteria[pageSize]=300&searchCriteria[currentPage]={page}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        rows.extend(body["items"].as_array().unwrap().iter().cloned());
        if rows.len() as u64 >= body["total_count"].as_u64().unwrap() {
            break;
        }
    }
    rows
}

/// A row's (updated_at, id) pair.
fn key(row: &Value, id_field: &str) -> (String, u64) {
    (
        row["updated_at"].as_str().unwrap().to_string(),
        row[id_field].as_u64().unwrap(),
    )
}

/// Pages through `path`'s rows updated from the third oldest second on, in about five pages,
/// as an importer does, and checks they come as all its rows do sorted by (updated_at, id), the
/// page past the end answering the last page again.
pub(super) async fn assert_paged_by_updated_at(demo: &Demo, path: &str, id_field: &str) {
    let mut keys: Vec<(String, u64)> = all(demo, path)
        .await
        .iter()
        .map(|row| key(row, id_field))
        .collect();
    keys.sort();
    assert!(keys.len() >= 10, "{path}: {} rows", keys.len());
    let from = keys[2].0.clone();
    let expected: Vec<(String, u64)> = keys.into_iter().filter(|(at, _)| *at >= from).collect();
    let size = expected.len().div_ceil(5).max(2);
    let pages = expected.len().div_ceil(size);
    let mut seen = Vec::new();
    for page in 1..=pages + 1 {
        let (status, body) = demo
            .get(&updated_from(path, &from, id_field, size, page))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["total_count"], expected.len(), "the filtered count");
        let got: Vec<(String, u64)> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| key(row, id_field))
            .collect();
        if page <= pages {
            seen.extend(got);
        } else {
            assert_eq!(got, expected[(pages - 1) * size..].to_vec());
        }
    }
    assert_eq!(seen, expected);
}

/// A page the demo serves: valid-looking, self-contained HTML5 with no script.
pub(super) fn assert_a_page(uri: &str, body: &str) {
    assert!(body.starts_with("<!DOCTYPE html>"), "{uri}: {body}");
    assert!(body.contains("<html lang=\"en\">") && body.trim_end().ends_with("</html>"));
    assert!(body.contains("<meta charset=\"utf-8\">") && body.contains("<title>"));
    assert!(
        body.contains("<style>"),
        "{uri}: styled by its own style element"
    );
    let lower = body.to_lowercase();
    assert!(!lower.contains("<script"), "{uri}: no script");
    assert!(!lower.contains(" style="), "{uri}: no style attributes");
    assert!(
        !lower.contains("<link"),
        "{uri}: nothing to fetch but the picture"
    );
}
