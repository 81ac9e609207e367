//! Core tests of interactions and the inbox, on the embedded engine.

use std::sync::Arc;

use worklane_domain::{
    AttachRequest, CallOutcome, Channel, ComposeEmail, ComposeSms, ContactInput, ContactKind,
    ContactView, Delivery, Direction, Email, InboxFilter, InboxKind, InboxSection, LogCall,
    NewNote, NewReminder, NewUser, NewWorkItemRequest, Password, PersonName, Role, Timestamp,
};
use worklane_store::EmbeddedStore;

use crate::{
    Access, Actor, CoreError, InboundCall, InboundEmail, InboundSms, InboxQuery, SwitchableOutbox,
    Worklane,
};

pub(crate) struct Setup {
    pub app: Worklane,
    pub messaging: Arc<SwitchableOutbox>,
    pub admin: Access,
    pub reps: Vec<Access>,
}

/// A user's access under the deployment's defaults (public read/write unless a test saves
/// others).
pub(crate) async fn access(app: &Worklane, actor: Actor) -> Access {
    app.access_for(actor).await.unwrap()
}

async fn user(app: &Worklane, admin: &Access, email: &str, role: Role) -> Access {
    let view = app
        .users()
        .create(
            admin,
            NewUser {
                email: Email::parse(email).unwrap(),
                name: PersonName::parse(&format!("User {email}")).unwrap(),
                role,
                extension: None,
                password: Password::parse("a long password").unwrap(),
            },
        )
        .await
        .unwrap();
    let actor = Actor {
        id: view.id,
        name: view.name,
        role,
    };
    access(app, actor).await
}

pub(crate) async fn setup() -> Setup {
    let store: Arc<dyn worklane_store::ItemStore> = Arc::new(EmbeddedStore::in_memory().unwrap());
    let messaging = Arc::new(SwitchableOutbox::new(store.clone()));
    let app = Worklane::new(store, messaging.clone()).listing_the_outbox();
    app.catalog().ensure_presets().await.unwrap();
    let first = app
        .users()
        .create_first_admin(NewUser {
            email: Email::parse("admin@example.com").unwrap(),
            name: PersonName::parse("Ada Admin").unwrap(),
            role: Role::Admin,
            extension: None,
            password: Password::parse("a long password").unwrap(),
        })
        .await
        .unwrap();
    let admin = Actor {
        id: first.id,
        name: first.name,
        role: Role::Admin,
    };
    let admin = access(&app, admin).await;
    let mut reps = Vec::new();
    for n in 1..=2 {
        reps.push(user(&app, &admin, &format!("rep{n}@example.com"), Role::Rep).await);
    }
    Setup {
        app,
        messaging,
        admin,
        reps,
    }
}

pub(crate) async fn contact(
    app: &Worklane,
    owner: &Access,
    name: &str,
    email: &str,
) -> ContactView {
    let input = ContactInput {
        name: name.into(),
        kind: Some(ContactKind::Customer),
        emails: vec![email.into()],
        phones: vec!["+1 555 010 2030".into()],
        ..ContactInput::default()
    };
    app.contacts()
        .create(owner, input.validate().unwrap())
        .await
        .unwrap()
}

fn email(subject: &str) -> ComposeEmail {
    ComposeEmail {
        to: None,
        subject: subject.into(),
        body: "Hello,\nthanks for writing.".into(),
        work_item: None,
    }
}

fn unread(filter: InboxFilter) -> InboxQuery {
    InboxQuery {
        filter,
        ..InboxQuery::default()
    }
}

fn read(filter: InboxFilter) -> InboxQuery {
    InboxQuery {
        section: InboxSection::Read,
        filter,
        ..InboxQuery::default()
    }
}

#[tokio::test]
async fn a_sent_email_is_in_the_outbox_and_the_senders_read_section_only() {
    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let sent = s
        .app
        .interactions()
        .send_email(rep, &c.id, email("Your order"))
        .await
        .unwrap();
    assert_eq!(sent.delivery, Some(Delivery::Sent));
    assert_eq!(sent.to.as_deref(), Some("cathy@example.com"));
    assert_eq!(sent.from.as_deref(), Some("rep1@example.com"));
    let outbox = s.app.outbox(rep, None).await.unwrap().items;
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].interaction_id, sent.id);
    assert_eq!(outbox[0].subject.as_deref(), Some("Your order"));
    let inbox = s.app.inbox();
    assert_eq!(inbox.unread_count(rep).await.unwrap().unread, 0);
    let archived = inbox
        .list(rep, read(InboxFilter::Email))
        .await
        .unwrap()
        .items;
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].first_line, "Your order");
    let timeline = s
        .app
        .interactions()
        .for_contact(rep, &c.id, None)
        .await
        .unwrap();
    assert_eq!(timeline.items, vec![sent]);
}

