//! Keeping a record's scope entries (see `access::Scope`) in step with what its owner, team
//! and the organisation give: only what changed is written.

use std::collections::BTreeMap;

use worklane_store::{Condition, Index, IndexKey, Item, ItemStore, MAX_TRANSACTION_WRITES, Write};

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
