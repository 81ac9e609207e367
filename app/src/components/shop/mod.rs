//! The shop on a contact's page: the Status & Marketing panel (their shop accounts, how much
//! and when they ordered, their orders, and Sync with Magento) and the Magento Linked Order
//! pop-up of a call. Both are one piece of the app of its own, fetched when a contact is first
//! opened (or a call's tag first clicked), so the contact's own page does not wait for it.

mod orders;
mod panel;

use leptos::prelude::*;
use worklane_domain::{ContactId, InteractionView};

use crate::components::{linked_order::popup::LinkedOrderPopup, on_demand::on_demand};

/// What to show of the piece.
pub enum ShopPiece {
    /// The Status & Marketing panel of a contact.
    Status(ContactId),
    /// The Magento Linked Order pop-up of a call; it reports the call as changed, if it was,
    /// when it closes.
    LinkedOrder {
        call: Box<InteractionView>,
        on_close: Callback<Option<InteractionView>>,
    },
}

#[leptos::lazy]
fn shop_piece(piece: ShopPiece) -> ViewFn {
    match piece {
        ShopPiece::Status(contact) => ViewFn::from(move || {
            view! { <panel::StatusMarketingPanel contact=contact.clone()/> }.into_any()
        }),
        ShopPiece::LinkedOrder { call, on_close } => ViewFn::from(move || {
            view! { <LinkedOrderPopup call=(*call).clone() on_close/> }.into_any()
        }),
    }
}

/// `piece`, fetched the first time one is shown, with `label` as its loading line until then.
pub fn show_shop_piece(label: &'static str, piece: ShopPiece) -> impl IntoView {
    on_demand(label, shop_piece(piece))
}

#[component]
pub fn StatusMarketing(contact: ContactId) -> impl IntoView {
    show_shop_piece("Loading Status & Marketing…", ShopPiece::Status(contact))
}
