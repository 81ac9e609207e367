//! Questions about the chart as it is being edited, answered without the page: keys for new
//! items, the department tree, whom a person reports to, what is sent on save, and where the
//! server's messages belong.

use worklane_domain::{FieldError, OrgChart, RuleParty, SharingRule, TeamMember, UserId, type_key};

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
pub fn superior_of<'a>(chart: &'a OrgChart, user: &UserId) -> Option<&'a UserId> {
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
pub fn department_paths(chart: &OrgChart, tree: &[(String, usize)]) -> Vec<(String, String)> {
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
pub fn within(chart: &OrgChart, candidate: &str, key: &str) -> bool {
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
pub fn for_saving(draft: &OrgChart) -> OrgChart {
    let mut chart = draft.clone();
    chart
        .placements
        .retain(|p| p.department.is_some() || p.reports_to.is_some());
    chart
}

/// What the page knows is missing before the server is asked: a sharing rule's source or
/// target with its kind chosen but not who (`sharing_rules[0].target`).
pub fn unchosen(chart: &OrgChart) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (n, rule) in chart.sharing_rules.iter().enumerate() {
        for (field, party) in [("source", &rule.source), ("target", &rule.target)] {
            if party_value(party).is_empty() {
                errors.push(FieldError {
                    field: format!("sharing_rules[{n}].{field}"),
                    message: format!("choose {}", party_kind_text(party)),
                });
            }
        }
    }
    errors
}

/// A new rule named `name`, with a key none of the chart's rules has; whose records it shares
/// and with whom are still to be chosen.
pub fn new_rule(chart: &OrgChart, name: String) -> SharingRule {
    let key = unique_key(
        &name,
        "rule",
        chart.sharing_rules.iter().map(|r| r.key.as_str()),
    );
    SharingRule {
        key,
        name,
        source: party_of("user", String::new()),
        target: party_of("user", String::new()),
        level: worklane_domain::AccessLevel::Read,
    }
}

/// The kind of a rule's party as its select names it: `user`, `department` or `group`.
pub fn party_kind(party: &RuleParty) -> &'static str {
    match party {
        RuleParty::User { .. } => "user",
        RuleParty::Department { .. } => "department",
        RuleParty::Group { .. } => "group",
    }
}

fn party_kind_text(party: &RuleParty) -> &'static str {
    match party {
        RuleParty::User { .. } => "a user",
        RuleParty::Department { .. } => "a department",
        RuleParty::Group { .. } => "a group",
    }
}

/// Who a rule's party is, as its select names them: a user's id, a department's or group's key.
pub fn party_value(party: &RuleParty) -> &str {
    match party {
        RuleParty::User { id } => id.as_str(),
        RuleParty::Department { key } | RuleParty::Group { key } => key,
    }
}

/// The party of kind `kind` (`user`, `department`, `group`; a user when unknown) named `value`.
pub fn party_of(kind: &str, value: String) -> RuleParty {
    match kind {
        "department" => RuleParty::Department { key: value },
        "group" => RuleParty::Group { key: value },
        _ => RuleParty::User {
            id: UserId::from_raw(value),
        },
    }
}

/// A field the server named by position (`departments[2].parent`), named instead by what it
/// is about (`dept:sales.parent`), so its message stays by the right row while rows are added
/// and removed.
pub fn stable_field(chart: &OrgChart, field: &str) -> Option<String> {
    let (list, rest) = field.split_once('[')?;
    let (index, part) = rest.split_once(']')?;
    let n: usize = index.parse().ok()?;
    let part = part.strip_prefix('.').unwrap_or(part);
    let id = match list {
        "departments" => format!("dept:{}", chart.departments.get(n)?.key),
        "placements" => format!("person:{}", chart.placements.get(n)?.user),
        "groups" => format!("group:{}", chart.groups.get(n)?.key),
        "sharing_rules" => format!("rule:{}", chart.sharing_rules.get(n)?.key),
        _ => return None,
    };
    Some(format!("{id}.{part}"))
}

/// One line of the summary above the Save button: the message with what it is about.
pub fn readable(chart: &OrgChart, team: &[TeamMember], error: &FieldError) -> String {
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
            "sharing_rules" => {
                let r = chart.sharing_rules.get(n)?;
                let name = if r.name.trim().is_empty() {
                    &r.key
                } else {
                    &r.name
                };
                format!("Sharing rule “{name}”")
            }
            _ => return None,
        })
    })();
    match about {
        Some(about) => format!("{about}: {}", error.message),
        None if error.field.is_empty() => error.message.clone(),
        None => format!("{}: {}", error.field, error.message),
    }
}

