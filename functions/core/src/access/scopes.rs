//! The scopes a record belongs to: the few keys under which it is indexed so that everyone
//! who may see it finds it with a keyed query, each with the reasons it grants. The policy
//! decides a single record from the same scopes, so what a list shows and what a read allows
//! cannot disagree.

use std::collections::BTreeMap;

use worklane_domain::{AccessLevel, OrgIndex, SuperiorScope, UserId, VisibilityReason};

use super::Holding;

/// A key a record is indexed under, and a viewer queries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Scope {
    /// One user: the owner, or a superior.
    User(UserId),
    /// The heads of one department.
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

    /// The scopes `user` sees records through: their own, and each department they head.
    pub fn of_viewer(user: &UserId, org: &OrgIndex) -> Vec<Scope> {
        let mut scopes = vec![Scope::User(user.clone())];
        scopes.extend(
            org.headed_by(user)
                .iter()
                .map(|d| Scope::Department(d.clone())),
        );
        scopes
    }
}

/// How far a reason reaches: owners and superiors change (seed 003 lets them assign and
/// handle); a department head sees.
pub(crate) fn level_of(reason: &VisibilityReason) -> AccessLevel {
    match reason {
        VisibilityReason::Owner | VisibilityReason::Superior { .. } | VisibilityReason::Admin => {
            AccessLevel::Change
        }
        VisibilityReason::DepartmentHead { .. } => AccessLevel::Read,
        VisibilityReason::OrgWideDefault { sharing } => match sharing {
            worklane_domain::Sharing::PublicReadWrite => AccessLevel::Change,
            _ => AccessLevel::Read,
        },
    }
}

/// Every scope `holding` belongs to under `org`, with the reasons each grants: its owner; the
/// owner's superiors, as far as the superior scope reaches; the owner's department, and under
/// [`SuperiorScope::All`] every department above it, for their heads.
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
    if let Some(department) = org.department_of(owner) {
        let reach = match org.superior_scope {
            SuperiorScope::Direct => 1,
            SuperiorScope::All => usize::MAX,
        };
        for (key, depth) in org.department_chain(department).into_iter().take(reach) {
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

#[cfg(test)]
mod tests {
    use worklane_domain::{Department, OrgChart, Placement};

    use super::*;

    fn user(n: u8) -> UserId {
        UserId::from_raw(format!("u{n}"))
    }

    fn org(scope: SuperiorScope) -> OrgIndex {
        OrgIndex::new(&OrgChart {
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
        })
    }

    #[test]
    fn a_record_is_scoped_to_its_owner_their_superiors_and_their_departments() {
        let owner = user(3);
        let scopes = scopes_of(Holding::contact(&owner), &org(SuperiorScope::All));
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
    fn under_the_direct_scope_only_the_nearest_superior_and_department_see() {
        let owner = user(3);
        let scopes = scopes_of(Holding::contact(&owner), &org(SuperiorScope::Direct));
        let keys: Vec<String> = scopes.keys().map(Scope::key).collect();
        assert_eq!(keys, ["U#u2", "U#u3", "D#field"]);
    }

    #[test]
    fn a_scope_key_reads_back_as_the_scope() {
        for scope in [Scope::User(user(9)), Scope::Department("field".into())] {
            assert_eq!(Scope::parse(&scope.key()), Some(scope));
        }
    }
}
