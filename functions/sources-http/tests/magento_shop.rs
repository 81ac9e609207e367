//! The Magento customers and orders reader against a fake Magento 2.4 shop.

// Helpers outside `#[test]` functions unwrap too: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::{assert_oauth1_signed, bearer, connection, oauth1, shop_reader};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use worklane_core::imports::ports::{Connection, Position, RawRecord, SourceError};
use worklane_core::shop::ports::ShopReader;
use worklane_domain::AuthMode;

const CUSTOMERS: &str = "/rest/V1/customers/search";
const ORDERS: &str = "/rest/V1/orders";
const GROUP0: &str = "searchCriteria[filter_groups][0][filters][0]";

fn customer(at: &str, id: u64) -> Value {
    json!({"id": id, "updated_at": at, "email": format!("c{id}@example.com"),
           "firstname": "Ann", "lastname": "Lee", "website_id": 1})
}

fn order(at: &str, entity_id: u64, increment_id: &str) -> Value {
    json!({"entity_id": entity_id, "increment_id": increment_id, "updated_at": at,
           "created_at": at, "customer_email": "ann.lee@example.com", "status": "pending",
           "items": [], "status_histories": []})
}

fn page(items: Vec<Value>, total: usize) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "items": items,
        "search_criteria": {"filter_groups": []},
        "total_count": total,
    }))
}

/// A page from a shop that caps its pages at `size` rows.
fn capped_page(items: Vec<Value>, total: usize, size: usize) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "items": items,
        "search_criteria": {"filter_groups": [], "page_size": size},
        "total_count": total,
    }))
}

fn shop(server: &MockServer) -> Box<dyn ShopReader> {
    shop_reader(&connection(&server.uri()), bearer("shop-token"))
}

fn cursor(at: &str, id: u64) -> Position {
    Position::Updated { at: at.into(), id }
}

fn positions(records: &[RawRecord]) -> Vec<Position> {
    records.iter().map(|r| r.position.clone()).collect()
}

fn query(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

/// The one request the server received, its query decoded.
async fn only_query(server: &MockServer) -> HashMap<String, String> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    query(&requests[0])
}

/// The query of a search's first page: at most one filter, then the sort orders and the page
/// size.
fn criteria(
    filter: Option<(&str, &str, &str)>,
    sorts: &[(&str, &str)],
    page_size: usize,
) -> HashMap<String, String> {
    let mut query = HashMap::new();
    if let Some((field, condition, value)) = filter {
        query.insert(format!("{GROUP0}[field]"), field.to_owned());
        query.insert(format!("{GROUP0}[value]"), value.to_owned());
        query.insert(format!("{GROUP0}[condition_type]"), condition.to_owned());
    }
    for (n, (field, direction)) in sorts.iter().enumerate() {
        let sort = format!("searchCriteria[sortOrders][{n}]");
        query.insert(format!("{sort}[field]"), (*field).to_owned());
        query.insert(format!("{sort}[direction]"), (*direction).to_owned());
    }
    query.insert("searchCriteria[pageSize]".into(), page_size.to_string());
    query.insert("searchCriteria[currentPage]".into(), "1".into());
    query
}

#[tokio::test]
async fn customers_are_searched_from_the_cursors_second_oldest_first() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CUSTOMERS))
        .and(header("authorization", "Bearer shop-token"))
        .respond_with(page(vec![customer("2026-12-03 09:14:06", 9)], 1))
        .expect(1)
        .mount(&server)
        .await;

    let records = shop(&server)
        .customers_after(Some(&cursor("2026-12-03 09:14:05", 3)), 50)
        .await
        .unwrap();

    assert_eq!(positions(&records), [cursor("2026-12-03 09:14:06", 9)]);
    assert_eq!(records[0].body, customer("2026-12-03 09:14:06", 9));
    // The customer collection sorts on `entity_id`; it ignores `id`.
    assert_eq!(
        only_query(&server).await,
        criteria(
            Some(("updated_at", "gteq", "2026-12-03 09:14:05")),
            &[("updated_at", "ASC"), ("entity_id", "ASC")],
            100
        )
    );
}

#[tokio::test]
async fn orders_are_searched_from_the_cursor_and_keyed_by_entity_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(page(vec![order("2026-12-03 09:00:00", 7, "000000101")], 1))
        .expect(1)
        .mount(&server)
        .await;

    let records = shop(&server).orders_after(None, 50).await.unwrap();

    assert_eq!(positions(&records), [cursor("2026-12-03 09:00:00", 7)]);
    assert_eq!(
        only_query(&server).await,
        criteria(None, &[("updated_at", "ASC"), ("entity_id", "ASC")], 100)
    );
}

