//! `worklane-bench`: loads contacts into a fresh embedded store and prints how long the
//! reads reps wait on take — contact search, the first page of the contacts list, one
//! contact; with `--work-items`, My Work Items and a contact's WORK ITEM tab; with
//! `--inbox-items`, a rep's Inbox — as p50 and p99 over many requests. Figures only;
//! nothing is asserted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

#[path = "worklane-bench/counting.rs"]
mod counting;
#[path = "worklane-bench/imports.rs"]
mod imports;
#[path = "worklane-bench/inbox.rs"]
mod inbox;
#[path = "worklane-bench/orders.rs"]
mod orders;
#[path = "worklane-bench/visibility.rs"]
mod visibility;
#[path = "worklane-bench/work_orders.rs"]
mod work_orders;
use worklane_core::{
    Access, Actor, ContactFilter, ContactGenerator, MyWorkItemsFilter, Worklane, seed_demo_data,
};
use worklane_domain::{Priority, Role};
use worklane_store::EmbeddedStore;

#[derive(Parser, Debug)]
#[command(about = "Measure Worklane's contact reads on the embedded engine")]
struct Args {
    /// Contacts to load.
    #[arg(long, default_value_t = 100_000)]
    contacts: usize,
    /// Requests measured per figure.
    #[arg(long, default_value_t = 2_000)]
    samples: usize,
    /// Work items to load across the contacts and reps (0: measure contacts only).
    #[arg(long, default_value_t = 0)]
    work_items: usize,
    /// Inbound emails to load into one rep's inbox, nine in ten then marked read (0: skip).
    #[arg(long, default_value_t = 0)]
    inbox_items: usize,
    /// Measure the access seam instead: contacts lists public and private, store writes per
    /// saved work item, the re-index after a department of 50 moves.
    #[arg(long)]
    visibility: bool,
    /// Measure the imports instead: a 50-record run and its store requests per record, and
    /// Admin → Imports with 10,000 runs logged.
    #[arg(long)]
    imports: bool,
    /// Measure the nightly order validation instead: this many calls with a linked order
    /// (and as many orders in the shop) synced and checked.
    #[arg(long)]
    orders: Option<usize>,
    /// Measure the Work Orders list instead: this many work orders in a five-level
    /// organisation of 501 users, the first page of its scenes, and the writes of one order.
    #[arg(long)]
    work_orders: Option<usize>,
    /// With `--imports`: run on DynamoDB at this endpoint (moto) instead of the embedded engine.
    #[arg(long)]
    dynamodb_endpoint: Option<String>,
    /// Where the benchmark database is written (replaced on each run).
    #[arg(long, default_value = "target/bench/contacts.redb")]
    data: std::path::PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if args.visibility {
        return visibility::bench(&args.data, args.contacts, args.samples).await;
    }
    if let Some(count) = args.work_orders {
        return work_orders::bench(&args.data, count, args.samples).await;
    }
    if let Some(calls) = args.orders {
        return orders::bench(&args.data, calls).await;
    }
    if args.imports {
        return imports::bench(&args.data, args.dynamodb_endpoint.as_deref(), args.samples).await;
    }
    if args.data.exists() {
        std::fs::remove_file(&args.data)?;
    }
    let store = EmbeddedStore::open(&args.data)?;
    let loader = Worklane::local(Arc::new(store.clone().fast_unsafe_commits()));
    let started = Instant::now();
    seed_demo_data(&loader, 0).await?;
    let actor = manager(&loader).await?;
    let mut generator = ContactGenerator::new();
    let mut names = Vec::with_capacity(args.contacts);
    for n in 0..args.contacts {
        let fields = generator.next_contact()?;
        names.push(fields.name.as_str().to_lowercase());
        loader.contacts().create(&actor, fields).await?;
        if (n + 1) % 20_000 == 0 {
            eprintln!("  loaded {} contacts", n + 1);
        }
    }
    let load_time = started.elapsed();
    let size = std::fs::metadata(&args.data)?.len();
    println!(
        "loaded {} contacts in {:.1} s ({:.0}/s); database {:.1} MB",
        args.contacts,
        load_time.as_secs_f64(),
        args.contacts as f64 / load_time.as_secs_f64(),
        size as f64 / 1e6
    );

    let app = Worklane::local(Arc::new(store.durable()));
    let contacts = app.contacts();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut pick = |len: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % len as u64) as usize
    };

    let mut search = Vec::with_capacity(args.samples);
    let mut hits_total = 0;
    for _ in 0..args.samples {
        let name = &names[pick(names.len())];
        let prefix_len = 2 + pick(4);
        let query: String = name.chars().take(prefix_len).collect();
        let t = Instant::now();
        let hits = contacts.search(&actor, &query).await?;
        search.push(t.elapsed());
        hits_total += hits.len();
    }
    report("contact search (2-5 char prefix)", &mut search);
    println!(
        "  mean hits per search: {:.1}",
        hits_total as f64 / args.samples as f64
    );

    let mut first_page = Vec::with_capacity(args.samples);
    let mut some_ids = Vec::new();
    for _ in 0..args.samples {
        let t = Instant::now();
        let page = contacts.list(&actor, ContactFilter::default()).await?;
        first_page.push(t.elapsed());
        if some_ids.is_empty() {
            some_ids = page.items.iter().map(|c| c.id.clone()).collect();
        }
    }
    report("contacts list, first page of 25", &mut first_page);

    let mut one = Vec::with_capacity(args.samples);
    for _ in 0..args.samples {
        let id = &some_ids[pick(some_ids.len())];
        let t = Instant::now();
        contacts.get(&actor, id).await?;
        one.push(t.elapsed());
    }
    report("one contact by id", &mut one);

    if args.work_items > 0 {
        bench_work_items(&loader, &app, &actor, args.work_items, args.samples).await?;
    }
    if args.inbox_items > 0 {
        inbox::bench(&loader, &app, &actor, args.inbox_items, args.samples).await?;
    }
    Ok(())
}

