use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{Page, Role, UserView};

use crate::helpers::{PASSWORD, ResponseExt, spawn_app};

#[tokio::test]
async fn a_rep_calling_an_admin_endpoint_gets_403() {
    let app = spawn_app().await;
    let (admin, admin_view) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let (manager, _) = app.user(&admin, "manager@example.com", Role::Manager).await;
    for browser in [&rep, &manager] {
        browser
            .get("/api/users")
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        browser
            .get(&format!("/api/users/{}", admin_view.id))
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        let create =
            json!({"email": "x@example.com", "name": "X", "role": "Admin", "password": PASSWORD});
        let error = browser
            .post("/api/users", &create)
            .await
            .error_with(StatusCode::FORBIDDEN)
            .await;
        assert_eq!(error.code, "forbidden");
    }
}

#[tokio::test]
async fn an_admin_creates_users_with_roles_and_extensions_and_lists_them_by_name() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body = json!({"email": "Zoe@Example.com", "name": "Zoe Rep", "role": "Rep", "extension": "301", "password": PASSWORD});
    let zoe: UserView = admin
        .post("/api/users", &body)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(zoe.email.as_str(), "zoe@example.com");
    assert_eq!(zoe.extension.as_ref().map(|e| e.as_str()), Some("301"));
    app.user(&admin, "bob@example.com", Role::Manager).await;
    let page: Page<UserView> = admin
        .get("/api/users")
        .await
        .json_with(StatusCode::OK)
        .await;
    let names: Vec<_> = page
        .items
        .iter()
        .map(|u| u.name.as_str().to_string())
        .collect();
    assert_eq!(names, ["Ada Admin", "User bob@example.com", "Zoe Rep"]);
    app.browser()
        .sign_in("zoe@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn a_new_user_with_bad_fields_gets_a_message_for_each_field() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body =
        json!({"email": "not-an-email", "name": "", "extension": "12x", "password": "short"});
    let error = admin
        .post("/api/users", &body)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["email", "name", "role", "extension", "password"]);
}

#[tokio::test]
async fn two_users_cannot_share_an_email_address() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body =
        json!({"email": "ADMIN@example.com", "name": "Copy", "role": "Rep", "password": PASSWORD});
    let error = admin
        .post("/api/users", &body)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "email");
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_their_open_session_stops_working() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    rep.get("/api/me").await.assert_status(StatusCode::OK).await;
    let disable = json!({"name": rep_view.name, "role": "Rep", "disabled": true, "version": rep_view.version});
    let disabled: UserView = admin
        .put(&format!("/api/users/{}", rep_view.id), &disable)
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(disabled.disabled);
    rep.get("/api/me")
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    let team: Vec<worklane_domain::TeamMember> =
        admin.get("/api/team").await.json_with(StatusCode::OK).await;
    assert!(
        team.iter().any(|m| m.id == rep_view.id && m.disabled),
        "a disabled owner is still named"
    );
    let error = app
        .browser()
        .sign_in("rep@example.com", PASSWORD)
        .await
        .error_with(StatusCode::FORBIDDEN)
        .await;
    assert_eq!(error.code, "account_disabled");
    let enable = json!({"name": rep_view.name, "role": "Rep", "disabled": false, "version": disabled.version});
    admin
        .put(&format!("/api/users/{}", rep_view.id), &enable)
        .await
        .assert_status(StatusCode::OK)
        .await;
    app.browser()
        .sign_in("rep@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn a_stale_edit_of_a_user_gets_409_with_the_user_as_it_is_now() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (_, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let path = format!("/api/users/{}", rep_view.id);
    let first = json!({"name": "Renamed Once", "role": "Rep", "disabled": false, "version": rep_view.version});
    admin
        .put(&path, &first)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let stale = json!({"name": "Renamed Twice", "role": "Manager", "disabled": false, "version": rep_view.version});
    let error = admin
        .put(&path, &stale)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(error.code, "conflict");
    let current = error.current.expect("current record");
    assert_eq!(current["name"], "Renamed Once");
    assert_eq!(current["version"], rep_view.version + 1);
}

#[tokio::test]
async fn an_admin_resets_a_password_and_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let (admin, admin_view) = app.admin().await;
    let (_, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let reset = json!({"name": rep_view.name, "role": "Rep", "disabled": false, "new_password": "brand new secret", "version": rep_view.version});
    admin
        .put(&format!("/api/users/{}", rep_view.id), &reset)
        .await
        .assert_status(StatusCode::OK)
        .await;
    app.browser()
        .sign_in("rep@example.com", PASSWORD)
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
    app.browser()
        .sign_in("rep@example.com", "brand new secret")
        .await
        .assert_status(StatusCode::OK)
        .await;
    let self_disable = json!({"name": "Ada Admin", "role": "Admin", "disabled": true, "version": admin_view.version});
    admin
        .put(&format!("/api/users/{}", admin_view.id), &self_disable)
        .await
        .error_with(StatusCode::FORBIDDEN)
        .await;
}

#[tokio::test]
async fn editing_an_unknown_user_is_404() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body = json!({"name": "Ghost", "role": "Rep", "disabled": false, "version": 1});
    admin
        .put("/api/users/nope", &body)
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}
