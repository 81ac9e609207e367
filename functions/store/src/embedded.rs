//! The embedded engine: redb, in a file or in memory. Items live in one table keyed by
//! `pk \0 sk`; each index is a table keyed by `ipk \0 isk \0 pk \0 sk`, maintained in the same
//! write transaction as the item, so an index never disagrees with the items. Byte order of
//! these keys is DynamoDB's sort order (UTF-8 bytes), and `\0` sorts before any key byte.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use redb::{Database, Durability, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::port::check_transaction;
use crate::{
    Condition, Index, IndexKey, Item, ItemStore, KeyRange, Order, Page, Query, StoreError, Write,
    now_epoch_seconds,
};

const ITEMS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("items");
/// An index's table, named as the index.
fn index_table(index: Index) -> TableDefinition<'static, &'static [u8], ()> {
    TableDefinition::new(index.name())
}
const SEP: u8 = 0;

type Entry<'a, V> = Result<
    (
        redb::AccessGuard<'a, &'static [u8]>,
        redb::AccessGuard<'a, V>,
    ),
    redb::StorageError,
>;

/// The item store on redb.
#[derive(Clone)]
pub struct EmbeddedStore {
    db: Arc<Database>,
    durable: bool,
    commits: Arc<AtomicU64>,
}

/// In fast mode every this-many commits is durable anyway: redb frees the pages of earlier
/// versions only at a durable commit, so without one a bulk load would grow the file
/// without bound.
const DURABLE_EVERY: u64 = 16;

#[derive(Serialize, Deserialize)]
struct Stored {
    /// The item's key in each index, by index name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ix: BTreeMap<String, (String, String)>,
    /// Files written before indexes had names kept five keys by position (gsi1…gsi5); they
    /// are read as such and written back in the named form.
    #[serde(default, skip_serializing)]
    idx: Option<[Option<(String, String)>; 5]>,
    body: String,
    v: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ttl: Option<i64>,
}

impl EmbeddedStore {
    /// Opens (or creates) the database file, creating its parent folder if needed.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| unavailable(format!("{}: {e}", parent.display())))?;
        }
        let db =
            Database::create(path).map_err(|e| unavailable(format!("{}: {e}", path.display())))?;
        Self::init(db)
    }

    /// A fresh database that lives only as long as this value: for tests and benchmarks.
    pub fn in_memory() -> Result<Self, StoreError> {
        let db = redb::Builder::new()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .map_err(unavailable)?;
        Self::init(db)
    }

    /// Commits without waiting for the disk: for bulk loads (seeding, benchmarks), where a
    /// crash means loading again. Call [`EmbeddedStore::durable`] to go back.
    pub fn fast_unsafe_commits(mut self) -> Self {
        self.durable = false;
        self
    }

    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }

    fn init(db: Database) -> Result<Self, StoreError> {
        let txn = db.begin_write().map_err(unavailable)?;
        txn.open_table(ITEMS).map_err(unavailable)?;
        for index in Index::ALL {
            txn.open_table(index_table(*index)).map_err(unavailable)?;
        }
        txn.commit().map_err(unavailable)?;
        Ok(Self {
            db: Arc::new(db),
            durable: true,
            commits: Arc::new(AtomicU64::new(0)),
        })
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || work(&db))
            .await
            .map_err(|e| unavailable(format!("store task failed: {e}")))?
    }

    /// Runs writes in one transaction. Only commits are counted towards the next durable
    /// one: counting reads too let a steady read/write rhythm skip every durable commit.
    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let durable = self.durable
            || self
                .commits
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(DURABLE_EVERY);
        self.blocking(move |db| apply(db, durable, writes)).await
    }
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn item_key(pk: &str, sk: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(pk.len() + sk.len() + 1);
    key.extend_from_slice(pk.as_bytes());
    key.push(SEP);
    key.extend_from_slice(sk.as_bytes());
    key
}

fn index_entry(key: &IndexKey, pk: &str, sk: &str) -> Vec<u8> {
    let mut entry = item_key(&key.pk, &key.sk);
    entry.push(SEP);
    entry.extend_from_slice(&item_key(pk, sk));
    entry
}

fn encode(item: &Item) -> Result<Vec<u8>, StoreError> {
    let stored = Stored {
        ix: item
            .indexes
            .iter()
            .map(|(index, key)| (index.name().to_string(), (key.pk.clone(), key.sk.clone())))
            .collect(),
        idx: None,
        body: item.body.clone(),
        v: item.version,
        ttl: item.expires_at,
    };
    serde_json::to_vec(&stored).map_err(unavailable)
}