#[tokio::test]
async fn a_failed_send_keeps_its_reason_and_a_retry_sends_it_once() {
    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    s.messaging.fail_with("the SMS provider refused the number");
    let sms = ComposeSms {
        to: None,
        body: "See you at 3".into(),
        work_item: None,
    };
    let interactions = s.app.interactions();
    let failed = interactions.send_sms(rep, &c.id, sms).await.unwrap();
    assert_eq!(failed.delivery, Some(Delivery::Failed));
    assert_eq!(
        failed.failure.as_deref(),
        Some("the SMS provider refused the number")
    );
    assert!(s.app.outbox(rep, None).await.unwrap().items.is_empty());
    s.messaging.recover();
    let sent = interactions.retry(rep, &failed.id).await.unwrap();
    assert_eq!((sent.delivery, sent.failure), (Some(Delivery::Sent), None));
    let outbox = s.app.outbox(rep, None).await.unwrap().items;
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to, "+15550102030");
    let again = interactions.retry(rep, &failed.id).await.unwrap_err();
    assert!(matches!(again, CoreError::WrongState { .. }), "{again:?}");
}

/// A provider that never answers while `hang` is set, and accepts everything otherwise.
#[derive(Default)]
struct Stalling {
    hang: std::sync::atomic::AtomicBool,
    sent: std::sync::atomic::AtomicUsize,
}

impl Stalling {
    async fn answer(&self) -> Result<String, crate::messaging::SendError> {
        use std::sync::atomic::Ordering;
        if self.hang.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        Ok(format!("provider-{n}"))
    }
}

#[async_trait::async_trait]
impl crate::Messaging for Stalling {
    async fn send_email(
        &self,
        _: &crate::messaging::OutgoingEmail,
    ) -> Result<String, crate::messaging::SendError> {
        self.answer().await
    }
    async fn send_sms(
        &self,
        _: &crate::messaging::OutgoingSms,
    ) -> Result<String, crate::messaging::SendError> {
        self.answer().await
    }
}

#[tokio::test(start_paused = true)]
async fn a_send_the_provider_never_answers_fails_and_one_left_sending_can_be_retried_later() {
    use std::sync::atomic::Ordering;

    use super::InteractionRecord;

    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let stalling = Arc::new(Stalling::default());
    stalling.hang.store(true, Ordering::SeqCst);
    let app = Worklane::new(s.app.store.clone(), stalling.clone());
    let interactions = app.interactions();
    let sms = ComposeSms {
        to: None,
        body: "See you at 3".into(),
        work_item: None,
    };
    let failed = interactions.send_sms(rep, &c.id, sms).await.unwrap();
    assert_eq!(failed.delivery, Some(Delivery::Failed));
    assert_eq!(failed.failure.as_deref(), Some(super::compose::TIMED_OUT));
    stalling.hang.store(false, Ordering::SeqCst);

    // Its process died while sending: left `Sending`, first a minute ago, then long ago.
    let leave_sending = |minutes_ago: i64| {
        let store = s.app.store.clone();
        let id = failed.id.clone();
        async move {
            let item = store
                .get(&crate::keys::interaction(&id), crate::keys::ITEM)
                .await;
            let item = item.unwrap().unwrap();
            let mut record: InteractionRecord = item.decode().unwrap();
            record.view.delivery = Some(Delivery::Sending);
            record.view.failure = None;
            record.sending_since =
                Some(Timestamp::now() - jiff::SignedDuration::from_mins(minutes_ago));
            record.view.version += 1;
            store
                .put(
                    record.item().unwrap(),
                    worklane_store::Condition::VersionIs(item.version),
                )
                .await
                .unwrap();
        }
    };
    leave_sending(1).await;
    let busy = interactions.retry(rep, &failed.id).await.unwrap_err();
    assert!(matches!(busy, CoreError::WrongState { .. }), "{busy:?}");
    leave_sending(10).await;
    let other_rep = interactions
        .retry(&s.reps[1], &failed.id)
        .await
        .unwrap_err();
    assert!(
        matches!(other_rep, CoreError::Forbidden(_)),
        "{other_rep:?}"
    );
    let sent = interactions.retry(rep, &failed.id).await.unwrap();
    assert_eq!((sent.delivery, sent.failure), (Some(Delivery::Sent), None));
    assert_eq!(stalling.sent.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_inbound_email_lands_once_in_the_owners_unread_however_often_it_arrives() {
    let s = setup().await;
    let rep = &s.reps[1];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let message = InboundEmail {
        message_id: "ses-1".into(),
        from: "Cathy <CATHY@example.com>".into(),
        subject: "Where is my parcel?".into(),
        body: "It has been a week.".into(),
        at: Timestamp::now(),
    };
    let interactions = s.app.interactions();
    let first = interactions.receive_email(message.clone()).await.unwrap();
    let second = interactions.receive_email(message).await.unwrap();
    assert_eq!(first.id, second.id);
    assert_eq!(
        (first.contact_id.clone(), first.direction, first.by.clone()),
        (c.id.clone(), Direction::Inbound, None)
    );
    let inbox = s.app.inbox();
    assert_eq!(inbox.unread_count(rep).await.unwrap().unread, 1);
    let rows = inbox
        .list(rep, unread(InboxFilter::All))
        .await
        .unwrap()
        .items;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].contact_name.as_str(), rows[0].first_line.as_str()),
        ("Cathy Slater", "Where is my parcel?")
    );
    let timeline = interactions.for_contact(rep, &c.id, None).await.unwrap();
    assert_eq!(timeline.items.len(), 1);
    let moved = inbox.set_read(rep, &rows[0].id, true).await.unwrap();
    assert!(moved.read);
    assert_eq!(inbox.unread_count(rep).await.unwrap().unread, 0);
    assert_eq!(
        inbox
            .list(rep, read(InboxFilter::Email))
            .await
            .unwrap()
            .items,
        vec![moved]
    );
}

