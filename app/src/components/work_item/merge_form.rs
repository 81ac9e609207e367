//! Merging a duplicate into another item of the same contact: nothing is deleted, the
//! duplicate keeps a link to the item that survives, and its history moves along.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{FieldError, MergeRequest, WorkItemView};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, FormActions, SelectField, with_blank},
        status::{FailureNotice, OtherFieldErrors, field_message},
    },
};

fn known_field(field: &str) -> bool {
    field == "into"
}

#[component]
pub fn MergeForm(
    item: WorkItemView,
    /// The other items of the contact it may be merged into: (number, what it is).
    #[prop(into)]
    candidates: Signal<Vec<Choice>>,
    on_saved: Callback<WorkItemView>,
    /// The item changed since the form opened: the panel shows it as it is now.
    on_conflict: Callback<WorkItemView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let into = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let choices =
        Signal::derive(move || with_blank("Choose the item that stays…", candidates.get()));
    let (number, version) = (item.number, item.version);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(survivor) = into.get_untracked().parse::<u64>() else {
            errors.set(vec![FieldError {
                field: "into".into(),
                message: "choose the work item this one duplicates".into(),
            }]);
            return;
        };
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        spawn_local(async move {
            let request = MergeRequest {
                into: survivor,
                version,
            };
            match api::merge_work_item(number, request).await {
                Ok(merged) => on_saved.run(merged),
                Err(error) => match error.current::<WorkItemView>() {
                    Some(current) if error.is_conflict() => on_conflict.run(current),
                    _ => {
                        errors.set(error.fields().to_vec());
                        failure.set(Some(error));
                    }
                },
            }
            saving.set(false);
        });
    };

    view! {
        <form class="card inline-form" data-testid="merge-form" on:submit=submit novalidate>
            <h3>"Merge this duplicate"</h3>
            <p class="hint">
                "Work item #" {number}
                " stays on record with a link to the one you choose, and its history is copied there."
            </p>
            <FailureNotice failure/>
            <SelectField
                id="merge-into"
                label="Merge into"
                choices
                selected=into
                on_change=Callback::new(move |value| into.set(value))
                message=field_message(errors, "into")
            />
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="merge-submit" label="Merge" busy="Merging…" saving on_cancel/>
        </form>
    }
}
