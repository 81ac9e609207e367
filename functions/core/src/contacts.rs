mod visibility;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use worklane_domain::{
    AccountId, ContactFields, ContactHit, ContactId, ContactKind, ContactView, Email, FieldErrors,
    OrgIndex, Page, PersonName, Phone, TeamGrant, Timestamp, UserId,
};
use worklane_store::{Condition, Cursor, Index, Item, ItemStore, Query, StoreError, Write};

use crate::search::{self, SearchEntry};
use crate::users::Users;
use crate::{Access, CoreError, Holding, Object, SystemTask, ids, keys};

/// A contact as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ContactRecord {
    pub id: ContactId,
    pub name: PersonName,
    pub kind: ContactKind,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub owner_id: UserId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamGrant>,
    pub new_lead: bool,
    /// The account the contact belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<AccountId>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Serialize, Deserialize)]
struct EmailClaim {
    contact_id: ContactId,
}

/// Finds a contact by phone. Several contacts may share a number (a household), so unlike
/// an email claim a lookup never refuses a contact; the oldest contact with it is found.
#[derive(Serialize, Deserialize)]
struct PhoneLookup {
    contact_id: ContactId,
}

impl ContactRecord {
    fn holding(&self) -> Holding<'_> {
        Holding::contact(&self.owner_id).with_team(&self.team)
    }

    fn view(&self, version: u64) -> ContactView {
        ContactView {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            owner_id: self.owner_id.clone(),
            team: self.team.clone(),
            new_lead: self.new_lead,
            account_id: self.account_id.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version,
        }
    }

    /// The contact in every list it belongs to: all, by kind, by owner, by owner and kind,
    /// and its account's contacts.
    fn item(&self, version: u64) -> Result<Item, StoreError> {
        let sk = self.id.as_str();
        let item = Item::new(keys::contact(&self.id), keys::PROFILE, self)?
            .with_version(version)
            .with_index(Index::GSI1, keys::CONTACTS, sk)
            .with_index(Index::GSI2, keys::contacts_of_kind(self.kind), sk)
            .with_index(Index::GSI3, keys::contacts_of_owner(&self.owner_id), sk)
            .with_index(
                Index::GSI4,
                keys::contacts_of_owner_and_kind(&self.owner_id, self.kind),
                sk,
            );
        Ok(match &self.account_id {
            Some(account) => item.with_index(Index::GSI5, keys::account_contacts(account), sk),
            None => item,
        })
    }

    /// The phone lookup keys: one per number, two numbers with the same last ten digits once.
    fn phone_keys(&self) -> BTreeSet<String> {
        self.phones.iter().map(keys::contact_phone).collect()
    }

    fn phone_lookup(&self, key: &str) -> Result<Item, StoreError> {
        Item::new(
            key,
            self.id.as_str(),
            &PhoneLookup {
                contact_id: self.id.clone(),
            },
        )
    }

    fn tokens(&self) -> BTreeSet<String> {
        search::tokens(&self.name, &self.emails, &self.phones)
    }

    fn search_entry(&self, token: &str) -> Result<Item, StoreError> {
        let entry = SearchEntry {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            email: self.emails.first().cloned(),
            owner_id: Some(self.owner_id.clone()),
            team: self.team.clone(),
        };
        Item::new(
            keys::search_partition(token),
            keys::search_entry(token, &self.id),
            &entry,
        )
    }
}

/// Which contacts a list shows.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    pub kind: Option<ContactKind>,
    pub owner: Option<UserId>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// Finding, creating and editing contacts.
