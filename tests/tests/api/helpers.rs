use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::{Client, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use worklane_core::{SwitchableOutbox, Worklane};
use worklane_domain::{
    ContactView, Email, ErrorBody, InboxEntry, NewUser, Page, Password, PersonName, Role,
    UnreadCount, UserView, WorkItemView,
};
use worklane_store::{EmbeddedStore, ItemStore};
use worklane_webhook_auth::{SnsVerifier, StaticCertificateSource};

pub const PASSWORD: &str = "a long password";

/// The secret SMS and call events are signed with in the tests.
pub const WEBHOOK_SECRET: &[u8] = b"a test webhook secret of 32+ characters";

/// The only SNS topic the tests' API accepts inbound email from.
pub const INBOUND_TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:worklane-inbound-email";

/// A running API and the use cases behind it.
pub struct TestApp {
    pub address: String,
    pub worklane: Worklane,
    /// The local outbox the app sends through; `fail_with` makes every send fail.
    pub messaging: Arc<SwitchableOutbox>,
    /// Where the demo website and shop answer, for an app made by [`spawn_app_with_sources`].
    pub sources: Option<String>,
}

/// The token the tests' demo sources accept.
pub const SOURCE_TOKEN: &str = "a-test-source-token";

/// One browser: a cookie jar talking to the app.
pub struct Browser {
    pub client: Client,
    address: String,
}

/// The store behind a test app: the in-memory embedded engine, or DynamoDB (on the moto
/// server at `WORKLANE_DYNAMODB_ENDPOINT`) when `WORKLANE_TEST_ENGINE=dynamodb`, so the same
/// suite proves the use cases on both engines.
async fn test_store() -> Arc<dyn ItemStore> {
    match std::env::var("WORKLANE_TEST_ENGINE").as_deref() {
        Ok("dynamodb") => {
            static TABLES: AtomicUsize = AtomicUsize::new(0);
            let endpoint = std::env::var("WORKLANE_DYNAMODB_ENDPOINT")
                .expect("WORKLANE_TEST_ENGINE=dynamodb needs WORKLANE_DYNAMODB_ENDPOINT (scripts/with-moto.sh sets it)");
            let table = format!(
                "api-{}-{}",
                std::process::id(),
                TABLES.fetch_add(1, Ordering::Relaxed)
            );
            let client = worklane_store_dynamo::local_client(&endpoint);
            worklane_store_dynamo::create_table(&client, &table)
                .await
                .expect("table on moto");
            Arc::new(worklane_store_dynamo::DynamoStore::new(client, table))
        }
        _ => Arc::new(EmbeddedStore::in_memory().expect("in-memory store")),
    }
}

pub async fn spawn_app() -> TestApp {
    let store = test_store().await;
    let messaging = Arc::new(SwitchableOutbox::new(store.clone()));
    // The local server's phone: every number answers, and the rep hangs up.
    let worklane = Worklane::new(store, messaging.clone())
        .listing_the_outbox()
        .with_telephony(Arc::new(worklane_core::calls::ports::SimulatedPhone));
    serve(worklane, messaging).await
}

/// An app whose imports read over HTTP, and a demo website feed and Magento shop on a
/// loopback port of their own (`sources`), the same shapes as the real ones.
pub async fn spawn_app_with_sources() -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let sources = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let config = worklane_demo_sources::DemoConfig {
        token: SOURCE_TOKEN.into(),
        known_people: vec![worklane_demo_sources::DemoPerson {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann.lee@example.com".into(),
            phone: None,
        }],
        seed: 7,
        backlog: 8,
        every: std::time::Duration::from_secs(3600),
        shop_url: format!("{sources}/shop"),
        advisors: vec![
            "User sam@example.com".into(),
            "User riley@example.com".into(),
        ],
    };
    let router = worklane_demo_sources::router(config);
    tokio::spawn(async move { axum::serve(listener, router).await.expect("sources run") });
    let store = test_store().await;
    let messaging = Arc::new(SwitchableOutbox::new(store.clone()));
    let connector = worklane_sources_http::HttpConnector::new().expect("an HTTP client");
    let worklane = Worklane::new(store, messaging.clone())
        .listing_the_outbox()
        .with_telephony(Arc::new(worklane_core::calls::ports::SimulatedPhone))
        .with_imports(
            Arc::new(connector),
            Arc::new(worklane_core::imports::ports::MemorySecrets::default()),
        );
    let mut app = serve(worklane, messaging).await;
    app.sources = Some(sources);
    app
}

/// An app that sends through an adapter that is not the local outbox, as on AWS.
pub async fn spawn_app_sending_for_real() -> TestApp {
    let store = test_store().await;
    let messaging = Arc::new(SwitchableOutbox::new(store.clone()));
    serve(Worklane::new(store, messaging.clone()), messaging).await
}

