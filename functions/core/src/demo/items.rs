//! Demo work items: about one contact in three has one to three, of the shipped types,
//! assigned to the contact's owner (work orders to the service staff) and made through the work item use cases, so numbers,
//! history and My Work Items are real. What a contact gets is decided by its index alone,
//! so a seeding that stopped part way finishes the items it had begun and makes none twice.

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use worklane_domain::{
    ContactId, ContactKind, LockRequest, NewWorkItemRequest, TransitionRequest, WorkItemEdit,
    WorkItemNote, WorkItemView,
};

use crate::{Access, CoreError, Worklane};

/// The workflow a demo type follows (the presets' `workflow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Consultation,
    ServiceTicket,
    WorkOrder,
}

/// A shipped type and what its demo items say.
pub(super) struct Kind {
    pub key: &'static str,
    flow: Flow,
    /// Only customers have orders, tickets and work orders.
    customers_only: bool,
    /// The consultation may turn into a sale.
    sells: bool,
    /// How often the type is picked, relative to the others.
    weight: u64,
    /// `{order}` becomes an order number.
    descriptions: &'static [&'static str],
    /// The closing reason of a resolved consultation, or a ticket's resolution.
    outcomes: &'static [&'static str],
}

const KINDS: &[Kind] = &[
    Kind {
        key: "support-ticket",
        flow: Flow::Consultation,
        customers_only: false,
        sells: false,
        weight: 15,
        descriptions: &[
            "Order {order} arrived damaged; the contact wants a replacement.",
            "Charged twice for order {order}; asks for a refund of the second charge.",
            "Cannot sign in to the customer portal since the password reset.",
            "The parcel of order {order} shows as delivered but never arrived.",
            "Wants to change the delivery address of order {order}.",
            "The subscription renewed although the contact cancelled it last month.",
        ],
        outcomes: &[
            "Replacement shipped",
            "Refund issued",
            "Resent the reset link; the contact signed in",
            "Filed a claim with the courier and reshipped the order",
            "Address changed before dispatch",
            "Subscription cancelled and the renewal refunded",
        ],
    },
    Kind {
        key: "product-info-query",
        flow: Flow::Consultation,
        customers_only: false,
        sells: true,
        weight: 12,
        descriptions: &[
            "Asked whether the Trail Runner 2 comes in a wide fit.",
            "Wants the ingredient list of the plant protein (allergic to soy).",
            "Asked about the warranty of the home gym set.",
            "Compares the two smart scales; which one syncs with an Android phone?",
            "Asked when the vanilla flavour is back in stock.",
        ],
        outcomes: &[
            "Sent the size chart and the wide-fit options",
            "Sent the full ingredient list",
            "Explained the two-year warranty",
            "Sent the comparison; the contact will decide",
            "Back in stock next week; the contact gets an email",
        ],
    },
    Kind {
        key: "fraud-review",
        flow: Flow::Consultation,
        customers_only: true,
        sells: false,
        weight: 6,
        descriptions: &[
            "Order {order} held: billing and shipping countries differ.",
            "Order {order} held: three cards tried within ten minutes.",
            "Order {order} held: an unusually large first order for a new account.",
            "Order {order} held: the payment provider rates the card high risk.",
        ],
        outcomes: &[
            "Verified with the customer; order released",
            "The card was reported stolen; order cancelled",
            "Confirmed with the payment provider; order released",
        ],
    },
    Kind {
        key: "service-ticket",
        flow: Flow::ServiceTicket,
        customers_only: true,
        sells: false,
        weight: 24,
        descriptions: &[
            "The laptop no longer joins the office Wi-Fi since the last update.",
            "The label printer at the front desk jams on every second label.",
            "A new employee needs an account and a laptop by Monday.",
            "Email on the phone stopped syncing on Tuesday.",
            "The shared drive is nearly full; asks for more space.",
            "The point-of-sale terminal restarts during card payments.",
        ],
        outcomes: &[
            "Reinstalled the Wi-Fi driver and rejoined the network",
            "Replaced the printer's feed roller",
            "Created the account and delivered the laptop",
            "Added the mail account again on the phone",
            "Archived old projects and raised the quota",
            "Updated the terminal's firmware",
        ],
    },
    Kind {
        key: "work-order",
        flow: Flow::WorkOrder,
        customers_only: true,
        sells: false,
        weight: 16,
        descriptions: &[
            "Install the treadmill delivered with order {order}.",
            "Annual service of the home gym set.",
            "Replace the worn belt of the rowing machine.",
            "Assemble and calibrate the bike trainer of order {order}.",
            "Inspect the squeaking cross-trainer under warranty.",
        ],
        outcomes: &[],
    },
];

