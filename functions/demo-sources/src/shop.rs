//! The demo shop over time: its carts, customer accounts and orders. At start there is a
//! backlog — accounts opened long before, orders placed over the last 30 days, carts last
//! touched 2 to 6 hours before (so an importer waiting 60 quiet minutes takes them at once) —
//! and from then on new carts, carts changed again (a line added, a quantity changed, checked
//! out) and new orders, on the storefront or by advisors in the admin panel, each moving on
//! through its planned course.

use std::sync::Arc;

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedMutRandom, IndexedRandom};

use crate::cart::{Cart, Line};
use crate::catalog::{PRODUCTS, Product, basket};
use crate::clock::{DAY, HOUR, MINUTE, seconds_since_epoch};
use crate::customer::{Accounts, Customer};
use crate::order::Order;
use crate::people::{People, Person};
use crate::sales::{Placing, Sales};
use crate::schedule::{Stream, rng};

const NEW_CARTS: u64 = 0xCA27_0001;
const CHANGES: u64 = 0xCA27_0002;
const BACKLOG: u64 = 0xCA27_0003;
const NEW_ORDERS: u64 = 0x0DE2_0002;
const ORDER_BACKLOG: u64 = 0x0DE2_0003;

/// The backlog cart that a guest filled, and the one that already became an order.
const GUEST_AT: usize = 1;
const ORDERED_AT: usize = 3;

/// Of the new orders, the share advisors place in the admin panel (the rest, and carts checked
/// out, are the storefront's: about half of all orders are advisors').
const BY_ADVISOR: f64 = 0.75;
/// Of the advisors' orders, the share whose `created_by` attribute names the advisor too.
const ATTRIBUTED: f64 = 0.5;

#[derive(Debug, Clone, Copy)]
enum Event {
    NewCart,
    CartChange,
    NewOrder,
}

pub(crate) struct Shop {
    seed: u64,
    people: Arc<People>,
    /// The advisors who place orders in the admin panel.
    advisors: Vec<String>,
    carts: Vec<Cart>,
    next_cart_id: u64,
    next_item_id: u64,
    accounts: Accounts,
    sales: Sales,
    /// What happens over time, each at its own pace.
    streams: Vec<(Event, Stream)>,
}

impl Shop {
    pub fn new(
        seed: u64,
        people: Arc<People>,
        advisors: Vec<String>,
        start: i64,
        backlog: usize,
        every: i64,
    ) -> Self {
        let mut shop = Shop {
            seed,
            accounts: Accounts::new(seed, &people, start),
            people,
            advisors,
            carts: Vec::new(),
            // Counted from the start, so a demo made again after a restart never hands out a
            // cart id (which the import claims) the last one used.
            next_cart_id: seconds_since_epoch(start),
            next_item_id: 5001,
            sales: Sales::new(seed, start),
            streams: vec![
                (Event::NewCart, Stream::new(seed, NEW_CARTS, every, start)),
                (
                    Event::CartChange,
                    Stream::new(seed, CHANGES, every.saturating_mul(3) / 2, start),
                ),
                (
                    Event::NewOrder,
                    Stream::new(seed, NEW_ORDERS, every.saturating_mul(2), start),
                ),
            ],
        };
        // Oldest first: the orders, then the carts.
        shop.backlog_orders(start, backlog * 2);
        shop.backlog_carts(start, backlog);
        shop.sales.advance(start);
        shop
    }

    /// Makes every change that should have happened by `now`, in order.
    pub fn advance(&mut self, now: i64) {
        while let Some(i) = (0..self.streams.len()).min_by_key(|&i| self.streams[i].1.next_at()) {
            let event = self.streams[i].0;
            let Some((n, at)) = self.streams[i].1.take_due(now) else {
                break;
            };
            match event {
                Event::NewCart => self.new_cart(n, at),
                Event::CartChange => self.change(n, at),
                Event::NewOrder => self.new_order(n, at),
            }
        }
        self.sales.advance(now);
    }

    pub fn carts(&self) -> &[Cart] {
        &self.carts
    }

    pub fn cart(&self, id: u64) -> Option<&Cart> {
        self.carts.iter().find(|cart| cart.id == id)
    }

    pub fn customers(&self) -> &[Customer] {
        self.accounts.all()
    }

    pub fn orders(&self) -> &[Order] {
        self.sales.orders()
    }

    pub fn order(&self, entity_id: u64) -> Option<&Order> {
        self.sales.order(entity_id)
    }

