//! The nightly order validation's figures (`--orders`): 10,000 calls with a linked order on
//! the embedded engine, the shop's 10,000 orders synced, then one night's check — its time,
//! and the store and shop requests it costs per call.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use serde_json::{Value, json};
use worklane_core::imports::ports::{
    Connection, Connector, Credentials, MemorySecrets, Position, RawRecord, SourceError,
    SourceReader,
};
use worklane_core::shop::ports::ShopReader;
use worklane_core::{Actor, Worklane};
use worklane_domain::{
    AuthMode, CallOutcome, ConnectionEdit, ContactInput, ContactKind, Direction, Email,
    ImportSource, LogCall, NewUser, Password, PersonName, Role, Timestamp,
};
use worklane_store::EmbeddedStore;

use super::counting::Counting;

/// A shop in memory, counting what it is asked.
struct Shop {
    orders: Vec<(Position, Value)>,
    by_number: HashMap<String, Value>,
    requests: AtomicUsize,
}

struct Reader(Arc<Shop>);

#[async_trait]
impl ShopReader for Reader {
    async fn customers_after(
        &self,
        _: Option<&Position>,
        _: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        Ok(Vec::new())
    }

    async fn orders_after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        let start = match after {
            Some(Position::Updated { id, .. }) => *id as usize,
            _ => 0,
        };
        Ok(self.0.orders[start.min(self.0.orders.len())..]
            .iter()
            .take(limit)
            .map(|(position, body)| RawRecord {
                position: position.clone(),
                body: body.clone(),
            })
            .collect())
    }

    async fn customers_with_email(&self, _: &str) -> Result<Vec<Value>, SourceError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        Ok(Vec::new())
    }

    async fn orders_with_email(&self, _: &str, _: usize) -> Result<Vec<Value>, SourceError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        Ok(Vec::new())
    }

    async fn order_numbered(&self, number: &str) -> Result<Option<Value>, SourceError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        Ok(self.0.by_number.get(number).cloned())
    }
}

struct ShopConnector(Arc<Shop>);

