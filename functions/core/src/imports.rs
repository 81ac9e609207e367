//! Scheduled imports: quiz takers, FAQ questions and abandoned carts become routed work items
//! by themselves. A run ([`run`]) reads a source through its port ([`ports`]) and turns each
//! record into exactly one work item on the contact with its email (or a New Lead), routed by
//! round robin ([`routing`]) with the reason recorded, logged record by record ([`log`]).
//! Admins see and steer it all here: connections, pause, Run now, retries, routing.

mod decode;
mod log;
pub mod ports;
mod queue;
mod references;
pub(crate) mod routing;
mod run;
pub mod schedule;
mod state;
#[cfg(test)]
pub(crate) mod tests;

use std::sync::Arc;

use worklane_domain::{
    AuthMode, ConnectionEdit, ConnectionView, FieldErrors, ImportRunDetail, ImportRunView,
    ImportSource, ImportSourceView, Page, RoutingSettings, RunTrigger, SourceSystem, Timestamp,
    WorkItemOrigin, WorkItemReference,
};
use worklane_store::ItemStore;

use self::ports::{Connection, Connector, Credentials, Secrets};
use self::run::{NotRun, Run};
use self::state::SourceStates;
use crate::{Access, CoreError, WorkItems};

pub use run::IMPORTS_USER;

/// The imports' use cases.
pub struct Imports<'a> {
    store: &'a dyn ItemStore,
    connector: Option<&'a Arc<dyn Connector>>,
    secrets: &'a dyn Secrets,
}

/// The credential fields each mode keeps in the secret store.
const BEARER_FIELDS: [&str; 1] = ["token"];
const OAUTH1_FIELDS: [&str; 4] = [
    "consumer_key",
    "consumer_secret",
    "access_token",
    "access_token_secret",
];

fn secret_name(source: ImportSource, field: &str) -> String {
    format!("imports/{}/{field}", source.key())
}

impl<'a> Imports<'a> {
    pub(crate) fn new(
        store: &'a dyn ItemStore,
        connector: Option<&'a Arc<dyn Connector>>,
        secrets: &'a dyn Secrets,
    ) -> Self {
        Self {
            store,
            connector,
            secrets,
        }
    }

    /// Every source as Admin → Imports shows it. Managers see it too (what waits for someone
    /// to receive it, what was imported and how); only admins change it.
    pub async fn sources(&self, access: &Access) -> Result<Vec<ImportSourceView>, CoreError> {
        access.require_supervisor_to("see the imports")?;
        let mut views = Vec::new();
        for source in ImportSource::ALL {
            views.push(self.view(source).await?);
        }
        Ok(views)
    }

    async fn view(&self, source: ImportSource) -> Result<ImportSourceView, CoreError> {
        let (state, version) = SourceStates::new(self.store).load(source).await?;
        let last_run = log::last_run(self.store, source).await?;
        let schedule = schedule::schedule_of(source);
        let credentials_set = match &state.connection {
            Some(connection) => self.credentials(source, connection).await?.is_some(),
            None => false,
        };
        Ok(ImportSourceView {
            source,
            label: source.label().into(),
            system: source.system(),
            schedule: schedule.words(),
            time_zone: schedule.time_zone().into(),
            expression: schedule.expression(),
            next_run_at: (!state.paused).then(|| {
                schedule.next_after(last_run.as_ref().map(|r| r.started_at), Timestamp::now())
            }),
            paused: state.paused,
            last_run,
            connection: state.connection.map(|c| ConnectionView {
                base_url: c.base_url,
                store_code: c.store_code,
                auth: c.auth,
                credentials_set,
                quiet_minutes: c.quiet_minutes,
            }),
            type_key: source.type_key().into(),
            waiting: queue::count(self.store, source.type_key()).await?,
            version,
        })
    }

