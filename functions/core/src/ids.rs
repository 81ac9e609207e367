use worklane_domain::{ContactId, UserId};

/// Time-ordered ids (UUID v7): their text sorts by creation, so a sort key of ids lists
/// records oldest to newest, and a descending query newest first.
fn time_ordered() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// Whether an id a client sent could be one this server issued: ids become parts of store
/// keys, so anything else is simply not found instead of reaching the store.
pub fn is_well_formed(raw: &str) -> bool {
    (1..=64).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn new_user_id() -> UserId {
    UserId::from_raw(time_ordered())
}

pub fn new_contact_id() -> ContactId {
    ContactId::from_raw(time_ordered())
}

pub fn new_account_id() -> worklane_domain::AccountId {
    worklane_domain::AccountId::from_raw(time_ordered())
}

pub fn new_interaction_id() -> worklane_domain::InteractionId {
    worklane_domain::InteractionId::from_raw(time_ordered())
}

pub fn new_call_id() -> worklane_domain::CallId {
    worklane_domain::CallId::from_raw(time_ordered())
}

/// An id for one run of a job (the holder of its lease), or a simulated provider's id.
pub fn new_run_id() -> String {
    time_ordered()
}
