pub mod accounts;
pub mod calls;
pub mod catalog;
pub mod contacts;
pub mod health;
pub mod imports;
pub mod inbox;
pub mod interactions;
pub mod org;
pub mod outbox;
pub mod session;
pub mod sharing;
pub mod shop;
pub mod users;
pub mod webhooks;
pub mod work_items;
pub mod work_orders;

use axum::extract::OriginalUri;

use crate::ApiError;

/// A known path with a method it does not take.
pub async fn method_not_allowed(
    method: axum::http::Method,
    OriginalUri(uri): OriginalUri,
) -> ApiError {
    ApiError::MethodNotAllowed(format!("{method} is not allowed on {}", uri.path()))
}

/// Any `/api` path no route matches.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NoRoute(format!("API endpoint {}", uri.path()))
}
