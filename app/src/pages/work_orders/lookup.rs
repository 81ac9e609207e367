//! Looking an account or a contact up by what is typed: two characters or more, a pause in the
//! typing, then up to ten matches to choose from. In exact mode (service staff, when an admin
//! set the Service Staff Query Type to Exact) only a whole name — a contact's whole email
//! address or phone number too — finds anything, and the hint says so.

use gloo_timers::callback::Timeout;
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use worklane_domain::{Role, StaffQuery};

use crate::{
    api::{self, ApiError},
    components::status::FieldMessage,
    state::use_session,
};

const MIN_CHARS: usize = 2;
const DEBOUNCE_MS: u32 = 250;

/// What a lookup looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKind {
    Account,
    Contact,
}

impl LookupKind {
    fn noun(self) -> &'static str {
        match self {
            LookupKind::Account => "account",
            LookupKind::Contact => "contact",
        }
    }

    /// The line under the box: what to type.
    pub fn hint(self, exact: bool) -> &'static str {
        match (self, exact) {
            (LookupKind::Account, false) => {
                "Type at least 2 characters of the account's name; up to ten matches show."
            }
            (LookupKind::Account, true) => {
                "Type the account's whole name: service staff look accounts up by their exact name."
            }
            (LookupKind::Contact, false) => {
                "Type at least 2 characters of a name, email address or phone number; up to ten matches show."
            }
            (LookupKind::Contact, true) => {
                "Type the contact's whole name, email address or phone number: service staff look contacts up exactly."
            }
        }
    }

    /// What the lookup says when nothing matches `q`.
    fn nothing(self, q: &str, exact: bool) -> String {
        if exact {
            format!(
                "No {} has exactly “{q}” as its name{}.",
                self.noun(),
                if self == LookupKind::Contact {
                    ", email or phone"
                } else {
                    ""
                }
            )
        } else {
            format!("No {} matches “{q}”.", self.noun())
        }
    }
}

/// An account or contact chosen: its id, its name, and a line about it (a contact's email).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub id: String,
    pub name: String,
    pub detail: Option<String>,
}

/// A match: what choosing it picks, and whether the query is its whole name.
type Hit = (Picked, bool);

async fn find(kind: LookupKind, q: String) -> Result<Vec<Hit>, ApiError> {
    Ok(match kind {
        LookupKind::Account => api::accounts::search(q)
            .await?
            .into_iter()
            .map(|hit| {
                let picked = Picked {
                    id: hit.id.to_string(),
                    name: hit.name,
                    detail: None,
                };
                (picked, hit.exact)
            })
            .collect(),
        LookupKind::Contact => api::search_contacts(q)
            .await?
            .into_iter()
            .map(|hit| {
                let detail = match hit.email {
                    Some(email) => format!("{} · {email}", hit.kind.label()),
                    None => hit.kind.label().to_string(),
                };
                let picked = Picked {
                    id: hit.id.to_string(),
                    name: hit.name.to_string(),
                    detail: Some(detail),
                };
                (picked, hit.exact)
            })
            .collect(),
    })
}

