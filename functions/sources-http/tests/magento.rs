//! The Magento carts reader against a fake Magento 2.4 shop.

// Helpers outside `#[test]` functions unwrap too: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::{assert_oauth1_signed, bearer, connection, oauth1, reader};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use worklane_core::imports::ports::{Connection, Position, SourceError};
use worklane_domain::{AuthMode, ImportSource};

const SEARCH: &str = "/rest/V1/carts/search";
const GROUP0: &str = "searchCriteria[filter_groups][0][filters][0]";
const GROUP1: &str = "searchCriteria[filter_groups][1][filters][0]";

fn cart(at: &str, id: u64) -> Value {
    json!({"id": id, "updated_at": at, "is_active": true, "items_count": 1,
           "customer": {"email": format!("c{id}@example.com")}})
}

fn page(items: Vec<Value>, total: usize) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "items": items,
        "search_criteria": {"filter_groups": []},
        "total_count": total,
    }))
}

fn shop(server: &MockServer) -> Connection {
    connection(&server.uri())
}

fn cursor(at: &str, id: u64) -> Position {
    Position::Updated { at: at.into(), id }
}

fn positions(records: &[worklane_core::imports::ports::RawRecord]) -> Vec<Position> {
    records.iter().map(|r| r.position.clone()).collect()
}

fn quiet_until(minutes: i64) -> String {
    jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_mins(minutes))
        .unwrap()
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn query(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

#[tokio::test]
async fn carts_are_searched_with_magento_search_criteria() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .and(query_param(format!("{GROUP0}[field]"), "updated_at"))
        .and(query_param(
            format!("{GROUP0}[value]"),
            "2026-12-03 09:14:05",
        ))
        .and(query_param(format!("{GROUP0}[condition_type]"), "gteq"))
        .and(query_param(format!("{GROUP1}[field]"), "updated_at"))
        .and(query_param(format!("{GROUP1}[condition_type]"), "lteq"))
        .and(query_param(
            "searchCriteria[sortOrders][0][field]",
            "updated_at",
        ))
        .and(query_param(
            "searchCriteria[sortOrders][0][direction]",
            "ASC",
        ))
        .and(query_param("searchCriteria[pageSize]", "100"))
        .and(query_param("searchCriteria[currentPage]", "1"))
        .and(header("authorization", "Bearer shop-token"))
        .respond_with(page(vec![], 0))
        .expect(1)
        .mount(&server)
        .await;
    let mut connection = shop(&server);
    connection.quiet_minutes = Some(30);
    let carts = reader(
        ImportSource::AbandonedCarts,
        &connection,
        bearer("shop-token"),
    );

    let earliest = quiet_until(30);
    let records = carts
        .after(Some(&cursor("2026-12-03 09:14:05", 3)), 50)
        .await
        .unwrap();
    let latest = quiet_until(30);

    assert!(records.is_empty());
    let requests = server.received_requests().await.unwrap();
    let until = &query(&requests[0])[&format!("{GROUP1}[value]")];
    assert!(
        earliest <= *until && *until <= latest,
        "{earliest} <= {until} <= {latest}"
    );
}

#[tokio::test]
async fn without_a_cursor_the_search_starts_from_the_first_cart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .and(query_param(format!("{GROUP0}[condition_type]"), "lteq"))
        .and(query_param_is_missing(format!("{GROUP1}[field]")))
        .respond_with(page(vec![cart("2026-12-03 09:00:00", 9)], 1))
        .expect(1)
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    let records = carts.after(None, 50).await.unwrap();

    assert_eq!(positions(&records), [cursor("2026-12-03 09:00:00", 9)]);
    let requests = server.received_requests().await.unwrap();
    let until = &query(&requests[0])[&format!("{GROUP0}[value]")];
    assert!(*until <= quiet_until(60), "{until}");
}

