//! `/admin/org`: the organisation — departments as a tree, each with a head; where each user
//! sits and whom they report to; user groups; and how far a superior sees. The admin edits the
//! whole chart here and saves it at once; the server checks it as a whole and names what is
//! wrong, shown by the field it is about.

use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{
    Department, FieldError, OrgChart, Placement, ReindexProgress, SuperiorScope, TeamMember,
    UserGroup, UserId, type_key,
};

use crate::{
    api::{self, ApiError},
    components::{
        admin_only::AdminOnly,
        fields::include,
        status::{FailureNotice, FieldMessage, Loading, load_failed},
    },
    state::use_session,
};

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
                "and user groups. A record's owner's superiors and the heads of their department "
                "may see it. Edit the chart below and save it once; it applies from each user's "
                "next click."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the organisation…"/> }>
                {content}
            </Transition>
        </div>
    }
}

/// A key for `name` that none of `taken` has: its words in lower case joined by dashes (at
/// most [`OrgChart::KEY_MAX`] characters), then `-2`, `-3`… until it is free.
pub fn unique_key<'a>(
    name: &str,
    fallback: &str,
    taken: impl IntoIterator<Item = &'a str>,
) -> String {
    let taken: Vec<&str> = taken.into_iter().collect();
    let mut base = type_key(name);
    if base.is_empty() {
        base = fallback.to_string();
    }
    let cut = |key: &str, max: usize| key[..key.len().min(max)].trim_end_matches('-').to_string();
    let base = cut(&base, OrgChart::KEY_MAX);
    if !taken.contains(&base.as_str()) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            format!("{}{suffix}", cut(&base, OrgChart::KEY_MAX - suffix.len()))
        })
        .find(|key| !taken.contains(&key.as_str()))
        .unwrap_or(base)
}

/// The departments in tree order, each with its depth: every top-level one followed by the
/// ones inside it. A department whose parent is unknown (or that sits in a circle) shows at the
/// top level, so none is lost.
pub fn tree_order(chart: &OrgChart) -> Vec<(String, usize)> {
    fn visit(chart: &OrgChart, key: &str, depth: usize, out: &mut Vec<(String, usize)>) {
        if out.iter().any(|(k, _)| k == key) {
            return;
        }
        out.push((key.to_string(), depth));
        for child in chart
            .departments
            .iter()
            .filter(|d| d.parent.as_deref() == Some(key))
        {
            visit(chart, &child.key, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for d in &chart.departments {
        if d.parent
            .as_deref()
            .is_none_or(|p| !chart.departments.iter().any(|d| d.key == p))
        {
            visit(chart, &d.key, 0, &mut out);
        }
    }
    for d in &chart.departments {
        visit(chart, &d.key, 0, &mut out);
    }
    out
}

/// Whom `user` reports to as the chart stands: the one named, or else the nearest head above
/// them in their department's chain who is not themselves. (`OrgIndex::superior_of` answers
/// the same; its maps cost more code than this page's few lookups.)
fn superior_of<'a>(chart: &'a OrgChart, user: &UserId) -> Option<&'a UserId> {
    let place = chart.placements.iter().find(|p| &p.user == user)?;
    if let Some(to) = &place.reports_to {
        return Some(to);
    }
    let mut at = place.department.as_deref();
    for _ in 0..=chart.departments.len() {
        let department = chart
            .departments
            .iter()
            .find(|d| Some(d.key.as_str()) == at)?;
        if let Some(head) = department.head.as_ref().filter(|head| *head != user) {
            return Some(head);
        }
        at = department.parent.as_deref();
    }
    None
}

/// Each department of `tree` with its path as a select shows it: `Sales › Team East`.
fn department_paths(chart: &OrgChart, tree: &[(String, usize)]) -> Vec<(String, String)> {
    let mut path: Vec<&str> = Vec::new();
    tree.iter()
        .map(|(key, depth)| {
            let name = chart
                .departments
                .iter()
                .find(|d| &d.key == key)
                .map_or("", |d| d.name.as_str());
            path.truncate(*depth);
            path.push(name);
            (key.clone(), path.join(" › "))
        })
        .collect()
}

/// Whether `candidate` is `key` or sits somewhere inside it.
fn within(chart: &OrgChart, candidate: &str, key: &str) -> bool {
    let mut at = Some(candidate);
    let mut steps = 0;
    while let Some(k) = at {
        if k == key {
            return true;
        }
        steps += 1;
        if steps > chart.departments.len() {
            return false;
        }
        at = chart
            .departments
            .iter()
            .find(|d| d.key == k)
            .and_then(|d| d.parent.as_deref());
    }
    false
}

/// The chart as it is sent: only the users placed somewhere or reporting to someone.
fn for_saving(draft: &OrgChart) -> OrgChart {
    let mut chart = draft.clone();
    chart
        .placements
        .retain(|p| p.department.is_some() || p.reports_to.is_some());
    chart
}

/// A field the server named by position (`departments[2].parent`), named instead by what it
/// is about (`dept:sales.parent`), so its message stays by the right row while rows are added
/// and removed.
fn stable_field(chart: &OrgChart, field: &str) -> Option<String> {
    let (list, rest) = field.split_once('[')?;
    let (index, part) = rest.split_once(']')?;
    let n: usize = index.parse().ok()?;
    let part = part.strip_prefix('.').unwrap_or(part);
    let id = match list {
        "departments" => format!("dept:{}", chart.departments.get(n)?.key),
        "placements" => format!("person:{}", chart.placements.get(n)?.user),
        "groups" => format!("group:{}", chart.groups.get(n)?.key),
        _ => return None,
    };
    Some(format!("{id}.{part}"))
}

/// One line of the summary above the Save button: the message with what it is about.
fn readable(chart: &OrgChart, team: &[TeamMember], error: &FieldError) -> String {
    let about = (|| {
        let (list, rest) = error.field.split_once('[')?;
        let n: usize = rest.split_once(']')?.0.parse().ok()?;
        Some(match list {
            "departments" => {
                let d = chart.departments.get(n)?;
                let name = if d.name.trim().is_empty() {
                    &d.key
                } else {
                    &d.name
                };
                format!("Department “{name}”")
            }
            "placements" => name_of(team, &chart.placements.get(n)?.user),
            "groups" => format!("Group “{}”", chart.groups.get(n)?.name),
            "sharing_rules" => format!("Sharing rule “{}”", chart.sharing_rules.get(n)?.name),
            _ => return None,
        })
    })();
    match about {
        Some(about) => format!("{about}: {}", error.message),
        None if error.field.is_empty() => error.message.clone(),
        None => format!("{}: {}", error.field, error.message),
    }
}

fn name_of(team: &[TeamMember], id: &UserId) -> String {
    team.iter()
        .find(|m| &m.id == id)
        .map_or_else(|| id.to_string(), |m| m.name.to_string())
}

/// The message of the first error about `id` (`dept:sales`) whose part is one of `parts`.
fn message_for(
    errors: RwSignal<Vec<FieldError>>,
    id: String,
    parts: &'static [&'static str],
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| {
                    e.field
                        .strip_prefix(id.as_str())
                        .and_then(|rest| rest.strip_prefix('.'))
                        .is_some_and(|part| parts.contains(&part))
                })
                .map(|e| e.message.clone())
        })
    })
}

