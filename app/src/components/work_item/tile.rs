//! One work item in the contact's list: type, description, dates, assignee, status chip.

use leptos::prelude::*;
use worklane_domain::WorkItemView;

use crate::{
    catalog::status_label,
    components::{availability::MemberName, status::LocalTime},
    pages::contact_detail::work_item_href,
    state::use_session,
};

/// The colour of a status chip and of the selected tile's border, when it is known.
pub fn status_color(item: &WorkItemView) -> Option<String> {
    use_session().with_catalog(|c| c.status_of(item).map(|s| s.color.clone()))
}

/// A status chip in the status's own colour, with the extension beside it.
#[component]
pub fn StatusChip(#[prop(into)] item: Signal<WorkItemView>) -> impl IntoView {
    let session = use_session();
    let label = move || {
        item.with(|item| {
            session.with_catalog(|c| {
                c.status_of(item)
                    .map_or_else(|| item.status.clone(), status_label)
            })
        })
    };
    let extension = move || {
        item.with(|item| {
            item.extension.clone().map(|key| {
                let title = session.with_catalog(|c| {
                    c.workflow_of(&item.type_key)
                        .and_then(|w| w.extension(&key))
                        .map(|e| e.label.clone())
                });
                view! {
                    <span class="chip chip-extension" title=title data-testid="status-extension">
                        {key}
                    </span>
                }
            })
        })
    };
    view! {
        <span
            class="chip chip-status"
            data-testid="status-chip"
            style:background-color=move || item.with(status_color)
        >
            {label}
        </span>
        {extension}
    }
}

#[component]
pub fn WorkItemTile(
    item: WorkItemView,
    #[prop(into)] selected: Signal<bool>,
    on_edit: Callback<u64>,
) -> impl IntoView {
    let session = use_session();
    let number = item.number;
    let href = work_item_href(&item.contact_id, number);
    // The catalog may arrive after the items: both follow it.
    let type_key = item.type_key.clone();
    let type_name = move || session.with_catalog(|c| c.type_name(&type_key));
    let colored = item.clone();
    let color = move || status_color(&colored);
    let callback = item
        .callback_at
        .map(|ts| view! { <span>"Callback " <LocalTime ts/></span> });
    let (created, assignee, description) = (
        item.created_at,
        item.assignee_id.clone(),
        item.description.clone(),
    );
    let chip_item = item.clone();
    view! {
        <li
            class="tile"
            class:selected=move || selected.get()
            data-testid="work-item-tile"
            data-number=number
            style:border-left-color=move || selected.get().then(&color).flatten()
        >
            <a class="tile-link" href=href aria-current=move || selected.get().then_some("true")>
                <span class="tile-head">
                    <strong class="tile-type">{type_name}</strong>
                    <span class="muted">"#" {number}</span>
                </span>
                <span class="tile-description">{description}</span>
                <span class="tile-meta muted small">
                    <span>"Created " <LocalTime ts=created/></span>
                    {callback}
                    <span>"Assigned to " <MemberName id=assignee/></span>
                </span>
                <span class="tile-status">
                    <StatusChip item=chip_item/>
                </span>
            </a>
            <button
                type="button"
                class="icon-button tile-edit"
                title="Edit work item"
                aria-label=format!("Edit work item {number}")
                data-testid="edit-work-item"
                on:click=move |_| on_edit.run(number)
            >
                "✎"
            </button>
        </li>
    }
}
