//! Where each record lives in the single table. Every key format is here, so the access
//! patterns can be read in one place:
//!
//! | record | pk | sk | indexes |
//! |---|---|---|---|
//! | user | `USER#{id}` | `PROFILE` | gsi1 `USERS` / `{name}#{id}` |
//! | when a user last received a work item | `USER#{id}` | `ASSIGNED` | |
//! | user email claim | `USEREMAIL#{email}` | `CLAIM` | |
//! | session | `SESSION#{sha256(token)}` | `SESSION` | (expires) |
//! | sign-in failures from one source (an address or a trusted browser) | `SIGNIN#{email}` | `FROM#{source}` | (expires) |
//! | sign-in failures from untrusted sources, per hour | `SIGNIN#{email}` | `ACCOUNT` | (expires) |
//! | a browser trusted for the account | `SIGNIN#{email}` | `DEVICE#{sha256(token)}` | (expires) |
//! | contact | `CONTACT#{id}` | `PROFILE` | gsi1 `CONTACTS`, gsi2 `CONTACTS#KIND#{kind}`, gsi3 `CONTACTS#OWNER#{owner}`, gsi4 `CONTACTS#OWNER#{owner}#KIND#{kind}`, each / `{id}` |
//! | contact email claim | `CONTACTEMAIL#{email}` | `CLAIM` | |
//! | workflow | `WORKFLOW#{key}` | `PROFILE` | gsi1 `WORKFLOWS` / `{key}` |
//! | work item type | `WITYPE#{key}` | `PROFILE` | gsi1 `WITYPES` / `{name}#{key}` |
//! | work item type name claim | `WITYPENAME#{type_key(name)}` | `CLAIM` | |
//! | work item number counter | `COUNTER` | `WORKITEM` | |
//! | work item | `WI#{number:012}` | `ITEM` | gsi1 `CONTACT#{id}#WI` / `{number:012}`; while open (an open status, not merged): gsi2 `ASSIGNEE#{user}#OPEN`, gsi3 `ASSIGNEE#{user}#OPEN#TYPE#{type}`, gsi4 `ASSIGNEE#{user}#OPEN#STATUS#{status}`, gsi5 `ASSIGNEE#{user}#OPEN#CATEGORY#{category}`, each / `{callback or ~}#{number:012}` |
//! | work order list entry | `WI#{number:012}` | `LIST#{list}` | gsi1 `{list}` / `{updated:020}-{number:012}`; the lists: `WORKORDERS`, `WO#SEEN#{scope}`, `WO#MEMBERS#{dept}`, `WO#OWN#{user}`, `WO#TEAM#{user}`, `WO#SUB#{user}`, `WO#SUBTEAM#{user}`, each `#VOID` when Obsolete; `WO#OWN#{user}#UNRESOLVED`, `#CLOSED`, `#URGENT` |
//! | account | `ACCOUNT#{id}` | `PROFILE` | gsi1 `ACCOUNTS`, gsi3 `ACCOUNTS#OWNER#{owner}`, each / `{id}` |
//! | account scope entry | `ACCOUNT#{id}` | `SCOPE#{scope}` | gsi1 `ACCOUNTS#SEEN#{scope}` / `{id}`; the owner's own department: gsi3 `ACCOUNTS#MEMBERS#{dept}` / `{id}` |
//! | account search entry | `ASEARCH#{first two chars}` | `{token}#{id}` | |
//! | (on a contact) its account | | | gsi5 `ACCOUNT#{id}#CONTACTS` / `{contact id}` |
//! | service desk settings | `SETTINGS` | `SERVICE` | |
//! | work item note | `WI#{number:012}` | `NOTE` | |
//! | work item change | `WI#{number:012}` | `H#{nanoseconds:020}#{n:03}` | |
//! | change copied from a merged item | `WI#{survivor:012}` | `{its key on the merged item}#{merged:012}` | |
//! | demo data marker | `DEMO` | `SEEDED` | |
//! | search entry | `CSEARCH#{first two chars}` | `{token}#{contact id}` | |
//! | contact phone lookup | `CONTACTPHONE#{last 10 digits}` | `{contact id}` | |
//! | new lead phone claim (an unknown number made a lead) | `LEADPHONE#{last 10 digits}` | `CLAIM` | |
//! | interaction | `IX#{id}` | `ITEM` | gsi1 `CONTACT#{id}#IX`; attached: gsi2 `WI#{number:012}#IX`; each / `{at}#{id}`; a reminder not yet due: gsi3 `REMINDERS#DUE` / `{remind_at}#{id}` |
//! | inbound message claim | `INBOUND#{channel}#{sha256(message id)}` | `CLAIM` | |
//! | new lead round-robin counter | `COUNTER` | `LEADS` | |
//! | inbox entry | `INBOX#{user}` | `ix-{interaction}` or `wi-{number}` | gsi1 `INBOX#{user}#{U or R}#{ALL, WI or REM}`; communications: gsi2 `…#{U or R}#CH#{channel}`; work items: gsi3 `…#{U or R}#WI#P#{priority}`, gsi4 `…#WI#T#{type}`, gsi5 `…#WI#T#{type}#P#{priority}`; each / `{at}#{entry id}` |
//! | unread count | `INBOX#{user}` | `UNREAD` | |
//! | import source state (paused, connection, cursor) | `IMPORT#{source}` | `STATE` | |
//! | import source lease (one run at a time) | `IMPORT#{source}` | `LEASE` | (expires) |
//! | imported record claim | `IMPORT#{source}#{external id}` | `CLAIM` | |
//! | import run | `IMPORTRUNS#{source}` | `RUN#{run id}` (starts with its start time) | |
//! | import run's record | `IMPORTRUN#{source}#{run id}` | `R#{n:04}` | |
//! | a record waiting for someone to receive it | `ROUTEQUEUE#{type}` | `{queued at}#{source}#{external id}` | |
//! | its marker beside the record's claim | `IMPORT#{source}#{external id}` | `QUEUED` | |
//! | routing settings of a work item type | `ROUTING#{type}` | `SETTINGS` | |
//! | work item Reference (imported items) | `WI#{number:012}` | `REFERENCE` | |
//! | work item routing decision | `WI#{number:012}` | `ROUTING` | |
//! | org-wide sharing defaults | `SETTINGS` | `SHARING` | |
//! | outbox message (local adapter) | `OUTBOX` | `{at}#{id}` | |
//! | live call | `CALL#{id}` | `CALL` | while on its rep's slat: gsi1 `SLAT#{user}` / `{started}#{id}` |
//! | live call by the phone system's id | `CALLPROVIDER#{provider id}` | `CLAIM` | |
//! | shop settings | `SHOP` | `SETTINGS` | |
//! | shop sync state (cursors, last runs) | `SHOP` | `SYNC` | |
//! | shop sync lease (one sync at a time) | `SHOP` | `LEASE` | (expires) |
//! | shop order | `ORDER#{increment id}` | `ORDER` | gsi1 `CONTACT#{id}#ORDERS` / `{created at}#{increment id}` |
//! | shop customer's contact | `SHOPCUSTOMER#{customer id}` | `LINK` | |
//! | a contact's shop accounts and totals | `CONTACT#{id}` | `SHOP` | |
//! | a call linked to an order number | `ORDERLINK#{increment id}` | `IX#{interaction}` | |
//! | (on an interaction) a linked order not yet valid | | | gsi4 `LINKCHECK` / `{call end + 2 h}#{id}` |
//! | (on an interaction) any linked order, for the report | | | gsi5 `LINKEDORDERS` / `{call start}#{id}` |
//!
//! `{at}` is an instant as 20-digit nanoseconds since the epoch, so keys sort by time.

