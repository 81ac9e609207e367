//! `/admin/workflows`: every workflow as data — statuses, transitions, extensions and the rules
//! on entering a status — and an editor for admins to create and change them. The server checks
//! every definition; its messages show by the form.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{
    ExtensionDef, FieldError, Priority, PriorityChange, Requirement, StatusDef, StatusKind,
    TransitionDef, Workflow,
};

use crate::{
    api::{self, ApiError},
    catalog::status_label,
    components::{
        admin_only::AdminOnly,
        fields::{FormActions, include},
        status::{ConflictNotice, FailureNotice, Loading, load_failed, show_refusal},
    },
    state::use_session,
};

const REQUIREMENTS: [(Requirement, &str); 3] = [
    (Requirement::ClosingReason, "Closing reason"),
    (Requirement::ResolutionDescription, "Resolution"),
    (Requirement::NewDueDate, "Later due date"),
];

const KINDS: [(StatusKind, &str); 3] = [
    (StatusKind::Open, "Open"),
    (StatusKind::Closed, "Closed"),
    (StatusKind::Void, "Void"),
];

/// The choices of "on entering": none, lower one step, or set to a priority.
const PRIORITY_CHANGES: [(&str, Option<PriorityChange>); 7] = [
    ("", None),
    ("lower", Some(PriorityChange::Lower)),
    ("Urgent", Some(PriorityChange::Set(Priority::Urgent))),
    ("High", Some(PriorityChange::Set(Priority::High))),
    ("Normal", Some(PriorityChange::Set(Priority::Normal))),
    ("Low", Some(PriorityChange::Set(Priority::Low))),
    (
        "NotApplicable",
        Some(PriorityChange::Set(Priority::NotApplicable)),
    ),
];

fn priority_change_value(change: Option<PriorityChange>) -> &'static str {
    PRIORITY_CHANGES
        .iter()
        .find(|(_, c)| *c == change)
        .map_or("", |(value, _)| value)
}

fn priority_change_text(change: Option<PriorityChange>) -> String {
    match change {
        None => String::new(),
        Some(PriorityChange::Lower) => "lowers priority".into(),
        Some(PriorityChange::Set(p)) => format!("priority → {}", p.label()),
    }
}

fn kind_label(kind: StatusKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, l)| l)
}

#[component]
pub fn AdminWorkflows() -> impl IntoView {
    view! {
        <AdminOnly title="Workflows" what="manage workflows">
            <WorkflowsAdmin/>
        </AdminOnly>
    }
}

/// A starting point for a new workflow: one open and one closed status.
fn blank_workflow() -> Workflow {
    let status = |key: &str, label: &str, color: &str, kind| StatusDef {
        key: key.into(),
        label: label.into(),
        number: None,
        color: color.into(),
        kind,
        requires: Vec::new(),
        priority_change: None,
    };
    Workflow {
        key: String::new(),
        name: String::new(),
        statuses: vec![
            status("NEW", "New", "#2e7d32", StatusKind::Open),
            status("DONE", "Done", "#616161", StatusKind::Closed),
        ],
        initial: "NEW".into(),
        transitions: vec![TransitionDef {
            from: "NEW".into(),
            to: "DONE".into(),
        }],
        extensions: Vec::new(),
        lockable: false,
        version: 0,
    }
}

#[component]
fn WorkflowsAdmin() -> impl IntoView {
    let session = use_session();
    // (the draft, whether it is new)
    let editing = RwSignal::new(None::<(Workflow, bool)>);
    let notice = RwSignal::new(None::<String>);
    let on_saved = Callback::new(move |saved: Workflow| {
        notice.set(Some(format!("Saved the {} workflow.", saved.name)));
        editing.set(None);
        session.catalog.refetch();
    });
    let on_cancel = Callback::new(move |_| editing.set(None));
    let on_reload = Callback::new(move |current: Workflow| {
        notice.set(None);
        editing.set(Some((current, false)));
        session.catalog.refetch();
    });

    let cards = move || {
        session.catalog.get().map(|loaded| match loaded {
            Ok(catalog) => catalog
                .workflows
                .iter()
                .map(|w| {
                    let edited = w.clone();
                    view! {
                        <WorkflowCard workflow=w.clone()/>
                        <button
                            type="button"
                            class="button"
                            data-testid="edit-workflow"
                            data-key=w.key.clone()
                            on:click=move |_| editing.set(Some((edited.clone(), false)))
                        >
                            "Edit " {w.name.clone()}
                        </button>
                    }
                })
                .collect_view()
                .into_any(),
            Err(error) => load_failed(error, move || session.catalog.refetch()),
        })
    };

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Workflows"</h1>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="new-workflow"
                    on:click=move |_| editing.set(Some((blank_workflow(), true)))
                >
                    "New workflow"
                </button>
            </div>
            {move || notice.get().map(|text| view! {
                <div class="alert alert-success" role="status" data-testid="notice">{text}</div>
            })}
            {move || editing.get().map(|(draft, is_new)| view! {
                <WorkflowEditor draft is_new on_saved on_reload on_cancel/>
            })}
            <Transition fallback=|| view! { <Loading/> }>{cards}</Transition>
        </div>
    }
}

