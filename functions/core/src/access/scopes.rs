//! The scopes a record belongs to: the few keys under which it is indexed so that everyone
//! who may see it finds it with a keyed query, each with the reasons it grants. The policy
//! decides a single record from the same scopes (and the sharing rules, which are expanded at
//! read time), so what a list shows and what a read allows cannot disagree.

use std::collections::BTreeMap;

use worklane_domain::{AccessLevel, OrgIndex, Sharing, SuperiorScope, UserId, VisibilityReason};

use super::Holding;

/// A key a record is indexed under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Scope {
    /// One user: the owner, or a superior.
    User(UserId),
    /// A department the owner is in or below; its heads, and the sharing rules from it, see
    /// through it.
    Department(String),
}

impl Scope {
    /// The scope as a part of a store key.
    pub fn key(&self) -> String {
        match self {
            Scope::User(user) => format!("U#{user}"),
            Scope::Department(key) => format!("D#{key}"),
        }
    }

    /// The scope a store key part names.
    pub fn parse(key: &str) -> Option<Scope> {
        if let Some(user) = key.strip_prefix("U#") {
            return Some(Scope::User(UserId::from_raw(user)));
        }
        key.strip_prefix("D#")
            .map(|dept| Scope::Department(dept.to_string()))
    }
}

/// One list a viewer reads to find the records they see; a record's repository answers each
/// with one keyed query, all sorted alike so that they merge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ViewerList {
    /// The records with an entry under this scope.
    Scope(Scope),
    /// The records whose owner is directly in this department (not below it).
    Members(String),
    /// The records this user owns.
    OwnedBy(UserId),
}

/// The lists `viewer` finds records through: their own scope; each department they head (its
/// members only, under the direct scope); the sources of the sharing rules that reach them.
pub(crate) fn viewer_lists(viewer: &UserId, org: &OrgIndex) -> Vec<ViewerList> {
    let mut lists = vec![ViewerList::Scope(Scope::User(viewer.clone()))];
    lists.extend(headed_lists(viewer, org));
    lists.extend(shared_lists(viewer, org));
    lists.sort();
    lists.dedup();
    lists
}

/// The lists of the departments `viewer` heads: all of each department's records, or only
/// its direct members', as the superior scope says.
pub(crate) fn headed_lists(viewer: &UserId, org: &OrgIndex) -> Vec<ViewerList> {
    org.headed_by(viewer)
        .iter()
        .map(|department| match org.superior_scope {
            SuperiorScope::All => ViewerList::Scope(Scope::Department(department.clone())),
            SuperiorScope::Direct => ViewerList::Members(department.clone()),
        })
        .collect()
}

/// The lists of the sharing rules that reach `viewer`: the records of the rule's source
/// user, or of its source department and below.
pub(crate) fn shared_lists(viewer: &UserId, org: &OrgIndex) -> Vec<ViewerList> {
    org.rules_reaching(viewer)
        .filter_map(|rule| match &rule.source {
            worklane_domain::RuleParty::User { id } => Some(ViewerList::OwnedBy(id.clone())),
            worklane_domain::RuleParty::Department { key } => {
                Some(ViewerList::Scope(Scope::Department(key.clone())))
            }
            worklane_domain::RuleParty::Group { .. } => None,
        })
        .collect()
}

/// How far a reason reaches: owners, superiors and admins change (seed 003 lets them assign
/// and handle); a department head sees; a team member (and their superiors), a rule and the
/// default give what they say.
pub(crate) fn level_of(reason: &VisibilityReason) -> AccessLevel {
    match reason {
        VisibilityReason::Owner | VisibilityReason::Superior { .. } | VisibilityReason::Admin => {
            AccessLevel::Change
        }
        VisibilityReason::DepartmentHead { .. } => AccessLevel::Read,
        VisibilityReason::TeamMember { level } => *level,
        VisibilityReason::SuperiorOfTeamMember { access, .. } => *access,
        VisibilityReason::SharingRule { level, .. } => *level,
        VisibilityReason::OrgWideDefault { sharing } => match sharing {
            Sharing::PublicReadWrite => AccessLevel::Change,
            _ => AccessLevel::Read,
        },
    }
}

/// Every scope `holding` belongs to under `org`, with the reasons each stands for: its owner;
/// the owner's superiors, as far as the superior scope reaches; its related team members and
/// their superiors; every department the owner is
/// in or below, with its distance (whose heads see it depends on the superior scope).
pub(crate) fn scopes_of(
    holding: Holding<'_>,
    org: &OrgIndex,
) -> BTreeMap<Scope, Vec<VisibilityReason>> {
    let mut scopes: BTreeMap<Scope, Vec<VisibilityReason>> = BTreeMap::new();
    let owner = holding.owner;
    scopes
        .entry(Scope::User(owner.clone()))
        .or_default()
        .push(VisibilityReason::Owner);
    for (superior, level) in org.superiors(owner) {
        scopes
            .entry(Scope::User(superior))
            .or_default()
            .push(VisibilityReason::Superior {
                of: owner.clone(),
                level,
            });
    }
    for grant in holding.team {
        scopes
            .entry(Scope::User(grant.user.clone()))
            .or_default()
            .push(VisibilityReason::TeamMember { level: grant.level });
        for (superior, level) in org.superiors(&grant.user) {
            scopes.entry(Scope::User(superior)).or_default().push(
                VisibilityReason::SuperiorOfTeamMember {
                    of: grant.user.clone(),
                    level,
                    access: grant.level,
                },
            );
        }
    }
    if let Some(department) = org.department_of(owner) {
        for (key, depth) in org.department_chain(department) {
            scopes
                .entry(Scope::Department(key.clone()))
                .or_default()
                .push(VisibilityReason::DepartmentHead {
                    department: key,
                    depth,
                });
        }
    }
    scopes
}

