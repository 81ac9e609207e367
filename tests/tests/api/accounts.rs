//! Accounts (seed 003's companies) follow the contacts' access rules; service staff look
//! accounts and contacts up fuzzily or only by a whole name, email or phone, as an admin
//! sets it; a work order made for a contact is for its account and shows in the account's
//! Work Orders tab and the contact's Tickets tab.

use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{
    AccountHit, AccountView, ContactHit, ContactView, Page, Role, ServiceSettings, WorkItemView,
    WorkOrderRow,
};

use crate::helpers::{Browser, ResponseExt, contact_body, set_sharing, spawn_app};

async fn account(by: &Browser, name: &str) -> AccountView {
    by.post("/api/accounts", &json!({"name": name}))
        .await
        .json_with(StatusCode::CREATED)
        .await
}

async fn accounts_found(by: &Browser, q: &str) -> Vec<String> {
    let hits: Vec<AccountHit> = by
        .get(&format!("/api/accounts/search?q={}", q.replace(' ', "%20")))
        .await
        .json_with(StatusCode::OK)
        .await;
    hits.into_iter().map(|h| h.name).collect()
}

async fn contacts_found(by: &Browser, q: &str) -> Vec<String> {
    let hits: Vec<ContactHit> = by
        .get(&format!("/api/contacts/search?q={}", q.replace(' ', "%20")))
        .await
        .json_with(StatusCode::OK)
        .await;
    hits.into_iter().map(|h| h.name.to_string()).collect()
}

async fn staff_query(admin: &Browser, mode: &str) {
    let now: ServiceSettings = admin
        .get("/api/settings/service")
        .await
        .json_with(StatusCode::OK)
        .await;
    admin
        .put(
            "/api/settings/service",
            &json!({"staff_query": mode, "version": now.version}),
        )
        .await
        .assert_status(StatusCode::OK)
        .await;
}

#[tokio::test]
async fn an_account_follows_the_contacts_rules_and_only_managers_give_it_away() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (ann, _) = app.user(&admin, "ann@example.com", Role::Rep).await;
    let (bob, bob_view) = app.user(&admin, "bob@example.com", Role::Rep).await;
    set_sharing(&admin, json!({"contacts": "private"})).await;
    let acme = account(&ann, "Acme Facilities").await;
    let path = format!("/api/accounts/{}", acme.id);
    bob.get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    let listed: Page<AccountView> = bob
        .get("/api/accounts")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(listed.items.is_empty());
    assert!(accounts_found(&bob, "acme").await.is_empty());
    let mine: Page<AccountView> = ann
        .get("/api/accounts")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(mine.items.len(), 1);
    // A rep keeps their account; an admin may hand it over.
    let to_bob =
        json!({"name": "Acme Facilities", "owner_id": bob_view.id, "version": acme.version});
    ann.put(&path, &to_bob)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .await;
    let moved: AccountView = admin
        .put(&path, &to_bob)
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(moved.owner_id, bob_view.id);
    bob.get(&path).await.assert_status(StatusCode::OK).await;
    ann.get(&path)
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .await;
    let blank = json!({"name": "  ", "owner_id": bob_view.id, "version": moved.version});
    bob.put(&path, &blank)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn in_exact_mode_staff_find_only_whole_names_and_in_fuzzy_mode_at_most_ten() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (staff, _) = app
        .user(&admin, "staff@example.com", Role::ServiceStaff)
        .await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    for n in 0..12 {
        account(&admin, &format!("Acme Branch {n:02}")).await;
    }
    admin
        .create_contact(contact_body("Sarah Bays", "sarah.bays@example.com"))
        .await;
    assert_eq!(accounts_found(&staff, "Ac").await.len(), 10);
    assert_eq!(contacts_found(&staff, "Sa").await, ["Sarah Bays"]);

    staff_query(&admin, "exact").await;
    assert!(accounts_found(&staff, "Ac").await.is_empty());
    assert!(
        accounts_found(&staff, "Acme").await.is_empty(),
        "a word is not the whole name"
    );
    assert_eq!(
        accounts_found(&staff, "acme branch 07").await,
        ["Acme Branch 07"]
    );
    assert!(contacts_found(&staff, "Sa").await.is_empty());
    assert!(contacts_found(&staff, "Sarah").await.is_empty());
    assert_eq!(contacts_found(&staff, "sarah bays").await, ["Sarah Bays"]);
    assert_eq!(
        contacts_found(&staff, "sarah.bays@example.com").await,
        ["Sarah Bays"]
    );
    // Only service staff are held to it.
    assert_eq!(accounts_found(&rep, "Ac").await.len(), 10);
    // Only admins set it.
    rep.put(
        "/api/settings/service",
        &json!({"staff_query": "fuzzy", "version": 1}),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN)
    .await;
}

#[tokio::test]
async fn a_work_order_for_a_contact_joins_its_accounts_work_orders_and_the_contacts_tickets() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (staff, staff_view) = app
        .user(&admin, "staff@example.com", Role::ServiceStaff)
        .await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let acme = account(&rep, "Acme Facilities").await;
    let contact = rep
        .create_contact(contact_body("Dana Desk", "dana@acme.example"))
        .await;
    let contact: ContactView = rep
        .put(
            &format!("/api/contacts/{}/account", contact.id),
            &json!({"account_id": acme.id, "version": contact.version}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(contact.account_id.as_ref(), Some(&acme.id));
    let members: Page<ContactView> = staff
        .get(&format!("/api/accounts/{}/contacts", acme.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(members.items.len(), 1);

    // Staff raise it for a customer they do not own; the account is the contact's.
    let order: WorkItemView = staff
        .post(
            "/api/work-orders",
            &json!({"contact_id": contact.id, "description": "The boiler leaks",
                "assignee_id": staff_view.id}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(order.type_key, "work-order");
    assert_eq!(order.account_id.as_ref(), Some(&acme.id));
    for tab in [
        format!("/api/accounts/{}/work-orders", acme.id),
        format!("/api/contacts/{}/tickets", contact.id),
    ] {
        let rows: Page<WorkOrderRow> = staff.get(&tab).await.json_with(StatusCode::OK).await;
        assert_eq!(rows.items.len(), 1, "{tab}");
        assert_eq!(rows.items[0].item.number, order.number);
        assert_eq!(
            rows.items[0].account_name.as_deref(),
            Some("Acme Facilities")
        );
        assert_eq!(rows.items[0].contact_name, "Dana Desk");
    }
    // The work order is private: the rep sees the account and contact, not the order.
    let rows: Page<WorkOrderRow> = rep
        .get(&format!("/api/accounts/{}/work-orders", acme.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(rows.items.is_empty());

    // A type off the work order workflow, an account nobody has, no description: 422 each.
    let refused = staff
        .post(
            "/api/work-orders",
            &json!({"contact_id": contact.id, "type_key": "support-ticket", "description": "",
                "account_id": "0123456789abcdef0123456789abcdef"}),
        )
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let fields: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
    for field in ["type_key", "account_id", "description"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}
