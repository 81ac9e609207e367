//! Demo interactions, so the Inbox and the Interactions tab are alive on first start: one
//! contact in five has a short conversation — an inbound email, often a reply, sometimes an
//! SMS, a missed call, a logged call or a note — made through the same use cases the API
//! and the webhooks use. Most inbound messages are filed as read; a few contacts of each rep
//! stay unread, and each rep has a reminder falling due a few minutes after the first start.
//! Everything depends on the contact's index alone: inbound messages carry fixed provider
//! ids (stored once), and what a rep wrote is recognised on the contact's timeline, so an
//! interrupted seeding finishes without doubles.

use jiff::{Span, Timestamp};
use worklane_domain::{
    AttachRequest, CallOutcome, Channel, ComposeEmail, ComposeSms, ContactView, Direction,
    InteractionView, LogCall, NewNote, NewReminder,
};

use crate::{Access, CoreError, InboundCall, InboundEmail, InboundSms, SystemTask, Worklane, keys};

const QUESTIONS: &[(&str, &str)] = &[
    (
        "Question about my quiz result",
        "Hi,\nI took the body type quiz yesterday. What does the result mean for my meal plan?\nThanks",
    ),
    (
        "Where is my order?",
        "Hello,\nmy order was supposed to arrive on Monday and the tracking has not moved since. Can you check?",
    ),
    (
        "Discount code not working",
        "Hi there,\nthe code from your newsletter is refused at checkout. Is it still valid?",
    ),
    (
        "Cancel my subscription",
        "Hello,\nplease cancel my monthly subscription before the next renewal. Thank you.",
    ),
    (
        "Which programme should I start with?",
        "Hi,\nI'm new to training and torn between the starter plan and the 12-week programme. Advice?",
    ),
    (
        "Charged twice",
        "Hello,\nI see two charges for the same order on my card statement. Could you refund one?",
    ),
];

const REPLIES: &[&str] = &[
    "Thanks for writing! I've looked into it and will call you tomorrow morning to go through it together.",
    "Thank you for your patience. I've sorted this out; you'll get a confirmation email within the hour.",
    "Happy to help. I've sent you the details separately; let me know if anything is unclear.",
];

const TEXTS: &[&str] = &[
    "Hi, it's me again. Can you call me after 5 pm?",
    "Got your email, thanks! One more question about delivery.",
    "Is the shop open on Sunday?",
];

const NOTES: &[&str] = &[
    "Prefers email over phone calls.",
    "Mentioned a friend who may be interested in the annual plan.",
    "Asked us to call back after payday (the 25th).",
];

/// splitmix64 from the contact's index.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'s, T>(&mut self, list: &'s [T]) -> &'s T {
        &list[(self.next() % list.len() as u64) as usize]
    }
}

/// Contact `n` (owned by rep `n % reps`) talks to us in one round of contacts in five.
pub(super) fn has_conversation(n: usize, reps: usize) -> bool {
    (n / reps.max(1)) % 5 == 1
}

/// Its inbound messages stay unread: a few contacts of each rep.
fn stays_unread(n: usize, reps: usize) -> bool {
    (n / reps.max(1)) % 40 == 1
}

/// The first conversation of each rep comes with a reminder.
fn has_reminder(n: usize, reps: usize) -> bool {
    n / reps.max(1) == 1
}

