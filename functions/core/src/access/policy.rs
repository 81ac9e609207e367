use std::sync::Arc;

use worklane_domain::{
    AccessLevel, OrgIndex, Role, Sharing, SharingDefaults, TeamGrant, UserId, VisibilityReason,
};

use super::scopes::{ViewerList, grants, headed_lists, level_of, shared_lists, viewer_lists};
use super::{Access, Acting};
use crate::CoreError;

/// What an access may do with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    None,
    Read,
    Change,
}

/// An object whose records have owners, each with an org-wide default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Contact,
    /// A company (seed 003's account); it follows the contacts' default.
    Account,
    /// A work item whose type is not a work order.
    WorkItem,
    /// A work item whose type follows the work order workflow (seed 003).
    WorkOrder,
}

impl Object {
    /// What the object's records are called in "not found".
    pub fn noun(self) -> &'static str {
        match self {
            Object::Contact => "contact",
            Object::Account => "account",
            Object::WorkItem | Object::WorkOrder => "work item",
        }
    }
}

/// The facts of a record that decide who reaches it.
#[derive(Debug, Clone, Copy)]
pub struct Holding<'a> {
    pub object: Object,
    pub owner: &'a UserId,
    /// Its related team members.
    pub team: &'a [TeamGrant],
    /// Whether it is void (an Obsolete work order): then only admins see it.
    pub void: bool,
}

impl<'a> Holding<'a> {
    /// A contact owned by `owner`, with no related team members.
    pub fn contact(owner: &'a UserId) -> Self {
        Holding {
            object: Object::Contact,
            owner,
            team: &[],
            void: false,
        }
    }

    /// An account owned by `owner`, with no related team members.
    pub fn account(owner: &'a UserId) -> Self {
        Holding {
            object: Object::Account,
            ..Holding::contact(owner)
        }
    }

    /// The same record with these related team members.
    pub fn with_team(self, team: &'a [TeamGrant]) -> Self {
        Holding { team, ..self }
    }
}

impl Access {
    /// How far this access reaches `holding`: admins and system tasks everything; the scopes
    /// the record belongs to (owner, superiors, department heads) what their reasons give;
    /// everyone else what the object's org-wide default gives.
    pub fn reach(&self, holding: Holding<'_>) -> Reach {
        let Acting::User(actor, grounds) = &self.acting else {
            return Reach::Change;
        };
        if actor.role == Role::Admin {
            return Reach::Change;
        }
        // Obsolete (void) records are for admins only (seed 003).
        if holding.void {
            return Reach::None;
        }
        if &actor.id == holding.owner {
            return Reach::Change;
        }
        let by_default = match default_for(&grounds.defaults, holding.object) {
            Sharing::PublicReadWrite => Reach::Change,
            Sharing::PublicRead => Reach::Read,
            Sharing::Private => Reach::None,
        };
        let by_scope = grants(&actor.id, holding, &grounds.org)
            .iter()
            .map(|reason| match level_of(reason) {
                AccessLevel::Change => Reach::Change,
                AccessLevel::Read => Reach::Read,
            })
            .max()
            .unwrap_or(Reach::None);
        by_default.max(by_scope)
    }

    /// Every reason this access reaches `holding` for (none when it does not).
    pub fn reasons(&self, holding: Holding<'_>) -> Vec<VisibilityReason> {
        let Acting::User(actor, grounds) = &self.acting else {
            return Vec::new();
        };
        let mut reasons = grants(&actor.id, holding, &grounds.org);
        if actor.role == Role::Admin {
            reasons.push(VisibilityReason::Admin);
        }
        let sharing = default_for(&grounds.defaults, holding.object);
        if sharing != Sharing::Private {
            reasons.push(VisibilityReason::OrgWideDefault { sharing });
        }
        reasons
    }