/// Loads work items spread over the first contacts and every rep, then measures the two
/// lists reps open most: My Work Items (unfiltered, by type, by status and priority) and a
/// contact's WORK ITEM tab.
async fn bench_work_items(
    loader: &Worklane,
    app: &Worklane,
    manager: &Access,
    count: usize,
    samples: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    loader.catalog().ensure_presets().await?;
    let mut reps = Vec::new();
    for member in app.users().team().await? {
        if member.role == Role::Rep {
            reps.push(app.access_for(Actor::from(member)).await?);
        }
    }
    let mut contacts = Vec::new();
    let mut cursor = None;
    while contacts.len() < 5_000 {
        let filter = ContactFilter {
            cursor,
            limit: Some(100),
            ..ContactFilter::default()
        };
        let page = app.contacts().list(manager, filter).await?;
        contacts.extend(page.items.into_iter().map(|c| c.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let types = [
        "support-ticket",
        "product-info-query",
        "faq-request",
        "fraud-review",
        "service-ticket",
        "work-order",
    ];
    let started = Instant::now();
    for n in 0..count {
        // Each rep gets every type in turn (item n goes to rep n % reps).
        let request = worklane_domain::NewWorkItemRequest {
            type_key: types[(n / reps.len()) % types.len()].into(),
            description: format!("Benchmark request {n}"),
            assignee_id: reps[n % reps.len()].user_id().cloned(),
        };
        loader
            .work_items()
            .create(manager, &contacts[n % contacts.len()], request)
            .await?;
        if (n + 1) % 100_000 == 0 {
            eprintln!("  loaded {} work items", n + 1);
        }
    }
    let load_time = started.elapsed();
    println!(
        "loaded {count} work items in {:.1} s ({:.0}/s)",
        load_time.as_secs_f64(),
        count as f64 / load_time.as_secs_f64()
    );
    let unfiltered = |_: usize| MyWorkItemsFilter::default();
    let mut mine = my_work_items(app, &reps, samples, unfiltered).await?;
    report("My Work Items, first page of 50", &mut mine.times);
    // The type has an index of its own; a status has one too, and the priority is then
    // checked item by item (New and High: the fraud reviews among the New items).
    let by_type = |n: usize| MyWorkItemsFilter {
        type_key: Some(types[(n / reps.len()) % types.len()].into()),
        ..MyWorkItemsFilter::default()
    };
    let mut mine = my_work_items(app, &reps, samples, by_type).await?;
    report(
        "My Work Items filtered by type, first page",
        &mut mine.times,
    );
    println!("  mean items per page: {:.1}", mine.mean_items());
    let by_status_and_priority = |_: usize| MyWorkItemsFilter {
        status: Some("NEW".into()),
        priority: Some(Priority::High),
        ..MyWorkItemsFilter::default()
    };
    let mut mine = my_work_items(app, &reps, samples, by_status_and_priority).await?;
    report(
        "My Work Items filtered by status New and priority High, first page",
        &mut mine.times,
    );
    println!("  mean items per page: {:.1}", mine.mean_items());
    let mut tab = Vec::with_capacity(samples);
    for n in 0..samples {
        let contact = &contacts[(n * 7919) % contacts.len()];
        let t = Instant::now();
        app.work_items().for_contact(manager, contact, None).await?;
        tab.push(t.elapsed());
    }
    report("a contact's WORK ITEM tab, first page", &mut tab);
    Ok(())
}

struct Pages {
    times: Vec<Duration>,
    items: usize,
}

impl Pages {
    fn mean_items(&self) -> f64 {
        self.items as f64 / self.times.len() as f64
    }
}

/// The first page of My Work Items for each rep in turn, with the filter of request `n`.
async fn my_work_items(
    app: &Worklane,
    reps: &[Access],
    samples: usize,
    filter: impl Fn(usize) -> MyWorkItemsFilter,
) -> Result<Pages, Box<dyn std::error::Error>> {
    let mut pages = Pages {
        times: Vec::with_capacity(samples),
        items: 0,
    };
    for n in 0..samples {
        let filter = filter(n);
        let t = Instant::now();
        let page = app
            .work_items()
            .assigned_open(&reps[n % reps.len()], filter)
            .await?;
        pages.times.push(t.elapsed());
        pages.items += page.items.len();
    }
    Ok(pages)
}

async fn manager(app: &Worklane) -> Result<Access, Box<dyn std::error::Error>> {
    let team = app.users().team().await?;
    let manager = team
        .into_iter()
        .find(|m| m.role == Role::Manager)
        .ok_or("no manager in the demo data")?;
    Ok(app.access_for(Actor::from(manager)).await?)
}

pub(crate) fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!(
        "{what}: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} requests",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
        samples.len()
    );
}