use worklane_domain::{
    AccountId, Channel, ContactId, ContactKind, Email, ImportSource, InteractionId, Phone,
    Priority, Timestamp, UserId,
};

pub const PROFILE: &str = "PROFILE";
pub const CLAIM: &str = "CLAIM";
pub const HEALTH_PK: &str = "HEALTH";
pub const SETTINGS: &str = "SETTINGS";
pub const SHARING: &str = "SHARING";
pub const ORG: &str = "ORG";
pub const ORG_STAMP: &str = "ORGSTAMP";
pub const JOBS: &str = "JOBS";
pub const REINDEX: &str = "REINDEX";
pub const CONTACT_SCOPES_MIGRATION: &str = "MIGRATION#CONTACTSCOPES";
pub const WORK_ORDER_LISTS_MIGRATION: &str = "MIGRATION#WORKORDERLISTS";
/// Marks a store whose demo data is complete.
pub const DEMO: &str = "DEMO";
pub const DEMO_SEEDED: &str = "SEEDED";

pub fn user(id: &UserId) -> String {
    format!("USER#{id}")
}

pub const USERS: &str = "USERS";
/// A user's "last received a work item" marker, beside their profile.
pub const LAST_ASSIGNED: &str = "ASSIGNED";

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

pub fn signin(email: &Email) -> String {
    format!("SIGNIN#{email}")
}

