//! Types shared by the browser app and the backend.
//!
//! Everything that crosses the API boundary lives here: identifiers, the validated values a
//! request is parsed into, the request and response bodies, and the one error body. It depends
//! on serde and jiff only, so it compiles to wasm32 for the app.

mod account;
mod call;
mod contact;
mod error;
mod ids;
mod import;
mod inbox;
mod interaction;
mod org;
mod page;
#[cfg(test)]
mod pattern_tests;
mod sharing;
mod shop;
pub mod text;
mod user;
mod validation;
mod values;
pub mod wire_time;
mod work_item;
mod work_item_type;
mod work_order;
mod workflow;

pub use account::*;
pub use call::*;
pub use contact::*;
pub use error::*;
pub use ids::*;
pub use import::*;
pub use inbox::*;
pub use interaction::*;
pub use org::*;
pub use page::*;
pub use sharing::*;
pub use shop::*;
pub use user::*;
pub use validation::*;
pub use values::*;
pub use work_item::*;
pub use work_item_type::*;
pub use work_order::*;
pub use workflow::*;

/// Instants are UTC everywhere in storage and on the wire (RFC 3339).
pub use jiff::Timestamp;
