//! The shop's orders: placed on the storefront (converting the buyer's cart when they have
//! one) or by an advisor in the admin panel, each with its course planned when it is placed —
//! invoiced (processing) within hours and shipped (complete) within days, or canceled.

use rand::Rng;

use crate::catalog::Product;
use crate::clock::{DAY, HOUR, MINUTE, seconds_since_epoch};
use crate::html::dollars;
use crate::order::{Entry, Order, OrderLine, Status, admin_panel_comment};
use crate::people::Person;
use crate::schedule::rng;

const COURSE: u64 = 0x0DE2_0001;

/// An order about to be placed.
pub(crate) struct Placing {
    pub person: Person,
    pub basket: Vec<(&'static Product, u32)>,
    pub at: i64,
    /// The advisor placing it in the admin panel; none on the storefront.
    pub placed_by: Option<String>,
    /// Whether the shop's `created_by` attribute names the advisor.
    pub attributed: bool,
    /// The cart it converts.
    pub quote_id: Option<u64>,
}

pub(crate) struct Sales {
    seed: u64,
    orders: Vec<Order>,
    next_entity_id: u64,
    next_number: u64,
    next_item_id: u64,
    next_entry_id: u64,
}

impl Sales {
    pub fn new(seed: u64, start: i64) -> Self {
        // Counted from the start, as cart ids are, so a demo made again after a restart hands
        // out new numbers.
        let base = seconds_since_epoch(start) + 1;
        Sales {
            seed,
            orders: Vec::new(),
            next_entity_id: base,
            next_number: base + 100_000,
            next_item_id: base,
            next_entry_id: base,
        }
    }

    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    pub fn order(&self, entity_id: u64) -> Option<&Order> {
        self.orders
            .iter()
            .find(|order| order.entity_id == entity_id)
    }

    /// Takes every order's steps due by `now`.
    pub fn advance(&mut self, now: i64) {
        for order in self.orders.iter_mut().filter(|o| !o.planned.is_empty()) {
            order.advance(now);
        }
    }

    /// Places an order at `placing.at`, its course planned from then on.
    pub fn place(&mut self, placing: Placing) -> &Order {
        let entity_id = self.next_entity_id;
        self.next_entity_id += 1;
        let increment_id = format!("{:09}", self.next_number);
        self.next_number += 1;
        let lines = placing
            .basket
            .iter()
            .map(|&(product, qty)| {
                let item_id = self.next_item_id;
                self.next_item_id += 1;
                OrderLine {
                    item_id,
                    product,
                    qty,
                }
            })
            .collect();
        let created_by = placing.placed_by.clone().filter(|_| placing.attributed);
        let mut order = Order {
            entity_id,
            increment_id,
            created_at: placing.at,
            updated_at: placing.at,
            person: placing.person,
            status: Status::Pending,
            lines,
            history: Vec::new(),
            planned: Vec::new(),
            placed_by: placing.placed_by,
            created_by,
            quote_id: placing.quote_id,
        };
        order.planned = self.course(&order);
        order.advance(placing.at);
        self.orders.push(order);
        let last = self.orders.len() - 1;
        &self.orders[last]
    }

    /// What will happen to the order: the advisor's comment when it is placed, then an
    /// invoice and a shipment, or a cancellation.
    fn course(&mut self, order: &Order) -> Vec<Entry> {
        let mut rng = rng(self.seed, COURSE, order.entity_id);
        let placed = order.created_at;
        let mut steps: Vec<(i64, Status, Option<String>)> = Vec::new();
        if let Some(advisor) = &order.placed_by {
            steps.push((placed, Status::Pending, Some(admin_panel_comment(advisor))));
        }
        if rng.random_bool(0.12) {
            let at = placed + rng.random_range(30 * MINUTE..12 * HOUR);
            steps.push((at, Status::Canceled, None));
        } else {
            let invoiced = placed + rng.random_range(10 * MINUTE..6 * HOUR);
            let captured = format!(
                "Captured amount of {} online.",
                dollars(order.grand_total())
            );
            steps.push((invoiced, Status::Processing, Some(captured)));
            let shipped = invoiced + rng.random_range(6 * HOUR..3 * DAY);
            steps.push((shipped, Status::Complete, None));
        }
        steps
            .into_iter()
            .map(|(at, status, comment)| {
                let id = self.next_entry_id;
                self.next_entry_id += 1;
                Entry {
                    id,
                    at,
                    status,
                    comment,
                }
            })
            .collect()
    }
}
