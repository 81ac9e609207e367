//! The Change owner dialog of the Work Orders list (a batch) and of a work order's page: an
//! active colleague to hand the work orders to. The page sends the change; the dialog shows
//! why it was refused, if it was.

use leptos::prelude::*;
use worklane_domain::UserId;

use crate::{
    api::ApiError,
    components::{
        dialog::Modal,
        fields::{Choice, SelectField, with_blank},
        status::ErrorNotice,
    },
    state::{Session, use_session},
};

/// Active colleagues by name, but `except` (who is in charge already).
fn owner_choices(session: &Session, except: Option<&UserId>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = match session.team.get() {
        Some(Ok(team)) => team
            .iter()
            .filter(|m| !m.disabled && Some(&m.id) != except)
            .map(|m| (m.id.to_string(), m.name.to_string()))
            .collect(),
        _ => Vec::new(),
    };
    choices.sort_by(|a, b| a.1.cmp(&b.1));
    with_blank("Choose a person…", choices)
}

#[component]
pub fn OwnerDialog(
    /// What is handed over: "Hand the 2 selected work orders to:".
    intro: String,
    /// Who is in charge now (left out of the choices), for one work order.
    except: Option<UserId>,
    saving: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    on_choose: Callback<UserId>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let owner = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let choices = Signal::derive(move || owner_choices(&session, except.as_ref()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = owner.get_untracked();
        if chosen.is_empty() {
            missing.set(true);
            return;
        }
        on_choose.run(UserId::from_raw(chosen));
    };
    let message = Signal::derive(move || {
        missing
            .get()
            .then(|| "choose who takes the work over".to_string())
    });
    view! {
        <Modal title_id="change-owner-title" title="Change owner" testid="change-owner-dialog" on_close>
            <form class="dialog-form" on:submit=submit novalidate>
                <p>{intro}</p>
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
                <SelectField
                    id="new-owner"
                    label="New owner"
                    choices
                    selected=owner
                    message
                    on_change=Callback::new(move |value: String| {
                        missing.set(false);
                        owner.set(value);
                    })
                />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="change-owner-submit"
                        disabled=move || saving.get()
                    >
                        {move || if saving.get() { "Changing…" } else { "Change owner" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
