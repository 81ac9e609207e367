//! The API as an AWS Lambda function: the same axum router the local server runs, over
//! DynamoDB, sending email through SES and SMS through SNS, under `lambda_http::run` (API
//! Gateway HTTP API payload 2.0).
//!
//! Configuration: `WORKLANE_TABLE`, `WORKLANE_EMAIL_FROM` (the verified sender),
//! `WORKLANE_WEBHOOK_SECRET` (SMS and call webhooks; empty refuses them all),
//! `WORKLANE_SNS_TOPIC_ARN` (the only topic SES inbound email may come from),
//! `WORKLANE_ORIGIN_SECRET` (the header CloudFront adds; every other request is refused, so
//! the viewer address CloudFront adds can be trusted), `WORKLANE_SECRETS_PREFIX` (where the
//! import sources' credentials are in Parameter Store).

use std::sync::Arc;

use worklane_core::Worklane;
use worklane_messaging_aws::AwsMessaging;
use worklane_store_dynamo::DynamoStore;
use worklane_webhook_auth::{HttpsCertificateSource, SnsVerifier};

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
    let messaging = AwsMessaging::from_env().await;
    // Admin → Imports keeps the sources' credentials in Parameter Store, and a cart's Sync
    // reads the shop.
    let imports = worklane_sources_http::HttpConnector::new()?;
    let secrets = worklane_secrets_aws::SsmSecrets::from_env().await;
    let mut app = Worklane::new(Arc::new(store), Arc::new(messaging))
        .with_email_from(std::env::var("WORKLANE_EMAIL_FROM").ok())
        .with_imports(Arc::new(imports), Arc::new(secrets));
    // Click-to-call through the Amazon Connect instance the stack names (none: refused as not
    // set up).
    if let Some(connect) = worklane_telephony_aws::ConnectTelephony::from_env().await? {
        app = app.with_telephony(Arc::new(connect));
    }
    // Preset workflows and types that are missing (a new table) are written once; existing
    // ones, perhaps edited by an admin, are left alone.
    app.catalog().ensure_presets().await?;
    let secret = std::env::var("WORKLANE_WEBHOOK_SECRET").unwrap_or_default();
    let sns = SnsVerifier::new(Arc::new(HttpsCertificateSource::new()?))
        .with_allowed_topic_arn(std::env::var("WORKLANE_SNS_TOPIC_ARN").ok());
    let edge = worklane_api::Edge::cloudfront(
        &std::env::var("WORKLANE_ORIGIN_SECRET").unwrap_or_default(),
    )?;
    let router = worklane_api::router(app, worklane_api::Webhooks::new(secret, sns), edge);
    lambda_http::run(router).await
}
