//! The Inbox: what lands in Unread, the filters, and read/unread moves.

use reqwest::StatusCode;
use serde_json::json;
use worklane_core::{InboundCall, InboundEmail, InboundSms};
use worklane_domain::{
    CallOutcome, ContactView, Direction, InboxEntry, InboxKind, InteractionView, Page, Role,
    Timestamp,
};

use crate::helpers::{
    Browser, ResponseExt, TestApp, contact_body, inbox, new_item, spawn_app, unread_count,
};

fn email(message_id: &str, from: &str, subject: &str) -> InboundEmail {
    InboundEmail {
        message_id: message_id.into(),
        from: from.into(),
        subject: subject.into(),
        body: "Hello, a question about my order.".into(),
        at: Timestamp::now(),
    }
}

async fn rep_with_contact(app: &TestApp, admin: &Browser) -> (Browser, ContactView) {
    let (rep, rep_view) = app.user(admin, "rep@example.com", Role::Rep).await;
    let mut body = contact_body("Cathy Slater", "cathy@example.com");
    body["owner_id"] = json!(rep_view.id);
    let contact = admin.create_contact(body).await;
    (rep, contact)
}

fn kinds(page: &Page<InboxEntry>) -> Vec<InboxKind> {
    page.items.iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn all_entities_lists_calls_emails_and_sms_and_never_a_work_item() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let item = json!({"type_key": "fraud-review", "description": "Order held",
        "assignee_id": contact.owner_id});
    admin
        .post(&format!("/api/contacts/{}/work-items", contact.id), &item)
        .await
        .assert_status(StatusCode::CREATED)
        .await;
    let interactions = app.worklane.interactions();
    interactions
        .receive_email(email("e-1", "cathy@example.com", "Where is my parcel?"))
        .await
        .unwrap();
    interactions
        .receive_sms(InboundSms {
            message_id: "s-1".into(),
            from: "+1 555 010 2030".into(),
            to: "+1 555 000 0000".into(),
            body: "Call me back please".into(),
            at: Timestamp::now(),
        })
        .await
        .unwrap();
    interactions
        .receive_call(InboundCall {
            call_id: "c-1".into(),
            from: "+15550102030".into(),
            to: "+15550000000".into(),
            direction: Direction::Inbound,
            outcome: CallOutcome::Missed,
            duration_seconds: 0,
            recording_url: None,
            at: Timestamp::now(),
        })
        .await
        .unwrap();
    let all = inbox(&rep, "").await;
    assert_eq!(all.items.len(), 3);
    assert!(kinds(&all).iter().all(|k| *k == InboxKind::Communication));
    assert_eq!(inbox(&rep, "?section=unread&filter=all").await, all);
    assert_eq!(
        unread_count(&rep).await,
        4,
        "three messages and the work item"
    );
    let work = inbox(&rep, "?filter=work-items").await;
    assert_eq!(kinds(&work), [InboxKind::WorkItem]);
    assert_eq!(work.items[0].first_line, "Order held");
    assert_eq!(work.items[0].contact_name, "Cathy Slater");
    for (filter, first_line) in [
        ("email", "Where is my parcel?"),
        ("sms", "Call me back please"),
        ("call", "Missed call"),
    ] {
        let page = inbox(&rep, &format!("?filter={filter}")).await;
        assert_eq!(page.items.len(), 1, "{filter}");
        assert_eq!(page.items[0].first_line, first_line);
        assert_eq!(page.items[0].contact_id, contact.id);
    }
}

