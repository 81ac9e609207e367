//! Who may see and change what, decided in one place. An [`Access`] is built once per request
//! from the signed-in user (or names the system task acting), and every use case that reads or
//! writes a record passes it to the policy here: a record the access may not see is not found
//! (404), one it may see but not change is forbidden (403).

mod policy;
mod scopes;
mod settings;
mod viewers;

use std::sync::Arc;

use worklane_domain::{OrgIndex, Role, SharingDefaults, UserId};

pub use policy::{Holding, Object, Reach};
pub(crate) use scopes::{Scope, ViewerList, scopes_of};
pub use settings::SharingSettingsStore;
pub(crate) use viewers::who_can_see;

use crate::{Actor, CoreError};

/// Who a use case acts for.
#[derive(Debug, Clone)]
pub struct Access {
    acting: Acting,
}

#[derive(Debug, Clone)]
enum Acting {
    /// A signed-in user, under the org-wide defaults and the organisation in force when the
    /// access was built.
    User(Actor, Grounds),
    System(SystemTask),
}

/// What a user's reach is decided on besides the record itself.
#[derive(Debug, Clone)]
struct Grounds {
    defaults: SharingDefaults,
    org: Arc<OrgIndex>,
}

/// A task that acts with no signed-in user, and so sees every record: named, so that no
/// use case reaches records by a silent bypass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemTask {
    /// Filing calls, emails and SMS that arrive from the providers' webhooks.
    InboundMessages,
    /// Delivering reminders as they fall due.
    DueReminders,
    /// Filing an entry in a user's inbox, which names its contact for whoever it is filed to.
    FilingInbox,
    /// Seeding the demo data.
    DemoData,
    /// Importing records from the website and the shop as work items.
    Imports,
    /// Syncing the shop's customers and orders, and validating the orders linked to calls.
    Shop,
}

impl Access {
    /// A signed-in user under the org-wide defaults `defaults` and the organisation `org`.
    pub fn user(actor: Actor, defaults: SharingDefaults, org: Arc<OrgIndex>) -> Self {
        Self {
            acting: Acting::User(actor, Grounds { defaults, org }),
        }
    }

    pub fn system(task: SystemTask) -> Self {
        Self {
            acting: Acting::System(task),
        }
    }

    /// The signed-in user; a system task has none.
    pub fn actor(&self) -> Result<&Actor, CoreError> {
        match &self.acting {
            Acting::User(actor, _) => Ok(actor),
            Acting::System(task) => Err(CoreError::Internal(format!(
                "the system task {task:?} asked for a signed-in user"
            ))),
        }
    }

    /// The signed-in user's id, if a user acts.
    pub fn user_id(&self) -> Option<&UserId> {
        match &self.acting {
            Acting::User(actor, _) => Some(&actor.id),
            Acting::System(_) => None,
        }
    }

    /// The signed-in user's id, in tests that act as a known user.
    #[cfg(test)]
    pub(crate) fn me(&self) -> &UserId {
        self.user_id().expect("the access of a signed-in user")
    }

    pub fn is_admin(&self) -> bool {
        matches!(&self.acting, Acting::User(a, _) if a.role == Role::Admin)
    }

    /// Whether a manager or an admin acts: those who supervise others' work.
    pub fn supervises(&self) -> bool {
        matches!(&self.acting, Acting::User(a, _) if matches!(a.role, Role::Admin | Role::Manager))
    }

    /// Refuses anyone but a manager or an admin, saying what only they may do.
    pub fn require_supervisor_to(&self, what: &str) -> Result<(), CoreError> {
        if self.supervises() {
            Ok(())
        } else {
            Err(CoreError::Forbidden(format!(
                "only managers and admins can {what}"
            )))
        }
    }

    /// Refuses anyone but an admin, saying what only admins may do.
    pub fn require_admin_to(&self, what: &str) -> Result<(), CoreError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(CoreError::Forbidden(format!("only admins can {what}")))
        }
    }
}