#[tokio::test]
async fn orders_are_paged_over_until_the_total_is_read() {
    let server = MockServer::start().await;
    for (number, items) in [
        (
            "1",
            vec![
                order("2026-12-03 09:00:01", 1, "000000101"),
                order("2026-12-03 09:00:02", 2, "000000102"),
            ],
        ),
        ("2", vec![order("2026-12-03 09:00:03", 3, "000000103")]),
    ] {
        Mock::given(method("GET"))
            .and(path(ORDERS))
            .and(query_param("searchCriteria[currentPage]", number))
            .respond_with(capped_page(items, 3, 2))
            .expect(1)
            .mount(&server)
            .await;
    }

    let records = shop(&server).orders_after(None, 50).await.unwrap();

    assert_eq!(
        positions(&records),
        [
            cursor("2026-12-03 09:00:01", 1),
            cursor("2026-12-03 09:00:02", 2),
            cursor("2026-12-03 09:00:03", 3),
        ]
    );
}

#[tokio::test]
async fn rows_updated_in_the_cursors_second_are_told_apart_by_id() {
    let t = "2026-12-03 09:14:05";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CUSTOMERS))
        .respond_with(page(
            vec![
                customer(t, 4),
                customer(t, 5),
                customer(t, 6),
                customer("2026-12-03 09:14:06", 2),
            ],
            4,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(page(
            vec![order(t, 40, "000000140"), order(t, 41, "000000141")],
            2,
        ))
        .mount(&server)
        .await;
    let shop = shop(&server);

    let customers = shop.customers_after(Some(&cursor(t, 5)), 50).await.unwrap();
    let orders = shop.orders_after(Some(&cursor(t, 40)), 50).await.unwrap();
    let first = shop.customers_after(Some(&cursor(t, 5)), 1).await.unwrap();

    assert_eq!(
        positions(&customers),
        [cursor(t, 6), cursor("2026-12-03 09:14:06", 2)]
    );
    assert_eq!(positions(&orders), [cursor(t, 41)]);
    assert_eq!(positions(&first), [cursor(t, 6)]);
}

#[tokio::test]
async fn customers_are_found_by_email() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CUSTOMERS))
        .respond_with(page(
            vec![json!({"id": 3, "email": "Ann.Lee@Example.com", "website_id": 1})],
            1,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let found = shop(&server)
        .customers_with_email(" ann.lee@example.com ")
        .await
        .unwrap();

    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], 3);
    assert_eq!(
        only_query(&server).await,
        criteria(
            Some(("email", "eq", "ann.lee@example.com")),
            &[("entity_id", "ASC")],
            100
        )
    );
}

#[tokio::test]
async fn a_shop_that_ignores_the_email_filter_hands_over_no_one_elses_records() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CUSTOMERS))
        .respond_with(page(
            vec![json!({"id": 4, "email": "someone.else@example.com"})],
            1,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(page(
            vec![json!({"entity_id": 4, "increment_id": "000000999",
                        "customer_email": "someone.else@example.com"})],
            1,
        ))
        .mount(&server)
        .await;
    let shop = shop(&server);

    assert!(
        shop.customers_with_email("ann.lee@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        shop.orders_with_email("ann.lee@example.com", 5)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(shop.order_numbered("000000123").await.unwrap(), None);
}

#[tokio::test]
async fn a_customers_orders_are_searched_newest_first_a_page_of_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(page(
            vec![
                order("2026-12-03 09:00:02", 2, "000000102"),
                order("2026-12-03 09:00:01", 1, "000000101"),
            ],
            2,
        ))
        .mount(&server)
        .await;
    let shop = shop(&server);

    let orders = shop
        .orders_with_email("ann.lee@example.com", 5)
        .await
        .unwrap();
    shop.orders_with_email("ann.lee@example.com", 1000)
        .await
        .unwrap();
    let one = shop
        .orders_with_email("ann.lee@example.com", 1)
        .await
        .unwrap();
    let none = shop
        .orders_with_email("ann.lee@example.com", 0)
        .await
        .unwrap();

    let numbers: Vec<&Value> = orders.iter().map(|o| &o["increment_id"]).collect();
    assert_eq!(numbers, [&json!("000000102"), &json!("000000101")]);
    assert_eq!(one.len(), 1, "at most the limit, whatever the shop sends");
    assert!(none.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "no request for a limit of 0");
    let sizes: Vec<String> = requests
        .iter()
        .map(|r| query(r)["searchCriteria[pageSize]"].clone())
        .collect();
    assert_eq!(
        sizes,
        ["5", "300", "1"],
        "the page is the limit, at most 300"
    );
    assert_eq!(
        query(&requests[0]),
        criteria(
            Some(("customer_email", "eq", "ann.lee@example.com")),
            &[("created_at", "DESC"), ("entity_id", "DESC")],
            5
        )
    );
}

#[tokio::test]
async fn an_order_is_found_by_its_number_leading_zeros_kept() {
    let server = MockServer::start().await;
    let wanted = order("2026-12-03 09:00:00", 123, "000000123");
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .and(query_param(format!("{GROUP0}[value]"), "000000123"))
        .respond_with(page(vec![wanted.clone()], 1))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .and(query_param(format!("{GROUP0}[value]"), "123"))
        .respond_with(page(vec![], 0))
        .mount(&server)
        .await;
    let shop = shop(&server);

    assert_eq!(
        shop.order_numbered("000000123").await.unwrap(),
        Some(wanted)
    );
    assert_eq!(shop.order_numbered("123").await.unwrap(), None);
    assert_eq!(shop.order_numbered("  ").await.unwrap(), None);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "no request for a blank number");
    assert_eq!(
        query(&requests[0]),
        criteria(
            Some(("increment_id", "eq", "000000123")),
            &[("entity_id", "ASC")],
            1
        )
    );
}

#[tokio::test]
async fn every_call_is_signed_with_oauth1_and_goes_under_the_store_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/shop/rest/de_de/V1/customers/search"))
        .respond_with(page(vec![], 0))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/shop/rest/de_de/V1/orders"))
        .respond_with(page(vec![], 0))
        .expect(3)
        .mount(&server)
        .await;
    let mut connection: Connection = connection(&format!("{}/shop", server.uri()));
    connection.auth = AuthMode::OAuth1;
    connection.store_code = Some("de_de".into());
    let shop = shop_reader(&connection, oauth1());

    let at = cursor("2026-12-03 09:14:05", 3);
    shop.customers_after(Some(&at), 50).await.unwrap();
    shop.orders_after(Some(&at), 50).await.unwrap();
    shop.customers_with_email("a b+c@example.com")
        .await
        .unwrap();
    shop.orders_with_email("a b+c@example.com", 10)
        .await
        .unwrap();
    shop.order_numbered("000000123").await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5);
    let mut nonces: Vec<String> = requests.iter().map(assert_oauth1_signed).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 5, "a fresh nonce each request");
}

