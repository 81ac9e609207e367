//! Add to work item: attaches the interaction to one of its contact's work items.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{AttachRequest, ContactId, InteractionId};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, SelectField, with_blank},
        status::ErrorNotice,
    },
    state::use_session,
};

#[component]
pub fn AttachPicker(
    interaction: InteractionId,
    contact: ContactId,
    attached: RwSignal<Option<u64>>,
    open: RwSignal<&'static str>,
) -> impl IntoView {
    let session = use_session();
    let items = LocalResource::new(move || api::contact_work_items(contact.clone(), None));
    let chosen = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let attach = move |_| {
        let Ok(number) = chosen.get_untracked().parse::<u64>() else {
            return;
        };
        let id = interaction.clone();
        spawn_local(async move {
            match api::attach_interaction(id, AttachRequest { work_item: number }).await {
                Ok(_) => {
                    open.set("");
                    attached.set(Some(number));
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let choices = Signal::derive(move || {
        let listed: Vec<Choice> = match items.get() {
            Some(Ok(page)) => page
                .items
                .iter()
                .filter(|i| i.merged_into.is_none())
                .map(|i| {
                    let name = session.with_catalog(|c| c.type_name(&i.type_key));
                    (
                        i.number.to_string(),
                        format!("#{} {name} – {}", i.number, i.description),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        with_blank("Choose a work item…", listed)
    });
    view! {
        <div class="attach-picker" data-testid="attach-picker">
            <SelectField id="attach-work-item" label="Work item" choices selected=chosen
                on_change=Callback::new(move |v| chosen.set(v)) inline=true/>
            <button type="button" class="button button-small button-primary" data-testid="attach-submit" on:click=attach>
                "Attach"
            </button>
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        </div>
    }
}
