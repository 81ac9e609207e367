//! The People section: each person's main department and whom they report to, with whom they
//! report to as the chart stands.

use leptos::prelude::*;
use worklane_domain::{TeamMember, UserId};

use super::chart::{chosen, superior_of};
use super::draft::Org;
use super::fields::ChartSelect;

#[component]
pub fn People(org: Org) -> impl IntoView {
    let people = org.team.with_value(|team| {
        team.iter()
            .cloned()
            .map(|member| view! { <PersonRow org member/> })
            .collect_view()
    });
    view! {
        <section class="card table-card" aria-labelledby="org-people">
            <div class="org-card-head">
                <h2 id="org-people">"People"</h2>
                <p class="muted small">
                    "Each person's main department, and whom they report to. By default a "
                    "person reports to the head of their department (a head, to the head "
                    "of the department above)."
                </p>
            </div>
            <div class="table-scroll">
                <table class="table org-people">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Main department"</th>
                            <th scope="col">"Reports to"</th>
                        </tr>
                    </thead>
                    <tbody>{people}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PersonRow(org: Org, member: TeamMember) -> impl IntoView {
    let user = StoredValue::new(member.id.clone());
    let department = Signal::derive(move || {
        user.with_value(|u| org.placement(u, |p| p.department.clone()))
            .unwrap_or_default()
    });
    let reports_to = Signal::derive(move || {
        user.with_value(|u| org.placement(u, |p| p.reports_to.as_ref().map(ToString::to_string)))
            .unwrap_or_default()
    });
    let department_choices = Signal::derive(move || {
        std::iter::once((String::new(), "— none —".to_string()))
            .chain(org.departments.get())
            .collect()
    });
    // Anyone but themselves (disabled users marked).
    let reports_to_choices = Signal::derive(move || {
        user.with_value(|u| {
            org.team.with_value(|team| {
                std::iter::once((String::new(), "Head of department (default)".to_string()))
                    .chain(team.iter().filter(|m| &m.id != u).map(|m| {
                        let name = if m.disabled {
                            format!("{} (disabled)", m.name)
                        } else {
                            m.name.to_string()
                        };
                        (m.id.to_string(), name)
                    }))
                    .collect()
            })
        })
    });
    let superior = Signal::derive(move || {
        match user.with_value(|u| org.draft.with(|c| superior_of(c, u).cloned())) {
            Some(boss) => format!("Reports to {}", org.name_of(&boss)),
            None => "Reports to nobody".to_string(),
        }
    });
    let id = format!("person:{}", member.id);
    let name = member.name.to_string();
    view! {
        <tr data-testid=format!("person-{}", member.id) class:row-disabled=member.disabled>
            <td data-label="Name" class="org-person">
                <span>
                    {name.clone()}
                    <span class="muted small">" · " {member.role.label()}</span>
                </span>
            </td>
            <td data-label="Department">
                <ChartSelect
                    id=format!("person-department-{}", member.id)
                    label=format!("Main department of {name}")
                    hide_label=true
                    choices=department_choices
                    selected=department
                    on_change=Callback::new(move |value| user.with_value(|u| org.edit_placement(u, |p| p.department = chosen(value))))
                    message=org.message_for(id.clone(), &["department", "user"])
                />
            </td>
            <td data-label="Reports to">
                <ChartSelect
                    id=format!("person-reports-to-{}", member.id)
                    label=format!("Whom {name} reports to")
                    hide_label=true
                    choices=reports_to_choices
                    selected=reports_to
                    on_change=Callback::new(move |value| user.with_value(|u| org.edit_placement(u, |p| p.reports_to = chosen(value).map(UserId::from_raw))))
                    message=org.message_for(id, &["reports_to"])
                    hint=superior
                />
            </td>
        </tr>
    }
}
