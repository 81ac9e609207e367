//! The signed-in app's frame: left navigation, top bar, and the page in between.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    components::{A, Outlet},
    hooks::use_navigate,
};

use crate::{
    api,
    components::{
        availability::AvailabilitySelect,
        call_slat::{CallFeed, CallSlatHost},
        status::{ErrorNotice, Loading},
    },
    state::{Routing, use_session},
};

/// Sends the user to the sign-in page whenever the server answers 401, remembering where
/// they were. Rendered once, inside the router.
#[component]
pub fn UnauthorizedRedirect() -> impl IntoView {
    let navigate = use_navigate();
    // The user is forgotten by the sign-in page once it shows: clearing it here, while the
    // pages that read it are still mounted, would re-run their effects mid-teardown.
    api::set_unauthorized_handler(move || {
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        if path == "/signin" {
            return;
        }
        let here = format!("{path}{}", location.search().unwrap_or_default());
        navigate(
            &format!("/signin?next={}", api::encode(&here)),
            NavigateOptions::default(),
        );
    });
}

const UNREAD_POLL_MS: u32 = 20_000;

/// Loads the signed-in user, then shows the frame around the current page.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let me = LocalResource::new(api::me);
    Effect::new(move |_| {
        if let Some(Ok(user)) = me.get() {
            session.user.set(Some(user));
        }
    });
    let signed_in = Memo::new(move |_| session.user.with(Option::is_some));
    move || {
        if signed_in.get() {
            view! { <Frame/> }.into_any()
        } else {
            match me.get() {
                Some(Err(error)) if !error.is_unauthorized() => view! {
                    <div class="page-center">
                        <ErrorNotice error retry=Callback::new(move |_| me.refetch())/>
                    </div>
                }
                .into_any(),
                _ => view! {
                    <div class="page-center">
                        <Loading label="Loading Worklane…"/>
                    </div>
                }
                .into_any(),
            }
        }
    }
}

#[component]
fn Frame() -> impl IntoView {
    let session = use_session();
    let Routing(routing) = expect_context::<Routing>();
    // The unread count in the navigation: now, then every 20 seconds while signed in.
    session.refresh_unread();
    let poll = send_wrapper::SendWrapper::new(gloo_timers::callback::Interval::new(
        UNREAD_POLL_MS,
        move || session.refresh_unread(),
    ));
    on_cleanup(move || drop(poll));
    // The rep's calls, polled while signed in; the Call Slat shows them.
    let feed = CallFeed::start();
    let navigate = use_navigate();
    let signing_out = RwSignal::new(false);
    let sign_out_error = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        signing_out.set(true);
        sign_out_error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::sign_out().await {
                // A 401 means the session had already ended: the handler has moved on.
                Ok(()) | Err(api::ApiError::Server { status: 401, .. }) => {
                    // The sign-in page clears `session.user` once the app's pages are gone.
                    navigate("/signin", NavigateOptions::default());
                }
                Err(error) => sign_out_error.set(Some(error.message())),
            }
            signing_out.set(false);
        });
    };
    let name = move || {
        session
            .user
            .with(|u| u.as_ref().map(|u| u.name.to_string()).unwrap_or_default())
    };
    let role = move || {
        session
            .user
            .with(|u| u.as_ref().map(|u| u.role.label()).unwrap_or_default())
    };

    view! {
        <div class="shell">
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <header class="topbar">
                <a class="brand" href="/inbox" aria-label="Worklane home">
                    <span class="brand-mark" aria-hidden="true">
                        "W"
                    </span>
                    <span class="brand-name">"Worklane"</span>
                </a>
                <div class="topbar-user">
                    <span class="user-name" data-testid="current-user" title=role>
                        {move || name()}
                    </span>
                    <AvailabilitySelect/>
                    <button
                        type="button"
                        class="button button-ghost"
                        data-testid="sign-out"
                        disabled=move || signing_out.get()
                        on:click=sign_out
                    >
                        {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
                    </button>
                </div>
                {move || {
                    sign_out_error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="topbar-error" role="alert">
                                    {message}
                                </p>
                            }
                                .into_any()
                        })
                }}
            </header>
            <nav class="sidenav" aria-label="Main navigation">
                <ul class="nav-list">
                    <li>
                        <A href="/contacts">"Contacts"</A>
                    </li>
                    <li>
                        <A href="/inbox">
                            "Inbox"
                            {move || session.unread.get().filter(|n| *n > 0).map(|n| view! {
                                <span class="badge" data-testid="unread-count" aria-label=format!("{n} unread")>{n}</span>
                            })}
                        </A>
                    </li>
                    <li>
                        <A href="/my/work-items">"My Work Items"</A>
                    </li>
                    <li>
                        <A href="/work-orders">"Work Orders"</A>
                    </li>
                    <li>
                        <A href="/accounts">"Accounts"</A>
                    </li>
                    <li>
                        <A href="/outbox">"Outbox"</A>
                    </li>
                    <Show when=move || session.supervises()>
                        <li>
                            <A href="/reports/linked-orders">"Linked orders"</A>
                        </li>
                    </Show>
                    // Admins find them under Admin; managers follow what the imports and the
                    // shop bring in.
                    <Show when=move || session.supervises() && !session.is_admin()>
                        <li>
                            <A href="/admin/imports">"Imports"</A>
                        </li>
                        <li>
                            <A href="/admin/shop">"Shop"</A>
                        </li>
                    </Show>
                </ul>
                <Show when=move || session.is_admin()>
                    <p class="nav-heading" id="nav-admin">
                        "Admin"
                    </p>
                    <ul class="nav-list" aria-labelledby="nav-admin">
                        <li>
                            <A href="/admin/users">"Users"</A>
                        </li>
                        <li>
                            <A href="/admin/sharing">"Who May See What"</A>
                        </li>
                        <li>
                            <A href="/admin/org">"Organisation"</A>
                        </li>
                        <li>
                            <A href="/admin/work-item-types">"Work Item Types"</A>
                        </li>
                        <li>
                            <A href="/admin/workflows">"Workflows"</A>
                        </li>
                        <li>
                            <A href="/admin/imports">"Imports"</A>
                        </li>
                        <li>
                            <A href="/admin/shop">"Shop"</A>
                        </li>
                    </ul>
                </Show>
            </nav>
            <main class="content" id="main" tabindex="-1">
                {move || {
                    routing
                        .get()
                        .then(|| {
                            view! {
                                <p class="route-loading" role="status" data-testid="page-loading">
                                    <span class="spinner" aria-hidden="true"></span>
                                    "Loading the page…"
                                </p>
                            }
                        })
                }}
                <Outlet/>
            </main>
            <CallSlatHost feed/>
        </div>
    }
}
