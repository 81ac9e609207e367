//! `/contacts/:id/work-items/:number?`: the contact's WORK ITEM tab. Tiles on the left (active
//! items by default, with a category and status filter), the selected item on the right.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};
use worklane_domain::{ContactId, Page, WorkItemView};

use crate::{
    api,
    components::{
        status::{ErrorNotice, Loading, load_failed},
        tabs::TabPanel,
        work_item::{
            detail::WorkItemDetail,
            filter::{TileFilter, TileFilterPanel},
            new_form::NewWorkItemForm,
            tile::WorkItemTile,
        },
    },
    pages::contact_detail::{contact_id_param, work_item_href},
    state::use_session,
};

#[component]
pub fn ContactWorkItems() -> impl IntoView {
    let contact = contact_id_param();
    let items = LocalResource::new(move || api::contact_work_items(contact.get(), None));
    view! {
        <TabPanel id="work-items">
            <Transition fallback=|| view! { <Loading label="Loading work items…"/> }>
                {move || {
                    items.get().map(|result| match result {
                        Ok(page) => view! { <Board contact=contact.get() first=page/> }.into_any(),
                        Err(error) => load_failed(error, move || items.refetch()),
                    })
                }}
            </Transition>
        </TabPanel>
    }
}

/// The `:number` of the route, when a tile is selected.
fn selected_number() -> Memo<Option<u64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("number").and_then(|n| n.parse().ok())))
}

/// The list as loaded, kept in the page so saves and new items show at once.
#[derive(Clone, Copy)]
struct Loaded {
    items: RwSignal<Vec<WorkItemView>>,
    next: RwSignal<Option<String>>,
}

impl Loaded {
    /// Puts an item in its place, newest (highest number) first, replacing an older copy.
    fn upsert(&self, item: WorkItemView) {
        self.items.update(|items| upsert_into(items, item));
    }
}

fn upsert_into(items: &mut Vec<WorkItemView>, item: WorkItemView) {
    match items.iter().position(|i| i.number <= item.number) {
        Some(at) if items[at].number == item.number => items[at] = item,
        Some(at) => items.insert(at, item),
        None => items.push(item),
    }
}

