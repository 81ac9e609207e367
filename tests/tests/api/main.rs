//! API tests: each spawns Worklane's router on port 0 over an in-memory embedded store and
//! talks to it over HTTP, as the browser does.

mod accounts;
mod authorization_matrix;
mod calls;
mod catalog;
mod contacts;
mod helpers;
mod imports;
mod inbox;
mod interactions;
mod merge;
mod my_work_items;
mod organisation;
mod session;
mod shop;
mod signin_limits;
mod system;
mod users;
mod visibility;
mod webhooks;
mod work_items;
mod work_orders;
mod workflow_rules;
