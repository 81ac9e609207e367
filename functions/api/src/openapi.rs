use axum::Json;
use utoipa::OpenApi;

use crate::routes::{contacts, health, session, users};

/// The API's OpenAPI document, generated from the handlers' annotations and the domain types.
#[derive(OpenApi)]
#[openapi(
    info(title = "Worklane API", description = "The CRM built around work items."),
    paths(
        health::health,
        session::sign_in, session::sign_out, session::me, session::set_availability,
        users::team, users::list, users::create, users::get, users::update,
        contacts::list, contacts::search, contacts::create, contacts::get, contacts::update,
    ),
    tags(
        (name = "system"), (name = "session"), (name = "users"), (name = "contacts"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
