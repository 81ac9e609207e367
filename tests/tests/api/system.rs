use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ResponseExt, spawn_app};

#[tokio::test]
async fn health_answers_ok_when_the_store_is_reachable() {
    let app = spawn_app().await;
    let body = app
        .browser()
        .get("/api/health")
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["store"], "ok");
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc: Value = app
        .browser()
        .get("/api/openapi.json")
        .await
        .json_with(StatusCode::OK)
        .await;
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/health",
        "/api/session",
        "/api/me",
        "/api/me/availability",
        "/api/team",
        "/api/users",
        "/api/users/{id}",
        "/api/contacts",
        "/api/contacts/search",
        "/api/contacts/{id}",
        "/api/contacts/{id}/work-items",
        "/api/work-items/{number}/status",
        "/api/work-items/{number}/merge",
        "/api/my/work-items",
        "/api/workflows",
        "/api/workflows/{key}",
        "/api/work-item-types",
        "/api/work-item-types/{key}",
        "/api/contacts/{id}/interactions",
        "/api/contacts/{id}/emails",
        "/api/contacts/{id}/sms",
        "/api/contacts/{id}/calls",
        "/api/contacts/{id}/notes",
        "/api/contacts/{id}/reminders",
        "/api/work-items/{number}/interactions",
        "/api/interactions/{id}/retry",
        "/api/interactions/{id}/attach",
        "/api/inbox",
        "/api/inbox/unread-count",
        "/api/inbox/{entry_id}/read",
        "/api/outbox",
        "/api/webhooks/sms",
        "/api/webhooks/calls",
        "/api/webhooks/ses",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} is missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(paths["/api/workflows"]["post"].is_object());
    assert!(paths["/api/work-item-types"]["post"].is_object());
    let mine = paths["/api/my/work-items"]["get"]["parameters"]
        .as_array()
        .expect("My Work Items has parameters");
    for name in ["type", "category", "status", "priority", "cursor"] {
        assert!(
            mine.iter().any(|p| p["name"] == name),
            "My Work Items does not document {name}"
        );
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_404_with_the_error_body() {
    let app = spawn_app().await;
    let error = app
        .browser()
        .get("/api/no-such-thing")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(error.code, "not_found");
    assert!(error.message.contains("/api/no-such-thing"));
}

#[tokio::test]
async fn every_answer_carries_the_request_id_it_was_given() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser
        .client
        .get(browser.url("/api/me"))
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-123");
    let error = response.error_with(StatusCode::UNAUTHORIZED).await;
    assert_eq!(error.request_id, "trace-123");
}

#[tokio::test]
async fn a_known_path_with_the_wrong_method_is_405_with_the_error_body() {
    let app = spawn_app().await;
    let error = app
        .browser()
        .get("/api/session")
        .await
        .error_with(StatusCode::METHOD_NOT_ALLOWED)
        .await;
    assert_eq!(error.code, "method_not_allowed");
}

#[tokio::test]
async fn a_path_that_does_not_decode_is_400_with_the_error_body() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let error = admin
        .get("/api/contacts/%FF")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(error.code, "bad_request");
}
