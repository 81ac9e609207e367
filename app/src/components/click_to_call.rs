//! Click-to-call: a button beside a phone number that rings it through the phone system and
//! opens the Call Slat at once with the call (no waiting for the next poll).

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::ContactId;

use crate::{api, components::call_slat::CallFeed};

#[component]
pub fn CallButton(
    number: String,
    /// The contact the number was clicked on.
    contact: Option<ContactId>,
) -> impl IntoView {
    let feed = use_context::<CallFeed>();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let label = format!("Call {number}");
    let dial = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let (number, contact) = (number.clone(), contact.clone());
        spawn_local(async move {
            match api::calls::dial(number, contact).await {
                Ok(call) => {
                    if let Some(feed) = feed {
                        feed.placed.update(|placed| placed.push(call));
                    }
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="button button-small call-button" aria-label=label.clone() title=label
            data-testid="call-number" disabled=move || busy.get() on:click=dial>
            {move || if busy.get() { "Calling…" } else { "Call" }}
        </button>
        {move || failure.get().map(|message| view! {
            <span class="small failure" role="alert" data-testid="call-failed">{message}</span>
        })}
    }
}
