//! Pieces shared by several pages.

pub mod admin_only;
pub mod availability;
pub mod call_slat;
pub mod click_to_call;
pub mod contact_form;
pub mod dialog;
pub mod fields;
pub mod interaction;
pub mod linked_order;
pub mod on_demand;
pub mod pager;
pub mod shell;
pub mod shop;
pub mod status;
pub mod tabs;
pub mod user_form;
pub mod who_can_see;
pub mod work_item;
