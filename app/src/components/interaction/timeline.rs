//! A contact's interactions, newest first, with the buttons to add one.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, InteractionView, Page};

use crate::{
    api::{self, ApiError},
    components::{
        interaction::{
            card::InteractionCard,
            compose::{ComposeBar, ComposeForm, ComposeKind},
        },
        status::{ErrorNotice, Loading, load_failed},
    },
};

#[component]
pub fn ContactTimeline(contact: ContactId) -> impl IntoView {
    let for_load = contact.clone();
    let first = LocalResource::new(move || api::contact_interactions(for_load.clone(), None));
    view! {
        <Transition fallback=|| view! { <Loading label="Loading interactions…"/> }>
            {move || {
                let contact = contact.clone();
                first.get().map(|result| match result {
                    Ok(page) => view! { <TimelineList contact first=page/> }.into_any(),
                    Err(error) => load_failed(error, move || first.refetch()),
                })
            }}
        </Transition>
    }
}

/// Puts an interaction in the list: a new one first, a changed one in its place.
pub fn upsert_interaction(items: RwSignal<Vec<InteractionView>>, done: InteractionView) {
    items.update(|items| match items.iter_mut().find(|i| i.id == done.id) {
        Some(slot) => *slot = done,
        None => items.insert(0, done),
    });
}

#[component]
fn TimelineList(contact: ContactId, first: Page<InteractionView>) -> impl IntoView {
    let items = RwSignal::new(first.items);
    let next = RwSignal::new(first.next_cursor);
    let chosen = RwSignal::new(None::<ComposeKind>);
    let loading = RwSignal::new(false);
    let more_error = RwSignal::new(None::<ApiError>);
    let on_sent = Callback::new(move |done: InteractionView| {
        chosen.set(None);
        upsert_interaction(items, done);
    });
    let on_changed = Callback::new(move |done: InteractionView| upsert_interaction(items, done));
    let on_cancel = Callback::new(move |_| chosen.set(None));
    let form_contact = contact.clone();
    let form = move || {
        chosen.get().map(|kind| {
            view! { <ComposeForm contact=form_contact.clone() work_item=None kind on_sent on_cancel/> }
        })
    };
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        loading.set(true);
        let contact = contact.clone();
        spawn_local(async move {
            match api::contact_interactions(contact, Some(cursor)).await {
                Ok(page) => {
                    items.update(|list| {
                        for item in page.items {
                            if !list.iter().any(|i| i.id == item.id) {
                                list.push(item);
                            }
                        }
                    });
                    next.set(page.next_cursor);
                    more_error.set(None);
                }
                Err(error) => more_error.set(Some(error)),
            }
            loading.set(false);
        });
    };
    view! {
        <ComposeBar chosen/>
        {form}
        <ol class="timeline" data-testid="contact-timeline" aria-label="Interactions, newest first">
            <For each=move || items.get() key=|i| (i.id.clone(), i.version) let(interaction)>
                <InteractionCard interaction on_changed/>
            </For>
        </ol>
        <Show when=move || items.with(Vec::is_empty)>
            <p class="muted">"No interactions with this contact yet."</p>
        </Show>
        {move || more_error.get().map(|error| view! { <ErrorNotice error/> })}
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="button load-more" disabled=move || loading.get() on:click=load_more.clone()>
                "Load older interactions"
            </button>
        </Show>
    }
}