/// A team member's name, or their id when they are not in the team.
pub fn name_of(team: &[TeamMember], id: &UserId) -> String {
    team.iter()
        .find(|m| &m.id == id)
        .map_or_else(|| id.to_string(), |m| m.name.to_string())
}

/// A select's value as an optional choice: none for its empty "— none —" choice.
pub fn chosen(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use worklane_domain::{AccessLevel, Department, Placement, SuperiorScope};

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
            "sharing_rules": [{"key": "field-to-night", "name": "Field to night",
            "source": {"kind": "department", "key": "field"},
            "target": {"kind": "group", "key": "night"}, "level": "change"}],
            "superior_scope": "direct", "version": 4}"#;
        let chart: OrgChart = crate::json::from_str(text).unwrap();
        assert_eq!(chart.superior_scope, SuperiorScope::Direct);
        assert_eq!(chart.departments[0].head, Some(UserId::from_raw("u1")));
        assert_eq!(chart.version, 4);
        let rule = &chart.sharing_rules[0];
        assert_eq!(
            (party_kind(&rule.source), party_value(&rule.source)),
            ("department", "field")
        );
        assert_eq!(
            (party_kind(&rule.target), party_value(&rule.target)),
            ("group", "night")
        );
        assert_eq!(rule.level, AccessLevel::Change);
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
        let mut chart = OrgChart {
            departments: vec![dept("company", None), dept("sales", None)],
            placements: vec![Placement {
                user: UserId::from_raw("u1"),
                department: None,
                reports_to: None,
            }],
            ..OrgChart::default()
        };
        let rule = new_rule(&chart, "East to West".into());
        chart.sharing_rules.push(rule);
        assert_eq!(
            stable_field(&chart, "departments[1].parent").as_deref(),
            Some("dept:sales.parent")
        );
        assert_eq!(
            stable_field(&chart, "placements[0].reports_to").as_deref(),
            Some("person:u1.reports_to")
        );
        assert_eq!(
            stable_field(&chart, "sharing_rules[0].target").as_deref(),
            Some("rule:east-to-west.target")
        );
        assert_eq!(stable_field(&chart, "departments[7].name"), None);
        assert_eq!(stable_field(&chart, "sharing_rules[1].name"), None);
        assert_eq!(stable_field(&chart, "departments"), None);
        let error = FieldError {
            field: "sharing_rules[0].target".into(),
            message: "there is no group night".into(),
        };
        assert_eq!(
            readable(&chart, &[], &error),
            "Sharing rule “East to West”: there is no group night"
        );
    }

    #[test]
    fn a_new_rule_has_a_unique_key_and_asks_for_whom_it_shares() {
        let mut chart = OrgChart::default();
        let first = new_rule(&chart, "East to West".into());
        assert_eq!(first.key, "east-to-west");
        assert_eq!(first.level, AccessLevel::Read);
        chart.sharing_rules.push(first);
        let second = new_rule(&chart, "East → West!".into());
        assert_eq!(second.key, "east-west");
        let third = new_rule(&chart, "east to west".into());
        assert_eq!(third.key, "east-to-west-2");
        assert_eq!(new_rule(&chart, "→".into()).key, "rule");
        chart.sharing_rules.push(third);
        chart.sharing_rules[0].source = party_of("department", "east".into());
        assert_eq!(
            unchosen(&chart),
            vec![
                FieldError {
                    field: "sharing_rules[0].target".into(),
                    message: "choose a user".into(),
                },
                FieldError {
                    field: "sharing_rules[1].source".into(),
                    message: "choose a user".into(),
                },
                FieldError {
                    field: "sharing_rules[1].target".into(),
                    message: "choose a user".into(),
                },
            ]
        );
        chart.sharing_rules[1].target = party_of("group", String::new());
        assert_eq!(unchosen(&chart)[2].message, "choose a group");
    }

    #[test]
    fn a_party_goes_to_its_two_selects_and_back() {
        for party in [
            RuleParty::User {
                id: UserId::from_raw("u1"),
            },
            RuleParty::Department {
                key: "sales".into(),
            },
            RuleParty::Group {
                key: "night".into(),
            },
        ] {
            assert_eq!(
                party_of(party_kind(&party), party_value(&party).to_string()),
                party
            );
        }
        assert_eq!(
            party_of("anything", "u2".into()),
            RuleParty::User {
                id: UserId::from_raw("u2")
            }
        );
    }
}
