//! Workflows are data: statuses (key, label, number, colour, open/closed/void), the allowed
//! transitions, status extensions, and the rules on entering a status — fields that become
//! required and priority changes. [`Workflow::transition`] enforces them the same way on the
//! server and, through the shared crate, in the app before a request is sent.

mod definition;
mod presets;
mod revision;
mod transition;

pub use definition::*;
pub use presets::*;
pub use transition::*;
