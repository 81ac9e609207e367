//! Runs the real Lambda binary under a minimal Lambda Runtime API (the HTTP interface AWS
//! gives a `provided.al2023` function) against DynamoDB on a local moto server, and sends it
//! API Gateway HTTP API events: what comes back is what API Gateway would answer.

// Test code: an unexpected value fails the test, which is what a panic here means.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};
use worklane_core::Worklane;
use worklane_domain::{Email, NewUser, Password, PersonName, Role};
use worklane_store_dynamo::{DynamoStore, create_table, local_client};

#[derive(Clone)]
struct Runtime {
    events: Arc<Mutex<mpsc::Receiver<(String, Value)>>>,
    results: mpsc::Sender<(String, Result<Value, Value>)>,
}

async fn next_invocation(State(rt): State<Runtime>) -> (HeaderMap, String) {
    let (id, event) = rt
        .events
        .lock()
        .await
        .recv()
        .await
        .expect("the test keeps the sender");
    let mut headers = HeaderMap::new();
    let deadline = jiff::Timestamp::now().as_millisecond() + 30_000;
    headers.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_str(&id).unwrap(),
    );
    headers.insert(
        "lambda-runtime-deadline-ms",
        HeaderValue::from_str(&deadline.to_string()).unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:worklane-api"),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        HeaderValue::from_static("Root=1-00000000-000000000000000000000000"),
    );
    (headers, event.to_string())
}

async fn respond(State(rt): State<Runtime>, Path(id): Path<String>, body: String) -> &'static str {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    rt.results.send((id, Ok(value))).await.ok();
    "{}"
}

async fn fail(State(rt): State<Runtime>, Path(id): Path<String>, body: String) -> &'static str {
    rt.results.send((id, Err(Value::String(body)))).await.ok();
    "{}"
}

async fn init_error(State(rt): State<Runtime>, body: String) -> &'static str {
    rt.results
        .send(("init".into(), Err(Value::String(body))))
        .await
        .ok();
    "{}"
}

/// The secret the emulated CloudFront adds to every request it forwards.
const ORIGIN_SECRET: &str = "an origin secret of thirty-two or more characters";

/// An API Gateway HTTP API (payload 2.0) event for a request that came through CloudFront.
fn http_event(method: &str, path: &str, body: Option<Value>, cookies: &[String]) -> Value {
    let mut event = direct_http_event(method, path, body, cookies);
    event["headers"]["x-worklane-origin-verify"] = json!(ORIGIN_SECRET);
    event["headers"]["cloudfront-viewer-address"] = json!("2001:db8::7:51234");
    event
}

/// The same request sent straight to the API's own endpoint, around CloudFront.
fn direct_http_event(method: &str, path: &str, body: Option<Value>, cookies: &[String]) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "ANY /api/{proxy+}",
        "rawPath": path,
        "rawQueryString": "",
        "cookies": cookies,
        "headers": {
            "host": "abc123.execute-api.us-east-1.amazonaws.com",
            "content-type": "application/json",
            "user-agent": "runtime-emulator-test"
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "runtime-emulator-test"},
            "requestId": "req-1",
            "routeKey": "ANY /api/{proxy+}",
            "stage": "$default",
            "time": "23/Nov/2026:04:00:00 +0000",
            "timeEpoch": 1_795_000_000_000u64
        },
        "body": body.map(|b| b.to_string()),
        "isBase64Encoded": false
    })
}

struct Emulator {
    events: mpsc::Sender<(String, Value)>,
    results: mpsc::Receiver<(String, Result<Value, Value>)>,
    invocations: usize,
}

impl Emulator {
    async fn invoke(&mut self, event: Value) -> Value {
        self.invocations += 1;
        let id = format!("invocation-{}", self.invocations);
        self.events.send((id.clone(), event)).await.unwrap();
        let (answered, result) = tokio::time::timeout(Duration::from_secs(60), self.results.recv())
            .await
            .expect("the function answers within a minute")
            .expect("the runtime is up");
        assert_eq!(answered, id);
        result.unwrap_or_else(|error| panic!("the function reported an error: {error}"))
    }
}

/// A table on moto with a first admin, and the use cases over it.
async fn table_with_admin(name: &str) -> (String, String, Worklane) {
    let endpoint = std::env::var("WORKLANE_DYNAMODB_ENDPOINT").expect(
        "WORKLANE_DYNAMODB_ENDPOINT is not set: run `scripts/with-moto.sh cargo test` or `make test`, which start moto",
    );
    let table = format!("{name}-{}", std::process::id());
    let client = local_client(&endpoint);
    create_table(&client, &table)
        .await
        .expect("table created on moto");
    let worklane = Worklane::local(Arc::new(DynamoStore::new(client, &table)));
    worklane
        .users()
        .create_first_admin(NewUser {
            email: Email::parse("admin@example.com").unwrap(),
            name: PersonName::parse("Ada Admin").unwrap(),
            role: Role::Admin,
            extension: None,
            password: Password::parse("a long password").unwrap(),
        })
        .await
        .expect("first admin");
    (endpoint, table, worklane)
}