#[tokio::test]
async fn a_store_code_goes_into_the_rest_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/shop/rest/de_de/V1/carts/search"))
        .respond_with(page(vec![], 0))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/shop/rest/de_de/V1/carts/12"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cart("2026-12-03 09:00:00", 12)))
        .expect(1)
        .mount(&server)
        .await;
    let mut connection = connection(&format!("{}/shop", server.uri()));
    connection.store_code = Some("de_de".into());
    let carts = reader(
        ImportSource::AbandonedCarts,
        &connection,
        bearer("shop-token"),
    );

    assert!(carts.after(None, 50).await.unwrap().is_empty());
    assert_eq!(
        carts.one("12").await.unwrap(),
        Some(cart("2026-12-03 09:00:00", 12))
    );
}

#[tokio::test]
async fn one_cart_is_read_by_its_id_and_a_missing_one_is_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/12"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cart("2026-12-03 09:00:00", 12)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/13"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "No such entity with %fieldName = %fieldValue",
            "parameters": {"fieldName": "cartId", "fieldValue": 13}
        })))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    assert_eq!(
        carts.one("12").await.unwrap(),
        Some(cart("2026-12-03 09:00:00", 12))
    );
    assert_eq!(carts.one("13").await.unwrap(), None);
}

#[tokio::test]
async fn carts_updated_in_the_same_second_are_told_apart_by_id() {
    let t = "2026-12-03 09:14:05";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(page(vec![cart(t, 4), cart(t, 5), cart(t, 6)], 3))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    let records = carts.after(Some(&cursor(t, 5)), 50).await.unwrap();

    assert_eq!(positions(&records), [cursor(t, 6)]);
    assert_eq!(records[0].body, cart(t, 6));
}

#[tokio::test]
async fn carts_come_oldest_first_and_at_most_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(page(
            vec![
                cart("2026-12-03 09:00:02", 1),
                cart("2026-12-03 09:00:01", 9),
                cart("2026-12-03 09:00:01", 8),
                cart("2026-12-03 09:00:03", 2),
            ],
            4,
        ))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    let records = carts.after(None, 3).await.unwrap();

    assert_eq!(
        positions(&records),
        [
            cursor("2026-12-03 09:00:01", 8),
            cursor("2026-12-03 09:00:01", 9),
            cursor("2026-12-03 09:00:02", 1),
        ]
    );
}

#[tokio::test]
async fn a_page_full_of_carts_already_read_is_paged_past() {
    let t = "2026-12-03 09:14:05";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .and(query_param("searchCriteria[currentPage]", "1"))
        .respond_with(page((1..=100).map(|id| cart(t, id)).collect(), 103))
        .expect(1)
        .mount(&server)
        .await;
    let later: Vec<Value> = (101..=103)
        .map(|id| cart("2026-12-03 09:20:00", id))
        .collect();
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .and(query_param("searchCriteria[currentPage]", "2"))
        .respond_with(page(later.clone(), 103))
        .expect(1)
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    let records = carts.after(Some(&cursor(t, 100)), 50).await.unwrap();

    let bodies: Vec<Value> = records.into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, later);
}

#[tokio::test]
async fn a_shop_that_repeats_its_last_page_past_the_end_is_not_read_forever() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(page(
            vec![
                cart("2026-12-03 09:00:01", 1),
                cart("2026-12-03 09:00:02", 2),
            ],
            5,
        ))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    let records = carts.after(None, 50).await.unwrap();

    assert_eq!(records.len(), 2);
    let requests = server.received_requests().await.unwrap().len();
    assert!(requests <= 2, "{requests} requests");
}

#[tokio::test]
async fn a_cart_without_a_numeric_id_or_an_update_time_fails_the_search() {
    for row in [
        json!({"id": "12", "updated_at": "2026-12-03 09:00:01"}),
        json!({"updated_at": "2026-12-03 09:00:01"}),
        json!({"id": 12}),
        json!({"id": 12, "updated_at": null}),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(SEARCH))
            .respond_with(page(vec![row.clone()], 1))
            .mount(&server)
            .await;
        let carts = reader(
            ImportSource::AbandonedCarts,
            &shop(&server),
            bearer("shop-token"),
        );

        let answer = carts.after(None, 50).await;

        assert!(
            matches!(answer, Err(SourceError::Malformed(_))),
            "{row}: {answer:?}"
        );
    }
}

