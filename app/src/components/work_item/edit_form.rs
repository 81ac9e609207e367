//! Editing a work item's description, assignee and callback, on the version it was opened on.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{FieldError, UserId, WorkItemEdit, WorkItemView};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, FormActions, SelectField, TextAreaField, TextField, include},
        status::{FailureNotice, FieldMessage, OtherFieldErrors, field_message, show_refusal},
        work_item::ItemConflict,
    },
    format,
    state::{Session, use_session},
};

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "description" | "assignee_id" | "callback_at" | "team" | "team_read"
    )
}

/// Active colleagues to assign to, and whoever is assigned now even if disabled since.
pub fn assignee_choices(session: &Session, current: Option<&UserId>) -> Vec<Choice> {
    match session.team.get() {
        Some(Ok(team)) => team
            .iter()
            .filter(|m| !m.disabled || Some(&m.id) == current)
            .map(|m| (m.id.to_string(), m.name.to_string()))
            .collect(),
        _ => current
            .map(|id| (id.to_string(), session.member_name(id)))
            .into_iter()
            .collect(),
    }
}

#[component]
pub fn EditWorkItemForm(
    item: WorkItemView,
    on_saved: Callback<WorkItemView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let description = RwSignal::new(item.description.clone());
    let assignee = RwSignal::new(item.assignee_id.to_string());
    let callback = RwSignal::new(
        item.callback_at
            .map(|ts| format::local_input_value(&ts))
            .unwrap_or_default(),
    );
    let team = RwSignal::new(item.team.clone());
    let team_read = RwSignal::new(item.team_read.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<WorkItemView>);
    let saving = RwSignal::new(false);
    let current_assignee = item.assignee_id.clone();
    let choices = Signal::derive(move || assignee_choices(&session, Some(&current_assignee)));
    let original = StoredValue::new(item);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let typed_callback = callback.get_untracked();
        let callback_at = format::parse_local_input(&typed_callback);
        if !typed_callback.trim().is_empty() && callback_at.is_none() {
            errors.set(vec![FieldError {
                field: "callback_at".into(),
                message: "enter a date and time for the callback, or leave it empty".into(),
            }]);
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let (number, version) = original.with_value(|i| (i.number, i.version));
        // The assignee works on it anyway; they are not also a related member.
        let assignee_id = UserId::from_raw(assignee.get_untracked());
        let others = |list: RwSignal<Vec<UserId>>| -> Vec<UserId> {
            list.with_untracked(|t| t.iter().filter(|id| **id != assignee_id).cloned().collect())
        };
        let (team, team_read) = (others(team), others(team_read));
        let edit = WorkItemEdit {
            description: description.get_untracked(),
            assignee_id,
            callback_at,
            team,
            team_read,
            version,
        };
        spawn_local(async move {
            match api::edit_work_item(number, edit).await {
                Ok(updated) => on_saved.run(updated),
                Err(error) => show_refusal(error, conflict, failure, errors),
            }
            saving.set(false);
        });
    };

    let conflict_view = move || {
        conflict.get().map(|current| {
            view! { <ItemConflict before=original.get_value() current what="edit" on_reload=on_saved/> }
        })
    };

    view! {
        <form class="card inline-form" data-testid="work-item-edit-form" on:submit=submit novalidate>
            <h3>"Edit work item"</h3>
            {conflict_view}
            <FailureNotice failure/>
            <TextAreaField
                id="edit-description"
                label="Description"
                name="description"
                value=description
                message=field_message(errors, "description")
            />
            <SelectField
                id="edit-assignee"
                label="Assignee"
                choices
                selected=assignee
                on_change=Callback::new(move |value| assignee.set(value))
                message=field_message(errors, "assignee_id")
            />
            <TextField
                id="edit-callback"
                label="Callback"
                name="callback_at"
                input_type="datetime-local"
                value=callback
                message=field_message(errors, "callback_at")
                hint=Some("When to get back to the contact, in your local time. Leave empty for none.")
            />
            <TeamPicker
                team
                assignee
                legend="Related team members (may change it)"
                testid="edit-team"
            />
            <FieldMessage id="edit-team-error".to_string() message=field_message(errors, "team")/>
            <TeamPicker
                team=team_read
                assignee
                legend="Related team members who may only read it"
                testid="edit-team-read"
            />
            <FieldMessage
                id="edit-team-read-error".to_string()
                message=field_message(errors, "team_read")
            />
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="work-item-save" label="Save" busy="Saving…" saving on_cancel/>
        </form>
    }
}

/// Related team members: colleagues who help with the item besides its assignee, to change
/// it or only to read it (seed 003).
#[component]
fn TeamPicker(
    team: RwSignal<Vec<UserId>>,
    assignee: RwSignal<String>,
    legend: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let session = use_session();
    let members = move || match session.team.get() {
        Some(Ok(all)) => all
            .into_iter()
            .filter(|m| {
                // Untracked: ticking a box must not rebuild the boxes (and lose focus).
                (!m.disabled || team.with_untracked(|t| t.contains(&m.id)))
                    && assignee.with(|a| m.id.as_str() != a)
            })
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    view! {
        <fieldset
            class="filter-group field"
            data-testid=testid
            aria-describedby=format!("{testid}-error")
        >
            <legend>{legend}</legend>
            {move || {
                members()
                    .into_iter()
                    .map(|m| {
                        let id = m.id.clone();
                        let checked_id = m.id.clone();
                        view! {
                            <label class="filter-choice">
                                <input
                                    type="checkbox"
                                    prop:checked=move || team.with(|t| t.contains(&checked_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        team.update(|t| include(t, id.clone(), on));
                                    }
                                />
                                {m.name.to_string()}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}
