//! The import engine against an in-memory source: matching and new leads, bad records,
//! repeats, carts, an unreachable source, overlapping runs, fair routing and crashes.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde_json::{Value, json};
use worklane_domain::{
    AuthMode, Availability, CandidateVerdict, ConnectionEdit, ContactInput, ContactKind, Email,
    ImportSource, NewUser, NewWorkItemRequest, Password, PersonName, RecordOutcome, Role,
    RoutingSettings, RunState, UserView, WorkItemReference,
};
use worklane_store::{Condition, EmbeddedStore, Item, ItemStore, Page, Query, StoreError, Write};

use super::ports::{
    Connection, Connector, Credentials, MemorySecrets, Position, RawRecord, SourceError,
    SourceReader,
};
use crate::{Access, Actor, Worklane, keys};

/// A source holding `records` in memory, that can be made unreachable or made to wait.
#[derive(Default)]
struct Feed {
    records: Mutex<Vec<(Position, Value)>>,
    down: AtomicBool,
    gate: Mutex<Option<Arc<tokio::sync::Notify>>>,
}

impl Feed {
    fn push(&self, body: Value) {
        let mut records = self.records.lock().unwrap();
        let seq = records.len() as u64 + 1;
        records.push((Position::Sequence { seq }, body));
    }

    fn push_cart(&self, body: Value) {
        let mut records = self.records.lock().unwrap();
        let at = body["updated_at"].as_str().unwrap().to_string();
        let id = body["id"].as_u64().unwrap();
        records.push((Position::Updated { at, id }, body));
    }
}

struct Reader(Arc<Feed>);

#[async_trait]
impl SourceReader for Reader {
    async fn after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        let gate = self.0.gate.lock().unwrap().clone();
        if let Some(gate) = gate {
            gate.notified().await;
        }
        if self.0.down.load(Ordering::SeqCst) {
            return Err(SourceError::Unreachable("connection refused".into()));
        }
        let records = self.0.records.lock().unwrap();
        Ok(records
            .iter()
            .filter(|(p, _)| match (after, p) {
                (None, _) => true,
                (Some(Position::Sequence { seq: a }), Position::Sequence { seq: b }) => b > a,
                (Some(Position::Updated { at: a, id: x }), Position::Updated { at: b, id: y }) => {
                    (b, y) > (a, x)
                }
                _ => false,
            })
            .take(limit)
            .map(|(position, body)| RawRecord {
                position: position.clone(),
                body: body.clone(),
            })
            .collect())
    }

    async fn one(&self, external_id: &str) -> Result<Option<Value>, SourceError> {
        let records = self.0.records.lock().unwrap();
        Ok(records
            .iter()
            .rev()
            .find(|(_, b)| {
                b["id"].as_str() == Some(external_id)
                    || b["id"].as_u64().map(|n| n.to_string()).as_deref() == Some(external_id)
            })
            .map(|(_, b)| b.clone()))
    }
}

struct FakeConnector(Arc<Feed>);

impl Connector for FakeConnector {
    fn reader(
        &self,
        _: ImportSource,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError> {
        Ok(Box::new(Reader(self.0.clone())))
    }

    fn shop(
        &self,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn crate::shop::ports::ShopReader>, SourceError> {
        Err(SourceError::NotConfigured(
            "the fake feed has no shop".into(),
        ))
    }
}

/// A store that fails (or never answers) at its `n`th call, once.
struct Faulty {
    inner: Arc<dyn ItemStore>,
    calls: AtomicUsize,
    fail_at: AtomicUsize,
    hang: AtomicBool,
}

impl Faulty {
    async fn trip(&self) -> Result<(), StoreError> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at.load(Ordering::SeqCst) {
            if self.hang.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
            return Err(StoreError::Unavailable("injected failure".into()));
        }
        Ok(())
    }

    fn arm(&self, at: usize, hang: bool) {
        self.calls.store(0, Ordering::SeqCst);
        self.fail_at.store(at, Ordering::SeqCst);
        self.hang.store(hang, Ordering::SeqCst);
    }
}

#[async_trait]
impl ItemStore for Faulty {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.trip().await?;
        self.inner.get(pk, sk).await
    }
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        self.trip().await?;
        self.inner.put(item, condition).await
    }
    async fn delete(&self, pk: &str, sk: &str, condition: Condition) -> Result<(), StoreError> {
        self.trip().await?;
        self.inner.delete(pk, sk, condition).await
    }
    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.trip().await?;
        self.inner.query(query).await
    }
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.trip().await?;
        self.inner.transact(writes).await
    }
    async fn get_many(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        self.trip().await?;
        self.inner.get_many(keys).await
    }
}

