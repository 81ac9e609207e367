use async_trait::async_trait;

use crate::{Cursor, Index, Item, StoreError};

/// DynamoDB's limit on the writes of one transaction.
pub const MAX_TRANSACTION_WRITES: usize = 100;

/// What must be true of the stored item for a write to happen. Expired items are absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Always,
    /// Create only: no live item has this key.
    NotExists,
    /// Replace or delete only: a live item has this key.
    Exists,
    /// Optimistic concurrency: the live item is at exactly this version.
    VersionIs(u64),
}

/// Which sort keys a query returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRange {
    All,
    BeginsWith(String),
    /// Both ends included.
    Between(String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Ascending,
    Descending,
}

/// One partition of the table or of an index, read in sort-key order.
#[derive(Debug, Clone)]
pub struct Query {
    pub index: Option<Index>,
    pub pk: String,
    pub range: KeyRange,
    pub order: Order,
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

impl Query {
    pub fn partition(pk: impl Into<String>) -> Self {
        Self {
            index: None,
            pk: pk.into(),
            range: KeyRange::All,
            order: Order::Ascending,
            limit: 50,
            cursor: None,
        }
    }

    pub fn index(index: Index, pk: impl Into<String>) -> Self {
        Self {
            index: Some(index),
            ..Self::partition(pk)
        }
    }

    pub fn range(mut self, range: KeyRange) -> Self {
        self.range = range;
        self
    }

    pub fn begins_with(self, prefix: impl Into<String>) -> Self {
        self.range(KeyRange::BeginsWith(prefix.into()))
    }

    pub fn newest_first(mut self) -> Self {
        self.order = Order::Descending;
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Resumes after `cursor`; an empty cursor is the first page.
    pub fn after(mut self, cursor: Option<Cursor>) -> Self {
        self.cursor = cursor.filter(|c| !c.as_str().is_empty());
        self
    }

    /// Refuses queries no engine runs: a limit outside 1 to 1000, or a bad partition key.
    #[doc(hidden)]
    pub fn check(&self) -> Result<(), StoreError> {
        if self.limit == 0 || self.limit > 1000 {
            return Err(StoreError::Invalid("a query's limit is 1 to 1000".into()));
        }
        crate::item::check_key("query pk", &self.pk)
    }
}

/// One page of a query. `next` is present exactly when more items follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub items: Vec<Item>,
    pub next: Option<Cursor>,
}

impl Page {
    /// Cuts `fetched` (up to `limit + 1` items) to a page, with a cursor when there was more.
    /// For engines: every engine builds its pages with this, so pages and cursors agree.
    #[doc(hidden)]
    pub fn from_fetched(mut fetched: Vec<Item>, limit: usize, index: Option<Index>) -> Self {
        let more = fetched.len() > limit;
        fetched.truncate(limit);
        let next = more
            .then(|| fetched.last().map(|last| Cursor::after(last, index)))
            .flatten();
        Self {
            items: fetched,
            next,
        }
    }
}

/// One write of a transaction. Short-lived, so an inline `Item` is cheaper than a box.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Write {
    Put {
        item: Item,
        condition: Condition,
    },
    Delete {
        pk: String,
        sk: String,
        condition: Condition,
    },
    /// Writes nothing; the transaction happens only if the condition holds.
    Check {
        pk: String,
        sk: String,
        condition: Condition,
    },
}

impl Write {
    pub fn key(&self) -> (&str, &str) {
        match self {
            Write::Put { item, .. } => (&item.pk, &item.sk),
            Write::Delete { pk, sk, .. } | Write::Check { pk, sk, .. } => (pk, sk),
        }
    }

    pub fn condition(&self) -> Condition {
        match self {
            Write::Put { condition, .. }
            | Write::Delete { condition, .. }
            | Write::Check { condition, .. } => *condition,
        }
    }
}

/// Checks what DynamoDB checks before a transaction runs: the count, each item, and that no
/// item is written twice. For engines, which all check the same way.
#[doc(hidden)]
pub fn check_transaction(writes: &[Write]) -> Result<(), StoreError> {
    if writes.is_empty() || writes.len() > MAX_TRANSACTION_WRITES {
        return Err(StoreError::Invalid(format!(
            "a transaction has 1 to {MAX_TRANSACTION_WRITES} writes, not {}",
            writes.len()
        )));
    }
    let mut keys = std::collections::HashSet::new();
    for write in writes {
        if let Write::Put { item, .. } = write {
            item.validate()?;
        }
        if !keys.insert(write.key()) {
            let (pk, sk) = write.key();
            return Err(StoreError::Invalid(format!(
                "item {pk}/{sk} is written twice in one transaction"
            )));
        }
    }
    Ok(())
}

/// Refuses a key no engine stores (empty, over 1 KB, or with a separator character). For
/// engines: an item with such a key cannot exist, so they treat it as absent.
#[doc(hidden)]
pub fn check_key(what: &str, key: &str) -> Result<(), StoreError> {
    crate::item::check_key(what, key)
}

/// The storage port. Every engine gives these operations the same meaning; the conformance
/// suite checks it.
#[async_trait]
pub trait ItemStore: Send + Sync + 'static {
    /// The live item with this key.
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError>;

    /// Stores the item (replacing any with its key) if the condition holds.
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError>;

    /// Removes the item with this key if the condition holds; absent items are no error
    /// under `Condition::Always`.
    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError>;

    /// One page of a partition of the table or of an index.
    async fn query(&self, query: Query) -> Result<Page, StoreError>;

    /// All writes or none: if any condition fails, nothing is written and the error names it.
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError>;

    /// The items with these keys that exist, in no particular order (at most 100 keys).
    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError>;
}
