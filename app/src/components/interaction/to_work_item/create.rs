//! Create work item from an interaction: a type among the active ones reps may
//! create by hand, and an optional description (left empty, the item says what the
//! interaction said).

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, InteractionId, WorkItemFromInteraction};

use crate::{
    api::{self, ApiError},
    components::{
        fields::FormActions,
        status::{FailureNotice, FieldMessage, OtherFieldErrors, field_message},
    },
    state::use_session,
};

fn known_field(field: &str) -> bool {
    matches!(field, "type_key" | "description")
}

#[component]
pub fn CreateForm(
    interaction: InteractionId,
    /// Set to the new item's number once it is made.
    attached: RwSignal<Option<u64>>,
    /// Which form is open: Cancel and the new item close this one.
    open: RwSignal<&'static str>,
) -> impl IntoView {
    let session = use_session();
    // Several rows may have their form open: each form's ids are its interaction's.
    let base = format!("to-work-item-{}", interaction.as_str());
    let (type_id, description_id) = (format!("{base}-type"), format!("{base}-description"));
    let (type_error, description_error) = (
        format!("{type_id}-error"),
        format!("{description_id}-error"),
    );
    let types = move || {
        session.with_catalog(|c| {
            c.types
                .iter()
                .filter(|t| t.active && t.manual)
                .map(|t| (t.key.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let type_key = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        if type_key.with_untracked(String::is_empty) {
            errors.set(vec![FieldError {
                field: "type_key".into(),
                message: "choose the type of work item".into(),
            }]);
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        let request = WorkItemFromInteraction {
            type_key: type_key.get_untracked(),
            description: description.get_untracked(),
        };
        let id = interaction.clone();
        spawn_local(async move {
            match api::calls::interaction_work_item(id, request).await {
                Ok(item) => {
                    open.set("");
                    attached.set(Some(item.number));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            let _ = saving.try_set(false);
        });
    };
    let on_cancel = Callback::new(move |_| open.set(""));
    let type_message = field_message(errors, "type_key");
    let description_message = field_message(errors, "description");

    view! {
        <form class="inline-form work-item-from" data-testid="to-work-item-form" aria-label="Create work item"
            on:submit=submit novalidate>
            <FailureNotice failure/>
            <div class="field">
                <label for=type_id.clone()>"Type"</label>
                <select id=type_id name="type_key" data-testid="to-work-item-type"
                    aria-invalid=move || type_message.with(Option::is_some).to_string()
                    aria-describedby=type_error.clone()
                    on:change=move |ev| type_key.set(event_target_value(&ev))>
                    <option value="">"Choose a type…"</option>
                    {move || types()
                        .into_iter()
                        .map(|(key, name)| {
                            let selected = type_key.with(|k| *k == key);
                            view! { <option value=key prop:selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldMessage id=type_error message=type_message/>
            </div>
            <div class="field">
                <label for=description_id.clone()>"Description (optional)"</label>
                <textarea id=description_id name="description" rows="2" data-testid="to-work-item-description"
                    aria-invalid=move || description_message.with(Option::is_some).to_string()
                    aria-describedby=description_error.clone() bind:value=description></textarea>
                <FieldMessage id=description_error message=description_message/>
            </div>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="to-work-item-submit" label="Create" busy="Creating…" saving on_cancel/>
        </form>
    }
}
