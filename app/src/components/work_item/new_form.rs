//! Creating a work item by hand on the contact: a type reps may create, a description, and
//! who works on it (the creator unless chosen otherwise).

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, FieldError, NewWorkItemRequest, UserId, WorkItemView};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, FormActions, SelectField, TextAreaField, with_blank},
        status::{FailureNotice, OtherFieldErrors, field_message},
        work_item::edit_form::assignee_choices,
    },
    state::use_session,
};

fn known_field(field: &str) -> bool {
    matches!(field, "type_key" | "description" | "assignee_id")
}

#[component]
pub fn NewWorkItemForm(
    contact: ContactId,
    on_created: Callback<WorkItemView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let type_choices = Signal::derive(move || {
        let manual: Vec<Choice> = session.with_catalog(|c| {
            c.types
                .iter()
                .filter(|t| t.active && t.manual)
                .map(|t| (t.key.clone(), format!("{} ({})", t.name, t.category)))
                .collect()
        });
        with_blank("Choose a type…", manual)
    });
    let type_key = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let me = session.user_id();
    let assignee = RwSignal::new(me.as_ref().map(ToString::to_string).unwrap_or_default());
    let assignees = Signal::derive(move || assignee_choices(&session, me.as_ref()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let request = NewWorkItemRequest {
            type_key: type_key.get_untracked(),
            description: description.get_untracked(),
            assignee_id: Some(UserId::from_raw(assignee.get_untracked())),
        };
        let contact = contact.clone();
        spawn_local(async move {
            match api::create_work_item(contact, request).await {
                Ok(item) => on_created.run(item),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    view! {
        <form class="card inline-form" data-testid="new-work-item-form" on:submit=submit novalidate>
            <h3>"New work item"</h3>
            <FailureNotice failure/>
            <SelectField
                id="new-work-item-type"
                label="Type"
                choices=type_choices
                selected=type_key
                on_change=Callback::new(move |value| type_key.set(value))
                message=field_message(errors, "type_key")
            />
            <TextAreaField
                id="new-work-item-description"
                label="Description"
                name="description"
                value=description
                message=field_message(errors, "description")
            />
            <SelectField
                id="new-work-item-assignee"
                label="Assignee"
                choices=assignees
                selected=assignee
                on_change=Callback::new(move |value| assignee.set(value))
                message=field_message(errors, "assignee_id")
            />
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="create-work-item" label="Create" busy="Creating…" saving on_cancel/>
        </form>
    }
}
