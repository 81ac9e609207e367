//! `/admin/sharing`: who may see and change the records nothing else shares with them — the
//! org-wide default of each object. Owners and admins always may. Below, seed 003's Service
//! Staff Query Type: how service staff may look accounts and contacts up.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ServiceSettings, Sharing, SharingDefaults, SharingSettings, StaffQuery};

use crate::{
    api::{self, ApiError},
    components::{
        admin_only::AdminOnly,
        status::{Loading, load_failed},
    },
};

#[component]
pub fn AdminSharing() -> impl IntoView {
    view! {
        <AdminOnly title="Who may see what" what="change who may see what">
            <SharingAdmin/>
        </AdminOnly>
    }
}

/// One object whose records have an org-wide default: its field in the defaults, its name,
/// and what each choice means for it.
#[derive(Clone, Copy)]
struct Object {
    key: &'static str,
    title: &'static str,
    records: &'static str,
    get: fn(&SharingDefaults) -> Sharing,
    set: fn(&mut SharingDefaults, Sharing),
}

const OBJECTS: [Object; 3] = [
    Object {
        key: "contacts",
        title: "Contacts",
        records: "contacts",
        get: |d| d.contacts,
        set: |d, s| d.contacts = s,
    },
    Object {
        key: "work_items",
        title: "Work items",
        records: "work items (every type but work orders)",
        get: |d| d.work_items,
        set: |d, s| d.work_items = s,
    },
    Object {
        key: "work_orders",
        title: "Work orders",
        records: "work orders",
        get: |d| d.work_orders,
        set: |d, s| d.work_orders = s,
    },
];

fn explain(sharing: Sharing, records: &str) -> String {
    match sharing {
        Sharing::Private => format!(
            "Only the owner, their superiors, team members and the sharing rules reach the {records}."
        ),
        Sharing::PublicRead => {
            format!("Everyone sees all {records}; only those the rules reach change them.")
        }
        Sharing::PublicReadWrite => {
            format!("Everyone sees and works all {records} (a sales floor).")
        }
    }
}

#[component]
fn SharingAdmin() -> impl IntoView {
    let loaded = LocalResource::new(api::sharing);
    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Who may see what"</h1>
            </div>
            <p class="muted">
                "The org-wide default of each kind of record: what a user may do with a record "
                "nothing else shares with them. Owners, their superiors and admins always may. A "
                "change applies from each user's next click."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the defaults…"/> }>
                {move || {
                    loaded.get().map(|result| match result {
                        Ok(settings) => view! { <SharingForm settings/> }.into_any(),
                        Err(error) => load_failed(error, move || loaded.refetch()),
                    })
                }}
            </Transition>
            <ServiceQuery/>
        </div>
    }
}

