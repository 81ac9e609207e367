//! Worklane's use cases. They speak to the item store port and the messaging port and to
//! nothing else of the outside world, so the same code runs on the embedded engine and on
//! DynamoDB, sending through the local outbox or through Amazon SES and SNS.

mod access;
mod accounts;
mod actor;
mod batch_read;
pub mod calls;
mod catalog;
mod catalog_admin;
mod contacts;
mod demo;
mod error;
mod ids;
pub mod imports;
mod inbox;
mod interactions;
mod keys;
mod lease;
pub mod messaging;
mod org;
mod passwords;
mod retry;
mod scope_entries;
mod search;
mod sessions;
pub mod shop;
mod signin_throttle;
mod users;
mod work_items;

use std::sync::Arc;

pub use access::{Access, Holding, Object, Reach, SharingSettingsStore, SystemTask};
pub use accounts::{Accounts, ServiceSettingsStore};
pub use actor::Actor;
pub use catalog::Catalog;
pub use contacts::{ContactFilter, Contacts};
pub use demo::{ContactGenerator, DEMO_PASSWORD, DemoData, DemoLogin, seed_demo_data};
pub use error::CoreError;
pub use inbox::{Inbox, InboxQuery, PriorityFilter};
pub use interactions::{InboundCall, InboundEmail, InboundSms, Interactions};
pub use messaging::{Messaging, Outbox, SwitchableOutbox};
pub use org::{Organisation, Reindex};
pub use sessions::{SESSION_HOURS, SessionToken, Sessions, SignedIn};
pub use signin_throttle::{DeviceToken, SignInOrigin, TRUSTED_DEVICE_DAYS};
pub use users::Users;
pub use work_items::{MyWorkItemsFilter, WorkItems};
use worklane_store::ItemStore;

/// The use cases over one store and one way of sending messages, cheap to clone into every
/// request.
#[derive(Clone)]
pub struct Worklane {
    store: Arc<dyn ItemStore>,
    messaging: Arc<dyn Messaging>,
    /// Whether `outbox` lists what the local outbox kept (the messaging adapter writes it).
    outbox_listed: bool,
    /// The address every email is sent from; without one, each rep's own address.
    email_from: Option<Arc<str>>,
    /// The organisation chart this process read last.
    org: Arc<org::OrgCache>,
    /// Reads the import sources (none: imports cannot run in this process).
    connector: Option<Arc<dyn imports::ports::Connector>>,
    /// Keeps the import sources' credentials.
    secrets: Arc<dyn imports::ports::Secrets>,
    /// The phone system (none: click-to-call is refused as not set up).
    telephony: Option<Arc<dyn calls::ports::Telephony>>,
}

impl Worklane {
    /// Use cases sending through `messaging`. The local outbox is not listed: see
    /// [`Worklane::listing_the_outbox`].
    pub fn new(store: Arc<dyn ItemStore>, messaging: Arc<dyn Messaging>) -> Self {
        Self {
            store,
            messaging,
            outbox_listed: false,
            email_from: None,
            org: Arc::default(),
            connector: None,
            secrets: Arc::new(imports::ports::MemorySecrets::default()),
            telephony: None,
        }
    }

    /// Starts and ends calls through `telephony`.
    pub fn with_telephony(mut self, telephony: Arc<dyn calls::ports::Telephony>) -> Self {
        self.telephony = Some(telephony);
        self
    }