#[tokio::test]
async fn the_work_items_filter_defaults_to_high_priority_types_and_filters_by_priority_and_type() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let create = |type_key: &str| {
        json!({"type_key": type_key, "description": format!("A {type_key}"),
            "assignee_id": contact.owner_id})
    };
    let path = format!("/api/contacts/{}/work-items", contact.id);
    for type_key in ["fraud-review", "support-ticket", "product-info-query"] {
        admin
            .post(&path, &create(type_key))
            .await
            .assert_status(StatusCode::CREATED)
            .await;
    }
    let types = |page: Page<InboxEntry>| -> Vec<String> {
        page.items.into_iter().filter_map(|e| e.type_key).collect()
    };
    assert_eq!(
        types(inbox(&rep, "?filter=work-items").await),
        ["fraud-review"]
    );
    assert_eq!(
        types(inbox(&rep, "?filter=work-items&priority=Normal").await),
        ["product-info-query", "support-ticket"]
    );
    assert_eq!(
        types(inbox(&rep, "?filter=work-items&type=support-ticket").await),
        ["support-ticket"]
    );
    assert_eq!(
        types(inbox(&rep, "?filter=work-items&type=support-ticket&priority=High").await),
        Vec::<String>::new()
    );
    assert_eq!(
        types(inbox(&rep, "?filter=work-items&priority=any").await).len(),
        3
    );
    assert!(types(inbox(&rep, "?section=read&filter=work-items").await).is_empty());
    // Values outside the document's lists are malformed requests.
    for query in [
        "?filter=work-items&priority=Soon",
        "?filter=notes",
        "?section=archive",
    ] {
        rep.get(&format!("/api/inbox{query}"))
            .await
            .error_with(StatusCode::BAD_REQUEST)
            .await;
    }
    for (query, field) in [
        ("?filter=work-items&type=nope", "type"),
        ("?filter=work-items&type=Not%20a%20key", "type"),
        ("?filter=email&priority=High", "priority"),
    ] {
        let error = rep
            .get(&format!("/api/inbox{query}"))
            .await
            .error_with(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(error.fields[0].field, field, "{query}");
    }
    rep.get("/api/inbox?cursor=garbage")
        .await
        .error_with(StatusCode::BAD_REQUEST)
        .await;
    app.browser()
        .get("/api/inbox")
        .await
        .error_with(StatusCode::UNAUTHORIZED)
        .await;
}

#[tokio::test]
async fn new_and_reassigned_work_items_land_in_the_assignees_unread() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let (other, other_view) = app.user(&admin, "other@example.com", Role::Rep).await;
    let item = json!({"type_key": "fraud-review", "description": "Check the card",
        "assignee_id": contact.owner_id});
    let created: worklane_domain::WorkItemView = admin
        .post(&format!("/api/contacts/{}/work-items", contact.id), &item)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(unread_count(&rep).await, 1);
    let landed = inbox(&rep, "?filter=work-items").await;
    assert_eq!(landed.items[0].work_item, Some(created.number));
    let own = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    assert_eq!(unread_count(&rep).await, 1, "my own new item is not unread");
    let handover = json!({"description": own.description, "assignee_id": other_view.id,
        "version": own.version});
    rep.put(&format!("/api/work-items/{}", own.number), &handover)
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(unread_count(&other).await, 1);
    let theirs = inbox(&other, "?filter=work-items&type=support-ticket").await;
    assert_eq!(theirs.items[0].work_item, Some(own.number));
    assert!(!theirs.items[0].read);
}

#[tokio::test]
async fn a_reassigned_work_item_leaves_the_previous_assignees_inbox_and_unread_count() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let (other, other_view) = app.user(&admin, "other@example.com", Role::Rep).await;
    let item = json!({"type_key": "fraud-review", "description": "Check the card",
        "assignee_id": contact.owner_id});
    let created: worklane_domain::WorkItemView = admin
        .post(&format!("/api/contacts/{}/work-items", contact.id), &item)
        .await
        .json_with(StatusCode::CREATED)
        .await;
    assert_eq!(unread_count(&rep).await, 1);
    // Unread at the rep's, handed to another rep: it leaves the rep's Unread and count.
    let handover = json!({"description": created.description, "assignee_id": other_view.id,
        "version": created.version});
    admin
        .put(&format!("/api/work-items/{}", created.number), &handover)
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert_eq!(unread_count(&rep).await, 0);
    assert!(
        inbox(&rep, "?filter=work-items&priority=any")
            .await
            .items
            .is_empty()
    );
    assert_eq!(unread_count(&other).await, 1);
    // Read at the rep's (their own item), handed over: it leaves the rep's Read too.
    let own = new_item(&rep, contact.id.as_str(), "support-ticket").await;
    let read = "?filter=work-items&priority=any&section=read";
    assert_eq!(inbox(&rep, read).await.items.len(), 1);
    let handover = json!({"description": own.description, "assignee_id": other_view.id,
        "version": own.version});
    rep.put(&format!("/api/work-items/{}", own.number), &handover)
        .await
        .assert_status(StatusCode::OK)
        .await;
    assert!(inbox(&rep, read).await.items.is_empty());
    assert_eq!(unread_count(&rep).await, 0);
    assert_eq!(unread_count(&other).await, 2);
}

