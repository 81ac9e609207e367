//! The local Worklane: the API router, the built browser app and the embedded store in one
//! process, the way a laptop runs the same code AWS runs as Lambda functions.

mod site;

pub use site::with_site;
