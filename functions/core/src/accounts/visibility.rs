//! Who sees an account, kept with it: an entry per scope (owner, superiors, team, departments)
//! in the account's partition, indexed by scope, as for contacts.

use serde::{Deserialize, Serialize};
use worklane_domain::{AccountId, OrgIndex, UserId, VisibilityReason};
use worklane_store::{Condition, Cursor, Index, Item, Query, StoreError, Write};

use super::{AccountRecord, Accounts};
use crate::access::{Scope, ViewerList, scopes_of};
use crate::{CoreError, keys, scope_entries, search};

/// An account's entry under one scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ScopeEntry {
    account_id: AccountId,
    reasons: Vec<VisibilityReason>,
}

/// What an account's search entry holds: enough to answer and to leave out what the searcher
/// may not see, without reading the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct AccountSearchEntry {
    pub id: AccountId,
    pub name: String,
    pub owner_id: UserId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<worklane_domain::TeamGrant>,
}

/// The index and partition that answer one of a viewer's lists of accounts.
pub(super) fn list_key(list: &ViewerList) -> (Index, String) {
    match list {
        ViewerList::Scope(scope) => (Index::GSI1, keys::accounts_seen_by(&scope.key())),
        ViewerList::Members(department) => (Index::GSI3, keys::accounts_of_members(department)),
        ViewerList::OwnedBy(owner) => (Index::GSI3, keys::accounts_of_owner(owner)),
    }
}

impl AccountRecord {
    fn scope_entries(&self, org: &OrgIndex) -> Result<Vec<Item>, StoreError> {
        scopes_of(self.holding(), org)
            .into_iter()
            .map(|(scope, reasons)| {
                let key = scope.key();
                let direct_member = matches!(&scope, Scope::Department(_))
                    && reasons
                        .iter()
                        .any(|r| matches!(r, VisibilityReason::DepartmentHead { depth: 0, .. }));
                let entry = ScopeEntry {
                    account_id: self.id.clone(),
                    reasons,
                };
                let id = self.id.as_str();
                let item = Item::new(keys::account(&self.id), keys::account_scope(&key), &entry)?
                    .with_index(Index::GSI1, keys::accounts_seen_by(&key), id);
                Ok(match (direct_member, &scope) {
                    (true, Scope::Department(department)) => {
                        item.with_index(Index::GSI3, keys::accounts_of_members(department), id)
                    }
                    _ => item,
                })
            })
            .collect()
    }

    /// The tokens the account is found by: the words of its name and the whole name.
    pub(super) fn tokens(&self) -> std::collections::BTreeSet<String> {
        let full = search::normalize(&self.name);
        let mut tokens: std::collections::BTreeSet<String> = full
            .split(' ')
            .take(search::MAX_NAME_WORDS)
            .map(str::to_string)
            .collect();
        tokens.insert(full);
        tokens.retain(|t| t.chars().count() >= search::MIN_QUERY_CHARS);
        tokens
    }

    fn search_entry(&self, token: &str) -> Result<Item, StoreError> {
        let entry = AccountSearchEntry {
            id: self.id.clone(),
            name: self.name.clone(),
            owner_id: self.owner_id.clone(),
            team: self.team.clone(),
        };
        Item::new(
            keys::account_search_partition(token),
            keys::account_search_entry(token, &self.id),
            &entry,
        )
    }
}

impl Accounts<'_> {
    /// The writes that bring `record`'s scope entries (`stored`) to what `org` gives.
    pub(super) fn rescope_writes(
        &self,
        record: &AccountRecord,
        org: &OrgIndex,
        stored: &scope_entries::Stored,
    ) -> Result<Vec<Write>, CoreError> {
        Ok(scope_entries::writes(
            &keys::account(&record.id),
            record.scope_entries(org)?,
            stored,
        ))
    }

    pub(super) async fn stored_scopes(
        &self,
        id: &AccountId,
    ) -> Result<scope_entries::Stored, CoreError> {
        let page = self
            .store
            .query(
                Query::partition(keys::account(id))
                    .begins_with(keys::ACCOUNT_SCOPE_PREFIX)
                    .limit(1000),
            )
            .await?;
        Ok(scope_entries::stored(page.items))
    }

    /// The search entries of `record`, and the deletions of those `old` had and it has not.
    pub(super) fn search_writes(
        &self,
        record: &AccountRecord,
        old: Option<&AccountRecord>,
    ) -> Result<Vec<Write>, CoreError> {
        let tokens = record.tokens();
        let mut writes = Vec::new();
        if let Some(old) = old {
            for token in old.tokens().difference(&tokens) {
                writes.push(Write::Delete {
                    pk: keys::account_search_partition(token),
                    sk: keys::account_search_entry(token, &record.id),
                    condition: Condition::Always,
                });
            }
        }
        for token in &tokens {
            writes.push(Write::Put {
                item: record.search_entry(token)?,
                condition: Condition::Always,
            });
        }
        Ok(writes)
    }

    /// A page of the ids of the accounts seen through `user`'s own scope (owned, on the team,
    /// a superior of either), for the re-index job.
    pub(crate) async fn seen_by_user(
        &self,
        user: &UserId,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<(Vec<AccountId>, Option<String>), CoreError> {
        let scope = Scope::User(user.clone()).key();
        let page = self
            .store
            .query(
                Query::index(Index::GSI1, keys::accounts_seen_by(&scope))
                    .limit(limit)
                    .after(cursor.map(Cursor::from_client)),
            )
            .await?;
        let ids = page
            .items
            .iter()
            .filter_map(|item| item.index_key(Index::GSI1))
            .map(|key| AccountId::from_raw(key.sk.clone()))
            .collect();
        Ok((ids, page.next.map(String::from)))
    }
}
