//! The API's OpenAPI document, generated from the handlers' annotations and the domain types,
//! then completed with the answers every operation can give because of what it takes: a
//! session (401), a path (404), a body (413, 415, 422), any input at all (400), a change made
//! from a browser (403 from another site), and the store (500, 503). Each handler lists only
//! the answers of its own.

use std::sync::LazyLock;

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder, Schema};

mod constraints;

use crate::routes::{
    accounts, calls, catalog, contacts, health, imports, inbox, interactions, org, outbox, session,
    sharing, shop, users, webhooks, work_items, work_orders,
};
use crate::session_cookie;

/// The name of the session cookie's security scheme in the document (also spelled out in
/// `security(("session" = []))` above, where the macro takes only a literal).
const SESSION: &str = "session";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Worklane API",
        description = "The CRM built around work items. Sign in with `POST /api/session`; the \
            answer sets the `worklane_session` cookie every other operation needs. Errors are \
            one JSON body, `ErrorBody`. On AWS the API answers only through the app's own \
            address (CloudFront); a request sent around it is 403.",
    ),
    modifiers(&SessionCookie),
    security(("session" = [])),
    paths(
        health::health,
        session::sign_in, session::sign_out, session::me, session::set_availability,
        users::team, users::list, users::create, users::get, users::update,
        sharing::get, sharing::save, org::get, org::save, org::reindex,
        org::contact_viewers, org::contact_viewer, org::work_item_viewers, org::work_item_viewer,
        contacts::list, contacts::search, contacts::create, contacts::get, contacts::update,
        contacts::set_team,
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
        imports::list, imports::set_connection, imports::set_paused, imports::run_now,
        imports::runs, imports::run_detail, imports::retry, imports::routing,
        imports::set_routing, imports::origin, imports::sync_cart,
        shop::settings, shop::set_settings, shop::status, shop::orders, shop::sync_contact,
        shop::link_order, shop::sync, shop::validate, shop::report, shop::report_csv,
        calls::on_slat, calls::dial, calls::save, calls::end, calls::close, calls::create_lead,
        calls::call_work_item, calls::interaction_work_item, calls::connect_event,
        work_orders::list, work_orders::change_owners, work_orders::change_owner,
        work_orders::set_priority,
        accounts::list, accounts::create, accounts::search, accounts::get, accounts::update,
        accounts::set_team, accounts::contacts, accounts::work_orders, accounts::tickets,
        accounts::set_contact_account, accounts::create_work_order, accounts::service_settings,
        accounts::save_service_settings,
    ),
    tags(
        (name = "system"), (name = "session"), (name = "users"), (name = "contacts"), (name = "work items"),
        (name = "work orders"), (name = "accounts"), (name = "interactions"), (name = "inbox"), (name = "imports"), (name = "shop"), (name = "calls"), (name = "webhooks"),
    )
)]
pub struct ApiDoc;

struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                session_cookie::NAME,
                "Set by POST /api/session; HttpOnly, SameSite=Strict.",
            ))),
        );
    }
}

/// The finished document, built once.
pub fn document_value() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| {
        let mut doc = ApiDoc::openapi();
        constraints::apply(&mut doc);
        complete(&mut doc);
        doc
    });
    &DOCUMENT
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(document_value().clone())
}

/// Adds to every operation the answers that follow from its shape, where its handler did not
/// describe them itself.
fn complete(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let webhook = path.starts_with("/api/webhooks/");
        let operations = [
            ("get", item.get.as_mut()),
            ("post", item.post.as_mut()),
            ("put", item.put.as_mut()),
            ("delete", item.delete.as_mut()),
            ("patch", item.patch.as_mut()),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                operation.operation_id = Some(operation_id(method, path));
                complete_operation(operation, method != "get", webhook);
            }
        }
    }
}

/// A unique id from the method and the path (the handlers' names repeat across modules):
/// `GET /api/contacts/{id}/work-items` is `get_contacts_id_work_items`.
fn operation_id(method: &str, path: &str) -> String {
    let words = path
        .trim_start_matches("/api/")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    std::iter::once(method)
        .chain(words)
        .collect::<Vec<_>>()
        .join("_")
}

/// What a page cursor looks like: base64url, as `next_cursor` gives it. Anything else, or one
/// that was not given by this query, is 400.
const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]*$";

fn complete_operation(operation: &mut Operation, changes_state: bool, webhook: bool) {
    for parameter in operation.parameters.iter_mut().flatten() {
        let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() else {
            continue;
        };
        let (pattern, max) = match parameter.name.as_str() {
            "cursor" => (CURSOR_PATTERN, None),
            "type" => (worklane_domain::TYPE_KEY_PATTERN, None),
            "status" => (worklane_domain::KEY_PATTERN, Some(40)),
            "category" => (
                worklane_domain::CATEGORY_RULE.pattern(),
                Some(worklane_domain::CATEGORY_RULE.max),
            ),
            _ => continue,
        };
        schema.pattern = Some(pattern.into());
        schema.max_length = max;
    }
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters
        .iter()
        .any(|p| p.parameter_in == ParameterIn::Path);
    let has_query = parameters
        .iter()
        .any(|p| p.parameter_in == ParameterIn::Query);
    let has_input = !parameters.is_empty() || operation.request_body.is_some();
    let has_body = operation.request_body.is_some();

    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| error_response(description).into());
    };
    if has_input {
        add(
            "400",
            "The request is malformed: unreadable JSON, a query or path parameter that does not parse, or a stale page cursor.",
        );
    }
    if webhook {
        add(
            "401",
            "The webhook is not signed, or its signature does not check out.",
        );
    } else if !public {
        add("401", "No session: sign in first (or the session ended).");
    }
    if changes_state && !webhook {
        add(
            "403",
            "Refused: a browser sent it from another site, or the signed-in user may not do this.",
        );
    }
    if has_path {
        add("404", "There is no such record, or it is not yours to see.");
    }
    if has_query {
        add(
            "422",
            "A query parameter's value is refused; `fields` says which.",
        );
    }
    if has_body {
        add("413", "The body is larger than the API takes.");
        if !webhook {
            add(
                "415",
                "The body is not sent as Content-Type: application/json.",
            );
            add(
                "422",
                "The body does not have the expected fields, or a field's value is refused; `fields` says which.",
            );
        }
    }
    add(
        "500",
        "Something failed on the server; the request id is in the log.",
    );
    add(
        "503",
        "The data store is not answering, or too many changes raced; try again in a moment.",
    );
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_unique_id() {
        let doc = document_value();
        let mut ids = Vec::new();
        for item in doc.paths.paths.values() {
            for operation in [&item.get, &item.post, &item.put, &item.delete, &item.patch]
                .into_iter()
                .flatten()
            {
                ids.push(operation.operation_id.clone().unwrap_or_default());
            }
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{ids:?}");
        assert!(ids.contains(&"get_contacts_id_work_items".to_string()));
    }

    #[test]
    fn a_private_operation_with_a_path_and_a_body_lists_every_answer_its_shape_allows() {
        let doc = document_value();
        let put = doc.paths.paths["/api/contacts/{id}"].put.as_ref().unwrap();
        let statuses: Vec<&str> = put.responses.responses.keys().map(String::as_str).collect();
        assert_eq!(
            statuses,
            [
                "200", "400", "401", "403", "404", "409", "413", "415", "422", "500", "503"
            ]
        );
        let health = doc.paths.paths["/api/health"].get.as_ref().unwrap();
        assert!(
            !health.responses.responses.contains_key("401"),
            "health is public"
        );
    }
}
