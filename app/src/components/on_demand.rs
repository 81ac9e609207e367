//! A part of a page whose code is a piece of the app of its own (a `#[leptos::lazy]` function
//! returning its view), fetched the first time the part is shown.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::status::Loading;

/// Shows what `load` resolves to, with `label` as a loading line until then.
pub fn on_demand<F>(label: &'static str, load: impl FnOnce() -> F + 'static) -> impl IntoView
where
    F: Future<Output = AnyView> + 'static,
{
    // The piece is fetched over wasm-bindgen futures, which stay on the page's one thread.
    let load = SendWrapper::new(load);
    view! {
        <Suspense fallback=move || view! { <Loading label/> }>
            {Suspend::new(SendWrapper::new((load.take())()))}
        </Suspense>
    }
}