    /// The lists this access finds records through, for lists narrowed to what it sees.
    pub(crate) fn viewer_lists(&self) -> Vec<ViewerList> {
        match &self.acting {
            Acting::User(actor, grounds) => viewer_lists(&actor.id, &grounds.org),
            Acting::System(_) => Vec::new(),
        }
    }

    /// The lists of the departments this access heads (none for a system task).
    pub(crate) fn headed_lists(&self) -> Vec<ViewerList> {
        match &self.acting {
            Acting::User(actor, grounds) => headed_lists(&actor.id, &grounds.org),
            Acting::System(_) => Vec::new(),
        }
    }

    /// The lists the sharing rules that reach this access give it (none for a system task).
    pub(crate) fn shared_lists(&self) -> Vec<ViewerList> {
        match &self.acting {
            Acting::User(actor, grounds) => shared_lists(&actor.id, &grounds.org),
            Acting::System(_) => Vec::new(),
        }
    }

    /// The organisation this access was built under; a system task's is empty.
    pub(crate) fn org(&self) -> Option<&Arc<OrgIndex>> {
        match &self.acting {
            Acting::User(_, grounds) => Some(&grounds.org),
            Acting::System(_) => None,
        }
    }

    /// The org-wide default for `object`; a system task's is public.
    pub(crate) fn default_for(&self, object: Object) -> Sharing {
        match &self.acting {
            Acting::User(_, grounds) => default_for(&grounds.defaults, object),
            Acting::System(_) => Sharing::PublicReadWrite,
        }
    }

    /// Whether this access may see the record at all.
    pub fn sees(&self, holding: Holding<'_>) -> bool {
        self.reach(holding) != Reach::None
    }

    /// Whether every record of `object` is visible to this access whoever owns it, so a list
    /// need not be narrowed to the records it reaches.
    pub fn sees_all(&self, object: Object) -> bool {
        match &self.acting {
            Acting::System(_) => true,
            Acting::User(actor, grounds) => {
                actor.role == Role::Admin
                    || default_for(&grounds.defaults, object) != Sharing::Private
            }
        }
    }

    /// A record this access may not see does not exist for it.
    pub fn check_read(&self, holding: Holding<'_>) -> Result<(), CoreError> {
        if self.sees(holding) {
            Ok(())
        } else {
            Err(CoreError::NotFound(holding.object.noun()))
        }
    }