/// A workflow as reps meet it: statuses in order, where each may go, and the rules.
#[component]
fn WorkflowCard(workflow: Workflow) -> impl IntoView {
    let statuses = workflow
        .statuses
        .iter()
        .map(|s| {
            let next: Vec<String> = workflow
                .next_statuses(&s.key)
                .into_iter()
                .map(|n| n.label.clone())
                .collect();
            let rules: Vec<String> = REQUIREMENTS
                .iter()
                .filter(|(r, _)| s.requires.contains(r))
                .map(|(_, label)| format!("needs {}", label.to_lowercase()))
                .chain(
                    Some(priority_change_text(s.priority_change)).filter(|t| !t.is_empty()),
                )
                .collect();
            view! {
                <tr>
                    <td>
                        <span class="chip chip-status" style:background-color=s.color.clone()>
                            {status_label(s)}
                        </span>
                    </td>
                    <td>{kind_label(s.kind)}</td>
                    <td>{if next.is_empty() { "— (final)".to_string() } else { next.join(", ") }}</td>
                    <td>{rules.join("; ")}</td>
                </tr>
            }
        })
        .collect_view();
    let extensions = (!workflow.extensions.is_empty()).then(|| {
        let list = workflow
            .extensions
            .iter()
            .map(|e| format!("{} – {}", e.key, e.label))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p class="small"><strong>"Status extensions: "</strong>{list}</p> }
    });
    view! {
        <section class="card workflow-card" data-testid="workflow-card" data-key=workflow.key.clone()>
            <h2>{workflow.name.clone()} <span class="muted small">" (" {workflow.key.clone()} ")"</span></h2>
            <p class="small muted">
                "New items start in "
                {workflow.status(&workflow.initial).map(status_label).unwrap_or_default()}
                {workflow.lockable.then_some(". Items can be locked; a locked item cannot be handled.")}
            </p>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"May move to"</th>
                            <th scope="col">"On entering"</th>
                        </tr>
                    </thead>
                    <tbody>{statuses}</tbody>
                </table>
            </div>
            {extensions}
        </section>
    }
}

/// A status key typed anew: the transitions and the initial status follow it.
fn rename_status(draft: RwSignal<Workflow>, i: usize, key: String) {
    draft.update(|w| {
        let Some(status) = w.statuses.get_mut(i) else {
            return;
        };
        let old = std::mem::replace(&mut status.key, key.clone());
        for t in &mut w.transitions {
            if t.from == old {
                t.from = key.clone();
            }
            if t.to == old {
                t.to = key.clone();
            }
        }
        if w.initial == old {
            w.initial = key;
        }
    });
}

