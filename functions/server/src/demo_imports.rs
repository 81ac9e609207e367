//! The imports on a laptop: a demo website feed and a demo Magento shop served by this very
//! server on loopback (`/demo-sources/...`, the same shapes as the real ones), the imports
//! pointed at them, and a first run of each at start, so `make run` shows quiz takers, FAQ
//! questions and abandoned carts arriving routed and explained with nothing to configure.

use axum::Router;
use worklane_core::{ContactGenerator, CoreError, Worklane};
use worklane_demo_sources::{DemoConfig, DemoPerson};
use worklane_domain::{AuthMode, ConnectionEdit, ImportSource, SourceSystem};

/// Where the demo sources are mounted on the local server.
pub const DEMO_SOURCES_PATH: &str = "/demo-sources";
/// The demo reps (worklane-core's demo users), named by the shop's admin-panel orders.
const DEMO_ADVISORS: [&str; 6] = [
    "Riley Rep",
    "Sam Rivera",
    "Taylor Chen",
    "Jordan Patel",
    "Casey Novak",
    "Jamie Okafor",
];
/// The bearer token the demo sources accept (they are on loopback and hold made-up data).
const DEMO_TOKEN: &str = "worklane-demo-source-token";

/// The demo sources, whose people are partly the demo contacts (the same generator seeds
/// both), so some records match existing contacts and some become new leads. `origin` is this
/// server as browsers reach it: the carts' product pictures and links point at the demo shop
/// there.
pub fn demo_sources(origin: &str) -> Result<Router, CoreError> {
    let mut generator = ContactGenerator::new();
    let mut known_people = Vec::new();
    for _ in 0..40 {
        let contact = generator.next_contact()?;
        let name = contact.name.to_string();
        let (first, last) = name.split_once(' ').unwrap_or((name.as_str(), ""));
        let Some(email) = contact.emails.first() else {
            continue;
        };
        known_people.push(DemoPerson {
            first_name: first.into(),
            last_name: last.into(),
            email: email.to_string(),
            phone: contact.phones.first().map(|p| p.to_string()),
        });
    }
    let config = DemoConfig {
        token: DEMO_TOKEN.into(),
        known_people,
        seed: 2026,
        backlog: 10,
        every: std::time::Duration::from_secs(2 * 60),
        shop_url: format!("{origin}{DEMO_SOURCES_PATH}/shop"),
        // The demo's reps: they place orders in the shop's admin panel for their customers.
        advisors: DEMO_ADVISORS.iter().map(|name| name.to_string()).collect(),
    };
    Ok(Router::new().nest(DEMO_SOURCES_PATH, worklane_demo_sources::router(config)))
}

/// Points every import that has no connection (or still points at a demo on loopback, whose
/// port may have changed) at the demo sources served from `origin`.
pub async fn point_imports_at_demo(app: &Worklane, origin: &str) -> Result<(), CoreError> {
    let imports = app.imports();
    for source in ImportSource::ALL {
        let current = imports.connection(source).await?;
        let ours = current.as_ref().is_none_or(|c| {
            c.base_url.contains(DEMO_SOURCES_PATH) && c.base_url.starts_with("http://127.0.0.1")
        });
        if !ours {
            continue;
        }
        let base_url = match source.system() {
            SourceSystem::WebsiteFeed => format!("{origin}{DEMO_SOURCES_PATH}/website"),
            SourceSystem::Magento => format!("{origin}{DEMO_SOURCES_PATH}/shop"),
        };
        let edit = ConnectionEdit {
            base_url,
            auth: AuthMode::Bearer,
            token: Some(DEMO_TOKEN.into()),
            // Demo carts count as abandoned after a minute, so new ones arrive while you look.
            quiet_minutes: Some(1),
            ..ConnectionEdit::default()
        };
        imports.configure(source, edit).await?;
    }
    Ok(())
}

/// Runs every import once, then the shop sync: on the first start this brings in the demo's
/// quiz, FAQ and cart work items through the imports themselves, each with its Reference, and
/// the shop's customers and orders onto the contacts.
pub async fn run_each_import_once(app: &Worklane) {
    for source in ImportSource::ALL {
        match worklane_jobs::run_import(app, source).await {
            Ok(_) => {}
            Err(error) => tracing::warn!(source = source.key(), %error, "a first import failed"),
        }
    }
    if let Err(error) = worklane_jobs::run(app, worklane_jobs::Job::ShopSync).await {
        tracing::warn!(%error, "the first shop sync failed");
    }
}
