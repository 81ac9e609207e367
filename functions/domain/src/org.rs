//! The organisation (seed 003): departments as a tree, each with a head; where each user sits
//! and whom they report to; user groups; and how far a superior's view reaches. An admin edits
//! it as one chart and saves it whole, so its rules (one tree, no one above themselves) are
//! checked on the chart as it will be.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::text::TextRule;
use crate::{FieldErrors, UserId};

/// How far a superior sees into their reporting line, and a department head into the tree
/// (seed 003's "Superior Visible Data Scope").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuperiorScope {
    /// A superior sees their direct subordinates' records; a head, their own department's.
    Direct,
    /// A superior sees everyone's below them; a head, their department's and every
    /// sub-department's.
    #[default]
    All,
}

impl SuperiorScope {
    pub const ALL: [SuperiorScope; 2] = [SuperiorScope::Direct, SuperiorScope::All];

    pub fn label(self) -> &'static str {
        match self {
            SuperiorScope::Direct => "Direct subordinates' data",
            SuperiorScope::All => "All subordinates' data",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            SuperiorScope::Direct => "direct",
            SuperiorScope::All => "all",
        }
    }
}

/// A department: a node of the tree, with the person at its head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Stable key, e.g. `service-desk`: lower-case words of letters and digits joined by dashes.
    pub key: String,
    pub name: String,
    /// The department it belongs to; none for a top-level department.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub head: Option<UserId>,
}

/// A named set of users, a sharing rule's audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserGroup {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub members: Vec<UserId>,
}

/// Where a user sits: their main department and whom they report to. With no one named,
/// they report to the head of their department (or, for the head, of the department above).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Placement {
    pub user: UserId,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub reports_to: Option<UserId>,
}

/// Whose records a sharing rule shares, or with whom: one user, a department with every
/// department below it, or (as an audience only) a user group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleParty {
    User { id: UserId },
    Department { key: String },
    Group { key: String },
}

/// A data sharing rule (seed 003): the records owned by `source` are shared with `target`,
/// to read or to read and change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SharingRule {
    pub key: String,
    pub name: String,
    /// A user or a department (with its sub-departments); not a group.
    pub source: RuleParty,
    pub target: RuleParty,
    pub level: crate::AccessLevel,
}

/// The whole organisation, as shown and as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrgChart {
    #[serde(default)]
    pub departments: Vec<Department>,
    #[serde(default)]
    pub groups: Vec<UserGroup>,
    #[serde(default)]
    pub placements: Vec<Placement>,
    #[serde(default)]
    pub sharing_rules: Vec<SharingRule>,
    #[serde(default)]
    pub superior_scope: SuperiorScope,
    /// The version the edit was made on (0 before the first save); a stale one is 409.
    #[serde(default)]
    pub version: u64,
}

impl OrgChart {
    // The chart is one stored item (DynamoDB keeps items up to 400 KB): these bound it.
    pub const MAX_DEPARTMENTS: usize = 200;
    pub const MAX_GROUPS: usize = 50;
    pub const MAX_PLACEMENTS: usize = 1000;
    pub const MAX_GROUP_MEMBERS: usize = 200;
    pub const MAX_RULES: usize = 100;
    pub const NAME_RULE: TextRule = TextRule::line(80, "enter a name");
    pub const KEY_MAX: usize = 40;