pub fn signin_source(source: &str) -> String {
    format!("FROM#{source}")
}

pub const SIGNIN_ACCOUNT: &str = "ACCOUNT";

pub fn signin_device(token_hash: &str) -> String {
    format!("DEVICE#{token_hash}")
}

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

/// A contact's entry under one scope (see `access::Scope`), in the contact's own partition.
pub fn contact_scope(scope_key: &str) -> String {
    format!("{CONTACT_SCOPE_PREFIX}{scope_key}")
}

pub const CONTACT_SCOPE_PREFIX: &str = "SCOPE#";

/// The contacts one scope sees, newest first.
pub fn contacts_seen_by(scope_key: &str) -> String {
    format!("CONTACTS#SEEN#{scope_key}")
}

pub fn contacts_seen_by_of_kind(scope_key: &str, kind: ContactKind) -> String {
    format!("CONTACTS#SEEN#{scope_key}#KIND#{}", kind.label())
}

/// The contacts whose owner is directly in one department (not below it).
pub fn contacts_of_members(department: &str) -> String {
    format!("CONTACTS#MEMBERS#{department}")
}

pub fn contacts_of_members_of_kind(department: &str, kind: ContactKind) -> String {
    format!("CONTACTS#MEMBERS#{department}#KIND#{}", kind.label())
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

pub fn account(id: &AccountId) -> String {
    format!("ACCOUNT#{id}")
}

/// Every account, by id (ids are time-ordered: newest last).
pub const ACCOUNTS: &str = "ACCOUNTS";

pub fn accounts_of_owner(owner: &UserId) -> String {
    format!("ACCOUNTS#OWNER#{owner}")
}

/// An account's entry under one scope, in its own partition.
pub fn account_scope(scope_key: &str) -> String {
    format!("{ACCOUNT_SCOPE_PREFIX}{scope_key}")
}

pub const ACCOUNT_SCOPE_PREFIX: &str = "SCOPE#";

pub fn accounts_seen_by(scope_key: &str) -> String {
    format!("ACCOUNTS#SEEN#{scope_key}")
}

/// The accounts owned directly in a department (not below it).
pub fn accounts_of_members(department: &str) -> String {
    format!("ACCOUNTS#MEMBERS#{department}")
}

/// The accounts found by a token: its first two characters name the partition.
pub fn account_search_partition(token: &str) -> String {
    let head: String = token.chars().take(2).collect();
    format!("ASEARCH#{head}")
}

pub fn account_search_entry(token: &str, id: &AccountId) -> String {
    format!("{token}#{id}")
}

/// An account's contacts (on the contact, gsi5).
pub fn account_contacts(account: &AccountId) -> String {
    format!("ACCOUNT#{account}#CONTACTS")
}

/// The service desk's settings.
pub const SERVICE_SETTINGS: &str = "SERVICE";

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

/// A work item's entry under one scope (see `access::Scope`), in the item's own partition.
pub fn work_item_scope(scope_key: &str) -> String {
    format!("{WORK_ITEM_SCOPE_PREFIX}{scope_key}")
}

pub const WORK_ITEM_SCOPE_PREFIX: &str = "SCOPE#";

/// The work items one scope sees, by number.
pub fn work_items_seen_by(scope_key: &str) -> String {
    format!("WORKITEMS#SEEN#{scope_key}")
}

/// A work order's entry in one of the lists its scenes read (see `work_items::scenes`).
pub fn work_order_list_entry(list: &str) -> String {
    format!("{WORK_ORDER_LIST_PREFIX}{list}")
}

pub const WORK_ORDER_LIST_PREFIX: &str = "LIST#";

/// A work order in its lists: by last update, then number, so a list reads newest first and
/// every list sorts one order alike. It is also the lists' cursor, so it needs no escaping in
/// a URL.
pub fn work_order_sort(updated: Timestamp, number: u64) -> String {
    format!("{}-{number:012}", instant(updated))
}

/// Whether `key` is a sort key of the work order lists, as a cursor must be.
pub fn is_work_order_sort(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 33
        && bytes[20] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 20 || b.is_ascii_digit())
}

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

