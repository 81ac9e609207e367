//! One module per route.

pub mod admin_users;
pub mod admin_work_item_types;
pub mod admin_workflows;
pub mod contact_detail;
pub mod contact_edit;
pub mod contact_interactions;
pub mod contact_new;
pub mod contact_work_items;
pub mod contacts;
pub mod inbox;
pub mod my_work_items;
pub mod not_found;
pub mod outbox;
pub mod signin;
