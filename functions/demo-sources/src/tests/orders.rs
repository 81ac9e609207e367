use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ADVISORS, all, assert_paged_by_updated_at, config, demo, demo_from, equal};

const ORDERS: &str = "/shop/rest/V1/orders";
const CARTS: &str = "/shop/rest/V1/carts/search";

const STATUSES: [(&str, &str); 4] = [
    ("pending", "new"),
    ("processing", "processing"),
    ("complete", "complete"),
    ("canceled", "canceled"),
];

/// The advisor named by an order's "Order Placed by … using Admin Panel" comment, if any.
fn placed_by(order: &Value) -> Option<String> {
    order["status_histories"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["comment"].as_str())
        .find_map(|c| {
            c.strip_prefix("Order Placed by ")
                .and_then(|rest| rest.strip_suffix(" using Admin Panel"))
                .map(str::to_string)
        })
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

#[tokio::test]
async fn backlog_orders_are_in_magentos_shape() {
    let demo = demo(3, 10);
    let orders = all(&demo, ORDERS).await;
    assert_eq!(
        orders.len(),
        20 + 1,
        "two orders a backlog cart, and one checked out"
    );
    let now = demo.now();
    let mut numbers = Vec::new();
    for order in &orders {
        let number = order["increment_id"].as_str().unwrap();
        assert!(number.len() == 9 && number.bytes().all(|b| b.is_ascii_digit()));
        numbers.push(number.to_string());
        let created = order["created_at"].as_str().unwrap();
        let at: jiff::Timestamp = format!("{}Z", created.replace(' ', "T")).parse().unwrap();
        let days = (now - at).get_seconds() as f64 / 86_400.0;
        assert!((0.0..=30.0).contains(&days), "{created}");
        assert!(created <= order["updated_at"].as_str().unwrap());
        let status = (
            order["status"].as_str().unwrap(),
            order["state"].as_str().unwrap(),
        );
        assert!(STATUSES.contains(&status), "{status:?}");
        assert_eq!(order["order_currency_code"], "USD");
        let email = order["customer_email"].as_str().unwrap();
        assert!(email.contains('@'));
        assert_eq!(
            order["customer_id"].is_null(),
            order["customer_is_guest"] == 1,
            "customer_id null for guests"
        );
        let mut subtotal = 0;
        for item in order["items"].as_array().unwrap() {
            assert_eq!(item["product_type"], "simple");
            assert!(item["parent_item_id"].is_null());
            let price = item["price"].as_f64().unwrap();
            let qty = item["qty_ordered"].as_f64().unwrap();
            assert_eq!(
                cents(item["row_total"].as_f64().unwrap()),
                cents(price * qty)
            );
            assert!(crate::catalog::by_sku(item["sku"].as_str().unwrap()).is_some());
            subtotal += cents(price * qty);
        }
        assert!(subtotal > 0);
        assert_eq!(cents(order["subtotal"].as_f64().unwrap()), subtotal);
        assert_eq!(
            cents(order["grand_total"].as_f64().unwrap()),
            subtotal + cents(order["shipping_amount"].as_f64().unwrap())
        );
        let histories = order["status_histories"].as_array().unwrap();
        let times: Vec<&str> = histories
            .iter()
            .map(|h| h["created_at"].as_str().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        if let Some(newest) = histories.first() {
            assert_eq!(newest["status"], order["status"]);
        }
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), orders.len(), "each order has its own number");
}

#[tokio::test]
async fn about_half_the_orders_are_placed_by_advisors_in_the_admin_panel() {
    let demo = demo(8, 10);
    demo.pass(24 * 60);
    let orders = all(&demo, ORDERS).await;
    let by_advisor: Vec<(&Value, String)> = orders
        .iter()
        .filter_map(|o| placed_by(o).map(|advisor| (o, advisor)))
        .collect();
    let share = by_advisor.len() as f64 / orders.len() as f64;
    assert!(
        (0.3..=0.7).contains(&share),
        "{} of {}",
        by_advisor.len(),
        orders.len()
    );
    let mut attributed = 0;
    for (order, advisor) in &by_advisor {
        assert!(ADVISORS.contains(&advisor.as_str()), "{advisor}");
        let placed = order["status_histories"]
            .as_array()
            .unwrap()
            .last()
            .unwrap();
        assert_eq!(placed["status"], "pending");
        assert_eq!(placed["created_at"], order["created_at"]);
        if let Some(by) = order["extension_attributes"].get("created_by") {
            attributed += 1;
            assert_eq!(by, advisor.as_str());
        }
    }
    assert!(
        attributed > 0 && attributed < by_advisor.len(),
        "some carry the attribute"
    );
    for order in &orders {
        if placed_by(order).is_none() {
            assert!(order["extension_attributes"].get("created_by").is_none());
        }
    }
    for advisor in ADVISORS {
        assert!(
            by_advisor.iter().any(|(_, a)| a == advisor),
            "{advisor} placed some"
        );
    }
}

#[tokio::test]
async fn without_advisors_no_order_is_an_advisors() {
    let mut config = config(8, 10);
    config.advisors = Vec::new();
    let demo = demo_from(config, "2026-03-10T12:00:00Z".parse().unwrap());
    demo.pass(12 * 60);
    let orders = all(&demo, ORDERS).await;
    assert!(orders.len() > 50);
    assert!(orders.iter().all(|o| placed_by(o).is_none()));
    assert!(
        orders
            .iter()
            .all(|o| o["extension_attributes"] == json!({}))
    );
}

#[tokio::test]
async fn orders_are_paged_by_updated_at_and_move_on_over_time() {
    let demo = demo(3, 10);
    let before = all(&demo, ORDERS).await;
    demo.pass(3 * 24 * 60);
    let after = all(&demo, ORDERS).await;
    assert!(after.len() > before.len() + 100, "new orders");
    let mut moved = 0;
    for old in &before {
        let now = after
            .iter()
            .find(|o| o["entity_id"] == old["entity_id"])
            .unwrap();
        assert_eq!(now["increment_id"], old["increment_id"]);
        assert_eq!(now["created_at"], old["created_at"]);
        if now["status"] != old["status"] {
            moved += 1;
            assert!(now["updated_at"].as_str() > old["updated_at"].as_str());
            let count = |o: &Value| o["status_histories"].as_array().unwrap().len();
            assert!(count(now) > count(old));
        }
    }
    assert!(moved > 0, "pending and processing orders moved on");
    for (status, _) in STATUSES {
        assert!(
            after.iter().any(|o| o["status"] == status),
            "some are {status}"
        );
    }
    assert_paged_by_updated_at(&demo, ORDERS, "entity_id").await;
}

#[tokio::test]
async fn an_order_is_found_by_its_number_and_read_by_its_entity_id() {
    let demo = demo(3, 10);
    let orders = all(&demo, ORDERS).await;
    let order = &orders[5];
    let number = order["increment_id"].as_str().unwrap();

    let (status, found) = demo.get(&equal(ORDERS, "increment_id", number)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["total_count"], 1);
    assert_eq!(&found["items"][0], order);
    let unpadded = number.trim_start_matches('0');
    assert_ne!(unpadded, number);
    let (_, none) = demo.get(&equal(ORDERS, "increment_id", unpadded)).await;
    assert_eq!(
        none["total_count"], 0,
        "a number is text: leading zeros count"
    );

    let id = order["entity_id"].as_u64().unwrap();
    for uri in [
        format!("{ORDERS}/{id}"),
        format!("/shop/rest/default/V1/orders/{id}"),
    ] {
        let (status, one) = demo.get(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(&one, order);
    }
    let (status, missing) = demo.get(&format!("{ORDERS}/{number}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the number is not the entity_id"
    );
    assert_eq!(
        missing["message"],
        "The entity that was requested doesn't exist. Verify the entity and try again."
    );
}

#[tokio::test]
async fn a_customers_orders_are_found_by_email_newest_first() {
    let demo = demo(3, 10);
    demo.pass(24 * 60);
    let orders = all(&demo, ORDERS).await;
    let email = orders[0]["customer_email"].as_str().unwrap();
    let expected = orders
        .iter()
        .filter(|o| o["customer_email"] == email)
        .count();
    let (status, body) = demo
        .get(&format!(
            "{}&searchCriteria[sortOrders][0][field]=created_at\
             &searchCriteria[sortOrders][0][direction]=DESC",
            equal(ORDERS, "customer_email", &email.to_uppercase())
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let found = body["items"].as_array().unwrap();
    assert_eq!(found.len(), expected);
    assert!(found.iter().all(|o| o["customer_email"] == email));
    let created: Vec<&str> = found
        .iter()
        .map(|o| o["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]));
}

#[tokio::test]
async fn a_checked_out_cart_is_an_order_with_its_lines() {
    let demo = demo(21, 6);
    demo.pass(6 * 60);
    let orders = all(&demo, ORDERS).await;
    let (_, carts) = demo
        .get(&format!("{CARTS}?searchCriteria[pageSize]=300"))
        .await;
    let ordered: Vec<&Value> = carts["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["is_active"] == false)
        .collect();
    assert!(ordered.len() > 2);
    for cart in ordered {
        let number = cart["reserved_order_id"].as_str().unwrap();
        let order = orders
            .iter()
            .find(|o| o["increment_id"] == number)
            .unwrap_or_else(|| panic!("order {number}"));
        assert_eq!(order["quote_id"], cart["id"]);
        assert_eq!(order["customer_email"], cart["billing_address"]["email"]);
        assert_eq!(
            order["customer_id"],
            cart["customer"].get("id").cloned().unwrap_or(Value::Null)
        );
        assert!(placed_by(order).is_none(), "checked out on the storefront");
        assert_eq!(order["created_at"], cart["updated_at"]);
    }
}

#[tokio::test]
async fn customers_and_orders_need_the_token() {
    let demo = demo(3, 6);
    for (uri, resource) in [
        (
            "/shop/rest/V1/customers/search?searchCriteria[pageSize]=5",
            "Magento_Customer::customer",
        ),
        (
            "/shop/rest/default/V1/customers/search?searchCriteria[pageSize]=5",
            "Magento_Customer::customer",
        ),
        (
            "/shop/rest/V1/orders?searchCriteria[pageSize]=5",
            "Magento_Sales::sales",
        ),
        (
            "/shop/rest/default/V1/orders?searchCriteria[pageSize]=5",
            "Magento_Sales::sales",
        ),
        ("/shop/rest/V1/orders/1", "Magento_Sales::sales"),
        ("/shop/rest/default/V1/orders/1", "Magento_Sales::sales"),
    ] {
        for authorization in [None, Some("Bearer wrong"), Some("Basic abc")] {
            let (status, body) = demo.get_as(uri, authorization).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
            assert_eq!(
                body,
                json!({
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": { "resources": resource }
                })
            );
        }
    }
}

#[tokio::test]
async fn the_same_seed_and_start_give_the_same_customers_and_orders() {
    let start: jiff::Timestamp = "2026-05-01T08:30:00Z".parse().unwrap();
    let (a, b) = (
        demo_from(config(42, 6), start),
        demo_from(config(42, 6), start),
    );
    a.pass(300);
    b.pass(100);
    b.pass(200);
    for path in [ORDERS, "/shop/rest/V1/customers/search"] {
        assert_eq!(all(&a, path).await, all(&b, path).await, "{path}");
    }
}

#[test]
fn magento_writes_dates_in_utc_to_the_second() {
    assert_eq!(crate::clock::magento(1_767_225_600), "2026-01-01 00:00:00");
    assert_eq!(crate::clock::magento(1_796_290_445), "2026-12-03 09:34:05");
}