    /// Places, at `now`, the order an advisor entered in the admin panel: for the customer
    /// with this email, else for a guest.
    pub fn place_in_admin(
        &mut self,
        email: &str,
        advisor: &str,
        product: &'static Product,
        qty: u32,
        now: i64,
    ) -> &Order {
        let email = email.trim();
        let person = match self.accounts.by_email(email) {
            Some(customer) => customer.person.clone(),
            None => match self.people.by_email(email) {
                Some(person) => Person {
                    customer_id: None,
                    ..person.clone()
                },
                None => Person {
                    first_name: String::new(),
                    last_name: String::new(),
                    email: email.to_string(),
                    phone: None,
                    customer_id: None,
                },
            },
        };
        self.sales.place(Placing {
            person,
            basket: vec![(product, qty)],
            at: now,
            placed_by: Some(advisor.to_string()),
            attributed: true,
            quote_id: None,
        })
    }

    /// Carts updated between 6 and 2 hours before start, oldest first.
    fn backlog_carts(&mut self, start: i64, count: usize) {
        let slot = (4 * HOUR) / (count.max(1) as i64);
        for n in 0..count {
            let mut rng = rng(self.seed, BACKLOG, n as u64);
            let updated_at = start - 6 * HOUR + slot * n as i64 + rng.random_range(0..slot.max(1));
            let created_at = updated_at - rng.random_range(MINUTE..90 * MINUTE);
            let person = if n == GUEST_AT {
                self.people.guest(&mut rng)
            } else {
                self.people.shopper(&mut rng)
            };
            let lines = self.lines(&mut rng);
            let mut cart = self.open(person, lines, created_at);
            cart.updated_at = updated_at;
            if n == ORDERED_AT {
                self.check_out(&mut cart, updated_at);
            }
            self.carts.push(cart);
        }
    }

    /// Orders placed over the 30 days until 6 hours before start, oldest first.
    fn backlog_orders(&mut self, start: i64, count: usize) {
        let from = start - 30 * DAY;
        let slot = (30 * DAY - 6 * HOUR) / (count.max(1) as i64);
        for n in 0..count {
            let mut rng = rng(self.seed, ORDER_BACKLOG, n as u64);
            let at = from + slot * n as i64 + rng.random_range(0..slot.max(1));
            self.new_order_from(&mut rng, at, false);
        }
    }

    fn new_cart(&mut self, n: u64, at: i64) {
        let mut rng = rng(self.seed, NEW_CARTS, n);
        let person = self.people.shopper(&mut rng);
        let lines = self.lines(&mut rng);
        let cart = self.open(person, lines, at);
        self.carts.push(cart);
    }

    fn new_order(&mut self, n: u64, at: i64) {
        let mut rng = rng(self.seed, NEW_ORDERS, n);
        self.new_order_from(&mut rng, at, true);
    }

    /// Someone orders: on the storefront, checking out their open cart if `carts` and they
    /// have one, or through an advisor in the admin panel.
    fn new_order_from(&mut self, rng: &mut StdRng, at: i64, carts: bool) {
        let person = self.people.shopper(rng);
        let placed_by = if rng.random_bool(BY_ADVISOR) {
            self.advisors.choose(rng).cloned()
        } else {
            None
        };
        let attributed = rng.random_bool(ATTRIBUTED);
        let basket = basket(rng);
        self.accounts.open(&person, at);
        if placed_by.is_none()
            && carts
            && let Some(i) = self.open_cart_of(&person)
        {
            let mut cart = self.carts[i].clone();
            self.check_out(&mut cart, at);
            cart.updated_at = at;
            self.carts[i] = cart;
            return;
        }
        self.sales.place(Placing {
            person,
            basket,
            at,
            placed_by,
            attributed,
            quote_id: None,
        });
    }

    /// The person's most recently touched open cart with something in it.
    fn open_cart_of(&self, person: &Person) -> Option<usize> {
        (0..self.carts.len())
            .filter(|&i| {
                let cart = &self.carts[i];
                cart.active && !cart.lines.is_empty() && cart.person.email == person.email
            })
            .max_by_key(|&i| (self.carts[i].updated_at, self.carts[i].id))
    }

    /// One of the most recently touched open carts changes: it is checked out, gains a line
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
            self.check_out(&mut cart, at);
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

    fn open(&mut self, person: Person, lines: Vec<Line>, at: i64) -> Cart {
        self.accounts.open(&person, at);
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

    /// The cart becomes a storefront order at `at`.
    fn check_out(&mut self, cart: &mut Cart, at: i64) {
        let basket = cart.lines.iter().map(|l| (l.product, l.qty)).collect();
        let order = self.sales.place(Placing {
            person: cart.person.clone(),
            basket,
            at,
            placed_by: None,
            attributed: false,
            quote_id: Some(cart.id),
        });
        cart.active = false;
        cart.reserved_order_id = Some(order.increment_id.clone());
    }

    fn lines(&mut self, rng: &mut StdRng) -> Vec<Line> {
        basket(rng)
            .into_iter()
            .map(|(product, qty)| Line {
                item_id: self.item_id(),
                product,
                qty,
            })
            .collect()
    }

    fn item_id(&mut self) -> u64 {
        let id = self.next_item_id;
        self.next_item_id += 1;
        id
    }
}
