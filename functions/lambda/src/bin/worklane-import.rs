//! `worklane-import`: the scheduled Lambda function of one job that reads the website or the
//! shop — an import source named by `WORKLANE_IMPORT_SOURCE`, or the job named by
//! `WORKLANE_JOB` (`shop-sync`, `order-validation`). Each is its own function in the template,
//! all running this binary. EventBridge Scheduler invokes it on the job's schedule; each
//! invocation runs the job once (`worklane_jobs::run`) and answers its report. Every job is
//! idempotent and leased, so a retried or duplicated invocation does nothing twice.

use std::sync::Arc;

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_json::Value;
use worklane_core::Worklane;
use worklane_domain::ImportSource;
use worklane_jobs::Job;
use worklane_secrets_aws::SsmSecrets;
use worklane_sources_http::HttpConnector;
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
    let job = match std::env::var("WORKLANE_JOB") {
        Ok(key) => {
            Job::parse(&key).ok_or_else(|| format!("WORKLANE_JOB \"{key}\" names no job"))?
        }
        Err(_) => {
            let key = std::env::var("WORKLANE_IMPORT_SOURCE").unwrap_or_default();
            let source = ImportSource::parse(&key).ok_or_else(|| {
                format!("WORKLANE_IMPORT_SOURCE \"{key}\" names no import source")
            })?;
            Job::Import(source)
        }
    };
    let store = DynamoStore::from_env().await?;
    let secrets = SsmSecrets::from_env().await;
    let connector = HttpConnector::new()?;
    // Importing sends nothing, so the local outbox is never written here.
    let app = Worklane::local(Arc::new(store)).with_imports(Arc::new(connector), Arc::new(secrets));
    // The preset types the imports create items of, on a table the API has not set up yet.
    app.catalog().ensure_presets().await?;
    let app = &app;
    lambda_runtime::run(service_fn(move |_event: LambdaEvent<Value>| async move {
        let report = worklane_jobs::run(app, job).await?;
        Ok::<Value, lambda_runtime::Error>(serde_json::to_value(report)?)
    }))
    .await
}
