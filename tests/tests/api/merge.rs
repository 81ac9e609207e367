//! Duplicates are merged, never deleted (seed 004): the merged item is kept, leaves My Work
//! Items, can no longer be changed, and its history shows on the item it was merged into.

use reqwest::StatusCode;
use serde_json::json;
use worklane_domain::{HistoryEntry, Page, Role, WorkItemView};

use crate::helpers::{
    Browser, ResponseExt, contact_body, move_to, my_numbers, new_item, spawn_app,
};

async fn merge(browser: &Browser, item: &WorkItemView, into: u64) -> reqwest::Response {
    browser
        .post(
            &format!("/api/work-items/{}/merge", item.number),
            &json!({"into": into, "version": item.version}),
        )
        .await
}

async fn history(browser: &Browser, number: u64) -> Vec<HistoryEntry> {
    let page: Page<HistoryEntry> = browser
        .get(&format!("/api/work-items/{number}/history"))
        .await
        .json_with(StatusCode::OK)
        .await;
    page.items
}

#[tokio::test]
async fn a_duplicate_merges_into_the_other_item_which_shows_its_history() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let contact = rep
        .create_contact(contact_body("Dee Duplicate", "dee@example.com"))
        .await;
    let survivor = new_item(&rep, contact.id.as_str(), "service-ticket").await;
    let duplicate = new_item(&rep, contact.id.as_str(), "service-ticket").await;
    let duplicate: WorkItemView = move_to(
        &rep,
        &duplicate,
        json!({"to": "ASSIGNED_IN_HOUSE", "extension": "CA1"}),
    )
    .await
    .json_with(StatusCode::OK)
    .await;
    let merged: WorkItemView = merge(&rep, &duplicate, survivor.number)
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(merged.merged_into, Some(survivor.number));
    assert_eq!(merged.version, duplicate.version + 1);
    assert_eq!(
        merged.status, "ASSIGNED_IN_HOUSE",
        "the status stays as it was"
    );
    let fetched: WorkItemView = rep
        .get(&format!("/api/work-items/{}", duplicate.number))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(fetched, merged);
    assert_eq!(my_numbers(&rep, "").await, [survivor.number]);
    assert_eq!(
        my_numbers(&rep, "?status=ASSIGNED_IN_HOUSE").await,
        Vec::<u64>::new(),
        "a merged item leaves every open list"
    );

    let own = history(&rep, duplicate.number).await;
    assert_eq!(own[0].field, "merged_into");
    assert_eq!(
        own[0].to.as_deref(),
        Some(survivor.number.to_string().as_str())
    );
    let combined = history(&rep, survivor.number).await;
    let merged_from = combined
        .iter()
        .find(|h| h.field == "merged_from")
        .expect("merged_from");
    assert_eq!(merged_from.to, Some(duplicate.number.to_string()));
    assert_eq!(merged_from.item, None);
    let copied: Vec<_> = combined
        .iter()
        .filter(|h| h.item == Some(duplicate.number))
        .map(|h| (h.field.as_str(), h.to.as_deref()))
        .collect();
    assert_eq!(
        copied,
        [
            ("extension", Some("CA1")),
            ("status", Some("ASSIGNED_IN_HOUSE")),
            ("status", Some("NEW")),
        ],
        "the duplicate's changes, newest first, each marked with its item"
    );
    assert_eq!(
        combined.len(),
        1 + 1 + 3,
        "created, merged_from, three copies"
    );
    let listed: Page<WorkItemView> = rep
        .get(&format!("/api/contacts/{}/work-items", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(listed.items.len(), 2, "a merged item stays on its contact");
}

#[tokio::test]
async fn a_merged_item_can_no_longer_be_changed_and_a_retried_merge_adds_nothing() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Rita Retry", "rita@example.com"))
        .await;
    let survivor = new_item(&admin, contact.id.as_str(), "work-order").await;
    let other = new_item(&admin, contact.id.as_str(), "work-order").await;
    let duplicate = new_item(&admin, contact.id.as_str(), "work-order").await;
    let merged: WorkItemView = merge(&admin, &duplicate, survivor.number)
        .await
        .json_with(StatusCode::OK)
        .await;
    let before = history(&admin, survivor.number).await;
    let retried: WorkItemView = merge(&admin, &duplicate, survivor.number)
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(retried, merged);
    assert_eq!(history(&admin, survivor.number).await, before);

    let message = format!(
        "work item {} was merged into {}",
        duplicate.number, survivor.number
    );
    let path = format!("/api/work-items/{}", duplicate.number);
    let refusals = [
        move_to(&admin, &merged, json!({"to": "RESOLVED"})).await,
        admin
            .put(
                &path,
                &json!({"description": "x", "assignee_id": merged.assignee_id, "version": merged.version}),
            )
            .await,
        admin
            .post(
                &format!("{path}/lock"),
                &json!({"locked": true, "version": merged.version}),
            )
            .await,
        merge(&admin, &merged, other.number).await,
    ];
    for response in refusals {
        let error = response.error_with(StatusCode::CONFLICT).await;
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("merged", message.as_str())
        );
        assert_eq!(
            error.current.expect("current")["merged_into"],
            survivor.number
        );
    }
}

