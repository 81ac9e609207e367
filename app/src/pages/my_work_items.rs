//! `/my/work-items`: the open items assigned to me across contacts, by callback time and then
//! age, filtered by type, category, status and priority, a page at a time.

use leptos::prelude::*;
use worklane_domain::{Page, Priority, WorkItemView};

use crate::{
    api::{self, MyWorkQuery},
    components::{
        fields::{SelectField, with_blank},
        pager::{CursorStack, Pager},
        status::{Loading, LocalTime, load_failed},
        work_item::tile::StatusChip,
    },
    pages::contact_detail::work_item_href,
    state::use_session,
};

fn chosen(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

#[component]
pub fn MyWorkItems() -> impl IntoView {
    let session = use_session();
    let type_key = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let cursors = CursorStack::new();

    let items = LocalResource::new(move || {
        api::my_work_items(MyWorkQuery {
            type_key: chosen(type_key.get()),
            category: chosen(category.get()),
            status: chosen(status.get()),
            priority: priority.with(|p| Priority::parse(p).ok()),
            cursor: cursors.current(),
        })
    });
    let next = Signal::derive(move || {
        items
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let busy = Signal::derive(move || items.get().is_none());
    // A new filter starts again from the first page.
    let filter_by = move |signal: RwSignal<String>| {
        Callback::new(move |value: String| {
            cursors.reset();
            signal.set(value);
        })
    };

    let type_choices = Signal::derive(move || {
        with_blank(
            "All types",
            session.with_catalog(|c| {
                c.types
                    .iter()
                    .map(|t| (t.key.clone(), t.name.clone()))
                    .collect()
            }),
        )
    });
    let category_choices = Signal::derive(move || {
        with_blank(
            "All categories",
            session.with_catalog(|c| c.categories().into_iter().map(|c| (c.clone(), c)).collect()),
        )
    });
    // With a type chosen, only its workflow's statuses make sense.
    let status_choices = Signal::derive(move || {
        let statuses = type_key.with(|key| {
            session.with_catalog(|c| match c.workflow_of(key) {
                Some(w) => c.statuses_of(std::slice::from_ref(w)),
                None => c.statuses(),
            })
        });
        with_blank("All statuses", statuses)
    });
    // …and a status chosen before that does not fit the type any more is let go.
    Effect::new(move |_| {
        let fits = status_choices.with(|choices| {
            status.with_untracked(|s| s.is_empty() || choices.iter().any(|(key, _)| key == s))
        });
        if !fits {
            status.set(String::new());
        }
    });
    let priority_choices = with_blank(
        "All priorities",
        Priority::ALL
            .iter()
            .map(|p| (api::priority_param(*p).to_string(), p.label().to_string()))
            .collect(),
    );

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"My Work Items"</h1>
            </div>
            <div class="filters card" role="group" aria-label="Filters">
                <SelectField id="my-type" label="Type" choices=type_choices selected=type_key
                    on_change=filter_by(type_key) inline=true/>
                <SelectField id="my-category" label="Category" choices=category_choices selected=category
                    on_change=filter_by(category) inline=true/>
                <SelectField id="my-status" label="Status" choices=status_choices selected=status
                    on_change=filter_by(status) inline=true/>
                <SelectField id="my-priority" label="Priority" choices=priority_choices selected=priority
                    on_change=filter_by(priority) inline=true/>
            </div>
            <section class="card">
                <Transition fallback=|| view! { <Loading label="Loading your work items…"/> }>
                    {move || {
                        items.get().map(|result| match result {
                            Ok(page) => work_table(page, cursors).into_any(),
                            Err(error) => load_failed(error, move || items.refetch()),
                        })
                    }}
                </Transition>
                <Pager cursors next busy label="My work items pages"/>
            </section>
        </div>
    }
}

fn work_table(page: Page<WorkItemView>, cursors: CursorStack) -> impl IntoView {
    let session = use_session();
    // A filtered page reads a bounded stretch of the index and may come back empty with more
    // to read: say so, and offer to look further.
    if page.items.is_empty()
        && let Some(next) = page.next_cursor
    {
        return view! {
            <p class="muted" data-testid="my-work-items-keep-looking">
                "No match among the items checked so far. "
                <button type="button" class="button button-small" on:click=move |_| cursors.push(next.clone())>
                    "Look further"
                </button>
            </p>
        }
        .into_any();
    }
    if page.items.is_empty() {
        return view! {
            <p class="muted" data-testid="no-my-work-items">"No open work item of yours matches."</p>
        }
        .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="my-work-items">
                <thead>
                    <tr>
                        <th scope="col">"Item"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Priority"</th>
                        <th scope="col">"Callback"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|item| {
                            let href = work_item_href(&item.contact_id, item.number);
                            let type_name = session.with_catalog(|c| c.type_name(&item.type_key));
                            let callback = item.callback_at.map(|ts| view! { <LocalTime ts/> });
                            let (number, created, priority) = (item.number, item.created_at, item.priority);
                            let description = item.description.clone();
                            view! {
                                <tr data-testid="my-work-item" data-number=number>
                                    <td data-label="Item">
                                        <a href=href class="row-link">
                                            {type_name} " #" {number}
                                        </a>
                                    </td>
                                    <td class="cell-text" data-label="Details">{description}</td>
                                    <td data-label="Status"><StatusChip item/></td>
                                    <td data-label="Priority">{priority.label()}</td>
                                    <td data-label="Callback">{callback}</td>
                                    <td data-label="Created"><LocalTime ts=created/></td>
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
