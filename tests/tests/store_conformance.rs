//! The store conformance suite: every check is written once against `&dyn ItemStore` and runs
//! on both engines — `embedded::…` on an in-memory redb store, `dynamodb::…` on a fresh table
//! of the moto server named by `WORKLANE_DYNAMODB_ENDPOINT`. Run the whole suite with
//!
//! ```text
//! scripts/with-moto.sh cargo test -p worklane-tests --test store_conformance
//! ```
//!
//! Without that variable the DynamoDB half fails, saying so; it is never skipped. moto does
//! about 80 writes a second, so each check keeps its data small.

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::json;
use worklane_store::{
    Condition, Cursor, EmbeddedStore, Index, Item, ItemStore, KeyRange, MAX_ITEM_BYTES,
    MAX_TRANSACTION_WRITES, Page, Query, StoreError, Write, now_epoch_seconds,
};
use worklane_store_dynamo::{DynamoStore, ENDPOINT_VAR, create_table, local_client};

/// Runs each named check once per engine, as `embedded::<check>` and `dynamodb::<check>`.
macro_rules! conformance {
    ($($check:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $check() {
                    let store = super::embedded_store();
                    super::$check(&store).await;
                }
            )*
        }

        mod dynamodb {
            $(
                #[tokio::test]
                async fn $check() {
                    let store = super::dynamo_store(stringify!($check)).await;
                    super::$check(&store).await;
                }
            )*
        }
    };
}

conformance!(
    put_then_get_round_trips_every_field,
    a_create_over_an_existing_item_fails_and_writes_nothing,
    an_update_at_the_current_version_wins,
    an_update_at_a_stale_version_loses_and_leaves_the_item_unchanged,
    a_delete_whose_condition_fails_leaves_the_item,
    a_partition_pages_both_ways_with_a_cursor_over_three_pages,
    exactly_limit_items_left_give_no_empty_last_page,
    a_prefix_query_returns_only_the_sort_keys_beginning_with_it,
    a_between_query_includes_both_ends_in_both_orders,
    an_index_pages_both_ways_with_a_cursor_over_three_pages,
    an_index_query_by_prefix_and_between_pages_with_a_cursor,
    exactly_limit_items_left_in_an_index_give_no_empty_last_page,
    an_item_moved_to_another_index_key_leaves_its_old_index_partition,
    an_item_in_four_indexes_moves_in_one_and_leaves_them_all_together,
    a_deleted_item_leaves_its_index_partition,
    a_transaction_with_one_failing_condition_writes_nothing_and_names_the_write,
    a_transaction_whose_conditions_hold_writes_everything_and_keeps_indexes,
    a_transaction_of_more_than_100_writes_is_refused,
    a_transaction_writing_the_same_key_twice_is_refused,
    an_item_over_400_kb_is_refused_as_too_large,
    an_expired_item_is_absent_and_may_be_created_again,
    a_garbage_cursor_is_refused,
    get_many_returns_the_live_items_that_exist,
    keys_no_item_can_have_are_absent,
    a_query_with_an_impossible_range_or_limit_gets_no_items,
);

// --- engines ----------------------------------------------------------------------------------

fn embedded_store() -> EmbeddedStore {
    EmbeddedStore::in_memory().expect("an in-memory redb store opens")
}

/// A DynamoStore on a table of its own on the moto server.
async fn dynamo_store(check: &str) -> DynamoStore {
    static TABLES: AtomicU32 = AtomicU32::new(0);
    let Some(endpoint) = std::env::var(ENDPOINT_VAR).ok().filter(|e| !e.is_empty()) else {
        panic!(
            "{ENDPOINT_VAR} is not set, so the DynamoDB conformance tests have no server. \
             Run them with a moto server: \
             `scripts/with-moto.sh cargo test -p worklane-tests --test store_conformance`, \
             or run every test with `make test`."
        );
    };
    let client = local_client(&endpoint);
    let table = format!(
        "conformance-{}-{}-{check}",
        std::process::id(),
        TABLES.fetch_add(1, Ordering::Relaxed)
    );
    if let Err(error) = create_table(&client, &table).await {
        panic!("creating table {table} on {endpoint} failed: {error}");
    }
    DynamoStore::new(client, table)
}

