//! API tests: each spawns Worklane's router on port 0 over an in-memory embedded store and
//! talks to it over HTTP, as the browser does.

mod contacts;
mod helpers;
mod session;
mod system;
mod users;
mod work_items;
