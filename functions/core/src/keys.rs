//! Where each record lives in the single table. Every key format is here, so the access
//! patterns can be read in one place:
//!
//! | record | pk | sk | indexes |
//! |---|---|---|---|
//! | user | `USER#{id}` | `PROFILE` | gsi1 `USERS` / `{name}#{id}` |
//! | user email claim | `USEREMAIL#{email}` | `CLAIM` | |
//! | session | `SESSION#{sha256(token)}` | `SESSION` | (expires) |
//! | sign-in failures | `SIGNIN#{email}` | `FAILURES` | (expires) |
//! | contact | `CONTACT#{id}` | `PROFILE` | gsi1 `CONTACTS`, gsi2 `CONTACTS#KIND#{kind}`, gsi3 `CONTACTS#OWNER#{owner}`, gsi4 `CONTACTS#OWNER#{owner}#KIND#{kind}`, each / `{id}` |
//! | contact email claim | `CONTACTEMAIL#{email}` | `CLAIM` | |
//! | demo data marker | `DEMO` | `SEEDED` | |
//! | search entry | `CSEARCH#{first two chars}` | `{token}#{contact id}` | |

use worklane_domain::{ContactId, ContactKind, Email, UserId};

pub const PROFILE: &str = "PROFILE";
pub const CLAIM: &str = "CLAIM";
pub const HEALTH_PK: &str = "HEALTH";
/// Marks a store whose demo data is complete.
pub const DEMO: &str = "DEMO";
pub const DEMO_SEEDED: &str = "SEEDED";

pub fn user(id: &UserId) -> String {
    format!("USER#{id}")
}

pub const USERS: &str = "USERS";

pub fn user_by_name(name_lower: &str, id: &UserId) -> String {
    format!("{name_lower}#{id}")
}

pub fn user_email(email: &Email) -> String {
    format!("USEREMAIL#{email}")
}

pub fn session(token_hash: &str) -> String {
    format!("SESSION#{token_hash}")
}

pub const SESSION_SK: &str = "SESSION";

pub fn signin_failures(email: &str) -> String {
    format!("SIGNIN#{email}")
}

pub const FAILURES_SK: &str = "FAILURES";

pub fn contact(id: &ContactId) -> String {
    format!("CONTACT#{id}")
}

pub const CONTACTS: &str = "CONTACTS";

pub fn contacts_of_kind(kind: ContactKind) -> String {
    format!("CONTACTS#KIND#{}", kind.label())
}

pub fn contacts_of_owner(owner: &UserId) -> String {
    format!("CONTACTS#OWNER#{owner}")
}

pub fn contacts_of_owner_and_kind(owner: &UserId, kind: ContactKind) -> String {
    format!("CONTACTS#OWNER#{owner}#KIND#{}", kind.label())
}

pub fn contact_email(email: &Email) -> String {
    format!("CONTACTEMAIL#{email}")
}

pub fn search_partition(token: &str) -> String {
    let head: String = token.chars().take(2).collect();
    format!("CSEARCH#{head}")
}

pub fn search_entry(token: &str, id: &ContactId) -> String {
    format!("{token}#{id}")
}
