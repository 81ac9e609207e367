pub mod contacts;
pub mod health;
pub mod session;
pub mod users;

use axum::extract::OriginalUri;

use crate::ApiError;

/// Any `/api` path no route matches.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NoRoute(format!("API endpoint {}", uri.path()))
}
