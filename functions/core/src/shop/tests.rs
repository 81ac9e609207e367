//! The shop sync and the nightly order validation against an in-memory shop: customers and
//! orders onto contacts, every verdict with its reasons, the window's edge, an unreachable
//! shop, both DST nights, and who may change a call's order id.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde_json::{Value, json};
use worklane_domain::{
    AuthMode, CallOutcome, ConnectionEdit, ContactInput, ContactKind, ContactView, Direction,
    Email, ImportSource, InteractionView, LinkOrderRequest, LinkProblem, LinkState, LogCall, Role,
    Timestamp, UserView,
};
use worklane_store::EmbeddedStore;

use super::ports::ShopReader;
use crate::imports::ports::{
    Connection, Connector, Credentials, MemorySecrets, Position, RawRecord, SourceError,
    SourceReader,
};
use crate::imports::tests::user;
use crate::{Access, Actor, CoreError, Worklane};

/// A shop in memory, ordered by (updated_at, id) as Magento pages it.
#[derive(Default)]
struct FakeShop {
    customers: Mutex<Vec<Value>>,
    orders: Mutex<Vec<Value>>,
    down: AtomicBool,
}

fn after(rows: &[Value], id_field: &str, after: Option<&Position>, limit: usize) -> Vec<RawRecord> {
    let mut rows: Vec<(String, u64, Value)> = rows
        .iter()
        .map(|r| {
            let at = r["updated_at"].as_str().unwrap().to_string();
            (at, r[id_field].as_u64().unwrap(), r.clone())
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows.into_iter()
        .filter(|(at, id, _)| match after {
            Some(Position::Updated { at: a, id: x }) => (at, id) > (a, x),
            _ => true,
        })
        .take(limit)
        .map(|(at, id, body)| RawRecord {
            position: Position::Updated { at, id },
            body,
        })
        .collect()
}

struct Reader(Arc<FakeShop>);

impl Reader {
    fn up(&self) -> Result<(), SourceError> {
        if self.0.down.load(Ordering::SeqCst) {
            return Err(SourceError::Unreachable("connection refused".into()));
        }
        Ok(())
    }
}

#[async_trait]
impl ShopReader for Reader {
    async fn customers_after(
        &self,
        position: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.up()?;
        Ok(after(
            &self.0.customers.lock().unwrap(),
            "id",
            position,
            limit,
        ))
    }

    async fn orders_after(
        &self,
        position: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        self.up()?;
        Ok(after(
            &self.0.orders.lock().unwrap(),
            "entity_id",
            position,
            limit,
        ))
    }

    async fn customers_with_email(&self, email: &str) -> Result<Vec<Value>, SourceError> {
        self.up()?;
        let customers = self.0.customers.lock().unwrap();
        Ok(customers
            .iter()
            .filter(|c| c["email"] == email)
            .cloned()
            .collect())
    }

    async fn orders_with_email(
        &self,
        email: &str,
        limit: usize,
    ) -> Result<Vec<Value>, SourceError> {
        self.up()?;
        let orders = self.0.orders.lock().unwrap();
        Ok(orders
            .iter()
            .filter(|o| o["customer_email"] == email)
            .take(limit)
            .cloned()
            .collect())
    }

    async fn order_numbered(&self, increment_id: &str) -> Result<Option<Value>, SourceError> {
        self.up()?;
        let orders = self.0.orders.lock().unwrap();
        Ok(orders
            .iter()
            .find(|o| o["increment_id"] == increment_id)
            .cloned())
    }
}

struct ShopConnector(Arc<FakeShop>);

impl Connector for ShopConnector {
    fn reader(
        &self,
        _: ImportSource,
        _: &Connection,
        _: Credentials,
    ) -> Result<Box<dyn SourceReader>, SourceError> {
        Err(SourceError::NotConfigured(
            "this test reads only the shop".into(),
        ))
    }

    fn shop(&self, _: &Connection, _: Credentials) -> Result<Box<dyn ShopReader>, SourceError> {
        Ok(Box::new(Reader(self.0.clone())))
    }
}

struct Floor {
    app: Worklane,
    admin: Access,
    sam: (UserView, Access),
    riley: (UserView, Access),
    shop: Arc<FakeShop>,
    jane: ContactView,
}

async fn floor() -> Floor {
    let shop = Arc::new(FakeShop::default());
    let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap())).with_imports(
        Arc::new(ShopConnector(shop.clone())),
        Arc::new(MemorySecrets::default()),
    );
    app.catalog().ensure_presets().await.unwrap();
    let admin = app
        .users()
        .create_first_admin(user("admin@example.com", "Ada Admin", Role::Admin))
        .await
        .unwrap();
    let admin = app.access_for(Actor::from(admin)).await.unwrap();
    let edit = ConnectionEdit {
        base_url: "https://shop.example.com".into(),
        auth: AuthMode::Bearer,
        token: Some("a-token".into()),
        ..ConnectionEdit::default()
    };
    app.imports()
        .set_connection(&admin, ImportSource::AbandonedCarts, edit)
        .await
        .unwrap();
    let mut reps = Vec::new();
    for (email, name) in [
        ("sam@example.com", "Sam Rivera"),
        ("riley@example.com", "Riley Rep"),
    ] {
        let view = app
            .users()
            .create(&admin, user(email, name, Role::Rep))
            .await
            .unwrap();
        let access = app.access_for(Actor::from(view.clone())).await.unwrap();
        reps.push((view, access));
    }
    let riley = reps.pop().unwrap();
    let sam = reps.pop().unwrap();
    let jane = ContactInput {
        name: "Jane Doe".into(),
        kind: Some(ContactKind::Prospect),
        emails: vec!["jane@example.com".into()],
        phones: vec!["+1 555 010 2030".into()],
        owner_id: Some(sam.0.id.clone()),
        ..ContactInput::default()
    };
    let jane = app
        .contacts()
        .create(&admin, jane.validate().unwrap())
        .await
        .unwrap();
    Floor {
        app,
        admin,
        sam,
        riley,
        shop,
        jane,
    }
}