    pub fn calls(&self) -> calls::Calls<'_> {
        calls::Calls::new(
            self.store.as_ref(),
            self.interactions(),
            self.telephony.as_deref(),
        )
    }

    /// Reads import sources through `connector`, with their credentials in `secrets`.
    pub fn with_imports(
        mut self,
        connector: Arc<dyn imports::ports::Connector>,
        secrets: Arc<dyn imports::ports::Secrets>,
    ) -> Self {
        self.connector = Some(connector);
        self.secrets = secrets;
        self
    }

    pub fn shop(&self) -> shop::Shop<'_> {
        shop::Shop::new(self.store.as_ref(), self.imports())
    }

    pub fn imports(&self) -> imports::Imports<'_> {
        imports::Imports::new(
            self.store.as_ref(),
            self.connector.as_ref(),
            self.secrets.as_ref(),
        )
    }

    /// Sends every email from `address` (a deployment's verified sender,
    /// `WORKLANE_EMAIL_FROM`) instead of from each rep's own address. Blank means unset.
    pub fn with_email_from(mut self, address: Option<String>) -> Self {
        self.email_from = address
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .map(Arc::from);
        self
    }

    /// Worklane on one machine (the local server, the tests, the demo): messages are kept in
    /// the local [`Outbox`] in the store, and `GET /api/outbox` lists them.
    /// Its phone is the simulated one: every number answers, and the rep hangs up.
    pub fn local(store: Arc<dyn ItemStore>) -> Self {
        let outbox = Arc::new(Outbox::new(store.clone()));
        Self::new(store, outbox)
            .listing_the_outbox()
            .with_telephony(Arc::new(calls::ports::SimulatedPhone))
    }

    /// Lists the local outbox: for a messaging adapter that keeps messages in it (the
    /// [`Outbox`] or the [`SwitchableOutbox`] of the tests).
    pub fn listing_the_outbox(mut self) -> Self {
        self.outbox_listed = true;
        self
    }

    pub fn interactions(&self) -> Interactions<'_> {
        Interactions::new(
            self.store.as_ref(),
            self.messaging.as_ref(),
            self.email_from.as_deref(),
        )
    }

    pub fn inbox(&self) -> Inbox<'_> {
        Inbox::new(self.store.as_ref())
    }

    /// What the local outbox "sent", newest first; absent when this deployment sends for real.
    pub async fn outbox(
        &self,
        _access: &Access,
        cursor: Option<String>,
    ) -> Result<worklane_domain::Page<worklane_domain::OutboxMessage>, CoreError> {
        if !self.outbox_listed {
            return Err(CoreError::Absent(
                "this deployment sends email and SMS for real, so there is no local outbox to show"
                    .into(),
            ));
        }
        Outbox::list(self.store.as_ref(), cursor).await
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

    /// The org-wide sharing defaults.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(self.store.as_ref())
    }

    /// The service desk's settings (how service staff look customers up).
    pub fn service_settings(&self) -> ServiceSettingsStore<'_> {
        ServiceSettingsStore::new(self.store.as_ref())
    }

    pub fn sharing(&self) -> SharingSettingsStore<'_> {
        SharingSettingsStore::new(self.store.as_ref())
    }

    /// The organisation: departments, who reports to whom, groups.
    pub fn organisation(&self) -> Organisation<'_> {
        Organisation::new(self.store.as_ref(), &self.org)
    }

    /// The access of a signed-in user, under the org-wide defaults and the organisation in
    /// force now.
    pub async fn access_for(&self, actor: Actor) -> Result<Access, CoreError> {
        let sharing = self.sharing();
        let organisation = self.organisation();
        let (settings, org) = tokio::try_join!(sharing.load(), organisation.current())?;
        Ok(Access::user(actor, settings.defaults, org))
    }

    /// The access user `id` would have now (an admin asking what a colleague may see).
    pub async fn access_of_user(&self, id: &worklane_domain::UserId) -> Result<Access, CoreError> {
        let (user, version) = self
            .users()
            .load(id)
            .await?
            .ok_or(CoreError::NotFound("user"))?;
        self.access_for(Actor::from(user.view(version))).await
    }

    /// The access of the session `token` belongs to: the session, the defaults and the
    /// organisation's stamp are read at once, as every request does this first.
    pub async fn access_of_session(&self, token: &SessionToken) -> Result<Access, CoreError> {
        let sessions = self.sessions();
        let sharing = self.sharing();
        let organisation = self.organisation();
        let (actor, settings, org) = tokio::try_join!(
            sessions.authenticate(token),
            sharing.load(),
            organisation.current()
        )?;
        Ok(Access::user(actor, settings.defaults, org))
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