/// Moves the focus to the element `id` once it is on the page (the box that replaced the
/// choice, or the choice that replaced the box), so it is not lost with what was clicked.
fn focus_next_frame(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

fn is_query(q: &str) -> bool {
    q.trim().chars().count() >= MIN_CHARS
}

/// Whether the signed-in user looks customers up exactly: service staff, when the service
/// desk's setting says so. Read once per page that asks.
pub fn exact_mode() -> Signal<bool> {
    let session = use_session();
    let staff = session.role() == Some(Role::ServiceStaff);
    let settings = LocalResource::new(move || async move {
        if staff {
            api::accounts::service_settings().await.ok()
        } else {
            None
        }
    });
    Signal::derive(move || {
        settings
            .get()
            .flatten()
            .is_some_and(|s| s.staff_query == StaffQuery::Exact)
    })
}

/// A lookup field. `chosen` holds what was picked; while it is empty the box searches as the
/// user types; once picked it shows the choice, with Change to look again.
#[component]
pub fn Lookup(
    /// The input's id; the testids of its parts start with it.
    id: &'static str,
    label: &'static str,
    kind: LookupKind,
    chosen: RwSignal<Option<Picked>>,
    #[prop(into)] exact: Signal<bool>,
    #[prop(optional, into)] message: Option<Signal<Option<String>>>,
    /// Told of each pick made in the list (not of a choice set by the page).
    #[prop(optional)]
    on_pick: Option<Callback<Picked>>,
) -> impl IntoView {
    let message = message.unwrap_or_else(|| Signal::stored(None));
    let typed = RwSignal::new(String::new());
    // The query the last search was for, and its answer (None while it runs).
    let answer = RwSignal::new(None::<(String, Option<Result<Vec<Hit>, ApiError>>)>);
    let searches = StoredValue::new(0u32);
    let timer = StoredValue::new_local(None::<Timeout>);
    let search = move |q: String| {
        searches.update_value(|n| *n += 1);
        let this = searches.get_value();
        answer.set(Some((q.clone(), None)));
        spawn_local(async move {
            let found = find(kind, q.clone()).await;
            if searches.get_value() == this {
                answer.set(Some((q, Some(found))));
            }
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        // Replacing the timeout drops (cancels) the one before.
        timer.set_value(if is_query(&value) {
            let q = value.trim().to_string();
            Some(Timeout::new(DEBOUNCE_MS, move || search(q)))
        } else {
            searches.update_value(|n| *n += 1);
            answer.set(None);
            None
        });
    };
    let pick = move |picked: Picked| {
        chosen.set(Some(picked.clone()));
        typed.set(String::new());
        answer.set(None);
        if let Some(on_pick) = on_pick {
            on_pick.run(picked);
        }
        focus_next_frame(format!("{id}-change"));
    };
    let hits = move || {
        answer.with(|a| match a {
            Some((_, Some(Ok(hits)))) => hits.clone(),
            _ => Vec::new(),
        })
    };
    // Enter picks the first match rather than sending the form.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some((first, _)) = hits().into_iter().next() {
                pick(first);
            }
        }
    };
    let hint_id = format!("{id}-hint");
    let status_id = format!("{id}-status");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {status_id} {error_id}");
    let hits_id = format!("{id}-hits");

    let status = move || {
        let waiting =
            typed.with(|t| answer.with(|a| a.as_ref().is_none_or(|(q, _)| q != t.trim())));
        if typed.with(|t| t.trim().is_empty()) {
            return String::new();
        }
        if !typed.with(|t| is_query(t)) {
            return "Type at least 2 characters.".to_string();
        }
        if waiting {
            return "Searching…".to_string();
        }
        answer.with(|a| match a {
            Some((q, Some(Ok(hits)))) => match hits.len() {
                0 => kind.nothing(q, exact.get()),
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            },
            Some((_, Some(Err(error)))) => error.message(),
            _ => "Searching…".to_string(),
        })
    };

    let hit_list = move || {
        let hits = hits();
        (!hits.is_empty()).then(|| {
            view! {
                <ul class="lookup-hits" id=hits_id.clone() data-testid=format!("{id}-hits")
                    aria-label=format!("Matching {}s", kind.noun())>
                    {hits
                        .into_iter()
                        .map(|(picked, whole)| {
                            let (name, detail) = (picked.name.clone(), picked.detail.clone());
                            view! {
                                <li>
                                    <button type="button" class="lookup-hit" data-testid=format!("{id}-hit")
                                        on:click=move |_| pick(picked.clone())>
                                        <span class="hit-name">{name}</span>
                                        {whole.then(|| view! { <span class="chip chip-accent">"Whole name"</span> })}
                                        {detail.map(|d| view! { <span class="muted small">{d}</span> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };

    let picked_view = move |picked: Picked| {
        view! {
            <div class="lookup-chosen" data-testid=format!("{id}-chosen")>
                <span>
                    <strong>{picked.name}</strong>
                    {picked.detail.map(|d| view! { <span class="muted small">" " {d}</span> })}
                </span>
                <button type="button" class="button button-small" id=format!("{id}-change")
                    data-testid=format!("{id}-change") aria-label=format!("Change the {}", kind.noun())
                    on:click=move |_| {
                        chosen.set(None);
                        focus_next_frame(id.to_string());
                    }>
                    "Change"
                </button>
            </div>
        }
    };

    view! {
        <div class="field lookup">
            {move || match chosen.get() {
                Some(picked) => view! {
                    <span class="field-label">{label}</span>
                    {picked_view(picked)}
                }
                .into_any(),
                None => view! {
                    <label for=id>{label}</label>
                    <input
                        id=id
                        type="search"
                        autocomplete="off"
                        data-testid=id
                        placeholder=format!("Look up a {}…", kind.noun())
                        aria-invalid=move || message.with(Option::is_some).to_string()
                        aria-describedby=described_by.clone()
                        aria-controls=format!("{id}-hits")
                        prop:value=move || typed.get()
                        on:input=on_input
                        on:keydown=on_keydown
                    />
                    <p class="hint" id=hint_id.clone() data-testid=format!("{id}-hint")>
                        {move || kind.hint(exact.get())}
                    </p>
                    <p class="muted small lookup-status" id=status_id.clone() role="status"
                        data-testid=format!("{id}-status")>
                        {status}
                    </p>
                    {hit_list.clone()}
                }
                .into_any(),
            }}
            <FieldMessage id=error_id message/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_two_characters_or_more_of_what_is_typed() {
        assert!(!is_query(" H "));
        assert!(is_query("Ha"));
        assert!(is_query("  Harbor"));
    }

    #[test]
    fn exact_mode_says_to_type_the_whole_name() {
        for kind in [LookupKind::Account, LookupKind::Contact] {
            assert!(kind.hint(false).contains("at least 2 characters"));
            assert!(kind.hint(true).contains("whole name"));
            assert!(!kind.hint(true).contains("at least 2"));
        }
        assert!(
            LookupKind::Contact
                .hint(true)
                .contains("email address or phone number")
        );
        assert_eq!(
            LookupKind::Account.nothing("Ha", true),
            "No account has exactly “Ha” as its name."
        );
        assert_eq!(
            LookupKind::Contact.nothing("Ge", true),
            "No contact has exactly “Ge” as its name, email or phone."
        );
        assert_eq!(
            LookupKind::Account.nothing("Zz", false),
            "No account matches “Zz”."
        );
    }
}
