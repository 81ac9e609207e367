use std::collections::BTreeMap;

use serde::{Serialize, de::DeserializeOwned};

use crate::StoreError;

/// DynamoDB refuses items over 400 KB; both engines refuse them the same way.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// A global secondary index of the table, by name. The table has exactly the indexes in
/// [`Index::ALL`]: both engines keep them, the SAM template declares them (a test holds it to
/// this list), and DynamoDB allows 20. Their key attributes (`{name}pk`, `{name}sk`) are
/// overloaded: each kind of record decides what its entries in an index mean, and its
/// repository alone writes and reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Index(&'static str);

impl Index {
    pub const GSI1: Index = Index("gsi1");
    pub const GSI2: Index = Index("gsi2");
    pub const GSI3: Index = Index("gsi3");
    pub const GSI4: Index = Index("gsi4");
    pub const GSI5: Index = Index("gsi5");

    /// Every index of the table.
    pub const ALL: &'static [Index] = &[
        Index::GSI1,
        Index::GSI2,
        Index::GSI3,
        Index::GSI4,
        Index::GSI5,
    ];

    /// The index's name, and the prefix of its key attributes (`gsi1pk`, `gsi1sk`).
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The table's index of this name.
    pub fn by_name(name: &str) -> Option<Index> {
        Index::ALL.iter().copied().find(|i| i.0 == name)
    }
}

/// An item's key in one index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexKey {
    pub pk: String,
    pub sk: String,
}

/// One record in the table. `body` is the record itself as JSON text; the keys say where it
/// is found. `version` is what optimistic concurrency compares. An item whose `expires_at`
/// (seconds since the epoch) has passed is absent to every operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub pk: String,
    pub sk: String,
    /// The item's key in each index it is in.
    pub indexes: BTreeMap<Index, IndexKey>,
    pub body: String,
    pub version: u64,
    pub expires_at: Option<i64>,
}

impl Item {
    /// An item holding `record` as its body, at version 1, in no index.
    pub fn new(
        pk: impl Into<String>,
        sk: impl Into<String>,
        record: &impl Serialize,
    ) -> Result<Self, StoreError> {
        let body = serde_json::to_string(record)
            .map_err(|e| StoreError::Invalid(format!("record does not serialise: {e}")))?;
        Ok(Self {
            pk: pk.into(),
            sk: sk.into(),
            indexes: Default::default(),
            body,
            version: 1,
            expires_at: None,
        })
    }

    pub fn with_index(
        mut self,
        index: Index,
        pk: impl Into<String>,
        sk: impl Into<String>,
    ) -> Self {
        self.indexes.insert(
            index,
            IndexKey {
                pk: pk.into(),
                sk: sk.into(),
            },
        );
        self
    }

    pub fn with_version(mut self, version: u64) -> Self {
        self.version = version;
        self
    }

    pub fn expiring_at(mut self, epoch_seconds: i64) -> Self {
        self.expires_at = Some(epoch_seconds);
        self
    }

    pub fn index_key(&self, index: Index) -> Option<&IndexKey> {
        self.indexes.get(&index)
    }

    /// The stored record, decoded.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, StoreError> {
        serde_json::from_str(&self.body).map_err(|e| {
            StoreError::Unavailable(format!("item {}/{} does not decode: {e}", self.pk, self.sk))
        })
    }

    pub fn is_expired(&self, now_epoch_seconds: i64) -> bool {
        self.expires_at.is_some_and(|t| t <= now_epoch_seconds)
    }

    /// The item's size as DynamoDB counts it: attribute names plus values.
    pub fn size_bytes(&self) -> usize {
        let mut size = 2 + self.pk.len() + 2 + self.sk.len();
        for (index, key) in &self.indexes {
            size += 2 * (index.name().len() + 2) + key.pk.len() + key.sk.len();
        }
        size += 4 + self.body.len();
        size += 1 + number_size(self.version as i128);
        if let Some(t) = self.expires_at {
            size += 3 + number_size(t as i128);
        }
        size
    }

    /// Refuses items no engine may store: too large, or with keys DynamoDB would refuse.
    pub fn validate(&self) -> Result<(), StoreError> {
        check_key("pk", &self.pk)?;
        check_key("sk", &self.sk)?;
        if let Some(unknown) = self.indexes.keys().find(|i| !Index::ALL.contains(i)) {
            return Err(StoreError::Invalid(format!(
                "the table has no index {}",
                unknown.name()
            )));
        }
        for key in self.indexes.values() {
            check_key("index pk", &key.pk)?;
            check_key("index sk", &key.sk)?;
        }
        let bytes = self.size_bytes();
        if bytes > MAX_ITEM_BYTES {
            return Err(StoreError::ItemTooLarge {
                pk: self.pk.clone(),
                sk: self.sk.clone(),
                bytes,
                limit: MAX_ITEM_BYTES,
            });
        }
        Ok(())
    }
}

/// Keys are non-empty, at most 1 KB, and free of the two control characters the embedded
/// engine uses to separate key parts.
pub(crate) fn check_key(what: &str, key: &str) -> Result<(), StoreError> {
    if key.is_empty() {
        return Err(StoreError::Invalid(format!("{what} is empty")));
    }
    if key.len() > 1024 {
        return Err(StoreError::Invalid(format!(
            "{what} is longer than 1024 bytes"
        )));
    }
    if key.contains(['\u{0}', '\u{1}']) {
        return Err(StoreError::Invalid(format!(
            "{what} contains a control character"
        )));
    }
    Ok(())
}

/// DynamoDB stores numbers in about one byte per two digits, plus one.
fn number_size(n: i128) -> usize {
    n.unsigned_abs().to_string().len().div_ceil(2) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_over_400_kb_is_refused_with_its_size() {
        let item = Item::new("p", "s", &"x".repeat(MAX_ITEM_BYTES)).unwrap();
        match item.validate() {
            Err(StoreError::ItemTooLarge { bytes, limit, .. }) => {
                assert!(bytes > limit);
                assert_eq!(limit, MAX_ITEM_BYTES);
            }
            other => panic!("expected ItemTooLarge, got {other:?}"),
        }
    }

    #[test]
    fn keys_with_separator_characters_are_refused() {
        let item = Item::new("p\u{0}", "s", &1).unwrap();
        assert!(matches!(item.validate(), Err(StoreError::Invalid(_))));
    }

    #[test]
    fn expiry_is_inclusive_of_the_current_second() {
        let item = Item::new("p", "s", &1).unwrap().expiring_at(100);
        assert!(item.is_expired(100));
        assert!(!item.is_expired(99));
    }
}
