//! `/admin/imports`: the scheduled imports — the website's quiz results and FAQ questions and
//! the shop's abandoned carts. One card per source (its schedule, next and last run, Pause and
//! Run now, its connection and its runs with their records), then who receives each imported
//! type's work items.
//!
//! This file loads the sources and the team; each part of the page is a module of its own.

mod connection;
mod routing;
mod run;
mod runs;
mod source;
mod words;

use leptos::prelude::*;

use crate::{
    api,
    components::{
        admin_only::AdminOnly,
        status::{FieldMessage, Loading, load_failed},
    },
    state::use_session,
};
use routing::RoutingSection;
use source::SourceCard;

/// Admins manage the imports; managers see them (what was imported, what waits for someone
/// to receive it), without the controls.
#[component]
pub fn AdminImports() -> impl IntoView {
    let session = use_session();
    move || {
        if session.supervises() {
            view! { <ImportsAdmin/> }.into_any()
        } else {
            view! {
                <AdminOnly title="Imports" what="manage the imports">
                    <ImportsAdmin/>
                </AdminOnly>
            }
            .into_any()
        }
    }
}

#[component]
fn ImportsAdmin() -> impl IntoView {
    let session = use_session();
    let sources = LocalResource::new(api::imports);
    let cards = move || {
        Some(match sources.get()? {
            Ok(list) => list
                .into_iter()
                .map(|source| view! { <SourceCard source/> })
                .collect_view()
                .into_any(),
            Err(error) => load_failed(error, move || sources.refetch()),
        })
    };
    let routing = move || {
        if !session.is_admin() {
            return None;
        }
        Some(match session.team.get()? {
            Ok(team) => view! { <RoutingSection team/> }.into_any(),
            Err(error) => load_failed(error, move || session.team.refetch()),
        })
    };
    view! {
        <div class="page imports-page" data-testid="imports-page">
            <div class="page-header">
                <h1>"Imports"</h1>
            </div>
            <p class="muted">
                "Quiz results and FAQ questions from the website and abandoned carts from the shop "
                "become work items on their own schedules. Each record is imported once; a person "
                "the CRM does not know yet becomes a New Lead. Run now imports the next records at once."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the imports…"/> }>
                {cards}
            </Transition>
            <Transition fallback=|| view! { <Loading label="Loading routing…"/> }>
                {routing}
            </Transition>
        </div>
    }
}

/// A labelled input whose id is made when the page is (there is one form per source and per
/// type on the page), styled like every other field.
#[component]
fn Input(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] placeholder: Option<Signal<String>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let placeholder = placeholder.unwrap_or_else(|| Signal::stored(String::new()));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type=input_type
                autocomplete=autocomplete
                data-testid=id
                placeholder=move || placeholder.get()
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described_by
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}
