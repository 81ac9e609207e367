//! `transact` as TransactWriteItems, with the embedded engine's answers: the first write
//! whose condition fails is named, and writes that can only be no-ops are not sent.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{ConditionCheck, Delete, Put, TransactWriteItem};
use worklane_store::{Condition, StoreError, Write, check_transaction, now_epoch_seconds};

use crate::attributes::{key, to_attributes};
use crate::conditions::{expression, holds_when_absent};
use crate::errors::{failed_write, unavailable, unbuildable};
use crate::store::storable;

/// What to ask DynamoDB for a checked transaction. Each write sent carries its position in
/// the caller's transaction, so a failure names the caller's write.
#[derive(Debug)]
enum Plan<'a> {
    /// Run these writes.
    Run(Vec<(usize, &'a Write)>),
    /// Write `failing` is on a key no item can have and needs one: it fails, unless one of
    /// the `earlier` conditions fails first. They are checked, nothing is written.
    FailsAt {
        failing: usize,
        earlier: Vec<(usize, &'a Write)>,
    },
}

/// Leaves out writes that cannot change anything or fail — checks of `Always`, and deletes
/// and checks on keys no item can have (which DynamoDB would refuse) whose condition holds
/// for an absent item.
fn plan(writes: &[Write]) -> Plan<'_> {
    let mut sent = Vec::new();
    for (n, write) in writes.iter().enumerate() {
        let (pk, sk) = write.key();
        let condition = write.condition();
        if storable(pk, sk) {
            if !matches!(
                write,
                Write::Check {
                    condition: Condition::Always,
                    ..
                }
            ) {
                sent.push((n, write));
            }
        } else if !holds_when_absent(condition) {
            let earlier = sent
                .into_iter()
                .filter(|(_, w): &(usize, &Write)| w.condition() != Condition::Always)
                .collect();
            return Plan::FailsAt {
                failing: n,
                earlier,
            };
        }
    }
    Plan::Run(sent)
}

pub(crate) async fn transact(
    client: &Client,
    table: &str,
    writes: Vec<Write>,
) -> Result<(), StoreError> {
    check_transaction(&writes)?;
    let now = now_epoch_seconds();
    match plan(&writes) {
        Plan::Run(sent) => {
            let items = sent
                .iter()
                .map(|(_, write)| write_item(table, write, now))
                .collect::<Result<Vec<_>, _>>()?;
            send(client, items, &sent).await
        }
        Plan::FailsAt { failing, earlier } => {
            let items = earlier
                .iter()
                .map(|(_, write)| check_item(table, write, now))
                .collect::<Result<Vec<_>, _>>()?;
            send(client, items, &earlier).await?;
            Err(StoreError::ConditionFailed { write: failing })
        }
    }
}

/// Sends the transaction. DynamoDB cancels a transaction that races another one on the same
/// item ("TransactionConflict") without a failed condition; such a race is retried a few
/// times, as redb's one-writer-at-a-time engine would simply have waited.
async fn send(
    client: &Client,
    items: Vec<TransactWriteItem>,
    sent: &[(usize, &Write)],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    const ATTEMPTS: u64 = 4;
    for attempt in 1..=ATTEMPTS {
        let error = match client
            .transact_write_items()
            .set_transact_items(Some(items.clone()))
            .send()
            .await
        {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        let reasons = match error.as_service_error() {
            Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) => {
                cancelled.cancellation_reasons()
            }
            _ => &[],
        };
        if let Some((write, _)) = failed_write(reasons).and_then(|position| sent.get(position)) {
            return Err(StoreError::ConditionFailed { write: *write });
        }
        let raced = reasons
            .iter()
            .any(|r| r.code() == Some("TransactionConflict"));
        if !raced || attempt == ATTEMPTS {
            return Err(unavailable(error));
        }
        let jitter = u64::from(now_subsec_nanos() % 20);
        tokio::time::sleep(std::time::Duration::from_millis(25 * attempt + jitter)).await;
    }
    Err(StoreError::Unavailable(
        "the transaction kept racing others".into(),
    ))
}

fn now_subsec_nanos() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}

