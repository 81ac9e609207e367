//! `/contacts`: the contacts grid with filters and paging, and the instant search box.

use std::{cell::RefCell, rc::Rc};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use worklane_domain::{ContactHit, ContactKind, ContactView, Page};

use crate::{
    api::{self, ContactQuery},
    components::{
        availability::MemberName,
        fields::{SelectField, label_choices},
        pager::{CursorStack, Pager},
        status::{Loading, LocalTime, load_failed},
    },
    pages::contact_detail::contact_href,
    state::{Session, use_session},
};

const PAGE_SIZE: u32 = 25;
const SEARCH_MIN_CHARS: usize = 2;
const SEARCH_DEBOUNCE_MS: u32 = 200;

fn is_search(q: &str) -> bool {
    q.trim().chars().count() >= SEARCH_MIN_CHARS
}

#[component]
pub fn Contacts() -> impl IntoView {
    let session = use_session();

    // What is typed, and what was typed when the typing paused.
    let typed = RwSignal::new(String::new());
    let settled = RwSignal::new(String::new());
    let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let searching = Memo::new(move |_| typed.with(|q| is_search(q)));

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        // Replacing the timeout drops (cancels) the previous one.
        *timer.borrow_mut() = if is_search(&value) {
            Some(Timeout::new(SEARCH_DEBOUNCE_MS, move || settled.set(value)))
        } else {
            settled.set(String::new());
            None
        };
    };

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Contacts"</h1>
                <a class="button button-primary" href="/contacts/new" data-testid="new-contact">
                    "New contact"
                </a>
            </div>
            <div class="search-box" role="search">
                <label class="sr-only" for="contact-search">
                    "Search contacts"
                </label>
                <input
                    id="contact-search"
                    type="search"
                    data-testid="contact-search"
                    placeholder="Search by name, email or phone…"
                    autocomplete="off"
                    aria-controls="search-results"
                    prop:value=move || typed.get()
                    on:input=on_input
                />
            </div>
            <Show when=move || searching.get()>
                <SearchResults typed settled/>
            </Show>
            // Kept while searching, so clearing the box returns to the same page and filters.
            <div class="grid-area" hidden=move || searching.get()>
                <ContactGrid session/>
            </div>
        </div>
    }
}

#[component]
fn SearchResults(typed: RwSignal<String>, settled: RwSignal<String>) -> impl IntoView {
    let hits = LocalResource::new(move || {
        let q = settled.get().trim().to_string();
        async move {
            if is_search(&q) {
                api::search_contacts(q.clone()).await.map(|hits| (q, hits))
            } else {
                Ok((q, Vec::new()))
            }
        }
    });
    // Until the typing pauses the shown hits belong to an older query.
    let waiting = move || typed.with(|t| settled.with(|s| t.trim() != s.trim()));

    view! {
        <section
            class="card search-results"
            id="search-results"
            aria-label="Search results"
            aria-busy=move || waiting().to_string()
        >
            <Transition fallback=|| view! { <Loading label="Searching…"/> }>
                {move || {
                    hits.get().map(|result| match result {
                        Ok((q, found)) => hit_list(found, q).into_any(),
                        Err(error) => load_failed(error, move || hits.refetch()),
                    })
                }}
            </Transition>
        </section>
    }
}

