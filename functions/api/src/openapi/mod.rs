use axum::Json;
use utoipa::OpenApi;

use crate::routes::{
    catalog, contacts, health, inbox, interactions, outbox, session, users, webhooks, work_items,
};

/// The API's OpenAPI document, generated from the handlers' annotations and the domain types.
#[derive(OpenApi)]
#[openapi(
    info(title = "Worklane API", description = "The CRM built around work items."),
    paths(
        health::health,
        session::sign_in, session::sign_out, session::me, session::set_availability,
        users::team, users::list, users::create, users::get, users::update,
        contacts::list, contacts::search, contacts::create, contacts::get, contacts::update,
        catalog::workflows, catalog::create_workflow, catalog::update_workflow,
        catalog::types, catalog::create_type, catalog::update_type,
        work_items::for_contact, work_items::create,
        work_items::get, work_items::change_status, work_items::history, work_items::mine,
        work_items::edit, work_items::lock, work_items::merge, work_items::note, work_items::save_note,
        interactions::for_contact, interactions::for_work_item, interactions::send_email,
        interactions::send_sms, interactions::log_call, interactions::add_note,
        interactions::set_reminder, interactions::retry, interactions::attach,
        inbox::list, inbox::unread_count, inbox::set_read, outbox::list,
        webhooks::sms, webhooks::calls, webhooks::ses,
    ),
    tags(
        (name = "system"), (name = "session"), (name = "users"), (name = "contacts"), (name = "work items"),
        (name = "interactions"), (name = "inbox"), (name = "webhooks"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