#[component]
fn Board(contact: ContactId, first: Page<WorkItemView>) -> impl IntoView {
    let session = use_session();
    let loaded = Loaded {
        items: RwSignal::new(first.items),
        next: RwSignal::new(first.next_cursor),
    };
    let filter = TileFilter::new();
    let filter_open = RwSignal::new(false);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<u64>);
    let selected = selected_number();
    let navigate = use_navigate();

    let shown = Memo::new(move |_| {
        loaded.items.with(|items| {
            session.with_catalog(|catalog| {
                items
                    .iter()
                    .filter(|item| filter.admits(catalog, item))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || loaded.items.with(Vec::len);

    let on_saved = Callback::new(move |item: WorkItemView| loaded.upsert(item));
    let on_created = {
        let navigate = navigate.clone();
        Callback::new(move |item: WorkItemView| {
            let href = work_item_href(&item.contact_id, item.number);
            loaded.upsert(item);
            creating.set(false);
            navigate(&href, Default::default());
        })
    };
    let on_edit = {
        let contact = contact.clone();
        Callback::new(move |number: u64| {
            creating.set(false);
            editing.set(Some(number));
            if selected.get_untracked() != Some(number) {
                navigate(&work_item_href(&contact, number), Default::default());
            }
        })
    };

    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<api::ApiError>);
    let load_more = {
        let contact = contact.clone();
        move |_| {
            let Some(cursor) = loaded.next.get_untracked() else {
                return;
            };
            loading_more.set(true);
            let contact = contact.clone();
            spawn_local(async move {
                match api::contact_work_items(contact, Some(cursor)).await {
                    Ok(page) => {
                        loaded.items.update(|items| {
                            for item in page.items {
                                upsert_into(items, item);
                            }
                        });
                        loaded.next.set(page.next_cursor);
                        more_error.set(None);
                    }
                    Err(error) => more_error.set(Some(error)),
                }
                loading_more.set(false);
            });
        }
    };

    let candidates = Signal::derive(move || {
        loaded.items.with(|items| {
            session.with_catalog(|catalog| {
                items
                    .iter()
                    .filter(|i| i.merged_into.is_none() && !i.locked)
                    .map(|i| {
                        let what = format!(
                            "#{} {} – {}",
                            i.number,
                            catalog.type_name(&i.type_key),
                            i.description
                        );
                        (i.number.to_string(), what.chars().take(80).collect())
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let detail_contact = contact.clone();
    let detail = move || {
        if creating.get() {
            let on_cancel = Callback::new(move |_| creating.set(false));
            return view! { <NewWorkItemForm contact=detail_contact.clone() on_created on_cancel/> }
                .into_any();
        }
        match selected.get() {
            Some(number) => view! {
                <WorkItemDetail
                    number
                    contact=detail_contact.clone()
                    known=Signal::derive(move || {
                        loaded.items.with(|items| items.iter().find(|i| i.number == number).cloned())
                    })
                    editing
                    candidates
                    on_saved
                />
            }
            .into_any(),
            None => view! {
                <div class="empty-detail muted" data-testid="no-work-item-selected">
                    <p>"Choose a work item on the left, or create one with +."</p>
                </div>
            }
            .into_any(),
        }
    };

    let catalog_failed = move || {
        session
            .catalog
            .get()
            .and_then(Result::err)
            .map(|error| load_failed(error, move || session.catalog.refetch()))
    };

    view! {
        {catalog_failed}
        <div class="work-board">
            <div class="work-list">
                <div class="work-list-bar">
                    <button
                        type="button"
                        class="icon-button"
                        title="Filter work items"
                        aria-label="Filter work items"
                        aria-expanded=move || filter_open.get().to_string()
                        aria-controls="work-item-filter"
                        data-testid="work-item-filter-toggle"
                        on:click=move |_| filter_open.update(|open| *open = !*open)
                    >
                        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                            <path d="M3 5h18l-7 8v6l-4 2v-8z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
                        </svg>
                    </button>
                    <span class="counts" data-testid="work-item-counts" title="shown / all loaded">
                        {move || shown.with(Vec::len)}
                        " / "
                        {total}
                    </span>
                    <span class="muted small">{move || filter.summary()}</span>
                    <button
                        type="button"
                        class="icon-button push-right"
                        title="New work item"
                        aria-label="New work item"
                        data-testid="new-work-item"
                        on:click=move |_| {
                            editing.set(None);
                            creating.set(true);
                        }
                    >
                        "+"
                    </button>
                </div>
                // Always in the page (hidden when closed), so the button's aria-controls holds.
                <div hidden=move || !filter_open.get()>
                    <TileFilterPanel filter items=loaded.items/>
                </div>
                <ul class="tiles" aria-label="Work items" data-testid="work-item-tiles">
                    <For
                        each=move || shown.get()
                        key=|item| (item.number, item.version)
                        let(item)
                    >
                        {
                            let number = item.number;
                            view! {
                                <WorkItemTile
                                    item
                                    selected=Signal::derive(move || {
                                        !creating.get() && selected.get() == Some(number)
                                    })
                                    on_edit
                                />
                            }
                        }
                    </For>
                </ul>
                <Show when=move || shown.with(Vec::is_empty)>
                    <p class="muted empty-tiles" data-testid="no-work-items">
                        {move || {
                            if total() == 0 {
                                "This contact has no work items yet."
                            } else {
                                "No work item matches the filter."
                            }
                        }}
                    </p>
                </Show>
                {move || more_error.get().map(|error| view! { <ErrorNotice error/> })}
                <Show when=move || loaded.next.with(Option::is_some)>
                    <button
                        type="button"
                        class="button load-more"
                        data-testid="load-more-work-items"
                        disabled=move || loading_more.get()
                        on:click=load_more.clone()
                    >
                        "Load older items"
                    </button>
                </Show>
            </div>
            <div class="work-detail">{detail}</div>
        </div>
    }
}
