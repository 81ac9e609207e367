use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{ContactHit, ContactKind, ContactView, Page, Role};

use crate::helpers::{ResponseExt, contact_body, spawn_app};

#[tokio::test]
async fn a_rep_creates_a_contact_they_own_and_reads_it_back() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let body = json!({"name": "  Cathy   Slater ", "kind": "Customer", "emails": ["Cathy@Example.com", "c.slater@work.example"],
        "phones": ["+1 (555) 010-2030"], "new_lead": true});
    let created = rep.create_contact(body).await;
    assert_eq!(created.name.as_str(), "Cathy Slater");
    assert_eq!(created.owner_id, rep_view.id);
    assert_eq!(created.emails.len(), 2);
    assert_eq!(created.phones[0].as_str(), "+15550102030");
    assert!(created.new_lead);
    assert_eq!(created.version, 1);
    let fetched: ContactView = rep
        .get(&format!("/api/contacts/{}", created.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn invalid_contact_fields_are_422_with_a_message_per_field() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let body =
        json!({"name": "", "kind": null, "emails": ["ok@example.com", "broken"], "phones": ["12"]});
    let error = admin
        .post("/api/contacts", &body)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "kind", "emails[1]", "phones[0]"]);
}

#[tokio::test]
async fn an_email_address_belongs_to_one_contact_only() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    admin
        .create_contact(contact_body("Sarah Bays", "sarah@example.com"))
        .await;
    let error = admin
        .post(
            "/api/contacts",
            &contact_body("Other Sarah", "SARAH@example.com"),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "emails");
    assert!(
        error.fields[0].message.contains("Sarah Bays"),
        "{}",
        error.fields[0].message
    );
}

#[tokio::test]
async fn contacts_are_listed_newest_first_a_page_at_a_time() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let mut created = Vec::new();
    for n in 0..7 {
        created.push(
            admin
                .create_contact(contact_body(
                    &format!("Person {n}"),
                    &format!("p{n}@example.com"),
                ))
                .await
                .id,
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/contacts?limit=3&cursor={c}"),
            None => "/api/contacts?limit=3".to_string(),
        };
        let page: Page<ContactView> = admin.get(&path).await.json_with(StatusCode::OK).await;
        pages += 1;
        seen.extend(page.items.into_iter().map(|c| c.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    created.reverse();
    assert_eq!(seen, created);
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn contacts_filter_by_kind_and_by_owner() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    rep.create_contact(
        json!({"name": "Rep Customer", "kind": "Customer", "emails": ["rc@example.com"]}),
    )
    .await;
    rep.create_contact(
        json!({"name": "Rep Prospect", "kind": "Prospect", "emails": ["rp@example.com"]}),
    )
    .await;
    admin
        .create_contact(
            json!({"name": "Admin Customer", "kind": "Customer", "emails": ["ac@example.com"]}),
        )
        .await;
    let names = |page: Page<ContactView>| {
        page.items
            .into_iter()
            .map(|c| c.name.to_string())
            .collect::<Vec<_>>()
    };
    let customers = names(
        admin
            .get("/api/contacts?kind=Customer")
            .await
            .json_with(StatusCode::OK)
            .await,
    );
    assert_eq!(customers, ["Admin Customer", "Rep Customer"]);
    let mine = names(
        admin
            .get(&format!("/api/contacts?owner={}", rep_view.id))
            .await
            .json_with(StatusCode::OK)
            .await,
    );
    assert_eq!(mine, ["Rep Prospect", "Rep Customer"]);
    let both = names(
        admin
            .get(&format!(
                "/api/contacts?owner={}&kind=Prospect",
                rep_view.id
            ))
            .await
            .json_with(StatusCode::OK)
            .await,
    );
    assert_eq!(both, ["Rep Prospect"]);
    let error = admin
        .get("/api/contacts?kind=Vendor")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
    assert!(error.message.contains("kind"), "{}", error.message);
    admin
        .get("/api/contacts?limit=0")
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    admin
        .get("/api/contacts?limit=lots")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
}

#[tokio::test]
async fn a_garbage_cursor_is_400_not_a_wrong_page() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let error = admin
        .get("/api/contacts?cursor=garbage")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(error.code, "bad_cursor");
}

#[tokio::test]
async fn search_finds_names_and_emails_by_prefix_with_exact_matches_first() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    admin
        .create_contact(contact_body("Sarah Bays", "sarah.bays@example.com"))
        .await;
    admin
        .create_contact(contact_body("Sara Lee", "lee@example.com"))
        .await;
    admin
        .create_contact(contact_body("Saranya Iyer", "iyer@example.com"))
        .await;
    admin
        .create_contact(contact_body("Tom Sarandon", "tom@example.com"))
        .await;
    let search = |q: &str| {
        let path = format!("/api/contacts/search?q={q}");
        let admin = &admin;
        async move { admin.get(&path).await }
    };
    let hits: Vec<ContactHit> = search("sara").await.json_with(StatusCode::OK).await;
    let names: Vec<_> = hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names[0], "Sara Lee",
        "the exact match comes first: {names:?}"
    );
    assert!(hits[0].exact);
    assert_eq!(hits.len(), 4, "{names:?}");
    let by_email: Vec<ContactHit> = search("sarah.b").await.json_with(StatusCode::OK).await;
    assert_eq!(by_email.len(), 1);
    assert_eq!(by_email[0].name.as_str(), "Sarah Bays");
    let full_name: Vec<ContactHit> = search("Sarah%20Ba").await.json_with(StatusCode::OK).await;
    assert_eq!(full_name[0].name.as_str(), "Sarah Bays");
    let by_phone: Vec<ContactHit> = search("555010").await.json_with(StatusCode::OK).await;
    assert_eq!(by_phone.len(), 4);
    let nothing: Vec<ContactHit> = search("zz").await.json_with(StatusCode::OK).await;
    assert!(nothing.is_empty());
}

