//! `worklane`: Worklane on one machine, on the embedded store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use worklane_core::imports::ports::{MemorySecrets, Secrets};
use worklane_core::{Worklane, seed_demo_data};
use worklane_store::EmbeddedStore;

#[derive(Parser, Debug)]
#[command(
    name = "worklane",
    about = "Worklane CRM on one machine: API, app and embedded store"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(long, env = "WORKLANE_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The database file (created on first start).
    #[arg(long, env = "WORKLANE_DATA", default_value = "data/worklane.redb")]
    data: PathBuf,
    /// Keep everything in memory instead (nothing survives a restart).
    #[arg(long, env = "WORKLANE_IN_MEMORY")]
    in_memory: bool,
    /// The built browser app.
    #[arg(long, env = "WORKLANE_SITE", default_value = "target/site")]
    site: PathBuf,
    /// How many demo contacts an empty store is seeded with.
    #[arg(long, env = "WORKLANE_DEMO_CONTACTS", default_value_t = 2000)]
    demo_contacts: usize,
    /// Do not run each import once at start (they still run on their schedules): the demo
    /// sources' first records then wait for a Run now.
    #[arg(long, env = "WORKLANE_NO_FIRST_IMPORT")]
    no_first_import: bool,
    /// The secret SMS and call webhooks are signed with (HMAC-SHA256).
    #[arg(
        long,
        env = "WORKLANE_WEBHOOK_SECRET",
        default_value = worklane_server::LOCAL_WEBHOOK_SECRET,
        hide_env_values = true
    )]
    webhook_secret: String,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Sends inbound email, SMS and missed calls to a running Worklane's webhooks, signed as
    /// its providers would sign them, so the demo inbox gets new messages.
    Simulate {
        /// The running Worklane.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Rounds of one email, one SMS and one missed call.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
        /// Instead, ring this rep (their email, e.g. rep1@worklane.test): an inbound call
        /// that opens their Call Slat.
        #[arg(long)]
        call_to: Option<String>,
        /// The caller's number (by default a demo contact's).
        #[arg(long)]
        from: Option<String>,
        /// The caller hangs up after this many seconds (by default the rep ends the call).
        #[arg(long)]
        talk_seconds: Option<u64>,
    },
}

/// How often due reminders are moved into Unread.
const REMINDER_PERIOD: std::time::Duration = std::time::Duration::from_secs(5);
const REINDEX_PERIOD: std::time::Duration = std::time::Duration::from_secs(5);

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .init();
    let args = Args::parse();
    let outcome = match &args.command {
        Some(Command::Simulate {
            url,
            call_to: Some(rep),
            from,
            talk_seconds,
            ..
        }) => {
            let talk = talk_seconds.map(std::time::Duration::from_secs);
            worklane_server::simulate_call(url, &args.webhook_secret, rep, from.as_deref(), talk)
                .await
                .map(|lines| lines.iter().for_each(|line| println!("{line}")))
        }
        Some(Command::Simulate { url, rounds, .. }) => {
            worklane_server::simulate(url, &args.webhook_secret, *rounds)
                .await
                .map(|sent| sent.iter().for_each(|line| println!("sent {line}")))
        }
        None => run(args).await,
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("worklane: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let store = if args.in_memory {
        EmbeddedStore::in_memory()
    } else {
        EmbeddedStore::open(&args.data)
    }
    .map_err(|e| format!("cannot open the store at {}: {e}", args.data.display()))?;
    let seeding = Worklane::local(Arc::new(store.clone().fast_unsafe_commits()));
    let demo = seed_demo_data(&seeding, args.demo_contacts)
        .await
        .map_err(|e| format!("cannot seed the demo data: {e}"))?;
    let secrets: Arc<dyn Secrets> = if args.in_memory {
        Arc::new(MemorySecrets::default())
    } else {
        Arc::new(worklane_server::FileSecrets::new(
            args.data.with_file_name("secrets.json"),
        ))
    };
    let connector = worklane_sources_http::HttpConnector::new()
        .map_err(|e| format!("cannot make the HTTP client the imports use: {e}"))?;
    let app = Worklane::local(Arc::new(store.durable())).with_imports(Arc::new(connector), secrets);
    app.catalog()
        .ensure_presets()
        .await
        .map_err(|e| format!("cannot write the preset workflows and types: {e}"))?;
    if demo.created {
        println!(
            "Seeded {} demo contacts, {} work items and {} interactions.",
            demo.contacts, demo.work_items, demo.interactions
        );
    }
    println!("Demo sign-ins (password for all: {}):", demo.password);
    for login in &demo.logins {
        println!(
            "  {:<8} {:<24} {}",
            login.role.label(),
            login.email,
            login.name
        );
    }
    if !args.site.join("index.html").exists() {
        tracing::warn!(site = %args.site.display(), "the app is not built; `make run` builds it");
    }
    worklane_server::deliver_reminders_every(app.clone(), REMINDER_PERIOD);
    worklane_server::resume_reindex_every(app.clone(), REINDEX_PERIOD);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let origin = format!("http://{local}");
    // The demo website and shop are served by this server; the imports read them over HTTP
    // like the real ones, on their schedules, after a first run as soon as it listens.
    let demo_sources = worklane_server::demo_sources(&origin)
        .map_err(|e| format!("cannot make the demo sources: {e}"))?;
    worklane_server::point_imports_at_demo(&app, &origin)
        .await
        .map_err(|e| format!("cannot point the imports at the demo sources: {e}"))?;
    let importing = app.clone();
    let first_import = !args.no_first_import;
    tokio::spawn(async move {
        if first_import {
            worklane_server::run_each_import_once(&importing).await;
        }
        worklane_server::run_scheduled_jobs(importing);
    });
    let webhooks = worklane_server::local_webhooks(&args.webhook_secret);
    // Clients connect straight to this server: the TCP peer is the client's address.
    let api = worklane_api::router(app, webhooks, worklane_api::Edge::Direct).merge(demo_sources);
    let router = worklane_server::with_site(api, &args.site);
    println!("Worklane is running on {origin}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("the server stopped: {e}"))
}