/// Starts the Runtime API and the Lambda binary `binary` under it, over `table`.
async fn start(binary: &str, endpoint: &str, table: &str) -> (Emulator, tokio::process::Child) {
    let (event_tx, event_rx) = mpsc::channel(4);
    let (result_tx, result_rx) = mpsc::channel(4);
    let runtime = Runtime {
        events: Arc::new(Mutex::new(event_rx)),
        results: result_tx,
    };
    let api = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next_invocation))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(respond),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(fail))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(runtime);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let runtime_api = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, api).await.unwrap() });

    let function = tokio::process::Command::new(binary)
        .env("AWS_LAMBDA_RUNTIME_API", &runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "worklane-api")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "test")
        .env("AWS_REGION", "us-east-1")
        .env("WORKLANE_TABLE", table)
        .env("WORKLANE_DYNAMODB_ENDPOINT", endpoint)
        .env("WORKLANE_ORIGIN_SECRET", ORIGIN_SECRET)
        // Parameter Store is moto's too, with its test credentials.
        .env("AWS_ENDPOINT_URL_SSM", endpoint)
        // moto has no Connect: asking it who an agent is fails, and the ARN's id stands.
        .env("AWS_ENDPOINT_URL_CONNECT", endpoint)
        .env("AWS_ACCESS_KEY_ID", "worklane-test")
        .env("AWS_SECRET_ACCESS_KEY", "worklane-test")
        .env("WORKLANE_SECRETS_PREFIX", secrets_prefix(table))
        .env("WORKLANE_IMPORT_SOURCE", "body-type-quiz")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the lambda binary starts");
    let emulator = Emulator {
        events: event_tx,
        results: result_rx,
        invocations: 0,
    };
    (emulator, function)
}