fn hit_list(hits: Vec<ContactHit>, q: String) -> impl IntoView {
    if hits.is_empty() {
        return view! {
            <p class="empty" data-testid="search-empty">
                {format!("No contacts match “{}”.", q.trim())}
            </p>
        }
        .into_any();
    }
    let count = hits.len();
    view! {
        <p class="muted small" role="status">
            {if count == 1 { "1 match".to_string() } else { format!("{count} matches") }}
        </p>
        <ul class="hit-list" data-testid="search-hits" aria-label="Matching contacts">
            {hits
                .into_iter()
                .map(|hit| {
                    view! {
                        <li class="hit" data-testid="search-hit">
                            <a href=contact_href(&hit.id) class="hit-name">
                                {hit.name.to_string()}
                            </a>
                            <span class="chip">{hit.kind.label()}</span>
                            {hit.exact.then(|| view! { <span class="chip chip-accent">"Exact match"</span> })}
                            {hit.email.map(|email| view! { <span class="hit-email muted">{email.to_string()}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ContactGrid(session: Session) -> impl IntoView {
    let kind = RwSignal::new(None::<ContactKind>);
    let mine = RwSignal::new(false);
    let cursors = CursorStack::new();

    let contacts = LocalResource::new(move || {
        let query = ContactQuery {
            kind: kind.get(),
            owner: if mine.get() { session.user_id() } else { None },
            cursor: cursors.current(),
            limit: PAGE_SIZE,
        };
        async move { api::list_contacts(query).await }
    });
    let next = Signal::derive(move || {
        contacts
            .get()
            .and_then(|r| r.ok())
            .and_then(|page| page.next_cursor)
    });
    let (busy, set_busy) = signal(false);

    view! {
        <div class="filters" role="group" aria-label="Filters">
            <SelectField
                id="kind-filter"
                label="Kind"
                inline=true
                choices=Signal::stored(label_choices(Some("All"), &ContactKind::ALL, ContactKind::label))
                selected=Signal::derive(move || kind.get().map(|k| k.label().to_string()).unwrap_or_default())
                on_change=Callback::new(move |value: String| {
                    kind.set(ContactKind::parse(&value).ok());
                    cursors.reset();
                })
            />
            <SelectField
                id="owner-filter"
                label="Owner"
                inline=true
                choices=Signal::stored(vec![
                    ("all".to_string(), "All owners".to_string()),
                    ("mine".to_string(), "My contacts".to_string()),
                ])
                selected=Signal::derive(move || if mine.get() { "mine" } else { "all" }.to_string())
                on_change=Callback::new(move |value: String| {
                    mine.set(value == "mine");
                    cursors.reset();
                })
            />
        </div>
        <section class="card table-card" aria-label="Contacts" aria-busy=move || busy.get().to_string()>
            <Transition fallback=|| view! { <Loading label="Loading contacts…"/> } set_pending=set_busy>
                {move || {
                    contacts.get().map(|result| match result {
                        Ok(page) => contact_table(page).into_any(),
                        Err(error) => load_failed(error, move || contacts.refetch()),
                    })
                }}
            </Transition>
        </section>
        <Pager cursors next busy label="Contacts pages"/>
    }
}

fn contact_table(page: Page<ContactView>) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <p class="empty" data-testid="contacts-empty">
                "No contacts here yet. "
                <a href="/contacts/new">"Create one"</a>
                "."
            </p>
        }
        .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="contacts-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Phone"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">
                            <span class="sr-only">"New lead"</span>
                        </th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|c| {
                            let owner = c.owner_id.clone();
                            view! {
                                <tr data-testid="contact-row">
                                    <td data-label="Name">
                                        <a href=contact_href(&c.id) class="row-link">
                                            {c.name.to_string()}
                                        </a>
                                    </td>
                                    <td data-label="Kind">
                                        <span class="chip">{c.kind.label()}</span>
                                    </td>
                                    <td data-label="Email">
                                        {c.emails.first().map(ToString::to_string).unwrap_or_default()}
                                    </td>
                                    <td data-label="Phone">
                                        {c.phones.first().map(ToString::to_string).unwrap_or_default()}
                                    </td>
                                    <td data-label="Owner"><MemberName id=owner.clone()/></td>
                                    <td data-label="New lead">
                                        {c
                                            .new_lead
                                            .then(|| {
                                                view! {
                                                    <span class="chip chip-lead" data-testid="new-lead-badge">
                                                        "New Lead"
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td data-label="Created">
                                        <LocalTime ts=c.created_at/>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