    /// The credentials the connection's mode needs, if all are stored.
    async fn credentials(
        &self,
        source: ImportSource,
        connection: &Connection,
    ) -> Result<Option<Credentials>, CoreError> {
        let secret = |field: &'static str| async move {
            self.secrets
                .get(&secret_name(source, field))
                .await
                .map_err(|e| CoreError::Internal(e.to_string()))
        };
        Ok(match connection.auth {
            AuthMode::Bearer => secret("token")
                .await?
                .map(|token| Credentials::Bearer { token }),
            AuthMode::OAuth1 => {
                let (a, b, c, d) = (
                    secret("consumer_key").await?,
                    secret("consumer_secret").await?,
                    secret("access_token").await?,
                    secret("access_token_secret").await?,
                );
                match (a, b, c, d) {
                    (
                        Some(consumer_key),
                        Some(consumer_secret),
                        Some(access_token),
                        Some(access_token_secret),
                    ) => Some(Credentials::OAuth1 {
                        consumer_key,
                        consumer_secret,
                        access_token,
                        access_token_secret,
                    }),
                    _ => None,
                }
            }
        })
    }

    /// A source's connection (no secrets), if one was set.
    pub async fn connection(&self, source: ImportSource) -> Result<Option<Connection>, CoreError> {
        Ok(SourceStates::new(self.store)
            .load(source)
            .await?
            .0
            .connection)
    }

    /// An admin's change of a source's connection: the URL and mode in the table, the
    /// secrets given in the secret store (those left out are kept).
    pub async fn set_connection(
        &self,
        access: &Access,
        source: ImportSource,
        edit: ConnectionEdit,
    ) -> Result<ImportSourceView, CoreError> {
        access.require_admin_to("change an import's connection")?;
        self.configure(source, edit).await
    }

    /// Sets a connection with no one signed in: the local server pointing the imports at its
    /// demo sources.
    pub async fn configure(
        &self,
        source: ImportSource,
        edit: ConnectionEdit,
    ) -> Result<ImportSourceView, CoreError> {
        let connection = check_connection(source, &edit)?;
        let fields: &[&str] = match edit.auth {
            AuthMode::Bearer => &BEARER_FIELDS,
            AuthMode::OAuth1 => &OAUTH1_FIELDS,
        };
        let given = |field: &str| match field {
            "token" => edit.token.as_deref(),
            "consumer_key" => edit.consumer_key.as_deref(),
            "consumer_secret" => edit.consumer_secret.as_deref(),
            "access_token" => edit.access_token.as_deref(),
            _ => edit.access_token_secret.as_deref(),
        };
        for field in fields {
            if let Some(value) = given(field).map(str::trim).filter(|v| !v.is_empty()) {
                self.secrets
                    .put(&secret_name(source, field), value)
                    .await
                    .map_err(|e| CoreError::Internal(e.to_string()))?;
            }
        }
        SourceStates::new(self.store)
            .update(source, |state| {
                state.connection = Some(connection.clone());
                true
            })
            .await?;
        self.view(source).await
    }

    /// Pauses or resumes a source's schedule (Run now still works while paused).
    pub async fn set_paused(
        &self,
        access: &Access,
        source: ImportSource,
        paused: bool,
    ) -> Result<ImportSourceView, CoreError> {
        access.require_admin_to("pause or resume an import")?;
        SourceStates::new(self.store)
            .update(source, |state| {
                state.paused = paused;
                true
            })
            .await?;
        self.view(source).await
    }

    /// An admin's Run now.
    pub async fn run_now(
        &self,
        access: &Access,
        source: ImportSource,
    ) -> Result<ImportRunView, CoreError> {
        access.require_admin_to("run an import")?;
        let (state, _) = SourceStates::new(self.store).load(source).await?;
        self.run(source, state, RunTrigger::RunNow)
            .await?
            .ok_or_else(|| CoreError::Internal("a run now was skipped".into()))
    }

    /// Gives out the records waiting in each type's queue to whoever can receive them now,
    /// logging a run for each source that gave any out; answers how many were given out.
    /// Needs no source: the queue holds the records. Cheap when nothing waits (one keyed
    /// query per source), so the every-minute job runs it.
    pub async fn give_out_waiting(&self) -> Result<u32, CoreError> {
        let mut given = 0;
        for source in ImportSource::ALL {
            let waiting = queue::oldest(self.store, source.type_key()).await?;
            if waiting.is_empty() {
                continue;
            }
            let mut intake = run::Intake::new(self.store, source).await?;
            let views = intake.drain(waiting).await?;
            if views.is_empty() {
                continue;
            }
            let mut log = log::RunLog::start(self.store, source, RunTrigger::Queue).await?;
            for view in views {
                log.record(view).await?;
            }
            let run = log.finish(worklane_domain::RunState::Completed).await?;
            given += run.counts.created;
        }
        Ok(given)
    }

    /// The scheduler's run: none while the source is paused.
    pub async fn run_scheduled(
        &self,
        source: ImportSource,
    ) -> Result<Option<ImportRunView>, CoreError> {
        let (state, _) = SourceStates::new(self.store).load(source).await?;
        if state.paused {
            return Ok(None);
        }
        self.run(source, state, RunTrigger::Schedule).await
    }

    async fn run(
        &self,
        source: ImportSource,
        state: state::SourceState,
        trigger: RunTrigger,
    ) -> Result<Option<ImportRunView>, CoreError> {
        let (connection, reader) = self.connected(source, state).await?;
        let run = Run {
            store: self.store,
            source,
            connection: &connection,
            reader: reader.as_ref(),
        };
        match run.go(trigger).await? {
            Ok(view) => Ok(Some(view)),
            Err(NotRun::Busy) => Err(busy(source)),
        }
    }

    /// The source's connection and a reader over it, or why it cannot be read yet.
    async fn connected(
        &self,
        source: ImportSource,
        state: state::SourceState,
    ) -> Result<(Connection, Box<dyn ports::SourceReader>), CoreError> {
        let connection = state.connection.ok_or_else(|| {
            not_ready(format!(
                "{} has no connection yet: set its URL and credentials on Admin → Imports",
                source.label()
            ))
        })?;
        let reader = self.reader(source, &connection).await?;
        Ok((connection, reader))
    }

    async fn reader(
        &self,
        source: ImportSource,
        connection: &Connection,
    ) -> Result<Box<dyn ports::SourceReader>, CoreError> {
        let connector = self
            .connector
            .ok_or_else(|| not_ready("this deployment has no connector to read import sources"))?;
        let credentials = self.credentials(source, connection).await?.ok_or_else(|| {
            not_ready(format!(
                "{} has no credentials yet: set them on Admin → Imports",
                source.label()
            ))
        })?;
        connector
            .reader(source, connection, credentials)
            .map_err(|e| not_ready(e.to_string()))
    }

    /// A reader of the shop's customers and orders, over the abandoned carts' connection (one
    /// Magento shop serves both), or why there is none yet.
    pub(crate) async fn shop_reader(
        &self,
    ) -> Result<Box<dyn crate::shop::ports::ShopReader>, CoreError> {
        let source = ImportSource::AbandonedCarts;
        let connection = self.connection(source).await?.ok_or_else(|| {
            not_ready("no shop is connected yet: set the Magento connection on Admin → Imports (Abandoned carts)")
        })?;
        let connector = self
            .connector
            .ok_or_else(|| not_ready("this deployment has no connector to read the shop"))?;
        let credentials = self.credentials(source, &connection).await?.ok_or_else(|| {
            not_ready("the shop has no credentials yet: set them on Admin → Imports (Abandoned carts)")
        })?;
        connector
            .shop(&connection, credentials)
            .map_err(|e| not_ready(e.to_string()))
    }

    /// A source's runs, newest first.
    pub async fn runs(
        &self,
        access: &Access,
        source: ImportSource,
        cursor: Option<String>,
    ) -> Result<Page<ImportRunView>, CoreError> {
        access.require_supervisor_to("see the imports")?;
        log::runs(self.store, source, cursor).await
    }

    /// One run with its records.
    pub async fn run_detail(
        &self,
        access: &Access,
        source: ImportSource,
        run_id: &str,
    ) -> Result<ImportRunDetail, CoreError> {
        access.require_supervisor_to("see the imports")?;
        if !crate::ids::is_well_formed(run_id) {
            return Err(CoreError::NotFound("import run"));
        }
        log::detail(self.store, source, run_id).await
    }

    /// Imports one record again, read anew from its source: a failed record an admin
    /// retries. A record imported meanwhile stays one work item.
    pub async fn retry(
        &self,
        access: &Access,
        source: ImportSource,
        external_id: &str,
    ) -> Result<ImportRunView, CoreError> {
        access.require_admin_to("retry an import")?;
        if !decode::is_external_id(external_id) {
            return Err(CoreError::NotFound("import record"));
        }
        let (state, _) = SourceStates::new(self.store).load(source).await?;
        let (connection, reader) = self.connected(source, state).await?;
        let run = Run {
            store: self.store,
            source,
            connection: &connection,
            reader: reader.as_ref(),
        };
        run.retry(external_id)
            .await?
            .map_err(|NotRun::Busy| busy(source))
    }

    /// Who receives a type's imported items.
    pub async fn routing(
        &self,
        access: &Access,
        type_key: &str,
    ) -> Result<RoutingSettings, CoreError> {
        access.require_admin_to("see routing")?;
        crate::Catalog::new(self.store).work_type(type_key).await?;
        routing::settings(self.store, type_key).await
    }

    pub async fn set_routing(
        &self,
        access: &Access,
        settings: RoutingSettings,
    ) -> Result<RoutingSettings, CoreError> {
        access.require_admin_to("change routing")?;
        crate::Catalog::new(self.store)
            .work_type(&settings.type_key)
            .await?;
        let team = crate::users::Users::new(self.store).team().await?;
        routing::save_settings(self.store, settings, &team).await
    }

    /// An item's Reference and routing decision, if `access` may see the item.
    pub async fn origin(&self, access: &Access, number: u64) -> Result<WorkItemOrigin, CoreError> {
        WorkItems::new(self.store)
            .load_to_read(access, number)
            .await?;
        references::References::new(self.store).origin(number).await
    }

    /// Reloads the carts of the contact's open Abandoned Shopping Cart items (the newest 50
    /// items looked at) — Sync with Magento on the contact page. A cart the shop no longer has
    /// is left as it was.
    pub(crate) async fn sync_contact_carts(
        &self,
        access: &Access,
        contact: &worklane_domain::ContactId,
    ) -> Result<(), CoreError> {
        let items = WorkItems::new(self.store)
            .for_contact(access, contact, None)
            .await?;
        let carts = items.items.iter().filter(|item| {
            item.type_key == ImportSource::AbandonedCarts.type_key()
                && item.closing_reason.is_none()
                && item.merged_into.is_none()
        });
        for item in carts {
            match self.sync_cart(access, item.number).await {
                Ok(_) | Err(CoreError::WrongState { .. } | CoreError::Forbidden(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Reloads an Abandoned Shopping Cart item's cart from the shop now.
    pub async fn sync_cart(
        &self,
        access: &Access,
        number: u64,
    ) -> Result<WorkItemOrigin, CoreError> {
        WorkItems::new(self.store)
            .load_to_change(access, number)
            .await?;
        let references = references::References::new(self.store);
        let origin = references.origin(number).await?;
        let Some(WorkItemReference::AbandonedCart(cart)) = &origin.reference else {
            return Err(CoreError::WrongState {
                message: "only an Abandoned Shopping Cart item has a cart to sync".into(),
                current: serde_json::Value::Null,
            });
        };
        let source = ImportSource::AbandonedCarts;
        let (state, _) = SourceStates::new(self.store).load(source).await?;
        let (connection, reader) = self.connected(source, state).await?;
        let body = reader
            .one(&cart.cart_id)
            .await
            .map_err(|e| CoreError::Upstream(e.to_string()))?
            .ok_or_else(|| CoreError::WrongState {
                message: format!("the shop no longer has cart {}", cart.cart_id),
                current: serde_json::Value::Null,
            })?;
        let decoded = decode::decode(source, &body, 1, &connection);
        let fresh = match decoded {
            decode::Decoded::Import(i) | decode::Decoded::CartOnly(i, _) => i.reference,
            decode::Decoded::Failed { reason, .. } => {
                return Err(CoreError::Upstream(format!(
                    "the shop's cart could not be read: {reason}"
                )));
            }
        };
        if let WorkItemReference::AbandonedCart(fresh) = &fresh {
            references.refresh_cart(number, fresh).await?;
        }
        references.origin(number).await
    }
}

fn busy(source: ImportSource) -> CoreError {
    CoreError::WrongState {
        message: format!(
            "{} is being imported right now; try again when that run ends",
            source.label()
        ),
        current: serde_json::Value::Null,
    }
}

/// The connection an admin typed, checked: a web address, a store code of letters, digits and
/// underscores, a quiet time of at most a week.
fn check_connection(source: ImportSource, edit: &ConnectionEdit) -> Result<Connection, CoreError> {
    let mut errors = FieldErrors::new();
    let base_url = edit.base_url.trim().trim_end_matches('/').to_string();
    let web = (base_url.starts_with("https://") || base_url.starts_with("http://"))
        && base_url.len() <= 300
        && !base_url.contains(char::is_whitespace);
    if !web {
        errors.add(
            "base_url",
            "enter the address as https://… (at most 300 characters)",
        );
    }
    let store_code = edit
        .store_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    if let Some(code) = &store_code
        && (code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        errors.add(
            "store_code",
            "a store code has at most 32 letters, digits or underscores",
        );
    }
    if edit.quiet_minutes.is_some_and(|m| m > 10_080) {
        errors.add("quiet_minutes", "at most 10,080 minutes (a week)");
    }
    let magento = source.system() == SourceSystem::Magento;
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(Connection {
        base_url,
        store_code: store_code.filter(|_| magento),
        auth: edit.auth,
        quiet_minutes: if magento {
            Some(edit.quiet_minutes.unwrap_or(60))
        } else {
            None
        },
    })
}

/// A request the imports cannot serve until an admin sets something up.
fn not_ready(message: impl Into<String>) -> CoreError {
    CoreError::WrongState {
        message: message.into(),
        current: serde_json::Value::Null,
    }
}
