//! The demos answered through the router, with a clock the tests move by hand.

mod growth;
mod magento;
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
    let now = Arc::new(Mutex::new(start));
    let hand = now.clone();
    let clock = Clock::from_fn(move || *hand.lock().unwrap());
    let config = DemoConfig {
        token: TOKEN.into(),
        known_people: known_people(),
        seed,
        backlog,
        every: Duration::from_secs(4 * 60),
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
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{uri} answered {status} with a body that is not JSON"));
        (status, body)
    }
}
