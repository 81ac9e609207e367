//! `/admin/org`: the organisation — departments as a tree, each with a head; where each user
//! sits and whom they report to; user groups; data sharing rules; and how far a superior sees.
//! The admin edits the whole chart here and saves it at once; the server checks it as a whole
//! and names what is wrong, shown by the field it is about.
//!
//! This file loads the chart and saves it; each section of the form is a module of its own.

mod chart;
mod departments;
mod draft;
mod fields;
mod groups;
mod people;
mod reindex;
mod rules;
mod scope;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{ErrorBody, FieldError, OrgChart, ReindexProgress, TeamMember};

use crate::{
    api::{self, ApiError},
    components::{
        admin_only::AdminOnly,
        status::{FailureNotice, Loading, load_failed},
    },
    state::use_session,
};
use chart::{department_paths, for_saving, readable, stable_field, tree_order, unchosen};
use departments::Departments;
use draft::Org;
use groups::Groups;
use people::People;
use reindex::{ReindexLine, follow_reindex};
use rules::Rules;
use scope::ScopeChoice;

#[component]
pub fn AdminOrg() -> impl IntoView {
    view! {
        <AdminOnly title="Organisation" what="change the organisation">
            <OrgAdmin/>
        </AdminOnly>
    }
}

#[component]
fn OrgAdmin() -> impl IntoView {
    let session = use_session();
    let loaded = LocalResource::new(api::org);
    let content = move || {
        let team = match session.team.get()? {
            Ok(team) => team,
            Err(error) => return Some(load_failed(error, move || session.team.refetch())),
        };
        Some(match loaded.get()? {
            Ok(chart) => view! { <OrgForm chart team/> }.into_any(),
            Err(error) => load_failed(error, move || loaded.refetch()),
        })
    };
    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Organisation"</h1>
            </div>
            <p class="muted">
                "Departments and their heads, where each person sits and whom they report to, "
                "user groups and sharing rules. A record's owner's superiors and the heads of "
                "their department may see it, and so may those a sharing rule shares it with. "
                "Edit the chart below and save it once; it applies from each user's next click."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the organisation…"/> }>
                {content}
            </Transition>
        </div>
    }
}

/// A refusal made by the page itself, worded as the server words one, for what it can tell
/// is missing without asking.
fn refused_here(fields: Vec<FieldError>) -> ApiError {
    ApiError::Server {
        status: 422,
        body: ErrorBody {
            code: "validation_failed".into(),
            message: "Some fields are not filled in yet.".into(),
            request_id: String::new(),
            fields,
            current: None,
        },
    }
}

#[component]
fn OrgForm(chart: OrgChart, team: Vec<TeamMember>) -> impl IntoView {
    let draft = RwSignal::new(chart);
    let team = StoredValue::new(team);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tree = Memo::new(move |_| draft.with(tree_order));
    let departments = Memo::new(move |_| draft.with(|c| department_paths(c, &tree.get())));
    let org = Org {
        draft,
        team,
        errors,
        tree,
        departments,
    };

    let summary = RwSignal::new(Vec::<String>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let reindex = RwSignal::new(None::<ReindexProgress>);
    let saving = RwSignal::new(false);

    // A refused save: each message by the row it is about, and all of them above the button.
    let refused = move |chart: &OrgChart, error: ApiError| {
        let fields = error.fields();
        errors.set(
            fields
                .iter()
                .filter_map(|e| {
                    Some(FieldError {
                        field: stable_field(chart, &e.field)?,
                        message: e.message.clone(),
                    })
                })
                .collect(),
        );
        summary
            .set(team.with_value(|team| fields.iter().map(|e| readable(chart, team, e)).collect()));
        failure.set(Some(error));
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let chart = draft.with_untracked(for_saving);
        notice.set(None);
        reindex.set(None);
        failure.set(None);
        conflict.set(false);
        errors.set(Vec::new());
        summary.set(Vec::new());
        let missing = unchosen(&chart);
        if !missing.is_empty() {
            refused(&chart, refused_here(missing));
            return;
        }
        saving.set(true);
        spawn_local(async move {
            match api::save_org(&chart).await {
                Ok(saved) => {
                    draft.set(saved.chart);
                    notice.set(Some("Organisation saved".into()));
                    reindex.set(Some(saved.reindex));
                    if saved.reindex.running {
                        follow_reindex(reindex);
                    }
                }
                Err(error) if error.is_conflict() => {
                    let current = match error.current::<OrgChart>() {
                        Some(current) => Some(current),
                        None => api::org().await.ok(),
                    };
                    if let Some(current) = current {
                        draft.set(current);
                    }
                    conflict.set(true);
                }
                Err(error) => refused(&chart, error),
            }
            saving.set(false);
        });
    };

    view! {
        <form class="org-form" data-testid="org-form" on:submit=save novalidate>
            <Departments org/>
            <People org/>
            <Groups org/>
            <Rules org/>
            <ScopeChoice draft/>
            {move || {
                notice
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-success" role="status" data-testid="notice">
                                <strong>{text}</strong>
                                {move || reindex.get().map(|progress| view! { <ReindexLine progress/> })}
                            </div>
                        }
                    })
            }}
            {move || {
                conflict
                    .get()
                    .then(|| {
                        view! {
                            <div class="alert alert-warning" role="alert" data-testid="conflict">
                                <strong>"Someone else saved the organisation first."</strong>
                                <p>
                                    "Your changes were not saved. The chart is shown as they saved it; "
                                    "make your changes again and save."
                                </p>
                            </div>
                        }
                    })
            }}
            <FailureNotice failure/>
            {move || {
                let lines = summary.get();
                (!lines.is_empty())
                    .then(|| {
                        view! {
                            <ul class="field-error-list" data-testid="org-errors">
                                {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    id="save-org"
                    data-testid="save-org"
                    disabled=move || saving.get()
                >
                    {move || if saving.get() { "Saving…" } else { "Save organisation" }}
                </button>
            </div>
        </form>
    }
}
