//! One module per route.

pub mod admin_users;
pub mod contact_detail;
pub mod contact_edit;
pub mod contact_new;
pub mod contacts;
pub mod not_found;
pub mod signin;
