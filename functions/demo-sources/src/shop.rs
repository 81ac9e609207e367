//! The demo shop's carts over time: a backlog last touched 2 to 6 hours before start (so an
//! importer waiting 60 quiet minutes takes them at once), then new carts, carts changed again
//! (a line added, a quantity changed) and carts that become orders.

use std::sync::Arc;

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedMutRandom, IndexedRandom, index};

use crate::cart::{Cart, Line};
use crate::catalog::PRODUCTS;
use crate::clock::{HOUR, MINUTE, minutes_since_epoch, seconds_since_epoch};
use crate::people::People;
use crate::schedule::{Stream, rng};

const NEW_CARTS: u64 = 0xCA27_0001;
const CHANGES: u64 = 0xCA27_0002;
const BACKLOG: u64 = 0xCA27_0003;

/// The backlog cart that a guest filled, and the one that already became an order.
const GUEST_AT: usize = 1;
const ORDERED_AT: usize = 3;

pub(crate) struct Shop {
    seed: u64,
    people: Arc<People>,
    carts: Vec<Cart>,
    next_cart_id: u64,
    next_item_id: u64,
    next_order: u64,
    new_carts: Stream,
    changes: Stream,
}

impl Shop {
    pub fn new(seed: u64, people: Arc<People>, start: i64, backlog: usize, every: i64) -> Self {
        let mut shop = Shop {
            seed,
            people,
            carts: Vec::new(),
            // Counted from the start, so a demo made again after a restart never hands out a
            // cart id (which the import claims) the last one used.
            next_cart_id: seconds_since_epoch(start),
            next_item_id: 5001,
            next_order: 100_000 + minutes_since_epoch(start),
            new_carts: Stream::new(seed, NEW_CARTS, every, start),
            changes: Stream::new(seed, CHANGES, every.saturating_mul(3) / 2, start),
        };
        // Updated between 6 and 2 hours before start, oldest first.
        let slot = (4 * HOUR) / (backlog.max(1) as i64);
        for n in 0..backlog {
            let mut rng = rng(seed, BACKLOG, n as u64);
            let updated_at = start - 6 * HOUR + slot * n as i64 + rng.random_range(0..slot.max(1));
            let created_at = updated_at - rng.random_range(MINUTE..90 * MINUTE);
            let person = if n == GUEST_AT {
                shop.people.guest(&mut rng)
            } else {
                shop.people.shopper(&mut rng)
            };
            let lines = shop.lines(&mut rng);
            let mut cart = shop.open(person, lines, created_at);
            cart.updated_at = updated_at;
            if n == ORDERED_AT {
                shop.order(&mut cart);
            }
            shop.carts.push(cart);
        }
        shop
    }

    /// Makes every change that should have happened by `now`, in order.
    pub fn advance(&mut self, now: i64) {
        loop {
            if self.new_carts.next_at() <= self.changes.next_at() {
                match self.new_carts.take_due(now) {
                    Some((n, at)) => self.new_cart(n, at),
                    None => break,
                }
            } else {
                match self.changes.take_due(now) {
                    Some((n, at)) => self.change(n, at),
                    None => break,
                }
            }
        }
    }

    pub fn carts(&self) -> &[Cart] {
        &self.carts
    }

    pub fn cart(&self, id: u64) -> Option<&Cart> {
        self.carts.iter().find(|cart| cart.id == id)
    }

    fn new_cart(&mut self, n: u64, at: i64) {
        let mut rng = rng(self.seed, NEW_CARTS, n);
        let person = self.people.shopper(&mut rng);
        let lines = self.lines(&mut rng);
        let cart = self.open(person, lines, at);
        self.carts.push(cart);
    }

    /// One of the most recently touched open carts changes: it becomes an order, gains a line
    /// or has a quantity changed.
    fn change(&mut self, n: u64, at: i64) {
        let mut rng = rng(self.seed, CHANGES, n);
        let mut open: Vec<usize> = (0..self.carts.len())
            .filter(|&i| self.carts[i].active && !self.carts[i].lines.is_empty())
            .collect();
        open.sort_by_key(|&i| std::cmp::Reverse((self.carts[i].updated_at, self.carts[i].id)));
        open.truncate(4);
        let Some(&i) = open.choose(&mut rng) else {
            return;
        };
        let roll: f64 = rng.random();
        let mut cart = self.carts[i].clone();
        let missing: Vec<usize> = (0..PRODUCTS.len())
            .filter(|&p| !cart.lines.iter().any(|l| l.product == &PRODUCTS[p]))
            .collect();
        if roll < 0.4 {
            self.order(&mut cart);
        } else if let (true, Some(&p)) = (roll < 0.7, missing.choose(&mut rng)) {
            cart.lines.push(Line {
                item_id: self.item_id(),
                product: &PRODUCTS[p],
                qty: 1,
            });
        } else if let Some(line) = cart.lines.choose_mut(&mut rng) {
            if line.qty > 1 && rng.random_bool(0.4) {
                line.qty -= 1;
            } else {
                line.qty += 1;
            }
        }
        cart.updated_at = at;
        self.carts[i] = cart;
    }

    fn open(&mut self, person: crate::people::Person, lines: Vec<Line>, at: i64) -> Cart {
        let id = self.next_cart_id;
        self.next_cart_id += 1;
        Cart {
            id,
            created_at: at,
            updated_at: at,
            active: true,
            person,
            reserved_order_id: None,
            lines,
        }
    }

    fn order(&mut self, cart: &mut Cart) {
        cart.active = false;
        cart.reserved_order_id = Some(format!("{:09}", self.next_order));
        self.next_order += 1;
    }

    /// One to three different products, mostly one of each.
    fn lines(&mut self, rng: &mut StdRng) -> Vec<Line> {
        let count = match rng.random_range(0..10) {
            0..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        index::sample(rng, PRODUCTS.len(), count)
            .into_iter()
            .map(|p| {
                let qty = match rng.random_range(0..20) {
                    0..=13 => 1,
                    14..=18 => 2,
                    _ => 3,
                };
                Line {
                    item_id: self.item_id(),
                    product: &PRODUCTS[p],
                    qty,
                }
            })
            .collect()
    }

    fn item_id(&mut self) -> u64 {
        let id = self.next_item_id;
        self.next_item_id += 1;
        id
    }
}
