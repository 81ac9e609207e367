//! The Action tab: every recorded change of the item, newest first.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, HistoryEntry, InteractionView, Workflow};

use crate::{
    api,
    catalog::{Catalog, status_label},
    components::{
        interaction::{
            card::InteractionCard,
            compose::{ComposeBar, ComposeForm, ComposeKind},
        },
        status::{Loading, LocalTime, load_failed},
    },
    state::{Session, use_session},
};

fn field_label(field: &str) -> &str {
    match field {
        "created" => "Created",
        "status" => "Status",
        "extension" => "Extension",
        "priority" => "Priority",
        "assignee_id" | "assignee" => "Assignee",
        "callback_at" | "callback" => "Callback",
        "description" => "Description",
        "due_date" => "Due date",
        "closing_reason" => "Closing reason",
        "resolution" => "Resolution",
        "locked" => "Locked",
        "team" => "Team",
        "merged_into" => "Merged into",
        "merged_from" => "Merged from",
        other => other,
    }
}

/// A recorded value as people read it: names for users, labels for statuses.
fn shown_value(
    session: &Session,
    catalog: &Catalog,
    workflow: Option<&Workflow>,
    field: &str,
    value: &str,
) -> String {
    match field {
        "assignee_id" | "assignee" => {
            session.member_name(&worklane_domain::UserId::from_raw(value))
        }
        "status" => workflow
            .and_then(|w| w.status(value))
            .or_else(|| catalog.workflows.iter().find_map(|w| w.status(value)))
            .map_or_else(|| value.to_string(), status_label),
        "callback_at" | "callback" => worklane_domain::wire_time::parse(value).map_or_else(
            || value.to_string(),
            |ts| crate::format::local_date_time(&ts),
        ),
        "team" => value
            .split(", ")
            .map(|id| session.member_name(&worklane_domain::UserId::from_raw(id)))
            .collect::<Vec<_>>()
            .join(", "),
        "merged_into" | "merged_from" => format!("#{value}"),
        _ => value.to_string(),
    }
}

fn change_view(
    session: &Session,
    catalog: &Catalog,
    workflow: Option<&Workflow>,
    entry: &HistoryEntry,
) -> impl IntoView + use<> {
    let from = entry
        .from
        .as_deref()
        .map(|v| shown_value(session, catalog, workflow, &entry.field, v));
    let to = entry
        .to
        .as_deref()
        .map(|v| shown_value(session, catalog, workflow, &entry.field, v));
    let change = match (from, to) {
        (Some(from), Some(to)) => view! { <del>{from}</del> " → " <ins>{to}</ins> }.into_any(),
        (None, Some(to)) => view! { <ins>{to}</ins> }.into_any(),
        (Some(from), None) => view! { <del>{from}</del> " → (none)" }.into_any(),
        (None, None) => ().into_any(),
    };
    view! {
        <span class="history-what" data-testid="history-change" data-field=entry.field.clone()>
            <strong>{field_label(&entry.field).to_string()}</strong>
            ": "
            {change}
            {entry.item.map(|n| view! { <span class="muted small">" (on #" {n} ")"</span> })}
        </span>
    }
}

/// One save: who, when, and each field it changed (in the order they were recorded).
fn save_view(
    session: &Session,
    catalog: &Catalog,
    workflow: Option<&Workflow>,
    save: &[HistoryEntry],
) -> impl IntoView + use<> {
    let first = &save[0];
    let who = session.member_name(&first.by);
    view! {
        <li class="history-entry" data-testid="history-entry">
            <span class="history-when muted small">
                <LocalTime ts=first.at/>
                " · "
                {who}
            </span>
            {save.iter().rev().map(|entry| change_view(session, catalog, workflow, entry)).collect_view()}
        </li>
    }
}

