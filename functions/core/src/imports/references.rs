//! An imported item's Reference and routing decision, kept beside the item (so lists of items
//! stay small, and refreshing a cart never conflicts with a rep's status change).

use worklane_domain::{CartReference, RoutingDecision, WorkItemOrigin, WorkItemReference};
use worklane_store::{Condition, Item, ItemStore, Write};

use crate::{CoreError, keys};

pub(crate) struct References<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> References<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// The writes that keep a new item's Reference and routing decision.
    pub fn writes(
        number: u64,
        reference: &WorkItemReference,
        decision: &RoutingDecision,
    ) -> Result<Vec<Write>, CoreError> {
        let pk = keys::work_item(number);
        Ok(vec![
            Write::Put {
                item: Item::new(pk.clone(), keys::REFERENCE, reference)?,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: Item::new(pk, keys::ROUTING, decision)?,
                condition: Condition::NotExists,
            },
        ])
    }

    /// Both, as stored (the caller checked the item may be read).
    pub async fn origin(&self, number: u64) -> Result<WorkItemOrigin, CoreError> {
        let pk = keys::work_item(number);
        let found = self
            .store
            .get_many(vec![
                (pk.clone(), keys::REFERENCE.into()),
                (pk, keys::ROUTING.into()),
            ])
            .await?;
        let mut origin = WorkItemOrigin::default();
        for item in found {
            match item.sk.as_str() {
                keys::REFERENCE => origin.reference = Some(item.decode()?),
                keys::ROUTING => origin.routing = Some(item.decode()?),
                _ => {}
            }
        }
        Ok(origin)
    }

    /// Replaces item `number`'s cart with `cart` as just loaded; answers whether anything
    /// but the time it was loaded changed. The shop's later state always wins.
    pub async fn refresh_cart(&self, number: u64, cart: &CartReference) -> Result<bool, CoreError> {
        let pk = keys::work_item(number);
        let stored = self.store.get(&pk, keys::REFERENCE).await?;
        let changed = match stored
            .as_ref()
            .map(|i| i.decode::<WorkItemReference>())
            .transpose()?
        {
            Some(WorkItemReference::AbandonedCart(old)) => {
                let mut same = old.clone();
                same.loaded_at = cart.loaded_at;
                same != *cart
            }
            _ => true,
        };
        let item = Item::new(
            pk,
            keys::REFERENCE,
            &WorkItemReference::AbandonedCart(cart.clone()),
        )?;
        self.store.put(item, Condition::Always).await?;
        Ok(changed)
    }
}