fn write_item(table: &str, write: &Write, now: i64) -> Result<TransactWriteItem, StoreError> {
    let condition = expression(write.condition(), now).map(|e| e.into_parts());
    let (text, names, values) = match condition {
        Some(parts) => (Some(parts.text), parts.names, parts.values),
        None => (None, None, None),
    };
    let builder = TransactWriteItem::builder();
    Ok(match write {
        Write::Put { item, .. } => builder.put(
            Put::builder()
                .table_name(table)
                .set_item(Some(to_attributes(item)))
                .set_condition_expression(text)
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .build()
                .map_err(unbuildable)?,
        ),
        Write::Delete { pk, sk, .. } => builder.delete(
            Delete::builder()
                .table_name(table)
                .set_key(Some(key(pk, sk)))
                .set_condition_expression(text)
                .set_expression_attribute_names(names)
                .set_expression_attribute_values(values)
                .build()
                .map_err(unbuildable)?,
        ),
        Write::Check { .. } => return check_item(table, write, now),
    }
    .build())
}

/// A ConditionCheck of the write's condition on its key. The plan never sends one for
/// `Always`, which DynamoDB could not express as a check.
fn check_item(table: &str, write: &Write, now: i64) -> Result<TransactWriteItem, StoreError> {
    let (pk, sk) = write.key();
    let parts = expression(write.condition(), now)
        .ok_or_else(|| StoreError::Invalid("a check of Always is never sent".into()))?
        .into_parts();
    let check = ConditionCheck::builder()
        .table_name(table)
        .set_key(Some(key(pk, sk)))
        .condition_expression(parts.text)
        .set_expression_attribute_names(parts.names)
        .set_expression_attribute_values(parts.values)
        .build()
        .map_err(unbuildable)?;
    Ok(TransactWriteItem::builder().condition_check(check).build())
}

#[cfg(test)]
mod tests {
    use worklane_store::Item;

    use super::*;

    fn put(pk: &str, condition: Condition) -> Write {
        Write::Put {
            item: Item::new(pk, "s", &1).unwrap(),
            condition,
        }
    }

    fn check(pk: &str, condition: Condition) -> Write {
        Write::Check {
            pk: pk.into(),
            sk: "s".into(),
            condition,
        }
    }

    fn delete(pk: &str, condition: Condition) -> Write {
        Write::Delete {
            pk: pk.into(),
            sk: "s".into(),
            condition,
        }
    }

    fn positions(plan: &Plan<'_>) -> Vec<usize> {
        match plan {
            Plan::Run(sent) | Plan::FailsAt { earlier: sent, .. } => {
                sent.iter().map(|(n, _)| *n).collect()
            }
        }
    }

    #[test]
    fn ordinary_writes_are_all_sent_in_order() {
        let writes = [
            put("A", Condition::NotExists),
            delete("B", Condition::Always),
            check("C", Condition::Exists),
        ];
        let plan = plan(&writes);
        assert!(matches!(plan, Plan::Run(_)));
        assert_eq!(positions(&plan), [0, 1, 2]);
    }

    #[test]
    fn checks_of_always_and_no_ops_on_impossible_keys_are_left_out() {
        let writes = [
            check("A", Condition::Always),
            delete("", Condition::Always),
            check("", Condition::NotExists),
            put("D", Condition::Always),
        ];
        let plan = plan(&writes);
        assert!(matches!(plan, Plan::Run(_)));
        assert_eq!(positions(&plan), [3]);
    }

    #[test]
    fn a_write_needing_an_item_on_an_impossible_key_fails_after_earlier_checks() {
        let writes = [
            put("A", Condition::VersionIs(2)),
            put("B", Condition::Always),
            delete("", Condition::Exists),
            put("C", Condition::NotExists),
        ];
        let plan = plan(&writes);
        assert!(matches!(plan, Plan::FailsAt { failing: 2, .. }));
        assert_eq!(positions(&plan), [0]);
    }

    #[test]
    fn a_check_item_carries_the_writes_condition_and_key() {
        let item = check_item("T", &delete("A", Condition::Exists), 7).unwrap();
        let check = item.condition_check().unwrap();
        assert_eq!(check.table_name(), "T");
        assert!(
            check
                .condition_expression()
                .starts_with("attribute_exists(#pk)")
        );
        assert_eq!(check.key(), &key("A", "s"));
    }

    #[test]
    fn a_put_without_condition_has_no_expression() {
        let item = write_item("T", &put("A", Condition::Always), 7).unwrap();
        let put = item.put().unwrap();
        assert_eq!(put.condition_expression(), None);
        assert_eq!(put.expression_attribute_values(), None);
    }
}