/// An instant as a sort key part: nanoseconds, 20 digits (clamped to 0 and to the year 5138,
/// beyond which 20 digits no longer suffice), so keys of instants sort by time.
pub fn instant(at: Timestamp) -> String {
    format!(
        "{:020}",
        at.as_nanosecond().clamp(0, 99_999_999_999_999_999_999)
    )
}

/// A record of an instant: its time, then its id.
pub fn by_time(at: Timestamp, id: &str) -> String {
    format!("{}#{id}", instant(at))
}

/// Phones are found by their last ten digits: "+1 555 010 2030" and "(555) 010-2030" and
/// "020 7946 0958" and "+44 20 7946 0958" each meet their other form.
pub fn contact_phone(phone: &Phone) -> String {
    let digits: String = phone
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail = &digits[digits.len().saturating_sub(10)..];
    format!("CONTACTPHONE#{tail}")
}

/// The claim an unknown number's New Lead writes, so the number makes one lead however many
/// of its messages arrive at once.
pub fn lead_phone_claim(phone: &Phone) -> String {
    let tail = contact_phone(phone);
    let tail = tail.strip_prefix("CONTACTPHONE#").unwrap_or(&tail);
    format!("LEADPHONE#{tail}")
}

pub fn interaction(id: &InteractionId) -> String {
    format!("IX#{id}")
}

pub fn contact_interactions(contact: &ContactId) -> String {
    format!("CONTACT#{contact}#IX")
}

pub fn work_item_interactions(number: u64) -> String {
    format!("WI#{number:012}#IX")
}

pub const DUE_REMINDERS: &str = "REMINDERS#DUE";

/// Claims an inbound message id, so a message delivered twice is stored once. Provider ids
/// may hold any character, so the key holds their SHA-256.
pub fn inbound_claim(channel: Channel, message_id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(message_id.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("INBOUND#{}#{hex}", channel.label())
}

pub const LEADS_COUNTER: &str = "LEADS";

pub fn inbox(user: &UserId) -> String {
    format!("INBOX#{user}")
}

pub const UNREAD: &str = "UNREAD";

pub fn inbox_entry_for_interaction(id: &InteractionId) -> String {
    format!("ix-{id}")
}

pub fn inbox_entry_for_work_item(number: u64) -> String {
    format!("wi-{number}")
}

fn section(read: bool) -> &'static str {
    if read { "R" } else { "U" }
}

/// `group` is `ALL` (communications), `WI` (work items) or `REM` (reminders).
pub fn inbox_group(user: &UserId, read: bool, group: &str) -> String {
    format!("INBOX#{user}#{}#{group}", section(read))
}

pub fn inbox_channel(user: &UserId, read: bool, channel: Channel) -> String {
    format!("INBOX#{user}#{}#CH#{}", section(read), channel.label())
}

fn priority_key(priority: Priority) -> &'static str {
    match priority {
        Priority::Urgent => "Urgent",
        Priority::High => "High",
        Priority::Normal => "Normal",
        Priority::Low => "Low",
        Priority::NotApplicable => "NA",
    }
}

pub fn inbox_priority(user: &UserId, read: bool, priority: Priority) -> String {
    format!(
        "INBOX#{user}#{}#WI#P#{}",
        section(read),
        priority_key(priority)
    )
}

pub fn inbox_type(user: &UserId, read: bool, type_key: &str) -> String {
    format!("INBOX#{user}#{}#WI#T#{type_key}", section(read))
}

pub fn inbox_type_and_priority(
    user: &UserId,
    read: bool,
    type_key: &str,
    priority: Priority,
) -> String {
    format!(
        "INBOX#{user}#{}#WI#T#{type_key}#P#{}",
        section(read),
        priority_key(priority)
    )
}

pub const OUTBOX: &str = "OUTBOX";