/// Follows the re-index a save started until it is done, while the page is open.
fn follow_reindex(progress: RwSignal<Option<ReindexProgress>>) {
    set_timeout(
        move || {
            spawn_local(async move {
                let Ok(now) = api::org_reindex().await else {
                    return;
                };
                if progress.try_set(Some(now)).is_none() && now.running {
                    follow_reindex(progress);
                }
            })
        },
        Duration::from_millis(800),
    );
}

fn reindex_text(progress: ReindexProgress) -> String {
    if progress.running {
        format!(
            "Updating who can see what: {} of {} people's records done ({} records so far)…",
            progress.owners_done, progress.owners_total, progress.records_done
        )
    } else {
        "Who can see what is up to date.".to_string()
    }
}

fn chosen(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// What every row of the form reads and edits.
#[derive(Clone, Copy)]
struct Org {
    draft: RwSignal<OrgChart>,
    team: StoredValue<Vec<TeamMember>>,
    /// The last refused save's messages, by what they are about (`dept:sales.parent`).
    errors: RwSignal<Vec<FieldError>>,
    /// The departments in tree order with their depth.
    tree: Memo<Vec<(String, usize)>>,
    /// The same as choices of a select, each shown by its path (`Sales › Team East`).
    departments: Memo<Vec<(String, String)>>,
}

impl Org {
    fn department<T: Default>(&self, key: &str, read: impl FnOnce(&Department) -> T) -> T {
        self.draft.with(|c| {
            c.departments
                .iter()
                .find(|d| d.key == key)
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit_department(&self, key: &str, edit: impl FnOnce(&mut Department)) {
        self.draft.update(|c| {
            if let Some(d) = c.departments.iter_mut().find(|d| d.key == key) {
                edit(d);
            }
        });
    }

    fn placement<T: Default>(&self, user: &UserId, read: impl FnOnce(&Placement) -> T) -> T {
        self.draft.with(|c| {
            c.placements
                .iter()
                .find(|p| &p.user == user)
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit_placement(&self, user: &UserId, edit: impl FnOnce(&mut Placement)) {
        self.draft.update(
            |c| match c.placements.iter_mut().find(|p| &p.user == user) {
                Some(p) => edit(p),
                None => {
                    let mut p = Placement {
                        user: user.clone(),
                        department: None,
                        reports_to: None,
                    };
                    edit(&mut p);
                    c.placements.push(p);
                }
            },
        );
    }

    fn group<T: Default>(&self, key: &str, read: impl FnOnce(&UserGroup) -> T) -> T {
        self.draft.with(|c| {
            c.groups
                .iter()
                .find(|g| g.key == key)
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit_group(&self, key: &str, edit: impl FnOnce(&mut UserGroup)) {
        self.draft.update(|c| {
            if let Some(g) = c.groups.iter_mut().find(|g| g.key == key) {
                edit(g);
            }
        });
    }

    fn name_of(&self, id: &UserId) -> String {
        self.team.with_value(|team| name_of(team, id))
    }
}

/// A labelled text input of the chart. Every one on the page is this component, so it is
/// compiled once.
#[component]
fn ChartText(
    id: String,
    label: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                type="text"
                id=id.clone()
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// A labelled select of (value, text) choices, the one equal to `selected` chosen. Every one on
/// the page is this component, so it is compiled once.
#[component]
fn ChartSelect(
    id: String,
    label: String,
    /// The label only for assistive technology (the people table has column headings).
    #[prop(optional)]
    hide_label: bool,
    choices: Signal<Vec<(String, String)>>,
    selected: Signal<String>,
    on_change: Callback<String>,
    message: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone() class=if hide_label { "sr-only" } else { "" }>
                {label}
            </label>
            <select
                id=id.clone()
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described_by
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {move || {
                    let selected = selected.get();
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let chosen = value == selected;
                            view! {
                                <option value=value prop:selected=chosen>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// The name field and Add button under a list ("Add department", "Add group").
#[component]
fn AddRow(
    /// `new-{what}-name` and `add-{what}`.
    what: &'static str,
    label: &'static str,
    button: &'static str,
    /// Adds the named item; says what is wrong with the name, if anything.
    on_add: Callback<String, Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = move || match on_add.run(name.get_untracked()) {
        None => {
            name.set(String::new());
            message.set(None);
        }
        Some(problem) => message.set(Some(problem)),
    };
    let input_id = format!("new-{what}-name");
    let error_id = format!("{input_id}-error");
    let button_id = format!("add-{what}");
    view! {
        <div class="org-add">
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input
                    type="text"
                    id=input_id.clone()
                    data-testid=input_id
                    aria-describedby=error_id.clone()
                    bind:value=name
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <FieldMessage id=error_id message=message.into()/>
            </div>
            <button
                type="button"
                class="button"
                id=button_id.clone()
                data-testid=button_id
                on:click=move |_| add()
            >
                {button}
            </button>
        </div>
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
                message=message_for(org.errors, id.clone(), &["name", "key"])
            />
            <ChartSelect
                id=format!("dept-parent-{key}")
                label="Inside".to_string()
                choices=parent_choices
                selected=parent
                on_change=Callback::new(move |value| k.with_value(|k| org.edit_department(k, |d| d.parent = chosen(value))))
                message=message_for(org.errors, id.clone(), &["parent"])
            />
            <ChartSelect
                id=format!("dept-head-{key}")
                label="Head".to_string()
                choices=head_choices
                selected=head
                on_change=Callback::new(move |value| k.with_value(|k| org.edit_department(k, |d| d.head = chosen(value).map(UserId::from_raw))))
                message=message_for(org.errors, id, &["head"])
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
                    message=message_for(org.errors, id.clone(), &["department", "user"])
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
                    message=message_for(org.errors, id, &["reports_to"])
                    hint=superior
                />
            </td>
        </tr>
    }
}

#[component]
fn GroupRow(org: Org, key: String) -> impl IntoView {
    let k = StoredValue::new(key.clone());
    let name = Signal::derive(move || k.with_value(|k| org.group(k, |g| g.name.clone())));
    let id = format!("group:{key}");
    let members_id = format!("group-members-{key}");
    let members_message = message_for(org.errors, id.clone(), &["members"]);
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
                    message=message_for(org.errors, id, &["name", "key"])
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
    let group_keys = Memo::new(move |_| {
        draft.with(|c| c.groups.iter().map(|g| g.key.clone()).collect::<Vec<_>>())
    });

    let summary = RwSignal::new(Vec::<String>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let reindex = RwSignal::new(None::<ReindexProgress>);
    let saving = RwSignal::new(false);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let chart = draft.with_untracked(for_saving);
        saving.set(true);
        notice.set(None);
        reindex.set(None);
        failure.set(None);
        conflict.set(false);
        errors.set(Vec::new());
        summary.set(Vec::new());
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
                Err(error) => {
                    let fields = error.fields();
                    errors.set(
                        fields
                            .iter()
                            .filter_map(|e| {
                                Some(FieldError {
                                    field: stable_field(&chart, &e.field)?,
                                    message: e.message.clone(),
                                })
                            })
                            .collect(),
                    );
                    summary.set(team.with_value(|team| {
                        fields.iter().map(|e| readable(&chart, team, e)).collect()
                    }));
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    let add_department = Callback::new(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Some("Enter the new department's name.".to_string());
        }
        draft.update(|c| {
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
    let add_group = Callback::new(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Some("Enter the new group's name.".to_string());
        }
        draft.update(|c| {
            let key = unique_key(&name, "group", c.groups.iter().map(|g| g.key.as_str()));
            c.groups.push(UserGroup {
                key,
                name,
                members: Vec::new(),
            });
        });
        None
    });
    let people = team.with_value(|team| {
        team.iter()
            .cloned()
            .map(|member| view! { <PersonRow org member/> })
            .collect_view()
    });

    view! {
        <form class="org-form" data-testid="org-form" on:submit=save novalidate>
            <section class="card" aria-labelledby="org-departments">
                <h2 id="org-departments">"Departments"</h2>
                <p class="muted small">
                    "A department sits inside another or at the top level. A department can be "
                    "removed once nobody is placed in it and none sits inside it."
                </p>
                <ul class="org-tree" aria-label="Departments">
                    <For
                        each=move || tree.get()
                        key=|(key, _)| key.clone()
                        children=move |(key, _)| view! { <DepartmentRow org key/> }
                    />
                </ul>
                <AddRow what="department" label="New department" button="Add department" on_add=add_department/>
            </section>
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
            <section class="card">
                <fieldset class="choice-group">
                    <legend>"Superior Visible Data Scope"</legend>
                    {SuperiorScope::ALL
                        .into_iter()
                        .map(|scope| {
                            let id = format!("scope-{}", scope.key());
                            view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="superior-scope"
                                        id=id.clone()
                                        data-testid=id
                                        value=scope.key()
                                        prop:checked=Signal::derive(move || draft.with(|c| c.superior_scope == scope))
                                        on:change=move |_| draft.update(|c| c.superior_scope = scope)
                                    />
                                    <span>
                                        <strong>{scope.label()}</strong>
                                        <span class="muted">" — " {explain(scope)}</span>
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </section>
            {move || {
                notice
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-success" role="status" data-testid="notice">
                                <strong>{text}</strong>
                                {reindex
                                    .get()
                                    .map(|progress| {
                                        view! {
                                            <p data-testid="reindex" data-running=progress.running.to_string()>
                                                {reindex_text(progress)}
                                            </p>
                                        }
                                    })}
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

fn explain(scope: SuperiorScope) -> &'static str {
    match scope {
        SuperiorScope::Direct => {
            "a superior sees their direct subordinates' records; a head, their own department's."
        }
        SuperiorScope::All => {
            "a superior sees the records of everyone below them; a head, their department's and \
             every sub-department's."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_from_the_name_and_kept_unique() {
        assert_eq!(unique_key("Service Desk", "department", []), "service-desk");
        assert_eq!(
            unique_key("  Sales & Marketing!! ", "department", []),
            "sales-marketing"
        );
        assert_eq!(
            unique_key("Sales", "department", ["sales", "sales-2"]),
            "sales-3"
        );
        assert_eq!(unique_key("Ventes — Île", "department", []), "ventes-le");
        assert_eq!(unique_key("日本", "department", []), "department");
        let long = "a".repeat(39) + " b";
        assert_eq!(unique_key(&long, "department", []), "a".repeat(39));
        let taken = "a".repeat(39);
        assert_eq!(
            unique_key(&long, "department", [taken.as_str()]),
            "a".repeat(38) + "-2"
        );
        assert!(worklane_domain::is_type_key(&unique_key(
            &("x".repeat(38) + " y z"),
            "d",
            ["x".repeat(38).as_str()]
        )));
    }

    fn dept(key: &str, parent: Option<&str>) -> Department {
        Department {
            key: key.into(),
            name: key.into(),
            parent: parent.map(str::to_string),
            head: None,
        }
    }

    #[test]
    fn the_tree_lists_each_department_once_under_its_parent() {
        let chart = OrgChart {
            departments: vec![
                dept("east", Some("sales")),
                dept("sales", Some("company")),
                dept("company", None),
                dept("lost", Some("nowhere")),
                dept("a", Some("b")),
                dept("b", Some("a")),
            ],
            ..OrgChart::default()
        };
        assert_eq!(
            tree_order(&chart),
            vec![
                ("company".to_string(), 0),
                ("sales".to_string(), 1),
                ("east".to_string(), 2),
                ("lost".to_string(), 0),
                ("a".to_string(), 0),
                ("b".to_string(), 1),
            ]
        );
        assert_eq!(
            department_paths(&chart, &tree_order(&chart))[..3],
            [
                ("company".to_string(), "company".to_string()),
                ("sales".to_string(), "company › sales".to_string()),
                ("east".to_string(), "company › sales › east".to_string()),
            ]
        );
        assert!(within(&chart, "east", "company"));
        assert!(!within(&chart, "company", "east"));
        assert!(!within(&chart, "a", "company"));
    }

    #[test]
    fn a_person_reports_to_the_one_named_or_else_the_nearest_head_above() {
        let user = |n: &str| UserId::from_raw(n);
        let place = |u: &str, d: &str, to: Option<&str>| Placement {
            user: user(u),
            department: Some(d.into()),
            reports_to: to.map(user),
        };
        let mut company = dept("company", None);
        company.head = Some(user("boss"));
        let mut sales = dept("sales", Some("company"));
        sales.head = Some(user("lead"));
        let chart = OrgChart {
            departments: vec![company, sales, dept("east", Some("sales"))],
            placements: vec![
                place("rep", "east", None),
                place("lead", "sales", None),
                place("other", "east", Some("rep")),
            ],
            ..OrgChart::default()
        };
        assert_eq!(superior_of(&chart, &user("rep")), Some(&user("lead")));
        assert_eq!(superior_of(&chart, &user("lead")), Some(&user("boss")));
        assert_eq!(superior_of(&chart, &user("other")), Some(&user("rep")));
        assert_eq!(superior_of(&chart, &user("nobody")), None);
    }

    #[test]
    fn a_chart_reads_and_goes_back_whole() {
        let text = r#"{"departments": [{"key": "field", "name": "Field", "parent": null,
            "head": "u1"}], "groups": [{"key": "night", "name": "Night", "members": ["u2"]}],
            "placements": [{"user": "u2", "department": "field", "reports_to": null}],
            "sharing_rules": [], "superior_scope": "direct", "version": 4}"#;
        let chart: OrgChart = crate::json::from_str(text).unwrap();
        assert_eq!(chart.superior_scope, SuperiorScope::Direct);
        assert_eq!(chart.departments[0].head, Some(UserId::from_raw("u1")));
        assert_eq!(chart.version, 4);
        let sent: OrgChart = serde_json::from_str(&serde_json::to_string(&chart).unwrap()).unwrap();
        assert_eq!(sent, chart);
    }

    #[test]
    fn only_the_placed_are_sent() {
        let chart = OrgChart {
            placements: vec![
                Placement {
                    user: UserId::from_raw("u1"),
                    department: None,
                    reports_to: None,
                },
                Placement {
                    user: UserId::from_raw("u2"),
                    department: None,
                    reports_to: Some(UserId::from_raw("u1")),
                },
            ],
            ..OrgChart::default()
        };
        let sent = for_saving(&chart);
        assert_eq!(sent.placements.len(), 1);
        assert_eq!(sent.placements[0].user, UserId::from_raw("u2"));
    }

    #[test]
    fn a_field_named_by_position_is_named_by_its_row() {
        let chart = OrgChart {
            departments: vec![dept("company", None), dept("sales", None)],
            placements: vec![Placement {
                user: UserId::from_raw("u1"),
                department: None,
                reports_to: None,
            }],
            ..OrgChart::default()
        };
        assert_eq!(
            stable_field(&chart, "departments[1].parent").as_deref(),
            Some("dept:sales.parent")
        );
        assert_eq!(
            stable_field(&chart, "placements[0].reports_to").as_deref(),
            Some("person:u1.reports_to")
        );
        assert_eq!(stable_field(&chart, "departments[7].name"), None);
        assert_eq!(stable_field(&chart, "departments"), None);
    }
}
