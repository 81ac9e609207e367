use serde_json::Value;

use super::{demo, demo_at};

const SEARCH_ALL: &str = "/shop/rest/V1/carts/search?searchCriteria[pageSize]=300";
const ORDERS: &str = "/shop/rest/V1/orders";

fn records(body: &Value) -> Vec<Value> {
    body["records"].as_array().unwrap().clone()
}

#[tokio::test]
async fn records_stay_identical_and_new_ones_appear_as_time_passes() {
    let demo = demo(9, 6);
    let start = demo.now();
    let (_, first) = demo.get("/website/feeds/body-type-quiz").await;
    let (_, again) = demo.get("/website/feeds/body-type-quiz").await;
    assert_eq!(first, again);
    let before = records(&first);
    assert_eq!(before.len(), 6);

    demo.pass(2);
    let (_, soon) = demo.get("/website/feeds/body-type-quiz").await;
    assert_eq!(records(&soon).len(), 6, "nothing new after two minutes");

    demo.pass(60);
    let (_, later) = demo.get("/website/feeds/body-type-quiz").await;
    let after = records(&later);
    assert!(
        (6 + 8..=6 + 31).contains(&after.len()),
        "about one every four minutes: {}",
        after.len()
    );
    assert_eq!(after[..6], before[..], "old records never change");
    for record in &after[6..] {
        let at: jiff::Timestamp = record["submitted_at"].as_str().unwrap().parse().unwrap();
        assert!(start < at && at <= demo.now());
    }
    let last = after.last().unwrap();
    assert!(last["seq"].as_u64().unwrap() > before[5]["seq"].as_u64().unwrap());

    let (_, faqs) = demo
        .get("/website/feeds/faq-requests?after=0&limit=50")
        .await;
    assert!(records(&faqs).len() > 6);
}

#[tokio::test]
async fn the_same_seed_and_start_give_the_same_data() {
    let start = "2026-05-01T08:30:00Z".parse().unwrap();
    let (a, b) = (demo_at(42, 6, start), demo_at(42, 6, start));
    a.pass(95);
    b.pass(40);
    b.pass(55);
    for uri in [
        "/website/feeds/body-type-quiz",
        "/website/feeds/health-evaluation-quiz",
        "/website/feeds/faq-requests",
        SEARCH_ALL,
    ] {
        assert_eq!(a.get(uri).await, b.get(uri).await, "{uri}");
    }
    let other = demo_at(43, 6, start);
    other.pass(95);
    assert_ne!(
        a.get("/website/feeds/faq-requests").await,
        other.get("/website/feeds/faq-requests").await
    );
}

#[tokio::test]
async fn carts_appear_change_and_become_orders_over_time() {
    let demo = demo(21, 6);
    let (_, before) = demo.get(SEARCH_ALL).await;
    assert_eq!(before["total_count"], 6);

    demo.pass(6 * 60);
    let (_, after) = demo.get(SEARCH_ALL).await;
    let carts = after["items"].as_array().unwrap();
    let count = carts.len();
    assert!((6 + 45..=6 + 180).contains(&count), "{count} carts");

    let ids: Vec<u64> = carts.iter().map(|c| c["id"].as_u64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "new carts get new ids");

    let new = &carts[6..];
    assert!(new.iter().any(|c| c["customer"].get("id").is_some()));
    let ordered: Vec<&Value> = carts.iter().filter(|c| c["is_active"] == false).collect();
    assert!(ordered.len() > 2, "carts became orders");
    let orders: Vec<&str> = ordered
        .iter()
        .map(|c| c["reserved_order_id"].as_str().unwrap())
        .collect();
    assert!(
        orders
            .iter()
            .all(|o| o.len() == 9 && o.bytes().all(|b| b.is_ascii_digit()))
    );
    let mut distinct = orders.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        orders.len(),
        "each order has its own number"
    );
    assert!(ordered.iter().all(|c| c["items"] == serde_json::json!([])));

    // Some carts were touched again after they were made.
    let changed = new
        .iter()
        .filter(|c| c["updated_at"] != c["created_at"])
        .count();
    assert!(changed > 0);

    // What a quiet-period importer asks: carts untouched for an hour.
    let (_, quiet) = demo
        .get(&format!(
            "/shop/rest/V1/carts/search?searchCriteria[filter_groups][0][filters][0][field]=updated_at\
             &searchCriteria[filter_groups][0][filters][0][value]={}\
             &searchCriteria[filter_groups][0][filters][0][condition_type]=lteq\
             &searchCriteria[pageSize]=300",
            crate::clock::magento(demo.now().as_second() - 3600).replace(' ', "%20")
        ))
        .await;
    let quiet = quiet["total_count"].as_u64().unwrap();
    assert!(quiet > 0 && (quiet as usize) < count);
}

#[tokio::test]
async fn a_demo_made_again_after_a_restart_carries_on_after_the_old_ones_numbers() {
    let start: jiff::Timestamp = "2026-05-01T08:30:00Z".parse().unwrap();
    let first = demo_at(42, 10, start);
    first.pass(3 * 60);
    let mut last_seq = std::collections::HashMap::new();
    for feed in ["body-type-quiz", "health-evaluation-quiz", "faq-requests"] {
        let (_, page) = first
            .get(&format!("/website/feeds/{feed}?after=0&limit=50"))
            .await;
        let mut after = 0;
        let mut page = page;
        loop {
            for record in records(&page) {
                after = record["seq"].as_u64().unwrap();
            }
            if page["has_more"] == false {
                break;
            }
            page = first
                .get(&format!("/website/feeds/{feed}?after={after}&limit=50"))
                .await
                .1;
        }
        last_seq.insert(feed, after);
    }
    let (_, old_carts) = first.get(SEARCH_ALL).await;
    let old_orders = super::all(&first, ORDERS).await;
    let old_ids: Vec<u64> = old_carts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect();

    // The server restarts a moment later: the same seed, a new start.
    let second = demo_at(42, 10, start + jiff::SignedDuration::from_mins(3 * 60 + 1));
    second.pass(30);
    for (feed, cursor) in last_seq {
        let (_, page) = second
            .get(&format!("/website/feeds/{feed}?after={cursor}"))
            .await;
        assert!(
            !records(&page).is_empty(),
            "{feed} goes on after seq {cursor}"
        );
    }
    for order in super::all(&second, ORDERS).await {
        for field in ["entity_id", "increment_id"] {
            assert!(
                !old_orders.iter().any(|old| old[field] == order[field]),
                "order {field} {} handed out twice",
                order[field]
            );
        }
    }
    let (_, new_carts) = second.get(SEARCH_ALL).await;
    for cart in new_carts["items"].as_array().unwrap() {
        let id = cart["id"].as_u64().unwrap();
        assert!(!old_ids.contains(&id), "cart id {id} handed out twice");
    }
}