/// Edits `draft` in place; statuses stored before cannot be removed (items may be in them),
/// so only the ones added in this edit have a Remove button.
#[component]
fn WorkflowEditor(
    draft: Workflow,
    is_new: bool,
    on_saved: Callback<Workflow>,
    /// Another admin saved first: reopen the editor on their version.
    on_reload: Callback<Workflow>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let stored_keys: Vec<String> = if is_new {
        Vec::new()
    } else {
        draft.statuses.iter().map(|s| s.key.clone()).collect()
    };
    let stored_keys = StoredValue::new(stored_keys);
    let original = StoredValue::new(draft.clone());
    let draft = RwSignal::new(draft);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Workflow>);
    let saving = RwSignal::new(false);
    let status_count = Memo::new(move |_| draft.with(|w| w.statuses.len()));
    let extension_count = Memo::new(move |_| draft.with(|w| w.extensions.len()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let workflow = draft.get_untracked();
        spawn_local(async move {
            let result = if is_new {
                api::create_workflow(workflow).await
            } else {
                api::update_workflow(workflow).await
            };
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(error) => show_refusal(error, conflict, failure, errors),
            }
            saving.set(false);
        });
    };

    let add_status = move |_| {
        draft.update(|w| {
            let n = w.statuses.len() + 1;
            w.statuses.push(StatusDef {
                key: format!("STATUS_{n}"),
                label: format!("Status {n}"),
                number: None,
                color: "#5d6b7c".into(),
                kind: StatusKind::Open,
                requires: Vec::new(),
                priority_change: None,
            });
        });
    };
    let add_extension = move |_| {
        draft.update(|w| {
            w.extensions.push(ExtensionDef {
                key: String::new(),
                label: String::new(),
            })
        })
    };

    let status_row = move |i: usize| {
        let read = move |f: fn(&StatusDef) -> String| {
            move || draft.with(|w| w.statuses.get(i).map(f).unwrap_or_default())
        };
        let edit = move |apply: fn(&mut StatusDef, String)| {
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                draft.update(|w| {
                    if let Some(s) = w.statuses.get_mut(i) {
                        apply(s, value);
                    }
                });
            }
        };
        let key_locked = move || {
            draft.with(|w| {
                w.statuses
                    .get(i)
                    .is_some_and(|s| stored_keys.with_value(|k| k.contains(&s.key)))
            })
        };
        let requirement_boxes = REQUIREMENTS
            .iter()
            .map(|(requirement, label)| {
                let requirement = *requirement;
                view! {
                    <label class="filter-choice">
                        <input
                            type="checkbox"
                            prop:checked=move || draft.with(|w| w.statuses.get(i).is_some_and(|s| s.requires.contains(&requirement)))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                draft.update(|w| {
                                    if let Some(s) = w.statuses.get_mut(i) {
                                        include(&mut s.requires, requirement, on);
                                    }
                                });
                            }
                        />
                        {*label}
                    </label>
                }
            })
            .collect_view();
        view! {
            <tr data-testid="status-row">
                <td>
                    <input
                        type="text"
                        aria-label="Key"
                        class="input-key"
                        prop:value=read(|s| s.key.clone())
                        disabled=key_locked
                        on:input=move |ev| rename_status(draft, i, event_target_value(&ev).trim().to_string())
                    />
                </td>
                <td>
                    <input type="text" aria-label="Label" prop:value=read(|s| s.label.clone())
                        on:input=edit(|s, v| s.label = v)/>
                </td>
                <td>
                    <input type="text" aria-label="Number" class="input-number" inputmode="numeric"
                        prop:value=read(|s| s.number.map(|n| n.to_string()).unwrap_or_default())
                        on:input=edit(|s, v| s.number = v.trim().parse().ok())/>
                </td>
                <td>
                    <input type="color" aria-label="Colour" prop:value=read(|s| s.color.clone())
                        on:input=edit(|s, v| s.color = v)/>
                </td>
                <td>
                    <select aria-label="Kind" on:change=edit(|s, v| {
                        if let Some((k, _)) = KINDS.iter().find(|(_, l)| *l == v) {
                            s.kind = *k;
                        }
                    })>
                        {KINDS.iter().map(|(kind, label)| {
                            let kind = *kind;
                            view! {
                                <option value=*label prop:selected=move || draft.with(|w| w.statuses.get(i).is_some_and(|s| s.kind == kind))>
                                    {*label}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </td>
                <td class="requirements">{requirement_boxes}</td>
                <td>
                    <select aria-label="Priority on entering" on:change=edit(|s, v| {
                        s.priority_change = PRIORITY_CHANGES.iter().find(|(value, _)| *value == v).and_then(|(_, c)| *c);
                    })>
                        {PRIORITY_CHANGES.iter().map(|(value, change)| {
                            let change = *change;
                            let text = match change {
                                None => "unchanged".to_string(),
                                Some(_) => priority_change_text(change),
                            };
                            view! {
                                <option value=*value prop:selected=move || draft.with(|w| w.statuses.get(i).is_some_and(|s| priority_change_value(s.priority_change) == *value))>
                                    {text}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </td>
                <td>
                    <Show when=move || !key_locked()>
                        <button type="button" class="button button-small" on:click=move |_| draft.update(|w| {
                            if i < w.statuses.len() {
                                let key = w.statuses.remove(i).key;
                                w.transitions.retain(|t| t.from != key && t.to != key);
                                if w.initial == key {
                                    w.initial = w.statuses.first().map(|s| s.key.clone()).unwrap_or_default();
                                }
                            }
                        })>
                            "Remove"
                        </button>
                    </Show>
                </td>
            </tr>
        }
    };

    let transitions = move || {
        draft.with(|w| {
            let keys: Vec<(String, String)> = w.statuses.iter().map(|s| (s.key.clone(), s.label.clone())).collect();
            let head = keys.iter().map(|(_, label)| view! { <th scope="col">{label.clone()}</th> }).collect_view();
            let rows = keys
                .iter()
                .map(|(from, from_label)| {
                    let cells = keys
                        .iter()
                        .map(|(to, _)| {
                            let (from, to) = (from.clone(), to.clone());
                            let same = from == to;
                            let allowed = w.allows(&from, &to);
                            view! {
                                <td>
                                    <input
                                        type="checkbox"
                                        aria-label=format!("{from} to {to}")
                                        data-transition=format!("{from}>{to}")
                                        checked=allowed
                                        disabled=same
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let (from, to) = (from.clone(), to.clone());
                                            draft.update(|w| include(&mut w.transitions, TransitionDef { from, to }, on));
                                        }
                                    />
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{from_label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="grid transitions" data-testid="transitions">
                    <thead><tr><th scope="col">"From ↓ / to →"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };

    let extension_row = move |i: usize| {
        let read = move |f: fn(&ExtensionDef) -> String| {
            move || draft.with(|w| w.extensions.get(i).map(f).unwrap_or_default())
        };
        let edit = move |apply: fn(&mut ExtensionDef, String)| {
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                draft.update(|w| {
                    if let Some(e) = w.extensions.get_mut(i) {
                        apply(e, value);
                    }
                });
            }
        };
        view! {
            <li class="list-row">
                <input type="text" aria-label="Extension key" class="input-key" prop:value=read(|e| e.key.clone())
                    on:input=edit(|e, v| e.key = v.trim().to_string())/>
                <input type="text" aria-label="Extension label" prop:value=read(|e| e.label.clone())
                    on:input=edit(|e, v| e.label = v)/>
                <button type="button" class="button button-small" on:click=move |_| draft.update(|w| {
                    if i < w.extensions.len() {
                        w.extensions.remove(i);
                    }
                })>
                    "Remove"
                </button>
            </li>
        }
    };

    let conflict_view = move || {
        conflict.get().map(|current| {
            let name = original.with_value(|o| o.name.clone());
            view! {
                <ConflictNotice
                    title="Another admin changed this workflow first"
                    note=format!("Your changes to {name} were not saved. Reload to see their version, then edit again.")
                    changes=Vec::new()
                    on_reload=Callback::new(move |_| on_reload.run(current.clone()))
                />
            }
        })
    };
    let error_list = move || {
        let all = errors.get();
        (!all.is_empty()).then(|| view! {
            <ul class="field-error-list" data-testid="workflow-errors">
                {all.into_iter().map(|e| view! { <li><code>{e.field}</code> ": " {e.message}</li> }).collect_view()}
            </ul>
        })
    };

    view! {
        <form class="card form workflow-editor" data-testid="workflow-form" on:submit=submit novalidate>
            <h2>{if is_new { "New workflow" } else { "Edit workflow" }}</h2>
            {conflict_view}
            <FailureNotice failure/>
            {error_list}
            <div class="field-row">
                <div class="field">
                    <label for="workflow-key">"Key"</label>
                    <input id="workflow-key" type="text" data-testid="workflow-key" disabled=!is_new
                        prop:value=move || draft.with(|w| w.key.clone())
                        on:input=move |ev| draft.update(|w| w.key = event_target_value(&ev).trim().to_string())/>
                </div>
                <div class="field">
                    <label for="workflow-name">"Name"</label>
                    <input id="workflow-name" type="text" data-testid="workflow-name"
                        prop:value=move || draft.with(|w| w.name.clone())
                        on:input=move |ev| draft.update(|w| w.name = event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="workflow-initial">"New items start in"</label>
                    <select id="workflow-initial" on:change=move |ev| draft.update(|w| w.initial = event_target_value(&ev))>
                        {move || draft.with(|w| w.statuses.iter().map(|s| {
                            let key = s.key.clone();
                            let selected = w.initial == key;
                            view! { <option value=key selected=selected>{s.label.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field field-check">
                    <input id="workflow-lockable" type="checkbox"
                        prop:checked=move || draft.with(|w| w.lockable)
                        on:change=move |ev| draft.update(|w| w.lockable = event_target_checked(&ev))/>
                    <label for="workflow-lockable">"Items can be locked"</label>
                </div>
            </div>
            <h3>"Statuses"</h3>
            <div class="table-scroll">
                <table class="grid statuses">
                    <thead>
                        <tr>
                            <th scope="col">"Key"</th>
                            <th scope="col">"Label"</th>
                            <th scope="col">"No."</th>
                            <th scope="col">"Colour"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Asks for"</th>
                            <th scope="col">"Priority on entering"</th>
                            <th scope="col"><span class="sr-only">"Remove"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..status_count.get() key=|i| *i let(i)>
                            {status_row(i)}
                        </For>
                    </tbody>
                </table>
            </div>
            <button type="button" class="button button-small" data-testid="add-status" on:click=add_status>
                "Add status"
            </button>
            <h3>"Transitions"</h3>
            <div class="table-scroll">{transitions}</div>
            <h3>"Status extensions"</h3>
            <ul class="plain-list">
                <For each=move || 0..extension_count.get() key=|i| *i let(i)>
                    {extension_row(i)}
                </For>
            </ul>
            <button type="button" class="button button-small" on:click=add_extension>
                "Add extension"
            </button>
            <FormActions testid="save-workflow" label="Save workflow" busy="Saving…" saving on_cancel/>
        </form>
    }
}
