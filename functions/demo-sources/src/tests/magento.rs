use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{SHOP_URL, demo};

const SEARCH: &str = "/shop/rest/V1/carts/search";

fn ids(body: &Value) -> Vec<u64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect()
}

/// A query string filtering on `updated_at`, one filter group per condition.
fn window(from: &str, to: &str, page_size: usize, page: usize) -> String {
    format!(
        "{SEARCH}?searchCriteria[filter_groups][0][filters][0][field]=updated_at\
         &searchCriteria[filter_groups][0][filters][0][value]={}\
         &searchCriteria[filter_groups][0][filters][0][condition_type]=gteq\
         &searchCriteria[filter_groups][1][filters][0][field]=updated_at\
         &searchCriteria[filter_groups][1][filters][0][value]={}\
         &searchCriteria[filter_groups][1][filters][0][condition_type]=lteq\
         &searchCriteria[sortOrders][0][field]=updated_at\
         &searchCriteria[sortOrders][0][direction]=ASC\
         &searchCriteria[pageSize]={page_size}&searchCriteria[currentPage]={page}",
        from.replace(' ', "%20"),
        to.replace(' ', "+"),
    )
}

#[tokio::test]
async fn carts_search_honours_an_updated_at_window_sorted_and_paged() {
    let demo = demo(3, 12);
    let (status, all) = demo
        .get(&format!("{SEARCH}?searchCriteria[pageSize]=300"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total_count"], 12);
    let mut times: Vec<(String, u64)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["updated_at"].as_str().unwrap().to_string(),
                c["id"].as_u64().unwrap(),
            )
        })
        .collect();
    times.sort();
    // The window holds the 3rd to the 9th cart by updated_at.
    let (from, to) = (&times[2].0, &times[8].0);
    let expected: Vec<u64> = times[2..=8].iter().map(|(_, id)| *id).collect();

    let mut seen = Vec::new();
    for page in 1..=4 {
        let (status, body) = demo.get(&window(from, to, 3, page)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["total_count"], 7, "the filtered count, not the page's");
        let got = ids(&body);
        if page <= 3 {
            seen.extend(got);
        } else {
            // Past the end, Magento answers the last page again.
            assert_eq!(got, expected[6..].to_vec());
        }
        assert_eq!(body["search_criteria"]["page_size"], 3);
        assert_eq!(body["search_criteria"]["current_page"], page);
    }
    assert_eq!(seen, expected);

    let (_, body) = demo.get(&window(from, to, 3, 1)).await;
    assert_eq!(
        body["search_criteria"]["filter_groups"][0],
        json!({ "filters": [{ "field": "updated_at", "value": from, "condition_type": "gteq" }] })
    );
    assert_eq!(
        body["search_criteria"]["sort_orders"],
        json!([{ "field": "updated_at", "direction": "ASC" }])
    );
}

#[tokio::test]
async fn filters_in_a_group_are_ored_and_groups_anded() {
    let demo = demo(3, 12);
    let (_, all) = demo
        .get(&format!("{SEARCH}?searchCriteria[pageSize]=300"))
        .await;
    let carts = all["items"].as_array().unwrap();
    let expected: Vec<u64> = carts
        .iter()
        .filter(|c| {
            c["is_active"] == true
                && (c["items_count"].as_u64().unwrap() >= 2 || c["items_qty"] == 1)
        })
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    let query = format!(
        "{SEARCH}?searchCriteria[filter_groups][0][filters][0][field]=is_active\
         &searchCriteria[filter_groups][0][filters][0][value]=1\
         &searchCriteria[filter_groups][1][filters][0][field]=items_count\
         &searchCriteria[filter_groups][1][filters][0][value]=2\
         &searchCriteria[filter_groups][1][filters][0][condition_type]=gteq\
         &searchCriteria[filter_groups][1][filters][1][field]=items_qty\
         &searchCriteria[filter_groups][1][filters][1][value]=1\
         &searchCriteria[filter_groups][1][filters][1][condition_type]=eq\
         &searchCriteria[pageSize]=300"
    );
    let (status, body) = demo.get(&query).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&body), expected);
    assert!(!expected.is_empty() && expected.len() < carts.len());
}

#[tokio::test]
async fn search_sorts_descending_and_defaults_to_20_a_page() {
    let demo = demo(5, 30);
    let (_, body) = demo
        .get(&format!(
            "{SEARCH}?searchCriteria[sortOrders][0][field]=created_at\
             &searchCriteria[sortOrders][0][direction]=DESC"
        ))
        .await;
    assert_eq!(body["total_count"], 30);
    let created: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["created_at"].as_str().unwrap())
        .collect();
    assert_eq!(created.len(), 20);
    assert!(created.windows(2).all(|w| w[0] >= w[1]));
    assert!(body["search_criteria"].get("page_size").is_none());
}

