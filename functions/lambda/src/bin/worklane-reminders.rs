//! `worklane-reminders`: the every-minute Lambda function. It moves due reminders into their
//! creators' Unread and gives out imported records that waited for someone to receive them
//! (`worklane_jobs::Job::Reminders`), and answers how many of each. A failed run is not
//! retried: the next one, a minute later, picks up the same work.

use std::sync::Arc;

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_json::Value;
use worklane_core::Worklane;
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
        let report = worklane_jobs::run(app, worklane_jobs::Job::Reminders).await?;
        tracing::info!(?report, "the every-minute job ran");
        Ok::<Value, lambda_runtime::Error>(serde_json::to_value(report)?)
    }))
    .await
}
