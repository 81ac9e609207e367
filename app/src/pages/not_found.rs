//! Any path the app does not know.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="page-center">
            <div class="card not-found" data-testid="not-found">
                <h1>"Page not found"</h1>
                <p>"There is no page at this address."</p>
                <a class="button button-primary" href="/contacts">
                    "Go to contacts"
                </a>
            </div>
        </div>
    }
}