#[tokio::test]
async fn search_answers_at_most_ten_contacts_and_needs_two_characters() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    for n in 0..12 {
        admin
            .create_contact(contact_body(
                &format!("Kim Number{n}"),
                &format!("kim{n}@example.com"),
            ))
            .await;
    }
    let hits: Vec<ContactHit> = admin
        .get("/api/contacts/search?q=ki")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(hits.len(), 10);
    let error = admin
        .get("/api/contacts/search?q=k")
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "q");
}

#[tokio::test]
async fn an_edit_is_saved_with_a_new_version_and_search_follows_it() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = admin
        .create_contact(contact_body("Abdulrahman Alz", "abdul@example.com"))
        .await;
    let edit = json!({"name": "Abdulrahman Alzahrani", "kind": "Customer", "emails": ["abdul.new@example.com"],
        "phones": ["+1 555 010 9999"], "version": contact.version});
    let path = format!("/api/contacts/{}", contact.id);
    let saved: ContactView = rep.put(&path, &edit).await.json_with(StatusCode::OK).await;
    assert_eq!(saved.version, 2);
    assert_eq!(saved.kind, ContactKind::Customer);
    assert_eq!(saved.phones[0].as_str(), "+15550109999");
    let reread: ContactView = rep.get(&path).await.json_with(StatusCode::OK).await;
    assert_eq!(reread, saved);
    let old_email: Vec<ContactHit> = rep
        .get("/api/contacts/search?q=abdul%40")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(
        old_email.is_empty(),
        "the old address is no longer searchable"
    );
    let new_name: Vec<ContactHit> = rep
        .get("/api/contacts/search?q=alzahrani")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(new_name.len(), 1);
    // The released address can go to another contact.
    admin
        .create_contact(contact_body("Someone Else", "abdul@example.com"))
        .await;
}