/// Whether a head of a department sees a record `depth` levels below it.
pub(crate) fn head_sees(org: &OrgIndex, depth: u8) -> bool {
    org.superior_scope == SuperiorScope::All || depth == 0
}

/// Every reason `viewer` sees `holding` for, besides their role and the org-wide default: the
/// reasons of the scopes they see through, and the sharing rules that reach them.
pub(crate) fn grants(
    viewer: &UserId,
    holding: Holding<'_>,
    org: &OrgIndex,
) -> Vec<VisibilityReason> {
    let scopes = scopes_of(holding, org);
    let mut reasons: Vec<VisibilityReason> = scopes
        .get(&Scope::User(viewer.clone()))
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for department in org.headed_by(viewer) {
        let own = scopes.get(&Scope::Department(department.clone()));
        reasons.extend(own.into_iter().flatten().filter(|reason| {
            matches!(reason, VisibilityReason::DepartmentHead { depth, .. } if head_sees(org, *depth))
        }).cloned());
    }
    for rule in org.rules_reaching(viewer) {
        if org.owns_as(&rule.source, holding.owner) {
            reasons.push(VisibilityReason::SharingRule {
                rule: rule.key.clone(),
                level: rule.level,
            });
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use worklane_domain::{Department, OrgChart, Placement, RuleParty, SharingRule};

    use super::*;

    fn user(n: u8) -> UserId {
        UserId::from_raw(format!("u{n}"))
    }

    fn chart(scope: SuperiorScope) -> OrgChart {
        OrgChart {
            departments: vec![
                Department {
                    key: "service".into(),
                    name: "Service".into(),
                    parent: None,
                    head: Some(user(1)),
                },
                Department {
                    key: "field".into(),
                    name: "Field team".into(),
                    parent: Some("service".into()),
                    head: Some(user(2)),
                },
            ],
            placements: vec![Placement {
                user: user(3),
                department: Some("field".into()),
                reports_to: None,
            }],
            superior_scope: scope,
            ..OrgChart::default()
        }
    }

    #[test]
    fn a_record_is_scoped_to_its_owner_their_superiors_and_their_departments() {
        let owner = user(3);
        let org = OrgIndex::new(&chart(SuperiorScope::All));
        let scopes = scopes_of(Holding::contact(&owner), &org);
        assert_eq!(scopes[&Scope::User(user(3))], [VisibilityReason::Owner]);
        assert_eq!(
            scopes[&Scope::User(user(2))],
            [VisibilityReason::Superior {
                of: owner.clone(),
                level: 1
            }]
        );
        assert!(scopes.contains_key(&Scope::User(user(1))));
        assert!(scopes.contains_key(&Scope::Department("field".into())));
        assert!(scopes.contains_key(&Scope::Department("service".into())));
    }

    #[test]
    fn under_the_direct_scope_only_the_nearest_superior_and_head_see() {
        let owner = user(3);
        let org = OrgIndex::new(&chart(SuperiorScope::Direct));
        let holding = Holding::contact(&owner);
        let users: Vec<String> = scopes_of(holding, &org)
            .keys()
            .filter(|s| matches!(s, Scope::User(_)))
            .map(Scope::key)
            .collect();
        assert_eq!(users, ["U#u2", "U#u3"]);
        assert!(grants(&user(1), holding, &org).is_empty());
        assert_eq!(
            viewer_lists(&user(1), &org),
            [
                ViewerList::Scope(Scope::User(user(1))),
                ViewerList::Members("service".into())
            ]
        );
    }

    #[test]
    fn a_rule_shares_a_departments_records_with_a_user_outside_it() {
        let mut chart = chart(SuperiorScope::All);
        chart.sharing_rules.push(SharingRule {
            key: "service-to-sales".into(),
            name: "Service to sales".into(),
            source: RuleParty::Department {
                key: "service".into(),
            },
            target: RuleParty::User { id: user(9) },
            level: AccessLevel::Read,
        });
        let org = OrgIndex::new(&chart);
        let owner = user(3);
        assert_eq!(
            grants(&user(9), Holding::contact(&owner), &org),
            [VisibilityReason::SharingRule {
                rule: "service-to-sales".into(),
                level: AccessLevel::Read
            }]
        );
        assert!(
            viewer_lists(&user(9), &org)
                .contains(&ViewerList::Scope(Scope::Department("service".into())))
        );
    }

    #[test]
    fn a_scope_key_reads_back_as_the_scope() {
        for scope in [Scope::User(user(9)), Scope::Department("field".into())] {
            assert_eq!(Scope::parse(&scope.key()), Some(scope));
        }
    }
}
