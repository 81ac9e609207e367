//! The nightly check of the orders linked to calls. Every link that is Pending or Invalid and
//! whose window has closed (call end + 2 hours) is checked against the shop: Valid when the
//! order exists, was placed by the call's author, within the window, and no other call claims
//! it; else Invalid with each reason and the figures. A link whose window is still open is
//! Valid as soon as all of that already holds (an admin's Run now right after a sale shows it
//! green), but Invalid only once the window has closed: until then the order may still come. It works on everything due and not yet
//! valid, never on "yesterday", so a night the scheduler skips (02:00 on the spring-forward
//! Sunday) is caught up by the next. A shop that cannot be reached leaves links Pending.

use serde::Serialize;
use worklane_domain::{
    Attribution, CheckedOrder, InteractionView, LinkCheck, LinkProblem, LinkState, LinkedOrder,
    ShopSettings, TeamMember, Timestamp, UserId,
};
use worklane_store::{Condition, Cursor, Index, ItemStore, KeyRange, Query, StoreError, Write};

use super::decode;
use super::links::{call_window, other_calls};
use super::ports::ShopReader;
use super::records::{self, OrderRecord};
use super::sync::Syncer;
use crate::imports::ports::SourceError;
use crate::{CoreError, keys, retry};

/// How long an Invalid link keeps being checked after its window closed (an order attributed
/// late, a duplicate link removed): a month.
pub const RECHECK_DAYS: i64 = 30;

/// What a night's check did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationCounts {
    pub checked: u32,
    pub valid: u32,
    pub invalid: u32,
    /// Left Pending because the shop could not be asked.
    pub left_pending: u32,
    /// Orders the check had to ask the shop for (not synced yet).
    pub shop_requests: u32,
}

pub(crate) struct Checker<'a> {
    pub store: &'a dyn ItemStore,
    pub settings: ShopSettings,
    pub team: Vec<TeamMember>,
    pub shop: Option<&'a dyn ShopReader>,
    pub counts: ValidationCounts,
}

