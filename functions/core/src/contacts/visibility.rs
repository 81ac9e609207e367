//! Who sees a contact, kept with it: an entry per scope (owner, superior, department) in the
//! contact's own partition, written in the contact's transaction and indexed by scope, so that
//! a private deployment lists a user's contacts as a merge of a few keyed queries, and "who
//! can see this, and why" is one query.

use crate::scope_entries;

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccessLevel, ContactId, ContactKind, ContactView, OrgIndex, Page, TeamEdit, UserId, UserReach,
    VisibilityReason, WhoCanSee,
};
use worklane_store::{Condition, Index, Item, Query, StoreError, Write};

use super::{ContactRecord, Contacts};
use crate::access::{Scope, ViewerList, scopes_of, who_can_see};
use crate::org::org_for_saving;
use crate::users::Users;
use crate::{Access, CoreError, Object, ids, keys};

/// A contact's entry under one scope, with every reason the scope sees it for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ScopeEntry {
    contact_id: ContactId,
    reasons: Vec<VisibilityReason>,
}

impl ContactRecord {
    /// The contact's scope entries under `org`, each in every list of its scope.
    pub(super) fn scope_entries(&self, org: &OrgIndex) -> Result<Vec<Item>, StoreError> {
        scopes_of(self.holding(), org)
            .into_iter()
            .map(|(scope, reasons)| {
                let key = scope.key();
                let direct_member = matches!(&scope, Scope::Department(_))
                    && reasons
                        .iter()
                        .any(|r| matches!(r, VisibilityReason::DepartmentHead { depth: 0, .. }));
                let entry = ScopeEntry {
                    contact_id: self.id.clone(),
                    reasons,
                };
                let id = self.id.as_str();
                let mut item =
                    Item::new(keys::contact(&self.id), keys::contact_scope(&key), &entry)?
                        .with_index(Index::GSI1, keys::contacts_seen_by(&key), id)
                        .with_index(
                            Index::GSI2,
                            keys::contacts_seen_by_of_kind(&key, self.kind),
                            id,
                        );
                // The owner's own department also lists them among its direct members.
                if let (true, Scope::Department(department)) = (direct_member, &scope) {
                    item = item
                        .with_index(Index::GSI3, keys::contacts_of_members(department), id)
                        .with_index(
                            Index::GSI4,
                            keys::contacts_of_members_of_kind(department, self.kind),
                            id,
                        );
                }
                Ok(item)
            })
            .collect()
    }
}