#[tokio::test]
async fn the_lambda_binary_answers_api_gateway_events_from_dynamodb() {
    let (endpoint, table, _) = table_with_admin("lambda").await;
    let (mut emulator, _function) =
        start(env!("CARGO_BIN_EXE_worklane-api-lambda"), &endpoint, &table).await;

    let health = emulator
        .invoke(http_event("GET", "/api/health", None, &[]))
        .await;
    assert_eq!(health["statusCode"], 200, "{health}");
    let body: Value = serde_json::from_str(health["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["store"], "ok");

    let credentials = json!({"email": "admin@example.com", "password": "a long password"});
    let signed_in = emulator
        .invoke(http_event("POST", "/api/session", Some(credentials), &[]))
        .await;
    assert_eq!(signed_in["statusCode"], 200, "{signed_in}");
    let set_cookie = signed_in["cookies"]
        .as_array()
        .and_then(|c| c.first())
        .or_else(|| signed_in["headers"].get("set-cookie"))
        .and_then(Value::as_str)
        .expect("a session cookie")
        .to_string();
    assert!(
        set_cookie.contains("Secure"),
        "off loopback the cookie is Secure: {set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let me = emulator
        .invoke(http_event("GET", "/api/me", None, &[cookie]))
        .await;
    assert_eq!(me["statusCode"], 200, "{me}");
    let me: Value = serde_json::from_str(me["body"].as_str().unwrap()).unwrap();
    assert_eq!(me["email"], "admin@example.com");

    let anonymous = emulator
        .invoke(http_event("GET", "/api/me", None, &[]))
        .await;
    assert_eq!(anonymous["statusCode"], 401);

    let around_cloudfront = emulator
        .invoke(direct_http_event("GET", "/api/health", None, &[]))
        .await;
    assert_eq!(around_cloudfront["statusCode"], 403, "{around_cloudfront}");
}

#[tokio::test]
async fn the_reminders_function_moves_due_reminders_into_unread_once_per_reminder() {
    let (endpoint, table, worklane) = table_with_admin("reminders").await;
    let admin = worklane.users().team().await.unwrap().remove(0);
    let actor = worklane
        .access_for(worklane_core::Actor::from(admin))
        .await
        .unwrap();
    let input = worklane_domain::ContactInput {
        name: "Cathy Slater".into(),
        kind: Some(worklane_domain::ContactKind::Customer),
        emails: vec!["cathy@example.com".into()],
        ..Default::default()
    };
    let contact = worklane
        .contacts()
        .create(&actor, input.validate().unwrap())
        .await
        .unwrap();
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_millis(1500);
    let reminder = worklane_domain::NewReminder {
        remind_at: due,
        body: "Call Cathy back".into(),
        work_item: None,
    };
    worklane
        .interactions()
        .set_reminder(&actor, &contact.id, reminder)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1600)).await;

    let (mut emulator, _function) =
        start(env!("CARGO_BIN_EXE_worklane-reminders"), &endpoint, &table).await;
    let scheduled = json!({"source": "aws.scheduler", "detail-type": "Scheduled Event"});
    let first = emulator.invoke(scheduled.clone()).await;
    assert_eq!(
        first,
        json!({"job": "reminders", "delivered": 1, "given_out": 0})
    );
    let second = emulator.invoke(scheduled).await;
    assert_eq!(
        second,
        json!({"job": "reminders", "delivered": 0, "given_out": 0})
    );
    let unread = worklane.inbox().unread_count(&actor).await.unwrap();
    assert_eq!(unread.unread, 1);
}

/// Where a test table's import credentials are kept in (moto's) Parameter Store.
fn secrets_prefix(table: &str) -> String {
    format!("/worklane/{table}/")
}

#[tokio::test]
async fn the_import_function_imports_its_source_once_however_often_it_is_invoked() {
    let (endpoint, table, worklane) = table_with_admin("imports").await;
    let admin = worklane.users().team().await.unwrap().remove(0);
    let admin = worklane
        .access_for(worklane_core::Actor::from(admin))
        .await
        .unwrap();
    let rep = NewUser {
        email: Email::parse("rep@example.com").unwrap(),
        name: PersonName::parse("Rita Rep").unwrap(),
        role: Role::Rep,
        extension: None,
        password: Password::parse("a long password").unwrap(),
    };
    worklane.users().create(&admin, rep).await.unwrap();
    // The demo website on loopback, and its token in Parameter Store as an admin keeps it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let website = format!("http://{}/website", listener.local_addr().unwrap());
    let sources = worklane_demo_sources::router(worklane_demo_sources::DemoConfig {
        token: "a-website-token".into(),
        known_people: Vec::new(),
        seed: 3,
        backlog: 5,
        every: Duration::from_secs(3600),
        shop_url: format!("http://{}/shop", listener.local_addr().unwrap()),
        advisors: Vec::new(),
    });
    tokio::spawn(async move { axum::serve(listener, sources).await.unwrap() });
    let secrets = worklane_secrets_aws::SsmSecrets::local(&endpoint, &secrets_prefix(&table));
    let worklane = worklane.with_imports(
        Arc::new(worklane_sources_http::HttpConnector::new().unwrap()),
        Arc::new(secrets),
    );
    let edit = worklane_domain::ConnectionEdit {
        base_url: website,
        auth: worklane_domain::AuthMode::Bearer,
        token: Some("a-website-token".into()),
        ..Default::default()
    };
    worklane
        .imports()
        .configure(worklane_domain::ImportSource::BodyTypeQuiz, edit)
        .await
        .unwrap();

    let (mut emulator, _function) =
        start(env!("CARGO_BIN_EXE_worklane-import"), &endpoint, &table).await;
    let scheduled = json!({"source": "aws.scheduler", "detail-type": "Scheduled Event"});
    let first = emulator.invoke(scheduled.clone()).await;
    assert_eq!(first["run"]["state"], "completed", "{first}");
    let created = first["run"]["counts"]["created"].as_u64().unwrap();
    assert!(created >= 3, "{first}");
    // Delivered again by the scheduler: nothing is imported twice.
    let second = emulator.invoke(scheduled).await;
    assert_eq!(second["run"]["counts"]["created"], 0, "{second}");
}

#[tokio::test]
async fn the_calls_function_puts_a_connect_call_on_the_reps_slat_and_files_it_once() {
    let (endpoint, table, worklane) = table_with_admin("calls").await;
    let admin = worklane.users().team().await.unwrap().remove(0);
    let actor = worklane
        .access_for(worklane_core::Actor::from(admin.clone()))
        .await
        .unwrap();
    let input = worklane_domain::ContactInput {
        name: "Cathy Caller".into(),
        kind: Some(worklane_domain::ContactKind::Customer),
        phones: vec!["+1 555 010 4242".into()],
        ..Default::default()
    };
    let contact = worklane
        .contacts()
        .create(&actor, input.validate().unwrap())
        .await
        .unwrap();
    let (mut emulator, _function) =
        start(env!("CARGO_BIN_EXE_worklane-calls"), &endpoint, &table).await;
    let event = |kind: &str| {
        json!({
            "version": "0", "id": format!("event-{kind}"), "source": "aws.connect",
            "detail-type": "Amazon Connect Contact Event", "time": "2026-12-03T10:00:00Z",
            "detail": {"eventType": kind, "contactId": "connect-contact-1", "channel": "VOICE",
                "initiationMethod": "INBOUND",
                "agentInfo": {"agentArn": format!("arn:aws:connect:us-east-1:1:instance/i/agent/{}", admin.id)},
                "customerEndpoint": {"address": "+15550104242"}}
        })
    };
    let connected = emulator.invoke(event("CONNECTED_TO_AGENT")).await;
    assert_eq!(connected["state"], "connected", "{connected}");
    let slat = worklane.calls().on_slat(&actor).await.unwrap();
    assert_eq!(slat[0].contact_id.as_ref(), Some(&contact.id));
    // Delivered twice, as EventBridge may: one call, filed once.
    for _ in 0..2 {
        let ended = emulator.invoke(event("DISCONNECTED")).await;
        assert_eq!(ended["state"], "ended", "{ended}");
    }
    let timeline = worklane
        .interactions()
        .for_contact(&actor, &contact.id, None)
        .await
        .unwrap();
    assert_eq!(timeline.items.len(), 1);
    let other = emulator
        .invoke(json!({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification", "detail": {}}))
        .await;
    assert_eq!(other["ignored"], "not a contact event");
}
