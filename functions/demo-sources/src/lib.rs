//! Demo import sources for the local server (`make run`): the company website's feed
//! (docs/website-feed.md) and a Magento 2 shop's REST API — carts, customers and orders —
//! served on loopback so scheduled imports and the shop sync work with nothing to configure.
//! The shop also serves what the imported records link to — product pages, product pictures, a
//! customer's and an order's page in its admin, and the admin's "Create New Order" form — so
//! every link and image the app shows for them opens, offline too. Both gain records over time
//! — quiz takers, FAQ questions, carts, customers, orders — some from existing contacts, some
//! from new people.
//!
//! Nothing runs in the background: each request first brings the demo up to date, generating
//! deterministically (from the seed) whatever should exist by then. Only the local server links
//! this crate; the Lambda functions never do.

mod auth;
mod cart;
mod catalog;
mod clock;
mod content;
mod customer;
mod html;
mod magento;
mod order;
mod order_create;
mod order_page;
mod people;
mod sales;
mod schedule;
mod search_criteria;
mod shop;
mod storefront;
mod website;

#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::routing::get;

use clock::Clock;
use people::People;
use shop::Shop;
use website::Website;

/// An existing CRM contact, who may take a quiz, ask a question or fill a cart again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
}

/// How the demo sources behave.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// The bearer token both demos accept (an empty one accepts nothing).
    pub token: String,
    /// Existing CRM contacts: about 40% of new records come from them.
    pub known_people: Vec<DemoPerson>,
    /// Makes the data deterministic.
    pub seed: u64,
    /// Records of each feed (and carts) that already exist at start, e.g. 6.
    pub backlog: usize,
    /// A new record of each kind appears about this often (e.g. 4 minutes), jittered.
    pub every: Duration,
    /// The demo shop's base URL as browsers reach it, e.g.
    /// `http://127.0.0.1:8080/demo-sources/shop`: carts' product pictures
    /// (`{shop_url}/media/catalog/product/{slug}.svg`) and pages (`{shop_url}/{slug}.html`),
    /// and the health quiz's product links, point into it.
    pub shop_url: String,
    /// The advisors (full names, e.g. "Riley Rep") who place orders in the shop's admin panel:
    /// about half the orders name one in their status history (`Order Placed by {name} using
    /// Admin Panel`), and the admin's "Create New Order" form offers them. None: no order is
    /// an advisor's.
    pub advisors: Vec<String>,
}

/// Both demos under one router: the website feed under `/website/feeds/...` (its base URL is
/// `http://127.0.0.1:PORT/website`) and Magento under `/shop/rest/V1/...` and
/// `/shop/rest/{store_code}/V1/...` (base URL `http://127.0.0.1:PORT/shop`) — `carts/search`,
/// `carts/{id}`, `customers/search`, `orders`, `orders/{id}` — those behind the bearer token.
/// Without it, the shop's storefront — `/shop/{slug}.html` and
/// `/shop/media/catalog/product/{slug}.svg` — and stand-ins for its admin panel: a customer's
/// page, `/shop/admin/customer/index/edit/id/{id}/` (the `storefront` module), an order's,
/// `/shop/admin/sales/order/view/order_id/{entity_id}/` (`order_page`), and the "Create New
/// Order" form, `GET` and `POST /shop/admin/sales/order_create/` (`order_create`).
pub fn router(config: DemoConfig) -> Router {
    router_with_clock(config, Clock::real())
}

/// What every request shares: the demo's state, brought up to date lazily.
pub(crate) struct Shared {
    pub token: String,
    /// The shop's base URL as browsers reach it, without a trailing slash.
    pub shop_url: String,
    /// The advisors the admin's order form offers.
    pub advisors: Vec<String>,
    /// Everyone the demo draws from: the shop's customers among them.
    pub people: Arc<People>,
    pub clock: Clock,
    pub website: Mutex<Website>,
    pub shop: Mutex<Shop>,
}

impl Shared {
    /// The website's feeds as they are now.
    pub fn website(&self) -> MutexGuard<'_, Website> {
        let now = self.clock.now_seconds();
        let mut website = lock(&self.website);
        website.advance(now);
        website
    }

    /// The shop's carts, customers and orders as they are now.
    pub fn shop(&self) -> MutexGuard<'_, Shop> {
        let now = self.clock.now_seconds();
        let mut shop = lock(&self.shop);
        shop.advance(now);
        shop
    }
}

/// A poisoned lock still holds consistent data here: every change is made whole before the
/// guard drops, so a panic elsewhere cannot leave half a record behind.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn router_with_clock(config: DemoConfig, clock: Clock) -> Router {
    let start = clock.now_seconds();
    let every = i64::try_from(config.every.as_secs())
        .unwrap_or(i64::MAX / 4)
        .max(1);
    let people = Arc::new(People::new(config.seed, &config.known_people));
    let shop_url = config.shop_url.trim_end_matches('/').to_string();
    let mut advisors: Vec<String> = Vec::new();
    for name in &config.advisors {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty() && !advisors.contains(&name) {
            advisors.push(name);
        }
    }
    let shared = Arc::new(Shared {
        token: config.token,
        shop_url: shop_url.clone(),
        advisors: advisors.clone(),
        people: people.clone(),
        clock,
        website: Mutex::new(Website::new(
            config.seed,
            shop_url,
            people.clone(),
            start,
            config.backlog,
            every,
        )),
        shop: Mutex::new(Shop::new(
            config.seed,
            people,
            advisors,
            start,
            config.backlog,
            every,
        )),
    });
    Router::new()
        .route("/website/feeds/{feed}", get(website::feed))
        .route(
            "/website/feeds/{feed}/records/{id}",
            get(website::record_by_id),
        )
        .route("/shop/rest/V1/carts/search", get(magento::carts))
        .route("/shop/rest/{store}/V1/carts/search", get(magento::carts))
        .route("/shop/rest/V1/carts/{id}", get(magento::cart))
        .route("/shop/rest/{store}/V1/carts/{id}", get(magento::cart))
        .route("/shop/rest/V1/customers/search", get(magento::customers))
        .route(
            "/shop/rest/{store}/V1/customers/search",
            get(magento::customers),
        )
        .route("/shop/rest/V1/orders", get(magento::orders))
        .route("/shop/rest/{store}/V1/orders", get(magento::orders))
        .route("/shop/rest/V1/orders/{id}", get(magento::order))
        .route("/shop/rest/{store}/V1/orders/{id}", get(magento::order))
        .route("/shop/rest/V1/{*rest}", get(magento::no_route))
        .route("/shop/rest/{store}/V1/{*rest}", get(magento::no_route))
        // The storefront and the admin stand-in: no token, as a browser opens them.
        .route("/shop/{page}", get(storefront::product_page))
        .route("/shop/videos/{name}", get(storefront::video_page))
        .route(
            "/shop/media/catalog/product/{file}",
            get(storefront::product_image),
        )
        .route(
            "/shop/admin/customer/index/edit/id/{id}",
            get(storefront::admin_customer),
        )
        .route(
            "/shop/admin/customer/index/edit/id/{id}/",
            get(storefront::admin_customer),
        )
        .route(
            "/shop/admin/sales/order/view/order_id/{id}",
            get(order_page::view),
        )
        .route(
            "/shop/admin/sales/order/view/order_id/{id}/",
            get(order_page::view),
        )
        .route(
            "/shop/admin/sales/order_create",
            get(order_create::form).post(order_create::place),
        )
        .route(
            "/shop/admin/sales/order_create/",
            get(order_create::form).post(order_create::place),
        )
        .with_state(shared)
}
