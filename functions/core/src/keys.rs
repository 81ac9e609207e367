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
//! | workflow | `WORKFLOW#{key}` | `PROFILE` | gsi1 `WORKFLOWS` / `{key}` |
//! | work item type | `WITYPE#{key}` | `PROFILE` | gsi1 `WITYPES` / `{name}#{key}` |
//! | work item type name claim | `WITYPENAME#{type_key(name)}` | `CLAIM` | |
//! | work item number counter | `COUNTER` | `WORKITEM` | |
//! | work item | `WI#{number:012}` | `ITEM` | gsi1 `CONTACT#{id}#WI` / `{number:012}`; while open (an open status, not merged): gsi2 `ASSIGNEE#{user}#OPEN`, gsi3 `ASSIGNEE#{user}#OPEN#TYPE#{type}`, gsi4 `ASSIGNEE#{user}#OPEN#STATUS#{status}`, gsi5 `ASSIGNEE#{user}#OPEN#CATEGORY#{category}`, each / `{callback or ~}#{number:012}` |
//! | work item note | `WI#{number:012}` | `NOTE` | |
//! | work item change | `WI#{number:012}` | `H#{nanoseconds:020}#{n:03}` | |
//! | change copied from a merged item | `WI#{survivor:012}` | `{its key on the merged item}#{merged:012}` | |
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

pub fn workflow(key: &str) -> String {
    format!("WORKFLOW#{key}")
}

pub const WORKFLOWS: &str = "WORKFLOWS";

pub fn work_type(key: &str) -> String {
    format!("WITYPE#{key}")
}

pub const WORK_TYPES: &str = "WITYPES";

/// Claims a type name (by its key form), so no two types share a name.
pub fn work_type_name(name_key: &str) -> String {
    format!("WITYPENAME#{name_key}")
}

pub const COUNTER: &str = "COUNTER";
pub const WORK_ITEM_COUNTER: &str = "WORKITEM";

pub fn work_item(number: u64) -> String {
    format!("WI#{number:012}")
}

pub const ITEM: &str = "ITEM";
pub const NOTE: &str = "NOTE";

pub fn contact_work_items(contact: &ContactId) -> String {
    format!("CONTACT#{contact}#WI")
}

pub fn work_item_sort(number: u64) -> String {
    format!("{number:012}")
}

pub fn open_items_of(assignee: &UserId) -> String {
    format!("ASSIGNEE#{assignee}#OPEN")
}

pub fn open_items_of_type(assignee: &UserId, type_key: &str) -> String {
    format!("ASSIGNEE#{assignee}#OPEN#TYPE#{type_key}")
}

pub fn open_items_in_status(assignee: &UserId, status: &str) -> String {
    format!("ASSIGNEE#{assignee}#OPEN#STATUS#{status}")
}

pub fn open_items_in_category(assignee: &UserId, category: &str) -> String {
    format!("ASSIGNEE#{assignee}#OPEN#CATEGORY#{category}")
}

/// Callback time first (items without one after all that have one), then age.
pub fn by_callback(callback_nanos: Option<i128>, number: u64) -> String {
    match callback_nanos {
        Some(n) => format!("{:020}#{number:012}", n.max(0)),
        None => format!("~#{number:012}"),
    }
}

pub fn history_entry(nanos: i128, n: usize) -> String {
    format!("H#{:020}#{n:03}", nanos.max(0))
}

pub const HISTORY_PREFIX: &str = "H#";

/// A change of a merged item, copied to the item it was merged into: after the original's
/// own key, so it sorts by time among the survivor's changes and a retried copy overwrites it.
pub fn copied_history_entry(original_sk: &str, merged: u64) -> String {
    format!("{original_sk}#{merged:012}")
}