const CLOSED_REASONS: &[&str] = &[
    "Duplicate of an earlier request",
    "No answer after three attempts",
    "The contact withdrew the request",
];

const NOTES: &[&str] = &[
    "Prefers a call after 5 pm.",
    "Spoke to them on Monday; they will send photos.",
    "Asked us not to call at work; email is fine.",
    "Waiting for the courier's answer before calling back.",
    "Mentioned a friend who may be interested too.",
    "Second contact attempt; left a voicemail.",
];

/// splitmix64 from the contact's index: each contact's items depend on nothing else.
struct Dice(u64);

impl Dice {
    fn for_contact(n: usize) -> Self {
        Self((n as u64) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[self.below(list.len() as u64) as usize]
    }
}

/// One demo item: what it is, the status changes it went through, and what the rep added.
pub(super) struct Plan {
    pub kind: &'static Kind,
    pub description: String,
    /// Status changes from the initial status, each to a status not reached before.
    pub path: Vec<TransitionRequest>,
    pub callback: Option<Timestamp>,
    pub note: Option<&'static str>,
    pub lock: bool,
}

fn to(status: &str) -> TransitionRequest {
    TransitionRequest {
        to: status.into(),
        ..TransitionRequest::default()
    }
}

fn with_extension(status: &str, extension: &str) -> TransitionRequest {
    TransitionRequest {
        extension: Some(extension.into()),
        ..to(status)
    }
}

fn closing(status: &str, reason: impl Into<String>) -> TransitionRequest {
    TransitionRequest {
        closing_reason: Some(reason.into()),
        ..to(status)
    }
}

/// The contacts with items: one in three of each rep's (contact `n` belongs to rep
/// `n % reps`), so every rep has some as soon as there are `3 * reps` contacts.
fn has_items(n: usize, reps: usize) -> bool {
    (n / reps.max(1) + n % reps.max(1)).is_multiple_of(3)
}

/// The items of contact `n` (owned by rep `n % reps`), oldest first; empty for two contacts
/// in three. Callbacks and due dates are the next days and weeks after `now` (UTC).
pub(super) fn plans(n: usize, reps: usize, kind: ContactKind, now: Timestamp) -> Vec<Plan> {
    if !has_items(n, reps) {
        return Vec::new();
    }
    let mut dice = Dice::for_contact(n);
    let count = match dice.below(6) {
        0..=2 => 1,
        3..=4 => 2,
        _ => 3,
    };
    let mut eligible: Vec<&'static Kind> = KINDS
        .iter()
        .filter(|k| kind == ContactKind::Customer || !k.customers_only)
        .collect();
    let count = count.min(eligible.len());
    let today = now.to_zoned(TimeZone::UTC).date();
    let mut plans = Vec::with_capacity(count);
    for i in 0..count {
        let total: u64 = eligible.iter().map(|k| k.weight).sum();
        let mut roll = dice.below(total);
        let at = eligible
            .iter()
            .position(|k| {
                let hit = roll < k.weight;
                roll = roll.saturating_sub(k.weight);
                hit
            })
            .unwrap_or(0);
        let kind = eligible.remove(at);
        let order = 10_000 + dice.below(90_000);
        let description = dice
            .pick(kind.descriptions)
            .replace("{order}", &order.to_string());
        // The newest item is still being worked on; older ones mostly are not.
        let open = i + 1 == count || dice.percent(30);
        let path = match kind.flow {
            Flow::Consultation => consultation(kind, &mut dice, open, order),
            Flow::ServiceTicket => service_ticket(kind, &mut dice, open, today),
            Flow::WorkOrder => work_order(&mut dice, open),
        };
        let lock = kind.flow == Flow::WorkOrder && open && path.is_empty() && dice.percent(40);
        let callback = (open && !lock && dice.percent(45)).then(|| {
            let day = today.checked_add(Span::new().days(1 + dice.below(5) as i64));
            let (hour, minute) = (9 + dice.below(8) as i8, 30 * dice.below(2) as i8);
            day.ok()
                .and_then(|d| d.at(hour, minute, 0, 0).to_zoned(TimeZone::UTC).ok())
                .map(|z| z.timestamp())
        });
        // An obsolete work order is out of its owner's sight: nothing more is added to it.
        let obsolete = path.iter().any(|step| step.to == "OBSOLETE");
        let note = (!obsolete && dice.percent(15)).then(|| dice.pick(NOTES));
        plans.push(Plan {
            kind,
            description,
            path,
            callback: callback.flatten(),
            note,
            lock,
        });
    }
    plans
}

fn consultation(kind: &Kind, dice: &mut Dice, open: bool, order: u64) -> Vec<TransitionRequest> {
    if open {
        return match dice.below(if kind.sells { 9 } else { 8 }) {
            0..=2 => Vec::new(),
            3..=5 => vec![to("IN_PROGRESS")],
            6..=7 => vec![to("IN_PROGRESS"), to("PENDING")],
            _ => vec![to("IN_PROGRESS"), to("SELLING")],
        };
    }
    match dice.below(10) {
        0..=6 => {
            let mut path = vec![to("IN_PROGRESS")];
            if dice.percent(40) {
                path.push(to("PENDING"));
            }
            path.push(closing("RESOLVED", dice.pick(kind.outcomes)));
            path
        }
        7..=8 if kind.sells => vec![
            to("IN_PROGRESS"),
            to("SELLING"),
            closing("SOLD", format!("Order {order} placed")),
        ],
        _ => vec![closing("CLOSED", dice.pick(CLOSED_REASONS))],
    }
}

fn service_ticket(
    kind: &Kind,
    dice: &mut Dice,
    open: bool,
    today: jiff::civil::Date,
) -> Vec<TransitionRequest> {
    if open {
        return match dice.below(8) {
            0 => Vec::new(),
            1 => vec![with_extension("ASSIGNED_IN_HOUSE", "AES")],
            2..=3 => vec![
                with_extension("ASSIGNED_ON_SITE", "AES"),
                to("WORK_IN_PROGRESS"),
            ],
            4 => vec![to("WORK_IN_PROGRESS"), with_extension("PENDING", "CA1")],
            _ => {
                let due = today
                    .checked_add(Span::new().days(7 + dice.below(21) as i64))
                    .unwrap_or(today);
                let hold = TransitionRequest {
                    due_date: Some(due.to_string()),
                    ..with_extension("HOLD", dice.pick(&["WFV", "WFC"]))
                };
                vec![
                    with_extension("ASSIGNED_IN_HOUSE", "AES"),
                    to("WORK_IN_PROGRESS"),
                    hold,
                ]
            }
        };
    }
    if dice.percent(15) {
        return vec![to("CANCELLED")];
    }
    let done = TransitionRequest {
        resolution: Some(dice.pick(kind.outcomes).into()),
        ..to("COMPLETED")
    };
    vec![
        with_extension("ASSIGNED_ON_SITE", "AES"),
        to("WORK_IN_PROGRESS"),
        done,
    ]
}

fn work_order(dice: &mut Dice, open: bool) -> Vec<TransitionRequest> {
    match (open, dice.below(4)) {
        (true, 0) => vec![to("RESOLVED")],
        (true, _) => Vec::new(),
        (false, 0) => vec![to("OBSOLETE")],
        (false, _) => vec![to("RESOLVED"), to("CLOSED")],
    }
}

/// Makes what is missing of a contact's planned items: each item, the status changes it has
/// not been through yet, its callback, note and lock. The contact's owner makes them all;
/// a work order is given to `service` (a member of the service staff), who handles it.
/// `fresh` says the contact was just created, so it has no items to look for. Returns how
/// many items were created.
pub(super) async fn seed(
    app: &Worklane,
    owner: &Access,
    service: &Access,
    contact: &ContactId,
    plans: Vec<Plan>,
    fresh: bool,
) -> Result<usize, CoreError> {
    let items = app.work_items();
    let existing = if fresh || plans.is_empty() {
        Vec::new()
    } else {
        // The demo's own sight: the owner may no longer see the work orders they passed on.
        let demo = Access::system(crate::SystemTask::DemoData);
        items.for_contact(&demo, contact, None).await?.items
    };
    let mut created = 0;
    for plan in plans {
        let handler = match plan.kind.flow {
            Flow::WorkOrder => service,
            _ => owner,
        };
        let found = existing
            .iter()
            .find(|i| i.type_key == plan.kind.key && i.description == plan.description);
        let mut item: WorkItemView = match found {
            Some(item) => item.clone(),
            None if plan.kind.flow == Flow::WorkOrder => {
                // Raised for the contact's company, if it works for one.
                let request = worklane_domain::NewWorkOrderRequest {
                    type_key: Some(plan.kind.key.into()),
                    contact_id: contact.clone(),
                    account_id: None,
                    description: plan.description.clone(),
                    assignee_id: Some(handler.actor()?.id.clone()),
                };
                created += 1;
                items.create_work_order(owner, request).await?
            }
            None => {
                let request = NewWorkItemRequest {
                    type_key: plan.kind.key.into(),
                    description: plan.description.clone(),
                    assignee_id: Some(handler.actor()?.id.clone()),
                };
                created += 1;
                items.create(owner, contact, request).await?
            }
        };
        // The path never returns to the initial status, so where the item stands in it says
        // what is left.
        let done = plan
            .path
            .iter()
            .position(|step| step.to == item.status)
            .map_or(0, |at| at + 1);
        for step in &plan.path[done..] {
            item = items
                .change_status(handler, item.number, step.clone(), item.version)
                .await?;
        }
        if plan.callback.is_some() && item.callback_at.is_none() {
            let edit = WorkItemEdit {
                description: item.description.clone(),
                assignee_id: item.assignee_id.clone(),
                callback_at: plan.callback,
                team: item.team.clone(),
                team_read: Vec::new(),
                version: item.version,
            };
            item = items.edit(handler, item.number, edit).await?;
        }
        if let Some(note) = plan.note {
            let note = WorkItemNote { note: note.into() };
            items.save_note(handler, item.number, note).await?;
        }
        if plan.lock && !item.locked {
            let lock = LockRequest {
                locked: true,
                version: item.version,
            };
            items.set_lock(handler, item.number, lock).await?;
        }
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use worklane_store::EmbeddedStore;

    use super::*;
    use crate::ContactGenerator;
    use crate::demo::seed_demo_data;

    const REPS: usize = 6;

    fn demo_plans(contacts: usize) -> Vec<Plan> {
        let mut generator = ContactGenerator::new();
        let now = Timestamp::now();
        (0..contacts)
            .flat_map(|n| plans(n, REPS, generator.next_contact().unwrap().kind, now))
            .collect()
    }

    #[test]
    fn the_e2e_demo_has_every_type_and_the_states_reps_meet() {
        let plans = demo_plans(300);
        let types: HashSet<_> = plans.iter().map(|p| p.kind.key).collect();
        // The imported types arrive through the imports, from the demo sources.
        let imported: HashSet<_> = worklane_domain::ImportSource::ALL
            .iter()
            .map(|s| s.type_key())
            .collect();
        let shipped: HashSet<_> = worklane_domain::preset_work_item_types()
            .into_iter()
            .map(|t| t.key)
            .filter(|key| !imported.contains(key.as_str()))
            .collect();
        assert_eq!(
            types,
            shipped.iter().map(String::as_str).collect(),
            "every shipped type that is not imported, no other"
        );
        let reached = |status: &str| {
            plans
                .iter()
                .filter(|p| p.path.last().is_some_and(|s| s.to == status))
                .count()
        };
        for status in [
            "IN_PROGRESS",
            "PENDING",
            "RESOLVED",
            "SOLD",
            "CLOSED",
            "HOLD",
        ] {
            assert!(reached(status) > 0, "no item ends in {status}");
        }
        assert!(plans.iter().all(|p| p.path.iter().all(|s| {
            let needs_reason = ["RESOLVED", "SOLD", "CLOSED"].contains(&s.to.as_str())
                && p.kind.flow == Flow::Consultation;
            !needs_reason || s.closing_reason.is_some()
        })));
        assert!(plans.iter().any(|p| p.lock), "a locked work order");
        assert!(plans.iter().filter(|p| p.callback.is_some()).count() > 10);
        assert!(plans.iter().filter(|p| p.note.is_some()).count() > 5);
        assert!(
            plans
                .iter()
                .all(|p| p.callback.is_none_or(|t| t > Timestamp::now()))
        );
    }

    #[test]
    fn one_contact_in_three_has_items_spread_over_every_rep() {
        let with_items: Vec<usize> = (0..3 * REPS).filter(|&n| has_items(n, REPS)).collect();
        assert_eq!(with_items.len(), REPS);
        let owners: HashSet<_> = with_items.iter().map(|n| n % REPS).collect();
        assert_eq!(owners.len(), REPS, "one contact of each rep");
        let counts: Vec<_> = (0..600)
            .map(|n| plans(n, REPS, ContactKind::Customer, Timestamp::now()).len())
            .collect();
        assert_eq!(counts.iter().filter(|&&c| c > 0).count(), 200);
        assert!(counts.iter().all(|&c| c <= 3));
        assert!(counts.contains(&3));
    }

    #[tokio::test]
    async fn an_item_left_half_way_is_finished_and_not_made_again() {
        let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
        seed_demo_data(&app, 0).await.unwrap();
        let (manager, reps, service) = crate::demo::team(&app).await.unwrap();
        // A contact whose plan puts a service ticket on Hold (three status changes).
        let now = Timestamp::now();
        let (n, plans) = (0..1000)
            .map(|n| (n, plans(n, REPS, ContactKind::Customer, now)))
            .find(|(_, p)| {
                p.iter()
                    .any(|p| p.path.last().is_some_and(|s| s.to == "HOLD"))
            })
            .unwrap();
        let owner = &reps[n % REPS];
        let mut fields = ContactGenerator::new().next_contact().unwrap();
        fields.owner_id = Some(owner.me().clone());
        let contact = app.contacts().create(&manager, fields).await.unwrap().id;
        // As if the first start stopped after the ticket's first status change.
        let held = plans
            .iter()
            .position(|p| p.path.last().is_some_and(|s| s.to == "HOLD"))
            .unwrap();
        let ticket = &plans[held];
        let request = NewWorkItemRequest {
            type_key: ticket.kind.key.into(),
            description: ticket.description.clone(),
            assignee_id: Some(owner.me().clone()),
        };
        let items = app.work_items();
        let begun = items.create(owner, &contact, request).await.unwrap();
        items
            .change_status(owner, begun.number, ticket.path[0].clone(), begun.version)
            .await
            .unwrap();
        let expected = plans.len();
        let created = seed(&app, owner, &service[0], &contact, plans, false)
            .await
            .unwrap();
        assert_eq!(created, expected - 1, "the ticket was not made again");
        let demo = Access::system(crate::SystemTask::DemoData);
        let on_contact = items
            .for_contact(&demo, &contact, None)
            .await
            .unwrap()
            .items;
        assert_eq!(on_contact.len(), expected);
        let ticket = items.get(owner, begun.number).await.unwrap();
        assert_eq!(ticket.status, "HOLD");
        assert!(ticket.due_date.is_some());
        let history = items.history_of(owner, begun.number, None).await.unwrap();
        let statuses = history.items.iter().filter(|h| h.field == "status").count();
        assert_eq!(statuses, 4, "created, then three changes, each once");
    }
}
