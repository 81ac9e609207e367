//! A part of a page whose code is a piece of the app of its own (a `#[leptos::lazy]` function
//! returning how to make its view), fetched the first time the part is shown.
//!
//! Kept free of Suspense and of type parameters beyond boxing the future: the shell and the
//! Inbox use it, and they are in the first download.

use std::{future::Future, pin::Pin};

use leptos::{prelude::*, task::spawn_local};

use crate::components::status::Loading;

/// Shows the view that `piece` resolves to, with `label` as a loading line until then.
pub fn on_demand(label: &'static str, piece: impl Future<Output = ViewFn> + 'static) -> AnyView {
    show_piece(label, Box::pin(piece))
}

fn show_piece(label: &'static str, piece: Pin<Box<dyn Future<Output = ViewFn>>>) -> AnyView {
    let loaded = RwSignal::new(None::<ViewFn>);
    spawn_local(async move { loaded.set(Some(piece.await)) });
    (move || match loaded.get() {
        // What the piece reads while making its view is its own business, not this line's.
        Some(make) => untrack(|| make.run()),
        None => view! { <Loading label/> }.into_any(),
    })
    .into_any()
}
