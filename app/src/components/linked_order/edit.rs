//! Changing the order id linked to a call (its author and admins): a new number goes back to
//! Pending for validation; an empty one unlinks the order.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, InteractionView, parse_order_id};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{FormActions, TextField},
        status::{FailureNotice, field_message},
    },
};

#[component]
pub fn EditOrderId(
    /// The call as the pop-up shows it; replaced by the saved one.
    current: RwSignal<InteractionView>,
    /// Set once a save went through.
    changed: RwSignal<bool>,
) -> impl IntoView {
    let draft = RwSignal::new(current.with_untracked(|c| {
        c.linked_order
            .as_ref()
            .map(|o| o.order_id.clone())
            .unwrap_or_default()
    }));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<&'static str>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saved.set(None);
        failure.set(None);
        let typed = draft.get_untracked();
        let order_id = if typed.trim().is_empty() {
            None
        } else {
            match parse_order_id(&typed) {
                Ok(id) => Some(id),
                Err(message) => {
                    errors.set(vec![FieldError {
                        field: "order_id".into(),
                        message,
                    }]);
                    return;
                }
            }
        };
        errors.set(Vec::new());
        saving.set(true);
        let call = current.with_untracked(|c| c.id.clone());
        spawn_local(async move {
            match api::shop::link_order(call, order_id).await {
                Ok(updated) => {
                    let linked = updated.linked_order.is_some();
                    draft.set(
                        updated
                            .linked_order
                            .as_ref()
                            .map(|o| o.order_id.clone())
                            .unwrap_or_default(),
                    );
                    current.set(updated);
                    changed.set(true);
                    saved.set(Some(if linked {
                        "Saved. The order is Pending for validation until the nightly check."
                    } else {
                        "Saved. No order is linked to this call any more."
                    }));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            let _ = saving.try_set(false);
        });
    };

    view! {
        <form class="inline-form" data-testid="linked-order-edit" on:submit=submit novalidate>
            <FailureNotice failure/>
            <TextField
                id="linked-order-input"
                label="Edit order id"
                name="order_id"
                value=draft
                message=field_message(errors, "order_id")
                hint=Some("The order number customers see, e.g. 000000123. Leave it empty to unlink the order.")
            />
            <FormActions testid="linked-order-save" label="Save" busy="Saving…" saving/>
            {move || saved.get().map(|text| view! {
                <p class="alert alert-success" role="status" data-testid="linked-order-saved">{text}</p>
            })}
        </form>
    }
}
