//! `worklane-calls`: Amazon Connect's contact events, as an EventBridge rule delivers them
//! (`source` aws.connect, "Amazon Connect Contact Event"). Each event puts an inbound call on
//! the slat of the agent it reached, marks it connected, or ends and files it
//! (`worklane_core::calls`). Events come at least once and in any order; each is applied only
//! if it moves the call on, so a retried delivery changes nothing.

use std::sync::Arc;

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_json::{Value, json};
use worklane_core::Worklane;
use worklane_core::calls::events::{ContactEvent, EventOutcome};
use worklane_store_dynamo::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .without_time()
        .with_current_span(false)
        .init();
    let store = DynamoStore::from_env().await?;
    // Filing calls sends nothing and dials nothing.
    let app = Worklane::local(Arc::new(store));
    let app = &app;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let Some(contact_event) = ContactEvent::from_eventbridge(&event.payload)? else {
            return Ok::<Value, lambda_runtime::Error>(json!({"ignored": "not a contact event"}));
        };
        Ok(match app.calls().contact_event(contact_event).await? {
            EventOutcome::Applied(call) => json!({"call": call.id, "state": call.state}),
            EventOutcome::Ignored(why) => json!({"ignored": why}),
        })
    }))
    .await
}
