//! One call on the slat: who is on the line, the number and direction, the running timer,
//! Hang up or Close, and below them (unless minimised) the note, the order id and the work
//! items — or, for an unknown number, Create lead.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{Direction, LiveCall, LiveCallState};

use super::{
    lead::LeadForm,
    note::NoteForm,
    slat::{Slat, state_label},
    timer::timer_text,
    work_items::{CallWorkItemForm, OpenWorkItems},
};
use crate::{
    api::{self, ApiError},
    components::status::ErrorNotice,
    pages::contact_detail::contact_href,
};

/// The heading: "Call with <the contact>" (a link to them), else "Call from/to <number>".
fn title(call: &LiveCall) -> AnyView {
    let number = call
        .number
        .clone()
        .unwrap_or_else(|| "an unknown number".into());
    match &call.contact_id {
        Some(id) => {
            let name = call.contact_name.clone().unwrap_or_else(|| number.clone());
            view! {
                "Call with "
                <a href=contact_href(id) data-testid="call-contact">{name}</a>
            }
            .into_any()
        }
        None if call.direction == Direction::Outbound => format!("Call to {number}").into_any(),
        None => format!("Call from {number}").into_any(),
    }
}

fn meta(call: &LiveCall) -> String {
    let direction = match call.direction {
        Direction::Outbound => "Outbound call",
        _ => "Inbound call",
    };
    let number = call.number.as_deref().unwrap_or("no number given");
    format!("{direction} · {number} · {}", state_label(call.state))
}

#[component]
pub fn CallPanel(call: Memo<LiveCall>, slat: Slat) -> impl IntoView {
    let ended = Memo::new(move |_| call.with(|c| c.state == LiveCallState::Ended));
    let contact = Memo::new(move |_| call.with(|c| c.contact_id.clone()));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // Hang up (`close` false) or Close.
    let act = move |close: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let id = call.with_untracked(|c| c.id.clone());
        spawn_local(async move {
            let answer = if close {
                api::calls::close(id.clone()).await
            } else {
                api::calls::end(id.clone()).await
            };
            match answer {
                Ok(_) if close => slat.closed(id),
                Ok(call) => slat.learn(call),
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let reload_items = RwSignal::new(0_u32);
    let body = move || {
        match contact.get() {
        Some(contact) => view! {
            <NoteForm call slat/>
            <OpenWorkItems contact reload=reload_items/>
            <CallWorkItemForm call on_created=Callback::new(move |_| reload_items.update(|n| *n += 1))/>
        }
        .into_any(),
        None => view! {
            <p data-testid="call-unknown">
                "Unknown number " {move || call.with(|c| c.number.clone().unwrap_or_default())}
            </p>
            <LeadForm call slat/>
            <NoteForm call slat/>
        }
        .into_any(),
    }
    };

    view! {
        <div class="call-slat-head">
            <h2 id="call-slat-title" data-testid="call-slat-title">{move || call.with(title)}</h2>
            <span class="call-timer" role="timer" title="Time on the call" data-testid="call-timer">
                {move || call.with(|c| timer_text(c, slat.now.get()))}
            </span>
        </div>
        <p class="small muted" data-testid="call-meta">{move || call.with(meta)}</p>
        <div class="actions">
            <Show
                when=move || !ended.get()
                fallback=move || view! {
                    <button type="button" class="button button-small" data-testid="call-close"
                        disabled=move || busy.get() on:click=move |_| act(true)>
                        "Close"
                    </button>
                }
            >
                <button type="button" class="button button-small button-danger" data-testid="call-hang-up"
                    disabled=move || busy.get() on:click=move |_| act(false)>
                    "Hang up"
                </button>
            </Show>
            <button type="button" class="button button-small button-ghost push-right" data-testid="call-minimise"
                aria-expanded=move || slat.expanded.get().to_string() aria-controls="call-slat-body"
                on:click=move |_| slat.expanded.update(|e| *e = !*e)>
                {move || if slat.expanded.get() { "Minimise" } else { "Expand" }}
            </button>
        </div>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <div class="call-slat-body" id="call-slat-body" hidden=move || !slat.expanded.get()>
            {body}
        </div>
    }
}
