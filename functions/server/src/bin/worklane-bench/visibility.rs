//! The access seam's figures (`--visibility`): a rep's contacts list, first page, with
//! contacts public and then private, for a plain rep, a team head and the head of the whole
//! sales floor; the store writes a saved work item costs, and how many of them are scope
//! entries; and how long the re-index takes when a department of 50 people moves.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use worklane_core::{Access, Actor, ContactFilter, ContactGenerator, Worklane, seed_demo_data};
use worklane_domain::{
    Department, Email, NewUser, NewWorkItemRequest, OrgChart, Password, PersonName, Placement,
    Role, Sharing, SharingSettings, TransitionRequest, WorkItemEdit,
};
use worklane_store::{Condition, EmbeddedStore, Item, ItemStore, Page, Query, StoreError, Write};

use super::report;

/// The people of the department that moves.
const DEPARTMENT: usize = 50;

/// An engine that counts the items every write touches, and how many of them are scope
/// entries.
struct Counting {
    inner: Arc<dyn ItemStore>,
    writes: AtomicUsize,
    scope_writes: AtomicUsize,
}

impl Counting {
    fn count(&self, sk: &str) {
        self.writes.fetch_add(1, Ordering::Relaxed);
        if sk.starts_with("SCOPE#") {
            self.scope_writes.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn take(&self) -> (usize, usize) {
        (
            self.writes.swap(0, Ordering::Relaxed),
            self.scope_writes.swap(0, Ordering::Relaxed),
        )
    }
}

#[async_trait]
impl ItemStore for Counting {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.inner.get(pk, sk).await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        self.count(&item.sk);
        self.inner.put(item, condition).await
    }

    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError> {
        self.count(sk);
        self.inner.delete(pk, sk, condition).await
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        for write in &writes {
            if !matches!(write, Write::Check { .. }) {
                self.count(write.key().1);
            }
        }
        self.inner.transact(writes).await
    }

    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        self.inner.get_many(keys).await
    }
}

pub async fn bench(
    data: &std::path::Path,
    contacts: usize,
    samples: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    if data.exists() {
        std::fs::remove_file(data)?;
    }
    let store = EmbeddedStore::open(data)?;
    let counting = Arc::new(Counting {
        inner: Arc::new(store.clone().fast_unsafe_commits()),
        writes: AtomicUsize::new(0),
        scope_writes: AtomicUsize::new(0),
    });
    let loader = Worklane::local(counting.clone());
    seed_demo_data(&loader, 0).await?;
    let admin = access_of(&loader, Role::Admin, None).await?;
    let manager = access_of(&loader, Role::Manager, Some("Morgan Manager")).await?;
    let head = access_of(&loader, Role::Rep, Some("Riley Rep")).await?;

    // Fifty reps in a team of their own under Team East, headed by Riley.
    let mut field = Vec::with_capacity(DEPARTMENT);
    for n in 0..DEPARTMENT {
        let user = loader
            .users()
            .create(
                &admin,
                NewUser {
                    email: Email::parse(&format!("field{n}@worklane.test"))?,
                    name: PersonName::parse(&format!("Field Rep {n}"))?,
                    role: Role::Rep,
                    extension: None,
                    password: Password::parse("a long password")?,
                },
            )
            .await?;
        field.push(user.id);
    }
    let organisation = loader.organisation();
    let mut chart = organisation.chart().await?;
    chart.departments.push(Department {
        key: "field-team".into(),
        name: "Field Team".into(),
        parent: Some("team-east".into()),
        head: None,
    });
    chart.placements.extend(field.iter().map(|user| Placement {
        user: user.clone(),
        department: Some("field-team".into()),
        reports_to: None,
    }));
    organisation.save(&admin, chart).await?;
    organisation.reindex().run().await?;

    // Contacts owned in turn by the field reps and the demo reps.
    let mut owners = field.clone();
    for member in loader.users().team().await? {
        if member.role == Role::Rep && !member.name.as_str().starts_with("Field Rep") {
            owners.push(member.id);
        }
    }
    let manager = loader.access_for(manager.actor()?.clone()).await?;
    let mut generator = ContactGenerator::new();
    let started = Instant::now();
    counting.take();
    for n in 0..contacts {
        let mut fields = generator.next_contact()?;
        fields.owner_id = Some(owners[n % owners.len()].clone());
        loader.contacts().create(&manager, fields).await?;
        if (n + 1) % 20_000 == 0 {
            eprintln!("  loaded {} contacts", n + 1);
        }
    }
    let (writes, scope) = counting.take();
    println!(
        "loaded {contacts} contacts owned by {} reps in {:.1} s; {:.1} store writes per contact, {:.1} of them scope entries",
        owners.len(),
        started.elapsed().as_secs_f64(),
        writes as f64 / contacts as f64,
        scope as f64 / contacts as f64,
    );

    let app = Worklane::local(Arc::new(store.durable()));
    let plain = Actor::from(
        app.users()
            .team()
            .await?
            .into_iter()
            .find(|m| m.id == field[0])
            .ok_or("no field rep")?,
    );
    let people = [
        ("a field rep", plain),
        ("Riley, head of Team East", head.actor()?.clone()),
        ("Morgan, head of the sales floor", manager.actor()?.clone()),
    ];
    for sharing in [Sharing::PublicReadWrite, Sharing::Private] {
        let now = app.sharing().load().await?;
        let mut defaults = now.defaults;
        defaults.contacts = sharing;
        let admin = app.access_for(admin.actor()?.clone()).await?;
        app.sharing()
            .save(
                &admin,
                SharingSettings {
                    defaults,
                    version: now.version,
                },
            )
            .await?;
        for (who, actor) in &people {
            let access = app.access_for(actor.clone()).await?;
            let mut times = Vec::with_capacity(samples);
            let mut shown = 0;
            for _ in 0..samples {
                let t = Instant::now();
                let page = app
                    .contacts()
                    .list(&access, ContactFilter::default())
                    .await?;
                times.push(t.elapsed());
                shown = page.items.len();
            }
            report(
                &format!(
                    "contacts {}: {who}'s list, first page ({shown} shown)",
                    sharing.label().to_lowercase()
                ),
                &mut times,
            );
        }
    }

    work_item_writes(&loader, &counting, &manager, &field).await?;
    department_move(&loader, &admin).await?;
    Ok(())
}

