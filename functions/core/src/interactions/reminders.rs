//! Reminders falling due: each due reminder moves into its creator's Unread exactly once.
//! Due reminders are listed in one index by due time; delivering one takes it out of the
//! index and files its entry in the same transaction, so two runners racing (a slow Lambda
//! and the next one) deliver it once.

use worklane_domain::Timestamp;
use worklane_store::{Condition, Cursor, Index, KeyRange, Query, StoreError, Write};

use super::{InteractionRecord, Interactions, decode};
use crate::inbox::{filing, turns};
use crate::{Access, Contacts, CoreError, SystemTask, keys, retry};

/// Due reminders read per index page, and pages per run: a run delivers at most 2,000; the
/// next run (seconds later) goes on.
const PAGE: usize = 100;
const MAX_PAGES: usize = 20;

impl Interactions<'_> {
    /// Moves every reminder due at `now` into its creator's Unread; returns how many moved.
    pub async fn deliver_due_reminders(&self, now: Timestamp) -> Result<usize, CoreError> {
        let upto = KeyRange::Between("0".into(), format!("{}#~", keys::instant(now)));
        let mut delivered = 0;
        let mut cursor: Option<Cursor> = None;
        for _ in 0..MAX_PAGES {
            let query = Query::index(Index::GSI3, keys::DUE_REMINDERS)
                .range(upto.clone())
                .limit(PAGE)
                .after(cursor.take());
            let page = self.store.query(query).await?;
            for item in &page.items {
                let record = decode(item)?;
                let id = record.view.id.clone();
                match self.deliver_reminder(record).await {
                    Ok(true) => delivered += 1,
                    Ok(false) => {}
                    Err(error) => {
                        tracing::warn!(reminder = %id, %error, "a due reminder was not delivered")
                    }
                }
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        Ok(delivered)
    }

    /// Files the reminder in its creator's Unread and takes it out of the due index; false
    /// when it was delivered already.
    async fn deliver_reminder(&self, mut record: InteractionRecord) -> Result<bool, CoreError> {
        let id = record.view.id.clone();
        let _turn = match &record.view.by {
            Some(creator) => Some(turns::take(creator).await),
            None => None,
        };
        for attempt in 0..retry::ATTEMPTS {
            if attempt > 0 {
                match self.load(&id).await? {
                    Some(fresh) => record = fresh,
                    None => return Ok(false),
                }
            }
            if !record.pending {
                return Ok(false);
            }
            let version = record.view.version;
            let mut done = record.clone();
            done.pending = false;
            done.view.version = version + 1;
            if done.view.by.is_some() {
                done.inbox_of = done.view.by.clone();
            }
            let mut writes = vec![Write::Put {
                item: done.item()?,
                condition: Condition::VersionIs(version),
            }];
            if let Some(creator) = &done.view.by {
                let contacts = Contacts::new(self.store);
                let system = Access::system(SystemTask::DueReminders);
                let name = match contacts.find(&system, &done.view.contact_id).await? {
                    Some(contact) => contact.name.to_string(),
                    None => String::new(),
                };
                let due = done.view.remind_at.unwrap_or(done.view.at);
                let entry = done.entry(&name, false, due);
                writes.extend(filing::file(self.store, creator, &entry).await?);
            }
            match self.store.transact(writes).await {
                Ok(()) => return Ok(true),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}
