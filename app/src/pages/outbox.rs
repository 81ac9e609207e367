//! `/outbox`: on a laptop nothing leaves the machine — each email and SMS "sent" is kept here,
//! newest first, so a newcomer can see exactly what went out.

use leptos::prelude::*;
use worklane_domain::{OutboxMessage, Page};

use crate::{
    api,
    components::{
        pager::{CursorStack, Pager},
        status::{Loading, LocalTime, load_failed},
    },
};

#[component]
pub fn Outbox() -> impl IntoView {
    let cursors = CursorStack::new();
    let messages = LocalResource::new(move || api::outbox(cursors.current()));
    let next = Signal::derive(move || {
        messages
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let busy = Signal::derive(move || messages.get().is_none());
    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Outbox"</h1>
            </div>
            <p class="muted">"What this Worklane has sent. Locally, nothing leaves the machine."</p>
            <section class="card">
                <Transition fallback=|| view! { <Loading label="Loading the outbox…"/> }>
                    {move || {
                        messages.get().map(|result| match result {
                            Ok(page) => outbox_list(page).into_any(),
                            Err(error) => load_failed(error, move || messages.refetch()),
                        })
                    }}
                </Transition>
                <Pager cursors next busy label="Outbox pages"/>
            </section>
        </div>
    }
}

fn outbox_list(page: Page<OutboxMessage>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="muted">"Nothing sent yet."</p> }.into_any();
    }
    view! {
        <ul class="timeline" data-testid="outbox">
            {page
                .items
                .into_iter()
                .map(|m| {
                    view! {
                        <li class="interaction" data-testid="outbox-message">
                            <div class="interaction-head">
                                <span class="chip chip-accent">{m.channel.label()}</span>
                                <span class="small muted">"to " {m.to.clone()}</span>
                                <span class="small muted push-right"><LocalTime ts=m.at/></span>
                            </div>
                            {m.subject.clone().map(|s| view! { <strong class="interaction-subject">{s}</strong> })}
                            <p class="interaction-body">{m.body.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