fn decode(key: &[u8], value: &[u8]) -> Result<Item, StoreError> {
    let split = key
        .iter()
        .position(|b| *b == SEP)
        .ok_or_else(|| unavailable("corrupt item key"))?;
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(unavailable);
    let stored: Stored = serde_json::from_slice(value).map_err(unavailable)?;
    let legacy = stored
        .idx
        .into_iter()
        .flat_map(|keys| Index::ALL.iter().copied().zip(keys))
        .filter_map(|(index, key)| key.map(|key| (index, key)));
    let named = stored
        .ix
        .into_iter()
        .map(|(name, key)| Index::by_name(&name).map(|index| (index, key)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| unavailable("an item names an index the table does not have"))?;
    Ok(Item {
        pk: text(&key[..split])?,
        sk: text(&key[split + 1..])?,
        indexes: legacy
            .chain(named)
            .map(|(index, (pk, sk))| (index, IndexKey { pk, sk }))
            .collect(),
        body: stored.body,
        version: stored.v,
        expires_at: stored.ttl,
    })
}

/// The live item at `key` in an open items table.
fn live(
    table: &impl ReadableTable<&'static [u8], &'static [u8]>,
    key: &[u8],
    now: i64,
) -> Result<Option<Item>, StoreError> {
    match table.get(key).map_err(unavailable)? {
        Some(value) => {
            let item = decode(key, value.value())?;
            Ok((!item.is_expired(now)).then_some(item))
        }
        None => Ok(None),
    }
}

fn holds(condition: Condition, current: Option<&Item>) -> bool {
    match condition {
        Condition::Always => true,
        Condition::NotExists => current.is_none(),
        Condition::Exists => current.is_some(),
        Condition::VersionIs(v) => current.is_some_and(|c| c.version == v),
    }
}

/// Runs the writes in one redb transaction: every condition is checked against the state
/// before any write, and the transaction is dropped (rolled back) if one fails.
fn apply(db: &Database, durable: bool, writes: Vec<Write>) -> Result<(), StoreError> {
    let now = now_epoch_seconds();
    let mut txn = db.begin_write().map_err(unavailable)?;
    if !durable {
        txn.set_durability(Durability::None);
    }
    {
        let mut items = txn.open_table(ITEMS).map_err(unavailable)?;
        let mut previous = Vec::with_capacity(writes.len());
        for (n, write) in writes.iter().enumerate() {
            let (pk, sk) = write.key();
            let current = live(&items, &item_key(pk, sk), now)?;
            if !holds(write.condition(), current.as_ref()) {
                return Err(StoreError::ConditionFailed { write: n });
            }
            // An expired item still has index entries to clear.
            let stored = match current {
                Some(item) => Some(item),
                None => match items
                    .get(item_key(pk, sk).as_slice())
                    .map_err(unavailable)?
                {
                    Some(value) => Some(decode(&item_key(pk, sk), value.value())?),
                    None => None,
                },
            };
            previous.push(stored);
        }
        let mut indexes = BTreeMap::new();
        for index in Index::ALL {
            indexes.insert(
                *index,
                txn.open_table(index_table(*index)).map_err(unavailable)?,
            );
        }
        for (write, old) in writes.into_iter().zip(previous) {
            let new = match write {
                Write::Check { .. } => continue,
                Write::Put { item, .. } => Some(item),
                Write::Delete { .. } => None,
            };
            if let Some(old) = &old {
                for (index, key) in &old.indexes {
                    if let Some(table) = indexes.get_mut(index) {
                        table
                            .remove(index_entry(key, &old.pk, &old.sk).as_slice())
                            .map_err(unavailable)?;
                    }
                }
                items
                    .remove(item_key(&old.pk, &old.sk).as_slice())
                    .map_err(unavailable)?;
            }
            if let Some(item) = new {
                for (index, key) in &item.indexes {
                    if let Some(table) = indexes.get_mut(index) {
                        table
                            .insert(index_entry(key, &item.pk, &item.sk).as_slice(), ())
                            .map_err(unavailable)?;
                    }
                }
                items
                    .insert(
                        item_key(&item.pk, &item.sk).as_slice(),
                        encode(&item)?.as_slice(),
                    )
                    .map_err(unavailable)?;
            }
        }
    }
    txn.commit().map_err(unavailable)
}

/// The byte range of a query over a table whose keys start with `partition \0 sortkey`.
fn bounds(query: &Query, resume: Option<Vec<u8>>) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let prefix = |s: &str| {
        let mut key = query.pk.as_bytes().to_vec();
        key.push(SEP);
        key.extend_from_slice(s.as_bytes());
        key
    };
    let (mut lower, mut upper) = match &query.range {
        KeyRange::All => {
            let mut end = query.pk.as_bytes().to_vec();
            end.push(SEP + 1);
            (Bound::Included(prefix("")), Bound::Excluded(end))
        }
        KeyRange::BeginsWith(p) => {
            let mut end = prefix(p);
            end.push(0xFF);
            (Bound::Included(prefix(p)), Bound::Excluded(end))
        }
        KeyRange::Between(a, b) => {
            let mut end = prefix(b);
            end.push(SEP + 1);
            (Bound::Included(prefix(a)), Bound::Excluded(end))
        }
    };
    if let Some(resume) = resume {
        let within = |b: &Bound<Vec<u8>>, lower_side: bool| match b {
            Bound::Included(k) | Bound::Excluded(k) => {
                if lower_side {
                    resume >= *k
                } else {
                    resume < *k
                }
            }
            Bound::Unbounded => true,
        };
        match query.order {
            Order::Ascending if within(&lower, true) => lower = Bound::Excluded(resume),
            Order::Descending if within(&upper, false) => upper = Bound::Excluded(resume),
            _ => {}
        }
    }
    (lower, upper)
}

