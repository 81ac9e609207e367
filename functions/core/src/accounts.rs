//! Accounts: the companies contacts belong to and work orders are raised for (seed 003). An
//! account has an owner and related team members and follows the contacts' access rules: its
//! scope entries live in its partition and are written in its own transactions, so a private
//! deployment lists a user's accounts as a merge of a few keyed queries, like contacts. It is
//! found by the words of its name (`ASEARCH#`), fuzzily or only by its whole name, as the
//! service desk's settings say for service staff.

mod lookup;
mod visibility;

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ACCOUNT_NAME_RULE, AccountEdit, AccountId, AccountInput, AccountView, FieldErrors, OrgIndex,
    Page, TeamEdit, TeamGrant, Timestamp, UserId,
};
use worklane_store::{Condition, Cursor, Index, Item, ItemStore, Query, StoreError, Write};

use crate::users::Users;
use crate::{Access, CoreError, Holding, Object, ids, keys, scope_entries};

pub use lookup::ServiceSettingsStore;

/// An account as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AccountRecord {
    pub id: AccountId,
    pub name: String,
    pub owner_id: UserId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamGrant>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl AccountRecord {
    fn holding(&self) -> Holding<'_> {
        Holding::account(&self.owner_id).with_team(&self.team)
    }

    fn view(&self, version: u64) -> AccountView {
        AccountView {
            id: self.id.clone(),
            name: self.name.clone(),
            owner_id: self.owner_id.clone(),
            team: self.team.clone(),
            created_by: self.created_by.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version,
        }
    }

    /// The account in the list of every account and in its owner's.
    fn item(&self, version: u64) -> Result<Item, StoreError> {
        let sk = self.id.as_str();
        Ok(Item::new(keys::account(&self.id), keys::PROFILE, self)?
            .with_version(version)
            .with_index(Index::GSI1, keys::ACCOUNTS, sk)
            .with_index(Index::GSI3, keys::accounts_of_owner(&self.owner_id), sk))
    }
}

fn conflict(record: &AccountRecord, version: u64) -> CoreError {
    CoreError::Conflict {
        what: "this account",
        current: serde_json::to_value(record.view(version)).unwrap_or_default(),
    }
}

