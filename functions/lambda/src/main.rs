//! The API as an AWS Lambda function: the same axum router the local server runs, over
//! DynamoDB, under `lambda_http::run` (API Gateway HTTP API payload 2.0).

use std::sync::Arc;

use worklane_core::Worklane;
use worklane_store_dynamo::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .without_time() // CloudWatch stamps every line
        .with_current_span(false)
        .init();
    let store = DynamoStore::from_env().await?;
    let app = Worklane::local(Arc::new(store));
    // Preset workflows and types that are missing (a new table) are written once; existing
    // ones, perhaps edited by an admin, are left alone.
    app.catalog().ensure_presets().await?;
    let router = worklane_api::router(app);
    lambda_http::run(router).await
}