fn run_query(db: &Database, query: Query) -> Result<Page, StoreError> {
    query.check()?;
    let now = now_epoch_seconds();
    let resume = match &query.cursor {
        None => None,
        Some(cursor) => {
            let keys = cursor.keys(query.index, &query.pk)?;
            Some(match (query.index, keys.ipk, keys.isk) {
                (None, _, _) => item_key(&keys.pk, &keys.sk),
                (Some(_), Some(ipk), Some(isk)) => {
                    index_entry(&IndexKey { pk: ipk, sk: isk }, &keys.pk, &keys.sk)
                }
                _ => return Err(StoreError::BadCursor),
            })
        }
    };
    let (lower, upper) = bounds(&query, resume);
    let range = (bound_slice(&lower), bound_slice(&upper));
    let txn = db.begin_read().map_err(unavailable)?;
    let items = txn.open_table(ITEMS).map_err(unavailable)?;
    let wanted = query.limit + 1;
    let mut fetched = Vec::with_capacity(wanted);
    match query.index {
        None => {
            let iter = items.range::<&[u8]>(range).map_err(unavailable)?;
            let mut push = |entry: Entry<&[u8]>| -> Result<bool, StoreError> {
                let (k, v) = entry.map_err(unavailable)?;
                let item = decode(k.value(), v.value())?;
                if !item.is_expired(now) {
                    fetched.push(item);
                }
                Ok(fetched.len() < wanted)
            };
            match query.order {
                Order::Ascending => {
                    for e in iter {
                        if !push(e)? {
                            break;
                        }
                    }
                }
                Order::Descending => {
                    for e in iter.rev() {
                        if !push(e)? {
                            break;
                        }
                    }
                }
            }
        }
        Some(index) => {
            let table = txn.open_table(index_table(index)).map_err(unavailable)?;
            let iter = table.range::<&[u8]>(range).map_err(unavailable)?;
            let mut push = |entry: Entry<()>| -> Result<bool, StoreError> {
                let (k, _) = entry.map_err(unavailable)?;
                let key = k.value();
                // ipk \0 isk \0 pk \0 sk: the item key is what follows the second separator.
                let mut seps = key
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == SEP)
                    .map(|(i, _)| i);
                let start = seps
                    .nth(1)
                    .ok_or_else(|| unavailable("corrupt index entry"))?
                    + 1;
                if let Some(item) = live(&items, &key[start..], now)? {
                    fetched.push(item);
                }
                Ok(fetched.len() < wanted)
            };
            match query.order {
                Order::Ascending => {
                    for e in iter {
                        if !push(e)? {
                            break;
                        }
                    }
                }
                Order::Descending => {
                    for e in iter.rev() {
                        if !push(e)? {
                            break;
                        }
                    }
                }
            }
        }
    }
    Ok(Page::from_fetched(fetched, query.limit, query.index))
}

