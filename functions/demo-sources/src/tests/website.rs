use axum::http::StatusCode;
use serde_json::Value;

use super::{SHOP_URL, TOKEN, demo};

fn seqs(body: &Value) -> Vec<u64> {
    body["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_feed_answers_after_a_cursor_in_seq_order_with_at_most_limit() {
    let demo = demo(7, 6);
    for feed in ["body-type-quiz", "health-evaluation-quiz", "faq-requests"] {
        let (status, all) = demo.get(&format!("/website/feeds/{feed}")).await;
        assert_eq!(status, StatusCode::OK);
        let all = seqs(&all);
        assert_eq!(all.len(), 6, "{feed}: the backlog");
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{feed}: {all:?}");

        let (_, page) = demo
            .get(&format!("/website/feeds/{feed}?after={}&limit=2", all[1]))
            .await;
        assert_eq!(seqs(&page), all[2..4].to_vec());
        assert_eq!(page["has_more"], true);

        let (_, last) = demo
            .get(&format!("/website/feeds/{feed}?after={}&limit=50", all[3]))
            .await;
        assert_eq!(seqs(&last), all[4..].to_vec());
        assert_eq!(last["has_more"], false);

        let (_, exact) = demo
            .get(&format!("/website/feeds/{feed}?after={}&limit=2", all[3]))
            .await;
        assert_eq!(seqs(&exact), all[4..].to_vec());
        assert_eq!(exact["has_more"], false, "nothing after the last record");

        let (_, none) = demo
            .get(&format!("/website/feeds/{feed}?after={}", all[5]))
            .await;
        assert_eq!(none["records"], serde_json::json!([]));
        assert_eq!(none["has_more"], false);
    }
}

#[tokio::test]
async fn records_carry_the_person_and_the_feeds_fields() {
    let demo = demo(7, 6);
    let (_, body) = demo.get("/website/feeds/body-type-quiz?limit=1").await;
    let quiz = &body["records"][0];
    let seq = quiz["seq"].as_u64().unwrap();
    assert_eq!(quiz["id"], format!("btq-{seq:06}"));
    assert!(quiz["submitted_at"].as_str().unwrap().ends_with('Z'));
    assert!(quiz["first_name"].is_string() && quiz["last_name"].is_string());
    let video = quiz["result"]["video_url"].as_str().unwrap();
    let name = quiz["result"]["name"]
        .as_str()
        .unwrap()
        .to_ascii_lowercase();
    assert_eq!(video, format!("{SHOP_URL}/videos/{name}-body-type"));
    let answers = quiz["answers"].as_array().unwrap();
    assert!((6..=10).contains(&answers.len()));
    let labels: Vec<&str> = quiz["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Age", "Gender", "Height", "Weight goal"]);

    let (_, body) = demo.get("/website/feeds/health-evaluation-quiz").await;
    for quiz in body["records"].as_array().unwrap() {
        assert!(quiz["id"].as_str().unwrap().starts_with("heq-"));
        assert_eq!(quiz["ratings"].as_array().unwrap().len(), 6);
        assert!(
            quiz["disclaimer"]
                .as_str()
                .unwrap()
                .contains("not medical advice")
        );
        let symptoms = quiz["symptoms"].as_array().unwrap();
        assert!((1..=4).contains(&symptoms.len()));
        for symptom in symptoms {
            let url = symptom["product"]["url"].as_str().unwrap();
            assert!(url.starts_with(&format!("{SHOP_URL}/")) && url.ends_with(".html"));
            assert!(symptom["cause"].is_string() && symptom["explanation"].is_string());
        }
    }

    let (_, body) = demo.get("/website/feeds/faq-requests").await;
    for faq in body["records"].as_array().unwrap() {
        assert!(faq["id"].as_str().unwrap().starts_with("faq-"));
        assert!(faq["question"].as_str().unwrap().ends_with('?'));
    }
}

