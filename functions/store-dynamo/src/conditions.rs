//! Condition expressions for the port's [`Condition`]s. DynamoDB keeps an expired item until
//! its TTL sweep removes it, so every condition treats an item whose `ttl` has passed
//! (`ttl <= now`, as [`worklane_store::Item::is_expired`] says) as absent.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use worklane_store::Condition;

use crate::attributes::{PK, TTL, VERSION};

/// A condition expression with its placeholders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expression {
    pub text: String,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

/// An expression as the SDK's builders take it: DynamoDB refuses an empty map of names or
/// values, so an empty one is `None`.
pub(crate) struct Parts {
    pub text: String,
    pub names: Option<HashMap<String, String>>,
    pub values: Option<HashMap<String, AttributeValue>>,
}

impl Expression {
    pub(crate) fn into_parts(self) -> Parts {
        Parts {
            text: self.text,
            names: Some(self.names).filter(|names| !names.is_empty()),
            values: Some(self.values).filter(|values| !values.is_empty()),
        }
    }
}

const LIVE: &str = "(attribute_not_exists(#ttl) OR #ttl > :now)";

/// The expression for `condition` at time `now` (epoch seconds); `None` for
/// [`Condition::Always`], which needs none.
pub(crate) fn expression(condition: Condition, now: i64) -> Option<Expression> {
    let now_value = || AttributeValue::N(now.to_string());
    let (text, names, values) = match condition {
        Condition::Always => return None,
        Condition::NotExists => (
            "attribute_not_exists(#pk) OR #ttl <= :now".to_string(),
            vec![("#pk", PK), ("#ttl", TTL)],
            vec![(":now", now_value())],
        ),
        Condition::Exists => (
            format!("attribute_exists(#pk) AND {LIVE}"),
            vec![("#pk", PK), ("#ttl", TTL)],
            vec![(":now", now_value())],
        ),
        Condition::VersionIs(version) => (
            format!("#v = :v AND {LIVE}"),
            vec![("#v", VERSION), ("#ttl", TTL)],
            vec![
                (":v", AttributeValue::N(version.to_string())),
                (":now", now_value()),
            ],
        ),
    };
    Some(Expression {
        text,
        names: names
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        values: values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    })
}

/// Whether `condition` holds when no live item has the key.
pub(crate) fn holds_when_absent(condition: Condition) -> bool {
    matches!(condition, Condition::Always | Condition::NotExists)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn always_needs_no_expression() {
        assert_eq!(expression(Condition::Always, 5), None);
    }

    #[test]
    fn not_exists_also_accepts_an_expired_item() {
        let e = expression(Condition::NotExists, 1_700_000_000).unwrap();
        assert_eq!(e.text, "attribute_not_exists(#pk) OR #ttl <= :now");
        assert_eq!(e.names["#pk"], "pk");
        assert_eq!(e.names["#ttl"], "ttl");
        assert_eq!(e.values[":now"], AttributeValue::N("1700000000".into()));
    }

    #[test]
    fn exists_requires_a_live_item() {
        let e = expression(Condition::Exists, 9).unwrap();
        assert_eq!(
            e.text,
            "attribute_exists(#pk) AND (attribute_not_exists(#ttl) OR #ttl > :now)"
        );
        assert_eq!(e.values.len(), 1);
    }

    #[test]
    fn version_is_compares_the_version_of_a_live_item() {
        let e = expression(Condition::VersionIs(3), 9).unwrap();
        assert_eq!(
            e.text,
            "#v = :v AND (attribute_not_exists(#ttl) OR #ttl > :now)"
        );
        assert_eq!(e.names["#v"], "v");
        assert_eq!(e.values[":v"], AttributeValue::N("3".into()));
        assert_eq!(e.values[":now"], AttributeValue::N("9".into()));
    }

    #[test]
    fn every_placeholder_used_is_defined_and_every_one_defined_is_used() {
        let conditions = [
            Condition::NotExists,
            Condition::Exists,
            Condition::VersionIs(1),
        ];
        let expressions = conditions.into_iter().filter_map(|c| expression(c, 1));
        for e in expressions {
            for name in e.names.keys().chain(e.values.keys()) {
                assert!(
                    e.text.contains(name.as_str()),
                    "{name} unused in {}",
                    e.text
                );
            }
            for token in e
                .text
                .split(|c: char| !(c.is_alphanumeric() || "#:_".contains(c)))
            {
                if token.starts_with('#') {
                    assert!(e.names.contains_key(token), "{token} undefined");
                }
                if token.starts_with(':') {
                    assert!(e.values.contains_key(token), "{token} undefined");
                }
            }
        }
    }

    #[test]
    fn an_expression_sends_its_names_and_values() {
        let parts = expression(Condition::Exists, 1).unwrap().into_parts();
        assert_eq!(parts.names.map(|n| n.len()), Some(2));
        assert_eq!(parts.values.map(|v| v.len()), Some(1));
    }

    #[test]
    fn only_always_and_not_exists_hold_on_an_absent_item() {
        assert!(holds_when_absent(Condition::Always));
        assert!(holds_when_absent(Condition::NotExists));
        assert!(!holds_when_absent(Condition::Exists));
        assert!(!holds_when_absent(Condition::VersionIs(1)));
    }
}
