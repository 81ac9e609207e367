//! `/inbox`: what came in for me. Two sections, Unread and Read (the archive); opening a row
//! does not move it — the envelope does. Filters: All Entities (communications only), Work
//! Items (by default only High priority types), or one channel.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{InboxEntry, InboxFilter, InboxKind, InboxSection, Page, Priority};

use crate::{
    api::{self, ApiError, InboxQuery},
    components::{
        fields::{Choice, SelectField, with_blank},
        interaction::to_work_item::ToWorkItem,
        pager::{CursorStack, Pager},
        status::{ErrorNotice, Loading, LocalTime, load_failed},
        tabs::{Tab, TabBar, TabPanel},
    },
    pages::contact_detail::{contact_href, work_item_href},
    state::{Session, use_session},
};

const SECTIONS: [Tab; 2] = [
    Tab {
        id: "unread",
        label: "Unread",
    },
    Tab {
        id: "read",
        label: "Read",
    },
];

#[component]
pub fn Inbox() -> impl IntoView {
    let session = use_session();
    let section = RwSignal::new("unread");
    let filter = RwSignal::new(InboxFilter::All.param().to_string());
    let priority = RwSignal::new(String::new());
    let type_key = RwSignal::new(String::new());
    let cursors = CursorStack::new();
    // Rows moved to the other section by this page, hidden until the next load.
    let moved = RwSignal::new(Vec::<String>::new());

    let entries = LocalResource::new(move || {
        let chosen = filter.with(|f| InboxFilter::parse(f).unwrap_or_default());
        // Priority and type narrow the Work Items filter only.
        let work_items = chosen == InboxFilter::WorkItems;
        let query = InboxQuery {
            section: if section.get() == "read" {
                InboxSection::Read
            } else {
                InboxSection::Unread
            },
            filter: chosen,
            priority: priority.with(|p| (work_items && !p.is_empty()).then(|| p.clone())),
            type_key: type_key.with(|t| (work_items && !t.is_empty()).then(|| t.clone())),
            cursor: cursors.current(),
        };
        async move {
            let page = api::inbox(query).await;
            moved.set(Vec::new());
            page
        }
    });
    let next = Signal::derive(move || {
        entries
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let busy = Signal::derive(move || entries.get().is_none());
    let restart = move |signal: RwSignal<String>| {
        Callback::new(move |value: String| {
            cursors.reset();
            signal.set(value);
        })
    };
    // Something new arrived (the badge went up without this page's doing): show it at once
    // when the first page of Unread is on show.
    Effect::new(move |previous: Option<Option<u64>>| {
        let now = session.unread.get();
        if let (Some(Some(before)), Some(after)) = (previous, now)
            && after > before
            && section.get_untracked() == "unread"
            && cursors.page_number() == 1
        {
            entries.refetch();
        }
        now
    });
    let on_section = Callback::new(move |id: &'static str| {
        cursors.reset();
        section.set(id);
    });
    let filter_choices: Vec<Choice> = InboxFilter::ALL
        .iter()
        .map(|f| (f.param().to_string(), f.label().to_string()))
        .collect();
    // Blank: the server's default — High-priority types, or any priority once a type is chosen.
    let priority_choices = Signal::derive(move || {
        let blank = if type_key.with(String::is_empty) {
            "High (default)"
        } else {
            "Any priority"
        };
        let mut choices: Vec<Choice> = Priority::ALL
            .iter()
            .map(|p| (api::priority_param(*p).to_string(), p.label().to_string()))
            .collect();
        choices.push(("any".to_string(), "Any priority".to_string()));
        with_blank(blank, choices)
    });
    let type_choices = Signal::derive(move || {
        with_blank(
            "Any type",
            session.with_catalog(|c| {
                c.types
                    .iter()
                    .map(|t| (t.key.clone(), t.name.clone()))
                    .collect()
            }),
        )
    });
    let work_items = move || filter.with(|f| f == InboxFilter::WorkItems.param());

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Inbox"</h1>
            </div>
            <div class="filters card" role="group" aria-label="Filters">
                <SelectField id="inbox-filter" label="Show" choices=filter_choices selected=filter
                    on_change=restart(filter) inline=true/>
                <Show when=work_items>
                    <SelectField id="inbox-priority" label="Priority" choices=priority_choices
                        selected=priority on_change=restart(priority) inline=true/>
                    <SelectField id="inbox-type" label="Type" choices=type_choices selected=type_key
                        on_change=restart(type_key) inline=true/>
                </Show>
            </div>
            <section class="card tabs">
                <TabBar tabs=SECTIONS.to_vec() active=section on_select=on_section label="Inbox sections"/>
                {move || view! {
                    <TabPanel id=section.get()>
                        <Transition fallback=|| view! { <Loading label="Loading the inbox…"/> }>
                            {move || {
                                entries.get().map(|result| match result {
                                    Ok(page) => inbox_rows(session, page, moved).into_any(),
                                    Err(error) => load_failed(error, move || entries.refetch()),
                                })
                            }}
                        </Transition>
                        <Pager cursors next busy label="Inbox pages"/>
                    </TabPanel>
                }}
            </section>
        </div>
    }
}

