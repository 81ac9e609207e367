//! When each user last received a work item, by hand or routed: the round robin gives the
//! next imported item to the eligible person who received one longest ago. One small record
//! per user, written in the transaction that assigns the item.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use worklane_domain::{Timestamp, UserId};
use worklane_store::{Condition, Item, ItemStore, Write};

use crate::{CoreError, keys};

#[derive(Serialize, Deserialize)]
struct LastAssigned {
    at: Timestamp,
}

/// A user's marker as routing read it: when, and the version a routed write must find.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marker {
    pub at: Option<Timestamp>,
    /// The condition under which the marker may be moved on: nobody else moved it since.
    pub unchanged: Condition,
}

/// Writes `user`'s marker at `at` under `condition`. Its version is the instant itself, so a
/// hand assignment (which writes it unconditionally) still changes what routing checks.
pub(crate) fn marker(
    user: &UserId,
    at: Timestamp,
    condition: Condition,
) -> Result<Write, CoreError> {
    let version = u64::try_from(at.as_nanosecond()).unwrap_or(1).max(1);
    let item = Item::new(keys::user(user), keys::LAST_ASSIGNED, &LastAssigned { at })?
        .with_version(version);
    Ok(Write::Put { item, condition })
}

/// The markers of `users` (a user never assigned anything has none).
pub(crate) async fn markers(
    store: &dyn ItemStore,
    users: &[UserId],
) -> Result<HashMap<UserId, Marker>, CoreError> {
    let keys = users
        .iter()
        .map(|u| (keys::user(u), keys::LAST_ASSIGNED.to_string()))
        .collect();
    let mut found = HashMap::new();
    for item in store.get_many(keys).await? {
        let Some(user) = item.pk.strip_prefix("USER#") else {
            continue;
        };
        let last: LastAssigned = item.decode()?;
        found.insert(
            UserId::from_raw(user),
            Marker {
                at: Some(last.at),
                unchanged: Condition::VersionIs(item.version),
            },
        );
    }
    for user in users {
        found.entry(user.clone()).or_insert(Marker {
            at: None,
            unchanged: Condition::NotExists,
        });
    }
    Ok(found)
}
