//! A store that counts the requests it is asked and the items its writes touch: the figures
//! of "store requests per record".

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use worklane_store::{Condition, Item, ItemStore, Page, Query, StoreError, Write};

/// Counts the requests an engine is asked, and the items its writes touch.
pub struct Counting {
    pub inner: Arc<dyn ItemStore>,
    pub requests: AtomicUsize,
    pub written: AtomicUsize,
}

impl Counting {
    pub fn new(inner: Arc<dyn ItemStore>) -> Self {
        Self {
            inner,
            requests: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
        }
    }

    /// The requests and written items since the last take.
    pub fn take(&self) -> (usize, usize) {
        (
            self.requests.swap(0, Ordering::Relaxed),
            self.written.swap(0, Ordering::Relaxed),
        )
    }

    fn ask(&self, writes: usize) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.written.fetch_add(writes, Ordering::Relaxed);
    }
}

#[async_trait]
impl ItemStore for Counting {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.ask(0);
        self.inner.get(pk, sk).await
    }
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        self.ask(1);
        self.inner.put(item, condition).await
    }
    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError> {
        self.ask(1);
        self.inner.delete(pk, sk, condition).await
    }
    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.ask(0);
        self.inner.query(query).await
    }
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.ask(writes.len());
        self.inner.transact(writes).await
    }
    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        self.ask(0);
        self.inner.get_many(keys).await
    }
}
