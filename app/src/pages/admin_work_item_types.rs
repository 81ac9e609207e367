//! `/admin/work-item-types`: Admin → Manage Work Item Types. Every type with its category,
//! workflow and priority; admins add types (category "Manually Created") and edit them.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{FieldError, Priority, WorkItemType, WorkItemTypeEdit, WorkItemTypeInput};

use crate::{
    api::{self, ApiError},
    components::{
        admin_only::AdminOnly,
        fields::{
            CheckboxField, Choice, FormActions, SelectField, TextAreaField, TextField, with_blank,
        },
        status::{
            ConflictNotice, FailureNotice, Loading, OtherFieldErrors, differences, field_message,
            load_failed, show_refusal,
        },
    },
    state::use_session,
};

const TYPE_PRIORITIES: [Priority; 3] = [Priority::High, Priority::Normal, Priority::Low];

#[component]
pub fn AdminWorkItemTypes() -> impl IntoView {
    view! {
        <AdminOnly title="Work Item Types" what="manage work item types">
            <TypesAdmin/>
        </AdminOnly>
    }
}

/// What the form is doing: nothing, adding a type, or editing one.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    Type(WorkItemType),
}

#[component]
fn TypesAdmin() -> impl IntoView {
    let session = use_session();
    let editing = RwSignal::new(Editing::None);
    let notice = RwSignal::new(None::<String>);
    let on_saved = Callback::new(move |saved: WorkItemType| {
        notice.set(Some(format!("Saved {}.", saved.name)));
        editing.set(Editing::None);
        session.catalog.refetch();
    });
    let on_cancel = Callback::new(move |_| editing.set(Editing::None));
    let on_reload = Callback::new(move |current: WorkItemType| {
        notice.set(None);
        editing.set(Editing::Type(current));
        session.catalog.refetch();
    });

    let rows = move || {
        session.catalog.get().map(|loaded| match loaded {
            Ok(catalog) => {
                let workflow_name = |key: &str| {
                    catalog
                        .workflow(key)
                        .map_or_else(|| key.to_string(), |w| w.name.clone())
                };
                catalog
                    .types
                    .iter()
                    .map(|t| {
                        let edited = t.clone();
                        view! {
                            <tr data-testid="type-row" data-key=t.key.clone()>
                                <td data-label="Name">{t.name.clone()}</td>
                                <td data-label="Category">{t.category.clone()}</td>
                                <td data-label="Workflow">{workflow_name(&t.workflow)}</td>
                                <td data-label="Priority">{t.priority.label()}</td>
                                <td data-label="Active">{if t.active { "Active" } else { "Inactive" }}</td>
                                <td data-label="By hand">{if t.manual { "Yes" } else { "No" }}</td>
                                <td class="row-actions">
                                    <button
                                        type="button"
                                        class="button button-small"
                                        data-testid="edit-type"
                                        on:click=move |_| editing.set(Editing::Type(edited.clone()))
                                    >
                                        "Edit"
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
            Err(error) => view! {
                <tr><td colspan="7">{load_failed(error, move || session.catalog.refetch())}</td></tr>
            }
            .into_any(),
        })
    };

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Work Item Types"</h1>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="new-type"
                    on:click=move |_| editing.set(Editing::New)
                >
                    "New type"
                </button>
            </div>
            {move || notice.get().map(|text| view! {
                <div class="alert alert-success" role="status" data-testid="notice">{text}</div>
            })}
            {move || match editing.get() {
                Editing::None => ().into_any(),
                Editing::New => view! { <TypeForm existing=None on_saved on_reload on_cancel/> }.into_any(),
                Editing::Type(t) => view! { <TypeForm existing=Some(t) on_saved on_reload on_cancel/> }.into_any(),
            }}
            <section class="card">
                <div class="table-scroll">
                    <table class="table" data-testid="types-table">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Category"</th>
                                <th scope="col">"Workflow"</th>
                                <th scope="col">"Priority"</th>
                                <th scope="col">"Active"</th>
                                <th scope="col">"Reps create by hand"</th>
                                <th scope="col"><span class="sr-only">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <Transition fallback=|| view! { <tr><td colspan="7"><Loading/></td></tr> }>
                                {rows}
                            </Transition>
                        </tbody>
                    </table>
                </div>
            </section>
        </div>
    }
}

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "name" | "explanation" | "priority" | "workflow" | "active" | "manual"
    )
}

fn changes(before: &WorkItemType, after: &WorkItemType) -> Vec<crate::components::status::Change> {
    differences([
        ("Name", before.name.clone(), after.name.clone()),
        (
            "Explanation",
            before.explanation.clone(),
            after.explanation.clone(),
        ),
        (
            "Priority",
            before.priority.label().into(),
            after.priority.label().into(),
        ),
        (
            "Active",
            before.active.to_string(),
            after.active.to_string(),
        ),
        (
            "Reps create by hand",
            before.manual.to_string(),
            after.manual.to_string(),
        ),
    ])
}

/// Adding a type (`existing` none) or editing one; a type keeps its workflow once created.
#[component]
fn TypeForm(
    existing: Option<WorkItemType>,
    on_saved: Callback<WorkItemType>,
    /// Another admin saved first: reopen the form on their version.
    on_reload: Callback<WorkItemType>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
    );
    let explanation = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.explanation.clone())
            .unwrap_or_default(),
    );
    let priority = RwSignal::new(
        existing
            .as_ref()
            .map_or("Normal", |t| api::priority_param(t.priority))
            .to_string(),
    );
    let workflow = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.workflow.clone())
            .unwrap_or_default(),
    );
    let active = RwSignal::new(existing.as_ref().is_none_or(|t| t.active));
    let manual = RwSignal::new(existing.as_ref().is_none_or(|t| t.manual));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<WorkItemType>);
    let saving = RwSignal::new(false);
    let is_edit = existing.is_some();
    let original = StoredValue::new(existing);

    let workflow_choices = Signal::derive(move || {
        with_blank(
            "Choose a workflow…",
            session.with_catalog(|c| {
                c.workflows
                    .iter()
                    .map(|w| (w.key.clone(), w.name.clone()))
                    .collect::<Vec<Choice>>()
            }),
        )
    });
    let priority_choices: Vec<Choice> = TYPE_PRIORITIES
        .iter()
        .map(|p| (api::priority_param(*p).to_string(), p.label().to_string()))
        .collect();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let input = WorkItemTypeInput {
            name: name.get_untracked(),
            explanation: explanation.get_untracked(),
            priority: priority.with_untracked(|p| Priority::parse(p).ok()),
            workflow: workflow.get_untracked(),
            active: active.get_untracked(),
            manual: manual.get_untracked(),
        };
        let existing = original.get_value();
        spawn_local(async move {
            let result = match &existing {
                Some(t) => {
                    let edit = WorkItemTypeEdit {
                        input,
                        version: t.version,
                    };
                    api::update_work_item_type(t.key.clone(), edit).await
                }
                None => api::create_work_item_type(input).await,
            };
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(error) => show_refusal(error, conflict, failure, errors),
            }
            saving.set(false);
        });
    };

    let conflict_view = move || {
        conflict.get().map(|current| {
            let changes = original
                .with_value(|before| before.as_ref().map(|b| changes(b, &current)))
                .unwrap_or_default();
            view! {
                <ConflictNotice
                    title="Another admin changed this type first"
                    note="Your edit was not saved. Reload to see their version, then make your change again.".into()
                    changes
                    on_reload=Callback::new(move |_| on_reload.run(current.clone()))
                />
            }
        })
    };

    view! {
        <form class="card form" data-testid="type-form" on:submit=submit novalidate>
            <h2>{if is_edit { "Edit work item type" } else { "New work item type" }}</h2>
            {conflict_view}
            <FailureNotice failure/>
            <TextField id="type-name" label="Name" name="name" value=name message=field_message(errors, "name")/>
            <TextAreaField
                id="type-explanation"
                label="Explanation (reps read it on the Reference tab)"
                name="explanation"
                value=explanation
                message=field_message(errors, "explanation")
                rows=4
            />
            <SelectField
                id="type-priority"
                label="Priority"
                choices=priority_choices
                selected=priority
                on_change=Callback::new(move |v| priority.set(v))
                message=field_message(errors, "priority")
            />
            <SelectField
                id="type-workflow"
                label="Workflow"
                choices=workflow_choices
                selected=workflow
                on_change=Callback::new(move |v| workflow.set(v))
                message=field_message(errors, "workflow")
                disabled=Signal::stored(is_edit)
                hint=if is_edit { Some("A type keeps its workflow: its items carry that workflow's statuses.") } else { None }
            />
            <CheckboxField id="type-active" label="Active" name="active" checked=active/>
            <CheckboxField id="type-manual" label="Reps may create it by hand" name="manual" checked=manual/>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="save-type" label="Save type" busy="Saving…" saving on_cancel/>
        </form>
    }
}
