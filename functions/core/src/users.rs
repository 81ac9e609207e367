use serde::{Deserialize, Serialize};
use worklane_domain::{
    Availability, Email, Extension, FieldErrors, NewUser, Page, PersonName, Role, TeamMember,
    Timestamp, UserChanges, UserId, UserView,
};
use worklane_store::{Condition, Cursor, Index, Item, ItemStore, Query, StoreError, Write};

use crate::Access;
use crate::{CoreError, ids, keys, passwords};

/// A user as stored: the view plus the password hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UserRecord {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    pub disabled: bool,
    pub availability: Availability,
    pub password_hash: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Sessions opened before this instant no longer work (set when the password changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions_valid_after: Option<Timestamp>,
}

#[derive(Serialize, Deserialize)]
struct EmailClaim {
    user_id: UserId,
}

impl UserRecord {
    pub fn view(&self, version: u64) -> UserView {
        UserView {
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role,
            extension: self.extension.clone(),
            disabled: self.disabled,
            availability: self.availability,
            created_at: self.created_at,
            version,
        }
    }

    fn item(&self, version: u64) -> Result<Item, StoreError> {
        let by_name = keys::user_by_name(&self.name.as_str().to_lowercase(), &self.id);
        Ok(Item::new(keys::user(&self.id), keys::PROFILE, self)?
            .with_index(Index::GSI1, keys::USERS, by_name)
            .with_version(version))
    }
}

