//! Moving an item to another status: the form asks for what the chosen status needs (a
//! closing reason, a resolution, a later due date) before anything is sent.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{
    FieldError, Priority, PriorityChange, Requirement, StatusChangeRequest, TransitionRequest,
    WorkItemView,
};

use crate::{
    api::{self, ApiError},
    catalog::status_label,
    components::{
        fields::{Choice, FormActions, SelectField, TextAreaField, TextField, with_blank},
        status::{FailureNotice, OtherFieldErrors, field_message, show_refusal},
        work_item::ItemConflict,
    },
    state::use_session,
};

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "to" | "extension" | "closing_reason" | "resolution" | "due_date"
    )
}

fn given(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn priority_hint(change: PriorityChange) -> String {
    match change {
        PriorityChange::Lower => "Entering this status lowers the priority one step.".into(),
        PriorityChange::Set(Priority::NotApplicable) => {
            "Entering this status sets the priority to N/A.".into()
        }
        PriorityChange::Set(p) => {
            format!("Entering this status sets the priority to {}.", p.label())
        }
    }
}

#[component]
pub fn StatusChangeForm(
    item: WorkItemView,
    on_saved: Callback<WorkItemView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let workflow = session.with_catalog(|c| c.workflow_of(&item.type_key).cloned());
    let Some(workflow) = workflow else {
        return view! {
            <p class="alert alert-error" role="alert">
                "The workflow of this item's type could not be loaded."
            </p>
        }
        .into_any();
    };
    let workflow = StoredValue::new(workflow);
    let mut choices: Vec<Choice> = workflow.with_value(|w| {
        w.next_statuses(&item.status)
            .into_iter()
            .map(|s| (s.key.clone(), status_label(s)))
            .collect()
    });
    // With extensions, staying in the status and changing only the extension is a change too.
    let has_extensions = workflow.with_value(|w| !w.extensions.is_empty());
    if has_extensions && !choices.iter().any(|(key, _)| *key == item.status) {
        let current = workflow.with_value(|w| {
            w.status(&item.status)
                .map_or_else(|| item.status.clone(), status_label)
        });
        choices.insert(0, (item.status.clone(), format!("{current} (stay)")));
    }
    let to = RwSignal::new(choices.first().map(|(k, _)| k.clone()).unwrap_or_default());
    let extension = RwSignal::new(item.extension.clone().unwrap_or_default());
    let closing_reason = RwSignal::new(String::new());
    let resolution = RwSignal::new(String::new());
    let due_date = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<WorkItemView>);
    let saving = RwSignal::new(false);

    let target = Memo::new(move |_| to.with(|key| workflow.with_value(|w| w.status(key).cloned())));
    let needs = move |requirement: Requirement| {
        target.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.requires.contains(&requirement))
        })
    };
    let extension_choices = with_blank(
        "None",
        workflow.with_value(|w| {
            w.extensions
                .iter()
                .map(|e| (e.key.clone(), format!("{} – {}", e.key, e.label)))
                .collect()
        }),
    );

    let original = StoredValue::new(item);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let (number, version) = original.with_value(|i| (i.number, i.version));
        let request = StatusChangeRequest {
            transition: TransitionRequest {
                to: to.get_untracked(),
                extension: given(extension.get_untracked()),
                closing_reason: needs(Requirement::ClosingReason)
                    .then(|| closing_reason.get_untracked()),
                resolution: needs(Requirement::ResolutionDescription)
                    .then(|| resolution.get_untracked()),
                due_date: needs(Requirement::NewDueDate).then(|| due_date.get_untracked()),
            },
            version,
        };
        spawn_local(async move {
            match api::change_status(number, request).await {
                Ok(updated) => on_saved.run(updated),
                Err(error) => show_refusal(error, conflict, failure, errors),
            }
            saving.set(false);
        });
    };

    let conflict_view = move || {
        conflict.get().map(|current| {
            view! { <ItemConflict before=original.get_value() current what="status change" on_reload=on_saved/> }
        })
    };

    view! {
        <form class="card inline-form" data-testid="status-form" on:submit=submit novalidate>
            <h3>"Change status"</h3>
            {conflict_view}
            <FailureNotice failure/>
            <SelectField
                id="status-to"
                label="New status"
                choices=choices
                selected=to
                on_change=Callback::new(move |value| to.set(value))
                message=field_message(errors, "to")
            />
            {move || {
                target
                    .with(|s| s.as_ref().and_then(|s| s.priority_change))
                    .map(|change| view! { <p class="hint" data-testid="priority-hint">{priority_hint(change)}</p> })
            }}
            <Show when=move || has_extensions>
                <SelectField
                    id="status-extension"
                    label="Extension"
                    choices=extension_choices.clone()
                    selected=extension
                    on_change=Callback::new(move |value| extension.set(value))
                    message=field_message(errors, "extension")
                />
            </Show>
            <Show when=move || needs(Requirement::ClosingReason)>
                <TextAreaField
                    id="closing-reason"
                    label="Closing reason"
                    name="closing_reason"
                    value=closing_reason
                    message=field_message(errors, "closing_reason")
                />
            </Show>
            <Show when=move || needs(Requirement::ResolutionDescription)>
                <TextAreaField
                    id="resolution"
                    label="Resolution description"
                    name="resolution"
                    value=resolution
                    message=field_message(errors, "resolution")
                />
            </Show>
            <Show when=move || needs(Requirement::NewDueDate)>
                <TextField
                    id="due-date"
                    label="New due date"
                    name="due_date"
                    input_type="date"
                    value=due_date
                    message=field_message(errors, "due_date")
                    hint=Some("Later than today: when work on the ticket resumes.")
                />
            </Show>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="status-submit" label="Save status" busy="Saving…" saving blocked=Signal::derive(move || to.with(String::is_empty)) on_cancel/>
        </form>
    }
    .into_any()
}
