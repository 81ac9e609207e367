//! The order id linked to a call: its window, and the list of calls each number is linked to,
//! so the check can say when several calls claim one order.

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ContactId, InteractionId, InteractionView, LinkState, LinkedOrder, SharedCall, Timestamp,
    UserId,
};
use worklane_store::{Condition, Item, ItemStore, Query, Write};

use crate::{CoreError, keys};

/// How long after a call ends an order still counts as the call's.
pub const GRACE: jiff::SignedDuration = jiff::SignedDuration::from_hours(2);

/// A call's window: from its start to its end plus [`GRACE`].
pub fn call_window(view: &InteractionView) -> (Timestamp, Timestamp) {
    let seconds = view.call.as_ref().map_or(0, |c| c.duration_seconds);
    let end = view
        .at
        .checked_add(jiff::SignedDuration::from_secs(i64::from(seconds)))
        .unwrap_or(view.at);
    (view.at, end.checked_add(GRACE).unwrap_or(end))
}

/// A call linked to an order number, beside the number.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LinkEntry {
    contact_id: ContactId,
    #[serde(default)]
    by: Option<UserId>,
    at: Timestamp,
}

/// The writes that file the call under its linked number (none without one).
pub(crate) fn link_writes(view: &InteractionView) -> Result<Vec<Write>, CoreError> {
    let Some(linked) = &view.linked_order else {
        return Ok(Vec::new());
    };
    let item = Item::new(
        keys::order_links(&linked.order_id),
        keys::order_link(&view.id),
        &LinkEntry {
            contact_id: view.contact_id.clone(),
            by: view.by.clone(),
            at: view.at,
        },
    )?;
    Ok(vec![Write::Put {
        item,
        condition: Condition::Always,
    }])
}

/// The other calls linked to `order_id` than `call` (at most 50 named).
pub(crate) async fn other_calls(
    store: &dyn ItemStore,
    order_id: &str,
    call: &InteractionId,
) -> Result<Vec<SharedCall>, CoreError> {
    let page = store
        .query(Query::partition(keys::order_links(order_id)).limit(51))
        .await?;
    let mine = keys::order_link(call);
    page.items
        .iter()
        .filter(|item| item.sk != mine)
        .take(50)
        .map(|item| {
            let entry: LinkEntry = item.decode()?;
            Ok(SharedCall {
                interaction_id: InteractionId::from_raw(
                    item.sk.strip_prefix("IX#").unwrap_or(&item.sk),
                ),
                contact_id: entry.contact_id,
                by: entry.by,
                at: entry.at,
            })
        })
        .collect()
}

/// A link not yet checked.
pub(crate) fn pending(order_id: String) -> LinkedOrder {
    LinkedOrder {
        order_id,
        state: LinkState::Pending,
        check: None,
        admin_url: None,
    }
}
