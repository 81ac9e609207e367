//! How an entry is stored in a user's inbox, and the writes that file one there. Each entry
//! is listed in the indexes of its section (Unread or Read): communications by group and by
//! channel, work items by group, priority, type, and type with priority, reminders by group.
//! The unread count is a version-checked item written in the same transaction as every entry
//! that enters or leaves Unread, so it is exact however many writers race.

use serde::{Deserialize, Serialize};
use worklane_domain::{InboxEntry, InboxKind, UserId};
use worklane_store::{Condition, Index, Item, ItemStore, StoreError, Write};

use crate::{CoreError, keys};

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct UnreadCounter {
    pub unread: u64,
}

/// The entry in every index of its section.
pub(crate) fn entry_item(
    user: &UserId,
    entry: &InboxEntry,
    version: u64,
) -> Result<Item, StoreError> {
    let read = entry.read;
    let sort = keys::by_time(entry.at, &entry.id);
    let record = super::record::EntryRecord::from(entry);
    let mut item = Item::new(keys::inbox(user), entry.id.clone(), &record)?.with_version(version);
    match entry.kind {
        InboxKind::Communication => {
            item = item.with_index(Index::GSI1, keys::inbox_group(user, read, "ALL"), &sort);
            if let Some(channel) = entry.channel {
                item =
                    item.with_index(Index::GSI2, keys::inbox_channel(user, read, channel), &sort);
            }
        }
        InboxKind::Reminder => {
            item = item.with_index(Index::GSI1, keys::inbox_group(user, read, "REM"), &sort);
        }
        InboxKind::WorkItem => {
            item = item.with_index(Index::GSI1, keys::inbox_group(user, read, "WI"), &sort);
            if let Some(priority) = entry.priority {
                item = item.with_index(
                    Index::GSI3,
                    keys::inbox_priority(user, read, priority),
                    &sort,
                );
            }
            if let Some(type_key) = &entry.type_key {
                item = item.with_index(Index::GSI4, keys::inbox_type(user, read, type_key), &sort);
                if let Some(priority) = entry.priority {
                    item = item.with_index(
                        Index::GSI5,
                        keys::inbox_type_and_priority(user, read, type_key, priority),
                        &sort,
                    );
                }
            }
        }
    }
    Ok(item)
}

/// The user's unread count and the version of its item (none before the first entry).
pub(crate) async fn unread(
    store: &dyn ItemStore,
    user: &UserId,
) -> Result<(u64, Option<u64>), CoreError> {
    match store.get(&keys::inbox(user), keys::UNREAD).await? {
        Some(item) => Ok((item.decode::<UnreadCounter>()?.unread, Some(item.version))),
        None => Ok((0, None)),
    }
}

/// The write that moves the unread count by `delta`, conditioned on the count just read.
pub(crate) async fn count_write(
    store: &dyn ItemStore,
    user: &UserId,
    delta: i64,
) -> Result<Write, CoreError> {
    let (unread, version) = unread(store, user).await?;
    let next = UnreadCounter {
        unread: unread.saturating_add_signed(delta),
    };
    let item = Item::new(keys::inbox(user), keys::UNREAD, &next)?
        .with_version(version.map_or(1, |v| v + 1));
    let condition = version.map_or(Condition::NotExists, Condition::VersionIs);
    Ok(Write::Put { item, condition })
}

/// The writes that file `entry` into `user`'s inbox, replacing an entry with its id, and
/// keep the unread count exact. Each is conditioned on what was read here, so a concurrent
/// change fails the caller's transaction; the caller reads again and retries.
pub(crate) async fn file(
    store: &dyn ItemStore,
    user: &UserId,
    entry: &InboxEntry,
) -> Result<Vec<Write>, CoreError> {
    let existing = store.get(&keys::inbox(user), &entry.id).await?;
    let (was_unread, condition, version) = match &existing {
        Some(item) => (
            !super::record::decode(item)?.read,
            Condition::VersionIs(item.version),
            item.version + 1,
        ),
        None => (false, Condition::NotExists, 1),
    };
    let mut writes = vec![Write::Put {
        item: entry_item(user, entry, version)?,
        condition,
    }];
    let delta = i64::from(!entry.read) - i64::from(was_unread);
    if delta != 0 {
        writes.push(count_write(store, user, delta).await?);
    }
    Ok(writes)
}

/// The writes that take entry `id` out of `user`'s inbox, if it is there, and one off the
/// unread count if it was unread; conditioned like [`file`].
pub(crate) async fn unfile(
    store: &dyn ItemStore,
    user: &UserId,
    id: &str,
) -> Result<Vec<Write>, CoreError> {
    let Some(item) = store.get(&keys::inbox(user), id).await? else {
        return Ok(Vec::new());
    };
    let was_unread = !super::record::decode(&item)?.read;
    let mut writes = vec![Write::Delete {
        pk: keys::inbox(user),
        sk: id.to_owned(),
        condition: Condition::VersionIs(item.version),
    }];
    if was_unread {
        writes.push(count_write(store, user, -1).await?);
    }
    Ok(writes)
}

#[cfg(test)]
mod tests {
    use worklane_domain::{Channel, ContactId, Direction, Timestamp};
    use worklane_store::EmbeddedStore;

    use super::*;

    fn entry(id: &str, read: bool) -> InboxEntry {
        InboxEntry {
            id: id.into(),
            kind: InboxKind::Communication,
            read,
            at: Timestamp::now(),
            contact_id: ContactId::from_raw("c"),
            contact_name: "Cathy".into(),
            work_item: None,
            channel: Some(Channel::Sms),
            direction: Some(Direction::Inbound),
            first_line: "Hi".into(),
            interaction_id: None,
            priority: None,
            type_key: None,
        }
    }

    #[tokio::test]
    async fn a_filing_made_on_a_stale_count_fails_and_filing_again_counts_exactly() {
        let store = EmbeddedStore::in_memory().unwrap();
        let user = UserId::from_raw("u1");
        let first = file(&store, &user, &entry("ix-a", false)).await.unwrap();
        let raced = file(&store, &user, &entry("ix-b", false)).await.unwrap();
        store.transact(first).await.unwrap();
        assert!(matches!(
            store.transact(raced).await,
            Err(StoreError::ConditionFailed { write: 1 })
        ));
        let again = file(&store, &user, &entry("ix-b", false)).await.unwrap();
        store.transact(again).await.unwrap();
        assert_eq!(unread(&store, &user).await.unwrap().0, 2);
        // Filing an entry again where it is changes nothing of the count; moving it does.
        let same = file(&store, &user, &entry("ix-a", false)).await.unwrap();
        assert_eq!(same.len(), 1);
        store.transact(same).await.unwrap();
        let archived = file(&store, &user, &entry("ix-a", true)).await.unwrap();
        store.transact(archived).await.unwrap();
        assert_eq!(unread(&store, &user).await.unwrap().0, 1);
    }
}