fn bound_slice(bound: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match bound {
        Bound::Included(k) => Bound::Included(k.as_slice()),
        Bound::Excluded(k) => Bound::Excluded(k.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

#[async_trait]
impl ItemStore for EmbeddedStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let key = item_key(pk, sk);
        self.blocking(move |db| {
            let txn = db.begin_read().map_err(unavailable)?;
            let items = txn.open_table(ITEMS).map_err(unavailable)?;
            live(&items, &key, now_epoch_seconds())
        })
        .await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        item.validate()?;
        self.commit(vec![Write::Put { item, condition }]).await
    }

    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError> {
        let write = Write::Delete {
            pk: pk.to_string(),
            sk: sk.to_string(),
            condition,
        };
        self.commit(vec![write]).await
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.blocking(move |db| run_query(db, query)).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        check_transaction(&writes)?;
        self.commit(writes).await
    }

    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        if keys.len() > 100 {
            return Err(StoreError::Invalid(
                "get_many takes at most 100 keys".into(),
            ));
        }
        self.blocking(move |db| {
            let now = now_epoch_seconds();
            let txn = db.begin_read().map_err(unavailable)?;
            let items = txn.open_table(ITEMS).map_err(unavailable)?;
            let mut found = Vec::with_capacity(keys.len());
            for (pk, sk) in keys {
                if let Some(item) = live(&items, &item_key(&pk, &sk), now)? {
                    found.push(item);
                }
            }
            Ok(found)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Index;

    #[test]
    fn an_item_written_before_indexes_had_names_reads_with_its_index_keys() {
        let legacy = br#"{"idx":[["G","k"],null,null,["H","j"],null],"body":"1","v":2}"#;
        let item = decode(&item_key("A", "1"), legacy).unwrap();
        assert_eq!(
            item.index_key(Index::GSI1).map(|k| k.pk.as_str()),
            Some("G")
        );
        assert_eq!(
            item.index_key(Index::GSI4).map(|k| k.sk.as_str()),
            Some("j")
        );
        assert_eq!(item.indexes.len(), 2);
        let rewritten = String::from_utf8(encode(&item).unwrap()).unwrap();
        assert!(
            rewritten.contains(r#""ix":{"gsi1":["G","k"],"gsi4":["H","j"]}"#),
            "{rewritten}"
        );
        assert!(!rewritten.contains("idx"));
    }

    #[tokio::test]
    async fn a_deleted_item_leaves_no_index_entry_behind() {
        let store = EmbeddedStore::in_memory().unwrap();
        let item = Item::new("A", "1", &"x")
            .unwrap()
            .with_index(Index::GSI1, "G", "k");
        store.put(item, Condition::Always).await.unwrap();
        store.delete("A", "1", Condition::Exists).await.unwrap();
        let page = store.query(Query::index(Index::GSI1, "G")).await.unwrap();
        assert!(page.items.is_empty());
        let txn = store.db.begin_read().unwrap();
        let table = txn.open_table(index_table(Index::GSI1)).unwrap();
        assert_eq!(table.iter().unwrap().count(), 0);
    }

    #[tokio::test]
    async fn a_bulk_load_with_reads_between_writes_keeps_the_file_small() {
        let path = std::env::temp_dir().join(format!("worklane-bulk-{}.redb", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let store = EmbeddedStore::open(&path).unwrap().fast_unsafe_commits();
        for n in 0..3000u64 {
            // Five reads and one write per step, as a work item create does.
            for _ in 0..5 {
                store.get("COUNTER", "N").await.unwrap();
            }
            let item = Item::new("COUNTER", "N", &n).unwrap().with_version(n + 1);
            store.put(item, Condition::Always).await.unwrap();
        }
        let bytes = std::fs::metadata(&path).unwrap().len();
        drop(store);
        let _ = std::fs::remove_file(&path);
        assert!(
            bytes < 20_000_000,
            "the file grew to {bytes} bytes for one small item"
        );
    }

    #[tokio::test]
    async fn an_expired_item_is_absent_and_may_be_created_again() {
        let store = EmbeddedStore::in_memory().unwrap();
        let expired = Item::new("S", "1", &"old")
            .unwrap()
            .expiring_at(now_epoch_seconds() - 1);
        store.put(expired, Condition::Always).await.unwrap();
        assert!(store.get("S", "1").await.unwrap().is_none());
        let fresh = Item::new("S", "1", &"new").unwrap();
        store.put(fresh, Condition::NotExists).await.unwrap();
        assert_eq!(store.get("S", "1").await.unwrap().unwrap().body, "\"new\"");
    }
}
