//! The shop over HTTP against the demo Magento on loopback: an advisor links the order they
//! placed in the shop's admin panel to their call, the admin's Run now of the nightly check
//! judges it, another rep may not touch the link, the contact's Status & Marketing panel
//! lists the orders, and the report counts it. Runs on both engines.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{
    ContactView, InteractionView, LinkProblem, LinkState, LinkedOrdersReport, OrderView, Page,
    Role, ShopStatus,
};

use crate::helpers::{Browser, ResponseExt, SOURCE_TOKEN, TestApp, spawn_app_with_sources};

async fn connect_shop(app: &TestApp, admin: &Browser) {
    let sources = app.sources.as_deref().expect("demo sources");
    admin
        .put(
            "/api/imports/abandoned-carts/connection",
            &json!({"base_url": format!("{sources}/shop"), "auth": "bearer",
                "token": SOURCE_TOKEN, "quiet_minutes": 60}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
}

/// Places an order in the demo shop's admin panel as `advisor`; answers its number.
async fn place_order(app: &TestApp, email: &str, advisor: &str) -> String {
    let sources = app.sources.as_deref().expect("demo sources");
    let page = reqwest::Client::new()
        .post(format!("{sources}/shop/admin/sales/order_create/"))
        .form(&[
            ("email", email),
            ("advisor", advisor),
            ("sku", "SLP-01"),
            ("qty", "2"),
        ])
        .send()
        .await
        .expect("the demo shop answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let start = html.find("id=\"order-number\">").expect("the order number") + 18;
    let end = start + html[start..].find('<').unwrap();
    html[start..end].trim().to_string()
}

async fn call(rep: &Browser, contact: &ContactView, order: &str) -> InteractionView {
    rep.post(
        &format!("/api/contacts/{}/calls", contact.id),
        &json!({"direction": "Outbound", "outcome": "Answered", "duration_seconds": 300,
            "note": "Sold two bottles", "order_id": order,
            "started_at": jiff::Timestamp::now()
                .checked_sub(jiff::SignedDuration::from_hours(3)).unwrap().to_string()}),
    )
    .await
    .json_with(StatusCode::CREATED)
    .await
}

#[tokio::test]
async fn an_advisors_order_is_validated_and_shows_on_the_contact_and_in_the_report() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let (sam, sam_view) = app.user(&admin, "sam@example.com", Role::Rep).await;
    let (riley, _) = app.user(&admin, "riley@example.com", Role::Rep).await;
    connect_shop(&app, &admin).await;
    let contact = admin
        .create_contact(json!({"name": "Olive Order", "kind": "Prospect",
            "emails": ["olive@example.com"], "owner_id": sam_view.id}))
        .await;
    // The order is placed now; the call below began three hours ago and lasted five minutes,
    // so its window (call end + 2 h) closed before the order: outside. A call linked to a
    // made-up number has no order at all.
    let late = place_order(&app, "olive@example.com", "User sam@example.com").await;
    let late_call = call(&sam, &contact, &late).await;
    let missing_call = call(&sam, &contact, "000000001").await;
    assert_eq!(
        late_call.linked_order.as_ref().map(|l| l.state),
        Some(LinkState::Pending)
    );

    // Another rep sees the call but may not change its order id.
    riley
        .put(
            &format!("/api/interactions/{}/linked-order", late_call.id),
            &json!({"order_id": "000000002"}),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;

    let night: Value = admin
        .post("/api/shop/validation", &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(night["checked"], 2, "{night}");
    let timeline: Page<InteractionView> = sam
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    let verdict = |id| {
        timeline
            .items
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.linked_order.clone())
            .expect("the call's linked order")
    };
    let late_verdict = verdict(late_call.id.clone());
    assert_eq!(late_verdict.state, LinkState::Invalid);
    let check = late_verdict.check.expect("the check's figures");
    assert_eq!(check.problems, [LinkProblem::OutsideWindow]);
    let order = check.order.expect("the order was found");
    assert_eq!(order.created_by.as_deref(), Some("User sam@example.com"));
    assert_eq!(order.created_by_user.as_ref(), Some(&sam_view.id));
    assert!(
        late_verdict
            .admin_url
            .unwrap()
            .contains("/admin/sales/order/view/order_id/")
    );
    let missing = verdict(missing_call.id.clone());
    assert_eq!(missing.check.unwrap().problems, [LinkProblem::NoSuchOrder]);

    // The author fixes the number: Pending again until the next check.
    let fresh = place_order(&app, "olive@example.com", "User sam@example.com").await;
    let fixed: InteractionView = sam
        .put(
            &format!("/api/interactions/{}/linked-order", missing_call.id),
            &json!({"order_id": fresh}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(fixed.linked_order.unwrap().state, LinkState::Pending);

    // The sync put the order on the contact, who became a Customer.
    let status: ShopStatus = sam
        .get(&format!("/api/contacts/{}/shop", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(status.shop_connected);
    assert!(status.orders_count >= 1, "{status:?}");
    let orders: Page<OrderView> = sam
        .get(&format!("/api/contacts/{}/orders", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(orders.items.iter().any(|o| o.increment_id == late));
    let synced: ShopStatus = sam
        .post(
            &format!("/api/contacts/{}/shop/sync", contact.id),
            &json!({}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(synced.synced_at.is_some());
    let olive: ContactView = sam
        .get(&format!("/api/contacts/{}", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(olive.kind, worklane_domain::ContactKind::Customer);

    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .date();
    let range = format!(
        "from={}&to={}",
        today.yesterday().unwrap(),
        today.tomorrow().unwrap()
    );
    let report: LinkedOrdersReport = admin
        .get(&format!("/api/reports/linked-orders?{range}"))
        .await
        .json_with(StatusCode::OK)
        .await;
    let row = &report.rows[0];
    assert_eq!((row.invalid, row.pending), (1, 1), "{row:?}");
    sam.get(&format!("/api/reports/linked-orders?{range}"))
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    let csv = admin
        .get(&format!("/api/reports/linked-orders.csv?{range}"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("day,advisor,valid"), "{text}");
    assert!(text.contains("\"User sam@example.com\""), "{text}");
}

#[tokio::test]
async fn an_unreachable_shop_leaves_the_link_pending() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let (sam, sam_view) = app.user(&admin, "sam@example.com", Role::Rep).await;
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!(
        "http://127.0.0.1:{}/shop",
        dead.local_addr().unwrap().port()
    );
    drop(dead);
    admin
        .put(
            "/api/imports/abandoned-carts/connection",
            &json!({"base_url": dead_url, "auth": "bearer", "token": SOURCE_TOKEN}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
    let contact = admin
        .create_contact(json!({"name": "Pat Pending", "kind": "Prospect",
            "emails": ["pat@example.com"], "owner_id": sam_view.id}))
        .await;
    let linked = call(&sam, &contact, "000000123").await;
    let night: Value = admin
        .post("/api/shop/validation", &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(night["sync_error"].as_str().is_some(), "{night}");
    assert_eq!(night["checked"], 0);
    let timeline: Page<InteractionView> = sam
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    let now = timeline.items.iter().find(|i| i.id == linked.id).unwrap();
    assert_eq!(now.linked_order.as_ref().unwrap().state, LinkState::Pending);
    sam.post(
        &format!("/api/contacts/{}/shop/sync", contact.id),
        &json!({}),
    )
    .await
    .assert_status(StatusCode::BAD_GATEWAY)
    .await;
}
