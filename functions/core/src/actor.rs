use worklane_domain::{PersonName, Role, UserId};

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