#[tokio::test]
async fn a_search_answer_that_is_not_json_is_malformed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    assert!(matches!(
        carts.after(None, 50).await,
        Err(SourceError::Malformed(_))
    ));
}

#[tokio::test]
async fn requests_are_signed_with_oauth1_hmac_sha256() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(page(vec![], 0))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/12"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cart("2026-12-03 09:00:00", 12)))
        .mount(&server)
        .await;
    let mut connection = shop(&server);
    connection.auth = AuthMode::OAuth1;
    let carts = reader(ImportSource::AbandonedCarts, &connection, oauth1());

    carts
        .after(Some(&cursor("2026-12-03 09:14:05", 3)), 50)
        .await
        .unwrap();
    carts.one("12").await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let nonces: Vec<String> = requests.iter().map(assert_oauth1_signed).collect();
    assert!(!query(&requests[0]).is_empty());
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn an_unreachable_shop_is_reported_as_unreachable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let carts = reader(
        ImportSource::AbandonedCarts,
        &connection(&format!("http://127.0.0.1:{port}")),
        bearer("shop-token"),
    );

    let answer = carts.after(None, 50).await;

    match answer {
        Err(SourceError::Unreachable(message)) => {
            assert!(!message.contains("shop-token"), "{message}")
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(matches!(
        carts.one("12").await,
        Err(SourceError::Unreachable(_))
    ));
}

#[tokio::test]
async fn magento_errors_carry_the_shops_message_with_its_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "message": "\"%fieldName\" is required. Enter and try again.",
            "parameters": {"fieldName": "searchCriteria"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/12"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "message": "Cart %1 could not be loaded from store %2",
            "parameters": [12, "default"]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/13"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string(format!("<html>{}</html>", "x".repeat(400))),
        )
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    assert_eq!(
        carts.after(None, 50).await.unwrap_err(),
        SourceError::Refused {
            status: 400,
            message: "\"searchCriteria\" is required. Enter and try again.".into()
        }
    );
    assert_eq!(
        carts.one("12").await.unwrap_err(),
        SourceError::Refused {
            status: 500,
            message: "Cart 12 could not be loaded from store default".into()
        }
    );
    match carts.one("13").await.unwrap_err() {
        SourceError::Refused { status, message } => {
            assert_eq!(status, 502);
            assert_eq!(message.chars().count(), 200);
            assert!(message.starts_with("<html>xxx"));
        }
        other => panic!("expected Refused, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_token_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "The consumer isn't authorized to access %resources.",
            "parameters": {"resources": "Magento_Cart::manage"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/V1/carts/12"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "message": "Token %1 is not allowed",
            "parameters": ["shop-token-secret"]
        })))
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token-secret"),
    );

    assert_eq!(
        carts.after(None, 50).await.unwrap_err(),
        SourceError::Unauthorized {
            status: 401,
            message: "The consumer isn't authorized to access Magento_Cart::manage.".into()
        }
    );
    // A shop that echoes the token back does not get it into the run's log.
    assert_eq!(
        carts.one("12").await.unwrap_err(),
        SourceError::Unauthorized {
            status: 403,
            message: "Token [redacted] is not allowed".into()
        }
    );
}

#[tokio::test]
async fn a_redirect_is_refused_with_where_it_points() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SEARCH))
        .respond_with(
            ResponseTemplate::new(301).insert_header("location", "https://shop.example.com/"),
        )
        .mount(&server)
        .await;
    let carts = reader(
        ImportSource::AbandonedCarts,
        &shop(&server),
        bearer("shop-token"),
    );

    match carts.after(None, 50).await.unwrap_err() {
        SourceError::Refused { status, message } => {
            assert_eq!(status, 301);
            assert!(message.contains("https://shop.example.com/"), "{message}");
        }
        other => panic!("expected Refused, got {other:?}"),
    }
}
