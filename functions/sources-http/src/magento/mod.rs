//! A Magento 2.4 shop over REST: its carts (the abandoned-carts import) and its customers and
//! orders (the shop sync and the order validation), all read through one search module.

mod carts;
mod search;
mod shop;

pub use carts::Carts;
pub use search::Api;
pub use shop::Shop;
