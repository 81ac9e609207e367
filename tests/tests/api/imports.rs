//! Imports over HTTP: an admin connects the demo website feed and Magento shop (on their own
//! loopback port), runs them, and reps find the items routed, explained and with their
//! Reference. Runs on both engines.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{
    ImportRunDetail, ImportRunView, ImportSourceView, InboxEntry, Page, RecordOutcome, Role,
    RunState, WorkItemOrigin, WorkItemReference, WorkItemView,
};

use crate::helpers::{Browser, ResponseExt, SOURCE_TOKEN, TestApp, spawn_app_with_sources};

async fn connect(app: &TestApp, admin: &Browser, source: &str, token: &str) -> ImportSourceView {
    let sources = app.sources.as_deref().expect("demo sources");
    let base = if source == "abandoned-carts" {
        format!("{sources}/shop")
    } else {
        format!("{sources}/website")
    };
    admin
        .put(
            &format!("/api/imports/{source}/connection"),
            &json!({"base_url": base, "auth": "bearer", "token": token, "quiet_minutes": 60}),
        )
        .await
        .json_with(StatusCode::OK)
        .await
}

async fn run_now(admin: &Browser, source: &str) -> ImportRunView {
    admin
        .post(&format!("/api/imports/{source}/runs"), &json!({}))
        .await
        .json_with(StatusCode::OK)
        .await
}

async fn detail(admin: &Browser, run: &ImportRunView) -> ImportRunDetail {
    admin
        .get(&format!(
            "/api/imports/{}/runs/{}",
            run.source.key(),
            run.id
        ))
        .await
        .json_with(StatusCode::OK)
        .await
}

