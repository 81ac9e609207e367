//! One interaction: channel and direction, who and when, what was said, and for a send that
//! failed, why and a way to try again.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{Channel, Delivery, Direction, InteractionView};

use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        click_to_call::CallButton,
        interaction::to_work_item::ToWorkItem,
        linked_order::LinkedOrderTag,
        status::{ErrorNotice, LocalTime},
    },
    pages::contact_detail::work_item_href,
};

fn duration_text(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[component]
pub fn InteractionCard(
    interaction: InteractionView,
    /// A retried send comes back here, to replace the card's interaction.
    on_changed: Callback<InteractionView>,
) -> impl IntoView {
    let retrying = RwSignal::new(false);
    let retry_error = RwSignal::new(None::<ApiError>);
    let id = interaction.id.clone();
    let retry = move |_| {
        retrying.set(true);
        let id = id.clone();
        spawn_local(async move {
            match api::retry_send(id).await {
                Ok(updated) => {
                    retry_error.set(None);
                    on_changed.run(updated);
                }
                Err(error) => retry_error.set(Some(error)),
            }
            retrying.set(false);
        });
    };
    let i = interaction;
    let direction = match i.direction {
        Direction::Inbound => "from",
        Direction::Outbound => "to",
        Direction::Internal => "",
    };
    let party = match i.direction {
        Direction::Inbound => i.from.clone(),
        _ => i.to.clone(),
    };
    let call = i.call.clone().map(|call| {
        let recording = call.recording_url.clone().map(|url| {
            view! { " · " <a href=url target="_blank" rel="noopener noreferrer">"Recording"</a> }
        });
        view! {
            <p class="small" data-testid="call-details">
                {call.outcome.label()} " · " {duration_text(call.duration_seconds)} {recording}
            </p>
        }
    });
    let delivery = i.delivery.map(|delivery| match delivery {
        Delivery::Sent => view! { <span class="chip chip-ok" data-testid="delivery">"Sent"</span> }.into_any(),
        Delivery::Sending => view! { <span class="chip" data-testid="delivery">"Sending"</span> }.into_any(),
        Delivery::Failed => view! {
            <span class="chip chip-danger" data-testid="delivery">"Failed"</span>
            <span class="small failure" data-testid="delivery-failure">{i.failure.clone().unwrap_or_default()}</span>
            <button type="button" class="button button-small" data-testid="retry-send"
                disabled=move || retrying.get() on:click=retry.clone()>
                {move || if retrying.get() { "Retrying…" } else { "Retry" }}
            </button>
        }
        .into_any(),
    });
    // The number of a call or SMS, to call back.
    let call_back = matches!(i.channel, Channel::Call | Channel::Sms)
        .then(|| party.clone())
        .flatten()
        .map(|number| view! { <CallButton number contact=Some(i.contact_id.clone())/> });
    // The work item it is on; set here as soon as one is made of it.
    let attached = RwSignal::new(i.work_item);
    let contact = i.contact_id.clone();
    let work_item = move || {
        attached.get().map(|number| {
            view! {
                <a class="small" href=work_item_href(&contact, number) data-testid="interaction-work-item">
                    "Work item #" {number}
                </a>
            }
        })
    };
    let to_work_item = view! {
        <ToWorkItem interaction=i.id.clone() contact=i.contact_id.clone() attached/>
    };
    let remind = i
        .remind_at
        .map(|ts| view! { <span class="small">"Due " <LocalTime ts/></span> });
    let by =
        i.by.clone()
            .map(|id| view! { <span class="small">" by " <MemberName id/></span> });
    let linked_order = view! { <LinkedOrderTag call=i.clone() on_changed/> };
    view! {
        <li class="interaction" data-testid="interaction" data-channel=i.channel.label()>
            <div class="interaction-head">
                <span class="chip chip-accent">{i.channel.label()}</span>
                <span class="small muted">{i.direction.label()} " " {direction} " " {party}</span>
                {call_back}
                <span class="small muted push-right"><LocalTime ts=i.at/></span>
            </div>
            {i.subject.clone().map(|subject| view! { <strong class="interaction-subject">{subject}</strong> })}
            <p class="interaction-body">{i.body.clone()}</p>
            {call}
            <div class="interaction-foot">
                {delivery}
                {remind}
                {by}
                {work_item}
                {linked_order}
            </div>
            {to_work_item}
            {move || retry_error.get().map(|error| view! { <ErrorNotice error/> })}
        </li>
    }
}
