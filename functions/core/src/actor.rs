use worklane_domain::{PersonName, Role, TeamMember, UserId, UserView};

use crate::CoreError;

/// The signed-in user a request acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub name: PersonName,
    pub role: Role,
}

impl Actor {
    pub fn require_admin(&self) -> Result<(), CoreError> {
        self.require_admin_to("manage users")
    }

    /// Refuses anyone but an admin, saying what only admins may do.
    pub fn require_admin_to(&self, what: &str) -> Result<(), CoreError> {
        match self.role {
            Role::Admin => Ok(()),
            _ => Err(CoreError::Forbidden(format!("only admins can {what}"))),
        }
    }
}

/// A colleague acting in their own name (the bench and the demo act for the seeded team).
impl From<TeamMember> for Actor {
    fn from(member: TeamMember) -> Self {
        Self {
            id: member.id,
            name: member.name,
            role: member.role,
        }
    }
}

impl From<UserView> for Actor {
    fn from(user: UserView) -> Self {
        Self {
            id: user.id,
            name: user.name,
            role: user.role,
        }
    }
}