pub const STATE: &str = "STATE";
pub const LEASE: &str = "LEASE";
pub const REFERENCE: &str = "REFERENCE";
pub const QUEUED: &str = "QUEUED";
pub const ROUTING: &str = "ROUTING";

pub fn import_source(source: ImportSource) -> String {
    format!("IMPORT#{}", source.key())
}

pub fn import_claim(source: ImportSource, external_id: &str) -> String {
    format!("IMPORT#{}#{external_id}", source.key())
}

pub fn import_runs(source: ImportSource) -> String {
    format!("IMPORTRUNS#{}", source.key())
}

pub fn import_run(run_id: &str) -> String {
    format!("RUN#{run_id}")
}

pub fn import_run_records(source: ImportSource, run_id: &str) -> String {
    format!("IMPORTRUN#{}#{run_id}", source.key())
}

pub fn import_run_record(n: usize) -> String {
    format!("R#{n:04}")
}

pub fn routing_queue(type_key: &str) -> String {
    format!("ROUTEQUEUE#{type_key}")
}

pub fn routing_queue_entry(at: Timestamp, source: ImportSource, external_id: &str) -> String {
    format!(
        "{:020}#{}#{external_id}",
        at.as_nanosecond().max(0),
        source.key()
    )
}

pub fn routing_settings(type_key: &str) -> String {
    format!("ROUTING#{type_key}")
}

pub const CALL: &str = "CALL";

pub fn call(id: &worklane_domain::CallId) -> String {
    format!("CALL#{id}")
}

pub fn slat(user: &UserId) -> String {
    format!("SLAT#{user}")
}

pub fn call_provider(provider_id: &str) -> String {
    format!("CALLPROVIDER#{provider_id}")
}

pub const SHOP: &str = "SHOP";
pub const SYNC: &str = "SYNC";
pub const ORDER: &str = "ORDER";
pub const LINK: &str = "LINK";
/// Linked orders still to be checked (pending or invalid), by when their window closes.
pub const LINK_CHECKS: &str = "LINKCHECK";
/// Every linked order, by when its call started: the report's index.
pub const LINKED_ORDERS: &str = "LINKEDORDERS";

pub fn order(increment_id: &str) -> String {
    format!("ORDER#{increment_id}")
}

pub fn contact_orders(contact: &ContactId) -> String {
    format!("CONTACT#{contact}#ORDERS")
}

pub fn shop_customer(customer_id: u64) -> String {
    format!("SHOPCUSTOMER#{customer_id}")
}

pub fn order_links(increment_id: &str) -> String {
    format!("ORDERLINK#{increment_id}")
}

pub fn order_link(interaction: &InteractionId) -> String {
    format!("IX#{interaction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_order_cursor_is_exactly_a_sort_key_of_its_lists() {
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        let sort = work_order_sort(at, 42);
        assert!(is_work_order_sort(&sort), "{sort}");
        for bad in [
            "",
            "42",
            "00000000000000000000#000000000042",
            &format!("{sort}0"),
        ] {
            assert!(!is_work_order_sort(bad), "{bad}");
        }
    }

    #[test]
    fn instants_sort_as_their_keys_do() {
        let early: Timestamp = "1999-12-31T23:59:59Z".parse().unwrap();
        let late: Timestamp = "2026-01-01T00:00:00.5Z".parse().unwrap();
        assert!(instant(early) < instant(late));
        assert_eq!(instant(early).len(), 20);
        assert_eq!(instant(Timestamp::MIN), "0".repeat(20));
        assert_eq!(instant(Timestamp::MAX).len(), 20);
    }

    #[test]
    fn a_phone_is_found_by_its_last_ten_digits_in_any_form() {
        let key = |raw: &str| contact_phone(&Phone::parse(raw).unwrap());
        assert_eq!(key("+1 555 010 2030"), key("(555) 010-2030"));
        assert_eq!(key("+44 20 7946 0958"), key("020 7946 0958"));
        assert_eq!(key("555 0102"), "CONTACTPHONE#5550102");
    }

    #[test]
    fn inbound_claims_are_safe_keys_whatever_the_message_id() {
        let key = inbound_claim(Channel::Email, "<a\u{0}b@mail.example>");
        assert!(key.starts_with("INBOUND#Email#"));
        assert_eq!(key.len(), "INBOUND#Email#".len() + 64);
    }
}