// --- helpers ----------------------------------------------------------------------------------

fn item(pk: &str, sk: &str) -> Item {
    Item::new(pk, sk, &json!({ "at": format!("{pk}/{sk}") })).unwrap()
}

async fn put_all(store: &dyn ItemStore, items: Vec<Item>) {
    for item in items {
        store.put(item, Condition::Always).await.unwrap();
    }
}

fn sort_keys(page: &Page) -> Vec<String> {
    page.items.iter().map(|item| item.sk.clone()).collect()
}

/// The sort keys of every page of `query`, following cursors: each page but the last has a
/// cursor, the last has none.
async fn pages(store: &dyn ItemStore, query: Query) -> Vec<Vec<String>> {
    pages_by(store, query, sort_keys).await
}

async fn pages_by(
    store: &dyn ItemStore,
    query: Query,
    keys: fn(&Page) -> Vec<String>,
) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..20 {
        let page = store.query(query.clone().after(cursor)).await.unwrap();
        all.push(keys(&page));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
    panic!("more than 20 pages: {all:?}");
}

fn strings(pages: &[&[&str]]) -> Vec<Vec<String>> {
    pages
        .iter()
        .map(|page| page.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[track_caller]
fn assert_condition_failed<T: std::fmt::Debug>(result: Result<T, StoreError>, write: usize) {
    match result {
        Err(StoreError::ConditionFailed { write: failed }) => assert_eq!(failed, write),
        other => panic!("expected the condition on write {write} to fail, got {other:?}"),
    }
}

#[track_caller]
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::Invalid(_))),
        "expected Invalid, got {result:?}"
    );
}

fn put(item: Item, condition: Condition) -> Write {
    Write::Put { item, condition }
}

// --- single items -----------------------------------------------------------------------------

async fn put_then_get_round_trips_every_field(store: &dyn ItemStore) {
    let mut full = Item::new(
        "CONTACT#1",
        "PROFILE",
        &json!({ "name": "Ada Lovelace", "tags": ["vip", "école"], "score": 1.5 }),
    )
    .unwrap()
    .with_version(7)
    .expiring_at(now_epoch_seconds() + 3600);
    for (n, index) in Index::ALL.iter().copied().enumerate() {
        full = full.with_index(index, format!("G{n}#Ada"), format!("2024-05-0{n}"));
    }
    let bare = item("CONTACT#1", "NOTE#1");
    put_all(store, vec![full.clone(), bare.clone()]).await;

    assert_eq!(store.get("CONTACT#1", "PROFILE").await.unwrap(), Some(full));
    assert_eq!(store.get("CONTACT#1", "NOTE#1").await.unwrap(), Some(bare));
    assert_eq!(store.get("CONTACT#1", "NOTE#2").await.unwrap(), None);
    assert_eq!(store.get("CONTACT#2", "PROFILE").await.unwrap(), None);
}

async fn a_create_over_an_existing_item_fails_and_writes_nothing(store: &dyn ItemStore) {
    let original = item("A", "1");
    store
        .put(original.clone(), Condition::NotExists)
        .await
        .unwrap();
    let intruder = Item::new("A", "1", &"intruder").unwrap();
    assert_condition_failed(store.put(intruder, Condition::NotExists).await, 0);
    assert_eq!(store.get("A", "1").await.unwrap(), Some(original));

    assert_condition_failed(store.put(item("A", "2"), Condition::Exists).await, 0);
    assert_eq!(store.get("A", "2").await.unwrap(), None);
}

async fn an_update_at_the_current_version_wins(store: &dyn ItemStore) {
    store
        .put(item("A", "1"), Condition::NotExists)
        .await
        .unwrap();
    let update = Item::new("A", "1", &"second").unwrap().with_version(2);
    store
        .put(update.clone(), Condition::VersionIs(1))
        .await
        .unwrap();
    assert_eq!(store.get("A", "1").await.unwrap(), Some(update));
}

