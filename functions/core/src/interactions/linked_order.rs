//! The order id an advisor links to a call: set, changed or cleared by the call's author or an
//! admin (anyone else is refused), which puts it back to Pending for the night's check.

use worklane_domain::{Channel, InteractionId, InteractionView, LinkOrderRequest};
use worklane_store::{Condition, StoreError, Write};

use super::{InteractionRecord, Interactions};
use crate::shop::links::{link_writes, pending};
use crate::{Access, CoreError, keys, retry};

impl Interactions<'_> {
    /// Sets, changes or clears the order id linked to a call. Only the call's author and
    /// admins may; a change puts the link back to Pending for the next night's check.
    pub async fn link_order(
        &self,
        access: &Access,
        id: &InteractionId,
        request: LinkOrderRequest,
    ) -> Result<InteractionView, CoreError> {
        let order_id = request.validate()?;
        let record = self.require_to_change(access, id).await?;
        if record.view.channel != Channel::Call {
            return Err(CoreError::WrongState {
                message: "only a call can have a linked order".into(),
                current: serde_json::to_value(&record.view).unwrap_or_default(),
            });
        }
        let author = record.view.by.as_ref() == access.user_id() && access.user_id().is_some();
        if !author && !access.is_admin() {
            return Err(CoreError::Forbidden(
                "only the call's author and admins can change its linked order".into(),
            ));
        }
        for attempt in 0..retry::ATTEMPTS {
            let record = self.require_to_change(access, id).await?;
            let old = record
                .view
                .linked_order
                .as_ref()
                .map(|l| l.order_id.clone());
            if old == order_id {
                return Ok(record.view);
            }
            let mut changed: InteractionRecord = record.clone();
            changed.view.linked_order = order_id.clone().map(pending);
            changed.view.version += 1;
            let mut writes = vec![Write::Put {
                item: changed.item()?,
                condition: Condition::VersionIs(record.view.version),
            }];
            if let Some(old) = &old {
                writes.push(Write::Delete {
                    pk: keys::order_links(old),
                    sk: keys::order_link(id),
                    condition: Condition::Always,
                });
            }
            writes.extend(link_writes(&changed.view)?);
            if let Some(number) = &order_id {
                writes.extend(self.recheck_others(number, id).await?);
            }
            match self.store.transact(writes).await {
                Ok(()) => return Ok(changed.view),
                Err(StoreError::ConditionFailed { .. }) => retry::pause(attempt).await,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Busy)
    }
}

impl Interactions<'_> {
    /// The other calls already linked to `order_id` go back to Pending: the order is now
    /// claimed twice, which their next check must say.
    pub(super) async fn recheck_others(
        &self,
        order_id: &str,
        call: &InteractionId,
    ) -> Result<Vec<Write>, CoreError> {
        let mut writes = Vec::new();
        for other in crate::shop::links::other_calls(self.store, order_id, call).await? {
            let Some(mut record) = self.load(&other.interaction_id).await? else {
                continue;
            };
            let Some(linked) = record.view.linked_order.as_mut() else {
                continue;
            };
            if linked.state == worklane_domain::LinkState::Pending || linked.order_id != order_id {
                continue;
            }
            *linked = pending(order_id.to_string());
            let version = record.view.version;
            record.view.version += 1;
            writes.push(Write::Put {
                item: record.item()?,
                condition: Condition::VersionIs(version),
            });
        }
        Ok(writes)
    }
}
