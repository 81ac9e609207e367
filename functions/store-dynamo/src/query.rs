//! A port query as DynamoDB Queries: read until `limit + 1` live items are in hand or the
//! range ends, then cut the page exactly as the embedded engine does, so both engines give the
//! same pages and the same cursors.

use aws_sdk_dynamodb::Client;
use worklane_store::{
    Cursor, CursorKeys, Index, Order, Page, Query, StoreError, check_key, now_epoch_seconds,
};

use crate::attributes::{Attributes, from_attributes, index_attributes, key};
use crate::errors::unavailable;
use crate::key_condition::{Resume, key_condition, resume};

pub(crate) async fn run(client: &Client, table: &str, query: Query) -> Result<Page, StoreError> {
    query.check()?;
    let now = now_epoch_seconds();
    let empty = || Page::from_fetched(Vec::new(), query.limit, query.index);
    let mut start = match &query.cursor {
        None => None,
        Some(cursor) => match start_key(cursor, &query)? {
            Some(start) => start,
            None => return Ok(empty()),
        },
    };
    let Some(condition) = key_condition(&query) else {
        return Ok(empty());
    };
    let condition = condition.into_parts();
    let wanted = query.limit + 1;
    let mut fetched = Vec::with_capacity(wanted);
    loop {
        let remaining = i32::try_from(wanted - fetched.len()).unwrap_or(i32::MAX);
        let output = client
            .query()
            .table_name(table)
            .set_index_name(query.index.map(|index| index.name().to_string()))
            .key_condition_expression(&condition.text)
            .set_expression_attribute_names(condition.names.clone())
            .set_expression_attribute_values(condition.values.clone())
            .scan_index_forward(query.order == Order::Ascending)
            // Indexes are only eventually consistent; the table can do better.
            .consistent_read(query.index.is_none())
            .limit(remaining)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(unavailable)?;
        for attributes in output.items.unwrap_or_default() {
            let item = from_attributes(&attributes)?;
            if !item.is_expired(now) {
                fetched.push(item);
            }
        }
        match output.last_evaluated_key {
            Some(last) if fetched.len() < wanted && !last.is_empty() => start = Some(last),
            _ => break,
        }
    }
    Ok(Page::from_fetched(fetched, query.limit, query.index))
}

/// Where a query with `cursor` starts: `Ok(None)` when nothing can follow it, `Ok(Some(None))`
/// to start at the range's start, `Ok(Some(Some(key)))` to start after the cursor's item.
fn start_key(cursor: &Cursor, query: &Query) -> Result<Option<Option<Attributes>>, StoreError> {
    let keys = cursor.keys(query.index, &query.pk)?;
    let sort_key = match query.index {
        None => keys.sk.as_str(),
        Some(_) => keys.isk.as_deref().ok_or(StoreError::BadCursor)?,
    };
    Ok(match resume(&query.range, query.order, sort_key) {
        Resume::Nothing => None,
        Resume::FromStart => Some(None),
        Resume::AfterCursor => Some(Some(exclusive_start_key(&keys, query.index)?)),
    })
}

/// DynamoDB's resume key for the item a cursor names: its table key and, on an index, its
/// index key. A cursor with keys no item can have did not come from a page.
fn exclusive_start_key(keys: &CursorKeys, index: Option<Index>) -> Result<Attributes, StoreError> {
    let valid = |key: &str| check_key("cursor key", key).map_err(|_| StoreError::BadCursor);
    valid(&keys.pk)?;
    valid(&keys.sk)?;
    let mut start = key(&keys.pk, &keys.sk);
    if let Some(index) = index {
        let (Some(ipk), Some(isk)) = (&keys.ipk, &keys.isk) else {
            return Err(StoreError::BadCursor);
        };
        valid(ipk)?;
        valid(isk)?;
        let (pk_attribute, sk_attribute) = index_attributes(index);
        start.insert(
            pk_attribute,
            aws_sdk_dynamodb::types::AttributeValue::S(ipk.clone()),
        );
        start.insert(
            sk_attribute,
            aws_sdk_dynamodb::types::AttributeValue::S(isk.clone()),
        );
    }
    Ok(start)
}

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::types::AttributeValue;
    use worklane_store::Item;

    use super::*;

    fn item() -> Item {
        Item::new("P", "S#2", &1)
            .unwrap()
            .with_index(Index::GSI2, "G", "2024-05")
    }

    #[test]
    fn a_table_cursor_resumes_after_the_items_table_key() {
        let cursor = Cursor::after(&item(), None);
        let keys = cursor.keys(None, "P").unwrap();
        let start = exclusive_start_key(&keys, None).unwrap();
        assert_eq!(start.len(), 2);
        assert_eq!(start["pk"], AttributeValue::S("P".into()));
        assert_eq!(start["sk"], AttributeValue::S("S#2".into()));
    }

    #[test]
    fn an_index_cursor_resumes_after_the_items_index_and_table_keys() {
        let cursor = Cursor::after(&item(), Some(Index::GSI2));
        let keys = cursor.keys(Some(Index::GSI2), "G").unwrap();
        let start = exclusive_start_key(&keys, Some(Index::GSI2)).unwrap();
        assert_eq!(start.len(), 4);
        assert_eq!(start["gsi2pk"], AttributeValue::S("G".into()));
        assert_eq!(start["gsi2sk"], AttributeValue::S("2024-05".into()));
        assert_eq!(start["pk"], AttributeValue::S("P".into()));
    }

    #[test]
    fn a_cursor_past_the_range_starts_nowhere() {
        let query = Query::partition("P").begins_with("A#");
        let cursor = Cursor::after(&item(), None);
        assert_eq!(start_key(&cursor, &query).unwrap(), None);
    }

    #[test]
    fn a_cursor_with_an_empty_key_is_bad() {
        let forged = Item::new("P", "", &1).unwrap();
        let cursor = Cursor::after(&forged, None);
        let query = Query::partition("P");
        assert!(matches!(
            start_key(&cursor, &query),
            Err(StoreError::BadCursor)
        ));
    }
}