    /// [`Access::check_change`], and for a work order a role that handles them (seed 003:
    /// service staff and CRM admins assign and handle work orders).
    pub fn check_handle(&self, holding: Holding<'_>) -> Result<(), CoreError> {
        self.check_change(holding)?;
        match &self.acting {
            Acting::User(actor, _)
                if holding.object == Object::WorkOrder && !actor.role.handles_work_orders() =>
            {
                Err(CoreError::Forbidden(
                    "only service staff and admins assign and handle work orders".into(),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Not found when the record is invisible; forbidden when it is only visible.
    pub fn check_change(&self, holding: Holding<'_>) -> Result<(), CoreError> {
        match self.reach(holding) {
            Reach::None => Err(CoreError::NotFound(holding.object.noun())),
            Reach::Read => Err(CoreError::Forbidden(format!(
                "you may see this {} but not change it: ask its owner or an admin",
                holding.object.noun()
            ))),
            Reach::Change => Ok(()),
        }
    }
}

fn default_for(defaults: &SharingDefaults, object: Object) -> Sharing {
    match object {
        // Accounts follow the access rules of contacts.
        Object::Contact | Object::Account => defaults.contacts,
        Object::WorkItem => defaults.work_items,
        Object::WorkOrder => defaults.work_orders,
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::PersonName;

    use super::*;
    use crate::Actor;
    use crate::access::SystemTask;

    fn user(n: u8, role: Role, contacts: Sharing) -> Access {
        let actor = Actor {
            id: UserId::from_raw(format!("{n:032x}")),
            name: PersonName::parse("Pat Smith").unwrap(),
            role,
        };
        Access::user(
            actor,
            SharingDefaults {
                contacts,
                ..SharingDefaults::default()
            },
            std::sync::Arc::new(OrgIndex::default()),
        )
    }

    fn contact_of(owner: &UserId) -> Holding<'_> {
        Holding::contact(owner)
    }

    #[test]
    fn under_each_default_an_owner_changes_and_a_colleague_reaches_what_it_gives() {
        for (sharing, colleague) in [
            (Sharing::Private, Reach::None),
            (Sharing::PublicRead, Reach::Read),
            (Sharing::PublicReadWrite, Reach::Change),
        ] {
            let owner = user(1, Role::Rep, sharing);
            let mine = owner.user_id().unwrap().clone();
            assert_eq!(owner.reach(contact_of(&mine)), Reach::Change, "{sharing:?}");
            for role in [Role::Rep, Role::Manager] {
                assert_eq!(user(2, role, sharing).reach(contact_of(&mine)), colleague);
            }
            assert_eq!(
                user(3, Role::Admin, sharing).reach(contact_of(&mine)),
                Reach::Change
            );
        }
    }

    #[test]
    fn an_invisible_record_is_not_found_and_a_read_only_one_is_forbidden_to_change() {
        let owner = UserId::from_raw(format!("{:032x}", 1));
        let private = user(2, Role::Rep, Sharing::Private);
        assert!(matches!(
            private.check_read(contact_of(&owner)),
            Err(CoreError::NotFound("contact"))
        ));
        assert!(matches!(
            private.check_change(contact_of(&owner)),
            Err(CoreError::NotFound("contact"))
        ));
        let read = user(2, Role::Rep, Sharing::PublicRead);
        assert!(read.check_read(contact_of(&owner)).is_ok());
        assert!(matches!(
            read.check_change(contact_of(&owner)),
            Err(CoreError::Forbidden(_))
        ));
    }

    #[test]
    fn a_system_task_reaches_everything_but_has_no_user() {
        let system = Access::system(SystemTask::InboundMessages);
        let owner = UserId::from_raw(format!("{:032x}", 1));
        assert_eq!(system.reach(contact_of(&owner)), Reach::Change);
        assert!(system.sees_all(Object::Contact));
        assert!(system.actor().is_err());
        assert!(system.require_admin_to("manage users").is_err());
    }

    #[test]
    fn in_a_private_deployment_superiors_change_heads_see_and_colleagues_do_not() {
        use worklane_domain::{Department, OrgChart, Placement};
        let id = |n: u8| UserId::from_raw(format!("{n:032x}"));
        let org = std::sync::Arc::new(OrgIndex::new(&OrgChart {
            departments: vec![Department {
                key: "sales".into(),
                name: "Sales".into(),
                parent: None,
                head: Some(id(3)),
            }],
            placements: vec![
                Placement {
                    user: id(1),
                    department: Some("sales".into()),
                    reports_to: Some(id(2)),
                },
                Placement {
                    user: id(4),
                    department: Some("sales".into()),
                    reports_to: None,
                },
            ],
            ..OrgChart::default()
        }));
        let as_user = |n: u8| {
            let actor = Actor {
                id: id(n),
                name: PersonName::parse("Pat Smith").unwrap(),
                role: Role::Rep,
            };
            let defaults = SharingDefaults {
                contacts: Sharing::Private,
                ..SharingDefaults::default()
            };
            Access::user(actor, defaults, org.clone())
        };
        let owner = id(1);
        let contact = Holding::contact(&owner);
        assert_eq!(as_user(2).reach(contact), Reach::Change, "superior");
        assert_eq!(as_user(3).reach(contact), Reach::Read, "head");
        assert_eq!(as_user(4).reach(contact), Reach::None, "colleague");
        assert_eq!(
            as_user(3).reasons(contact),
            [VisibilityReason::DepartmentHead {
                department: "sales".into(),
                depth: 0
            }]
        );
    }
}
