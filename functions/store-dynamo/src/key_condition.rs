//! What a port [`Query`] asks DynamoDB: the key condition expression on the table's or an
//! index's keys, and where a cursor resumes. Ranges DynamoDB would refuse (an empty bound,
//! bounds in the wrong order) and cursors outside the range get the embedded engine's answer
//! rather than a DynamoDB validation error.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use worklane_store::{KeyRange, Order, Query};

use crate::attributes::{PK, SK, index_attributes};
use crate::conditions::Expression;

/// The partition and sort key attributes a query reads.
pub(crate) fn key_attributes(query: &Query) -> (String, String) {
    match query.index {
        Some(index) => index_attributes(index),
        None => (PK.to_string(), SK.to_string()),
    }
}

/// The key condition of `query`, or `None` when no sort key can be in its range.
pub(crate) fn key_condition(query: &Query) -> Option<Expression> {
    let (partition, sort) = key_attributes(query);
    let mut names = HashMap::from([("#p".to_string(), partition)]);
    let mut values = HashMap::from([(":p".to_string(), AttributeValue::S(query.pk.clone()))]);
    let mut sort_on = |text: &str, bounds: &[(&str, &str)]| {
        names.insert("#s".to_string(), sort.clone());
        for (placeholder, value) in bounds {
            values.insert(
                placeholder.to_string(),
                AttributeValue::S(value.to_string()),
            );
        }
        format!("#p = :p AND {text}")
    };
    let text = match &query.range {
        KeyRange::All => "#p = :p".to_string(),
        KeyRange::BeginsWith(prefix) if prefix.is_empty() => "#p = :p".to_string(),
        KeyRange::BeginsWith(prefix) => sort_on("begins_with(#s, :a)", &[(":a", prefix)]),
        // Keys are never empty, so nothing sorts at or before "".
        KeyRange::Between(_, high) if high.is_empty() => return None,
        KeyRange::Between(low, high) if low > high => return None,
        KeyRange::Between(low, high) if low.is_empty() => sort_on("#s <= :b", &[(":b", high)]),
        KeyRange::Between(low, high) => {
            sort_on("#s BETWEEN :a AND :b", &[(":a", low), (":b", high)])
        }
    };
    Some(Expression {
        text,
        names,
        values,
    })
}

/// Where a query with a cursor whose sort key is `sort_key` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    /// The cursor is behind the range in the query's direction: start at the range's start.
    FromStart,
    /// Start just after the cursor's item.
    AfterCursor,
    /// The cursor is past the range's end: there is nothing more.
    Nothing,
}

pub(crate) fn resume(range: &KeyRange, order: Order, sort_key: &str) -> Resume {
    let below = match range {
        KeyRange::All => false,
        KeyRange::BeginsWith(prefix) => sort_key < prefix.as_str(),
        KeyRange::Between(low, _) => sort_key < low.as_str(),
    };
    let above = match range {
        KeyRange::All => false,
        KeyRange::BeginsWith(prefix) => {
            sort_key > prefix.as_str() && !sort_key.starts_with(prefix.as_str())
        }
        KeyRange::Between(_, high) => sort_key > high.as_str(),
    };
    let (behind, past) = match order {
        Order::Ascending => (below, above),
        Order::Descending => (above, below),
    };
    if behind {
        Resume::FromStart
    } else if past {
        Resume::Nothing
    } else {
        Resume::AfterCursor
    }
}

#[cfg(test)]
mod tests {
    use worklane_store::Index;

    use super::*;

    fn text(query: &Query) -> Option<String> {
        key_condition(query).map(|e| e.text)
    }

    #[test]
    fn a_whole_partition_needs_only_the_partition_key() {
        let e = key_condition(&Query::partition("P")).unwrap();
        assert_eq!(e.text, "#p = :p");
        assert_eq!(e.names["#p"], "pk");
        assert_eq!(e.values[":p"], AttributeValue::S("P".into()));
        assert!(!e.names.contains_key("#s"));
    }

    #[test]
    fn an_index_query_names_the_index_key_attributes() {
        let query = Query::index(Index::GSI3, "G").begins_with("2024-");
        let e = key_condition(&query).unwrap();
        assert_eq!(e.text, "#p = :p AND begins_with(#s, :a)");
        assert_eq!(e.names["#p"], "gsi3pk");
        assert_eq!(e.names["#s"], "gsi3sk");
        assert_eq!(e.values[":a"], AttributeValue::S("2024-".into()));
    }

    #[test]
    fn an_empty_prefix_is_the_whole_partition() {
        let query = Query::partition("P").begins_with("");
        assert_eq!(text(&query).as_deref(), Some("#p = :p"));
    }

    #[test]
    fn between_includes_both_ends() {
        let query = Query::partition("P").range(KeyRange::Between("a".into(), "c".into()));
        let e = key_condition(&query).unwrap();
        assert_eq!(e.text, "#p = :p AND #s BETWEEN :a AND :b");
        assert_eq!(e.names["#s"], "sk");
        assert_eq!(e.values[":b"], AttributeValue::S("c".into()));
    }

    #[test]
    fn between_from_an_empty_low_end_is_at_most_the_high_end() {
        let query = Query::partition("P").range(KeyRange::Between(String::new(), "c".into()));
        assert_eq!(text(&query).as_deref(), Some("#p = :p AND #s <= :b"));
    }

    #[test]
    fn between_reversed_or_up_to_nothing_is_empty() {
        let reversed = Query::partition("P").range(KeyRange::Between("c".into(), "a".into()));
        assert_eq!(text(&reversed), None);
        let empty_high = Query::partition("P").range(KeyRange::Between("a".into(), String::new()));
        assert_eq!(text(&empty_high), None);
    }

    #[test]
    fn a_cursor_inside_the_range_resumes_after_its_item() {
        let range = KeyRange::Between("b".into(), "d".into());
        assert_eq!(resume(&range, Order::Ascending, "c"), Resume::AfterCursor);
        assert_eq!(resume(&range, Order::Descending, "d"), Resume::AfterCursor);
        assert_eq!(
            resume(&KeyRange::All, Order::Descending, "zz"),
            Resume::AfterCursor
        );
        let prefix = KeyRange::BeginsWith("ab".into());
        assert_eq!(
            resume(&prefix, Order::Ascending, "abz"),
            Resume::AfterCursor
        );
    }

    #[test]
    fn a_cursor_behind_the_range_starts_at_its_start() {
        let range = KeyRange::Between("b".into(), "d".into());
        assert_eq!(resume(&range, Order::Ascending, "a"), Resume::FromStart);
        assert_eq!(resume(&range, Order::Descending, "e"), Resume::FromStart);
        let prefix = KeyRange::BeginsWith("ab".into());
        assert_eq!(resume(&prefix, Order::Descending, "ac"), Resume::FromStart);
    }

    #[test]
    fn a_cursor_past_the_range_leaves_nothing() {
        let range = KeyRange::Between("b".into(), "d".into());
        assert_eq!(resume(&range, Order::Ascending, "da"), Resume::Nothing);
        assert_eq!(resume(&range, Order::Descending, "a"), Resume::Nothing);
        let prefix = KeyRange::BeginsWith("ab".into());
        assert_eq!(resume(&prefix, Order::Ascending, "ac"), Resume::Nothing);
        assert_eq!(resume(&prefix, Order::Descending, "aa"), Resume::Nothing);
    }
}