#[tokio::test]
async fn read_and_unread_moves_are_exact_under_twenty_concurrent_clicks() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = rep_with_contact(&app, &admin).await;
    for n in 0..5 {
        app.worklane
            .interactions()
            .receive_email(email(
                &format!("e-{n}"),
                "cathy@example.com",
                &format!("Q{n}"),
            ))
            .await
            .unwrap();
    }
    let entries = inbox(&rep, "").await.items;
    assert_eq!((entries.len(), unread_count(&rep).await), (5, 5));
    let rep = std::sync::Arc::new(rep);
    let mut clicks = Vec::new();
    for n in 0..20 {
        let (rep, id) = (rep.clone(), entries[n % 5].id.clone());
        let read = n % 4 != 0;
        clicks.push(tokio::spawn(async move {
            rep.put(&format!("/api/inbox/{id}/read"), &json!({"read": read}))
                .await
                .status()
        }));
    }
    for click in clicks {
        assert_eq!(click.await.unwrap(), StatusCode::OK);
    }
    let still_unread = inbox(&rep, "?section=unread").await.items.len();
    let archived = inbox(&rep, "?section=read").await.items.len();
    assert_eq!(still_unread + archived, 5);
    assert_eq!(unread_count(&rep).await, still_unread as u64);
    let first = &entries[0].id;
    for _ in 0..2 {
        let entry: InboxEntry = rep
            .put(&format!("/api/inbox/{first}/read"), &json!({"read": true}))
            .await
            .json_with(StatusCode::OK)
            .await;
        assert!(entry.read, "marking read twice is the same as once");
    }
    let after = unread_count(&rep).await;
    let unread_now = inbox(&rep, "?section=unread").await.items.len() as u64;
    assert_eq!(after, unread_now);
    rep.put("/api/inbox/ix-nope/read", &json!({"read": true}))
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
    admin
        .put(&format!("/api/inbox/{first}/read"), &json!({"read": false}))
        .await
        .error_with(StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn a_reminder_falls_due_into_unread_once() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let due = Timestamp::from_second(Timestamp::now().as_second() + 60).unwrap();
    let reminder: InteractionView = rep
        .post(
            &format!("/api/contacts/{}/reminders", contact.id),
            &json!({"remind_at": due, "body": "Call Cathy about the refund"}),
        )
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let interactions = app.worklane.interactions();
    assert_eq!(
        interactions
            .deliver_due_reminders(Timestamp::now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(unread_count(&rep).await, 0);
    let later = Timestamp::from_second(due.as_second() + 5).unwrap();
    assert_eq!(interactions.deliver_due_reminders(later).await.unwrap(), 1);
    assert_eq!(interactions.deliver_due_reminders(later).await.unwrap(), 0);
    assert_eq!(unread_count(&rep).await, 1);
    let due_now = inbox(&rep, "?filter=reminder").await;
    assert_eq!(due_now.items.len(), 1);
    let entry = &due_now.items[0];
    assert_eq!(entry.kind, InboxKind::Reminder);
    assert_eq!(entry.interaction_id, Some(reminder.id));
    assert_eq!(entry.first_line, "Call Cathy about the refund");
    assert!(
        inbox(&rep, "").await.items.is_empty(),
        "not among communications"
    );
}

#[tokio::test]
async fn inbound_messages_are_matched_by_email_and_by_phone_and_stored_once() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let interactions = app.worklane.interactions();
    let by_email = interactions
        .receive_email(email("dup-1", "\"Cathy S\" <Cathy@Example.com>", "Hello"))
        .await
        .unwrap();
    let again = interactions
        .receive_email(email("dup-1", "cathy@example.com", "Hello"))
        .await
        .unwrap();
    assert_eq!(again.id, by_email.id);
    let by_phone = interactions
        .receive_sms(InboundSms {
            message_id: "sms-1".into(),
            from: "555.010.2030".into(),
            to: "+15550000000".into(),
            body: "It's Cathy".into(),
            at: Timestamp::now(),
        })
        .await
        .unwrap();
    assert_eq!(by_email.contact_id, contact.id);
    assert_eq!(by_phone.contact_id, contact.id);
    let timeline: Page<InteractionView> = rep
        .get(&format!("/api/contacts/{}/interactions", contact.id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(timeline.items.len(), 2, "the duplicate is stored once");
    assert_eq!(unread_count(&rep).await, 2);
}

#[tokio::test]
async fn an_unknown_number_texting_and_calling_at_once_becomes_one_new_lead() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let interactions = app.worklane.interactions();
    let sms = |id: &str| InboundSms {
        message_id: id.into(),
        from: "+1 555 010 9999".into(),
        to: "+15550000000".into(),
        body: "Do you deliver?".into(),
        at: Timestamp::now(),
    };
    let call = InboundCall {
        call_id: "call-9".into(),
        from: "(555) 010-9999".into(),
        to: "+15550000000".into(),
        direction: Direction::Inbound,
        outcome: CallOutcome::Missed,
        duration_seconds: 0,
        recording_url: None,
        at: Timestamp::now(),
    };
    // Two texts, one of them delivered twice, and a missed call, all at once.
    let (a, b, again, called) = tokio::join!(
        interactions.receive_sms(sms("lead-sms-1")),
        interactions.receive_sms(sms("lead-sms-2")),
        interactions.receive_sms(sms("lead-sms-1")),
        interactions.receive_call(call),
    );
    let (a, b, again, called) = (a.unwrap(), b.unwrap(), again.unwrap(), called.unwrap());
    assert_eq!(again.id, a.id, "a re-delivery is stored once");
    for other in [&b, &called] {
        assert_eq!(other.contact_id, a.contact_id, "one lead for one number");
    }
    let contacts: Page<ContactView> = admin
        .get("/api/contacts")
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(contacts.items.len(), 1, "no orphan lead");
    assert!(contacts.items[0].new_lead);
    let timeline: Page<InteractionView> = rep
        .get(&format!("/api/contacts/{}/interactions", a.contact_id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert_eq!(timeline.items.len(), 3);
    assert_eq!(unread_count(&rep).await, 3);
}

#[tokio::test]
async fn an_inbound_message_dated_in_the_future_is_dated_now_and_does_not_pin_itself_first() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, contact) = rep_with_contact(&app, &admin).await;
    let interactions = app.worklane.interactions();
    let hours_ahead = Timestamp::from_second(Timestamp::now().as_second() + 20 * 3_600).unwrap();
    let ahead = interactions
        .receive_email(InboundEmail {
            at: hours_ahead,
            ..email("future-1", "cathy@example.com", "From the future")
        })
        .await
        .unwrap();
    assert!(ahead.at <= Timestamp::now(), "dated now, not {}", ahead.at);
    let later = interactions
        .receive_email(email("later-1", "cathy@example.com", "Sent after it"))
        .await
        .unwrap();
    assert_eq!(later.contact_id, contact.id);
    let rows = inbox(&rep, "?filter=email").await;
    let lines: Vec<&str> = rows.items.iter().map(|e| e.first_line.as_str()).collect();
    assert_eq!(lines, ["Sent after it", "From the future"]);
}

#[tokio::test]
async fn an_unknown_sender_becomes_a_new_lead_in_a_reps_unread() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (rep, _) = app.user(&admin, "rep@example.com", Role::Rep).await;
    let received = app
        .worklane
        .interactions()
        .receive_email(email(
            "new-1",
            "Dana Lee <dana@newcomer.example>",
            "Prices?",
        ))
        .await
        .unwrap();
    let lead: ContactView = admin
        .get(&format!("/api/contacts/{}", received.contact_id))
        .await
        .json_with(StatusCode::OK)
        .await;
    assert!(lead.new_lead);
    assert_eq!(lead.name.as_str(), "Dana Lee");
    assert_eq!(lead.emails[0].as_str(), "dana@newcomer.example");
    let rows = inbox(&rep, "").await;
    assert_eq!(rows.items.len(), 1, "the only rep owns the lead");
    assert_eq!(rows.items[0].contact_name, "Dana Lee");
}
