//! The Action tab: every recorded change of the item, newest first.

use leptos::prelude::*;
use worklane_domain::{HistoryEntry, Page, Workflow};

use crate::{
    api,
    catalog::{Catalog, status_label},
    components::status::{Loading, LocalTime, load_failed},
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

fn history_list(session: Session, type_key: &str, page: Page<HistoryEntry>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="muted">"No changes recorded yet."</p> }.into_any();
    }
    let more = page.next_cursor.is_some().then(|| {
        view! { <p class="muted small">"Older changes are not shown."</p> }
    });
    // Newest first; the entries of one save are next to each other and share who and when.
    let saves: Vec<&[HistoryEntry]> = page
        .items
        .chunk_by(|a, b| a.at == b.at && a.by == b.by)
        .collect();
    session.with_catalog(|catalog| {
        view! {
            <ol class="history" data-testid="work-item-history" aria-label="History, newest first">
                {saves
                    .into_iter()
                    .map(|save| save_view(&session, catalog, catalog.workflow_of(type_key), save))
                    .collect_view()}
            </ol>
            {more}
        }
        .into_any()
    })
}

/// Reloaded whenever the item's version changes, so a save shows up at once.
#[component]
pub fn ActionHistory(
    number: u64,
    /// The item's type, whose workflow labels its statuses.
    type_key: String,
    #[prop(into)] version: Signal<u64>,
) -> impl IntoView {
    let session = use_session();
    let history = LocalResource::new(move || {
        version.track();
        api::work_item_history(number, None)
    });
    view! {
        <Transition fallback=|| view! { <Loading label="Loading history…"/> }>
            {move || {
                history.get().map(|result| match result {
                    Ok(page) => history_list(session, &type_key, page).into_any(),
                    Err(error) => load_failed(error, move || history.refetch()),
                })
            }}
        </Transition>
    }
}
