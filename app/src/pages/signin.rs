//! `/signin`: email and password.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};
use worklane_domain::SignInRequest;

use crate::{api, components::fields::TextField, state::use_session};

/// Where to go after signing in: the page the user was sent away from, if it is one of ours.
/// Browsers read `/\host` and `//host` as another site, so only a plain path is followed.
fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && path != "/signin" =>
        {
            path
        }
        _ => "/inbox".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_plain_paths_of_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/contacts/abc".into())), "/contacts/abc");
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/\tevil",
            "/signin",
        ] {
            assert_eq!(safe_next(Some(hostile.into())), "/inbox", "{hostile}");
        }
        assert_eq!(safe_next(None), "/inbox");
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Whoever was signed in is gone (signed out, or the session expired). Forgotten on the
    // next turn of the event loop, once the pages that showed them are torn down: their
    // effects must not re-run against state that is being disposed.
    if session.user.with_untracked(Option::is_some) {
        set_timeout(move || session.user.set(None), std::time::Duration::ZERO);
    }
    let no_message = Signal::stored(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = SignInRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        let next = safe_next(query.with_untracked(|q| q.get("next")));
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::sign_in(request).await {
                Ok(user) => {
                    session.user.set(Some(user));
                    navigate(&next, NavigateOptions::default());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="signin-page">
            <form
                class="card signin-card"
                novalidate
                aria-labelledby="signin-title"
                data-testid="signin-form"
                on:submit=on_submit
            >
                <div class="signin-brand">
                    <span class="brand-mark" aria-hidden="true">
                        "W"
                    </span>
                    <span class="brand-name">"Worklane"</span>
                </div>
                <h1 id="signin-title">"Sign in"</h1>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <div class="alert alert-error" role="alert" data-testid="signin-error">
                                    {message}
                                </div>
                            }
                                .into_any()
                        })
                }}
                <TextField
                    id="signin-email"
                    label="Email"
                    name="email"
                    value=email
                    message=no_message
                    input_type="email"
                    autocomplete="username"
                />
                <TextField
                    id="signin-password"
                    label="Password"
                    name="password"
                    value=password
                    message=no_message
                    input_type="password"
                    autocomplete="current-password"
                />
                <button
                    type="submit"
                    class="button button-primary button-block"
                    data-testid="signin-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </div>
    }
}
