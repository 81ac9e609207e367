use worklane_domain::{ContactId, UserId};

/// Time-ordered ids (UUID v7): their text sorts by creation, so a sort key of ids lists
/// records oldest to newest, and a descending query newest first.
fn time_ordered() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

pub fn new_user_id() -> UserId {
    UserId::from_raw(time_ordered())
}

pub fn new_contact_id() -> ContactId {
    ContactId::from_raw(time_ordered())
}
