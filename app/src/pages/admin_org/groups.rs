//! The User groups section: named sets of people, a sharing rule's audience.

use leptos::prelude::*;
use worklane_domain::UserGroup;

use super::chart::unique_key;
use super::draft::Org;
use super::fields::{AddRow, ChartText};
use crate::components::{fields::include, status::FieldMessage};

#[component]
pub fn Groups(org: Org) -> impl IntoView {
    let group_keys = Memo::new(move |_| {
        org.draft
            .with(|c| c.groups.iter().map(|g| g.key.clone()).collect::<Vec<_>>())
    });
    let add_group = Callback::new(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Some("Enter the new group's name.".to_string());
        }
        org.draft.update(|c| {
            let key = unique_key(&name, "group", c.groups.iter().map(|g| g.key.as_str()));
            c.groups.push(UserGroup {
                key,
                name,
                members: Vec::new(),
            });
        });
        None
    });
    view! {
        <section class="card" aria-labelledby="org-groups">
            <h2 id="org-groups">"User groups"</h2>
            <p class="muted small">"Named sets of people, for sharing records with."</p>
            <ul class="org-groups">
                <For
                    each=move || group_keys.get()
                    key=|key| key.clone()
                    children=move |key| view! { <GroupRow org key/> }
                />
            </ul>
            <AddRow what="group" label="New group" button="Add group" on_add=add_group/>
        </section>
    }
}

#[component]
fn GroupRow(org: Org, key: String) -> impl IntoView {
    let k = StoredValue::new(key.clone());
    let name = Signal::derive(move || k.with_value(|k| org.group(k, |g| g.name.clone())));
    let id = format!("group:{key}");
    let members_id = format!("group-members-{key}");
    let members_message = org.message_for(id.clone(), &["members"]);
    let boxes = org.team.with_value(|team| {
        team.iter()
            .map(|m| {
                let member = StoredValue::new(m.id.clone());
                let box_id = format!("group-member-{key}-{}", m.id);
                let checked = Signal::derive(move || {
                    k.with_value(|k| member.with_value(|u| org.group(k, |g| g.members.contains(u))))
                });
                view! {
                    <label class="filter-choice">
                        <input
                            type="checkbox"
                            id=box_id.clone()
                            data-testid=box_id
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let u = member.get_value();
                                k.with_value(|k| org.edit_group(k, |g| include(&mut g.members, u, on)));
                            }
                        />
                        {m.name.to_string()}
                    </label>
                }
            })
            .collect_view()
    });
    view! {
        <li class="org-group" data-testid=format!("group-{key}")>
            <div class="org-group-head">
                <ChartText
                    id=format!("group-name-{key}")
                    label="Group name"
                    value=name
                    on_input=Callback::new(move |value| k.with_value(|k| org.edit_group(k, |g| g.name = value)))
                    message=org.message_for(id, &["name", "key"])
                />
                <button
                    type="button"
                    class="button button-small"
                    data-testid=format!("remove-group-{key}")
                    aria-label=Signal::derive(move || format!("Remove the group {}", name.get()))
                    on:click=move |_| k.with_value(|k| org.draft.update(|c| c.groups.retain(|g| &g.key != k)))
                >
                    "Remove"
                </button>
            </div>
            <fieldset class="org-members" aria-describedby=format!("{members_id}-error")>
                <legend>"Members"</legend>
                {boxes}
            </fieldset>
            <FieldMessage id=format!("{members_id}-error") message=members_message/>
        </li>
    }
}