/// Managing the people who use Worklane.
pub struct Users<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Users<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    pub(crate) async fn load(&self, id: &UserId) -> Result<Option<(UserRecord, u64)>, CoreError> {
        if !crate::ids::is_well_formed(id.as_str()) {
            return Ok(None);
        }
        match self.store.get(&keys::user(id), keys::PROFILE).await? {
            Some(item) => Ok(Some((item.decode()?, item.version))),
            None => Ok(None),
        }
    }

    /// Refuses a record's related team that names its owner or a user who is not active,
    /// naming the member's place in the list.
    pub(crate) async fn check_team(
        &self,
        team: &[worklane_domain::TeamGrant],
        owner: &UserId,
    ) -> Result<(), CoreError> {
        for (n, grant) in team.iter().enumerate() {
            let field = format!("team[{n}].user");
            if &grant.user == owner {
                return Err(worklane_domain::FieldErrors::single(
                    field,
                    "the owner is not one of the related team members",
                )
                .into());
            }
            if !self.is_active(&grant.user).await? {
                return Err(
                    worklane_domain::FieldErrors::single(field, "choose an active user").into(),
                );
            }
        }
        Ok(())
    }

    /// Whether `id` is a user who may be given work.
    pub(crate) async fn is_active(&self, id: &UserId) -> Result<bool, CoreError> {
        Ok(self.load(id).await?.is_some_and(|(user, _)| !user.disabled))
    }

    pub(crate) async fn load_by_email(
        &self,
        email: &Email,
    ) -> Result<Option<(UserRecord, u64)>, CoreError> {
        match self
            .store
            .get(&keys::user_email(email), keys::CLAIM)
            .await?
        {
            Some(item) => {
                let claim: EmailClaim = item.decode()?;
                self.load(&claim.user_id).await
            }
            None => Ok(None),
        }
    }

    /// Creates a user; the email address is claimed in the same transaction, so two users
    /// can never share one.
    pub async fn create(&self, access: &Access, new: NewUser) -> Result<UserView, CoreError> {
        access.require_admin_to("manage users")?;
        self.insert(new).await
    }

    /// Creates the first admin of an empty Worklane, the only user made without an admin
    /// to make it. Refused once any user exists.
    pub async fn create_first_admin(&self, mut new: NewUser) -> Result<UserView, CoreError> {
        let existing = self
            .store
            .query(Query::index(Index::GSI1, keys::USERS).limit(1))
            .await?;
        if !existing.items.is_empty() {
            return Err(CoreError::Forbidden(
                "Worklane already has users; an admin must create new ones".into(),
            ));
        }
        new.role = Role::Admin;
        self.insert(new).await
    }

    /// Creates a user without an actor: for the first admin and the demo data.
    pub(crate) async fn insert(&self, new: NewUser) -> Result<UserView, CoreError> {
        let now = Timestamp::now();
        let record = UserRecord {
            id: ids::new_user_id(),
            email: new.email,
            name: new.name,
            role: new.role,
            extension: new.extension,
            disabled: false,
            availability: Availability::Available,
            password_hash: passwords::hash(new.password.expose().to_string()).await?,
            created_at: now,
            updated_at: now,
            sessions_valid_after: None,
        };
        let claim = Item::new(
            keys::user_email(&record.email),
            keys::CLAIM,
            &EmailClaim {
                user_id: record.id.clone(),
            },
        )?;
        let writes = vec![
            Write::Put {
                item: claim,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: record.item(1)?,
                condition: Condition::NotExists,
            },
        ];
        match self.store.transact(writes).await {
            Ok(()) => Ok(record.view(1)),
            Err(StoreError::ConditionFailed { write: 0 }) => Err(FieldErrors::single(
                "email",
                format!("{} already belongs to another user", record.email),
            )
            .into()),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get(&self, access: &Access, id: &UserId) -> Result<UserView, CoreError> {
        access.require_admin_to("manage users")?;
        let (record, version) = self.load(id).await?.ok_or(CoreError::NotFound("user"))?;
        Ok(record.view(version))
    }

    /// Users by name, a page at a time.
    pub async fn list(
        &self,
        access: &Access,
        cursor: Option<String>,
    ) -> Result<Page<UserView>, CoreError> {
        access.require_admin_to("manage users")?;
        let page = self
            .store
            .query(
                Query::index(Index::GSI1, keys::USERS)
                    .limit(100)
                    .after(cursor.map(Cursor::from_client)),
            )
            .await?;
        let items = page
            .items
            .iter()
            .map(|item| Ok(item.decode::<UserRecord>()?.view(item.version)))
            .collect::<Result<_, CoreError>>()?;
        Ok(Page {
            items,
            next_cursor: page.next.map(String::from),
        })
    }

    /// Every colleague, by name: who owns what and who is free.
    pub async fn team(&self) -> Result<Vec<TeamMember>, CoreError> {
        let mut members = Vec::new();
        let mut cursor = None;
        loop {
            let page = self
                .store
                .query(
                    Query::index(Index::GSI1, keys::USERS)
                        .limit(500)
                        .after(cursor),
                )
                .await?;
            for item in &page.items {
                let user: UserRecord = item.decode()?;
                members.push(TeamMember {
                    id: user.id,
                    name: user.name,
                    role: user.role,
                    extension: user.extension,
                    availability: user.availability,
                    disabled: user.disabled,
                });
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(members),
            }
        }
    }

    /// An admin's edit. A stale `version` gets a conflict with the user as it is now.
    pub async fn update(
        &self,
        access: &Access,
        id: &UserId,
        changes: UserChanges,
    ) -> Result<UserView, CoreError> {
        let actor = access.actor()?;
        access.require_admin_to("manage users")?;
        let (mut record, version) = self.load(id).await?.ok_or(CoreError::NotFound("user"))?;
        if version != changes.version {
            return Err(conflict(&record, version));
        }
        if actor.id == *id && (changes.disabled || changes.role != Role::Admin) {
            return Err(CoreError::Forbidden(
                "you cannot disable yourself or give up your own admin role".into(),
            ));
        }
        record.name = changes.name;
        record.role = changes.role;
        record.extension = changes.extension;
        record.disabled = changes.disabled;
        if let Some(password) = changes.new_password {
            record.password_hash = passwords::hash(password.expose().to_string()).await?;
            record.sessions_valid_after = Some(Timestamp::now());
        }
        record.updated_at = Timestamp::now();
        self.save(record, version).await
    }

    pub async fn set_availability(
        &self,
        access: &Access,
        availability: Availability,
    ) -> Result<UserView, CoreError> {
        let actor = access.actor()?;
        // Retried on a concurrent edit: availability is the user's own and always wins.
        for _ in 0..3 {
            let (mut record, version) = self
                .load(&actor.id)
                .await?
                .ok_or(CoreError::Unauthenticated)?;
            record.availability = availability;
            record.updated_at = Timestamp::now();
            match self.save(record, version).await {
                Err(CoreError::Conflict { .. }) => continue,
                other => return other,
            }
        }
        Err(CoreError::Internal(
            "availability kept changing; try again".into(),
        ))
    }

    async fn save(&self, record: UserRecord, version: u64) -> Result<UserView, CoreError> {
        let item = record.item(version + 1)?;
        match self.store.put(item, Condition::VersionIs(version)).await {
            Ok(()) => Ok(record.view(version + 1)),
            Err(StoreError::ConditionFailed { .. }) => {
                let (now, v) = self
                    .load(&record.id)
                    .await?
                    .ok_or(CoreError::NotFound("user"))?;
                Err(conflict(&now, v))
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn conflict(record: &UserRecord, version: u64) -> CoreError {
    CoreError::Conflict {
        what: "this user",
        current: serde_json::to_value(record.view(version)).unwrap_or_default(),
    }
}