#[component]
fn SharingForm(settings: SharingSettings) -> impl IntoView {
    let saved = RwSignal::new(settings);
    let draft = RwSignal::new(settings.defaults);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut edit = saved.get_untracked();
        edit.defaults = draft.get_untracked();
        saving.set(true);
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::save_sharing(edit).await {
                Ok(now) => {
                    saved.set(now);
                    notice.set(Some(format!(
                        "Saved: contacts are {}, work items {}, work orders {}.",
                        now.defaults.contacts.label().to_lowercase(),
                        now.defaults.work_items.label().to_lowercase(),
                        now.defaults.work_orders.label().to_lowercase(),
                    )));
                }
                Err(error) => {
                    if let Some(current) = error.current::<SharingSettings>() {
                        saved.set(current);
                        draft.set(current.defaults);
                    }
                    failure.set(Some(refusal(&error)));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=save data-testid="sharing-form">
            {OBJECTS
                .into_iter()
                .map(|object| view! { <ObjectChoice object draft/> })
                .collect_view()}
            {move || {
                notice
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-success" role="status" data-testid="notice">
                                {text}
                            </div>
                        }
                    })
            }}
            {move || {
                failure
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-error" role="alert" data-testid="form-error">
                                {text}
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-sharing"
                    disabled=move || saving.get() || draft.get() == saved.get().defaults
                >
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn ObjectChoice(object: Object, draft: RwSignal<SharingDefaults>) -> impl IntoView {
    view! {
        <fieldset class="choice-group">
            <legend>{object.title}</legend>
            {Sharing::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=object.key
                                value=option.key()
                                data-testid=format!("{}-{}", object.key, option.key())
                                prop:checked=move || (object.get)(&draft.get()) == option
                                on:change=move |_| draft.update(|d| (object.set)(d, option))
                            />
                            <span>
                                <strong>{option.label()}</strong>
                                <span class="muted">" — " {explain(option, object.records)}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

fn refusal(error: &ApiError) -> String {
    if error.is_conflict() {
        "Another admin changed these defaults meanwhile; they are shown as they are now. \
         Choose again and save."
            .into()
    } else {
        error.message()
    }
}

/// What each Service Staff Query Type means (seed 003).
fn staff_query_text(query: StaffQuery) -> &'static str {
    match query {
        StaffQuery::Fuzzy => {
            "Service staff type at least two characters and see up to ten matching accounts or contacts."
        }
        StaffQuery::Exact => {
            "Service staff find an account only by its whole name, and a contact only by its whole name, email address or phone number."
        }
    }
}

/// Service Staff Query Type: how service staff look customers up when they create a work
/// order. Everyone else always looks up fuzzily.
#[component]
fn ServiceQuery() -> impl IntoView {
    let loaded = LocalResource::new(api::accounts::service_settings);
    view! {
        <section class="admin-section" aria-labelledby="service-query-title">
            <h2 id="service-query-title">"Service Staff Query Type"</h2>
            <p class="muted">
                "How service staff look up accounts and contacts when they create a work order. "
                "Fuzzy lets them browse customers by a few letters; exact keeps them from fishing for "
                "customers they were not told about. Everyone else always looks up fuzzily."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the setting…"/> }>
                {move || {
                    loaded.get().map(|result| match result {
                        Ok(settings) => view! { <ServiceQueryForm settings/> }.into_any(),
                        Err(error) => load_failed(error, move || loaded.refetch()),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ServiceQueryForm(settings: ServiceSettings) -> impl IntoView {
    let saved = RwSignal::new(settings);
    let draft = RwSignal::new(settings.staff_query);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = ServiceSettings {
            staff_query: draft.get_untracked(),
            version: saved.get_untracked().version,
        };
        saving.set(true);
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::accounts::save_service_settings(edit).await {
                Ok(now) => {
                    saved.set(now);
                    notice.set(Some(format!(
                        "Saved: service staff now use the {}.",
                        now.staff_query.label().to_lowercase()
                    )));
                }
                Err(error) => {
                    let text = if error.is_conflict() {
                        if let Some(current) = error.current::<ServiceSettings>() {
                            saved.set(current);
                            draft.set(current.staff_query);
                        }
                        "Another admin changed this setting meanwhile; it is shown as it is now. \
                         Choose again and save."
                            .to_string()
                    } else {
                        error.message()
                    };
                    failure.set(Some(text));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=save data-testid="service-settings-form">
            <fieldset class="choice-group">
                <legend>"Service staff look customers up by"</legend>
                {StaffQuery::ALL
                    .into_iter()
                    .map(|option| view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name="staff_query"
                                value=option.key()
                                data-testid=format!("staff-query-{}", option.key())
                                prop:checked=move || draft.get() == option
                                on:change=move |_| draft.set(option)
                            />
                            <span>
                                <strong>{option.label()}</strong>
                                <span class="muted">" — " {staff_query_text(option)}</span>
                            </span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            {move || notice.get().map(|text| view! {
                <div class="alert alert-success" role="status" data-testid="service-notice">{text}</div>
            })}
            {move || failure.get().map(|text| view! {
                <div class="alert alert-error" role="alert" data-testid="service-error">{text}</div>
            })}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-service-settings"
                    disabled=move || saving.get() || draft.get() == saved.get().staff_query
                >
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