#[tokio::test]
async fn a_limit_outside_1_to_50_or_a_bad_cursor_is_400() {
    let demo = demo(7, 6);
    for query in ["limit=51", "limit=0", "limit=many", "after=-1", "after=x"] {
        let (status, body) = demo
            .get(&format!("/website/feeds/body-type-quiz?{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body["message"].is_string(), "{query}");
    }
    let (status, _) = demo.get("/website/feeds/body-type-quiz?limit=50").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_feed_is_400() {
    let demo = demo(7, 6);
    let (status, body) = demo.get("/website/feeds/orders").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("orders"));
}

#[tokio::test]
async fn without_the_right_token_the_feed_answers_401() {
    let demo = demo(7, 6);
    let wrong = format!("Bearer {TOKEN}x");
    for authorization in [None, Some("Bearer nope"), Some(wrong.as_str()), Some(TOKEN)] {
        for uri in [
            "/website/feeds/body-type-quiz",
            "/website/feeds/body-type-quiz/records/btq-000001",
            "/website/feeds/orders",
        ] {
            let (status, body) = demo.get_as(uri, authorization).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri} {authorization:?}");
            assert!(body["message"].is_string());
        }
    }
}

#[tokio::test]
async fn a_record_is_served_by_id_and_an_unknown_id_is_404() {
    let demo = demo(7, 6);
    let (_, page) = demo.get("/website/feeds/faq-requests").await;
    let record = &page["records"][2];
    let id = record["id"].as_str().unwrap();

    let (status, one) = demo
        .get(&format!("/website/feeds/faq-requests/records/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&one, record);

    let (status, body) = demo
        .get("/website/feeds/faq-requests/records/faq-999999")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["message"].is_string());

    let (status, _) = demo
        .get(&format!("/website/feeds/body-type-quiz/records/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another feed's id");
}

#[tokio::test]
async fn the_backlog_holds_the_three_bad_records() {
    let demo = demo(7, 6);
    let (_, quizzes) = demo.get("/website/feeds/body-type-quiz").await;
    let quizzes = quizzes["records"].as_array().unwrap();
    let without: Vec<&Value> = quizzes
        .iter()
        .filter(|r| r.get("email").is_none())
        .collect();
    assert_eq!(without.len(), 1, "one quiz without an email");
    assert!(without[0]["first_name"].is_string());

    let (_, faqs) = demo.get("/website/feeds/faq-requests").await;
    let malformed = faqs["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["email"] == "not-an-email")
        .count();
    assert_eq!(malformed, 1, "one question with a malformed email");

    let (_, health) = demo.get("/website/feeds/health-evaluation-quiz").await;
    let out_of_range: Vec<&Value> = health["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["ratings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|rating| rating["score"].as_u64().unwrap() > 10)
        })
        .collect();
    assert_eq!(out_of_range.len(), 1, "one health quiz with a bad score");
    assert!(
        out_of_range[0]["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|rating| rating["score"] == 14)
    );

    // Everyone else has a usable address.
    for record in quizzes.iter().chain(health["records"].as_array().unwrap()) {
        if let Some(email) = record.get("email") {
            assert!(email.as_str().unwrap().contains('@'), "{record}");
        }
    }
}

#[tokio::test]
async fn records_come_from_known_contacts_and_from_new_people() {
    let demo = demo(11, 60);
    let known: Vec<String> = super::known_people().into_iter().map(|p| p.email).collect();
    let mut from_known = 0;
    let mut other_case = 0;
    let mut new = 0;
    for feed in ["body-type-quiz", "health-evaluation-quiz", "faq-requests"] {
        let mut after = 0;
        loop {
            let (_, page) = demo
                .get(&format!("/website/feeds/{feed}?after={after}&limit=50"))
                .await;
            for record in page["records"].as_array().unwrap() {
                after = record["seq"].as_u64().unwrap();
                let Some(email) = record["email"].as_str() else {
                    continue;
                };
                if known.iter().any(|k| k.eq_ignore_ascii_case(email)) {
                    from_known += 1;
                    if !known.iter().any(|k| k == email) {
                        other_case += 1;
                    }
                } else if email.ends_with("example.net") || email.ends_with("example.org") {
                    new += 1;
                }
            }
            if page["has_more"] == false {
                break;
            }
        }
    }
    let total = 180;
    assert!(
        (50..=95).contains(&from_known),
        "{from_known} of {total} from known people"
    );
    assert!(other_case > 0, "some typed their address in another case");
    assert!(new >= 80, "{new} from new people");
}

#[test]
fn a_known_address_typed_with_capitals_reads_like_a_person_typed_it() {
    assert_eq!(
        crate::people::other_case("ann.lee@example.com"),
        "Ann.Lee@Example.com"
    );
    assert_eq!(
        crate::people::other_case("ben@example.com"),
        "Ben@Example.com"
    );
}
