//! The Departments section: the tree, one row per department (its name, what it sits in, its
//! head), and adding one.

use leptos::prelude::*;
use worklane_domain::{Department, UserId};

use super::chart::{chosen, unique_key, within};
use super::draft::Org;
use super::fields::{AddRow, ChartSelect, ChartText};

#[component]
pub fn Departments(org: Org) -> impl IntoView {
    let add_department = Callback::new(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Some("Enter the new department's name.".to_string());
        }
        org.draft.update(|c| {
            let key = unique_key(
                &name,
                "department",
                c.departments.iter().map(|d| d.key.as_str()),
            );
            c.departments.push(Department {
                key,
                name,
                parent: None,
                head: None,
            });
        });
        None
    });
    view! {
        <section class="card" aria-labelledby="org-departments">
            <h2 id="org-departments">"Departments"</h2>
            <p class="muted small">
                "A department sits inside another or at the top level. A department can be "
                "removed once nobody is placed in it and none sits inside it."
            </p>
            <ul class="org-tree" aria-label="Departments">
                <For
                    each=move || org.tree.get()
                    key=|(key, _)| key.clone()
                    children=move |(key, _)| view! { <DepartmentRow org key/> }
                />
            </ul>
            <AddRow what="department" label="New department" button="Add department" on_add=add_department/>
        </section>
    }
}

#[component]
fn DepartmentRow(org: Org, key: String) -> impl IntoView {
    let k = StoredValue::new(key.clone());
    // Indented by its depth, which follows it when it moves (the row stays, and its focus).
    let depth = Signal::derive(move || {
        let depth = org.tree.with(|tree| {
            k.with_value(|k| tree.iter().find(|(key, _)| key == k).map_or(0, |(_, d)| *d))
        });
        format!("--depth: {}", depth.min(8))
    });
    let name = Signal::derive(move || k.with_value(|k| org.department(k, |d| d.name.clone())));
    let parent = Signal::derive(move || {
        k.with_value(|k| org.department(k, |d| d.parent.clone().unwrap_or_default()))
    });
    let head = Signal::derive(move || {
        k.with_value(|k| org.department(k, |d| d.head.as_ref().map(ToString::to_string)))
            .unwrap_or_default()
    });
    // Anywhere but inside itself.
    let parent_choices = Signal::derive(move || {
        let choices = org.departments.get();
        org.draft.with(|c| {
            k.with_value(|k| {
                std::iter::once((String::new(), "— top level —".to_string()))
                    .chain(choices.into_iter().filter(|(key, _)| !within(c, key, k)))
                    .collect()
            })
        })
    });
    // Active members, and the head as it is even when disabled.
    let head_choices = Signal::derive(move || {
        let current = head.get();
        org.team.with_value(|team| {
            std::iter::once((String::new(), "— none —".to_string()))
                .chain(
                    team.iter()
                        .filter(|m| !m.disabled || m.id.as_str() == current)
                        .map(|m| (m.id.to_string(), m.name.to_string())),
                )
                .collect()
        })
    });
    let removable = Signal::derive(move || {
        org.draft.with(|c| {
            k.with_value(|k| {
                let k = Some(k.as_str());
                !c.placements.iter().any(|p| p.department.as_deref() == k)
                    && !c.departments.iter().any(|d| d.parent.as_deref() == k)
            })
        })
    });
    let id = format!("dept:{key}");
    view! {
        <li class="org-dept" style=depth data-testid=format!("dept-{key}")>
            <ChartText
                id=format!("dept-name-{key}")
                label="Name"
                value=name
                on_input=Callback::new(move |value| k.with_value(|k| org.edit_department(k, |d| d.name = value)))
                message=org.message_for(id.clone(), &["name", "key"])
            />
            <ChartSelect
                id=format!("dept-parent-{key}")
                label="Inside".to_string()
                choices=parent_choices
                selected=parent
                on_change=Callback::new(move |value| k.with_value(|k| org.edit_department(k, |d| d.parent = chosen(value))))
                message=org.message_for(id.clone(), &["parent"])
            />
            <ChartSelect
                id=format!("dept-head-{key}")
                label="Head".to_string()
                choices=head_choices
                selected=head
                on_change=Callback::new(move |value| k.with_value(|k| org.edit_department(k, |d| d.head = chosen(value).map(UserId::from_raw))))
                message=org.message_for(id, &["head"])
            />
            <div class="org-dept-actions">
                <button
                    type="button"
                    class="button button-small"
                    data-testid=format!("remove-dept-{key}")
                    aria-label=Signal::derive(move || format!("Remove {}", name.get()))
                    hidden=Signal::derive(move || !removable.get())
                    on:click=move |_| k.with_value(|k| org.draft.update(|c| c.departments.retain(|d| &d.key != k)))
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}
