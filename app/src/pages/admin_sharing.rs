//! `/admin/sharing`: who may see and change the records nothing else shares with them — the
//! org-wide default of each object. Owners and admins always may.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{Sharing, SharingSettings};

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

fn explain(sharing: Sharing) -> &'static str {
    match sharing {
        Sharing::Private => "Each rep sees and changes only the contacts they own.",
        Sharing::PublicRead => "Everyone sees every contact; only its owner changes it.",
        Sharing::PublicReadWrite => "Everyone sees and works every contact (a sales floor).",
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
                "that is not theirs. Owners and admins always may. A change applies from each "
                "user's next click."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the defaults…"/> }>
                {move || {
                    loaded.get().map(|result| match result {
                        Ok(settings) => view! { <SharingForm settings/> }.into_any(),
                        Err(error) => load_failed(error, move || loaded.refetch()),
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn SharingForm(settings: SharingSettings) -> impl IntoView {
    let saved = RwSignal::new(settings);
    let contacts = RwSignal::new(settings.defaults.contacts);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut draft = saved.get_untracked();
        draft.defaults.contacts = contacts.get_untracked();
        saving.set(true);
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::save_sharing(draft).await {
                Ok(now) => {
                    saved.set(now);
                    notice.set(Some(format!(
                        "Saved: contacts are {}.",
                        now.defaults.contacts.label().to_lowercase()
                    )));
                }
                Err(error) => {
                    if let Some(current) = error.current::<SharingSettings>() {
                        saved.set(current);
                        contacts.set(current.defaults.contacts);
                    }
                    failure.set(Some(refusal(&error)));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=save data-testid="sharing-form">
            <fieldset class="choice-group">
                <legend>"Contacts"</legend>
                {Sharing::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="contacts"
                                    value=option.key()
                                    data-testid=format!("contacts-{}", option.key())
                                    prop:checked=move || contacts.get() == option
                                    on:change=move |_| contacts.set(option)
                                />
                                <span>
                                    <strong>{option.label()}</strong>
                                    <span class="muted">" — " {explain(option)}</span>
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
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
                    disabled=move || saving.get() || contacts.get() == saved.get().defaults.contacts
                >
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
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
