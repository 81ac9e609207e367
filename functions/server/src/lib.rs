//! The local Worklane: the API router, the built browser app and the embedded store in one
//! process, the way a laptop runs the same code AWS runs as Lambda functions.

mod demo_imports;
mod jobs;
mod secrets;
mod simulate;
mod simulate_call;
mod site;

pub use demo_imports::{demo_sources, point_imports_at_demo, run_each_import_once};
pub use jobs::{deliver_reminders_every, resume_reindex_every, run_scheduled_jobs};
pub use secrets::FileSecrets;
pub use simulate::simulate;
pub use simulate_call::simulate_call;
pub use site::with_site;

use std::sync::Arc;

use worklane_webhook_auth::{SnsVerifier, StaticCertificateSource};

/// The webhook secret of a laptop that set none: anyone who can reach the local server can
/// sign with it, so it is only for the local demo (a deployment sets its own).
pub const LOCAL_WEBHOOK_SECRET: &str = "worklane-local-webhook-secret";

/// Webhooks as the local server checks them: SMS and call events signed with `secret`, and
/// SES notifications signed with the demo key of `worklane-webhook-auth` (what
/// `signed_demo_notification` produces), from any topic.
pub fn local_webhooks(secret: &str) -> worklane_api::Webhooks {
    let sns = SnsVerifier::new(Arc::new(StaticCertificateSource::demo()));
    worklane_api::Webhooks::new(secret, sns)
}
