//! Interactions — emails, SMS, calls, notes and reminders — as cards, and the forms that
//! send or record them.

pub mod card;
pub mod compose;
pub mod timeline;
pub mod to_work_item;