/// The store writes of creating a work item, changing its status, and editing it, and how
/// many of them are scope entries (before scopes existed, the rest was all).
async fn work_item_writes(
    loader: &Worklane,
    counting: &Counting,
    manager: &Access,
    field: &[worklane_domain::UserId],
) -> Result<(), Box<dyn std::error::Error>> {
    loader.catalog().ensure_presets().await?;
    let contact = loader
        .contacts()
        .list(manager, ContactFilter::default())
        .await?
        .items
        .into_iter()
        .next()
        .ok_or("no contact")?;
    counting.take();
    let item = loader
        .work_items()
        .create(
            manager,
            &contact.id,
            NewWorkItemRequest {
                type_key: "support-ticket".into(),
                description: "Counting writes".into(),
                assignee_id: Some(field[0].clone()),
            },
        )
        .await?;
    let created = counting.take();
    let moved = loader
        .work_items()
        .change_status(
            manager,
            item.number,
            TransitionRequest {
                to: "IN_PROGRESS".into(),
                ..TransitionRequest::default()
            },
            item.version,
        )
        .await?;
    let status = counting.take();
    loader
        .work_items()
        .edit(
            manager,
            moved.number,
            WorkItemEdit {
                description: "Counting writes".into(),
                assignee_id: field[1].clone(),
                callback_at: None,
                team: vec![field[2].clone()],
                team_read: Vec::new(),
                version: moved.version,
            },
        )
        .await?;
    let reassigned = counting.take();
    for (what, (writes, scope)) in [
        ("created", created),
        ("status changed", status),
        ("reassigned with a team member", reassigned),
    ] {
        println!(
            "work item {what}: {writes} store writes, {scope} of them scope entries ({} without them)",
            writes - scope
        );
    }
    Ok(())
}

/// Moves the field team from Team East to the service desk and times the re-index of the
/// records of everyone whose place it changed.
async fn department_move(
    loader: &Worklane,
    admin: &Access,
) -> Result<(), Box<dyn std::error::Error>> {
    let organisation = loader.organisation();
    let mut chart: OrgChart = organisation.chart().await?;
    for department in &mut chart.departments {
        if department.key == "field-team" {
            department.parent = Some("service-desk".into());
        }
    }
    let admin = loader.access_for(admin.actor()?.clone()).await?;
    let started = Instant::now();
    let (_, planned) = organisation.save(&admin, chart).await?;
    let done = organisation.reindex().run().await?;
    println!(
        "a department of {DEPARTMENT} moved: {} people's records re-indexed ({} records) in {:.2} s",
        planned.owners_total,
        done.records_done,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn access_of(
    app: &Worklane,
    role: Role,
    name: Option<&str>,
) -> Result<Access, Box<dyn std::error::Error>> {
    let member = app
        .users()
        .team()
        .await?
        .into_iter()
        .find(|m| m.role == role && name.is_none_or(|n| m.name.as_str() == n))
        .ok_or("the demo staff are missing")?;
    Ok(app.access_for(Actor::from(member)).await?)
}