impl Connector for ShopConnector {
    fn reader(
        &self,
        _: ImportSource,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError> {
        Err(SourceError::NotConfigured(
            "the bench reads only the shop".into(),
        ))
    }

    fn shop(&self, _: &Connection, _: Credentials) -> Result<Box<dyn ShopReader>, SourceError> {
        Ok(Box::new(Reader(self.0.clone())))
    }
}

pub(crate) fn user(email: &str, name: &str, role: Role) -> Result<NewUser, String> {
    Ok(NewUser {
        email: Email::parse(email)?,
        name: PersonName::parse(name)?,
        role,
        extension: None,
        password: Password::parse("a long password")?,
    })
}

fn shop_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

pub async fn bench(data: &std::path::Path, calls: usize) -> Result<(), Box<dyn std::error::Error>> {
    if data.exists() {
        std::fs::remove_file(data)?;
    }
    if let Some(dir) = data.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let store = EmbeddedStore::open(data)?.fast_unsafe_commits();
    let counting = Arc::new(Counting::new(Arc::new(store)));
    let reps = 20;
    let contacts = 1_000;
    let day = Timestamp::now() - jiff::SignedDuration::from_hours(30);
    // Nine in ten orders are the caller's, within the window; the rest another rep's.
    let mut orders = Vec::with_capacity(calls);
    let mut by_number = HashMap::with_capacity(calls);
    for n in 0..calls {
        let start = day + jiff::SignedDuration::from_secs(n as i64);
        let placed = start + jiff::SignedDuration::from_mins(5);
        let advisor = if n % 10 == 9 {
            (n + 1) % reps
        } else {
            n % reps
        };
        let number = format!("{:09}", 100_000 + n);
        let body = json!({
            "entity_id": n + 1, "increment_id": number,
            "created_at": shop_time(placed), "updated_at": shop_time(placed),
            "status": "processing", "grand_total": 49.5, "order_currency_code": "USD",
            "customer_email": format!("c{}@example.com", n % contacts), "customer_id": null,
            "items": [{"sku": "SLP-01", "name": "Sleep Aid Formula", "qty_ordered": 1,
                "price": 49.5, "row_total": 49.5, "parent_item_id": null}],
            "status_histories": [{"comment": format!("Order Placed by Rep {advisor} using Admin Panel")}],
        });
        let position = Position::Updated {
            at: shop_time(placed),
            id: (n + 1) as u64,
        };
        by_number.insert(number, body.clone());
        orders.push((position, body));
    }
    let shop = Arc::new(Shop {
        orders,
        by_number,
        requests: AtomicUsize::new(0),
    });
    let app = Worklane::local(counting.clone()).with_imports(
        Arc::new(ShopConnector(shop.clone())),
        Arc::new(MemorySecrets::default()),
    );
    app.catalog().ensure_presets().await?;
    let admin = app
        .users()
        .create_first_admin(user("admin@example.com", "Ada Admin", Role::Admin)?)
        .await?;
    let admin = app.access_for(Actor::from(admin)).await?;
    let edit = ConnectionEdit {
        base_url: "https://shop.example.com".into(),
        auth: AuthMode::Bearer,
        token: Some("a-token".into()),
        ..ConnectionEdit::default()
    };
    app.imports()
        .set_connection(&admin, ImportSource::AbandonedCarts, edit)
        .await?;
    let mut rep_access = Vec::with_capacity(reps);
    for n in 0..reps {
        let view = app
            .users()
            .create(
                &admin,
                user(
                    &format!("rep{n}@example.com"),
                    &format!("Rep {n}"),
                    Role::Rep,
                )?,
            )
            .await?;
        rep_access.push(app.access_for(Actor::from(view)).await?);
    }
    let mut contact_ids = Vec::with_capacity(contacts);
    for n in 0..contacts {
        let input = ContactInput {
            name: format!("Caller {n}"),
            kind: Some(ContactKind::Prospect),
            emails: vec![format!("c{n}@example.com")],
            ..ContactInput::default()
        };
        let contact = app.contacts().create(&admin, input.validate()?).await?;
        contact_ids.push(contact.id);
    }
    let started = Instant::now();
    for n in 0..calls {
        let call = LogCall {
            direction: Direction::Outbound,
            outcome: CallOutcome::Answered,
            duration_seconds: 300,
            note: String::new(),
            recording_url: None,
            work_item: None,
            order_id: Some(format!("{:09}", 100_000 + n)),
            started_at: Some(day + jiff::SignedDuration::from_secs(n as i64)),
        };
        app.interactions()
            .log_call(&rep_access[n % reps], &contact_ids[n % contacts], call)
            .await?;
    }
    println!(
        "embedded: {calls} calls with a linked order logged in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // One sync reads at most 5,000 orders: sync until the shop has nothing new.
    counting.take();
    let started = Instant::now();
    let (mut orders, mut syncs) = (0, 0);
    loop {
        let synced = app.shop().sync().await?;
        syncs += 1;
        orders += synced.orders;
        if synced.orders == 0 {
            break;
        }
    }
    let took = started.elapsed();
    let (requests, written) = counting.take();
    println!(
        "embedded: {syncs} syncs stored {orders} orders in {:.1} s ({:.2} ms an order); {:.1} store requests and {:.1} items written an order",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / orders.max(1) as f64,
        requests as f64 / orders.max(1) as f64,
        written as f64 / orders.max(1) as f64,
    );

    shop.requests.store(0, Ordering::Relaxed);
    let started = Instant::now();
    let night = app.shop().validate(Timestamp::now()).await?;
    let took = started.elapsed();
    let (requests, written) = counting.take();
    let shop_requests = shop.requests.load(Ordering::Relaxed);
    let checked = night.checked.max(1) as f64;
    println!(
        "embedded: the validation of {} linked calls ({} valid, {} invalid) took {:.1} s ({:.2} ms a call)",
        night.checked,
        night.valid,
        night.invalid,
        took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / checked,
    );
    println!(
        "embedded: {:.1} store requests and {:.1} items written a call; {:.2} shop requests a call",
        requests as f64 / checked,
        written as f64 / checked,
        shop_requests as f64 / checked,
    );
    Ok(())
}