struct Office {
    app: Worklane,
    admin: Access,
    feed: Arc<Feed>,
    faulty: Arc<Faulty>,
}

async fn office() -> Office {
    let inner: Arc<dyn ItemStore> = Arc::new(EmbeddedStore::in_memory().unwrap());
    let faulty = Arc::new(Faulty {
        inner,
        calls: AtomicUsize::new(0),
        fail_at: AtomicUsize::new(0),
        hang: AtomicBool::new(false),
    });
    let feed = Arc::new(Feed::default());
    let app = Worklane::local(faulty.clone()).with_imports(
        Arc::new(FakeConnector(feed.clone())),
        Arc::new(MemorySecrets::default()),
    );
    app.catalog().ensure_presets().await.unwrap();
    let admin = app
        .users()
        .create_first_admin(user("admin@example.com", "Ada Admin", Role::Admin))
        .await
        .unwrap();
    let admin = app.access_for(Actor::from(admin)).await.unwrap();
    for source in ImportSource::ALL {
        let edit = ConnectionEdit {
            base_url: "https://source.example.com".into(),
            auth: AuthMode::Bearer,
            token: Some("a-token".into()),
            ..ConnectionEdit::default()
        };
        app.imports()
            .set_connection(&admin, source, edit)
            .await
            .unwrap();
    }
    Office {
        app,
        admin,
        feed,
        faulty,
    }
}

/// A new user with a long enough password (the other suites' tests make theirs with it too).
pub(crate) fn user(email: &str, name: &str, role: Role) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        name: PersonName::parse(name).unwrap(),
        role,
        extension: None,
        password: Password::parse("a long password").unwrap(),
    }
}

impl Office {
    async fn rep(&self, n: usize) -> UserView {
        self.app
            .users()
            .create(
                &self.admin,
                user(
                    &format!("rep{n}@example.com"),
                    &format!("Rep {n}"),
                    Role::Rep,
                ),
            )
            .await
            .unwrap()
    }

    async fn run(&self, source: ImportSource) -> worklane_domain::ImportRunView {
        self.app
            .imports()
            .run_scheduled(source)
            .await
            .unwrap()
            .unwrap()
    }

    async fn records(&self, run: &worklane_domain::ImportRunView) -> Vec<RecordOutcome> {
        self.app
            .imports()
            .run_detail(&self.admin, run.source, &run.id)
            .await
            .unwrap()
            .records
            .into_iter()
            .map(|r| r.outcome)
            .collect()
    }
}

fn quiz(id: &str, email: Option<&str>, first: &str) -> Value {
    json!({
        "id": id, "submitted_at": "2026-12-03T09:00:00Z", "email": email,
        "first_name": first, "last_name": "Taker", "phone": "+1 555 0100",
        "result": {"name": "Adrenal", "video_url": "https://www.example.com/v/adrenal"},
        "answers": [{"question": "Where do you gain weight first?", "answer": "Belly"}],
        "details": [{"label": "Age", "value": "45"}],
    })
}

fn cart(id: u64, updated_at: &str, qty: u32, active: bool) -> Value {
    json!({
        "id": id, "created_at": "2026-12-03 08:00:00", "updated_at": updated_at,
        "is_active": active, "items_count": 1,
        "customer": {"id": 7, "email": "cart@example.com", "firstname": "Carla", "lastname": "Cart"},
        "reserved_order_id": if active { Value::Null } else { json!("000000042") },
        "currency": {"quote_currency_code": "USD"},
        "items": [{"item_id": 1, "sku": "SKU-1", "name": "Keto Bars", "qty": qty, "price": 12.5}],
    })
}

