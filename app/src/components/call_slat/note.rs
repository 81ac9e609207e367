//! Save Note: the rep's note and the order id the call produced, filed on the call's
//! interaction (the order id then waits for the nightly check, Pending).

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, LiveCall};

use super::slat::Slat;
use crate::{
    api::{self, ApiError},
    components::{
        fields::{FormActions, TextAreaField, TextField},
        status::{FailureNotice, OtherFieldErrors, field_message},
    },
};

fn known_field(field: &str) -> bool {
    matches!(field, "note" | "order_id")
}

#[component]
pub fn NoteForm(call: Memo<LiveCall>, slat: Slat) -> impl IntoView {
    let draft = call.with_untracked(|c| slat.draft(c));
    let (note, order_id) = (RwSignal::from(draft.note), RwSignal::from(draft.order_id));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // "Saved" until the rep changes what was saved.
    Effect::new(move |first: Option<()>| {
        note.track();
        order_id.track();
        if first.is_some() {
            saved.set(false);
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let id = call.with_untracked(|c| c.id.clone());
        let typed = order_id.get_untracked();
        let order = (!typed.trim().is_empty()).then(|| typed.trim().to_string());
        let text = note.get_untracked();
        spawn_local(async move {
            match api::calls::save(id, text, order).await {
                Ok(call) => {
                    slat.learn(call);
                    saved.set(true);
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    view! {
        <form class="inline-form" data-testid="call-note-form" on:submit=submit novalidate>
            <FailureNotice failure/>
            <TextAreaField id="call-note" label="Note" name="note" value=note message=field_message(errors, "note")/>
            <TextField id="call-order-id" label="Enter Order Id" name="order_id" value=order_id
                message=field_message(errors, "order_id")
                hint=Some("The shop order this call produced, e.g. 000000123; it is checked overnight.")/>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="call-save-note" label="Save Note" busy="Saving…" saving/>
            {move || saved.get().then(|| view! {
                <p class="alert alert-success" role="status" data-testid="call-saved">"Saved"</p>
            })}
        </form>
    }
}