fn created(detail: &ImportRunDetail) -> Vec<(u64, bool)> {
    detail
        .records
        .iter()
        .filter_map(|r| match &r.outcome {
            RecordOutcome::Created {
                work_item,
                new_lead,
                ..
            } => Some((*work_item, *new_lead)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn an_imported_quiz_lands_routed_and_explained_in_a_reps_unread_with_its_answers() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let source = connect(&app, &admin, "body-type-quiz", SOURCE_TOKEN).await;
    assert!(source.connection.expect("a connection").credentials_set);
    let run = run_now(&admin, "body-type-quiz").await;
    assert_eq!(run.state, RunState::Completed);
    assert!(run.counts.created >= 5, "{:?}", run.counts);
    // The backlog holds a record without an email: logged, with its reason, not dropped.
    assert_eq!(run.counts.failed, 1, "{:?}", run.counts);
    let detail = detail(&admin, &run).await;
    let failed = detail
        .records
        .iter()
        .find(|r| matches!(r.outcome, RecordOutcome::Failed { .. }))
        .expect("the failed record");
    assert!(failed.retryable);
    let (number, _) = created(&detail)[0];
    // The only rep received it, and it waits in their Unread.
    let item: WorkItemView = rep
        .get(&format!("/api/work-items/{number}"))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(item.assignee_id, rep_view.id);
    assert_eq!(
        item.created_by.as_str(),
        worklane_core::imports::IMPORTS_USER
    );
    let unread: Page<InboxEntry> = rep
        .get("/api/inbox?section=unread&filter=work-items")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(unread.items.iter().any(|e| e.work_item == Some(number)));
    let origin: WorkItemOrigin = rep
        .get(&format!("/api/work-items/{number}/origin"))
        .await
        .json_with(StatusCode::OK)
        .await;
    let Some(WorkItemReference::BodyTypeQuiz(quiz)) = origin.reference else {
        panic!("no quiz reference: {origin:?}")
    };
    assert!(!quiz.answers.is_empty());
    assert!(!quiz.result.is_empty());
    let routing = origin.routing.expect("a routing decision");
    assert_eq!(routing.chosen.as_ref(), Some(&rep_view.id));
    assert!(routing.reason.contains("eligible"), "{}", routing.reason);
    // The cursor moved past everything: running again imports nothing twice.
    let again = run_now(&admin, "body-type-quiz").await;
    assert_eq!(again.counts.created, 0, "{:?}", again.counts);
}

#[tokio::test]
async fn a_source_that_cannot_be_reached_fails_the_run_and_loses_nothing() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    app.user(&admin, "rep@example.com", Role::Rep).await;
    // A port nothing listens on.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!(
        "http://127.0.0.1:{}/website",
        dead.local_addr().unwrap().port()
    );
    drop(dead);
    admin
        .put(
            "/api/imports/faq-requests/connection",
            &json!({"base_url": dead_url, "auth": "bearer", "token": SOURCE_TOKEN}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
    let failed = run_now(&admin, "faq-requests").await;
    let RunState::Failed { reason } = &failed.state else {
        panic!("the run did not fail: {failed:?}")
    };
    assert!(reason.contains("could not be reached"), "{reason}");
    let sources: Vec<ImportSourceView> = admin
        .get("/api/imports")
        .await
        .json_with(StatusCode::OK)
        .await;
    let faq = sources
        .iter()
        .find(|s| s.source.key() == "faq-requests")
        .unwrap();
    assert_eq!(faq.last_run.as_ref().map(|r| &r.state), Some(&failed.state));
    // Pointed at the real feed, the next run starts from the very first record.
    connect(&app, &admin, "faq-requests", SOURCE_TOKEN).await;
    let run = run_now(&admin, "faq-requests").await;
    assert!(run.counts.created >= 5, "{:?}", run.counts);
}

#[tokio::test]
async fn a_refused_token_fails_the_run_saying_so() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    connect(&app, &admin, "health-evaluation-quiz", "not-the-token").await;
    let run = run_now(&admin, "health-evaluation-quiz").await;
    let RunState::Failed { reason } = &run.state else {
        panic!("the run did not fail: {run:?}")
    };
    assert!(reason.contains("refused the credentials"), "{reason}");
    assert!(!reason.contains("not-the-token"), "{reason}");
}

#[tokio::test]
async fn the_shops_abandoned_carts_become_items_and_one_reloads_on_sync() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    connect(&app, &admin, "abandoned-carts", SOURCE_TOKEN).await;
    let run = run_now(&admin, "abandoned-carts").await;
    assert_eq!(run.state, RunState::Completed, "{run:?}");
    assert!(run.counts.created >= 3, "{:?}", run.counts);
    // A cart that became an order before it was imported makes no item.
    assert!(run.counts.skipped >= 1, "{:?}", run.counts);
    let (number, _) = created(&detail(&admin, &run).await)[0];
    let origin: WorkItemOrigin = rep
        .post(
            &format!("/api/work-items/{number}/reference/sync"),
            &json!({}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    let Some(WorkItemReference::AbandonedCart(cart)) = origin.reference else {
        panic!("no cart: {origin:?}")
    };
    assert!(!cart.lines.is_empty());
    assert_eq!(
        cart.total_cents,
        cart.lines.iter().map(|l| l.subtotal_cents).sum::<i64>()
    );
    // A quiz has no cart to sync.
    connect(&app, &admin, "body-type-quiz", SOURCE_TOKEN).await;
    let quiz_run = run_now(&admin, "body-type-quiz").await;
    let (quiz, _) = created(&detail(&admin, &quiz_run).await)[0];
    admin
        .post(
            &format!("/api/work-items/{quiz}/reference/sync"),
            &json!({}),
        )
        .await
        .assert_status(StatusCode::CONFLICT)
        .await;
}

#[tokio::test]
async fn connections_are_checked_and_their_secrets_never_come_back() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let refused: Value = admin
        .put(
            "/api/imports/abandoned-carts/connection",
            &json!({"base_url": "ftp://shop.example.com", "store_code": "no spaces",
                "auth": "o_auth1"}),
        )
        .await
        .json_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["base_url", "store_code"]);
    admin
        .put(
            "/api/imports/abandoned-carts/connection",
            &json!({"base_url": "https://shop.example.com", "store_code": "default",
                "auth": "o_auth1", "consumer_key": "ck-1", "consumer_secret": "cs-secret-1",
                "access_token": "at-1", "access_token_secret": "ats-secret-1"}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
    let text = admin.get("/api/imports").await.text().await.unwrap();
    for secret in ["cs-secret-1", "ats-secret-1", "ck-1", "at-1"] {
        assert!(!text.contains(secret), "{secret} came back");
    }
    let sources: Vec<ImportSourceView> = serde_json::from_str(&text).unwrap();
    let shop = sources
        .iter()
        .find(|s| s.source.key() == "abandoned-carts")
        .unwrap();
    assert!(shop.connection.as_ref().unwrap().credentials_set);
    // An unknown source is not found.
    admin
        .put("/api/imports/nothing/paused", &json!({"paused": true}))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn a_paused_source_has_no_next_run_until_it_is_resumed() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let paused: ImportSourceView = admin
        .put(
            "/api/imports/body-type-quiz/paused",
            &json!({"paused": true}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(paused.paused && paused.next_run_at.is_none());
    assert_eq!(paused.schedule, "every 15 minutes");
    let resumed: ImportSourceView = admin
        .put(
            "/api/imports/body-type-quiz/paused",
            &json!({"paused": false}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(!resumed.paused && resumed.next_run_at.is_some());
}

#[tokio::test]
async fn routing_refuses_an_unknown_person_and_a_cap_out_of_range_and_keeps_a_valid_pool() {
    let app = spawn_app_with_sources().await;
    let (admin, _) = app.admin().await;
    let (_, rep) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let refused: Value = admin
        .put(
            "/api/routing/body-type-quiz",
            &json!({"type_key": "body-type-quiz", "pool": ["nobody"], "cap": 0, "version": 0}),
        )
        .await
        .json_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(refused["fields"].as_array().unwrap().len(), 2, "{refused}");
    let saved: Value = admin
        .put(
            "/api/routing/body-type-quiz",
            &json!({"type_key": "body-type-quiz", "pool": [rep.id], "cap": 25,
                "prefer_contact_owner": true, "version": 0}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(saved["cap"], 25);
    // Saved on a stale version: a conflict, not a silent overwrite.
    admin
        .put(
            "/api/routing/body-type-quiz",
            &json!({"type_key": "body-type-quiz", "pool": [], "version": 0}),
        )
        .await
        .assert_status(StatusCode::CONFLICT)
        .await;
    admin
        .get("/api/routing/no-such-type")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
}