#[tokio::test]
async fn a_known_email_finds_its_contact_and_an_unknown_one_becomes_a_routed_new_lead() {
    let o = office().await;
    o.rep(1).await;
    let known = ContactInput {
        name: "Known Person".into(),
        kind: Some(ContactKind::Customer),
        emails: vec!["known@example.com".into()],
        ..ContactInput::default()
    };
    let known = o
        .app
        .contacts()
        .create(&o.admin, known.validate().unwrap())
        .await
        .unwrap();
    o.feed.push(quiz("q1", Some("KNOWN@Example.com"), "Kay"));
    o.feed.push(quiz("q2", Some("new@example.com"), "Nina"));
    let run = o.run(ImportSource::BodyTypeQuiz).await;
    assert_eq!(run.state, RunState::Completed);
    assert_eq!(
        (run.counts.created, run.counts.matched, run.counts.new_leads),
        (2, 1, 1)
    );
    let outcomes = o.records(&run).await;
    let RecordOutcome::Created {
        work_item,
        contact_id,
        new_lead: false,
    } = &outcomes[0]
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(contact_id, &known.id);
    // The known contact keeps its name; what the person submitted is on the item.
    let contact = o.app.contacts().get(&o.admin, &known.id).await.unwrap();
    assert_eq!(contact.name.to_string(), "Known Person");
    let origin = o.app.imports().origin(&o.admin, *work_item).await.unwrap();
    let Some(WorkItemReference::BodyTypeQuiz(reference)) = origin.reference else {
        panic!("no quiz reference")
    };
    assert_eq!(reference.result, "Adrenal");
    assert_eq!(reference.answers.len(), 1);
    let RecordOutcome::Created {
        contact_id: lead,
        new_lead: true,
        ..
    } = &outcomes[1]
    else {
        panic!("{outcomes:?}")
    };
    let lead = o.app.contacts().get(&o.admin, lead).await.unwrap();
    assert!(lead.new_lead);
    assert_eq!(lead.kind, ContactKind::Prospect);
    assert_eq!(lead.name.to_string(), "Nina Taker");
    assert_eq!(lead.phones.len(), 1);
}

#[tokio::test]
async fn a_record_without_an_email_is_logged_with_its_reason_and_the_next_is_still_imported() {
    let o = office().await;
    o.rep(1).await;
    o.feed.push(quiz("q1", None, "Nobody"));
    o.feed
        .push(json!({"id": "q2", "email": "broken@example.com"}));
    o.feed.push(quiz("q3", Some("fine@example.com"), "Fine"));
    let run = o.run(ImportSource::BodyTypeQuiz).await;
    assert_eq!((run.counts.failed, run.counts.created), (2, 1));
    let outcomes = o.records(&run).await;
    assert!(
        matches!(&outcomes[0], RecordOutcome::Failed { reason } if reason.contains("no email"))
    );
    assert!(
        matches!(&outcomes[1], RecordOutcome::Failed { reason } if reason.contains("malformed"))
    );
    // The cursor moved past all three: the next run has nothing to do.
    let again = o.run(ImportSource::BodyTypeQuiz).await;
    assert_eq!(again.counts, Default::default());
}

#[tokio::test]
async fn a_record_delivered_again_stays_one_work_item() {
    let o = office().await;
    o.rep(1).await;
    o.feed.push(quiz("q1", Some("twice@example.com"), "Tess"));
    o.feed.push(quiz("q1", Some("twice@example.com"), "Tess"));
    let run = o.run(ImportSource::BodyTypeQuiz).await;
    assert_eq!((run.counts.created, run.counts.already_imported), (1, 1));
    // The log links the repeat to the item the first delivery made, on its contact.
    let outcomes = o.records(&run).await;
    let RecordOutcome::Created {
        work_item,
        contact_id,
        ..
    } = &outcomes[0]
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(
        outcomes[1],
        RecordOutcome::AlreadyImported {
            work_item: *work_item,
            contact_id: Some(contact_id.clone()),
        }
    );
    let retried = o
        .app
        .imports()
        .retry(&o.admin, ImportSource::BodyTypeQuiz, "q1")
        .await
        .unwrap();
    assert_eq!(retried.counts.already_imported, 1);
}