#[tokio::test]
async fn a_stale_contact_edit_gets_409_with_the_contact_as_it_is_now() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Cathy Slater", "cathy@example.com"))
        .await;
    let path = format!("/api/contacts/{}", contact.id);
    let first = json!({"name": "Cathy Slater", "kind": "Customer", "emails": ["cathy@example.com"], "version": 1});
    admin
        .put(&path, &first)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let stale = json!({"name": "Cat Slater", "kind": "Prospect", "emails": ["cathy@example.com"], "version": 1});
    let error = admin
        .put(&path, &stale)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    let current: ContactView = serde_json::from_value(error.current.expect("current")).unwrap();
    assert_eq!(current.kind, ContactKind::Customer);
    assert_eq!(current.version, 2);
    let missing_version =
        json!({"name": "Cat", "kind": "Prospect", "emails": ["cathy@example.com"]});
    let error = admin
        .put(&path, &missing_version)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(error.message.contains("version"), "{}", error.message);
}

#[tokio::test]
async fn only_managers_and_admins_may_give_a_contact_to_another_owner() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, rep_view) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let (manager, _) = app.user(&admin, "manager@example.com", Role::Manager).await;
    let (_, other_view) = app.user(&admin, "other@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Owned Contact", "owned@example.com"))
        .await;
    let path = format!("/api/contacts/{}", contact.id);
    let reassign = |version: u64| {
        json!({"name": "Owned Contact", "kind": "Prospect", "emails": ["owned@example.com"],
        "owner_id": other_view.id, "version": version})
    };
    rep.put(&path, &reassign(1))
        .await
        .error_with(StatusCode::FORBIDDEN)
        .await;
    let moved: ContactView = manager
        .put(&path, &reassign(1))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(moved.owner_id, other_view.id);
    let mine: Page<ContactView> = rep
        .get(&format!("/api/contacts?owner={}", rep_view.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(
        mine.items.is_empty(),
        "the old owner's list no longer has it"
    );
    let bad_owner =
        json!({"name": "X", "kind": "Prospect", "emails": ["x@example.com"], "owner_id": "nobody"});
    let error = manager
        .post("/api/contacts", &bad_owner)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "owner_id");
}

#[tokio::test]
async fn an_unknown_contact_is_404() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let error = admin
        .get("/api/contacts/does-not-exist")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(error.message, "contact was not found");
}

#[tokio::test]
async fn control_characters_and_malformed_ids_are_refused_not_sent_to_the_store() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let error = admin
        .get("/api/contacts/search?q=%00%00")
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "q");
    // No user has such an id, so no contact is theirs; the store never sees it.
    let none: Page<ContactView> = admin
        .get("/api/contacts?owner=%00")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(none.items.is_empty());
    admin
        .get("/api/contacts/a%00b")
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    let long_id = "x".repeat(3000);
    admin
        .get(&format!("/api/contacts/{long_id}"))
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn a_contact_with_a_very_long_name_and_every_address_changed_still_saves() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    // Forty two-letter words: 119 characters, the most a name may have.
    let words = |prefix: char| {
        ('a'..='z')
            .chain('A'..='N')
            .map(|c| format!("{prefix}{c}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let addresses = |prefix: &str| {
        (0..5)
            .map(|n| format!("{prefix}{n}@example.com"))
            .collect::<Vec<_>>()
    };
    let phones = |base: u64| {
        (0..5)
            .map(|n| format!("+1 555 01{:02}", base + n))
            .collect::<Vec<_>>()
    };
    let contact = admin
        .create_contact(json!({"name": words('a'), "kind": "Prospect", "emails": addresses("old"), "phones": phones(10)}))
        .await;
    let edit = json!({"name": words('b'), "kind": "Prospect", "emails": addresses("new"), "phones": phones(50), "version": 1});
    admin
        .put(&format!("/api/contacts/{}", contact.id), &edit)
        .await
        .assert_status(StatusCode::OK)
        .await;
}
