//! Creating the table the engine expects: `pk`/`sk`, five overloaded GSIs projecting every
//! attribute, on-demand billing, TTL on `ttl`. Production tables come from the SAM template;
//! this is for local servers, tests and first runs.

use std::time::{Duration, Instant};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType,
    Projection, ProjectionType, ScalarAttributeType, TableStatus, TimeToLiveSpecification,
};
use worklane_store::{Index, StoreError};

use crate::attributes::{PK, SK, TTL, index_attributes};
use crate::errors::{unavailable, unbuildable};

/// How long a new table may take to become ACTIVE.
const ACTIVE_WITHIN: Duration = Duration::from_secs(300);
const POLL_EVERY: Duration = Duration::from_secs(1);

/// Creates `table` and waits until it and its indexes are ACTIVE (DynamoDB answers CREATING
/// first). A table that already exists is only waited for.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let mut request = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(string_attribute(PK)?)
        .attribute_definitions(string_attribute(SK)?)
        .key_schema(key_element(PK, KeyType::Hash)?)
        .key_schema(key_element(SK, KeyType::Range)?);
    for index in Index::ALL {
        let (pk, sk) = index_attributes(*index);
        request = request
            .attribute_definitions(string_attribute(&pk)?)
            .attribute_definitions(string_attribute(&sk)?)
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index.name())
                    .key_schema(key_element(&pk, KeyType::Hash)?)
                    .key_schema(key_element(&sk, KeyType::Range)?)
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .map_err(unbuildable)?,
            );
    }
    match request.send().await {
        Ok(_) => {
            wait_until_active(client, table).await?;
            enable_ttl(client, table).await
        }
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|e| e.is_resource_in_use_exception()) =>
        {
            wait_until_active(client, table).await
        }
        Err(error) => Err(unavailable(error)),
    }
}

async fn wait_until_active(client: &Client, table: &str) -> Result<(), StoreError> {
    let started = Instant::now();
    loop {
        let output = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(unavailable)?;
        let description = output.table;
        let table_active = description.as_ref().and_then(|d| d.table_status.as_ref())
            == Some(&TableStatus::Active);
        let indexes_active = description
            .as_ref()
            .and_then(|d| d.global_secondary_indexes.as_ref())
            .is_none_or(|indexes| {
                indexes
                    .iter()
                    .all(|i| i.index_status() == Some(&IndexStatus::Active))
            });
        if table_active && indexes_active {
            return Ok(());
        }
        if started.elapsed() > ACTIVE_WITHIN {
            return Err(StoreError::Unavailable(format!(
                "DynamoDB table {table} is not ACTIVE after {} seconds",
                ACTIVE_WITHIN.as_secs()
            )));
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

async fn enable_ttl(client: &Client, table: &str) -> Result<(), StoreError> {
    let specification = TimeToLiveSpecification::builder()
        .attribute_name(TTL)
        .enabled(true)
        .build()
        .map_err(unbuildable)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(specification)
        .send()
        .await
        .map_err(unavailable)?;
    Ok(())
}

fn string_attribute(name: &str) -> Result<AttributeDefinition, StoreError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(unbuildable)
}

fn key_element(name: &str, key_type: KeyType) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()
        .map_err(unbuildable)
}