#[tokio::test]
async fn magento_errors_carry_the_shops_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "message": "\"%fieldName\" is not a field that can be searched.",
            "parameters": {"fieldName": "increment_id"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(CUSTOMERS))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "The consumer isn't authorized to access %resources.",
            "parameters": {"resources": "Magento_Customer::customer"}
        })))
        .mount(&server)
        .await;
    let shop = shop(&server);

    let refused = SourceError::Refused {
        status: 400,
        message: "\"increment_id\" is not a field that can be searched.".into(),
    };
    assert_eq!(shop.order_numbered("000000123").await.unwrap_err(), refused);
    assert_eq!(shop.orders_after(None, 50).await.unwrap_err(), refused);
    assert_eq!(
        shop.orders_with_email("a@example.com", 5)
            .await
            .unwrap_err(),
        refused
    );
    let unauthorized = SourceError::Unauthorized {
        status: 401,
        message: "The consumer isn't authorized to access Magento_Customer::customer.".into(),
    };
    assert_eq!(
        shop.customers_after(None, 50).await.unwrap_err(),
        unauthorized
    );
    assert_eq!(
        shop.customers_with_email("a@example.com")
            .await
            .unwrap_err(),
        unauthorized
    );
}

#[tokio::test]
async fn an_answer_that_is_not_a_search_is_malformed() {
    for (answer, what) in [
        (
            ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"),
            "not JSON",
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"message": "hello"})),
            "no items",
        ),
        (
            page(
                vec![json!({"increment_id": "000000101", "updated_at": "2026-12-03 09:00:00"})],
                1,
            ),
            "an order without an entity_id",
        ),
        (
            page(vec![json!({"entity_id": 101})], 1),
            "an order without updated_at",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(answer)
            .mount(&server)
            .await;

        let answer = shop(&server).orders_after(None, 50).await;

        assert!(
            matches!(answer, Err(SourceError::Malformed(_))),
            "{what}: {answer:?}"
        );
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"items\": ["))
        .mount(&server)
        .await;
    let shop = shop(&server);
    assert!(matches!(
        shop.customers_with_email("a@example.com").await,
        Err(SourceError::Malformed(_))
    ));
    assert!(matches!(
        shop.order_numbered("000000123").await,
        Err(SourceError::Malformed(_))
    ));
}

#[tokio::test]
async fn a_connection_without_credentials_or_a_valid_url_is_not_configured() {
    let connector = worklane_sources_http::HttpConnector::new().unwrap();
    use worklane_core::imports::ports::Connector;
    assert!(matches!(
        connector.shop(&connection("http://127.0.0.1:1"), bearer(" ")),
        Err(SourceError::NotConfigured(_))
    ));
    assert!(matches!(
        connector.shop(&connection("ftp://shop.example.com"), bearer("t")),
        Err(SourceError::NotConfigured(_))
    ));
}
