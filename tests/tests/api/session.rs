use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{Role, TeamMember, UserView};

use crate::helpers::{PASSWORD, ResponseExt, spawn_app};

#[tokio::test]
async fn signing_in_sets_an_http_only_same_site_strict_session_cookie() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    app.user(&admin, "rep@example.com", Role::Rep).await;
    let response = app.browser().sign_in("rep@example.com", PASSWORD).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("worklane_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    let me: UserView = response.json_with(StatusCode::OK).await;
    assert_eq!(me.email.as_str(), "rep@example.com");
    assert!(
        !serde_json::to_string(&me).unwrap().contains("argon2"),
        "the hash never leaves the server"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    app.admin().await;
    let wrong = app
        .browser()
        .sign_in("admin@example.com", "not the password")
        .await;
    let wrong = wrong.error_with(StatusCode::UNAUTHORIZED).await;
    let unknown = app.browser().sign_in("nobody@example.com", PASSWORD).await;
    let unknown = unknown.error_with(StatusCode::UNAUTHORIZED).await;
    assert_eq!(wrong.code, "invalid_credentials");
    assert_eq!(wrong.message, unknown.message);
}

#[tokio::test]
async fn without_a_session_every_private_endpoint_is_401() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in [
        "/api/me",
        "/api/team",
        "/api/users",
        "/api/contacts",
        "/api/contacts/search?q=ab",
        "/api/contacts/x",
    ] {
        let error = browser
            .get(path)
            .await
            .error_with(StatusCode::UNAUTHORIZED)
            .await;
        assert_eq!(error.code, "unauthenticated", "{path}");
    }
}

#[tokio::test]
async fn a_forged_session_cookie_is_401() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser
        .client
        .get(browser.url("/api/me"))
        .header("cookie", "worklane_session=forged")
        .send()
        .await
        .unwrap();
    response.error_with(StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let stolen_cookie = {
        let response = app.browser().sign_in("admin@example.com", PASSWORD).await;
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string()
    };
    let thief = app.browser();
    let me = |cookie: String| {
        let thief = &thief;
        async move {
            thief
                .client
                .get(thief.url("/api/me"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    me(stolen_cookie.clone())
        .await
        .assert_status(StatusCode::OK)
        .await;
    let out = admin
        .client
        .delete(admin.url("/api/session"))
        .header("cookie", stolen_cookie.clone())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    me(stolen_cookie)
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_a_request_from_another_site_is_403() {
    let app = spawn_app().await;
    let browser = app.browser();
    let form = browser
        .client
        .post(browser.url("/api/session"))
        .body("email=a&password=b")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form.error_with(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .await
            .code,
        "unsupported_media_type"
    );
    let forged = browser
        .client
        .delete(browser.url("/api/session"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    forged.error_with(StatusCode::FORBIDDEN).await;
    let bare_delete = browser
        .client
        .delete(browser.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare_delete.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn malformed_json_is_400_and_json_of_the_wrong_shape_is_422() {
    let app = spawn_app().await;
    let browser = app.browser();
    let broken = browser
        .client
        .post(browser.url("/api/session"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        broken.error_with(StatusCode::BAD_REQUEST).await.code,
        "bad_request"
    );
    let wrong_shape = browser.post("/api/session", &json!({"email": 5})).await;
    assert_eq!(
        wrong_shape
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .code,
        "validation_failed"
    );
}

#[tokio::test]
async fn a_users_availability_is_theirs_to_set_and_everyone_sees_it() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let me: UserView = rep
        .put("/api/me/availability", &json!({"availability": "Busy"}))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(me.availability, worklane_domain::Availability::Busy);
    let team: Vec<TeamMember> = admin.get("/api/team").await.json_with(StatusCode::OK).await;
    let seen = team
        .iter()
        .find(|m| m.id == rep_view.id)
        .expect("rep in team");
    assert_eq!(seen.availability, worklane_domain::Availability::Busy);
    assert!(!seen.disabled);
    let bad = rep
        .put("/api/me/availability", &json!({"availability": "Sleeping"}))
        .await;
    bad.error_with(StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn a_password_reset_ends_the_sessions_opened_before_it() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    rep.get("/api/me").await.assert_status(StatusCode::OK).await;
    let reset = json!({"name": rep_view.name, "role": "Rep", "disabled": false,
        "new_password": "a fresh password", "version": rep_view.version});
    admin
        .put(&format!("/api/users/{}", rep_view.id), &reset)
        .await
        .assert_status(StatusCode::OK)
        .await;
    rep.get("/api/me")
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    rep.sign_in("rep@example.com", "a fresh password")
        .await
        .assert_status(StatusCode::OK)
        .await;
    rep.get("/api/me").await.assert_status(StatusCode::OK).await;
}

#[tokio::test]
async fn an_email_that_cannot_exist_is_refused_like_a_wrong_password() {
    let app = spawn_app().await;
    let long = format!("{}@example.com", "x".repeat(2000));
    for email in [long.as_str(), "no-at-sign", "nul\u{0}@example.com"] {
        let error = app
            .browser()
            .sign_in(email, PASSWORD)
            .await
            .error_with(StatusCode::UNAUTHORIZED)
            .await;
        assert_eq!(error.code, "invalid_credentials");
    }
}
