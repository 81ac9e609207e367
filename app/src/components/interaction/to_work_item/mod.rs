//! An interaction onto a work item: on an Inbox row, **Add to work item** (one of the
//! contact's) and **Create work item** (seed 000: a new one of a type reps may create by hand,
//! the interaction attached); on an interaction's card, Create work item. The buttons are in
//! the first download (the Inbox is); their forms are a piece of the app of its own, fetched
//! the first time one opens.

mod attach;
mod create;

use leptos::prelude::*;
use worklane_domain::{ContactId, InteractionId};

use crate::components::on_demand::on_demand;

const ATTACH: &str = "attach";
const CREATE: &str = "create";

/// What a form needs: the interaction, its contact, the work item it is on (set once it is
/// attached or made, which hides the buttons) and which form is open ("" for none).
struct Target {
    interaction: InteractionId,
    contact: ContactId,
    attached: RwSignal<Option<u64>>,
    open: RwSignal<&'static str>,
}

#[leptos::lazy]
fn form_piece(form: &'static str, target: Target) -> ViewFn {
    let Target {
        interaction,
        contact,
        attached,
        open,
    } = target;
    ViewFn::from(move || {
        let (interaction, contact) = (interaction.clone(), contact.clone());
        if form == ATTACH {
            view! { <attach::AttachPicker interaction contact attached open/> }.into_any()
        } else {
            view! { <create::CreateForm interaction attached open/> }.into_any()
        }
    })
}

/// A button that opens (or, pressed again, closes) one of the forms.
fn opener(
    open: RwSignal<&'static str>,
    form: &'static str,
    label: &'static str,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <button type="button" class="button button-small" data-testid=testid
            aria-expanded=move || (open.get() == form).to_string()
            on:click=move |_| open.update(|o| *o = if *o == form { "" } else { form })>
            {label}
        </button>
    }
}

/// The buttons while the interaction is on no work item, and the form of the one pressed.
#[component]
pub fn ToWorkItem(
    interaction: InteractionId,
    contact: ContactId,
    attached: RwSignal<Option<u64>>,
    /// Offer Add to work item too.
    #[prop(optional)]
    with_attach: bool,
) -> impl IntoView {
    let open = RwSignal::new("");
    let form = move || match open.get() {
        "" => None,
        form => {
            let target = Target {
                interaction: interaction.clone(),
                contact: contact.clone(),
                attached,
                open,
            };
            Some(on_demand("Loading the form…", form_piece(form, target)))
        }
    };
    move || {
        attached.with(Option::is_none).then(|| {
            view! {
                <div class="actions">
                    {with_attach.then(|| opener(open, ATTACH, "Add to work item", "inbox-attach"))}
                    {opener(open, CREATE, "Create work item", "create-work-item-from")}
                    {form.clone()}
                </div>
            }
        })
    }
}