#[tokio::test]
async fn an_unreachable_source_fails_the_run_visibly_and_keeps_the_cursor() {
    let o = office().await;
    o.rep(1).await;
    o.feed.push(quiz("q1", Some("a@example.com"), "Ann"));
    o.feed.down.store(true, Ordering::SeqCst);
    let run = o.run(ImportSource::BodyTypeQuiz).await;
    assert!(
        matches!(&run.state, RunState::Failed { reason } if reason.contains("could not be reached"))
    );
    o.feed.down.store(false, Ordering::SeqCst);
    assert_eq!(o.run(ImportSource::BodyTypeQuiz).await.counts.created, 1);
}

#[tokio::test]
async fn two_runs_of_one_source_never_overlap() {
    let o = office().await;
    o.rep(1).await;
    let gate = Arc::new(tokio::sync::Notify::new());
    *o.feed.gate.lock().unwrap() = Some(gate.clone());
    let app = o.app.clone();
    let first = tokio::spawn(async move {
        app.imports()
            .run_scheduled(ImportSource::BodyTypeQuiz)
            .await
    });
    // Let the first take the lease and wait at the source.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let second = o
        .app
        .imports()
        .run_scheduled(ImportSource::BodyTypeQuiz)
        .await;
    assert!(
        matches!(second, Err(crate::CoreError::WrongState { .. })),
        "{second:?}"
    );
    *o.feed.gate.lock().unwrap() = None;
    gate.notify_one();
    assert!(first.await.unwrap().is_ok());
}

#[tokio::test]
async fn a_cart_that_changes_again_updates_its_open_items_reference_instead_of_making_another() {
    let o = office().await;
    o.rep(1).await;
    o.feed.push_cart(cart(11, "2026-12-03 08:30:00", 1, true));
    let first = o.run(ImportSource::AbandonedCarts).await;
    assert_eq!(first.counts.created, 1);
    o.feed.push_cart(cart(11, "2026-12-03 09:30:00", 3, true));
    let second = o.run(ImportSource::AbandonedCarts).await;
    assert_eq!((second.counts.created, second.counts.updated), (0, 1));
    let RecordOutcome::Updated { work_item, .. } = o.records(&second).await[0].clone() else {
        panic!("not updated")
    };
    let origin = o.app.imports().origin(&o.admin, work_item).await.unwrap();
    let Some(WorkItemReference::AbandonedCart(c)) = origin.reference else {
        panic!("no cart")
    };
    assert_eq!((c.lines[0].quantity, c.total_cents), (3, 3750));
    // It became an order: the item shows it.
    o.feed.push_cart(cart(11, "2026-12-03 10:00:00", 3, false));
    o.run(ImportSource::AbandonedCarts).await;
    let origin = o.app.imports().origin(&o.admin, work_item).await.unwrap();
    let Some(WorkItemReference::AbandonedCart(c)) = origin.reference else {
        panic!("no cart")
    };
    assert_eq!(c.ordered_as.as_deref(), Some("000000042"));
    // A cart ordered before it was ever imported makes no item.
    o.feed.push_cart(cart(12, "2026-12-03 10:05:00", 1, false));
    let run = o.run(ImportSource::AbandonedCarts).await;
    assert_eq!((run.counts.created, run.counts.skipped), (0, 1));
}

