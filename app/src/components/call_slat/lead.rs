//! Create lead: a caller whose number no contact has becomes a New Lead, owned by the rep.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, LiveCall};

use super::slat::Slat;
use crate::{
    api::{self, ApiError},
    components::{
        fields::{FormActions, TextField},
        status::{FailureNotice, OtherFieldErrors, field_message},
    },
};

fn known_field(field: &str) -> bool {
    field == "name"
}

#[component]
pub fn LeadForm(call: Memo<LiveCall>, slat: Slat) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let id = call.with_untracked(|c| c.id.clone());
        spawn_local(async move {
            match api::calls::create_lead(id, name.get_untracked()).await {
                // The slat now shows the call with its new contact.
                Ok(call) => slat.learn(call),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="inline-form" data-testid="call-lead-form" on:submit=submit novalidate>
            <FailureNotice failure/>
            <TextField id="call-lead-name" label="Caller's name" name="name" value=name
                message=field_message(errors, "name") hint=Some("They become a New Lead, yours.")/>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="call-create-lead" label="Create lead" busy="Creating…" saving/>
        </form>
    }
}
