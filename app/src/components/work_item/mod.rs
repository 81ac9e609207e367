//! The pieces of the WORK ITEM tab and of My Work Items.

pub mod detail;
pub mod edit_form;
pub mod filter;
pub mod history;
pub mod merge_form;
pub mod new_form;
pub mod note;
pub mod origin;
pub mod reference;
pub mod status_form;
pub mod tile;

use leptos::prelude::*;
use worklane_domain::WorkItemView;

use crate::{
    catalog::Catalog,
    components::status::{Change, ConflictNotice, differences},
    state::{Session, use_session},
};

/// A save refused with 409: what changed since the form opened (or that the item was merged
/// meanwhile), and a Reload that shows the item as it is now. `what`: "edit", "status change".
#[component]
pub fn ItemConflict(
    before: WorkItemView,
    current: WorkItemView,
    what: &'static str,
    on_reload: Callback<WorkItemView>,
) -> impl IntoView {
    let session = use_session();
    let (title, note) = match current.merged_into {
        Some(survivor) => (
            "This work item was merged meanwhile",
            format!(
                "Your {what} was not saved: the item was merged into #{survivor} and can't be changed any more."
            ),
        ),
        None => (
            "Someone changed this work item first",
            format!("Your {what} was not saved. Reload to see their version, then try again."),
        ),
    };
    let changes = session.with_catalog(|c| item_changes(&session, c, &before, &current));
    view! {
        <ConflictNotice
            title
            note
            changes
            on_reload=Callback::new(move |_| on_reload.run(current.clone()))
        />
    }
}

/// What someone else changed between the version a form was opened on and the current one.
pub fn item_changes(
    session: &Session,
    catalog: &Catalog,
    before: &WorkItemView,
    after: &WorkItemView,
) -> Vec<Change> {
    let status = |item: &WorkItemView| {
        catalog
            .status_of(item)
            .map_or_else(|| item.status.clone(), crate::catalog::status_label)
    };
    let callback = |item: &WorkItemView| {
        item.callback_at
            .map(|ts| crate::format::local_date_time(&ts))
            .unwrap_or_else(|| "none".into())
    };
    let names = |item: &WorkItemView| {
        item.team
            .iter()
            .map(|id| session.member_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    differences([
        ("Status", status(before), status(after)),
        (
            "Extension",
            before.extension.clone().unwrap_or_default(),
            after.extension.clone().unwrap_or_default(),
        ),
        (
            "Priority",
            before.priority.label().into(),
            after.priority.label().into(),
        ),
        (
            "Assignee",
            session.member_name(&before.assignee_id),
            session.member_name(&after.assignee_id),
        ),
        ("Callback", callback(before), callback(after)),
        (
            "Description",
            before.description.clone(),
            after.description.clone(),
        ),
        (
            "Locked",
            before.locked.to_string(),
            after.locked.to_string(),
        ),
        ("Team", names(before), names(after)),
        (
            "Due date",
            before.due_date.map(|d| d.to_string()).unwrap_or_default(),
            after.due_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "Closing reason",
            text(&before.closing_reason),
            text(&after.closing_reason),
        ),
        (
            "Resolution",
            text(&before.resolution),
            text(&after.resolution),
        ),
        (
            "Merged into",
            before
                .merged_into
                .map(|n| format!("#{n}"))
                .unwrap_or_default(),
            after
                .merged_into
                .map(|n| format!("#{n}"))
                .unwrap_or_default(),
        ),
    ])
}
