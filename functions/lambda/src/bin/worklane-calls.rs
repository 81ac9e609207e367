//! `worklane-calls`: Amazon Connect's contact events, as an EventBridge rule delivers them
//! (`source` aws.connect, "Amazon Connect Contact Event"). Each event puts an inbound call on
//! the slat of the agent it reached, marks it connected, or ends and files it
//! (`worklane_core::calls`). Events come at least once and in any order; each is applied only
//! if it moves the call on, so a retried delivery changes nothing. The agent an event names by
//! ARN is asked of Connect (`DescribeUser`: their username is the rep's Worklane email), and
//! so is the caller's number when the event does not carry it (`DescribeContact`).

use std::sync::Arc;

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_json::{Value, json};
use worklane_core::Worklane;
use worklane_core::calls::events::{ContactEvent, EventOutcome};
use worklane_store_dynamo::DynamoStore;
use worklane_telephony_aws::ConnectDirectory;

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
    let connect = ConnectDirectory::from_env().await;
    let (app, connect) = (&app, &connect);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let Some(mut contact_event) = ContactEvent::from_eventbridge(&event.payload)? else {
            return Ok::<Value, lambda_runtime::Error>(json!({"ignored": "not a contact event"}));
        };
        if let Some(arn) = contact_event.agent.clone() {
            match connect.username(&arn).await {
                Ok(Some(username)) => contact_event.agent = Some(username),
                Ok(None) => {}
                // The core still knows a rep whose Worklane id is the agent's.
                Err(error) => tracing::warn!(%error, "the agent stays named by its ARN"),
            }
        }
        if contact_event.number.is_none()
            && let Some(instance) = contact_event.instance_id.clone()
        {
            match connect
                .caller_number(&instance, &contact_event.contact_id)
                .await
            {
                Ok(number) => contact_event.number = number,
                Err(error) => tracing::warn!(%error, "the caller's number stays unknown"),
            }
        }
        Ok(match app.calls().contact_event(contact_event).await? {
            EventOutcome::Applied(call) => json!({"call": call.id, "state": call.state}),
            EventOutcome::Ignored(why) => json!({"ignored": why}),
        })
    }))
    .await
}
