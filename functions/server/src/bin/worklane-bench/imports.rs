//! The imports' figures (`--imports`): how long a 50-record run of the Body Type Quiz import
//! takes over HTTP from the demo website on loopback, and how many store requests each
//! imported record costs, on the embedded engine or (with `--dynamodb-endpoint`) DynamoDB;
//! then the first page of Admin → Imports with 10,000 runs logged.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use worklane_core::imports::ports::{
    Connection, Connector, Credentials, MemorySecrets, Position, RawRecord, SourceError,
    SourceReader,
};
use worklane_core::{Actor, Worklane};
use worklane_domain::{
    AuthMode, ConnectionEdit, Email, ImportSource, NewUser, Password, PersonName, Role,
};
use worklane_store::{EmbeddedStore, ItemStore};

use super::counting::Counting;
use super::report;

/// A source with nothing new: runs that only log themselves.
struct Empty;

#[async_trait]
impl SourceReader for Empty {
    async fn after(&self, _: Option<&Position>, _: usize) -> Result<Vec<RawRecord>, SourceError> {
        Ok(Vec::new())
    }
    async fn one(&self, _: &str) -> Result<Option<serde_json::Value>, SourceError> {
        Ok(None)
    }
}

struct EmptyConnector;

impl Connector for EmptyConnector {
    fn reader(
        &self,
        _: ImportSource,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError> {
        Ok(Box::new(Empty))
    }

    fn shop(
        &self,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn worklane_core::shop::ports::ShopReader>, SourceError> {
        Err(SourceError::NotConfigured("the bench has no shop".into()))
    }
}

const TOKEN: &str = "a-bench-token";

pub async fn bench(
    data: &std::path::Path,
    dynamodb: Option<&str>,
    samples: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let (engine, inner): (&str, Arc<dyn ItemStore>) = match dynamodb {
        Some(endpoint) => ("DynamoDB", dynamodb_store(endpoint).await?),
        None => {
            if data.exists() {
                std::fs::remove_file(data)?;
            }
            if let Some(dir) = data.parent() {
                std::fs::create_dir_all(dir)?;
            }
            ("embedded", Arc::new(EmbeddedStore::open(data)?))
        }
    };
    let counting = Arc::new(Counting::new(inner));
    // The demo website on loopback, with 50 quiz takers waiting.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let website = format!("http://{}/website", listener.local_addr()?);
    let sources = worklane_demo_sources::router(worklane_demo_sources::DemoConfig {
        token: TOKEN.into(),
        known_people: Vec::new(),
        seed: 11,
        backlog: 50,
        every: Duration::from_secs(24 * 3600),
        shop_url: format!("http://{}/shop", listener.local_addr()?),
        advisors: Vec::new(),
    });
    tokio::spawn(async move { axum::serve(listener, sources).await });
    let app = Worklane::local(counting.clone()).with_imports(
        Arc::new(worklane_sources_http::HttpConnector::new()?),
        Arc::new(MemorySecrets::default()),
    );
    app.catalog().ensure_presets().await?;
    let admin = app
        .users()
        .create_first_admin(user("admin@example.com", "Ada Admin", Role::Admin)?)
        .await?;
    let admin = app.access_for(Actor::from(admin)).await?;
    for n in 1..=6 {
        let rep = user(
            &format!("rep{n}@example.com"),
            &format!("Rep {n}"),
            Role::Rep,
        )?;
        app.users().create(&admin, rep).await?;
    }
    let edit = ConnectionEdit {
        base_url: website,
        auth: AuthMode::Bearer,
        token: Some(TOKEN.into()),
        ..ConnectionEdit::default()
    };
    app.imports()
        .set_connection(&admin, ImportSource::BodyTypeQuiz, edit)
        .await?;
    counting.take();
    let started = Instant::now();
    let run = app
        .imports()
        .run_now(&admin, ImportSource::BodyTypeQuiz)
        .await?;
    let took = started.elapsed();
    let (requests, written) = counting.take();
    let counts = run.counts;
    println!(
        "{engine}: a run of {} records ({} created, {} new leads, {} failed) took {:.0} ms, {:.1} ms a record",
        counts.fetched,
        counts.created,
        counts.new_leads,
        counts.failed,
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e3 / f64::from(counts.fetched.max(1)),
    );
    println!(
        "{engine}: {requests} store requests for the run, {:.1} a record; {written} items written, {:.1} a record",
        requests as f64 / f64::from(counts.fetched.max(1)),
        written as f64 / f64::from(counts.fetched.max(1)),
    );
    if dynamodb.is_some() {
        return Ok(());
    }
    // 10,000 runs logged, then the first page of Admin → Imports and of a source's runs.
    let logged = Worklane::local(counting.clone())
        .with_imports(Arc::new(EmptyConnector), Arc::new(MemorySecrets::default()));
    let secrets_edit = ConnectionEdit {
        base_url: "https://www.example.com/feed".into(),
        auth: AuthMode::Bearer,
        token: Some(TOKEN.into()),
        ..ConnectionEdit::default()
    };
    logged
        .imports()
        .set_connection(&admin, ImportSource::FaqRequests, secrets_edit)
        .await?;
    let started = Instant::now();
    for _ in 0..10_000 {
        logged
            .imports()
            .run_now(&admin, ImportSource::FaqRequests)
            .await?;
    }
    println!(
        "{engine}: 10,000 empty runs logged in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut page = Vec::with_capacity(samples);
    counting.take();
    for _ in 0..samples {
        let started = Instant::now();
        logged.imports().sources(&admin).await?;
        page.push(started.elapsed());
    }
    let (requests, _) = counting.take();
    report(
        &format!(
            "{engine}: Admin → Imports with 10,000 runs logged ({} store requests)",
            requests / samples.max(1)
        ),
        &mut page,
    );
    let mut runs = Vec::with_capacity(samples);
    for _ in 0..samples {
        let started = Instant::now();
        logged
            .imports()
            .runs(&admin, ImportSource::FaqRequests, None)
            .await?;
        runs.push(started.elapsed());
    }
    report(
        &format!("{engine}: a source's first page of runs"),
        &mut runs,
    );
    Ok(())
}

fn user(email: &str, name: &str, role: Role) -> Result<NewUser, String> {
    Ok(NewUser {
        email: Email::parse(email)?,
        name: PersonName::parse(name)?,
        role,
        extension: None,
        password: Password::parse("a long password")?,
    })
}

/// A fresh table on the DynamoDB at `endpoint` (moto).
#[cfg(feature = "dynamodb-bench")]
async fn dynamodb_store(endpoint: &str) -> Result<Arc<dyn ItemStore>, Box<dyn std::error::Error>> {
    let client = worklane_store_dynamo::local_client(endpoint);
    let table = format!("bench-imports-{}", std::process::id());
    worklane_store_dynamo::create_table(&client, &table).await?;
    Ok(Arc::new(worklane_store_dynamo::DynamoStore::new(
        client, table,
    )))
}

#[cfg(not(feature = "dynamodb-bench"))]
async fn dynamodb_store(_: &str) -> Result<Arc<dyn ItemStore>, Box<dyn std::error::Error>> {
    Err("build the bench with --features dynamodb-bench to measure on DynamoDB".into())
}
