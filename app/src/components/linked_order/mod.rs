//! The shop order an advisor links to a call: its tag on the call's card, and the Magento
//! Linked Order pop-up the tag opens. The pop-up is part of the shop's piece of the app (see
//! `components::shop`), fetched the first time it is needed.

mod check;
mod edit;
pub mod popup;

use leptos::prelude::*;
use worklane_domain::{Channel, InteractionView, LinkState};

use crate::{
    components::shop::{ShopPiece, show_shop_piece},
    state::{Session, use_session},
};

/// The chip colour of a verdict: grey while pending, green when valid, red when invalid.
pub fn state_class(state: LinkState) -> &'static str {
    match state {
        LinkState::Pending => "chip chip-wrap",
        LinkState::Valid => "chip chip-wrap chip-ok",
        LinkState::Invalid => "chip chip-wrap chip-danger",
    }
}

/// Whether the signed-in user may change the call's linked order: its author and admins.
pub fn may_edit(session: &Session, call: &InteractionView) -> bool {
    session.is_admin() || (call.by.is_some() && call.by == session.user_id())
}

/// On a call's card: the Linked Order tag, or for its author and admins a way to link one.
/// A change made in the pop-up comes back through `on_changed` once it closes.
#[component]
pub fn LinkedOrderTag(
    call: InteractionView,
    on_changed: Callback<InteractionView>,
) -> impl IntoView {
    let session = use_session();
    if call.channel != Channel::Call {
        return ().into_any();
    }
    let open = RwSignal::new(false);
    let tag = match &call.linked_order {
        Some(order) => {
            let (id, state) = (order.order_id.clone(), order.state);
            view! {
                <button
                    type="button"
                    class=state_class(state)
                    style:cursor="pointer"
                    style:border="1px solid currentColor"
                    style:font-family="inherit"
                    style:text-align="left"
                    data-testid="linked-order-tag"
                    data-state=state.label()
                    aria-haspopup="dialog"
                    on:click=move |_| open.set(true)
                >
                    {format!("Order #{id} · {}", state.label())}
                </button>
            }
            .into_any()
        }
        None if may_edit(&session, &call) => view! {
            <span class="small">
                <button
                    type="button"
                    class="link-button"
                    data-testid="link-order"
                    aria-haspopup="dialog"
                    on:click=move |_| open.set(true)
                >
                    "Link an order"
                </button>
            </span>
        }
        .into_any(),
        None => return ().into_any(),
    };
    let call = StoredValue::new(call);
    let on_close = Callback::new(move |changed: Option<InteractionView>| {
        open.set(false);
        if let Some(call) = changed {
            on_changed.run(call);
        }
    });
    view! {
        {tag}
        <Show when=move || open.get()>
            {move || {
                let call = Box::new(call.get_value());
                show_shop_piece("Opening the linked order…", ShopPiece::LinkedOrder { call, on_close })
            }}
        </Show>
    }
    .into_any()
}