async fn an_update_at_a_stale_version_loses_and_leaves_the_item_unchanged(store: &dyn ItemStore) {
    store
        .put(item("A", "1"), Condition::NotExists)
        .await
        .unwrap();
    let winner = Item::new("A", "1", &"winner").unwrap().with_version(2);
    store
        .put(winner.clone(), Condition::VersionIs(1))
        .await
        .unwrap();
    let loser = Item::new("A", "1", &"loser").unwrap().with_version(2);
    assert_condition_failed(store.put(loser, Condition::VersionIs(1)).await, 0);
    assert_eq!(store.get("A", "1").await.unwrap(), Some(winner));

    let absent = Item::new("A", "2", &"x").unwrap().with_version(2);
    assert_condition_failed(store.put(absent, Condition::VersionIs(1)).await, 0);
    assert_eq!(store.get("A", "2").await.unwrap(), None);
}

async fn a_delete_whose_condition_fails_leaves_the_item(store: &dyn ItemStore) {
    let stored = item("A", "1").with_version(3);
    store.put(stored.clone(), Condition::Always).await.unwrap();
    assert_condition_failed(store.delete("A", "1", Condition::VersionIs(2)).await, 0);
    assert_condition_failed(store.delete("A", "1", Condition::NotExists).await, 0);
    assert_eq!(store.get("A", "1").await.unwrap(), Some(stored));

    store
        .delete("A", "1", Condition::VersionIs(3))
        .await
        .unwrap();
    assert_eq!(store.get("A", "1").await.unwrap(), None);
    assert_condition_failed(store.delete("A", "1", Condition::Exists).await, 0);
    store.delete("A", "1", Condition::Always).await.unwrap();
}

// --- queries on the table ---------------------------------------------------------------------

async fn a_partition_pages_both_ways_with_a_cursor_over_three_pages(store: &dyn ItemStore) {
    let mut items: Vec<Item> = (1..=7).map(|n| item("P", &format!("S#{n}"))).collect();
    // Neighbours whose keys sort right next to the partition's.
    items.extend([item("O", "S#9"), item("PA", "S#0"), item("P#", "S#5")]);
    put_all(store, items).await;

    let query = Query::partition("P").limit(3);
    assert_eq!(
        pages(store, query.clone()).await,
        strings(&[&["S#1", "S#2", "S#3"], &["S#4", "S#5", "S#6"], &["S#7"]])
    );
    assert_eq!(
        pages(store, query.newest_first()).await,
        strings(&[&["S#7", "S#6", "S#5"], &["S#4", "S#3", "S#2"], &["S#1"]])
    );
}

async fn exactly_limit_items_left_give_no_empty_last_page(store: &dyn ItemStore) {
    put_all(store, (1..=6).map(|n| item("P", &format!("{n}"))).collect()).await;

    let query = Query::partition("P").limit(3);
    assert_eq!(
        pages(store, query.clone()).await,
        strings(&[&["1", "2", "3"], &["4", "5", "6"]])
    );
    assert_eq!(
        pages(store, query.newest_first()).await,
        strings(&[&["6", "5", "4"], &["3", "2", "1"]])
    );
    let one_page = store.query(Query::partition("P").limit(6)).await.unwrap();
    assert_eq!(one_page.items.len(), 6);
    assert_eq!(one_page.next, None);
}

async fn a_prefix_query_returns_only_the_sort_keys_beginning_with_it(store: &dyn ItemStore) {
    let sort_keys = ["A", "A#1", "A#2", "A#3", "AB#1", "B#1", "#"];
    put_all(store, sort_keys.iter().map(|sk| item("P", sk)).collect()).await;

    let query = Query::partition("P").begins_with("A#").limit(2);
    assert_eq!(
        pages(store, query.clone()).await,
        strings(&[&["A#1", "A#2"], &["A#3"]])
    );
    assert_eq!(
        pages(store, query.newest_first()).await,
        strings(&[&["A#3", "A#2"], &["A#1"]])
    );
}

