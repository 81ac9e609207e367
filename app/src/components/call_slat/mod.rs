//! The Call Slat: the signed-in rep's live calls, in a panel over the page (bottom right on a
//! desktop, a bottom sheet on a phone).
//!
//! Only this file is in the first download: the shell polls `GET /api/calls` every 2 seconds
//! into a [`CallFeed`] (kept as the server's text), and from the first call on shows the slat,
//! whose code — decoding the calls, the panel, its forms — is a piece of the app of its own,
//! fetched then. Click-to-call puts the call it placed in the feed, so the slat opens at once.

mod board;
mod lead;
mod note;
mod panel;
mod slat;
mod timer;
mod work_items;

use std::{cell::Cell, rc::Rc};

use gloo_timers::callback::Interval;
use leptos::{prelude::*, task::spawn_local};
use send_wrapper::SendWrapper;

use crate::{api, components::on_demand::on_demand};

const POLL_MS: u32 = 2_000;

/// What the shell knows of the rep's calls, for the slat and for click-to-call: the server's
/// JSON text, decoded only by the slat's piece. (Signals of types the first download already
/// has: each new type of signal costs it code.)
#[derive(Clone, Copy)]
pub struct CallFeed {
    /// The last answer of `GET /api/calls`.
    pub polled: RwSignal<Option<String>>,
    /// When that answer was asked for: milliseconds since the epoch, by the browser's clock.
    pub asked_at: RwSignal<u64>,
    /// Calls this app placed (each a `LiveCall`'s JSON), until the slat takes them.
    pub placed: RwSignal<Vec<String>>,
}

impl CallFeed {
    /// Polls now, then every 2 seconds until the frame goes (signing out), and makes the feed
    /// available below. A failed poll shows nothing: the next one tries again, and a 401 sends
    /// the rep to the sign-in page as any request does.
    pub fn start() -> Self {
        let feed = CallFeed {
            polled: RwSignal::new(None),
            asked_at: RwSignal::new(0),
            placed: RwSignal::new(Vec::new()),
        };
        provide_context(feed);
        let asking = Rc::new(Cell::new(false));
        let poll = move || {
            // One question at a time: a slow server is not asked again meanwhile.
            if asking.replace(true) {
                return;
            }
            let asking = asking.clone();
            let at = js_sys::Date::now() as u64;
            spawn_local(async move {
                if let Ok(text) = api::calls::on_slat_text().await {
                    feed.asked_at.set(at);
                    feed.polled.set(Some(text));
                }
                asking.set(false);
            });
        };
        poll();
        let interval = SendWrapper::new(Interval::new(POLL_MS, poll));
        on_cleanup(move || drop(interval));
        feed
    }

    fn has_calls(&self) -> bool {
        self.polled
            .with(|p| p.as_deref().is_some_and(|text| text.trim() != "[]"))
            || self.placed.with(|p| !p.is_empty())
    }
}

#[leptos::lazy]
fn slat_piece() -> ViewFn {
    ViewFn::from(|| view! { <slat::CallSlat/> }.into_any())
}

/// Where the slat shows. From the first call on it stays (it keeps what the rep typed), and
/// shows nothing once every call is closed.
#[component]
pub fn CallSlatHost(feed: CallFeed) -> impl IntoView {
    let shown = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || feed.has_calls()
    });
    view! {
        <div class="call-slat-host">
            {move || shown.get().then(|| on_demand("Opening the call…", slat_piece()))}
        </div>
    }
}