pub struct Contacts<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Contacts<'a> {
    pub const DEFAULT_PAGE: usize = 25;
    pub const MAX_PAGE: usize = 100;

    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    async fn load(&self, id: &ContactId) -> Result<Option<(ContactRecord, u64)>, CoreError> {
        if !ids::is_well_formed(id.as_str()) {
            return Ok(None);
        }
        match self.store.get(&keys::contact(id), keys::PROFILE).await? {
            Some(item) => Ok(Some((item.decode()?, item.version))),
            None => Ok(None),
        }
    }

    pub async fn get(&self, access: &Access, id: &ContactId) -> Result<ContactView, CoreError> {
        self.load_checked(id, |holding| access.check_read(holding))
            .await
    }

    /// The contact, if `access` may change it (write an email to it, log a call, edit it).
    pub(crate) async fn get_to_change(
        &self,
        access: &Access,
        id: &ContactId,
    ) -> Result<ContactView, CoreError> {
        self.load_checked(id, |holding| access.check_change(holding))
            .await
    }

    /// The contact if it exists and passes `check`; not found otherwise.
    async fn load_checked(
        &self,
        id: &ContactId,
        check: impl FnOnce(Holding<'_>) -> Result<(), CoreError>,
    ) -> Result<ContactView, CoreError> {
        let (record, version) = self.load(id).await?.ok_or(CoreError::NotFound("contact"))?;
        check(record.holding())?;
        Ok(record.view(version))
    }

    /// The names of the contacts `ids` (those that exist), in one batch read per hundred:
    /// for rows that name a record's contact, as an inbox entry does.
    pub(crate) async fn names(
        &self,
        ids: &[ContactId],
    ) -> Result<std::collections::HashMap<ContactId, String>, CoreError> {
        let partitions = ids
            .iter()
            .filter(|id| ids::is_well_formed(id.as_str()))
            .map(keys::contact);
        let records =
            crate::batch_read::records::<ContactRecord>(self.store, partitions, keys::PROFILE)
                .await?;
        Ok(records
            .into_iter()
            .map(|(record, _)| (record.id, record.name.to_string()))
            .collect())
    }

    /// The contact, if it exists and `access` may see it.
    pub(crate) async fn find(
        &self,
        access: &Access,
        id: &ContactId,
    ) -> Result<Option<ContactView>, CoreError> {
        Ok(self
            .load(id)
            .await?
            .filter(|(record, _)| access.sees(record.holding()))
            .map(|(record, v)| record.view(v)))
    }

    /// The contact an email address belongs to, if any and `access` may see it.
    pub async fn find_by_email(
        &self,
        access: &Access,
        email: &Email,
    ) -> Result<Option<ContactView>, CoreError> {
        let Some(claim) = self
            .store
            .get(&keys::contact_email(email), keys::CLAIM)
            .await?
        else {
            return Ok(None);
        };
        let claim: EmailClaim = claim.decode()?;
        self.find(access, &claim.contact_id).await
    }

    /// The oldest contact with this phone number (compared by its last ten digits), if any
    /// and `access` may see it.
    pub async fn find_by_phone(
        &self,
        access: &Access,
        phone: &Phone,
    ) -> Result<Option<ContactView>, CoreError> {
        let page = self
            .store
            .query(Query::partition(keys::contact_phone(phone)).limit(1))
            .await?;
        let Some(item) = page.items.first() else {
            return Ok(None);
        };
        let lookup: PhoneLookup = item.decode()?;
        self.find(access, &lookup.contact_id).await
    }

    /// Creates a contact owned by `fields.owner_id` or, by default, by the actor. Reps may
    /// only create contacts they own.
    pub async fn create(
        &self,
        access: &Access,
        fields: ContactFields,
    ) -> Result<ContactView, CoreError> {
        let actor = access.actor()?;
        let owner_id = self
            .owner_for(access, fields.owner_id.clone(), &actor.id)
            .await?;
        self.insert(access, fields, owner_id, actor.id.clone())
            .await
    }

    /// Creates a contact for `owner`, made by `created_by`: for use cases without a signed-in
    /// user (an unknown sender becomes a New Lead).
    pub(crate) async fn insert(
        &self,
        access: &Access,
        fields: ContactFields,
        owner_id: UserId,
        created_by: UserId,
    ) -> Result<ContactView, CoreError> {
        let record = Self::new_record(fields, owner_id, created_by);
        let org = crate::org::org_for_saving(self.store, access).await?;
        let writes = self.insert_writes(&record, &org)?;
        self.commit(access, writes, &record).await?;
        Ok(record.view(1))
    }

    /// Creates the New Lead an unknown number became, claiming the number for it in the
    /// same transaction, so two messages from that number at once (or one delivered twice)
    /// make one lead. The loser creates nothing and answers the winner's contact.
    pub(crate) async fn insert_lead_for_phone(
        &self,
        fields: ContactFields,
        owner_id: UserId,
        phone: &Phone,
    ) -> Result<ContactView, CoreError> {
        let record = Self::new_record(fields, owner_id.clone(), owner_id);
        let system = Access::system(SystemTask::InboundMessages);
        let org = crate::org::org_for_saving(self.store, &system).await?;
        let mut writes = self.insert_writes(&record, &org)?;
        let claim = writes.len();
        writes.push(Write::Put {
            item: Item::new(
                keys::lead_phone_claim(phone),
                keys::CLAIM,
                &PhoneLookup {
                    contact_id: record.id.clone(),
                },
            )?,
            condition: Condition::NotExists,
        });
        match self.store.transact(writes.clone()).await {
            Ok(()) => Ok(record.view(1)),
            Err(StoreError::ConditionFailed { write }) if write == claim => {
                // Another message made the lead first: its contact, found by the number as
                // the winner stored it (or by the claim, if the number was edited away since).
                if let Some(contact) = self.find_by_phone(&system, phone).await? {
                    return Ok(contact);
                }
                let item = self
                    .store
                    .get(&keys::lead_phone_claim(phone), keys::CLAIM)
                    .await?
                    .ok_or_else(|| CoreError::Internal("a lead phone claim vanished".into()))?;
                let lookup: PhoneLookup = item.decode()?;
                self.find(&system, &lookup.contact_id)
                    .await?
                    .ok_or_else(|| CoreError::Internal("a claimed lead is missing".into()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The writes that create a New Lead for an import, to run in the transaction that
    /// creates its work item: the contact first, then its email claims (which fail if
    /// another run made a contact for the address meanwhile).
    pub(crate) async fn lead_writes(
        &self,
        access: &Access,
        fields: ContactFields,
        owner_id: UserId,
        created_by: UserId,
    ) -> Result<(ContactView, Vec<Write>), CoreError> {
        let record = Self::new_record(fields, owner_id, created_by);
        let org = crate::org::org_for_saving(self.store, access).await?;
        let writes = self.insert_writes(&record, &org)?;
        Ok((record.view(1), writes))
    }

    fn new_record(fields: ContactFields, owner_id: UserId, created_by: UserId) -> ContactRecord {
        let now = Timestamp::now();
        ContactRecord {
            id: ids::new_contact_id(),
            name: fields.name,
            kind: fields.kind,
            emails: fields.emails,
            phones: fields.phones,
            owner_id,
            team: Vec::new(),
            new_lead: fields.new_lead,
            account_id: None,
            created_by,
            created_at: now,
            updated_at: now,
        }
    }

    /// The writes that create `record`: the contact, its email claims, its phone lookups, its
    /// search entries and its scope entries under `org`.
    fn insert_writes(
        &self,
        record: &ContactRecord,
        org: &OrgIndex,
    ) -> Result<Vec<Write>, CoreError> {
        let mut writes = vec![Write::Put {
            item: record.item(1)?,
            condition: Condition::NotExists,
        }];
        self.claim_emails(&mut writes, record, &record.emails)?;
        for key in record.phone_keys() {
            writes.push(Write::Put {
                item: record.phone_lookup(&key)?,
                condition: Condition::Always,
            });
        }
        for token in record.tokens() {
            writes.push(Write::Put {
                item: record.search_entry(&token)?,
                condition: Condition::Always,
            });
        }
        writes.extend(self.rescope_writes(record, org, &Default::default())?);
        Ok(writes)
    }

    /// Saves an edit made on version `version`; a stale version gets a conflict carrying
    /// the contact as it is now. Only managers and admins may change the owner.
    pub async fn update(
        &self,
        access: &Access,
        id: &ContactId,
        fields: ContactFields,
        version: u64,
    ) -> Result<ContactView, CoreError> {
        let (old, current_version) = self.load(id).await?.ok_or(CoreError::NotFound("contact"))?;
        access.check_change(old.holding())?;
        if current_version != version {
            return Err(conflict(&old, current_version));
        }
        let (org, stored_scopes) = tokio::try_join!(
            crate::org::org_for_saving(self.store, access),
            self.stored_scopes(id)
        )?;
        let owner_id = self
            .owner_for(access, fields.owner_id, &old.owner_id)
            .await?;
        let record = ContactRecord {
            name: fields.name,
            kind: fields.kind,
            emails: fields.emails,
            phones: fields.phones,
            owner_id,
            new_lead: fields.new_lead,
            updated_at: Timestamp::now(),
            ..old.clone()
        };
        let mut writes = vec![Write::Put {
            item: record.item(version + 1)?,
            condition: Condition::VersionIs(version),
        }];
        let added: Vec<Email> = record
            .emails
            .iter()
            .filter(|e| !old.emails.contains(e))
            .cloned()
            .collect();
        self.claim_emails(&mut writes, &record, &added)?;
        for email in old.emails.iter().filter(|e| !record.emails.contains(e)) {
            writes.push(Write::Delete {
                pk: keys::contact_email(email),
                sk: keys::CLAIM.into(),
                condition: Condition::Always,
            });
        }
        let new_phones = record.phone_keys();
        for key in old.phone_keys().difference(&new_phones) {
            writes.push(Write::Delete {
                pk: key.clone(),
                sk: record.id.to_string(),
                condition: Condition::Always,
            });
        }
        for key in &new_phones {
            writes.push(Write::Put {
                item: record.phone_lookup(key)?,
                condition: Condition::Always,
            });
        }
        let new_tokens = record.tokens();
        for token in old.tokens().difference(&new_tokens) {
            writes.push(Write::Delete {
                pk: keys::search_partition(token),
                sk: keys::search_entry(token, &record.id),
                condition: Condition::Always,
            });
        }
        for token in &new_tokens {
            writes.push(Write::Put {
                item: record.search_entry(token)?,
                condition: Condition::Always,
            });
        }
        writes.extend(self.rescope_writes(&record, &org, &stored_scopes)?);
        self.commit(access, writes, &record).await?;
        Ok(record.view(version + 1))
    }

    /// Puts the contact in an account, or takes it out, on `request.version`: it needs change
    /// rights on the contact and sight of the account (else 422: an account id cannot be
    /// probed).
    pub async fn set_account(
        &self,
        access: &Access,
        id: &ContactId,
        request: worklane_domain::ContactAccountRequest,
    ) -> Result<ContactView, CoreError> {
        let (old, version) = self.load(id).await?.ok_or(CoreError::NotFound("contact"))?;
        access.check_change(old.holding())?;
        if version != request.version {
            return Err(conflict(&old, version));
        }
        if let Some(account) = &request.account_id
            && crate::Accounts::new(self.store)
                .find(access, account)
                .await?
                .is_none()
        {
            return Err(FieldErrors::single("account_id", "choose an account you can see").into());
        }
        let record = ContactRecord {
            account_id: request.account_id,
            updated_at: Timestamp::now(),
            ..old
        };
        let writes = vec![Write::Put {
            item: record.item(version + 1)?,
            condition: Condition::VersionIs(version),
        }];
        self.commit(access, writes, &record).await?;
        Ok(record.view(version + 1))
    }

    /// A page of the contacts of an account that `access` may see, by id; each is held to
    /// the policy (a page may be short and still have a cursor).
    pub(crate) async fn of_account(
        &self,
        access: &Access,
        account: &AccountId,
        cursor: Option<String>,
    ) -> Result<Page<ContactView>, CoreError> {
        let query = Query::index(Index::GSI5, keys::account_contacts(account))
            .limit(Self::DEFAULT_PAGE)
            .after(cursor.map(Cursor::from_client));
        let page = self.store.query(query).await?;
        let ids: Vec<String> = page
            .items
            .iter()
            .filter_map(|item| item.index_key(Index::GSI5))
            .map(|key| key.sk.clone())
            .collect();
        Ok(Page {
            items: self.load_for_list(access, &ids).await?,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Makes a Prospect a Customer (their first order arrived), again on a concurrent edit.
    pub(crate) async fn become_customer(
        &self,
        system: &Access,
        id: &ContactId,
    ) -> Result<bool, CoreError> {
        for attempt in 0..crate::retry::ATTEMPTS {
            let contact = self.get(system, id).await?;
            if contact.kind == ContactKind::Customer {
                return Ok(false);
            }
            let fields = ContactFields {
                name: contact.name,
                kind: ContactKind::Customer,
                emails: contact.emails,
                phones: contact.phones,
                owner_id: Some(contact.owner_id),
                new_lead: contact.new_lead,
            };
            match self.update(system, id, fields, contact.version).await {
                Ok(_) => return Ok(true),
                Err(CoreError::Conflict { .. }) => crate::retry::pause(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(CoreError::Busy)
    }

    fn claim_emails(
        &self,
        writes: &mut Vec<Write>,
        record: &ContactRecord,
        emails: &[Email],
    ) -> Result<(), CoreError> {
        for email in emails {
            let claim = Item::new(
                keys::contact_email(email),
                keys::CLAIM,
                &EmailClaim {
                    contact_id: record.id.clone(),
                },
            )?;
            writes.push(Write::Put {
                item: claim,
                condition: Condition::NotExists,
            });
        }
        Ok(())
    }

    /// Runs the contact's transaction and explains a failed condition: a stale version
    /// (write 0) or an email address that belongs to another contact.
    async fn commit(
        &self,
        access: &Access,
        writes: Vec<Write>,
        record: &ContactRecord,
    ) -> Result<(), CoreError> {
        let failed_key = |n: usize| writes.get(n).map(|w| w.key().0.to_string());
        let outcome = self.store.transact(writes.clone()).await;
        match outcome {
            Ok(()) => Ok(()),
            Err(StoreError::ConditionFailed { write: 0 }) => match self.load(&record.id).await? {
                Some((now, v)) => Err(conflict(&now, v)),
                None => Err(CoreError::NotFound("contact")),
            },
            Err(StoreError::ConditionFailed { write }) => {
                let pk = failed_key(write).unwrap_or_default();
                let email = pk.strip_prefix("CONTACTEMAIL#").unwrap_or(&pk).to_string();
                let owner = match Email::parse(&email) {
                    Ok(e) => self
                        .find_by_email(access, &e)
                        .await?
                        .map(|c| c.name.to_string()),
                    Err(_) => None,
                };
                let message = match owner {
                    Some(name) => format!("{email} already belongs to the contact {name}"),
                    None => format!("{email} already belongs to another contact"),
                };
                Err(FieldErrors::single("emails", message).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The owner a save ends with: `current` unless another is asked for, which only managers
    /// and admins may do, and only to an active user.
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
                "only managers and admins can give a contact to another owner".into(),
            ));
        }
        match Users::new(self.store).load(&owner).await? {
            Some((user, _)) if !user.disabled => Ok(owner),
            _ => Err(FieldErrors::single("owner_id", "choose an active user as the owner").into()),
        }
    }

    /// Newest first, filtered by kind and owner, each combination answered by its own index.
    pub async fn list(
        &self,
        access: &Access,
        filter: ContactFilter,
    ) -> Result<Page<ContactView>, CoreError> {
        let limit = filter.limit.unwrap_or(Self::DEFAULT_PAGE);
        if !(1..=Self::MAX_PAGE).contains(&limit) {
            return Err(FieldErrors::single(
                "limit",
                format!("a page has 1 to {} contacts", Self::MAX_PAGE),
            )
            .into());
        }
        // No user has an id of another form: such an owner has no contacts.
        if filter
            .owner
            .as_ref()
            .is_some_and(|o| !ids::is_well_formed(o.as_str()))
        {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        }
        // Where the org-wide default is private, a user lists the contacts their scopes see;
        // one owner's through the owner's index if they see all of them, or else those of
        // their own lists that are that owner's (a team member sees only some).
        let owner = match (access.sees_all(Object::Contact), filter.owner) {
            (true, owner) => owner,
            (false, Some(owner)) if access.sees(Holding::contact(&owner)) => Some(owner),
            (false, owner) => {
                return self
                    .list_through_scopes(access, filter.kind, owner, filter.cursor, limit)
                    .await;
            }
        };
        let (index, pk) = match (&owner, filter.kind) {
            (None, None) => (Index::GSI1, keys::CONTACTS.to_string()),
            (None, Some(kind)) => (Index::GSI2, keys::contacts_of_kind(kind)),
            (Some(owner), None) => (Index::GSI3, keys::contacts_of_owner(owner)),
            (Some(owner), Some(kind)) => {
                (Index::GSI4, keys::contacts_of_owner_and_kind(owner, kind))
            }
        };
        let query = Query::index(index, pk)
            .newest_first()
            .limit(limit)
            .after(filter.cursor.map(Cursor::from_client));
        let page = self.store.query(query).await?;
        let items = page
            .items
            .iter()
            .map(|item| Ok(item.decode::<ContactRecord>()?.view(item.version)))
            .collect::<Result<_, CoreError>>()?;
        Ok(Page {
            items,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Up to ten contacts whose name, a word of the name, an email address or a phone number
    /// begins with the query; exact matches first. Two keyed queries, never a scan.
    pub async fn search(
        &self,
        access: &Access,
        raw_query: &str,
    ) -> Result<Vec<ContactHit>, CoreError> {
        let query = search::parse_query(raw_query)?;
        // "a#" or "1-" are long enough to ask but leave too little to find anything.
        if query.chars().count() < search::MIN_QUERY_CHARS {
            return Ok(Vec::new());
        }
        let partition = keys::search_partition(&query);
        let mode = crate::ServiceSettingsStore::new(self.store)
            .mode_for(access)
            .await?;
        if mode == worklane_domain::StaffQuery::Exact {
            return self.search_exact(access, &partition, &query).await;
        }
        let exact = self.store.query(
            Query::partition(&partition)
                .begins_with(format!("{query}#"))
                .limit(search::MAX_HITS),
        );
        let prefix = self.store.query(
            Query::partition(&partition)
                .begins_with(query.clone())
                .limit(search::MAX_HITS * 3),
        );
        let (exact, prefix) = tokio::try_join!(exact, prefix)?;
        let decode = |page: worklane_store::Page| -> Result<Vec<SearchEntry>, CoreError> {
            page.items
                .iter()
                .map(|i| i.decode().map_err(CoreError::from))
                .collect()
        };
        let (exact, prefix) = (decode(exact)?, decode(prefix)?);
        if access.sees_all(Object::Contact) {
            return Ok(search::merge(exact, prefix));
        }
        let (exact, prefix) = self.visible(access, exact, prefix).await?;
        Ok(search::merge(exact, prefix))
    }

    /// Service staff in exact mode: only contacts whose whole name, an email address or a
    /// phone number is the query — a word of a name, or its beginning, finds nothing.
    async fn search_exact(
        &self,
        access: &Access,
        partition: &str,
        query: &str,
    ) -> Result<Vec<ContactHit>, CoreError> {
        let page = self
            .store
            .query(
                Query::partition(partition)
                    .begins_with(format!("{query}#"))
                    .limit(search::MAX_HITS * 3),
            )
            .await?;
        let whole_value = |entry: &SearchEntry| {
            query.contains('@')
                || query.chars().all(|c| c.is_ascii_digit())
                || search::normalize(entry.name.as_str()) == query
        };
        let entries: Vec<SearchEntry> = page
            .items
            .iter()
            .map(|i| i.decode::<SearchEntry>().map_err(CoreError::from))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(whole_value)
            .collect();
        let (exact, _) = self.visible(access, entries, Vec::new()).await?;
        Ok(search::merge(exact, Vec::new()))
    }

    /// The exact and prefix entries whose contact `access` may see, each contact checked by
    /// the policy once (an exact match is usually a prefix match too); an entry written before
    /// entries kept their owner is checked on its contact.
    async fn visible(
        &self,
        access: &Access,
        exact: Vec<SearchEntry>,
        prefix: Vec<SearchEntry>,
    ) -> Result<(Vec<SearchEntry>, Vec<SearchEntry>), CoreError> {
        let mut seen: BTreeMap<ContactId, bool> = BTreeMap::new();
        for entry in exact.iter().chain(&prefix) {
            if seen.contains_key(&entry.id) {
                continue;
            }
            let owner = match &entry.owner_id {
                Some(owner) => Some(owner.clone()),
                None => self.load(&entry.id).await?.map(|(c, _)| c.owner_id),
            };
            let sees = owner
                .is_some_and(|owner| access.sees(Holding::contact(&owner).with_team(&entry.team)));
            seen.insert(entry.id.clone(), sees);
        }
        let keep = |entries: Vec<SearchEntry>| -> Vec<SearchEntry> {
            entries
                .into_iter()
                .filter(|e| seen.get(&e.id).copied().unwrap_or(false))
                .collect()
        };
        Ok((keep(exact), keep(prefix)))
    }
}

fn conflict(record: &ContactRecord, version: u64) -> CoreError {
    CoreError::Conflict {
        what: "this contact",
        current: serde_json::to_value(record.view(version)).unwrap_or_default(),
    }
}
