//! The Inbox bench: one rep receives `count` inbound emails from 50 contacts they own, nine
//! in ten then marked read, through the same use cases as the webhooks and the envelope
//! icon; then the first page of Unread and of Read (all, and email only) and the unread count
//! are timed. Every list is one keyed index query, so the figures should not move with
//! `count`.

use std::time::{Duration, Instant};

use worklane_core::{Access, Actor, InboundEmail, InboxQuery, Worklane};
use worklane_domain::{
    ContactFields, ContactKind, Email, InboxFilter, InboxSection, PersonName, Phone, Role,
    Timestamp,
};

use super::report;

const SENDERS: usize = 50;

pub async fn bench(
    loader: &Worklane,
    app: &Worklane,
    manager: &Access,
    count: usize,
    samples: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let rep = app
        .users()
        .team()
        .await?
        .into_iter()
        .find(|m| m.role == Role::Rep)
        .map(Actor::from)
        .ok_or("no rep in the demo data")?;
    let rep = app.access_for(rep).await?;
    let mut senders = Vec::with_capacity(SENDERS);
    for n in 0..SENDERS {
        let email = Email::parse(&format!("inbox-bench-{n}@bench.example"))?;
        let fields = ContactFields {
            name: PersonName::parse(&format!("Inbox Sender {n}"))?,
            kind: ContactKind::Customer,
            emails: vec![email.clone()],
            phones: vec![Phone::parse(&format!("+1 555 9{n:02} 0000"))?],
            owner_id: rep.user_id().cloned(),
            new_lead: false,
        };
        loader.contacts().create(manager, fields).await?;
        senders.push(email);
    }
    let started = Instant::now();
    let first = Timestamp::now().as_second() - count as i64;
    let interactions = loader.interactions();
    let inbox = loader.inbox();
    for n in 0..count {
        let message = InboundEmail {
            message_id: format!("bench-{n}"),
            from: senders[n % SENDERS].to_string(),
            subject: format!("Question number {n}"),
            body: "Hello, a question about my order.".into(),
            at: Timestamp::from_second(first + n as i64)?,
        };
        let view = interactions.receive_email(message).await?;
        if n % 10 != 0 {
            inbox
                .set_read(&rep, &format!("ix-{}", view.id), true)
                .await?;
        }
        if (n + 1) % 20_000 == 0 {
            eprintln!("  loaded {} inbox items", n + 1);
        }
    }
    let load = started.elapsed();
    let unread = app.inbox().unread_count(&rep).await?.unread;
    println!(
        "loaded {count} inbox items for one rep in {:.1} s ({:.0}/s): {unread} unread, {} read",
        load.as_secs_f64(),
        count as f64 / load.as_secs_f64(),
        count as u64 - unread
    );
    let page = |section: InboxSection, filter: InboxFilter| InboxQuery {
        section,
        filter,
        ..InboxQuery::default()
    };
    for (what, query) in [
        (
            "Inbox Unread, All Entities, first page of 50",
            page(InboxSection::Unread, InboxFilter::All),
        ),
        (
            "Inbox Read, All Entities, first page of 50",
            page(InboxSection::Read, InboxFilter::All),
        ),
        (
            "Inbox Read, Email, first page of 50",
            page(InboxSection::Read, InboxFilter::Email),
        ),
    ] {
        let mut times = Vec::with_capacity(samples);
        let mut rows = 0;
        for _ in 0..samples {
            let t = Instant::now();
            rows += app.inbox().list(&rep, query.clone()).await?.items.len();
            times.push(t.elapsed());
        }
        report(what, &mut times);
        println!("  rows per page: {:.1}", rows as f64 / samples as f64);
    }
    let mut times: Vec<Duration> = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        app.inbox().unread_count(&rep).await?;
        times.push(t.elapsed());
    }
    report("Inbox unread count", &mut times);
    Ok(())
}
