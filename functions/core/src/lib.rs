//! Worklane's use cases. They speak to the item store port and to nothing else of the
//! outside world, so the same code runs on the embedded engine and on DynamoDB.

mod actor;
mod catalog;
mod catalog_admin;
mod contacts;
mod demo;
mod error;
mod ids;
mod keys;
mod passwords;
mod search;
mod sessions;
mod signin_throttle;
mod users;
mod work_items;

use std::sync::Arc;

pub use actor::Actor;
pub use catalog::Catalog;
pub use contacts::{ContactFilter, Contacts};
pub use demo::{ContactGenerator, DEMO_PASSWORD, DemoData, DemoLogin, seed_demo_data};
pub use error::CoreError;
pub use sessions::{SESSION_HOURS, SessionToken, Sessions, SignedIn};
pub use users::Users;
pub use work_items::{MyWorkItemsFilter, WorkItems};
use worklane_store::ItemStore;

/// The use cases over one store, cheap to clone into every request.
#[derive(Clone)]
pub struct Worklane {
    store: Arc<dyn ItemStore>,
}

impl Worklane {
    pub fn new(store: Arc<dyn ItemStore>) -> Self {
        Self { store }
    }

    pub fn users(&self) -> Users<'_> {
        Users::new(self.store.as_ref())
    }

    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(self.store.as_ref())
    }

    pub fn contacts(&self) -> Contacts<'_> {
        Contacts::new(self.store.as_ref())
    }

    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(self.store.as_ref())
    }

    pub fn work_items(&self) -> WorkItems<'_> {
        WorkItems::new(self.store.as_ref())
    }

    /// Whether the store answers: a keyed read of an item that never exists.
    pub async fn check_store(&self) -> Result<(), CoreError> {
        self.store.get(keys::HEALTH_PK, keys::HEALTH_PK).await?;
        Ok(())
    }
}
