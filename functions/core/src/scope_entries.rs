//! Keeping a record's scope entries (see `access::Scope`) in step with what its owner, team
//! and the organisation give: only what changed is written.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryFutureExt;
use worklane_store::{
    Condition, Index, IndexKey, Item, ItemStore, KeyRange, MAX_TRANSACTION_WRITES, Query, Write,
};

use crate::CoreError;

/// A record's stored scope entries: sort key → body and index keys (the lists an entry is
/// in follow the record: a contact made a Customer moves to the Customer lists).
pub(crate) type Stored = BTreeMap<String, (String, BTreeMap<Index, IndexKey>)>;

/// The stored entries among `items` (a query of the record's partition by the scope prefix).
pub(crate) fn stored(items: Vec<Item>) -> Stored {
    items
        .into_iter()
        .map(|item| (item.sk, (item.body, item.indexes)))
        .collect()
}

/// The writes that bring the entries `stored` under `pk` to `fresh`: a new or changed entry
/// (its body or an index key) is put, an entry no longer given is deleted, an unchanged one
/// is left alone.
pub(crate) fn writes(pk: &str, fresh: Vec<Item>, stored: &Stored) -> Vec<Write> {
    let mut writes = Vec::new();
    let mut kept = Vec::with_capacity(fresh.len());
    for item in fresh {
        kept.push(item.sk.clone());
        let unchanged = stored
            .get(&item.sk)
            .is_some_and(|(body, indexes)| *body == item.body && *indexes == item.indexes);
        if !unchanged {
            writes.push(Write::Put {
                item,
                condition: Condition::Always,
            });
        }
    }
    for sk in stored.keys().filter(|sk| !kept.contains(sk)) {
        writes.push(Write::Delete {
            pk: pk.to_string(),
            sk: sk.clone(),
            condition: Condition::Always,
        });
    }
    writes
}

/// Writes scope entries in as few transactions as the store allows. Entries are derived
/// from their record and each write stands alone, so they need no transaction together: a
/// page of records re-indexed costs a handful of commits, not one per record.
pub(crate) async fn commit(store: &dyn ItemStore, mut writes: Vec<Write>) -> Result<(), CoreError> {
    while !writes.is_empty() {
        let rest = writes.split_off(writes.len().min(MAX_TRANSACTION_WRITES));
        store.transact(writes).await?;
        writes = rest;
    }
    Ok(())
}

/// One page of the union of several lists that are all sorted alike (by the index sort
/// key): one keyed query of at most `limit + 1` per list, newest first, after the cursor (the
/// last sort key of the page before). A record in several lists has the same sort key in each,
/// so it counts once. Answers the page's sort keys, newest first, and whether more follow.
pub(crate) async fn merge_newest(
    store: &dyn ItemStore,
    lists: Vec<(Index, String)>,
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<String>, bool), CoreError> {
    // The cursor's own row comes back too (the bound is inclusive): one more is read so a
    // list still says whether rows follow the page.
    let per_list = limit + 1 + usize::from(after.is_some());
    let queries = lists.into_iter().map(|(index, pk)| {
        let query = Query::index(index, pk);
        let query = match after {
            // Up to and including the cursor, which is then dropped: a range bound is inclusive.
            Some(after) => query.range(KeyRange::Between("0".into(), after.to_string())),
            None => query,
        };
        store
            .query(query.newest_first().limit(per_list))
            .map_ok(move |page| (index, page))
    });
    let pages = futures_util::future::try_join_all(queries).await?;
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for (index, page) in pages {
        keys.extend(
            page.items
                .iter()
                .filter_map(|item| item.index_key(index))
                .map(|key| key.sk.clone()),
        );
    }
    if let Some(after) = after {
        keys.remove(after);
    }
    let mut newest: Vec<String> = keys.into_iter().rev().take(limit + 1).collect();
    let more = newest.len() > limit;
    newest.truncate(limit);
    Ok((newest, more))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sk: &str, body: &str) -> Item {
        Item::new("P", sk, &body.to_string()).unwrap()
    }

    #[test]
    fn only_changed_entries_are_written_and_lost_ones_deleted() {
        let unchanged = entry("SCOPE#U#a", "owner");
        let stored = super::stored(vec![
            unchanged.clone(),
            entry("SCOPE#U#b", "superior"),
            entry("SCOPE#U#c", "team"),
        ]);
        let fresh = vec![
            unchanged,
            entry("SCOPE#U#b", "superior of two"),
            entry("SCOPE#U#d", "x"),
        ];
        let keys: Vec<(bool, String)> = writes("P", fresh, &stored)
            .iter()
            .map(|w| (matches!(w, Write::Put { .. }), w.key().1.to_string()))
            .collect();
        assert_eq!(
            keys,
            [
                (true, "SCOPE#U#b".to_string()),
                (true, "SCOPE#U#d".to_string()),
                (false, "SCOPE#U#c".to_string())
            ]
        );
    }

    #[test]
    fn an_entry_whose_index_key_changed_is_written_again() {
        let listed = |kind: &str| {
            entry("SCOPE#U#a", "owner").with_index(
                Index::GSI2,
                format!("CONTACTS#SEEN#U#a#KIND#{kind}"),
                "c-1",
            )
        };
        let stored = super::stored(vec![listed("Prospect")]);
        assert!(writes("P", vec![listed("Prospect")], &stored).is_empty());
        assert_eq!(writes("P", vec![listed("Customer")], &stored).len(), 1);
    }
}