    /// The chart with its names trimmed, or everything wrong with it, each under the field
    /// that holds it (`departments[2].parent`). Whether the users named exist is for the
    /// server to check.
    pub fn validate(mut self) -> Result<OrgChart, FieldErrors> {
        let mut errors = FieldErrors::new();
        let counts = [
            (
                "departments",
                self.departments.len(),
                Self::MAX_DEPARTMENTS,
                "departments",
            ),
            ("groups", self.groups.len(), Self::MAX_GROUPS, "groups"),
            (
                "placements",
                self.placements.len(),
                Self::MAX_PLACEMENTS,
                "placements",
            ),
            (
                "sharing_rules",
                self.sharing_rules.len(),
                Self::MAX_RULES,
                "sharing rules",
            ),
        ];
        for (field, len, max, what) in counts {
            if len > max {
                errors.add(field, format!("at most {max} {what}"));
            }
        }
        let mut keys = BTreeSet::new();
        for (n, dept) in self.departments.iter_mut().enumerate() {
            let at = format!("departments[{n}]");
            check_entry(
                &mut errors,
                &at,
                "departments",
                &dept.key,
                &mut dept.name,
                &mut keys,
            );
        }
        let parents: BTreeMap<&str, Option<&str>> = self
            .departments
            .iter()
            .map(|d| (d.key.as_str(), d.parent.as_deref()))
            .collect();
        for (n, dept) in self.departments.iter().enumerate() {
            let Some(parent) = dept.parent.as_deref() else {
                continue;
            };
            let at = format!("departments[{n}].parent");
            if !parents.contains_key(parent) {
                errors.add(at, format!("there is no department {parent}"));
            } else if leads_back(&dept.key, parent, |k| parents.get(k).copied().flatten()) {
                errors.add(at, "a department cannot sit inside itself");
            }
        }
        let mut group_keys = BTreeSet::new();
        for (n, group) in self.groups.iter_mut().enumerate() {
            let at = |f: &str| format!("groups[{n}].{f}");
            let entry = format!("groups[{n}]");
            let (key, name) = (&group.key, &mut group.name);
            check_entry(&mut errors, &entry, "groups", key, name, &mut group_keys);
            if group.members.len() > Self::MAX_GROUP_MEMBERS {
                errors.add(
                    at("members"),
                    format!("a group has at most {} members", Self::MAX_GROUP_MEMBERS),
                );
            }
            let distinct: BTreeSet<&UserId> = group.members.iter().collect();
            if distinct.len() != group.members.len() {
                errors.add(at("members"), "a member is listed twice");
            }
        }
        let mut rule_keys = BTreeSet::new();
        for (n, rule) in self.sharing_rules.iter_mut().enumerate() {
            let at = |f: &str| format!("sharing_rules[{n}].{f}");
            let entry = format!("sharing_rules[{n}]");
            let (key, name) = (&rule.key, &mut rule.name);
            check_entry(&mut errors, &entry, "rules", key, name, &mut rule_keys);
            for (field, party) in [("source", &rule.source), ("target", &rule.target)] {
                match party {
                    RuleParty::Department { key } if !parents.contains_key(key.as_str()) => {
                        errors.add(at(field), format!("there is no department {key}"));
                    }
                    RuleParty::Group { key } if !group_keys.contains(key) => {
                        errors.add(at(field), format!("there is no group {key}"));
                    }
                    RuleParty::Group { .. } if field == "source" => {
                        errors.add(
                            at(field),
                            "share the records of a user or of a department, not of a group",
                        );
                    }
                    _ => {}
                }
            }
            if rule.source == rule.target {
                errors.add(
                    at("target"),
                    "a rule shares with someone else than its source",
                );
            }
        }
        let mut placed = BTreeSet::new();
        for (n, place) in self.placements.iter().enumerate() {
            let at = |f: &str| format!("placements[{n}].{f}");
            if !placed.insert(&place.user) {
                errors.add(at("user"), "this user is placed twice");
            }
            if let Some(dept) = place.department.as_deref()
                && !parents.contains_key(dept)
            {
                errors.add(at("department"), format!("there is no department {dept}"));
            }
            if place.reports_to.as_ref() == Some(&place.user) {
                errors.add(at("reports_to"), "nobody reports to themselves");
            }
        }
        if errors.is_empty() {
            let index = OrgIndex::new(&self);
            for (n, place) in self.placements.iter().enumerate() {
                if index.reports_in_a_circle(&place.user) {
                    errors.add(
                        format!("placements[{n}].reports_to"),
                        "this makes a circle: someone would report, in the end, to themselves",
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// Every user the chart names: heads, members, the placed and those they report to.
    pub fn users_named(&self) -> BTreeMap<&UserId, String> {
        let mut named = BTreeMap::new();
        for (n, d) in self.departments.iter().enumerate() {
            if let Some(head) = &d.head {
                named
                    .entry(head)
                    .or_insert(format!("departments[{n}].head"));
            }
        }
        for (n, g) in self.groups.iter().enumerate() {
            for member in &g.members {
                named
                    .entry(member)
                    .or_insert(format!("groups[{n}].members"));
            }
        }
        for (n, p) in self.placements.iter().enumerate() {
            named
                .entry(&p.user)
                .or_insert(format!("placements[{n}].user"));
            if let Some(to) = &p.reports_to {
                named
                    .entry(to)
                    .or_insert(format!("placements[{n}].reports_to"));
            }
        }
        for (n, r) in self.sharing_rules.iter().enumerate() {
            for (field, party) in [("source", &r.source), ("target", &r.target)] {
                if let RuleParty::User { id } = party {
                    named
                        .entry(id)
                        .or_insert(format!("sharing_rules[{n}].{field}"));
                }
            }
        }
        named
    }
}

/// Checks an entry's key (well formed, unique among `seen`) and trims its name, recording
/// what is wrong under `{at}.key` and `{at}.name`.
fn check_entry(
    errors: &mut FieldErrors,
    at: &str,
    what: &str,
    key: &str,
    name: &mut String,
    seen: &mut BTreeSet<String>,
) {
    if let Err(m) = check_key(key) {
        errors.add(format!("{at}.key"), m);
    } else if !seen.insert(key.to_string()) {
        errors.add(
            format!("{at}.key"),
            format!("two {what} have the key {key}"),
        );
    }
    match OrgChart::NAME_RULE.check(name) {
        Ok(trimmed) => *name = trimmed,
        Err(m) => errors.add(format!("{at}.name"), m),
    }
}

fn check_key(key: &str) -> Result<(), String> {
    if key.len() > OrgChart::KEY_MAX {
        return Err(format!(
            "a key has at most {} characters",
            OrgChart::KEY_MAX
        ));
    }
    if crate::is_type_key(key) {
        Ok(())
    } else {
        Err("use lower-case letters and digits joined by dashes, e.g. service-desk".into())
    }
}

/// Whether walking up from `start` by `up` comes back to `origin`.
fn leads_back<'a>(origin: &str, start: &'a str, up: impl Fn(&'a str) -> Option<&'a str>) -> bool {
    let mut at = Some(start);
    let mut steps = 0;
    while let Some(key) = at {
        if key == origin || steps > OrgChart::MAX_DEPARTMENTS {
            return true;
        }
        at = up(key);
        steps += 1;
    }
    false
}

/// How far the re-index after an organisation change got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReindexProgress {
    /// Whether records are still being re-indexed.
    pub running: bool,
    /// The owners whose records the changes reached, and how many of them are done.
    pub owners_total: u64,
    pub owners_done: u64,
    /// The records re-indexed so far.
    pub records_done: u64,
}

/// A saved chart, and the re-index it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgSaved {
    pub chart: OrgChart,
    pub reindex: ReindexProgress,
}

/// The chart arranged for questions: who is above whom, which departments contain which.
#[derive(Debug, Clone, Default)]
pub struct OrgIndex {
    parent: BTreeMap<String, Option<String>>,
    head: BTreeMap<String, UserId>,
    placement: BTreeMap<UserId, Placement>,
    headed_by: BTreeMap<UserId, Vec<String>>,
    groups_of: BTreeMap<UserId, Vec<String>>,
    names: BTreeMap<String, String>,
    group_names: BTreeMap<String, String>,
    rules: Vec<SharingRule>,
    pub superior_scope: SuperiorScope,
    pub version: u64,
}

impl OrgIndex {
    pub fn new(chart: &OrgChart) -> Self {
        let mut index = OrgIndex {
            superior_scope: chart.superior_scope,
            version: chart.version,
            ..OrgIndex::default()
        };
        for d in &chart.departments {
            index.parent.insert(d.key.clone(), d.parent.clone());
            index.names.insert(d.key.clone(), d.name.clone());
            if let Some(head) = &d.head {
                index.head.insert(d.key.clone(), head.clone());
                index
                    .headed_by
                    .entry(head.clone())
                    .or_default()
                    .push(d.key.clone());
            }
        }
        for g in &chart.groups {
            index.group_names.insert(g.key.clone(), g.name.clone());
            for m in &g.members {
                index
                    .groups_of
                    .entry(m.clone())
                    .or_default()
                    .push(g.key.clone());
            }
        }
        for p in &chart.placements {
            index.placement.insert(p.user.clone(), p.clone());
        }
        index.rules = chart.sharing_rules.clone();
        index
    }

    /// Whether `user` is in `department` or a department below it.
    pub fn is_within(&self, user: &UserId, department: &str) -> bool {
        self.department_of(user).is_some_and(|own| {
            self.department_chain(own)
                .iter()
                .any(|(key, _)| key == department)
        })
    }

    /// Whether `party` names `user` as an audience.
    pub fn reaches(&self, party: &RuleParty, user: &UserId) -> bool {
        match party {
            RuleParty::User { id } => id == user,
            RuleParty::Department { key } => self.is_within(user, key),
            RuleParty::Group { key } => self.groups_of(user).contains(key),
        }
    }

    /// Whether `party`, as a rule's source, owns what `owner` owns.
    pub fn owns_as(&self, party: &RuleParty, owner: &UserId) -> bool {
        match party {
            RuleParty::User { id } => id == owner,
            RuleParty::Department { key } => self.is_within(owner, key),
            RuleParty::Group { .. } => false,
        }
    }

    /// The sharing rules whose audience includes `user`.
    pub fn rules_reaching<'a>(&'a self, user: &'a UserId) -> impl Iterator<Item = &'a SharingRule> {
        self.rules
            .iter()
            .filter(move |r| self.reaches(&r.target, user))
    }

    pub fn rules(&self) -> &[SharingRule] {
        &self.rules
    }

    /// Everyone placed in `department` or below it, and the heads there.
    pub fn members_within(&self, department: &str) -> BTreeSet<UserId> {
        let mut users: BTreeSet<UserId> = self.placement.keys().cloned().collect();
        users.extend(self.headed_by.keys().cloned());
        users.retain(|u| self.is_within(u, department));
        users
    }

    /// The members of a group.
    pub fn members_of_group(&self, group: &str) -> Vec<UserId> {
        self.groups_of
            .iter()
            .filter(|(_, groups)| groups.iter().any(|g| g == group))
            .map(|(user, _)| user.clone())
            .collect()
    }

    /// The user's main department: where they are placed, or else the first they head.
    pub fn department_of(&self, user: &UserId) -> Option<&str> {
        self.placement
            .get(user)
            .and_then(|p| p.department.as_deref())
            .or_else(|| self.headed_by(user).first().map(String::as_str))
    }

    pub fn department_name(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    pub fn group_name(&self, key: &str) -> Option<&str> {
        self.group_names.get(key).map(String::as_str)
    }

    pub fn head_of(&self, department: &str) -> Option<&UserId> {
        self.head.get(department)
    }

    /// The departments `user` heads.
    pub fn headed_by(&self, user: &UserId) -> &[String] {
        self.headed_by.get(user).map_or(&[], Vec::as_slice)
    }

    /// The groups `user` is a member of.
    pub fn groups_of(&self, user: &UserId) -> &[String] {
        self.groups_of.get(user).map_or(&[], Vec::as_slice)
    }

    /// The department above `department`.
    pub fn parent_of(&self, department: &str) -> Option<&str> {
        self.parent.get(department)?.as_deref()
    }

    /// `department` and every department above it, nearest first, with their distance.
    pub fn department_chain(&self, department: &str) -> Vec<(String, u8)> {
        let mut chain = Vec::new();
        let mut at = Some(department);
        while let Some(key) = at {
            if chain.len() > OrgChart::MAX_DEPARTMENTS || !self.parent.contains_key(key) {
                break;
            }
            chain.push((key.to_string(), chain.len().min(255) as u8));
            at = self.parent_of(key);
        }
        chain
    }

    /// Whom `user` reports to: the one named, or else the nearest head above them in their
    /// department's chain who is not themselves.
    pub fn superior_of(&self, user: &UserId) -> Option<&UserId> {
        if let Some(to) = self.placement.get(user).and_then(|p| p.reports_to.as_ref()) {
            return Some(to);
        }
        let department = self.department_of(user)?;
        self.department_chain(department)
            .into_iter()
            .find_map(|(key, _)| self.head.get(&key).filter(|head| *head != user))
    }

    /// `user`'s superiors, nearest first, with their level (1 for the one they report to),
    /// as far as the scope reaches: one level for [`SuperiorScope::Direct`], all for
    /// [`SuperiorScope::All`].
    pub fn superiors(&self, user: &UserId) -> Vec<(UserId, u8)> {
        let mut line: Vec<(UserId, u8)> = Vec::new();
        let mut at = self.superior_of(user);
        while let Some(boss) = at {
            if boss == user || line.iter().any(|(u, _)| u == boss) || line.len() >= 64 {
                break;
            }
            line.push((boss.clone(), line.len() as u8 + 1));
            if self.superior_scope == SuperiorScope::Direct {
                break;
            }
            at = self.superior_of(boss);
        }
        line
    }

    /// Whether following the reporting line up from `user` comes back to them.
    pub fn reports_in_a_circle(&self, user: &UserId) -> bool {
        let mut seen = BTreeSet::new();
        let mut at = self.superior_of(user);
        while let Some(boss) = at {
            if boss == user {
                return true;
            }
            if !seen.insert(boss) {
                return false;
            }
            at = self.superior_of(boss);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: u8) -> UserId {
        UserId::from_raw(format!("u{n}"))
    }

    fn dept(key: &str, parent: Option<&str>, head: Option<u8>) -> Department {
        Department {
            key: key.into(),
            name: key.to_uppercase(),
            parent: parent.map(str::to_string),
            head: head.map(user),
        }
    }

    fn place(n: u8, department: &str, reports_to: Option<u8>) -> Placement {
        Placement {
            user: user(n),
            department: Some(department.into()),
            reports_to: reports_to.map(user),
        }
    }

    fn chart() -> OrgChart {
        OrgChart {
            departments: vec![
                dept("company", None, Some(1)),
                dept("sales", Some("company"), Some(2)),
                dept("sales-east", Some("sales"), Some(3)),
            ],
            placements: vec![
                place(1, "company", None),
                place(2, "sales", None),
                place(3, "sales-east", None),
                place(4, "sales-east", None),
                place(5, "sales-east", Some(4)),
            ],
            ..OrgChart::default()
        }
    }

    #[test]
    fn a_user_reports_to_their_head_and_a_head_to_the_head_above() {
        let index = OrgIndex::new(&chart().validate().unwrap());
        assert_eq!(index.superior_of(&user(4)), Some(&user(3)));
        assert_eq!(index.superior_of(&user(3)), Some(&user(2)));
        assert_eq!(index.superior_of(&user(1)), None);
        assert_eq!(index.superior_of(&user(5)), Some(&user(4)), "named wins");
        assert_eq!(
            index.superiors(&user(5)),
            vec![(user(4), 1), (user(3), 2), (user(2), 3), (user(1), 4)]
        );
    }

    #[test]
    fn under_the_direct_scope_a_user_has_one_superior() {
        let mut chart = chart();
        chart.superior_scope = SuperiorScope::Direct;
        let index = OrgIndex::new(&chart.validate().unwrap());
        assert_eq!(index.superiors(&user(5)), vec![(user(4), 1)]);
    }

    #[test]
    fn a_department_inside_itself_is_refused() {
        let mut chart = chart();
        chart.departments[0].parent = Some("sales-east".into());
        let errors = chart.validate().unwrap_err();
        assert_eq!(
            errors.for_field("departments[0].parent"),
            Some("a department cannot sit inside itself")
        );
    }

    #[test]
    fn a_reporting_circle_is_refused() {
        let mut chart = chart();
        chart.placements[3].reports_to = Some(user(5));
        let errors = chart.validate().unwrap_err();
        assert!(errors.for_field("placements[3].reports_to").is_some());
    }

    #[test]
    fn unknown_departments_and_bad_keys_are_named() {
        let mut chart = chart();
        chart.departments[1].key = "Sales Floor".into();
        chart.placements[0].department = Some("nowhere".into());
        let errors = chart.validate().unwrap_err();
        assert!(errors.for_field("departments[1].key").is_some());
        assert_eq!(
            errors.for_field("placements[0].department"),
            Some("there is no department nowhere")
        );
    }

    #[test]
    fn the_chain_of_a_department_runs_to_the_top() {
        let index = OrgIndex::new(&chart());
        assert_eq!(
            index.department_chain("sales-east"),
            vec![
                ("sales-east".to_string(), 0),
                ("sales".to_string(), 1),
                ("company".to_string(), 2)
            ]
        );
        assert_eq!(index.headed_by(&user(2)), ["sales".to_string()]);
    }
}