#[tokio::test]
async fn a_bad_search_is_400_in_magentos_shape() {
    let demo = demo(5, 6);
    for query in [
        "searchCriteria[pageSize]=301",
        "searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=UP",
        "searchCriteria[filter_groups][0][filters][0][field]=updated_at&searchCriteria[filter_groups][0][filters][0][condition_type]=near",
        "searchCriteria[filter_groups][0][filters][0][field]=colour&searchCriteria[filter_groups][0][filters][0][value]=red",
        "other=1",
    ] {
        let (status, body) = demo.get(&format!("{SEARCH}?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body["message"].is_string() && body.get("parameters").is_some());
    }
    let (_, body) = demo
        .get(&format!("{SEARCH}?searchCriteria[pageSize]=301"))
        .await;
    assert_eq!(
        body,
        json!({ "message": "Maximum SearchCriteria pageSize is %max", "parameters": { "max": 300 } })
    );
}

#[tokio::test]
async fn carts_are_served_with_or_without_a_store_code() {
    let demo = demo(3, 6);
    let (_, all) = demo
        .get(&format!("{SEARCH}?searchCriteria[pageSize]=50"))
        .await;
    let (status, with_store) = demo
        .get("/shop/rest/default/V1/carts/search?searchCriteria[pageSize]=50")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(with_store, all);

    let cart = &all["items"][0];
    let id = cart["id"].as_u64().unwrap();
    for uri in [
        format!("/shop/rest/V1/carts/{id}"),
        format!("/shop/rest/all/V1/carts/{id}"),
    ] {
        let (status, one) = demo.get(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(&one, cart);
    }
}

#[tokio::test]
async fn an_unknown_cart_is_magentos_404() {
    let demo = demo(3, 6);
    let (status, body) = demo.get("/shop/rest/V1/carts/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!({
            "message": "No such entity with %fieldName = %fieldValue",
            "parameters": { "fieldName": "cartId", "fieldValue": "999999" }
        })
    );
    let (status, body) = demo.get("/shop/rest/V1/products").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "Request does not match any route.");
}

#[tokio::test]
async fn without_the_token_magento_answers_401() {
    let demo = demo(3, 6);
    for uri in [
        format!("{SEARCH}?searchCriteria[pageSize]=5"),
        "/shop/rest/V1/carts/1201".to_string(),
        "/shop/rest/default/V1/carts/1201".to_string(),
    ] {
        for authorization in [None, Some("Bearer wrong"), Some("Basic abc")] {
            let (status, body) = demo.get_as(&uri, authorization).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
            assert_eq!(
                body,
                json!({
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": { "resources": "Magento_Cart::manage" }
                })
            );
        }
    }
}

#[tokio::test]
async fn backlog_carts_were_last_touched_2_to_6_hours_ago_in_magentos_shape() {
    let demo = demo(3, 6);
    let (_, all) = demo
        .get(&format!("{SEARCH}?searchCriteria[pageSize]=50"))
        .await;
    let now = demo.now();
    let carts = all["items"].as_array().unwrap();
    assert_eq!(carts.len(), 6);
    let mut guests = 0;
    let mut ordered = 0;
    for cart in carts {
        let updated = cart["updated_at"].as_str().unwrap();
        assert_eq!(updated.len(), 19, "YYYY-MM-DD HH:MM:SS: {updated}");
        let at: jiff::Timestamp = format!("{}Z", updated.replace(' ', "T")).parse().unwrap();
        let hours = (now - at).get_seconds() as f64 / 3600.0;
        assert!(
            (2.0..=6.0).contains(&hours),
            "{updated} is {hours} hours ago"
        );
        assert!(cart["created_at"].as_str().unwrap() <= updated);
        assert_eq!(cart["currency"]["quote_currency_code"], "USD");
        assert_eq!(cart["currency"]["base_currency_code"], "USD");
        let email = cart["billing_address"]["email"].as_str().unwrap();
        assert!(email.contains('@'));
        match cart["customer"].get("id") {
            Some(id) => {
                assert!(id.is_u64());
                assert_eq!(cart["customer"]["email"], email);
            }
            None => {
                guests += 1;
                assert!(cart["customer"].get("email").is_none());
            }
        }
        if cart["is_active"] == true {
            assert!(cart.get("reserved_order_id").is_none());
            let items = cart["items"].as_array().unwrap();
            assert_eq!(items.len() as u64, cart["items_count"].as_u64().unwrap());
            for item in items {
                assert!(item["price"].is_f64());
                assert_eq!(item["product_type"], "simple");
                assert_eq!(item["quote_id"], cart["id"].to_string());
                let url = item["extension_attributes"]["product_url"]
                    .as_str()
                    .unwrap();
                assert!(url.starts_with(&format!("{SHOP_URL}/")) && url.ends_with(".html"));
                let image = item["extension_attributes"]["image_url"].as_str().unwrap();
                assert!(image.starts_with(&format!("{SHOP_URL}/media/catalog/product/")));
                assert!(image.ends_with(".svg"));
            }
        } else {
            ordered += 1;
            assert_eq!(cart["items"], json!([]), "items only while active");
            assert_eq!(cart["reserved_order_id"].as_str().unwrap().len(), 9);
        }
    }
    assert!(guests >= 1, "a guest's cart is in the backlog");
    assert_eq!(ordered, 1);
}
