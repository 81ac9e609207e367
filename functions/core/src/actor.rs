use worklane_domain::{PersonName, Role, TeamMember, UserId, UserView};

/// The signed-in user a request acts for; what they may reach is their [`crate::Access`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub name: PersonName,
    pub role: Role,
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
