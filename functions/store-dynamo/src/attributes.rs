//! How an [`Item`] is laid out as DynamoDB attributes: `pk`, `sk`, `gsiNpk`/`gsiNsk` for each
//! index the item is in, `body` (the JSON text), `v` (the version) and `ttl` (expiry in epoch
//! seconds, the table's TTL attribute).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use worklane_store::{Index, IndexKey, Item, StoreError};

pub(crate) type Attributes = HashMap<String, AttributeValue>;

pub(crate) const PK: &str = "pk";
pub(crate) const SK: &str = "sk";
pub(crate) const BODY: &str = "body";
pub(crate) const VERSION: &str = "v";
pub(crate) const TTL: &str = "ttl";

/// The partition and sort key attributes of an index, such as `gsi1pk` and `gsi1sk`.
pub(crate) fn index_attributes(index: Index) -> (String, String) {
    (format!("{}pk", index.name()), format!("{}sk", index.name()))
}

/// The key of an item in the table.
pub(crate) fn key(pk: &str, sk: &str) -> Attributes {
    HashMap::from([
        (PK.to_string(), AttributeValue::S(pk.to_string())),
        (SK.to_string(), AttributeValue::S(sk.to_string())),
    ])
}

/// Every attribute of the item, index keys only for the indexes it is in.
pub(crate) fn to_attributes(item: &Item) -> Attributes {
    let mut attributes = key(&item.pk, &item.sk);
    for (index, index_key) in &item.indexes {
        let (pk, sk) = index_attributes(*index);
        attributes.insert(pk, AttributeValue::S(index_key.pk.clone()));
        attributes.insert(sk, AttributeValue::S(index_key.sk.clone()));
    }
    attributes.insert(BODY.to_string(), AttributeValue::S(item.body.clone()));
    attributes.insert(
        VERSION.to_string(),
        AttributeValue::N(item.version.to_string()),
    );
    if let Some(expires_at) = item.expires_at {
        attributes.insert(TTL.to_string(), AttributeValue::N(expires_at.to_string()));
    }
    attributes
}

/// The item stored as `attributes`; an error names the item and the attribute that is wrong.
pub(crate) fn from_attributes(attributes: &Attributes) -> Result<Item, StoreError> {
    let pk = string(attributes, PK, "?", "?")?;
    let sk = string(attributes, SK, &pk, "?")?;
    let mut indexes = std::collections::BTreeMap::new();
    for index in Index::ALL {
        let (ipk, isk) = index_attributes(*index);
        if attributes.contains_key(&ipk) || attributes.contains_key(&isk) {
            indexes.insert(
                *index,
                IndexKey {
                    pk: string(attributes, &ipk, &pk, &sk)?,
                    sk: string(attributes, &isk, &pk, &sk)?,
                },
            );
        }
    }
    let body = string(attributes, BODY, &pk, &sk)?;
    let version = number(attributes, VERSION, &pk, &sk)?
        .ok_or_else(|| corrupt(&pk, &sk, VERSION, "is missing"))?;
    let expires_at = number(attributes, TTL, &pk, &sk)?;
    Ok(Item {
        pk,
        sk,
        indexes,
        body,
        version,
        expires_at,
    })
}

fn string(attributes: &Attributes, name: &str, pk: &str, sk: &str) -> Result<String, StoreError> {
    match attributes.get(name) {
        Some(AttributeValue::S(value)) => Ok(value.clone()),
        Some(_) => Err(corrupt(pk, sk, name, "is not a string")),
        None => Err(corrupt(pk, sk, name, "is missing")),
    }
}

fn number<T: std::str::FromStr>(
    attributes: &Attributes,
    name: &str,
    pk: &str,
    sk: &str,
) -> Result<Option<T>, StoreError> {
    match attributes.get(name) {
        Some(AttributeValue::N(value)) => value
            .parse()
            .map(Some)
            .map_err(|_| corrupt(pk, sk, name, "is not a whole number in range")),
        Some(_) => Err(corrupt(pk, sk, name, "is not a number")),
        None => Ok(None),
    }
}

fn corrupt(pk: &str, sk: &str, attribute: &str, problem: &str) -> StoreError {
    StoreError::Unavailable(format!(
        "item {pk}/{sk} in DynamoDB is not a Worklane item: attribute {attribute} {problem}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_item() -> Item {
        Item::new("CONTACT#1", "PROFILE", &serde_json::json!({"name": "Ada"}))
            .unwrap()
            .with_index(Index::GSI1, "EMAIL#ada@example.com", "CONTACT#1")
            .with_index(Index::GSI5, "TEAM#7", "2024-01-01")
            .with_version(42)
            .expiring_at(1_900_000_000)
    }

    #[test]
    fn an_item_becomes_the_attributes_of_the_table_layout() {
        let attributes = to_attributes(&full_item());
        let s = |name: &str| match attributes.get(name) {
            Some(AttributeValue::S(value)) => value.clone(),
            other => panic!("{name} is not a string: {other:?}"),
        };
        assert_eq!(s("pk"), "CONTACT#1");
        assert_eq!(s("sk"), "PROFILE");
        assert_eq!(s("gsi1pk"), "EMAIL#ada@example.com");
        assert_eq!(s("gsi1sk"), "CONTACT#1");
        assert_eq!(s("gsi5pk"), "TEAM#7");
        assert_eq!(s("body"), r#"{"name":"Ada"}"#);
        assert_eq!(attributes.get("v"), Some(&AttributeValue::N("42".into())));
        assert_eq!(
            attributes.get("ttl"),
            Some(&AttributeValue::N("1900000000".into()))
        );
        assert!(!attributes.contains_key("gsi2pk"));
        assert_eq!(attributes.len(), 9);
    }

    #[test]
    fn an_item_without_expiry_or_indexes_has_no_such_attributes() {
        let item = Item::new("A", "B", &1).unwrap();
        let attributes = to_attributes(&item);
        let mut names: Vec<_> = attributes.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["body", "pk", "sk", "v"]);
    }

    #[test]
    fn attributes_read_back_as_the_same_item() {
        let item = full_item();
        assert_eq!(from_attributes(&to_attributes(&item)).unwrap(), item);
    }

    #[test]
    fn a_foreign_item_is_reported_with_its_key_and_attribute() {
        let mut attributes = to_attributes(&full_item());
        attributes.insert("v".into(), AttributeValue::S("one".into()));
        let message = from_attributes(&attributes).unwrap_err().to_string();
        assert!(message.contains("CONTACT#1/PROFILE"), "{message}");
        assert!(message.contains("attribute v is not a number"), "{message}");
    }

    #[test]
    fn an_index_with_half_a_key_is_refused() {
        let mut attributes = to_attributes(&full_item());
        attributes.remove("gsi1sk");
        let message = from_attributes(&attributes).unwrap_err().to_string();
        assert!(message.contains("gsi1sk is missing"), "{message}");
    }
}
