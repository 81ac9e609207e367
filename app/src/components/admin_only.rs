use leptos::prelude::*;

use crate::state::use_session;

/// An admin console: its page for admins; for anyone else its title and what only admins may
/// do there (the server refuses them too).
#[component]
pub fn AdminOnly(
    title: &'static str,
    /// What only admins may do here, after "Only admins can".
    what: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    move || {
        if session.is_admin() {
            children().into_any()
        } else {
            view! {
                <div class="page">
                    <h1>{title}</h1>
                    <div class="alert alert-error" role="alert">
                        {format!("Only admins can {what}.")}
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
