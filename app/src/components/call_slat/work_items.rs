//! The caller's open work items, each a link to it, and Create work item: a Support Ticket or
//! a Product Info Query with the call attached.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{
    CALL_WORK_ITEM_TYPES, ContactId, FieldError, LiveCall, WorkItemFromInteraction, WorkItemView,
};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, FormActions, SelectField, TextAreaField},
        status::{ErrorNotice, FailureNotice, Loading, OtherFieldErrors, field_message},
    },
    pages::contact_detail::work_item_href,
    state::use_session,
};

/// Open: neither closed nor merged into another item.
fn is_open(item: &WorkItemView) -> bool {
    item.closing_reason.is_none() && item.merged_into.is_none()
}

#[component]
pub fn OpenWorkItems(contact: ContactId, reload: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let items = LocalResource::new(move || {
        reload.track();
        api::contact_work_items(contact.clone(), None)
    });
    let list = move |items: Vec<WorkItemView>| {
        let open: Vec<WorkItemView> = items.into_iter().filter(is_open).collect();
        if open.is_empty() {
            return view! { <p class="small muted" data-testid="call-no-open-items">"No open work items."</p> }
                .into_any();
        }
        view! {
            <ul class="plain-list call-items" data-testid="call-open-items">
                {open
                    .into_iter()
                    .map(|item| {
                        let name = session.with_catalog(|c| c.type_name(&item.type_key));
                        view! {
                            <li>
                                <a href=work_item_href(&item.contact_id, item.number)>
                                    "#" {item.number} " " {name}
                                </a>
                                " – " {item.description}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="call-slat-section" aria-labelledby="call-open-items-title">
            <h3 id="call-open-items-title">"Open work items"</h3>
            <Transition fallback=|| view! { <Loading label="Loading work items…"/> }>
                {move || items.get().map(|answer| match answer {
                    Ok(page) => list(page.items),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn preset_name(key: &str) -> &'static str {
    match key {
        "support-ticket" => "Support Ticket",
        _ => "Product Info Query",
    }
}

fn known_field(field: &str) -> bool {
    matches!(field, "type_key" | "description")
}

#[component]
pub fn CallWorkItemForm(call: Memo<LiveCall>, on_created: Callback<()>) -> impl IntoView {
    let session = use_session();
    let choices = Signal::derive(move || {
        CALL_WORK_ITEM_TYPES
            .iter()
            .map(|key| {
                let name = session
                    .with_catalog(|c| c.work_type(key).map(|t| t.name.clone()))
                    .unwrap_or_else(|| preset_name(key).to_string());
                (key.to_string(), name)
            })
            .collect::<Vec<Choice>>()
    });
    let type_key = RwSignal::new(CALL_WORK_ITEM_TYPES[0].to_string());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let created = RwSignal::new(None::<WorkItemView>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let id = call.with_untracked(|c| c.id.clone());
        let request = WorkItemFromInteraction {
            type_key: type_key.get_untracked(),
            description: description.get_untracked(),
        };
        spawn_local(async move {
            match api::calls::call_work_item(id, request).await {
                Ok(item) => {
                    description.set(String::new());
                    created.set(Some(item));
                    on_created.run(());
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };
    let done = move || {
        created.get().map(|item| {
            view! {
                <p class="alert alert-success" role="status" data-testid="call-work-item-created">
                    "Created "
                    <a href=work_item_href(&item.contact_id, item.number)>"Work item #" {item.number}</a>
                </p>
            }
        })
    };
    view! {
        <form class="inline-form" data-testid="call-work-item-form" on:submit=submit novalidate>
            <h3>"New work item from this call"</h3>
            <FailureNotice failure/>
            <SelectField id="call-work-item-type" label="Type" choices selected=type_key
                on_change=Callback::new(move |key| type_key.set(key)) message=field_message(errors, "type_key")/>
            <TextAreaField id="call-work-item-description" label="What the contact needs" name="description"
                value=description message=field_message(errors, "description") rows=2/>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="call-create-work-item" label="Create work item" busy="Creating…" saving/>
            {done}
        </form>
    }
}
