//! The pieces of the WORK ITEM tab and of My Work Items.

pub mod detail;
pub mod edit_form;
pub mod filter;
pub mod history;
pub mod merge_form;
pub mod new_form;
pub mod note;
pub mod status_form;
pub mod tile;

use worklane_domain::WorkItemView;

use crate::{catalog::Catalog, components::status::Change, state::Session};

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
    let mut changes = Vec::new();
    let mut compare = |what: &'static str, old: String, new: String| {
        if old != new {
            changes.push((what, old, new));
        }
    };
    compare("Status", status(before), status(after));
    compare(
        "Extension",
        before.extension.clone().unwrap_or_default(),
        after.extension.clone().unwrap_or_default(),
    );
    compare(
        "Priority",
        before.priority.label().into(),
        after.priority.label().into(),
    );
    compare(
        "Assignee",
        session.member_name(&before.assignee_id),
        session.member_name(&after.assignee_id),
    );
    compare("Callback", callback(before), callback(after));
    compare(
        "Description",
        before.description.clone(),
        after.description.clone(),
    );
    compare(
        "Locked",
        before.locked.to_string(),
        after.locked.to_string(),
    );
    changes
}