/// One line of the Action tab: a save of the item, or an interaction attached to it.
enum Line<'a> {
    Save(&'a [HistoryEntry]),
    Interaction(&'a InteractionView),
}

/// Both streams as loaded so far: the first pages (reloaded after every change) and the older
/// pages the rep asked for, with where each goes on.
#[derive(Clone, Default)]
struct Loaded {
    history: Vec<HistoryEntry>,
    history_next: Option<String>,
    interactions: Vec<InteractionView>,
    interactions_next: Option<String>,
}

impl Loaded {
    /// Entries older than this may still be missing from the other stream, so they wait
    /// for "Load older": the newest of the streams' last loaded times, among those with more.
    fn horizon(&self) -> Option<worklane_domain::Timestamp> {
        let history = self
            .history_next
            .as_ref()
            .and_then(|_| self.history.last().map(|e| e.at));
        let interactions = self
            .interactions_next
            .as_ref()
            .and_then(|_| self.interactions.last().map(|i| i.at));
        history.max(interactions)
    }

    fn has_more(&self) -> bool {
        self.history_next.is_some() || self.interactions_next.is_some()
    }
}

fn action_list(
    session: Session,
    type_key: &str,
    loaded: Loaded,
    on_changed: Callback<InteractionView>,
) -> impl IntoView {
    if loaded.history.is_empty() && loaded.interactions.is_empty() {
        return view! { <p class="muted">"Nothing recorded yet."</p> }.into_any();
    }
    let horizon = loaded.horizon();
    let shown = |at: worklane_domain::Timestamp| horizon.is_none_or(|h| at >= h);
    // Newest first; the entries of one save are next to each other and share who and when.
    let mut lines: Vec<(worklane_domain::Timestamp, Line)> = loaded
        .history
        .chunk_by(|a, b| a.at == b.at && a.by == b.by)
        .filter(|save| shown(save[0].at))
        .map(|save| (save[0].at, Line::Save(save)))
        .chain(
            loaded
                .interactions
                .iter()
                .filter(|i| shown(i.at))
                .map(|i| (i.at, Line::Interaction(i))),
        )
        .collect();
    lines.sort_by_key(|line| std::cmp::Reverse(line.0));
    session.with_catalog(|catalog| {
        let workflow = catalog.workflow_of(type_key);
        view! {
            <ol class="history" data-testid="work-item-history" aria-label="History, newest first">
                {lines
                    .into_iter()
                    .map(|(_, line)| match line {
                        Line::Save(save) => save_view(&session, catalog, workflow, save).into_any(),
                        Line::Interaction(interaction) => {
                            let interaction = interaction.clone();
                            view! { <InteractionCard interaction on_changed/> }.into_any()
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    })
}

/// The Action tab: the item's changes and its interactions, newest first, and the buttons to
/// write or record one on the item. Reloaded whenever the item's version changes.
#[component]
pub fn ActionHistory(
    number: u64,
    contact: ContactId,
    /// The item's type, whose workflow labels its statuses.
    type_key: String,
    #[prop(into)] version: Signal<u64>,
    /// The compose form open on this tab, and a recipient chosen on the Reference tab.
    compose: RwSignal<Option<ComposeKind>>,
    compose_to: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let added = RwSignal::new(0_u32);
    let history = LocalResource::new(move || {
        version.track();
        api::work_item_history(number, None)
    });
    let interactions = LocalResource::new(move || {
        added.track();
        api::work_item_interactions(number, None)
    });
    let on_sent = Callback::new(move |_: InteractionView| {
        compose.set(None);
        compose_to.set(None);
        added.update(|n| *n += 1);
    });
    let on_changed = Callback::new(move |_: InteractionView| added.update(|n| *n += 1));
    let on_cancel = Callback::new(move |_| {
        compose.set(None);
        compose_to.set(None);
    });
    // Older pages, asked for with "Load older"; dropped when the first pages reload.
    let older = RwSignal::new(Loaded::default());
    Effect::new(move |_| {
        history.track();
        interactions.track();
        older.set(Loaded::default());
    });
    let loaded = move || -> Option<Result<Loaded, api::ApiError>> {
        let first_history = history.get()?;
        let first_interactions = interactions.get()?;
        let (changes, attached) = match (first_history, first_interactions) {
            (Ok(h), Ok(i)) => (h, i),
            (Err(error), _) | (_, Err(error)) => return Some(Err(error)),
        };
        let more = older.get();
        let history_next = if more.history.is_empty() {
            changes.next_cursor
        } else {
            more.history_next
        };
        let interactions_next = if more.interactions.is_empty() {
            attached.next_cursor
        } else {
            more.interactions_next
        };
        Some(Ok(Loaded {
            history: changes.items.into_iter().chain(more.history).collect(),
            history_next,
            interactions: attached
                .items
                .into_iter()
                .chain(more.interactions)
                .collect(),
            interactions_next,
        }))
    };
    let loading_older = RwSignal::new(false);
    let load_older = move |_| {
        let Some(Ok(now)) = loaded() else {
            return;
        };
        loading_older.set(true);
        spawn_local(async move {
            let mut more = older.get_untracked();
            if let Some(cursor) = now.history_next
                && let Ok(page) = api::work_item_history(number, Some(cursor)).await
            {
                more.history.extend(page.items);
                more.history_next = page.next_cursor;
            }
            if let Some(cursor) = now.interactions_next
                && let Ok(page) = api::work_item_interactions(number, Some(cursor)).await
            {
                more.interactions.extend(page.items);
                more.interactions_next = page.next_cursor;
            }
            older.set(more);
            loading_older.set(false);
        });
    };
    let form = move || {
        compose.get().map(|kind| {
            view! {
                <ComposeForm
                    contact=contact.clone()
                    work_item=Some(number)
                    kind
                    to=compose_to.get_untracked()
                    on_sent
                    on_cancel
                />
            }
        })
    };
    view! {
        <ComposeBar chosen=compose/>
        {form}
        <Transition fallback=|| view! { <Loading label="Loading history…"/> }>
            {move || {
                loaded().map(|result| match result {
                    Ok(all) => {
                        let more = all.has_more();
                        view! {
                            {action_list(session, &type_key, all, on_changed)}
                            <Show when=move || more>
                                <button type="button" class="button load-more" data-testid="load-older-history"
                                    disabled=move || loading_older.get() on:click=load_older>
                                    "Load older"
                                </button>
                            </Show>
                        }
                        .into_any()
                    }
                    Err(error) => load_failed(error, move || {
                        history.refetch();
                        interactions.refetch();
                    }),
                })
            }}
        </Transition>
    }
}