async fn a_between_query_includes_both_ends_in_both_orders(store: &dyn ItemStore) {
    let days: Vec<String> = (1..=7).map(|d| format!("2024-01-0{d}")).collect();
    put_all(store, days.iter().map(|sk| item("P", sk)).collect()).await;

    let range = KeyRange::Between("2024-01-02".into(), "2024-01-06".into());
    let query = Query::partition("P").range(range).limit(2);
    assert_eq!(
        pages(store, query.clone()).await,
        strings(&[
            &["2024-01-02", "2024-01-03"],
            &["2024-01-04", "2024-01-05"],
            &["2024-01-06"],
        ])
    );
    assert_eq!(
        pages(store, query.newest_first()).await,
        strings(&[
            &["2024-01-06", "2024-01-05"],
            &["2024-01-04", "2024-01-03"],
            &["2024-01-02"],
        ])
    );
}

// --- queries on an index ----------------------------------------------------------------------

fn index_sort_keys(page: &Page) -> Vec<String> {
    page.items
        .iter()
        .map(|item| {
            item.index_key(Index::GSI2)
                .map(|key| key.sk.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// An item of its own table partition with `gsi2` key `TEAM#1` / `index_sk`.
fn team_item(n: usize, index_sk: &str) -> Item {
    item(&format!("WORK#{n}"), "ITEM").with_index(Index::GSI2, "TEAM#1", index_sk)
}

async fn an_index_pages_both_ways_with_a_cursor_over_three_pages(store: &dyn ItemStore) {
    // Table keys deliberately in another order than index keys.
    let mut items: Vec<Item> = (1..=7)
        .map(|n| team_item(10 - n, &format!("2024-02-0{n}")))
        .collect();
    items.push(item("WORK#20", "ITEM").with_index(Index::GSI2, "TEAM#2", "2024-02-01"));
    items.push(item("WORK#21", "ITEM").with_index(Index::GSI1, "TEAM#1", "2024-02-01"));
    put_all(store, items).await;

    let query = Query::index(Index::GSI2, "TEAM#1").limit(3);
    assert_eq!(
        pages_by(store, query.clone(), index_sort_keys).await,
        strings(&[
            &["2024-02-01", "2024-02-02", "2024-02-03"],
            &["2024-02-04", "2024-02-05", "2024-02-06"],
            &["2024-02-07"],
        ])
    );
    assert_eq!(
        pages_by(store, query.newest_first(), index_sort_keys).await,
        strings(&[
            &["2024-02-07", "2024-02-06", "2024-02-05"],
            &["2024-02-04", "2024-02-03", "2024-02-02"],
            &["2024-02-01"],
        ])
    );
    let first = store
        .query(Query::index(Index::GSI2, "TEAM#1").limit(1))
        .await
        .unwrap();
    assert_eq!(first.items[0].pk, "WORK#9");
    assert_eq!(first.items[0].body, r#"{"at":"WORK#9/ITEM"}"#);
}

async fn an_index_query_by_prefix_and_between_pages_with_a_cursor(store: &dyn ItemStore) {
    let index_keys = [
        "DONE#2024-01-09",
        "OPEN#2024-01-01",
        "OPEN#2024-01-02",
        "OPEN#2024-01-03",
        "OPEN#2024-01-04",
        "OPEN#2024-01-05",
        "OPENED",
    ];
    let items = index_keys
        .iter()
        .enumerate()
        .map(|(n, sk)| team_item(n, sk))
        .collect();
    put_all(store, items).await;

    let open = Query::index(Index::GSI2, "TEAM#1")
        .begins_with("OPEN#")
        .limit(2);
    assert_eq!(
        pages_by(store, open.clone(), index_sort_keys).await,
        strings(&[
            &["OPEN#2024-01-01", "OPEN#2024-01-02"],
            &["OPEN#2024-01-03", "OPEN#2024-01-04"],
            &["OPEN#2024-01-05"],
        ])
    );
    assert_eq!(
        pages_by(store, open.newest_first(), index_sort_keys).await,
        strings(&[
            &["OPEN#2024-01-05", "OPEN#2024-01-04"],
            &["OPEN#2024-01-03", "OPEN#2024-01-02"],
            &["OPEN#2024-01-01"],
        ])
    );

    let range = KeyRange::Between("OPEN#2024-01-02".into(), "OPEN#2024-01-04".into());
    let between = Query::index(Index::GSI2, "TEAM#1").range(range).limit(1);
    assert_eq!(
        pages_by(store, between.newest_first(), index_sort_keys).await,
        strings(&[
            &["OPEN#2024-01-04"],
            &["OPEN#2024-01-03"],
            &["OPEN#2024-01-02"],
        ])
    );
}

async fn exactly_limit_items_left_in_an_index_give_no_empty_last_page(store: &dyn ItemStore) {
    let items = (1..=4).map(|n| team_item(n, &format!("K{n}"))).collect();
    put_all(store, items).await;

    let query = Query::index(Index::GSI2, "TEAM#1").limit(2);
    assert_eq!(
        pages_by(store, query.clone(), index_sort_keys).await,
        strings(&[&["K1", "K2"], &["K3", "K4"]])
    );
    assert_eq!(
        pages_by(store, query.newest_first(), index_sort_keys).await,
        strings(&[&["K4", "K3"], &["K2", "K1"]])
    );
}

async fn an_item_moved_to_another_index_key_leaves_its_old_index_partition(store: &dyn ItemStore) {
    let open = item("WORK#1", "ITEM").with_index(Index::GSI1, "STATUS#open", "2024-01-01");
    store.put(open, Condition::NotExists).await.unwrap();
    let closed = item("WORK#1", "ITEM")
        .with_index(Index::GSI1, "STATUS#closed", "2024-01-01")
        .with_version(2);
    store
        .put(closed.clone(), Condition::VersionIs(1))
        .await
        .unwrap();

    let old = store
        .query(Query::index(Index::GSI1, "STATUS#open"))
        .await
        .unwrap();
    assert!(old.items.is_empty(), "still indexed: {:?}", old.items);
    let new = store
        .query(Query::index(Index::GSI1, "STATUS#closed"))
        .await
        .unwrap();
    assert_eq!(new.items, vec![closed]);

    let unindexed = item("WORK#1", "ITEM").with_version(3);
    store.put(unindexed, Condition::VersionIs(2)).await.unwrap();
    let gone = store
        .query(Query::index(Index::GSI1, "STATUS#closed"))
        .await
        .unwrap();
    assert!(gone.items.is_empty(), "still indexed: {:?}", gone.items);
}

/// As an open work item is listed by its assignee: all, by type, by status, by category.
async fn an_item_in_four_indexes_moves_in_one_and_leaves_them_all_together(store: &dyn ItemStore) {
    let listed = |status: &str| {
        item("WI#1", "ITEM")
            .with_index(Index::GSI2, "OPEN", "~#1")
            .with_index(Index::GSI3, "OPEN#TYPE#t", "~#1")
            .with_index(Index::GSI4, format!("OPEN#STATUS#{status}"), "~#1")
            .with_index(Index::GSI5, "OPEN#CATEGORY#c", "~#1")
    };
    let count = |index: Index, pk: &'static str| async move {
        store
            .query(Query::index(index, pk))
            .await
            .unwrap()
            .items
            .len()
    };
    store
        .put(listed("NEW"), Condition::NotExists)
        .await
        .unwrap();
    let moved = listed("DONE").with_version(2);
    store.put(moved, Condition::VersionIs(1)).await.unwrap();
    assert_eq!(count(Index::GSI4, "OPEN#STATUS#NEW").await, 0);
    for (index, pk) in [
        (Index::GSI2, "OPEN"),
        (Index::GSI3, "OPEN#TYPE#t"),
        (Index::GSI4, "OPEN#STATUS#DONE"),
        (Index::GSI5, "OPEN#CATEGORY#c"),
    ] {
        assert_eq!(count(index, pk).await, 1, "{pk}");
    }
    let closed = item("WI#1", "ITEM").with_version(3);
    store.put(closed, Condition::VersionIs(2)).await.unwrap();
    for (index, pk) in [
        (Index::GSI2, "OPEN"),
        (Index::GSI3, "OPEN#TYPE#t"),
        (Index::GSI4, "OPEN#STATUS#DONE"),
        (Index::GSI5, "OPEN#CATEGORY#c"),
    ] {
        assert_eq!(count(index, pk).await, 0, "{pk} still lists it");
    }
}

async fn a_deleted_item_leaves_its_index_partition(store: &dyn ItemStore) {
    let indexed = |n: usize| {
        item(&format!("WORK#{n}"), "ITEM").with_index(Index::GSI3, "OWNER#7", format!("{n}"))
    };
    put_all(store, vec![indexed(1), indexed(2)]).await;
    store
        .delete("WORK#1", "ITEM", Condition::Exists)
        .await
        .unwrap();

    let page = store
        .query(Query::index(Index::GSI3, "OWNER#7"))
        .await
        .unwrap();
    assert_eq!(page.items, vec![indexed(2)]);
}

// --- transactions -----------------------------------------------------------------------------

async fn a_transaction_with_one_failing_condition_writes_nothing_and_names_the_write(
    store: &dyn ItemStore,
) {
    put_all(store, vec![item("A", "1"), item("B", "1")]).await;
    let writes = vec![
        put(
            item("C", "1").with_index(Index::GSI1, "NEW", "C"),
            Condition::NotExists,
        ),
        Write::Delete {
            pk: "A".into(),
            sk: "1".into(),
            condition: Condition::VersionIs(1),
        },
        put(item("B", "1").with_version(2), Condition::NotExists),
        Write::Check {
            pk: "D".into(),
            sk: "1".into(),
            condition: Condition::Exists,
        },
    ];
    assert_condition_failed(store.transact(writes).await, 2);

    assert_eq!(store.get("C", "1").await.unwrap(), None);
    assert_eq!(store.get("A", "1").await.unwrap(), Some(item("A", "1")));
    assert_eq!(store.get("B", "1").await.unwrap(), Some(item("B", "1")));
    let index = store.query(Query::index(Index::GSI1, "NEW")).await.unwrap();
    assert!(index.items.is_empty());
}

async fn a_transaction_whose_conditions_hold_writes_everything_and_keeps_indexes(
    store: &dyn ItemStore,
) {
    put_all(store, vec![item("A", "1"), item("B", "1")]).await;
    let created = item("C", "1").with_index(Index::GSI4, "NEW", "C");
    let writes = vec![
        put(created.clone(), Condition::NotExists),
        Write::Delete {
            pk: "A".into(),
            sk: "1".into(),
            condition: Condition::Exists,
        },
        Write::Check {
            pk: "B".into(),
            sk: "1".into(),
            condition: Condition::VersionIs(1),
        },
        Write::Check {
            pk: "E".into(),
            sk: "1".into(),
            condition: Condition::Always,
        },
    ];
    store.transact(writes).await.unwrap();

    assert_eq!(store.get("C", "1").await.unwrap(), Some(created.clone()));
    assert_eq!(store.get("A", "1").await.unwrap(), None);
    assert_eq!(store.get("B", "1").await.unwrap(), Some(item("B", "1")));
    let index = store.query(Query::index(Index::GSI4, "NEW")).await.unwrap();
    assert_eq!(index.items, vec![created]);
}

async fn a_transaction_of_more_than_100_writes_is_refused(store: &dyn ItemStore) {
    let writes = (0..=MAX_TRANSACTION_WRITES)
        .map(|n| put(item("BULK", &format!("{n:03}")), Condition::Always))
        .collect::<Vec<_>>();
    assert_eq!(writes.len(), 101);
    assert_invalid(store.transact(writes).await);
    assert_invalid(store.transact(Vec::new()).await);
    assert_eq!(store.get("BULK", "000").await.unwrap(), None);
}

async fn a_transaction_writing_the_same_key_twice_is_refused(store: &dyn ItemStore) {
    let writes = vec![
        put(item("A", "1"), Condition::Always),
        Write::Delete {
            pk: "A".into(),
            sk: "1".into(),
            condition: Condition::Always,
        },
    ];
    assert_invalid(store.transact(writes).await);
    let writes = vec![
        put(item("B", "1"), Condition::Always),
        put(item("B", "2"), Condition::Always),
        put(item("B", "1").with_version(2), Condition::Always),
    ];
    assert_invalid(store.transact(writes).await);
    assert_eq!(store.get("A", "1").await.unwrap(), None);
    assert_eq!(store.get("B", "2").await.unwrap(), None);
}

async fn an_item_over_400_kb_is_refused_as_too_large(store: &dyn ItemStore) {
    let huge = Item::new("BIG", "1", &"x".repeat(MAX_ITEM_BYTES)).unwrap();
    match store.put(huge.clone(), Condition::Always).await {
        Err(StoreError::ItemTooLarge { bytes, limit, .. }) => {
            assert_eq!(limit, MAX_ITEM_BYTES);
            assert!(bytes > limit);
        }
        other => panic!("expected ItemTooLarge, got {other:?}"),
    }
    let writes = vec![
        put(item("SMALL", "1"), Condition::Always),
        put(huge, Condition::Always),
    ];
    assert!(matches!(
        store.transact(writes).await,
        Err(StoreError::ItemTooLarge { .. })
    ));
    assert_eq!(store.get("BIG", "1").await.unwrap(), None);
    assert_eq!(store.get("SMALL", "1").await.unwrap(), None);

    // Well under the limit: moto refuses items over 405,000 bytes, DynamoDB over 409,600.
    let large = Item::new("BIG", "2", &"x".repeat(390_000)).unwrap();
    store.put(large.clone(), Condition::Always).await.unwrap();
    assert_eq!(store.get("BIG", "2").await.unwrap(), Some(large));
}

// --- expiry, cursors, batches, odd requests ---------------------------------------------------

async fn an_expired_item_is_absent_and_may_be_created_again(store: &dyn ItemStore) {
    let session = |n: u32, expires_at: i64| {
        item("S", &n.to_string())
            .with_index(Index::GSI5, "SESSIONS", n.to_string())
            .expiring_at(expires_at)
    };
    let past = now_epoch_seconds() - 10;
    let future = now_epoch_seconds() + 3600;
    // Expired items first, so a page must read past them to fill up.
    let live = vec![session(4, future), session(5, future)];
    let mut items = vec![session(1, past), session(2, past), session(3, past)];
    items.extend(live.clone());
    put_all(store, items).await;

    assert_eq!(store.get("S", "1").await.unwrap(), None);
    let partition = store.query(Query::partition("S")).await.unwrap();
    assert_eq!(partition.items, live);
    let index = store
        .query(Query::index(Index::GSI5, "SESSIONS"))
        .await
        .unwrap();
    assert_eq!(index.items, live);
    let one_at_a_time = Query::partition("S").limit(1);
    assert_eq!(
        pages(store, one_at_a_time).await,
        strings(&[&["4"], &["5"]])
    );
    let newest_first = Query::index(Index::GSI5, "SESSIONS")
        .limit(1)
        .newest_first();
    assert_eq!(pages(store, newest_first).await, strings(&[&["5"], &["4"]]));

    assert_condition_failed(store.put(item("S", "1"), Condition::Exists).await, 0);
    assert_condition_failed(store.put(item("S", "1"), Condition::VersionIs(1)).await, 0);
    assert_condition_failed(store.delete("S", "1", Condition::Exists).await, 0);

    let fresh = Item::new("S", "1", &"fresh").unwrap();
    store
        .put(fresh.clone(), Condition::NotExists)
        .await
        .unwrap();
    assert_eq!(store.get("S", "1").await.unwrap(), Some(fresh));
    let index = store
        .query(Query::index(Index::GSI5, "SESSIONS"))
        .await
        .unwrap();
    assert_eq!(index.items, live);
}

async fn a_garbage_cursor_is_refused(store: &dyn ItemStore) {
    put_all(store, vec![item("P", "1"), item("P", "2"), item("Q", "1")]).await;
    let garbage = |raw: &str| Query::partition("P").after(Some(Cursor::from_client(raw)));
    for raw in ["not a cursor!", "e30", "bm90IGpzb24"] {
        assert!(
            matches!(store.query(garbage(raw)).await, Err(StoreError::BadCursor)),
            "cursor {raw:?} was accepted"
        );
    }
    // An empty cursor is no cursor: the first page.
    assert_eq!(store.query(garbage("")).await.unwrap().items.len(), 2);

    let page = store.query(Query::partition("P").limit(1)).await.unwrap();
    let cursor = page.next.expect("a cursor after the first of two items");
    let elsewhere = Query::partition("Q").after(Some(cursor.clone()));
    assert!(matches!(
        store.query(elsewhere).await,
        Err(StoreError::BadCursor)
    ));
    let on_an_index = Query::index(Index::GSI1, "P").after(Some(cursor));
    assert!(matches!(
        store.query(on_an_index).await,
        Err(StoreError::BadCursor)
    ));
}

async fn get_many_returns_the_live_items_that_exist(store: &dyn ItemStore) {
    let expired = item("A", "3").expiring_at(now_epoch_seconds() - 1);
    put_all(store, vec![item("A", "1"), item("B", "1"), expired]).await;

    let keys = [("A", "1"), ("B", "1"), ("A", "3"), ("A", "2"), ("C", "1")];
    let mut found = store
        .get_many(
            keys.iter()
                .map(|(pk, sk)| (pk.to_string(), sk.to_string()))
                .collect(),
        )
        .await
        .unwrap();
    found.sort_by(|a, b| (&a.pk, &a.sk).cmp(&(&b.pk, &b.sk)));
    assert_eq!(found, vec![item("A", "1"), item("B", "1")]);

    assert_eq!(store.get_many(Vec::new()).await.unwrap(), Vec::new());
    let too_many = (0..101).map(|n| ("A".to_string(), n.to_string())).collect();
    assert_invalid(store.get_many(too_many).await);
}

async fn keys_no_item_can_have_are_absent(store: &dyn ItemStore) {
    assert_eq!(store.get("", "1").await.unwrap(), None);
    assert_eq!(store.get("A", "").await.unwrap(), None);
    store.delete("", "1", Condition::Always).await.unwrap();
    assert_condition_failed(store.delete("", "1", Condition::Exists).await, 0);
    assert_invalid(store.put(item("", "1"), Condition::Always).await);
    let found = store
        .get_many(vec![(String::new(), "1".into())])
        .await
        .unwrap();
    assert!(found.is_empty());

    let holds = vec![
        put(item("A", "1"), Condition::NotExists),
        Write::Check {
            pk: String::new(),
            sk: "1".into(),
            condition: Condition::NotExists,
        },
    ];
    store.transact(holds).await.unwrap();
    assert_eq!(store.get("A", "1").await.unwrap(), Some(item("A", "1")));

    let fails = vec![
        put(item("B", "1"), Condition::NotExists),
        Write::Delete {
            pk: String::new(),
            sk: "1".into(),
            condition: Condition::Exists,
        },
    ];
    assert_condition_failed(store.transact(fails).await, 1);
    let earlier_fails = vec![
        put(item("A", "1"), Condition::NotExists),
        Write::Delete {
            pk: String::new(),
            sk: "1".into(),
            condition: Condition::Exists,
        },
    ];
    assert_condition_failed(store.transact(earlier_fails).await, 0);
    assert_eq!(store.get("B", "1").await.unwrap(), None);
}

async fn a_query_with_an_impossible_range_or_limit_gets_no_items(store: &dyn ItemStore) {
    put_all(store, vec![item("P", "a"), item("P", "b")]).await;

    let reversed = KeyRange::Between("b".into(), "a".into());
    let page = store
        .query(Query::partition("P").range(reversed))
        .await
        .unwrap();
    assert!(page.items.is_empty() && page.next.is_none());
    let empty_partition = store.query(Query::partition("NONE")).await.unwrap();
    assert!(empty_partition.items.is_empty() && empty_partition.next.is_none());
    let everything = store
        .query(Query::partition("P").begins_with(""))
        .await
        .unwrap();
    assert_eq!(sort_keys(&everything), ["a", "b"]);

    assert_invalid(store.query(Query::partition("P").limit(0)).await);
    assert_invalid(store.query(Query::partition("P").limit(1001)).await);
    assert_invalid(store.query(Query::partition("")).await);
}

// --- DynamoDB only ----------------------------------------------------------------------------

#[tokio::test]
async fn a_dynamodb_failure_reads_as_dynamodbs_answer_without_debug_text() {
    let store = dynamo_store("failure").await;
    let missing = DynamoStore::new(store.client().clone(), "conformance-no-such-table");
    match missing.get("A", "1").await {
        Err(StoreError::Unavailable(message)) => {
            assert!(
                message.starts_with("DynamoDB answered ResourceNotFoundException"),
                "{message}"
            );
            assert!(!message.contains('{'), "debug text in: {message}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
}
