//! `worklane-reminders`: the scheduled Lambda function that moves due reminders into their
//! creators' Unread. EventBridge Scheduler invokes it every minute; each invocation runs
//! `Interactions::deliver_due_reminders` once and answers how many moved. A failed run is
//! not retried: the next one picks up the same due reminders.

use std::sync::Arc;

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_json::{Value, json};
use worklane_core::Worklane;
use worklane_domain::Timestamp;
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
    // Delivering reminders sends nothing, so the local outbox is never written here.
    let app = Worklane::local(Arc::new(store));
    let app = &app;
    lambda_runtime::run(service_fn(move |_event: LambdaEvent<Value>| async move {
        let delivered = app
            .interactions()
            .deliver_due_reminders(Timestamp::now())
            .await?;
        tracing::info!(delivered, "due reminders delivered");
        Ok::<Value, lambda_runtime::Error>(json!({ "delivered": delivered }))
    }))
    .await
}