fn shop_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

fn at(raw: &str) -> Timestamp {
    raw.parse().unwrap()
}

impl Floor {
    fn customer(&self, id: u64, email: &str, first: &str, last: &str) {
        self.shop.customers.lock().unwrap().push(json!({
            "id": id, "email": email, "firstname": first, "lastname": last,
            "created_at": "2026-01-02 10:00:00", "updated_at": "2026-01-02 10:00:00",
            "website_id": 1, "addresses": [],
        }));
    }

    /// An order placed at `placed`, by `advisor` in the admin panel (none: the storefront).
    fn order(&self, number: &str, email: &str, placed: Timestamp, advisor: Option<&str>) {
        let mut orders = self.shop.orders.lock().unwrap();
        let id = orders.len() as u64 + 1;
        let history: Vec<Value> = advisor
            .map(|name| json!({"comment": format!("Order Placed by {name} using Admin Panel")}))
            .into_iter()
            .collect();
        orders.push(json!({
            "entity_id": id, "increment_id": number,
            "created_at": shop_time(placed), "updated_at": shop_time(placed),
            "status": "processing", "grand_total": 59.9, "order_currency_code": "USD",
            "customer_email": email, "customer_id": null,
            "items": [{"sku": "KETO-1", "name": "Keto Bars", "qty_ordered": 2, "price": 29.95,
                       "row_total": 59.9, "parent_item_id": null}],
            "status_histories": history,
        }));
    }

    /// A ten-minute call `by` had with Jane starting at `start`, linked to `order`.
    async fn call(&self, by: &Access, start: Timestamp, order: &str) -> InteractionView {
        let call = LogCall {
            direction: Direction::Outbound,
            outcome: CallOutcome::Answered,
            duration_seconds: 600,
            note: "Sold the keto bars".into(),
            recording_url: None,
            work_item: None,
            order_id: Some(order.into()),
            started_at: Some(start),
        };
        self.app
            .interactions()
            .log_call(by, &self.jane.id, call)
            .await
            .unwrap()
    }

