//! The Inbox: each user's Unread and Read sections. What lands there is filed by the use
//! cases that create it (`filing.rs`); here the user lists a section through one filter,
//! reads the unread count, and moves entries between the sections. Every list is one keyed
//! query of one index, newest first, so a rep with 100,000 archived entries waits no longer
//! than one with ten.

pub(crate) mod filing;
pub(crate) mod record;
pub(crate) mod turns;

use worklane_domain::{
    FieldErrors, InboxEntry, InboxFilter, InboxSection, Page, Priority, UnreadCount,
};
use worklane_store::{Condition, Cursor, Index, ItemStore, Query, StoreError, Write};

use crate::Access;
use crate::catalog::Catalog;
use crate::{Actor, CoreError, ids, keys, retry};

/// Entries on one page.
pub const PAGE_SIZE: usize = 50;

/// Which work items the Work Items filter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorityFilter {
    /// Every priority.
    Any,
    Is(Priority),
}

/// One page of one section through one filter.
#[derive(Debug, Clone, Default)]
pub struct InboxQuery {
    pub section: InboxSection,
    pub filter: InboxFilter,
    /// Work items only. Without it and without `type_key`, only High priority items.
    pub priority: Option<PriorityFilter>,
    /// Work items only: a work item type's key.
    pub type_key: Option<String>,
    pub cursor: Option<String>,
}

pub struct Inbox<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Inbox<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// The actor's entries in one section through one filter, newest first.
    pub async fn list(
        &self,
        access: &Access,
        query: InboxQuery,
    ) -> Result<Page<InboxEntry>, CoreError> {
        let actor = access.actor()?;
        let (index, pk) = self.index_for(actor, &query).await?;
        let page = self
            .store
            .query(
                Query::index(index, pk)
                    .newest_first()
                    .limit(PAGE_SIZE)
                    .after(query.cursor.map(Cursor::from_client)),
            )
            .await?;
        Ok(Page {
            items: page
                .items
                .iter()
                .map(|i| record::decode(i).map_err(CoreError::from))
                .collect::<Result<_, _>>()?,
            next_cursor: page.next.map(String::from),
        })
    }

    /// The one index partition that answers the query.
    async fn index_for(
        &self,
        actor: &Actor,
        query: &InboxQuery,
    ) -> Result<(Index, String), CoreError> {
        let user = &actor.id;
        let read = query.section == InboxSection::Read;
        let type_key = query
            .type_key
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if query.filter != InboxFilter::WorkItems {
            let mut errors = FieldErrors::new();
            let why = "only work items have a priority and a type; use filter=work-items";
            if query.priority.is_some() {
                errors.add("priority", why);
            }
            if type_key.is_some() {
                errors.add("type", why);
            }
            if !errors.is_empty() {
                return Err(errors.into());
            }
        }
        if let Some(key) = type_key {
            match Catalog::new(self.store).work_type(key).await {
                Ok(_) => {}
                Err(CoreError::NotFound(_)) => {
                    return Err(FieldErrors::single(
                        "type",
                        format!("there is no work item type {key}"),
                    )
                    .into());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(match query.filter {
            InboxFilter::All => (Index::GSI1, keys::inbox_group(user, read, "ALL")),
            InboxFilter::Reminder => (Index::GSI1, keys::inbox_group(user, read, "REM")),
            InboxFilter::Email | InboxFilter::Sms | InboxFilter::Call => {
                let channel = query
                    .filter
                    .channel()
                    .unwrap_or(worklane_domain::Channel::Email);
                (Index::GSI2, keys::inbox_channel(user, read, channel))
            }
            InboxFilter::WorkItems => match (query.priority, type_key) {
                (None, None) => (
                    Index::GSI3,
                    keys::inbox_priority(user, read, Priority::High),
                ),
                (Some(PriorityFilter::Any), None) => {
                    (Index::GSI1, keys::inbox_group(user, read, "WI"))
                }
                (Some(PriorityFilter::Is(p)), None) => {
                    (Index::GSI3, keys::inbox_priority(user, read, p))
                }
                (None | Some(PriorityFilter::Any), Some(t)) => {
                    (Index::GSI4, keys::inbox_type(user, read, t))
                }
                (Some(PriorityFilter::Is(p)), Some(t)) => {
                    (Index::GSI5, keys::inbox_type_and_priority(user, read, t, p))
                }
            },
        })
    }

    /// How many entries are in the actor's Unread.
    pub async fn unread_count(&self, access: &Access) -> Result<UnreadCount, CoreError> {
        let actor = access.actor()?;
        let (unread, _) = filing::unread(self.store, &actor.id).await?;
        Ok(UnreadCount { unread })
    }

    /// Moves one of the actor's entries to Read or back to Unread. Asking for where it is
    /// already changes nothing. The entry and the unread count change in one transaction,
    /// each conditioned on what was read, so concurrent clicks keep the count exact.
    pub async fn set_read(
        &self,
        access: &Access,
        entry_id: &str,
        read: bool,
    ) -> Result<InboxEntry, CoreError> {
        let actor = access.actor()?;
        if !ids::is_well_formed(entry_id) {
            return Err(CoreError::NotFound("inbox entry"));
        }
        let user = &actor.id;
        let _turn = turns::take(user).await;
        for attempt in 0..retry::ATTEMPTS {
            let item = self
                .store
                .get(&keys::inbox(user), entry_id)
                .await?
                .ok_or(CoreError::NotFound("inbox entry"))?;
            let mut entry = record::decode(&item)?;
            if entry.read == read {
                return Ok(entry);
            }
            entry.read = read;
            let writes = vec![
                Write::Put {
                    item: filing::entry_item(user, &entry, item.version + 1)?,
                    condition: Condition::VersionIs(item.version),
                },
                filing::count_write(self.store, user, if read { -1 } else { 1 }).await?,
            ];
            match self.store.transact(writes).await {
                Ok(()) => return Ok(entry),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}
