//! The website feed reader against a fake feed that keeps to docs/website-feed.md.

// Helpers outside `#[test]` functions unwrap too: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{bearer, connection, oauth1, reader};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use worklane_core::imports::ports::{Connector, Position, SourceError};
use worklane_domain::ImportSource;
use worklane_sources_http::HttpConnector;

#[tokio::test]
async fn the_feed_is_read_after_the_cursor_with_the_bearer_token() {
    let server = MockServer::start().await;
    let first = json!({"seq": 41, "id": "btq-000041", "email": "ann@example.com",
                       "result": {"name": "Adrenal"}});
    let second = json!({"seq": 43, "id": "btq-000043", "email": "bo@example.com"});
    Mock::given(method("GET"))
        .and(path("/worklane/feeds/body-type-quiz"))
        .and(query_param("after", "40"))
        .and(query_param("limit", "50"))
        .and(header("authorization", "Bearer feed-token"))
        .and(header("accept", "application/json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"records": [first, second], "has_more": false})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let feed = reader(
        ImportSource::BodyTypeQuiz,
        &connection(&format!("{}/worklane/", server.uri())),
        bearer("feed-token"),
    );

    let records = feed
        .after(Some(&Position::Sequence { seq: 40 }), 200)
        .await
        .unwrap();

    assert_eq!(records.len(), 2);
    assert_eq!(records[0].position, Position::Sequence { seq: 41 });
    assert_eq!(records[0].body, first);
    assert_eq!(records[1].position, Position::Sequence { seq: 43 });
    assert_eq!(records[1].body, second);
    let request = &server.received_requests().await.unwrap()[0];
    let agent = request.headers["user-agent"].to_str().unwrap();
    assert!(agent.starts_with("worklane-imports/"), "{agent}");
}

#[tokio::test]
async fn a_first_read_starts_the_feed_from_its_beginning() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/feeds/faq-requests"))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "10"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"records": [], "has_more": false})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let feed = reader(
        ImportSource::FaqRequests,
        &connection(&server.uri()),
        bearer("feed-token"),
    );

    assert!(feed.after(None, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_feed_record_without_a_sequence_number_fails_the_page() {
    let bad_pages = [
        json!([{"seq": 41, "id": "a"}, {"id": "b"}]),
        json!([{"seq": "42", "id": "a"}]),
        json!([{"seq": 0, "id": "a"}]),
        json!([{"seq": -3, "id": "a"}]),
        json!([{"seq": 41.5, "id": "a"}]),
        // Out of order, or not after the cursor: the cursor could not move past them.
        json!([{"seq": 45, "id": "a"}, {"seq": 44, "id": "b"}]),
        json!([{"seq": 40, "id": "a"}]),
    ];
    for records in bad_pages {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/feeds/health-evaluation-quiz"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"records": records, "has_more": false})),
            )
            .mount(&server)
            .await;
        let feed = reader(
            ImportSource::HealthEvaluationQuiz,
            &connection(&server.uri()),
            bearer("feed-token"),
        );

        let answer = feed.after(Some(&Position::Sequence { seq: 40 }), 50).await;

        assert!(
            matches!(answer, Err(SourceError::Malformed(_))),
            "{records}: {answer:?}"
        );
    }
}

#[tokio::test]
async fn one_feed_record_is_read_by_its_id_and_a_missing_one_is_none() {
    let server = MockServer::start().await;
    let record = json!({"seq": 7, "id": "faq:7 b/c", "question": "Vitamin D with coffee?"});
    Mock::given(method("GET"))
        .and(path("/feeds/faq-requests/records/faq%3A7%20b%2Fc"))
        .and(header("authorization", "Bearer feed-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(record.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feeds/faq-requests/records/gone"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"message": "no such record"})),
        )
        .mount(&server)
        .await;
    let feed = reader(
        ImportSource::FaqRequests,
        &connection(&server.uri()),
        bearer("feed-token"),
    );

    assert_eq!(feed.one("faq:7 b/c").await.unwrap(), Some(record));
    assert_eq!(feed.one("gone").await.unwrap(), None);
}

#[tokio::test]
async fn a_feed_that_refuses_the_token_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "bad token"})))
        .mount(&server)
        .await;
    let feed = reader(
        ImportSource::BodyTypeQuiz,
        &connection(&server.uri()),
        bearer("feed-token"),
    );

    assert_eq!(
        feed.after(None, 50).await.unwrap_err(),
        SourceError::Unauthorized {
            status: 401,
            message: "bad token".into()
        }
    );
}

#[test]
fn the_website_feed_takes_only_a_bearer_token() {
    let connector = HttpConnector::new().unwrap();
    let answer = connector.reader(
        ImportSource::BodyTypeQuiz,
        &connection("https://www.example.com/worklane"),
        oauth1(),
    );
    assert!(matches!(answer, Err(SourceError::NotConfigured(_))));
    let answer = connector.reader(
        ImportSource::BodyTypeQuiz,
        &connection("not a url"),
        bearer("feed-token"),
    );
    assert!(matches!(answer, Err(SourceError::NotConfigured(_))));
}
