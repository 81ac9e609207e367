//! [`DynamoStore`]: the item store port on one DynamoDB table.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use worklane_store::{
    Condition, Item, ItemStore, Page, Query, StoreError, Write, check_key, now_epoch_seconds,
};

use crate::attributes::{from_attributes, key, to_attributes};
use crate::conditions::{expression, holds_when_absent};
use crate::config::{ConfigError, aws_client, endpoint_from_env, local_client, table_from_env};
use crate::errors::unavailable;
use crate::{batch, query, transact};

/// The item store on a DynamoDB table laid out as [`crate::create_table`] makes it.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: Arc<str>,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: Arc::from(table.into()),
        }
    }

    /// The table named by `WORKLANE_TABLE`; on the local server at
    /// `WORKLANE_DYNAMODB_ENDPOINT` if that is set (region us-east-1, test credentials),
    /// otherwise on AWS as the usual configuration chain says.
    pub async fn from_env() -> Result<Self, ConfigError> {
        let table = table_from_env()?;
        let client = match endpoint_from_env() {
            Some(endpoint) => local_client(&endpoint),
            None => aws_client().await,
        };
        Ok(Self::new(client, table))
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn table(&self) -> &str {
        &self.table
    }
}

/// Whether an item can have this key. DynamoDB refuses some keys the port calls absent (the
/// empty one), so such keys are answered without asking it.
pub(crate) fn storable(pk: &str, sk: &str) -> bool {
    check_key("pk", pk).is_ok() && check_key("sk", sk).is_ok()
}

/// The answer to a single write whose key no item can have.
fn on_absent(condition: Condition) -> Result<(), StoreError> {
    if holds_when_absent(condition) {
        Ok(())
    } else {
        Err(StoreError::ConditionFailed { write: 0 })
    }
}

/// The answer to a single put or delete: a failed condition is write 0's.
fn single_write<O, E, R>(
    result: Result<O, SdkError<E, R>>,
    is_failed_condition: fn(&E) -> bool,
) -> Result<(), StoreError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(error) if error.as_service_error().is_some_and(is_failed_condition) => {
            Err(StoreError::ConditionFailed { write: 0 })
        }
        Err(error) => Err(unavailable(error)),
    }
}

#[async_trait]
impl ItemStore for DynamoStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        if !storable(pk, sk) {
            return Ok(None);
        }
        let output = self
            .client
            .get_item()
            .table_name(self.table())
            .set_key(Some(key(pk, sk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(attributes) = output.item else {
            return Ok(None);
        };
        let item = from_attributes(&attributes)?;
        Ok((!item.is_expired(now_epoch_seconds())).then_some(item))
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        item.validate()?;
        let parts = expression(condition, now_epoch_seconds()).map(|e| e.into_parts());
        let mut request = self
            .client
            .put_item()
            .table_name(self.table())
            .set_item(Some(to_attributes(&item)));
        if let Some(parts) = parts {
            request = request
                .condition_expression(parts.text)
                .set_expression_attribute_names(parts.names)
                .set_expression_attribute_values(parts.values);
        }
        single_write(
            request.send().await,
            PutItemError::is_conditional_check_failed_exception,
        )
    }

    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError> {
        if !storable(pk, sk) {
            return on_absent(condition);
        }
        let parts = expression(condition, now_epoch_seconds()).map(|e| e.into_parts());
        let mut request = self
            .client
            .delete_item()
            .table_name(self.table())
            .set_key(Some(key(pk, sk)));
        if let Some(parts) = parts {
            request = request
                .condition_expression(parts.text)
                .set_expression_attribute_names(parts.names)
                .set_expression_attribute_values(parts.values);
        }
        single_write(
            request.send().await,
            DeleteItemError::is_conditional_check_failed_exception,
        )
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        query::run(&self.client, self.table(), query).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        transact::transact(&self.client, self.table(), writes).await
    }

    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        batch::get_many(&self.client, self.table(), keys).await
    }
}