#[tokio::test]
async fn a_merge_is_refused_with_the_rule_it_breaks() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Rule Breaker", "rules@example.com"))
        .await;
    let elsewhere = admin
        .create_contact(contact_body("Someone Else", "else@example.com"))
        .await;
    let item = new_item(&admin, contact.id.as_str(), "work-order").await;
    let target = new_item(&admin, contact.id.as_str(), "work-order").await;
    let foreign = new_item(&admin, elsewhere.id.as_str(), "work-order").await;

    let refused = |into: u64, message: String| {
        let admin = &admin;
        let item = item.clone();
        async move {
            let error = merge(admin, &item, into)
                .await
                .error_with(StatusCode::UNPROCESSABLE_ENTITY)
                .await;
            assert_eq!(error.fields[0].field, "into");
            assert_eq!(error.fields[0].message, message);
        }
    };
    refused(
        item.number,
        "a work item can't be merged into itself".into(),
    )
    .await;
    refused(999, "there is no work item 999".into()).await;
    refused(
        foreign.number,
        format!(
            "work item {} is on another contact; only items of the same contact are merged",
            foreign.number
        ),
    )
    .await;

    let lock = |number: u64, version: u64| {
        let admin = &admin;
        async move {
            let locked: WorkItemView = admin
                .post(
                    &format!("/api/work-items/{number}/lock"),
                    &json!({"locked": true, "version": version}),
                )
                .await
                .json_with(StatusCode::OK)
                .await;
            locked
        }
    };
    let locked_target = lock(target.number, target.version).await;
    refused(
        target.number,
        format!(
            "work item {} is locked; unlock it before merging into it",
            target.number
        ),
    )
    .await;
    let locked_item = lock(item.number, item.version).await;
    let error = merge(&admin, &locked_item, foreign.number)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        error.fields.iter().any(|f| f.field == "locked"
            && f.message
                == format!(
                    "work item {} is locked; unlock it before merging it",
                    item.number
                )),
        "{:?}",
        error.fields
    );

    let stale = merge(&admin, &item, locked_target.number)
        .await
        .error_with(StatusCode::CONFLICT)
        .await;
    assert_eq!(stale.code, "conflict");
    assert_eq!(stale.current.expect("current")["locked"], true);

    admin
        .post(
            "/api/work-items/999/merge",
            &json!({"into": item.number, "version": 1}),
        )
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn nothing_merges_into_an_item_that_was_itself_merged() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let contact = admin
        .create_contact(contact_body("Chain Case", "chain@example.com"))
        .await;
    let first = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    let second = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    let third = new_item(&admin, contact.id.as_str(), "support-ticket").await;
    merge(&admin, &second, first.number)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let error = merge(&admin, &third, second.number)
        .await
        .error_with(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(error.fields[0].field, "into");
    assert_eq!(
        error.fields[0].message,
        format!(
            "work item {} was merged into {}; merge into {} instead",
            second.number, first.number, first.number
        )
    );
}