impl Checker<'_> {
    /// Checks every link due at `now` (and those whose window is still open), page by page.
    pub async fn all_due(&mut self, now: Timestamp) -> Result<(), CoreError> {
        let since = now
            .checked_sub(jiff::SignedDuration::from_hours(24 * RECHECK_DAYS))
            .unwrap_or(now);
        // The longest call (a day) and its grace: every window open now closes before this.
        let open_until = now
            .checked_add(jiff::SignedDuration::from_hours(26))
            .unwrap_or(now);
        let range = KeyRange::Between(
            keys::instant(since),
            format!("{}~", keys::instant(open_until)),
        );
        let mut cursor: Option<Cursor> = None;
        loop {
            let page = self
                .store
                .query(
                    Query::index(Index::GSI4, keys::LINK_CHECKS)
                        .range(range.clone())
                        .limit(100)
                        .after(cursor.take()),
                )
                .await?;
            for item in &page.items {
                let record = crate::interactions::decode(item)?;
                self.check_and_save(record.view.id.clone(), now).await?;
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(()),
            }
        }
    }

    /// Checks one call's link and saves the verdict (again if the call changed meanwhile).
    pub async fn check_and_save(
        &mut self,
        id: worklane_domain::InteractionId,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        for attempt in 0..retry::ATTEMPTS {
            let Some(item) = self.store.get(&keys::interaction(&id), keys::ITEM).await? else {
                return Ok(());
            };
            let mut record = crate::interactions::decode(&item)?;
            let Some(verdict) = self.verdict(&record.view, now).await? else {
                return Ok(());
            };
            let version = record.view.version;
            record.view.linked_order = Some(verdict.clone());
            record.view.version += 1;
            let write = Write::Put {
                item: record.item()?,
                condition: Condition::VersionIs(version),
            };
            match self.store.transact(vec![write]).await {
                Ok(()) => {
                    self.counts.checked += 1;
                    match verdict.state {
                        LinkState::Valid => self.counts.valid += 1,
                        LinkState::Invalid => self.counts.invalid += 1,
                        LinkState::Pending => {}
                    }
                    return Ok(());
                }
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }

    /// The verdict on the call's link; none when it is not due (its window is open) or the
    /// shop could not say.
    async fn verdict(
        &mut self,
        view: &InteractionView,
        now: Timestamp,
    ) -> Result<Option<LinkedOrder>, CoreError> {
        let Some(linked) = &view.linked_order else {
            return Ok(None);
        };
        let (window_start, window_end) = call_window(view);
        if view.at > now || linked.state == LinkState::Valid {
            return Ok(None);
        }
        let closed = window_end <= now;
        let order = match self.order(&linked.order_id).await {
            Ok(order) => order,
            Err(e) => {
                tracing::warn!(order = %linked.order_id, error = %e, "a linked order stays pending");
                self.counts.left_pending += 1;
                return Ok(None);
            }
        };
        let other_calls = other_calls(self.store, &linked.order_id, &view.id).await?;
        let mut problems = Vec::new();
        let checked = order.as_ref().map(|order| {
            let created_by = order.created_by(&self.settings);
            let created_by_user = created_by.as_deref().and_then(|n| self.user_named(n));
            match (&created_by, &created_by_user) {
                (None, _) => problems.push(LinkProblem::NoCreatorRecorded),
                (Some(name), None) => {
                    problems.push(LinkProblem::UnknownCreator { name: name.clone() })
                }
                (Some(name), Some(user)) if Some(user) != view.by.as_ref() => {
                    problems.push(LinkProblem::OtherAdvisor {
                        name: name.clone(),
                        user: user.clone(),
                    })
                }
                _ => {}
            }
            if order.created_at < window_start || order.created_at > window_end {
                problems.push(LinkProblem::OutsideWindow);
            }
            CheckedOrder {
                entity_id: order.entity_id,
                created_at: order.created_at,
                status: order.status.clone(),
                total_cents: order.total_cents,
                currency: order.currency.clone(),
                customer_email: order.customer_email.clone(),
                created_by,
                created_by_user,
            }
        });
        if order.is_none() {
            problems.push(LinkProblem::NoSuchOrder);
        }
        if !other_calls.is_empty() {
            problems.push(LinkProblem::SharedWithOtherCalls);
        }
        if !closed && !problems.is_empty() {
            // The order may still come, or be the call's after all: wait for the window.
            return Ok(None);
        }
        Ok(Some(LinkedOrder {
            order_id: linked.order_id.clone(),
            state: if problems.is_empty() {
                LinkState::Valid
            } else {
                LinkState::Invalid
            },
            admin_url: order.as_ref().and_then(|o| o.admin_url(&self.settings)),
            check: Some(LinkCheck {
                checked_at: now,
                window_start,
                window_end,
                order: checked,
                other_calls,
                problems,
            }),
        }))
    }

    /// The order as synced, else as the shop has it now (then kept); none if there is none.
    async fn order(&mut self, increment_id: &str) -> Result<Option<OrderRecord>, SourceError> {
        if let Some((order, _)) = records::load_order(self.store, increment_id)
            .await
            .map_err(|e| SourceError::Unreachable(e.to_string()))?
        {
            return Ok(Some(order));
        }
        let shop = self.shop.ok_or_else(|| {
            SourceError::NotConfigured("no shop is connected to look the order up in".into())
        })?;
        self.counts.shop_requests += 1;
        let Some(body) = shop.order_numbered(increment_id).await? else {
            return Ok(None);
        };
        let order = decode::order(&body).map_err(SourceError::Malformed)?;
        Syncer::new(self.store)
            .take_order(order.clone())
            .await
            .map_err(|e| SourceError::Unreachable(e.to_string()))?;
        Ok(Some(order))
    }

    /// The Worklane user an order's creator names: by full name, or (for an attribute) by id.
    fn user_named(&self, name: &str) -> Option<UserId> {
        let wanted = name.trim().to_lowercase();
        self.team
            .iter()
            .find(|m| {
                m.name.as_str().to_lowercase() == wanted
                    || (matches!(self.settings.attribution, Attribution::Attribute { .. })
                        && m.id.as_str() == name.trim())
            })
            .map(|m| m.id.clone())
    }
}
