//! Routing per imported type: who receives its items (by default every active rep), the most
//! open items a person may hold and still receive more, and whether the contact's owner comes
//! first.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, ImportSource, RoutingSettings, TeamMember, UserId};

use super::{Input, words::parse_cap};
use crate::{
    api::{self, ApiError},
    components::{
        fields::include,
        status::{
            FailureNotice, FieldMessage, Loading, OtherFieldErrors, field_message, load_failed,
        },
    },
    state::use_session,
};

/// One form per type its imports make.
#[component]
pub fn RoutingSection(team: Vec<TeamMember>) -> impl IntoView {
    let team = StoredValue::new(team);
    view! {
        <section class="card routing-section" data-testid="routing" aria-labelledby="routing-title">
            <h2 id="routing-title">"Routing"</h2>
            <p class="muted">
                "Who receives each imported type's work items. They go round robin, to the eligible "
                "person who received a work item longest ago: eligible means active, in the pool, "
                "not Away and under the cap."
            </p>
            {ImportSource::ALL
                .into_iter()
                .map(|source| view! { <RoutingForm type_key=source.type_key() team/> })
                .collect_view()}
        </section>
    }
}

#[component]
fn RoutingForm(type_key: &'static str, team: StoredValue<Vec<TeamMember>>) -> impl IntoView {
    let loaded = LocalResource::new(move || api::routing(type_key.to_string()));
    view! {
        <Transition fallback=|| view! { <Loading label="Loading routing…"/> }>
            {move || loaded.get().map(|result| match result {
                Ok(settings) => view! { <RoutingEditor settings team/> }.into_any(),
                Err(error) => load_failed(error, move || loaded.refetch()),
            })}
        </Transition>
    }
}

fn known_field(field: &str) -> bool {
    matches!(field, "pool" | "cap" | "prefer_contact_owner")
}

#[component]
fn RoutingEditor(settings: RoutingSettings, team: StoredValue<Vec<TeamMember>>) -> impl IntoView {
    let session = use_session();
    let type_key = settings.type_key.clone();
    let name = {
        let key = type_key.clone();
        move || session.with_catalog(|c| c.type_name(&key))
    };
    let prefix = format!("routing-{type_key}");
    let saved = RwSignal::new(settings);
    let pool = RwSignal::new(Vec::<UserId>::new());
    let cap = RwSignal::new(String::new());
    let prefer = RwSignal::new(false);
    // The form shows `saved`: at first, after a save, and after a conflict.
    let show = move |s: &RoutingSettings| {
        pool.set(s.pool.clone());
        cap.set(s.cap.map(|c| c.to_string()).unwrap_or_default());
        prefer.set(s.prefer_contact_owner);
    };
    saved.with_untracked(show);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<(&'static str, String)>);
    let saving = RwSignal::new(false);

    // Active people, and anyone disabled who is still in the saved pool (so they can be taken
    // out).
    let people = move || {
        team.with_value(|team| {
            pool.with(|pool| {
                team.iter()
                    .filter(|m| !m.disabled || pool.contains(&m.id))
                    .map(|m| (m.id.clone(), m.name.to_string(), m.role.label(), m.disabled))
                    .collect::<Vec<_>>()
            })
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        notice.set(None);
        failure.set(None);
        errors.set(Vec::new());
        let cap = match parse_cap(&cap.get_untracked()) {
            Ok(cap) => cap,
            Err(message) => {
                errors.set(vec![FieldError {
                    field: "cap".into(),
                    message: message.into(),
                }]);
                return;
            }
        };
        let mut settings = saved.get_untracked();
        settings.pool = pool.get_untracked();
        settings.cap = cap;
        settings.prefer_contact_owner = prefer.get_untracked();
        saving.set(true);
        spawn_local(async move {
            let type_key = settings.type_key.clone();
            match api::save_routing(settings).await {
                Ok(now) => {
                    show(&now);
                    saved.set(now);
                    notice.set(Some(("alert alert-success", "Routing saved.".into())));
                }
                Err(error) if error.is_conflict() => {
                    let current = match error.current::<RoutingSettings>() {
                        Some(current) => Some(current),
                        None => api::routing(type_key).await.ok(),
                    };
                    if let Some(current) = current {
                        show(&current);
                        let _ = saved.try_set(current);
                    }
                    notice.set(Some((
                        "alert alert-warning",
                        "Someone else saved this routing first; it now shows their settings. \
                         Make your change again and save."
                            .into(),
                    )));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            let _ = saving.try_set(false);
        });
    };

    let pool_error = format!("{prefix}-pool-error");
    let pool_described = pool_error.clone();
    let prefer_id = format!("{prefix}-prefer");
    let checkboxes = {
        let prefix = prefix.clone();
        move || {
            people()
                .into_iter()
                .map(|(id, name, role, disabled)| {
                    let box_id = format!("{prefix}-pool-{id}");
                    let label_for = box_id.clone();
                    let member = id.clone();
                    let checked = move || pool.with(|p| p.contains(&member));
                    let label = if disabled {
                        format!("{name} (disabled)")
                    } else {
                        name
                    };
                    view! {
                        <label class="choice routing-person" for=label_for>
                            <input
                                type="checkbox"
                                id=box_id
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let id = id.clone();
                                    pool.update(|p| include(p, id, on));
                                }
                            />
                            <span>{label} <span class="muted small">" · " {role}</span></span>
                        </label>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <form
            class="routing-form"
            data-testid="routing-form"
            data-type=type_key.clone()
            aria-label=move || format!("Routing of {}", name())
            on:submit=submit
            novalidate
        >
            <h3>{name.clone()}</h3>
            <fieldset class="routing-pool" aria-describedby=pool_described>
                <legend>"Pool"</legend>
                <p class="hint" data-testid="routing-pool-state">
                    {move || match pool.with(Vec::len) {
                        0 => "Nobody checked: every active rep receives them.".to_string(),
                        1 => "Only the person checked receives them.".to_string(),
                        n => format!("Only the {n} people checked receive them."),
                    }}
                </p>
                <div class="routing-people">{checkboxes}</div>
                <FieldMessage id=pool_error message=field_message(errors, "pool")/>
            </fieldset>
            <Input
                id=format!("{prefix}-cap")
                label="Cap of open items"
                value=cap
                message=field_message(errors, "cap")
                input_type="number"
                hint="The most open work items (of any type) a person may hold and still receive more: 1 to 500. Empty: no cap."
            />
            <div class="field field-check">
                <input
                    type="checkbox"
                    id=prefer_id.clone()
                    data-testid="routing-prefer-owner"
                    prop:checked=move || prefer.get()
                    on:change=move |ev| prefer.set(event_target_checked(&ev))
                />
                <label for=prefer_id>"Prefer the contact's owner"</label>
            </div>
            <OtherFieldErrors errors known=known_field/>
            <FailureNotice failure/>
            {move || notice.get().map(|(class, text)| view! {
                <p class=class role="status" data-testid="routing-notice">{text}</p>
            })}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-routing"
                    disabled=move || saving.get()
                >
                    {move || if saving.get() { "Saving…" } else { "Save routing" }}
                </button>
            </div>
        </form>
    }
}
