//! Who may see what: the org-wide default for contacts, enforced on every read and write.

use reqwest::StatusCode;
use serde_json::{Value, json};
use worklane_domain::{ContactHit, ContactView, Page, Role, SharingSettings};

use crate::helpers::{Browser, ResponseExt, TestApp, contact_body, set_sharing, spawn_app};

/// Sets the org-wide default for contacts as an admin would.
async fn set_contacts(admin: &Browser, sharing: &str) {
    set_sharing(admin, json!({"contacts": sharing})).await;
}

struct Floor {
    admin: Browser,
    ann: Browser,
    bob: Browser,
    manager: Browser,
    anns: ContactView,
    bobs: ContactView,
}

/// Two reps with a contact each, a manager and an admin.
async fn floor(app: &TestApp) -> Floor {
    let (admin, _) = app.admin().await;
    let (ann, _) = app.user(&admin, "ann@example.com", Role::Rep).await;
    let (bob, _) = app.user(&admin, "bob@example.com", Role::Rep).await;
    let (manager, _) = app.user(&admin, "meg@example.com", Role::Manager).await;
    let anns = ann
        .create_contact(contact_body("Sarah Annsclient", "sarah@example.com"))
        .await;
    let bobs = bob
        .create_contact(contact_body("Sarah Bobsclient", "sarah.b@example.com"))
        .await;
    Floor {
        admin,
        ann,
        bob,
        manager,
        anns,
        bobs,
    }
}

fn edit_of(contact: &ContactView) -> Value {
    json!({"name": "Renamed Client", "kind": "Customer", "emails": [contact.emails[0]],
        "phones": [], "version": contact.version})
}

async fn listed(browser: &Browser, query: &str) -> Vec<String> {
    let page: Page<ContactView> = browser
        .get(&format!("/api/contacts{query}"))
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items.into_iter().map(|c| c.id.to_string()).collect()
}

async fn found(browser: &Browser, q: &str) -> Vec<String> {
    let hits: Vec<ContactHit> = browser
        .get(&format!("/api/contacts/search?q={q}"))
        .await
        .json_with(StatusCode::OK)
        .await;
    hits.into_iter().map(|h| h.id.to_string()).collect()
}

#[tokio::test]
async fn a_new_deployment_shares_contacts_public_read_write_so_every_rep_works_every_contact() {
    let app = spawn_app().await;
    let f = floor(&app).await;
    let settings: SharingSettings = f
        .admin
        .get("/api/sharing")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(
        (settings.defaults.contacts.key(), settings.version),
        ("public_read_write", 0)
    );
    let path = format!("/api/contacts/{}", f.bobs.id);
    f.ann.get(&path).await.assert_status(StatusCode::OK).await;
    f.ann
        .put(&path, &edit_of(&f.bobs))
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(found(&f.ann, "sarah").await.len(), 2);
}

#[tokio::test]
async fn with_contacts_private_a_rep_reaches_only_the_contacts_they_own() {
    let app = spawn_app().await;
    let f = floor(&app).await;
    set_contacts(&f.admin, "private").await;
    let bobs = f.bobs.id.to_string();

    // Every way in to Bob's contact is "not found" for Ann.
    let not_found = [
        f.ann.get(&format!("/api/contacts/{bobs}")).await,
        f.ann
            .put(&format!("/api/contacts/{bobs}"), &edit_of(&f.bobs))
            .await,
        f.ann
            .get(&format!("/api/contacts/{bobs}/interactions"))
            .await,
        f.ann.get(&format!("/api/contacts/{bobs}/work-items")).await,
        f.ann
            .post(
                &format!("/api/contacts/{bobs}/emails"),
                &json!({"subject": "Hi", "body": "Hello"}),
            )
            .await,
        f.ann
            .post(
                &format!("/api/contacts/{bobs}/notes"),
                &json!({"body": "Called"}),
            )
            .await,
        f.ann
            .post(
                &format!("/api/contacts/{bobs}/work-items"),
                &json!({"type_key": "support-ticket", "description": "Broken"}),
            )
            .await,
    ];
    for response in not_found {
        let url = response.url().clone();
        let error = response.error_with(StatusCode::NOT_FOUND).await;
        assert_eq!(error.message, "contact was not found", "{url}");
    }

    // Lists and search hold only her own; asking for Bob's gives nothing.
    let anns = f.anns.id.to_string();
    assert_eq!(listed(&f.ann, "").await, vec![anns.clone()]);
    assert!(
        listed(&f.ann, &format!("?owner={}", f.bobs.owner_id))
            .await
            .is_empty()
    );
    assert_eq!(found(&f.ann, "sarah").await, vec![anns.clone()]);
    assert_eq!(found(&f.bob, "sarah").await, vec![bobs.clone()]);

    // Without an organisation yet, a manager is a colleague like any other; admins see all.
    f.manager
        .get(&format!("/api/contacts/{bobs}"))
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(listed(&f.admin, "").await.len(), 2);
    assert_eq!(found(&f.admin, "sarah").await.len(), 2);

    // An email address already taken by an invisible contact is refused without naming it.
    let taken = f
        .ann
        .post(
            "/api/contacts",
            &contact_body("Copy Cat", "sarah.b@example.com"),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let message = serde_json::to_string(&taken).unwrap();
    assert!(!message.contains("Bobsclient"), "{message}");
    assert!(message.contains("another contact"), "{message}");

    // Back to public: Ann sees Bob's contact again.
    set_contacts(&f.admin, "public_read_write").await;
    f.ann
        .get(&format!("/api/contacts/{bobs}"))
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn with_contacts_public_read_a_colleague_sees_a_contact_but_may_not_change_it() {
    let app = spawn_app().await;
    let f = floor(&app).await;
    set_contacts(&f.admin, "public_read").await;
    let path = format!("/api/contacts/{}", f.bobs.id);
    f.ann.get(&path).await.assert_status(StatusCode::OK).await;
    assert_eq!(found(&f.ann, "sarah").await.len(), 2);
    let forbidden = [
        f.ann.put(&path, &edit_of(&f.bobs)).await,
        f.ann
            .post(
                &format!("{path}/emails"),
                &json!({"subject": "Hi", "body": "Hello"}),
            )
            .await,
    ];
    for response in forbidden {
        response.error_with(StatusCode::FORBIDDEN).await;
    }
    // The owner still changes it.
    f.bob
        .put(&path, &edit_of(&f.bobs))
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn only_admins_change_the_defaults_and_a_save_on_a_stale_version_is_a_conflict() {
    let app = spawn_app().await;
    let f = floor(&app).await;
    let private = json!({"defaults": {"contacts": "private"}, "version": 0});
    f.ann
        .get("/api/sharing")
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    f.manager
        .put("/api/sharing", &private)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    let saved: SharingSettings = f
        .admin
        .put("/api/sharing", &private)
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(saved.version, 1);
    f.admin
        .put(
            "/api/sharing",
            &json!({"defaults": {"contacts": "public_read"}, "version": 0}),
        )
        .await
        .assert_status(StatusCode::CONFLICT)
        .await;
    f.admin
        .put(
            "/api/sharing",
            &json!({"defaults": {"contacts": "everyone"}, "version": 1}),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}