#[tokio::test]
async fn unknown_senders_become_new_leads_owned_by_the_reps_in_turn() {
    let s = setup().await;
    let interactions = s.app.interactions();
    let mut owners = Vec::new();
    for (n, number) in ["+1 555 777 0001", "+1 555 777 0002"].iter().enumerate() {
        let sms = InboundSms {
            message_id: format!("sms-{n}"),
            from: number.to_string(),
            to: "+1 555 000 0000".into(),
            body: "Hi, is the shop open on Sunday?".into(),
            at: Timestamp::now(),
        };
        let view = interactions.receive_sms(sms).await.unwrap();
        let lead = s
            .app
            .contacts()
            .get(&s.admin, &view.contact_id)
            .await
            .unwrap();
        assert!(lead.new_lead);
        assert_eq!(lead.kind, ContactKind::Prospect);
        owners.push(lead.owner_id);
    }
    owners.sort();
    let mut reps: Vec<_> = s.reps.iter().map(|r| r.me().clone()).collect();
    reps.sort();
    assert_eq!(owners, reps, "each rep got one");
    // The lead's number now finds it: a call from it is on the same contact.
    let call = InboundCall {
        call_id: "call-1".into(),
        from: "(555) 777-0001".into(),
        to: "+1 555 000 0000".into(),
        direction: Direction::Inbound,
        outcome: CallOutcome::Missed,
        duration_seconds: 0,
        recording_url: None,
        at: Timestamp::now(),
    };
    let missed = interactions.receive_call(call).await.unwrap();
    let lead = s
        .app
        .contacts()
        .get(&s.admin, &missed.contact_id)
        .await
        .unwrap();
    assert_eq!(lead.phones[0].as_str(), "+15557770001");
    let owner = s.reps.iter().find(|r| *r.me() == lead.owner_id).unwrap();
    let calls = s
        .app
        .inbox()
        .list(owner, unread(InboxFilter::Call))
        .await
        .unwrap()
        .items;
    assert_eq!(calls[0].first_line, "Missed call");
}