impl Contacts<'_> {
    /// The writes that bring `record`'s stored scope entries (`stored`) to what `org` gives:
    /// what changed put, what is no longer given deleted.
    pub(super) fn rescope_writes(
        &self,
        record: &ContactRecord,
        org: &OrgIndex,
        stored: &scope_entries::Stored,
    ) -> Result<Vec<Write>, CoreError> {
        Ok(scope_entries::writes(
            &keys::contact(&record.id),
            record.scope_entries(org)?,
            stored,
        ))
    }

    /// The scope entries stored with contact `id`.
    pub(super) async fn stored_scopes(
        &self,
        id: &ContactId,
    ) -> Result<scope_entries::Stored, CoreError> {
        Ok(scope_entries::stored(self.scope_items(id).await?))
    }

    async fn scope_items(&self, id: &ContactId) -> Result<Vec<Item>, CoreError> {
        let page = self
            .store
            .query(
                Query::partition(keys::contact(id))
                    .begins_with(keys::CONTACT_SCOPE_PREFIX)
                    .limit(1000),
            )
            .await?;
        Ok(page.items)
    }

    /// Brings contact `id`'s scope entries up to date with `org` (after the organisation
    /// changed). Returns whether anything was written.
    pub(crate) async fn rescope(&self, id: &ContactId, org: &OrgIndex) -> Result<bool, CoreError> {
        let writes = self.writes_to_rescope(id, org).await?;
        let changed = !writes.is_empty();
        scope_entries::commit(self.store, writes).await?;
        Ok(changed)
    }

    /// The writes that would bring contact `id`'s scope entries up to date with `org` (none
    /// when they are, or the contact is gone).
    pub(crate) async fn writes_to_rescope(
        &self,
        id: &ContactId,
        org: &OrgIndex,
    ) -> Result<Vec<Write>, CoreError> {
        let Some((record, _)) = self.load(id).await? else {
            return Ok(Vec::new());
        };
        let stored = self.stored_scopes(id).await?;
        self.rescope_writes(&record, org, &stored)
    }

    /// Sets the contact's related team members, on `edit.version`: those who may change the
    /// contact may, and the team's scope entries are written with it.
    pub async fn set_team(
        &self,
        access: &Access,
        id: &ContactId,
        edit: TeamEdit,
    ) -> Result<ContactView, CoreError> {
        let version = edit.version;
        let team = edit.validate()?;
        let (old, current) = self.load(id).await?.ok_or(CoreError::NotFound("contact"))?;
        access.check_change(old.holding())?;
        if current != version {
            return Err(super::conflict(&old, current));
        }
        Users::new(self.store)
            .check_team(&team, &old.owner_id)
            .await?;
        let (org, stored) =
            tokio::try_join!(org_for_saving(self.store, access), self.stored_scopes(id))?;
        let record = ContactRecord {
            team,
            updated_at: worklane_domain::Timestamp::now(),
            ..old
        };
        let mut writes = vec![Write::Put {
            item: record.item(version + 1)?,
            condition: Condition::VersionIs(version),
        }];
        for token in record.tokens() {
            writes.push(Write::Put {
                item: record.search_entry(&token)?,
                condition: Condition::Always,
            });
        }
        writes.extend(self.rescope_writes(&record, &org, &stored)?);
        self.commit(access, writes, &record).await?;
        Ok(record.view(version + 1))
    }

    /// A page of the ids of the contacts seen through `user`'s own scope (those they own, are
    /// a team member of, or are a superior for), for the re-index job.
    pub(crate) async fn seen_by_user(
        &self,
        user: &UserId,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<(Vec<ContactId>, Option<String>), CoreError> {
        let scope = Scope::User(user.clone()).key();
        self.ids_in(keys::contacts_seen_by(&scope), cursor, limit)
            .await
    }

    /// A page of every contact's id, oldest first, for the one-time migration that gives the
    /// contacts stored before scopes existed their entries.
    pub(crate) async fn all_ids(
        &self,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<(Vec<ContactId>, Option<String>), CoreError> {
        self.ids_in(keys::CONTACTS.to_string(), cursor, limit).await
    }

    /// A page of one of the contact lists of the first index, whose sort key is always the
    /// contact's id.
    async fn ids_in(
        &self,
        list: String,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<(Vec<ContactId>, Option<String>), CoreError> {
        let query = Query::index(Index::GSI1, list)
            .limit(limit)
            .after(cursor.map(worklane_store::Cursor::from_client));
        let page = self.store.query(query).await?;
        let ids = page
            .items
            .iter()
            .filter_map(|item| item.index_key(Index::GSI1))
            .map(|key| ContactId::from_raw(key.sk.clone()))
            .collect();
        Ok((ids, page.next.map(String::from)))
    }

    /// A page of the contacts `access` sees through its lists, newest first: one keyed query
    /// per list (the user's own scope, each department they head, each rule that reaches
    /// them), merged. The cursor is the last contact's id, which every list is sorted by.
    /// With `owner`, only that owner's of them (a page may then be short).
    pub(super) async fn list_through_scopes(
        &self,
        access: &Access,
        kind: Option<ContactKind>,
        owner: Option<UserId>,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<Page<ContactView>, CoreError> {
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) if ids::is_well_formed(&c) => Some(c),
            Some(_) => return Err(CoreError::BadCursor),
            None => None,
        };
        let lists = access
            .viewer_lists()
            .iter()
            .map(|list| list_key(list, kind))
            .collect();
        // Every list is sorted by the contact's id: its index sort key.
        let (page_ids, more) =
            scope_entries::merge_newest(self.store, lists, after.as_deref(), limit).await?;
        let items: Vec<ContactView> = self
            .load_for_list(access, &page_ids)
            .await?
            .into_iter()
            .filter(|c| owner.as_ref().is_none_or(|o| &c.owner_id == o))
            .collect();
        Ok(Page {
            items,
            next_cursor: more.then(|| page_ids.last().cloned()).flatten(),
        })
    }

    /// The contacts the lists named, in that order, in one batch read, each re-checked by
    /// the policy (an index is a candidate, not proof: it may lag behind an organisation
    /// change).
    pub(super) async fn load_for_list(
        &self,
        access: &Access,
        ids: &[String],
    ) -> Result<Vec<ContactView>, CoreError> {
        let partitions = ids
            .iter()
            .map(|id| keys::contact(&ContactId::from_raw(id.clone())));
        let mut found: std::collections::BTreeMap<String, ContactView> =
            crate::batch_read::records::<ContactRecord>(self.store, partitions, keys::PROFILE)
                .await?
                .into_iter()
                .filter(|(record, _)| access.sees(record.holding()))
                .map(|(record, version)| (record.id.to_string(), record.view(version)))
                .collect();
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// How far `them` reaches contact `id`, and why: `access` may ask about itself, and an
    /// admin about anyone.
    pub async fn reach_of(
        &self,
        access: &Access,
        id: &ContactId,
        them: &Access,
    ) -> Result<UserReach, CoreError> {
        let user = them.actor()?.id.clone();
        if access.user_id() != Some(&user) {
            access.require_admin_to("ask what a colleague may see")?;
        }
        let (record, _) = self.load(id).await?.ok_or(CoreError::NotFound("contact"))?;
        access.check_read(record.holding())?;
        let level = match them.reach(record.holding()) {
            crate::Reach::None => None,
            crate::Reach::Read => Some(AccessLevel::Read),
            crate::Reach::Change => Some(AccessLevel::Change),
        };
        let reasons = match level {
            Some(_) => them.reasons(record.holding()),
            None => Vec::new(),
        };
        Ok(UserReach {
            user,
            level,
            reasons,
        })
    }

    /// Everyone the contact's scopes name, and why, with the org-wide default for everyone
    /// else: one query of the contact's partition (and the names of the people in it).
    pub async fn who_can_see(
        &self,
        access: &Access,
        id: &ContactId,
    ) -> Result<WhoCanSee, CoreError> {
        let owner = self.get(access, id).await?.owner_id;
        let org = org_for_saving(self.store, access).await?;
        let mut entries = Vec::new();
        for item in self.scope_items(id).await? {
            let entry: ScopeEntry = item.decode()?;
            if let Some(scope) = item
                .sk
                .strip_prefix(keys::CONTACT_SCOPE_PREFIX)
                .and_then(Scope::parse)
            {
                entries.push((scope, entry.reasons));
            }
        }
        let everyone = access.default_for(Object::Contact);
        who_can_see(self.store, &org, &owner, entries, everyone).await
    }
}

/// The index and partition that answer one of a viewer's lists, narrowed to a kind.
fn list_key(list: &ViewerList, kind: Option<ContactKind>) -> (Index, String) {
    match (list, kind) {
        (ViewerList::Scope(scope), None) => (Index::GSI1, keys::contacts_seen_by(&scope.key())),
        (ViewerList::Scope(scope), Some(kind)) => (
            Index::GSI2,
            keys::contacts_seen_by_of_kind(&scope.key(), kind),
        ),
        (ViewerList::Members(department), None) => {
            (Index::GSI3, keys::contacts_of_members(department))
        }
        (ViewerList::Members(department), Some(kind)) => (
            Index::GSI4,
            keys::contacts_of_members_of_kind(department, kind),
        ),
        (ViewerList::OwnedBy(owner), None) => (Index::GSI3, keys::contacts_of_owner(owner)),
        (ViewerList::OwnedBy(owner), Some(kind)) => {
            (Index::GSI4, keys::contacts_of_owner_and_kind(owner, kind))
        }
    }
}