async fn serve(worklane: Worklane, messaging: Arc<SwitchableOutbox>) -> TestApp {
    worklane
        .catalog()
        .ensure_presets()
        .await
        .expect("preset workflows and types");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let sns = SnsVerifier::new(Arc::new(StaticCertificateSource::demo()))
        .with_allowed_topic_arn(Some(INBOUND_TOPIC.into()));
    let webhooks = worklane_api::Webhooks::new(WEBHOOK_SECRET, sns);
    let router = worklane_api::router(worklane.clone(), webhooks, worklane_api::Edge::Direct)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await.expect("server runs") });
    TestApp {
        address,
        worklane,
        messaging,
        sources: None,
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        self.browser_at("127.0.0.1")
    }

    /// A browser on another machine: its requests come from `ip`, any 127.x.y.z address
    /// (Linux routes all of 127.0.0.0/8 to loopback).
    pub fn browser_at(&self, ip: &str) -> Browser {
        let local: std::net::IpAddr = ip.parse().expect("a loopback address");
        Browser {
            client: Client::builder()
                .cookie_store(true)
                .local_address(local)
                .build()
                .unwrap(),
            address: self.address.clone(),
        }
    }

    /// The first admin, created the way a fresh deployment creates it, and signed in.
    pub async fn admin(&self) -> (Browser, UserView) {
        let new = NewUser {
            email: Email::parse("admin@example.com").unwrap(),
            name: PersonName::parse("Ada Admin").unwrap(),
            role: Role::Admin,
            extension: None,
            password: Password::parse(PASSWORD).unwrap(),
        };
        let admin = self.worklane.users().create_first_admin(new).await.unwrap();
        let browser = self.browser();
        browser
            .sign_in("admin@example.com", PASSWORD)
            .await
            .assert_status(StatusCode::OK)
            .await;
        (browser, admin)
    }

    /// A user with `role` created by `admin`, and a browser signed in as them.
    pub async fn user(&self, admin: &Browser, email: &str, role: Role) -> (Browser, UserView) {
        let body = json!({"email": email, "name": format!("User {email}"), "role": role, "password": PASSWORD});
        let user: UserView = admin
            .post("/api/users", &body)
            .await
            .json_with(StatusCode::CREATED)
            .await;
        let browser = self.browser();
        browser
            .sign_in(email, PASSWORD)
            .await
            .assert_status(StatusCode::OK)
            .await;
        (browser, user)
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post(&self, path: &str, body: &impl Serialize) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Posts raw bytes with these headers, as a webhook sender does.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        headers: &[(&str, String)],
        body: impl Into<reqwest::Body>,
    ) -> Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send().await.expect("request sent")
    }

    pub async fn put(&self, path: &str, body: &impl Serialize) -> Response {
        self.client
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/session",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn create_contact(&self, body: Value) -> ContactView {
        self.post("/api/contacts", &body)
            .await
            .json_with(StatusCode::CREATED)
            .await
    }
}

/// A work item of `type_key` on the contact, created by `browser`'s user.
pub async fn new_item(browser: &Browser, contact: &str, type_key: &str) -> WorkItemView {
    let body = json!({"type_key": type_key, "description": format!("A {type_key} request")});
    browser
        .post(&format!("/api/contacts/{contact}/work-items"), &body)
        .await
        .json_with(StatusCode::CREATED)
        .await
}

/// Asks for a status change of `item` at its version; `change` holds `to` and what it needs.
pub async fn move_to(browser: &Browser, item: &WorkItemView, change: Value) -> Response {
    let mut body = change;
    body["version"] = json!(item.version);
    browser
        .post(&format!("/api/work-items/{}/status", item.number), &body)
        .await
}

/// The numbers on the first page of My Work Items with this query string ("" for none).
pub async fn my_numbers(browser: &Browser, query: &str) -> Vec<u64> {
    let page: Page<WorkItemView> = browser
        .get(&format!("/api/my/work-items{query}"))
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items.iter().map(|i| i.number).collect()
}

/// The first page of the signed-in user's inbox with this query string ("" for none).
pub async fn inbox(browser: &Browser, query: &str) -> Page<InboxEntry> {
    browser
        .get(&format!("/api/inbox{query}"))
        .await
        .json_with(StatusCode::OK)
        .await
}

pub async fn unread_count(browser: &Browser) -> u64 {
    let count: UnreadCount = browser
        .get("/api/inbox/unread-count")
        .await
        .json_with(StatusCode::OK)
        .await;
    count.unread
}

pub fn contact_body(name: &str, email: &str) -> Value {
    json!({"name": name, "kind": "Prospect", "emails": [email], "phones": ["+1 555 010 2030"]})
}

/// Assertions on a response that print the body when they fail.
pub trait ResponseExt {
    async fn assert_status(self, status: StatusCode) -> Value;
    async fn json_with<T: DeserializeOwned>(self, status: StatusCode) -> T;
    async fn error_with(self, status: StatusCode) -> ErrorBody;
}

impl ResponseExt for Response {
    async fn assert_status(self, status: StatusCode) -> Value {
        let actual = self.status();
        let text = self.text().await.unwrap_or_default();
        assert_eq!(actual, status, "unexpected status; body: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn json_with<T: DeserializeOwned>(self, status: StatusCode) -> T {
        let value = self.assert_status(status).await;
        serde_json::from_value(value).expect("body has the expected shape")
    }

    async fn error_with(self, status: StatusCode) -> ErrorBody {
        let error: ErrorBody = self.json_with(status).await;
        assert!(!error.message.is_empty(), "an error needs a message");
        assert!(!error.request_id.is_empty(), "an error needs a request id");
        error
    }
}

/// Saves the org-wide defaults `defaults` as an admin would, on the version in force.
pub async fn set_sharing(admin: &Browser, defaults: Value) {
    let now: worklane_domain::SharingSettings = admin
        .get("/api/sharing")
        .await
        .json_with(StatusCode::OK)
        .await;
    admin
        .put(
            "/api/sharing",
            &json!({"defaults": defaults, "version": now.version}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
}