fn inbox_rows(
    session: Session,
    page: Page<InboxEntry>,
    moved: RwSignal<Vec<String>>,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="muted" data-testid="inbox-empty">"Nothing here."</p> }.into_any();
    }
    view! {
        <ul class="inbox" data-testid="inbox">
            {page
                .items
                .into_iter()
                .map(|entry| {
                    let id = entry.id.clone();
                    view! {
                        <Show when=move || moved.with(|m| !m.contains(&id))>
                            <InboxRow entry=entry.clone() session moved/>
                        </Show>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn what(entry: &InboxEntry, session: &Session) -> String {
    match entry.kind {
        InboxKind::WorkItem => {
            let name = entry
                .type_key
                .as_deref()
                .map(|key| session.with_catalog(|c| c.type_name(key)))
                .unwrap_or_else(|| "Work item".into());
            match entry.priority {
                Some(p) => format!("{name} · {}", p.label()),
                None => name,
            }
        }
        InboxKind::Reminder => "Reminder".into(),
        InboxKind::Communication => {
            let channel = entry.channel.map_or("", |c| c.label());
            let direction = entry.direction.map_or("", |d| d.label());
            format!("{channel} · {direction}")
        }
    }
}

/// A closed envelope for an unread row, an open one for a read row.
fn envelope_icon(read: bool) -> impl IntoView {
    let path = if read {
        "M3 10l9-6 9 6v10H3z M3 10l9 6 9-6"
    } else {
        "M3 6h18v12H3z M3 6l9 7 9-7"
    };
    view! {
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path d=path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
        </svg>
    }
}

#[component]
fn InboxRow(entry: InboxEntry, session: Session, moved: RwSignal<Vec<String>>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let read = entry.read;
    let id = entry.id.clone();
    let toggle = move |_| {
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            match api::mark_read(id.clone(), !read).await {
                Ok(_) => {
                    moved.update(|m| m.push(id));
                    session.unread_moved(read);
                    session.refresh_unread();
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let envelope = if read {
        "Mark as Unread"
    } else {
        "Mark as Read"
    };
    // The work item it is on; set here as soon as the rep attaches it.
    let attached = RwSignal::new(entry.work_item);
    let contact_id = entry.contact_id.clone();
    let work_item = move || {
        attached.get().map(|number| {
            view! {
                <a href=work_item_href(&contact_id, number) data-testid="inbox-work-item">
                    "Work item #" {number}
                </a>
            }
        })
    };
    // A communication goes onto a work item: one of the contact's, or a new one.
    let attach = (entry.kind == InboxKind::Communication)
        .then(|| entry.interaction_id.clone())
        .flatten()
        .map(|interaction| {
            let contact = entry.contact_id.clone();
            view! { <ToWorkItem interaction contact attached with_attach=true/> }
        });
    view! {
        <li class="inbox-row" class:unread=!read data-testid="inbox-row" data-kind=format!("{:?}", entry.kind)
            data-direction=entry.direction.map(|d| d.label())>
            <button
                type="button"
                class="icon-button envelope"
                title=envelope
                aria-label=envelope
                data-testid="toggle-read"
                disabled=move || busy.get()
                on:click=toggle
            >
                {envelope_icon(read)}
            </button>
            <div class="inbox-main">
                <div class="inbox-head">
                    <a href=contact_href(&entry.contact_id) class="row-link" data-testid="inbox-contact">
                        {entry.contact_name.clone()}
                    </a>
                    {work_item}
                    <span class="small muted">{
                        let entry = entry.clone();
                        move || what(&entry, &session)
                    }</span>
                    <span class="small muted push-right"><LocalTime ts=entry.at/></span>
                </div>
                <p class="inbox-line" data-testid="inbox-line">{entry.first_line.clone()}</p>
                {attach}
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            </div>
        </li>
    }
}
