//! Where the DynamoDB engine finds its table and its endpoint.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};

/// The variable naming the table.
pub const TABLE_VAR: &str = "WORKLANE_TABLE";
/// The variable pointing the engine at a local DynamoDB-compatible server instead of AWS.
pub const ENDPOINT_VAR: &str = "WORKLANE_DYNAMODB_ENDPOINT";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{TABLE_VAR} is not set: it names the DynamoDB table Worklane stores its items in")]
    MissingTable,
}

/// The table named by `WORKLANE_TABLE`.
pub(crate) fn table_from_env() -> Result<String, ConfigError> {
    std::env::var(TABLE_VAR)
        .ok()
        .filter(|table| !table.trim().is_empty())
        .ok_or(ConfigError::MissingTable)
}

/// The endpoint in `WORKLANE_DYNAMODB_ENDPOINT`, if set.
pub(crate) fn endpoint_from_env() -> Option<String> {
    std::env::var(ENDPOINT_VAR)
        .ok()
        .filter(|endpoint| !endpoint.trim().is_empty())
}

/// A client for a local DynamoDB-compatible server at `endpoint` (such as moto): region
/// us-east-1 and static test credentials, nothing read from the environment.
pub fn local_client(endpoint: &str) -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "worklane-test",
            "worklane-test",
            None,
            None,
            "worklane-local",
        ))
        .endpoint_url(endpoint)
        .build();
    Client::from_conf(config)
}

/// A client for AWS configured by the usual chain (environment, profile, the Lambda role).
pub async fn aws_client() -> Client {
    let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
    Client::new(&config)
}