/// Finding, creating and editing accounts.
pub struct Accounts<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Accounts<'a> {
    pub const DEFAULT_PAGE: usize = 25;
    pub const MAX_PAGE: usize = 100;

    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    async fn load(&self, id: &AccountId) -> Result<Option<(AccountRecord, u64)>, CoreError> {
        if !ids::is_well_formed(id.as_str()) {
            return Ok(None);
        }
        match self.store.get(&keys::account(id), keys::PROFILE).await? {
            Some(item) => Ok(Some((item.decode()?, item.version))),
            None => Ok(None),
        }
    }

    /// The account, if `access` may see it.
    pub async fn get(&self, access: &Access, id: &AccountId) -> Result<AccountView, CoreError> {
        let (record, version) = self.load(id).await?.ok_or(CoreError::NotFound("account"))?;
        access.check_read(record.holding())?;
        Ok(record.view(version))
    }

    /// The account, if it exists and `access` may see it.
    pub(crate) async fn find(
        &self,
        access: &Access,
        id: &AccountId,
    ) -> Result<Option<AccountView>, CoreError> {
        Ok(self
            .load(id)
            .await?
            .filter(|(record, _)| access.sees(record.holding()))
            .map(|(record, version)| record.view(version)))
    }

    /// The names of the accounts `ids` (those that exist), for rows that name them.
    pub(crate) async fn names(
        &self,
        ids: &[AccountId],
    ) -> Result<std::collections::HashMap<AccountId, String>, CoreError> {
        let partitions = ids
            .iter()
            .filter(|id| ids::is_well_formed(id.as_str()))
            .map(keys::account);
        let records =
            crate::batch_read::records::<AccountRecord>(self.store, partitions, keys::PROFILE)
                .await?;
        Ok(records
            .into_iter()
            .map(|(record, _)| (record.id, record.name))
            .collect())
    }

    /// Creates an account owned by its creator, or by whom a manager or an admin names.
    pub async fn create(
        &self,
        access: &Access,
        input: AccountInput,
    ) -> Result<AccountView, CoreError> {
        let actor = access.actor()?;
        let name = ACCOUNT_NAME_RULE
            .check(&input.name)
            .map_err(|message| FieldErrors::single("name", message))?;
        let owner_id = self.owner_for(access, input.owner_id, &actor.id).await?;
        let now = Timestamp::now();
        let record = AccountRecord {
            id: ids::new_account_id(),
            name,
            owner_id,
            team: Vec::new(),
            created_by: actor.id.clone(),
            created_at: now,
            updated_at: now,
        };
        let org = crate::org::org_for_saving(self.store, access).await?;
        let mut writes = vec![Write::Put {
            item: record.item(1)?,
            condition: Condition::NotExists,
        }];
        writes.extend(self.search_writes(&record, None)?);
        writes.extend(self.rescope_writes(&record, &org, &Default::default())?);
        self.store.transact(writes).await?;
        Ok(record.view(1))
    }

    /// Saves an edit of the name and owner made on `edit.version`; only managers and admins
    /// hand an account to someone else.
    pub async fn update(
        &self,
        access: &Access,
        id: &AccountId,
        edit: AccountEdit,
    ) -> Result<AccountView, CoreError> {
        let (old, version) = self.load(id).await?.ok_or(CoreError::NotFound("account"))?;
        access.check_change(old.holding())?;
        if version != edit.version {
            return Err(conflict(&old, version));
        }
        let name = ACCOUNT_NAME_RULE
            .check(&edit.name)
            .map_err(|message| FieldErrors::single("name", message))?;
        let owner_id = self
            .owner_for(access, Some(edit.owner_id), &old.owner_id)
            .await?;
        let record = AccountRecord {
            name,
            owner_id,
            updated_at: Timestamp::now(),
            ..old.clone()
        };
        self.save(access, &old, record, version).await
    }

    /// Sets the account's related team members, on `edit.version`.
    pub async fn set_team(
        &self,
        access: &Access,
        id: &AccountId,
        edit: TeamEdit,
    ) -> Result<AccountView, CoreError> {
        let version = edit.version;
        let team = edit.validate()?;
        let (old, current) = self.load(id).await?.ok_or(CoreError::NotFound("account"))?;
        access.check_change(old.holding())?;
        if current != version {
            return Err(conflict(&old, current));
        }
        Users::new(self.store)
            .check_team(&team, &old.owner_id)
            .await?;
        let record = AccountRecord {
            team,
            updated_at: Timestamp::now(),
            ..old.clone()
        };
        self.save(access, &old, record, version).await
    }

    /// Writes `record` over `old` (at `version`) with its search and scope entries.
    async fn save(
        &self,
        access: &Access,
        old: &AccountRecord,
        record: AccountRecord,
        version: u64,
    ) -> Result<AccountView, CoreError> {
        let (org, stored) = tokio::try_join!(
            crate::org::org_for_saving(self.store, access),
            self.stored_scopes(&record.id)
        )?;
        let mut writes = vec![Write::Put {
            item: record.item(version + 1)?,
            condition: Condition::VersionIs(version),
        }];
        writes.extend(self.search_writes(&record, Some(old))?);
        writes.extend(self.rescope_writes(&record, &org, &stored)?);
        match self.store.transact(writes).await {
            Ok(()) => Ok(record.view(version + 1)),
            Err(StoreError::ConditionFailed { write: 0 }) => match self.load(&record.id).await? {
                Some((now, v)) => Err(conflict(&now, v)),
                None => Err(CoreError::NotFound("account")),
            },
            Err(e) => Err(e.into()),
        }
    }

    async fn owner_for(
        &self,
        access: &Access,
        requested: Option<UserId>,
        current: &UserId,
    ) -> Result<UserId, CoreError> {
        let Some(owner) = requested.filter(|o| o != current) else {
            return Ok(current.clone());
        };
        if !access.actor()?.role.may_reassign() {
            return Err(CoreError::Forbidden(
                "only managers and admins can give an account to another owner".into(),
            ));
        }
        if Users::new(self.store).is_active(&owner).await? {
            Ok(owner)
        } else {
            Err(FieldErrors::single("owner_id", "choose an active user as the owner").into())
        }
    }

    /// A page of the accounts `access` sees, newest first: every account when the default
    /// shows them all, else the merge of the viewer's lists (like contacts).
    pub async fn list(
        &self,
        access: &Access,
        cursor: Option<String>,
        limit: Option<usize>,
    ) -> Result<Page<AccountView>, CoreError> {
        let limit = limit.unwrap_or(Self::DEFAULT_PAGE);
        if !(1..=Self::MAX_PAGE).contains(&limit) {
            return Err(FieldErrors::single(
                "limit",
                format!("a page has 1 to {} accounts", Self::MAX_PAGE),
            )
            .into());
        }
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) if ids::is_well_formed(&c) => Some(c),
            Some(_) => return Err(CoreError::BadCursor),
            None => None,
        };
        if access.sees_all(Object::Account) {
            let page = self
                .store
                .query(
                    Query::index(Index::GSI1, keys::ACCOUNTS)
                        .newest_first()
                        .limit(limit)
                        .after(after.map(Cursor::from_client)),
                )
                .await?;
            let items = page
                .items
                .iter()
                .map(|item| Ok(item.decode::<AccountRecord>()?.view(item.version)))
                .collect::<Result<_, CoreError>>()?;
            return Ok(Page {
                items,
                next_cursor: page.next.map(String::from),
            });
        }
        let lists = access
            .viewer_lists()
            .iter()
            .map(visibility::list_key)
            .collect();
        let (ids, more) =
            scope_entries::merge_newest(self.store, lists, after.as_deref(), limit).await?;
        let items = self.load_for_list(access, &ids).await?;
        Ok(Page {
            items,
            next_cursor: more.then(|| ids.last().cloned()).flatten(),
        })
    }

    /// The accounts `ids` names, in that order, each held to the policy.
    async fn load_for_list(
        &self,
        access: &Access,
        ids: &[String],
    ) -> Result<Vec<AccountView>, CoreError> {
        let partitions = ids
            .iter()
            .map(|id| keys::account(&AccountId::from_raw(id.clone())));
        let mut found: std::collections::BTreeMap<String, AccountView> =
            crate::batch_read::records::<AccountRecord>(self.store, partitions, keys::PROFILE)
                .await?
                .into_iter()
                .filter(|(record, _)| access.sees(record.holding()))
                .map(|(record, version)| (record.id.to_string(), record.view(version)))
                .collect();
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// The account's contacts that `access` may see (its Contacts tab); 404 for an account
    /// it may not see.
    pub async fn contacts(
        &self,
        access: &Access,
        id: &AccountId,
        cursor: Option<String>,
    ) -> Result<Page<worklane_domain::ContactView>, CoreError> {
        self.get(access, id).await?;
        crate::Contacts::new(self.store)
            .of_account(access, id, cursor)
            .await
    }

    /// The writes that would bring account `id`'s scope entries up to date with `org`.
    pub(crate) async fn writes_to_rescope(
        &self,
        id: &AccountId,
        org: &OrgIndex,
    ) -> Result<Vec<Write>, CoreError> {
        let Some((record, _)) = self.load(id).await? else {
            return Ok(Vec::new());
        };
        let stored = self.stored_scopes(id).await?;
        self.rescope_writes(&record, org, &stored)
    }
}
