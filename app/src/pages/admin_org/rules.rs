//! The Sharing rules section (seed 003's "Data sharing rules"): the records owned by a user or
//! by a department (with every department below it) shared with a user, a department or a
//! group, to read or to read and change.

use leptos::prelude::*;
use worklane_domain::{AccessLevel, RuleParty, SharingRule};

use super::chart::{new_rule, party_kind, party_of, party_value};
use super::draft::Org;
use super::fields::{AddRow, ChartSelect, ChartText};

#[component]
pub fn Rules(org: Org) -> impl IntoView {
    let rule_keys = Memo::new(move |_| {
        org.draft.with(|c| {
            c.sharing_rules
                .iter()
                .map(|r| r.key.clone())
                .collect::<Vec<_>>()
        })
    });
    let add_rule = Callback::new(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Some("Enter the new rule's name.".to_string());
        }
        org.draft.update(|c| {
            let rule = new_rule(c, name);
            c.sharing_rules.push(rule);
        });
        None
    });
    view! {
        <section class="card" aria-labelledby="org-rules">
            <h2 id="org-rules">"Sharing rules"</h2>
            <p class="muted small">
                "A rule shares the records owned by a person, or by anyone in a department or "
                "below it, with another person, everyone in a department or below it, or a "
                "group's members."
            </p>
            <ul class="org-rules" aria-label="Sharing rules">
                <For
                    each=move || rule_keys.get()
                    key=|key| key.clone()
                    children=move |key| view! { <RuleRow org key/> }
                />
            </ul>
            <AddRow what="rule" label="New rule" button="Add rule" on_add=add_rule/>
        </section>
    }
}

/// Which end of a rule a pair of selects edits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Source,
    Target,
}

impl End {
    fn of(self, rule: &SharingRule) -> &RuleParty {
        match self {
            End::Source => &rule.source,
            End::Target => &rule.target,
        }
    }
}

#[component]
fn RuleRow(org: Org, key: String) -> impl IntoView {
    let k = StoredValue::new(key.clone());
    let name = Signal::derive(move || k.with_value(|k| org.rule(k, |r| r.name.clone())));
    let level =
        Signal::derive(move || k.with_value(|k| org.rule(k, |r| level_key(r.level).to_string())));
    let levels = Signal::stored(vec![
        (level_key(AccessLevel::Read).to_string(), "Read".to_string()),
        (
            level_key(AccessLevel::Change).to_string(),
            "Read and change".to_string(),
        ),
    ]);
    let id = format!("rule:{key}");
    let row_id = format!("rule-{key}");
    view! {
        <li class="org-rule" data-testid=row_id>
            <div class="org-rule-head">
                <ChartText
                    id=format!("rule-name-{key}")
                    label="Rule name"
                    value=name
                    on_input=Callback::new(move |value| k.with_value(|k| org.edit_rule(k, |r| r.name = value)))
                    message=org.message_for(id.clone(), &["name", "key"])
                />
                <ChartSelect
                    id=format!("rule-level-{key}")
                    label="Access".to_string()
                    choices=levels
                    selected=level
                    on_change=Callback::new(move |value: String| {
                        let level = if value == level_key(AccessLevel::Change) {
                            AccessLevel::Change
                        } else {
                            AccessLevel::Read
                        };
                        k.with_value(|k| org.edit_rule(k, |r| r.level = level));
                    })
                    message=org.message_for(id.clone(), &["level"])
                />
                <button
                    type="button"
                    class="button button-small"
                    data-testid=format!("remove-rule-{key}")
                    aria-label=Signal::derive(move || format!("Remove the rule {}", name.get()))
                    on:click=move |_| k.with_value(|k| org.draft.update(|c| c.sharing_rules.retain(|r| &r.key != k)))
                >
                    "Remove"
                </button>
            </div>
            <div class="org-rule-parties">
                <RuleEnd org key=key.clone() end=End::Source/>
                <RuleEnd org key end=End::Target/>
            </div>
        </li>
    }
}

/// "Records owned by" or "Shared with": what kind of party, and which one.
#[component]
fn RuleEnd(org: Org, key: String, end: End) -> impl IntoView {
    let k = StoredValue::new(key.clone());
    let (name, legend, kinds): (&str, &str, &[(&str, &str)]) = match end {
        End::Source => (
            "source",
            "Records owned by",
            &[("user", "A user"), ("department", "A department")],
        ),
        End::Target => (
            "target",
            "Shared with",
            &[
                ("user", "A user"),
                ("department", "A department"),
                ("group", "A group"),
            ],
        ),
    };
    let set = move |value: RuleParty| {
        k.with_value(|k| {
            org.edit_rule(k, |r| match end {
                End::Source => r.source = value,
                End::Target => r.target = value,
            })
        });
    };
    let kind = Signal::derive(move || {
        k.with_value(|k| org.rule(k, |r| party_kind(end.of(r)).to_string()))
    });
    let who = Signal::derive(move || {
        k.with_value(|k| org.rule(k, |r| party_value(end.of(r)).to_string()))
    });
    let kind_choices = Signal::stored(
        kinds
            .iter()
            .map(|(value, text)| (value.to_string(), text.to_string()))
            .collect::<Vec<_>>(),
    );
    // The users (active ones, and the one chosen even when disabled), the departments by their
    // path, or the groups, as the kind asks.
    let who_choices = Signal::derive(move || {
        let current = who.get();
        let choose = |what: &str| (String::new(), format!("— choose {what} —"));
        match kind.get().as_str() {
            "department" => std::iter::once(choose("a department"))
                .chain(org.departments.get())
                .collect(),
            "group" => org.draft.with(|c| {
                std::iter::once(choose("a group"))
                    .chain(c.groups.iter().map(|g| (g.key.clone(), g.name.clone())))
                    .collect()
            }),
            _ => org.team.with_value(|team| {
                std::iter::once(choose("a user"))
                    .chain(
                        team.iter()
                            .filter(|m| !m.disabled || m.id.as_str() == current)
                            .map(|m| (m.id.to_string(), m.name.to_string())),
                    )
                    .collect()
            }),
        }
    });
    let kinds_text = if end == End::Source {
        "user or department"
    } else {
        "user, department or group"
    };
    view! {
        <fieldset class="org-rule-party">
            <legend>{legend}</legend>
            <div class="org-rule-pick">
                <ChartSelect
                    id=format!("rule-{name}-kind-{key}")
                    label=format!("{legend}: {kinds_text}")
                    hide_label=true
                    choices=kind_choices
                    selected=kind
                    on_change=Callback::new(move |value: String| set(party_of(&value, String::new())))
                    message=Signal::stored(None)
                />
                <ChartSelect
                    id=format!("rule-{name}-{key}")
                    label=format!("{legend}: which one")
                    hide_label=true
                    choices=who_choices
                    selected=who
                    on_change=Callback::new(move |value: String| set(party_of(&kind.get_untracked(), value)))
                    message=org.message_for(format!("rule:{key}"), if end == End::Source { &["source"] } else { &["target"] })
                />
            </div>
        </fieldset>
    }
}

fn level_key(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::Read => "read",
        AccessLevel::Change => "change",
    }
}