#[tokio::test]
async fn round_robin_skips_the_away_and_the_capped_and_keeps_the_others_within_one() {
    let o = office().await;
    let mut reps = Vec::new();
    for n in 1..=6 {
        reps.push(o.rep(n).await);
    }
    let access = |u: &UserView| o.app.access_for(Actor::from(u.clone()));
    // Rep 1 is away; rep 2 already holds 240 open items of the cap of 260.
    o.app
        .users()
        .set_availability(&access(&reps[0]).await.unwrap(), Availability::Away)
        .await
        .unwrap();
    let holder = ContactInput {
        name: "Busy Client".into(),
        kind: Some(ContactKind::Customer),
        emails: vec!["busy@example.com".into()],
        ..ContactInput::default()
    };
    let holder = o
        .app
        .contacts()
        .create(&o.admin, holder.validate().unwrap())
        .await
        .unwrap();
    for _ in 0..240 {
        let request = NewWorkItemRequest {
            type_key: "support-ticket".into(),
            description: "Held".into(),
            assignee_id: Some(reps[1].id.clone()),
        };
        o.app
            .work_items()
            .create(&o.admin, &holder.id, request)
            .await
            .unwrap();
    }
    let mut settings = RoutingSettings::new("body-type-quiz");
    settings.cap = Some(260);
    o.app
        .imports()
        .set_routing(&o.admin, settings)
        .await
        .unwrap();
    for n in 0..1000 {
        o.feed.push(quiz(
            &format!("q{n}"),
            Some(&format!("taker{n}@example.com")),
            "Taker",
        ));
    }
    let mut last = None;
    for _ in 0..20 {
        last = Some(o.run(ImportSource::BodyTypeQuiz).await);
    }
    let last = last.unwrap();
    assert_eq!(last.counts.created, 50);
    let mut received = Vec::new();
    for rep in &reps {
        let count = count_of_type(&o, &rep.id, "body-type-quiz").await;
        received.push(count);
    }
    assert_eq!(received[0], 0, "the away rep got items: {received:?}");
    assert_eq!(
        received[1], 20,
        "the capped rep went past its cap: {received:?}"
    );
    let free = &received[2..];
    let (min, max) = (free.iter().min().unwrap(), free.iter().max().unwrap());
    assert!(max - min <= 1, "uneven: {received:?}");
    assert_eq!(received.iter().sum::<usize>(), 1000);
    // The last item's explanation names each skip.
    let RecordOutcome::Created { work_item, .. } = o.records(&last).await.pop().unwrap() else {
        panic!("not created")
    };
    let routing = o
        .app
        .imports()
        .origin(&o.admin, work_item)
        .await
        .unwrap()
        .routing
        .unwrap();
    let verdict = |id| {
        routing
            .candidates
            .iter()
            .find(|c| &c.user_id == id)
            .unwrap()
            .verdict
            .clone()
    };
    assert_eq!(verdict(&reps[0].id), CandidateVerdict::Away);
    assert_eq!(
        verdict(&reps[1].id),
        CandidateVerdict::AtCap {
            open: 260,
            cap: 260
        }
    );
    assert!(
        routing.reason.contains("longest ago of the 4 eligible"),
        "{}",
        routing.reason
    );
}

/// How many items of `type_key` `user` holds open.
async fn count_of_type(o: &Office, user: &worklane_domain::UserId, type_key: &str) -> usize {
    let mut count = 0;
    let mut cursor = None;
    loop {
        let page = o
            .faulty
            .inner
            .query(
                Query::index(
                    worklane_store::Index::GSI3,
                    keys::open_items_of_type(user, type_key),
                )
                .limit(500)
                .after(cursor),
            )
            .await
            .unwrap();
        count += page.items.len();
        match page.next {
            Some(next) => cursor = Some(next),
            None => return count,
        }
    }
}

