//! The slat: every call on it, the newest shown (or the one the rep chose), the others a
//! click away; what the rep typed for each call kept while they switch.

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use worklane_domain::{CallId, LiveCall, LiveCallState};

use super::{
    CallFeed,
    board::{Learned, merge},
    panel::CallPanel,
};
use crate::json;

/// What the rep typed into a call's Note and Enter Order Id boxes, not saved yet.
#[derive(Clone)]
pub struct Draft {
    pub note: ArcRwSignal<String>,
    pub order_id: ArcRwSignal<String>,
}

/// What the slat's parts share.
#[derive(Clone, Copy)]
pub struct Slat {
    learned: RwSignal<Vec<Learned>>,
    closed: RwSignal<Vec<CallId>>,
    drafts: StoredValue<Vec<(CallId, Draft)>>,
    /// The browser's clock, read by the timer; it ticks every second.
    pub now: RwSignal<f64>,
    /// The whole panel, or only its head and buttons (minimised).
    pub expanded: RwSignal<bool>,
}

impl Slat {
    /// A call as the server answered one of the rep's clicks.
    pub fn learn(&self, call: LiveCall) {
        let at = js_sys::Date::now();
        self.learned
            .update(|learned| learned.push(Learned { call, at }));
    }

    /// A call the rep closed: off the slat.
    pub fn closed(&self, id: CallId) {
        self.closed.update(|closed| closed.push(id));
    }

    /// The call's draft, started from what was saved the first time it is asked for.
    pub fn draft(&self, call: &LiveCall) -> Draft {
        if let Some(draft) = self.drafts.with_value(|drafts| {
            drafts
                .iter()
                .find(|(id, _)| *id == call.id)
                .map(|(_, d)| d.clone())
        }) {
            return draft;
        }
        let draft = Draft {
            note: ArcRwSignal::new(call.note.clone()),
            order_id: ArcRwSignal::new(call.order_id.clone().unwrap_or_default()),
        };
        self.drafts
            .update_value(|drafts| drafts.push((call.id.clone(), draft.clone())));
        draft
    }
}

/// Who is on the line, in a few words: the contact's name, else the number.
pub fn who(call: &LiveCall) -> String {
    call.contact_name
        .clone()
        .or_else(|| call.number.clone())
        .unwrap_or_else(|| "Unknown number".into())
}

pub fn state_label(state: LiveCallState) -> &'static str {
    match state {
        LiveCallState::Ringing => "Ringing",
        LiveCallState::Connected => "Connected",
        LiveCallState::Ended => "Ended",
    }
}

#[component]
pub fn CallSlat() -> impl IntoView {
    let feed = expect_context::<CallFeed>();
    let slat = Slat {
        learned: RwSignal::new(Vec::new()),
        closed: RwSignal::new(Vec::new()),
        drafts: StoredValue::new(Vec::new()),
        now: RwSignal::new(js_sys::Date::now()),
        expanded: RwSignal::new(true),
    };
    let tick = SendWrapper::new(Interval::new(1_000, move || {
        slat.now.set(js_sys::Date::now());
    }));
    on_cleanup(move || drop(tick));

    // Calls placed by click-to-call: shown at once, before the next poll lists them.
    Effect::new(move |_| {
        let placed = feed.placed.get();
        if !placed.is_empty() {
            feed.placed.set(Vec::new());
            placed
                .iter()
                .filter_map(|text| json::from_str::<LiveCall>(text).ok())
                .for_each(|call| slat.learn(call));
        }
    });
    // The poll's calls; an answer that cannot be read keeps the last one.
    let polled = Memo::new(move |before: Option<&(f64, Vec<LiveCall>)>| {
        feed.polled
            .with(|text| json::from_str::<Vec<LiveCall>>(text.as_deref()?).ok())
            .map(|calls| (feed.asked_at.get() as f64, calls))
            .or_else(|| before.cloned())
            .unwrap_or_default()
    });
    let calls = Memo::new(move |_| {
        polled.with(|(asked_at, polled)| {
            slat.learned.with(|learned| {
                slat.closed
                    .with(|closed| merge(polled, *asked_at, learned, closed))
            })
        })
    });
    let chosen = RwSignal::new(None::<CallId>);
    // A call that was not on the slat before is shown at once.
    Effect::new(move |seen: Option<Vec<CallId>>| {
        let mut seen = seen.unwrap_or_else(|| calls.with_untracked(|c| ids(c)));
        let now = calls.with(|c| ids(c));
        if now.iter().any(|id| !seen.contains(id)) {
            chosen.set(None);
            slat.expanded.set(true);
        }
        seen.extend(now);
        seen
    });
    let current = Memo::new(move |_| {
        calls.with(|calls| {
            chosen
                .with(|id| {
                    id.as_ref()
                        .and_then(|id| calls.iter().find(|c| c.id == *id))
                })
                .or(calls.first())
                .map(|c| c.id.clone())
        })
    });

    move || {
        let id = current.get()?;
        let first = calls.with_untracked(|c| c.iter().find(|c| c.id == id).cloned())?;
        let call = Memo::new(move |before: Option<&LiveCall>| {
            calls
                .with(|c| c.iter().find(|c| c.id == id).cloned())
                .or_else(|| before.cloned())
                .unwrap_or_else(|| first.clone())
        });
        Some(view! {
            <section class="call-slat" role="region" aria-labelledby="call-slat-title" data-testid="call-slat"
                data-state=move || call.with(|c| state_label(c.state))>
                <CallPanel call slat/>
                {move || (calls.with(Vec::len) > 1).then(|| switcher(calls, current, chosen))}
            </section>
        })
    }
}

fn ids(calls: &[LiveCall]) -> Vec<CallId> {
    calls.iter().map(|c| c.id.clone()).collect()
}

/// The other calls on the slat, one button each.
fn switcher(
    calls: Memo<Vec<LiveCall>>,
    current: Memo<Option<CallId>>,
    chosen: RwSignal<Option<CallId>>,
) -> impl IntoView {
    view! {
        <div class="call-switch" role="group" aria-label="Calls on the slat" data-testid="call-switch">
            {move || {
                calls
                    .get()
                    .into_iter()
                    .map(|call| {
                        let shown = current.with(|c| c.as_ref() == Some(&call.id));
                        let id = call.id.clone();
                        view! {
                            <button type="button" class="button button-small" aria-pressed=shown.to_string()
                                on:click=move |_| chosen.set(Some(id.clone()))>
                                {who(&call)} " · " {state_label(call.state)}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