#[tokio::test]
async fn a_reminder_falls_due_into_its_creators_unread_once() {
    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let interactions = s.app.interactions();
    let now = Timestamp::now();
    let past = NewReminder {
        remind_at: Timestamp::from_second(now.as_second() - 60).unwrap(),
        body: "Call back".into(),
        work_item: None,
    };
    interactions.set_reminder(rep, &c.id, past).await.unwrap();
    let due = Timestamp::from_second(now.as_second() + 60).unwrap();
    let reminder = NewReminder {
        remind_at: due,
        body: "Call back about the refund".into(),
        work_item: None,
    };
    interactions
        .set_reminder(rep, &c.id, reminder)
        .await
        .unwrap();
    // A reminder set for a time already past falls due at the next run.
    assert_eq!(interactions.deliver_due_reminders(now).await.unwrap(), 1);
    let later = Timestamp::from_second(due.as_second() + 1).unwrap();
    assert_eq!(interactions.deliver_due_reminders(later).await.unwrap(), 1);
    assert_eq!(interactions.deliver_due_reminders(later).await.unwrap(), 0);
    let inbox = s.app.inbox();
    assert_eq!(inbox.unread_count(rep).await.unwrap().unread, 2);
    let rows = inbox
        .list(rep, unread(InboxFilter::Reminder))
        .await
        .unwrap()
        .items;
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].kind, rows[0].at), (InboxKind::Reminder, due));
    assert_eq!(rows[1].first_line, "Call back");
    assert!(
        inbox
            .list(rep, unread(InboxFilter::All))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn an_interaction_attaches_only_to_its_contacts_work_items() {
    let s = setup().await;
    let rep = &s.reps[0];
    let cathy = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let sarah = contact(&s.app, rep, "Sarah Bays", "sarah@example.com").await;
    let request = |d: &str| NewWorkItemRequest {
        type_key: "support-ticket".into(),
        description: d.into(),
        assignee_id: None,
    };
    let items = s.app.work_items();
    let hers = items
        .create(rep, &cathy.id, request("Parcel"))
        .await
        .unwrap();
    let other = items
        .create(rep, &sarah.id, request("Refund"))
        .await
        .unwrap();
    let interactions = s.app.interactions();
    let received = interactions
        .receive_email(InboundEmail {
            message_id: "m-1".into(),
            from: "cathy@example.com".into(),
            subject: "About my parcel".into(),
            body: "Any news?".into(),
            at: Timestamp::now(),
        })
        .await
        .unwrap();
    let refused = interactions
        .attach(
            rep,
            &received.id,
            AttachRequest {
                work_item: other.number,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, CoreError::Invalid(ref e) if e.for_field("work_item").is_some()));
    let attached = interactions
        .attach(
            rep,
            &received.id,
            AttachRequest {
                work_item: hers.number,
            },
        )
        .await
        .unwrap();
    assert_eq!(attached.work_item, Some(hers.number));
    let on_item = interactions
        .for_work_item(rep, hers.number, None)
        .await
        .unwrap();
    assert_eq!(on_item.items, vec![attached.clone()]);
    let on_contact = interactions
        .for_contact(rep, &cathy.id, None)
        .await
        .unwrap();
    assert_eq!(on_contact.items, vec![attached]);
    let row = &s
        .app
        .inbox()
        .list(rep, unread(InboxFilter::Email))
        .await
        .unwrap()
        .items[0];
    assert_eq!(row.work_item, Some(hers.number));
    let note = NewNote {
        body: "Prefers email".into(),
        work_item: Some(other.number),
    };
    let refused = interactions
        .add_note(rep, &cathy.id, note)
        .await
        .unwrap_err();
    assert!(matches!(refused, CoreError::Invalid(ref e) if e.for_field("work_item").is_some()));
    let call = LogCall {
        direction: Direction::Outbound,
        outcome: CallOutcome::Answered,
        duration_seconds: 125,
        note: String::new(),
        recording_url: None,
        work_item: Some(hers.number),
        order_id: None,
        started_at: None,
    };
    let logged = interactions.log_call(rep, &cathy.id, call).await.unwrap();
    assert_eq!(logged.to.as_deref(), Some("+15550102030"));
    assert_eq!(logged.channel, Channel::Call);
    let on_item = interactions
        .for_work_item(rep, hers.number, None)
        .await
        .unwrap();
    assert_eq!(on_item.items.len(), 2);
    assert_eq!(on_item.items[0].id, logged.id, "newest first");
}

#[tokio::test]
async fn work_items_land_in_their_assignees_unread_when_given_to_them() {
    let s = setup().await;
    let (rep, other) = (&s.reps[0], &s.reps[1]);
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let items = s.app.work_items();
    let fraud = NewWorkItemRequest {
        type_key: "fraud-review".into(),
        description: "Order held\nsecond line".into(),
        assignee_id: Some(rep.me().clone()),
    };
    let given = items.create(&s.admin, &c.id, fraud).await.unwrap();
    let own = NewWorkItemRequest {
        type_key: "support-ticket".into(),
        description: "My own".into(),
        assignee_id: None,
    };
    let mine = items.create(rep, &c.id, own).await.unwrap();
    let inbox = s.app.inbox();
    assert_eq!(inbox.unread_count(rep).await.unwrap().unread, 1);
    let high = inbox
        .list(rep, unread(InboxFilter::WorkItems))
        .await
        .unwrap()
        .items;
    assert_eq!(high.len(), 1);
    assert_eq!(
        (high[0].work_item, high[0].first_line.as_str()),
        (Some(given.number), "Order held")
    );
    let filed = inbox
        .list(
            rep,
            InboxQuery {
                type_key: Some("support-ticket".into()),
                ..read(InboxFilter::WorkItems)
            },
        )
        .await
        .unwrap()
        .items;
    assert_eq!(
        filed[0].work_item,
        Some(mine.number),
        "my own item is filed as read"
    );
    let edit = worklane_domain::WorkItemEdit {
        description: mine.description.clone(),
        assignee_id: other.me().clone(),
        callback_at: None,
        team: Vec::new(),
        team_read: Vec::new(),
        version: mine.version,
    };
    items.edit(rep, mine.number, edit).await.unwrap();
    assert_eq!(inbox.unread_count(other).await.unwrap().unread, 1);
    let theirs = inbox
        .list(
            other,
            InboxQuery {
                priority: Some(crate::PriorityFilter::Any),
                ..unread(InboxFilter::WorkItems)
            },
        )
        .await
        .unwrap()
        .items;
    assert_eq!(theirs[0].work_item, Some(mine.number));
}

#[tokio::test]
async fn concurrent_read_and_unread_clicks_keep_the_count_exact() {
    let s = setup().await;
    let rep = s.reps[0].clone();
    contact(&s.app, &rep, "Cathy Slater", "cathy@example.com").await;
    let interactions = s.app.interactions();
    for n in 0..4 {
        interactions
            .receive_email(InboundEmail {
                message_id: format!("m-{n}"),
                from: "cathy@example.com".into(),
                subject: format!("Message {n}"),
                body: "…".into(),
                at: Timestamp::now(),
            })
            .await
            .unwrap();
    }
    let rows = s
        .app
        .inbox()
        .list(&rep, unread(InboxFilter::All))
        .await
        .unwrap()
        .items;
    let mut clicks = Vec::new();
    for n in 0..20 {
        let (app, rep, id) = (s.app.clone(), rep.clone(), rows[n % 4].id.clone());
        clicks.push(tokio::spawn(async move {
            app.inbox().set_read(&rep, &id, n % 3 != 0).await.unwrap();
        }));
    }
    for click in clicks {
        click.await.unwrap();
    }
    let inbox = s.app.inbox();
    let still_unread = inbox
        .list(&rep, unread(InboxFilter::All))
        .await
        .unwrap()
        .items
        .len();
    let archived = inbox
        .list(&rep, read(InboxFilter::All))
        .await
        .unwrap()
        .items
        .len();
    assert_eq!(still_unread + archived, 4);
    assert_eq!(
        inbox.unread_count(&rep).await.unwrap().unread,
        still_unread as u64
    );
}

#[tokio::test]
async fn a_contacts_changed_number_finds_it_and_the_old_one_no_longer_does() {
    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let contacts = s.app.contacts();
    let phone = |raw: &str| worklane_domain::Phone::parse(raw).unwrap();
    let found = contacts
        .find_by_phone(rep, &phone("555-010-2030"))
        .await
        .unwrap();
    assert_eq!(found.map(|f| f.id), Some(c.id.clone()));
    let input = ContactInput {
        name: "Cathy Slater".into(),
        kind: Some(ContactKind::Customer),
        emails: vec!["cathy@example.com".into()],
        phones: vec!["+44 20 7946 0958".into()],
        ..ContactInput::default()
    };
    contacts
        .update(rep, &c.id, input.validate().unwrap(), c.version)
        .await
        .unwrap();
    assert!(
        contacts
            .find_by_phone(rep, &phone("+1 555 010 2030"))
            .await
            .unwrap()
            .is_none()
    );
    let found = contacts
        .find_by_phone(rep, &phone("020 7946 0958"))
        .await
        .unwrap();
    assert_eq!(found.map(|f| f.id), Some(c.id));
}

#[tokio::test]
async fn a_deployments_sender_address_replaces_the_reps_own() {
    let s = setup().await;
    let rep = &s.reps[0];
    let c = contact(&s.app, rep, "Cathy Slater", "cathy@example.com").await;
    let app = s.app.with_email_from(Some(" crm@worklane.example ".into()));
    let sent = app
        .interactions()
        .send_email(rep, &c.id, email("Hello"))
        .await
        .unwrap();
    assert_eq!(sent.from.as_deref(), Some("crm@worklane.example"));
}