#[tokio::test]
async fn runs_that_crash_at_any_point_leave_every_record_exactly_one_work_item() {
    let o = office().await;
    o.rep(1).await;
    o.rep(2).await;
    // 150 records from 100 people: some people take the quiz twice.
    for n in 0..150 {
        o.feed.push(quiz(
            &format!("q{n}"),
            Some(&format!("person{}@example.com", n % 100)),
            "Pat",
        ));
    }
    let mut dice = 0x5eed_u64;
    for _ in 0..200 {
        dice ^= dice << 13;
        dice ^= dice >> 7;
        dice ^= dice << 17;
        let at = 1 + (dice % 60) as usize;
        let hang = dice.is_multiple_of(2);
        o.faulty.arm(at, hang);
        let crashed = tokio::time::timeout(
            std::time::Duration::from_millis(500),
            o.app.imports().run_scheduled(ImportSource::BodyTypeQuiz),
        )
        .await;
        o.faulty.arm(0, false);
        let _ = crashed;
        // A run that stopped dead (or failed giving its lease back) leaves the lease to
        // expire; here it expires at once.
        o.faulty
            .inner
            .delete(
                &keys::import_source(ImportSource::BodyTypeQuiz),
                keys::LEASE,
                Condition::Always,
            )
            .await
            .unwrap();
        let _ = o
            .app
            .imports()
            .run_scheduled(ImportSource::BodyTypeQuiz)
            .await;
    }
    while o.run(ImportSource::BodyTypeQuiz).await.counts.fetched > 0 {}
    // Every record is claimed by exactly one work item, and the items number exactly the
    // records.
    let mut items = std::collections::BTreeSet::new();
    for n in 0..150 {
        let claim = o
            .faulty
            .inner
            .get(
                &keys::import_claim(ImportSource::BodyTypeQuiz, &format!("q{n}")),
                keys::CLAIM,
            )
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("q{n} was lost"));
        let claim: super::run::Claim = claim.decode().unwrap();
        assert!(
            items.insert(claim.work_item),
            "two records share item {}",
            claim.work_item
        );
    }
    assert_eq!(
        crate::WorkItems::new(o.faulty.inner.as_ref())
            .last_number()
            .await
            .unwrap(),
        150
    );
    // One contact per person, however the runs crashed.
    let contacts = o
        .faulty
        .inner
        .query(Query::index(worklane_store::Index::GSI1, keys::CONTACTS).limit(1000))
        .await
        .unwrap();
    assert_eq!(contacts.items.len(), 100);
}

#[tokio::test]
async fn with_nobody_to_receive_them_records_wait_and_are_given_out_oldest_first() {
    let o = office().await;
    let rep = o.rep(1).await;
    let rep_access = o.app.access_for(Actor::from(rep.clone())).await.unwrap();
    o.app
        .users()
        .set_availability(&rep_access, Availability::Away)
        .await
        .unwrap();
    for n in 0..3 {
        o.feed.push(quiz(
            &format!("q{n}"),
            Some(&format!("w{n}@example.com")),
            "Wait",
        ));
    }
    // Delivered again while it waits: it waits once.
    o.feed.push(quiz("q0", Some("w0@example.com"), "Wait"));
    let run = o.run(ImportSource::BodyTypeQuiz).await;
    assert_eq!(
        (run.counts.queued, run.counts.created),
        (4, 0),
        "{:?}",
        run.counts
    );
    let outcomes = o.records(&run).await;
    assert!(
        matches!(&outcomes[0], RecordOutcome::Queued { reason } if reason.contains("Nobody is eligible")),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[3], RecordOutcome::Queued { reason } if reason.contains("already waits"))
    );
    let sources = o.app.imports().sources(&o.admin).await.unwrap();
    assert_eq!(sources[0].waiting, 3);
    // While nobody can receive them, the every-minute job gives out nothing and logs nothing.
    assert_eq!(o.app.imports().give_out_waiting().await.unwrap(), 0);
    // Back from Away: the next minute gives out the waiting records, oldest first.
    o.app
        .users()
        .set_availability(&rep_access, Availability::Available)
        .await
        .unwrap();
    assert_eq!(o.app.imports().give_out_waiting().await.unwrap(), 3);
    let run = o
        .app
        .imports()
        .runs(&o.admin, ImportSource::BodyTypeQuiz, None)
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(run.trigger, worklane_domain::RunTrigger::Queue);
    assert_eq!(run.counts.created, 3, "{:?}", run.counts);
    let given: Vec<u64> = o
        .records(&run)
        .await
        .into_iter()
        .filter_map(|r| match r {
            RecordOutcome::Created { work_item, .. } => Some(work_item),
            _ => None,
        })
        .collect();
    assert_eq!(given, [1, 2, 3]);
    for (n, number) in given.iter().enumerate() {
        let origin = o.app.imports().origin(&o.admin, *number).await.unwrap();
        let Some(WorkItemReference::BodyTypeQuiz(q)) = origin.reference else {
            panic!("no reference")
        };
        assert_eq!(q.email, format!("w{n}@example.com"));
    }
    let sources = o.app.imports().sources(&o.admin).await.unwrap();
    assert_eq!(sources[0].waiting, 0);
}