    async fn verdict(&self, call: &InteractionView) -> worklane_domain::LinkedOrder {
        self.app
            .interactions()
            .get(&self.admin, &call.id)
            .await
            .unwrap()
            .linked_order
            .unwrap()
    }
}

fn problems(linked: &worklane_domain::LinkedOrder) -> Vec<LinkProblem> {
    linked
        .check
        .as_ref()
        .map(|c| c.problems.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_sync_links_customers_to_contacts_and_orders_make_them_customers() {
    let f = floor().await;
    f.customer(1, "jane@example.com", "Jane", "Doe");
    f.customer(2, "newcomer@example.com", "Nina", "Newcomer");
    f.order(
        "000000101",
        "jane@example.com",
        at("2026-01-03T10:00:00Z"),
        Some("Sam Rivera"),
    );
    f.order(
        "000000102",
        "guest@example.com",
        at("2026-01-04T10:00:00Z"),
        None,
    );
    let counts = f.app.shop().sync().await.unwrap();
    assert_eq!(
        (counts.customers, counts.orders, counts.contacts_created),
        (2, 2, 2)
    );

    let jane = f.app.contacts().get(&f.admin, &f.jane.id).await.unwrap();
    assert_eq!(
        jane.kind,
        ContactKind::Customer,
        "an order makes a Customer"
    );
    let status = f.app.shop().status(&f.admin, &f.jane.id).await.unwrap();
    assert_eq!(status.accounts.len(), 1);
    assert_eq!(
        status.accounts[0].admin_url.as_deref(),
        Some("https://shop.example.com/admin/customer/index/edit/id/1/")
    );
    assert_eq!((status.orders_count, status.lifetime_cents), (1, 5990));
    let orders = f
        .app
        .shop()
        .orders(&f.admin, &f.jane.id, None)
        .await
        .unwrap();
    assert_eq!(orders.items[0].increment_id, "000000101");
    assert_eq!(orders.items[0].lines[0].qty, 2);
    assert_eq!(orders.items[0].created_by.as_deref(), Some("Sam Rivera"));

    let newcomer = f
        .app
        .contacts()
        .find_by_email(&f.admin, &Email::parse("newcomer@example.com").unwrap())
        .await
        .unwrap()
        .expect("a shop customer without a contact becomes one");
    assert_eq!(newcomer.kind, ContactKind::Prospect);
    let guest = f
        .app
        .contacts()
        .find_by_email(&f.admin, &Email::parse("guest@example.com").unwrap())
        .await
        .unwrap()
        .expect("a guest order's email becomes a contact");
    assert_eq!(guest.kind, ContactKind::Customer);

    let again = f.app.shop().sync().await.unwrap();
    assert_eq!(
        (again.customers, again.orders),
        (0, 0),
        "the cursors moved on"
    );
    let status = f.app.shop().status(&f.admin, &f.jane.id).await.unwrap();
    assert_eq!(status.orders_count, 1, "nothing counted twice");
}

#[tokio::test]
async fn every_verdict_says_why_and_the_window_ends_exactly_two_hours_after_the_call() {
    let f = floor().await;
    let start = at("2026-06-01T15:00:00Z");
    let end = at("2026-06-01T15:10:00Z");
    let two_hours = jiff::SignedDuration::from_hours(2);
    let email = "jane@example.com";
    f.order("V-1", email, at("2026-06-01T15:05:00Z"), Some("Sam Rivera"));
    f.order("EDGE", email, end + two_hours, Some("Sam Rivera"));
    f.order(
        "LATE",
        email,
        end + two_hours + jiff::SignedDuration::from_secs(1),
        Some("Sam Rivera"),
    );
    f.order(
        "EARLY",
        email,
        at("2026-06-01T14:59:59Z"),
        Some("Sam Rivera"),
    );
    f.order(
        "RILEY",
        email,
        at("2026-06-01T15:06:00Z"),
        Some("Riley Rep"),
    );
    f.order("WEB", email, at("2026-06-01T15:07:00Z"), None);
    f.order(
        "STRANGER",
        email,
        at("2026-06-01T15:08:00Z"),
        Some("Pat Nobody"),
    );
    f.order(
        "TWICE",
        email,
        at("2026-06-01T15:09:00Z"),
        Some("Sam Rivera"),
    );
    let sam = &f.sam.1;
    let valid = f.call(sam, start, "V-1").await;
    let edge = f.call(sam, start, "EDGE").await;
    let late = f.call(sam, start, "LATE").await;
    let early = f.call(sam, start, "EARLY").await;
    let riley = f.call(sam, start, "RILEY").await;
    let web = f.call(sam, start, "WEB").await;
    let stranger = f.call(sam, start, "STRANGER").await;
    let missing = f.call(sam, start, "404").await;
    let twice_a = f.call(sam, start, "TWICE").await;
    let twice_b = f.call(&f.riley.1, start, "TWICE").await;

    // Before the windows close, what already holds is Valid; nothing is Invalid yet.
    let just_before = end + two_hours - jiff::SignedDuration::from_secs(1);
    let not_yet = f.app.shop().nightly(just_before).await.unwrap();
    let not_yet = not_yet.validation.unwrap();
    assert_eq!(
        (not_yet.valid, not_yet.invalid),
        (2, 0),
        "V-1 and EDGE: {not_yet:?}"
    );
    assert_eq!(f.verdict(&valid).await.state, LinkState::Valid);
    assert_eq!(f.verdict(&late).await.state, LinkState::Pending);

    let night = f
        .app
        .shop()
        .nightly(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(night.validation.as_ref().unwrap().checked, 8);

    let linked = f.verdict(&valid).await;
    assert_eq!(linked.state, LinkState::Valid, "{linked:?}");
    assert_eq!(
        linked.admin_url.as_deref(),
        Some("https://shop.example.com/admin/sales/order/view/order_id/1/")
    );
    let check = linked.check.unwrap();
    assert_eq!(
        (check.window_start, check.window_end),
        (start, end + two_hours)
    );
    assert_eq!(
        f.verdict(&edge).await.state,
        LinkState::Valid,
        "call end + 2 h is inside"
    );
    assert_eq!(
        problems(&f.verdict(&late).await),
        [LinkProblem::OutsideWindow]
    );
    assert_eq!(
        problems(&f.verdict(&early).await),
        [LinkProblem::OutsideWindow]
    );
    assert_eq!(
        problems(&f.verdict(&riley).await),
        [LinkProblem::OtherAdvisor {
            name: "Riley Rep".into(),
            user: f.riley.0.id.clone()
        }]
    );
    assert_eq!(
        problems(&f.verdict(&web).await),
        [LinkProblem::NoCreatorRecorded]
    );
    assert_eq!(
        problems(&f.verdict(&stranger).await),
        [LinkProblem::UnknownCreator {
            name: "Pat Nobody".into()
        }]
    );
    assert_eq!(
        problems(&f.verdict(&missing).await),
        [LinkProblem::NoSuchOrder]
    );
    let a = f.verdict(&twice_a).await;
    assert_eq!(a.state, LinkState::Invalid);
    assert!(problems(&a).contains(&LinkProblem::SharedWithOtherCalls));
    let others = a.check.unwrap().other_calls;
    assert_eq!(others.len(), 1);
    assert_eq!(
        others[0].interaction_id, twice_b.id,
        "each call names the others"
    );
    let b = f.verdict(&twice_b).await;
    assert!(problems(&b).contains(&LinkProblem::OtherAdvisor {
        name: "Sam Rivera".into(),
        user: f.sam.0.id.clone()
    }));
    assert!(problems(&b).contains(&LinkProblem::SharedWithOtherCalls));

    // The next night re-checks the invalid ones only; the valid ones are done.
    let next = f
        .app
        .shop()
        .nightly(at("2026-06-03T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(next.validation.unwrap().checked, 8);
}

#[tokio::test]
async fn an_unreachable_shop_leaves_every_link_pending_never_invalid() {
    let f = floor().await;
    let call = f
        .call(&f.sam.1, at("2026-06-01T15:00:00Z"), "000000777")
        .await;
    f.shop.down.store(true, Ordering::SeqCst);
    let night = f
        .app
        .shop()
        .nightly(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert!(night.sync_error.unwrap().contains("connection refused"));
    assert_eq!(night.validation, None);
    assert_eq!(f.verdict(&call).await.state, LinkState::Pending);

    // Checked on its own, an order the shop cannot be asked about stays Pending too.
    let counts = f
        .app
        .shop()
        .validate(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!((counts.checked, counts.left_pending), (0, 1));
    assert_eq!(f.verdict(&call).await.state, LinkState::Pending);
}

#[tokio::test]
async fn an_order_not_synced_yet_is_looked_up_by_its_number() {
    let f = floor().await;
    let call = f
        .call(&f.sam.1, at("2026-06-01T15:00:00Z"), "000000055")
        .await;
    f.order(
        "000000055",
        "jane@example.com",
        at("2026-06-01T15:02:00Z"),
        Some("Sam Rivera"),
    );
    let counts = f
        .app
        .shop()
        .validate(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!((counts.valid, counts.shop_requests), (1, 1));
    assert_eq!(f.verdict(&call).await.state, LinkState::Valid);
}

/// 02:00 New York does not exist on 2026-03-08 and EventBridge skips that night: the night
/// after checks everything due. On 2026-11-01 02:00 comes once; a repeated event changes
/// nothing.
#[tokio::test]
async fn both_dst_nights_check_everything_due_and_nothing_twice() {
    let f = floor().await;
    let email = "jane@example.com";
    // Saturday 2026-03-07, 21:00 EST.
    let spring = at("2026-03-08T02:00:00Z");
    f.order(
        "SPRING",
        email,
        at("2026-03-08T02:05:00Z"),
        Some("Sam Rivera"),
    );
    let spring_call = f.call(&f.sam.1, spring, "SPRING").await;
    // 02:00 EST on the 7th ran before the call; the 8th's run never happens.
    let before = f
        .app
        .shop()
        .nightly(at("2026-03-07T07:00:00Z"))
        .await
        .unwrap();
    assert_eq!(before.validation.unwrap().checked, 0);
    // Monday 2026-03-09, 02:00 EDT = 06:00 UTC.
    let monday = f
        .app
        .shop()
        .nightly(at("2026-03-09T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(monday.validation.unwrap().valid, 1);
    assert_eq!(f.verdict(&spring_call).await.state, LinkState::Valid);

    // Saturday 2026-10-31, 22:00 EDT; the night's 02:00 is EST (07:00 UTC).
    let fall = at("2026-11-01T02:00:00Z");
    f.order(
        "FALL",
        email,
        at("2026-11-01T02:30:00Z"),
        Some("Sam Rivera"),
    );
    let fall_call = f.call(&f.sam.1, fall, "FALL").await;
    let night = f
        .app
        .shop()
        .nightly(at("2026-11-01T07:00:00Z"))
        .await
        .unwrap();
    assert_eq!(night.validation.unwrap().valid, 1);
    let repeated = f
        .app
        .shop()
        .nightly(at("2026-11-01T07:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        repeated.validation.unwrap().checked,
        0,
        "the event delivered twice"
    );
    assert_eq!(f.verdict(&fall_call).await.state, LinkState::Valid);
}

#[tokio::test]
async fn only_the_calls_author_and_admins_change_its_order_id_and_a_change_makes_it_pending() {
    let f = floor().await;
    let call = f
        .call(&f.sam.1, at("2026-06-01T15:00:00Z"), "000000101")
        .await;
    f.order(
        "000000101",
        "jane@example.com",
        at("2026-06-01T15:02:00Z"),
        Some("Sam Rivera"),
    );
    f.app
        .shop()
        .validate(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(f.verdict(&call).await.state, LinkState::Valid);

    let request = |id: &str| LinkOrderRequest {
        order_id: Some(id.into()),
    };
    // Riley may see Jane (the org-wide default), not change Sam's call.
    let refused = f
        .app
        .interactions()
        .link_order(&f.riley.1, &call.id, request("000000999"))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, CoreError::Forbidden(_) | CoreError::NotFound(_)),
        "{refused:?}"
    );

    let changed = f
        .app
        .interactions()
        .link_order(&f.admin, &call.id, request("000000102"))
        .await
        .unwrap();
    let linked = changed.linked_order.unwrap();
    assert_eq!(
        (linked.order_id.as_str(), linked.state),
        ("000000102", LinkState::Pending)
    );
    assert_eq!(linked.check, None);

    let cleared = f
        .app
        .interactions()
        .link_order(&f.sam.1, &call.id, LinkOrderRequest { order_id: None })
        .await
        .unwrap();
    assert_eq!(cleared.linked_order, None);
    let bad = f
        .app
        .interactions()
        .link_order(&f.sam.1, &call.id, request("12 34"))
        .await
        .unwrap_err();
    assert!(matches!(bad, CoreError::Invalid(ref e) if e.for_field("order_id").is_some()));
}

#[tokio::test]
async fn a_valid_order_claimed_by_a_second_call_is_checked_again_and_both_say_so() {
    let f = floor().await;
    let start = at("2026-06-01T15:00:00Z");
    f.order(
        "000000300",
        "jane@example.com",
        at("2026-06-01T15:03:00Z"),
        Some("Sam Rivera"),
    );
    let first = f.call(&f.sam.1, start, "000000300").await;
    f.app
        .shop()
        .validate(at("2026-06-02T06:00:00Z"))
        .await
        .unwrap();
    assert_eq!(f.verdict(&first).await.state, LinkState::Valid);

    let second = f.call(&f.riley.1, start, "000000301").await;
    f.app
        .interactions()
        .link_order(
            &f.riley.1,
            &second.id,
            LinkOrderRequest {
                order_id: Some("000000300".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(f.verdict(&first).await.state, LinkState::Pending);
    f.app
        .shop()
        .validate(at("2026-06-03T06:00:00Z"))
        .await
        .unwrap();
    for call in [&first, &second] {
        let linked = f.verdict(call).await;
        assert!(
            problems(&linked).contains(&LinkProblem::SharedWithOtherCalls),
            "{linked:?}"
        );
    }
}

#[tokio::test]
async fn a_manager_reports_on_their_reps_and_an_admin_on_everyone() {
    let f = floor().await;
    let manager = f
        .app
        .users()
        .create(
            &f.admin,
            user("mia@example.com", "Mia Manager", Role::Manager),
        )
        .await
        .unwrap();
    let chart = worklane_domain::OrgChart {
        placements: vec![worklane_domain::Placement {
            user: f.sam.0.id.clone(),
            department: None,
            reports_to: Some(manager.id.clone()),
        }],
        ..worklane_domain::OrgChart::default()
    };
    f.app.organisation().save(&f.admin, chart).await.unwrap();
    let manager = f.app.access_for(Actor::from(manager)).await.unwrap();
    let start = Timestamp::now() - jiff::SignedDuration::from_hours(3);
    f.call(&f.sam.1, start, "000000401").await;
    f.call(&f.riley.1, start, "000000402").await;
    let today = Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .date();
    let (from, to) = (
        today.yesterday().unwrap().to_string(),
        today.tomorrow().unwrap().to_string(),
    );
    let advisors = |report: worklane_domain::LinkedOrdersReport| {
        let mut names: Vec<String> = report.rows.into_iter().map(|r| r.advisor_name).collect();
        names.sort();
        names
    };
    let mine = f.app.shop().report(&manager, &from, &to).await.unwrap();
    assert_eq!(advisors(mine), ["Sam Rivera"]);
    let all = f.app.shop().report(&f.admin, &from, &to).await.unwrap();
    assert_eq!(advisors(all), ["Riley Rep", "Sam Rivera"]);
    let refused = f.app.shop().report(&f.sam.1, &from, &to).await.unwrap_err();
    assert!(matches!(refused, CoreError::Forbidden(_)));
}