/// Seeds what is missing of contact `n`'s conversation; returns how many interactions
/// were created.
pub(super) async fn seed(
    app: &Worklane,
    owner: &Access,
    contact: &ContactView,
    n: usize,
    reps: usize,
    now: Timestamp,
) -> Result<usize, CoreError> {
    if !has_conversation(n, reps) {
        return Ok(0);
    }
    let mut dice = Dice((n as u64) ^ 0x1CE_C0FF_EE15_600D);
    let interactions = app.interactions();
    let existing = interactions
        .for_contact(owner, &contact.id, None)
        .await?
        .items;
    let written = |channel: Channel, body: &str| {
        existing
            .iter()
            .any(|i| i.channel == channel && i.body == body && i.by.is_some())
    };
    let minutes_ago = |m: u64| {
        now.checked_sub(Span::new().minutes(m as i64))
            .unwrap_or(now)
    };
    let mut created = 0;
    let mut inbound: Vec<InteractionView> = Vec::new();
    let age = 30 + (n as u64 * 37) % 4_000;
    if let Some(email) = contact.emails.first() {
        let (subject, body) = dice.pick(QUESTIONS);
        let received = interactions
            .receive_email(InboundEmail {
                message_id: format!("demo-{n}-email"),
                from: format!("{} <{email}>", contact.name),
                subject: subject.to_string(),
                body: body.to_string(),
                at: minutes_ago(age),
            })
            .await?;
        created += usize::from(!existing.iter().any(|i| i.id == received.id));
        inbound.push(received);
        let reply = dice.pick(REPLIES);
        if dice.percent(60) && !written(Channel::Email, reply) {
            let compose = ComposeEmail {
                to: None,
                subject: format!("Re: {subject}"),
                body: reply.to_string(),
                work_item: None,
            };
            interactions.send_email(owner, &contact.id, compose).await?;
            created += 1;
        }
    }
    // A number several demo contacts share would find another contact: only texts and
    // calls from a number that finds this one.
    let phone = contact.phones.first();
    let reachable = match phone {
        Some(p) => {
            let demo = Access::system(SystemTask::DemoData);
            app.contacts().find_by_phone(&demo, p).await?.map(|c| c.id) == Some(contact.id.clone())
        }
        None => false,
    };
    if let (true, Some(phone)) = (reachable, phone) {
        let text = dice.pick(TEXTS);
        if dice.percent(35) {
            let received = interactions
                .receive_sms(InboundSms {
                    message_id: format!("demo-{n}-sms"),
                    from: phone.to_string(),
                    to: "+1 555 010 0000".into(),
                    body: text.to_string(),
                    at: minutes_ago(age / 2),
                })
                .await?;
            created += usize::from(!existing.iter().any(|i| i.id == received.id));
            inbound.push(received);
            let answer = "Sure, I'll call you after 5 pm today.";
            if dice.percent(50) && !written(Channel::Sms, answer) {
                let sms = ComposeSms {
                    to: None,
                    body: answer.into(),
                    work_item: None,
                };
                interactions.send_sms(owner, &contact.id, sms).await?;
                created += 1;
            }
        }
        if dice.percent(25) {
            let received = interactions
                .receive_call(InboundCall {
                    call_id: format!("demo-{n}-call"),
                    from: phone.to_string(),
                    to: "+1 555 010 0000".into(),
                    direction: Direction::Inbound,
                    outcome: CallOutcome::Missed,
                    duration_seconds: 0,
                    recording_url: None,
                    at: minutes_ago(age / 3),
                })
                .await?;
            created += usize::from(!existing.iter().any(|i| i.id == received.id));
            inbound.push(received);
        }
        let talk = "Called back; answered the questions and agreed to follow up next week.";
        if dice.percent(20) && !written(Channel::Call, talk) {
            let call = LogCall {
                direction: Direction::Outbound,
                outcome: CallOutcome::Answered,
                duration_seconds: 60 + (dice.next() % 600) as u32,
                note: talk.into(),
                recording_url: None,
                work_item: None,
                order_id: None,
                started_at: None,
            };
            interactions.log_call(owner, &contact.id, call).await?;
            created += 1;
        }
    }
    let note = dice.pick(NOTES);
    if dice.percent(25) && !written(Channel::Note, note) {
        let note = NewNote {
            body: note.to_string(),
            work_item: None,
        };
        interactions.add_note(owner, &contact.id, note).await?;
        created += 1;
    }
    if has_reminder(n, reps) {
        let body = format!("Follow up with {} about their question", contact.name);
        let due = now
            .checked_add(Span::new().minutes(2 + (n % reps.max(1)) as i64))
            .unwrap_or(now);
        let still_ahead = due > Timestamp::now();
        if still_ahead && !written(Channel::Reminder, &body) {
            let reminder = NewReminder {
                remind_at: due,
                body,
                work_item: None,
            };
            interactions
                .set_reminder(owner, &contact.id, reminder)
                .await?;
            created += 1;
        }
    }
    // Some inbound email belongs to the contact's newest work item.
    if let Some(first) = inbound.first().filter(|i| i.work_item.is_none())
        && dice.percent(40)
        && let Some(item) = app
            .work_items()
            .for_contact(owner, &contact.id, None)
            .await?
            .items
            .into_iter()
            .find(|i| i.merged_into.is_none())
    {
        let request = AttachRequest {
            work_item: item.number,
        };
        interactions.attach(owner, &first.id, request).await?;
    }
    if !stays_unread(n, reps) {
        let inbox = app.inbox();
        for message in &inbound {
            let entry = keys::inbox_entry_for_interaction(&message.id);
            inbox.set_read(owner, &entry, true).await?;
        }
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_contact_in_five_talks_and_each_rep_gets_a_reminder_and_a_few_unread() {
        let reps = 6;
        let talking: Vec<usize> = (0..2000).filter(|&n| has_conversation(n, reps)).collect();
        assert!((395..=405).contains(&talking.len()), "{}", talking.len());
        let reminders: Vec<usize> = (0..2000).filter(|&n| has_reminder(n, reps)).collect();
        let owners: std::collections::HashSet<_> = reminders.iter().map(|n| n % reps).collect();
        assert_eq!(owners.len(), reps);
        assert!(reminders.iter().all(|&n| has_conversation(n, reps)));
        let unread = talking.iter().filter(|&&n| stays_unread(n, reps)).count();
        assert!((reps..=reps * 12).contains(&unread), "{unread}");
    }
}
