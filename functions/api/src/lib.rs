//! The HTTP API: one axum [`Router`] under `/api`, hosted by `axum::serve` on a laptop and by
//! `lambda_http::run` on AWS. Handlers are thin: they parse the request into domain values,
//! call a use case of `worklane-core`, and answer JSON.

mod edge;
mod error;
mod extract;
mod middleware;
mod openapi;
mod routes;
mod session_cookie;
pub mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use worklane_core::Worklane;

pub use edge::{Edge, ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER};
pub use error::ApiError;
pub use openapi::ApiDoc;
pub use webhooks::Webhooks;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: Worklane,
    pub webhooks: Webhooks,
    pub edge: Edge,
}

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Webhook bodies may be larger: an SNS envelope around an SES notification with its email.
pub const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;

/// The whole API; inbound webhooks are checked against `webhooks`, and `edge` says how
/// requests reach it (and so where the client's address comes from).
pub fn router(app: Worklane, webhooks: Webhooks, edge: Edge) -> Router {
    // Authenticated by their signatures, not by a session, and sent as whatever content
    // type the provider uses (SNS posts text/plain): outside the JSON check.
    let inbound = Router::new()
        .route("/webhooks/sms", post(routes::webhooks::sms))
        .route("/webhooks/calls", post(routes::webhooks::calls))
        .route("/webhooks/connect", post(routes::calls::connect_event))
        .route("/webhooks/ses", post(routes::webhooks::ses))
        .layer(DefaultBodyLimit::max(MAX_WEBHOOK_BYTES));
    let api = Router::new()
        .route("/health", get(routes::health::health))
        .route("/openapi.json", get(openapi::document))
        .route(
            "/session",
            axum::routing::post(routes::session::sign_in).delete(routes::session::sign_out),
        )
        .route("/me", get(routes::session::me))
        .route("/me/availability", put(routes::session::set_availability))
        .route("/team", get(routes::users::team))
        .route("/org", get(routes::org::get).put(routes::org::save))
        .route("/org/reindex", get(routes::org::reindex))
        .route("/contacts/{id}/team", put(routes::contacts::set_team))
        .route("/contacts/{id}/viewers", get(routes::org::contact_viewers))
        .route(
            "/contacts/{id}/viewers/{user_id}",
            get(routes::org::contact_viewer),
        )
        .route(
            "/sharing",
            get(routes::sharing::get).put(routes::sharing::save),
        )
        .route(
            "/users",
            get(routes::users::list).post(routes::users::create),
        )
        .route(
            "/users/{id}",
            get(routes::users::get).put(routes::users::update),
        )
        .route(
            "/contacts",
            get(routes::contacts::list).post(routes::contacts::create),
        )
        .route("/contacts/search", get(routes::contacts::search))
        .route(
            "/contacts/{id}",
            get(routes::contacts::get).put(routes::contacts::update),
        )
        .route(
            "/contacts/{id}/work-items",
            get(routes::work_items::for_contact).post(routes::work_items::create),
        )
        .route(
            "/workflows",
            get(routes::catalog::workflows).post(routes::catalog::create_workflow),
        )
        .route("/workflows/{key}", put(routes::catalog::update_workflow))
        .route(
            "/work-item-types",
            get(routes::catalog::types).post(routes::catalog::create_type),
        )
        .route("/work-item-types/{key}", put(routes::catalog::update_type))
        .route(
            "/work-items/{number}",
            get(routes::work_items::get).put(routes::work_items::edit),
        )
        .route(
            "/work-items/{number}/note",
            get(routes::work_items::note).put(routes::work_items::save_note),
        )
        .route(
            "/work-items/{number}/lock",
            axum::routing::post(routes::work_items::lock),
        )
        .route(
            "/work-items/{number}/status",
            axum::routing::post(routes::work_items::change_status),
        )
        .route(
            "/work-items/{number}/merge",
            axum::routing::post(routes::work_items::merge),
        )
        .route(
            "/work-items/{number}/history",
            get(routes::work_items::history),
        )
        .route(
            "/work-items/{number}/viewers",
            get(routes::org::work_item_viewers),
        )
        .route(
            "/work-items/{number}/viewers/{user_id}",
            get(routes::org::work_item_viewer),
        )
        .route("/my/work-items", get(routes::work_items::mine))
        .route(
            "/work-orders",
            get(routes::work_orders::list).post(routes::accounts::create_work_order),
        )
        .route(
            "/accounts",
            get(routes::accounts::list).post(routes::accounts::create),
        )
        .route("/accounts/search", get(routes::accounts::search))
        .route(
            "/accounts/{id}",
            get(routes::accounts::get).put(routes::accounts::update),
        )
        .route("/accounts/{id}/team", put(routes::accounts::set_team))
        .route("/accounts/{id}/contacts", get(routes::accounts::contacts))
        .route(
            "/accounts/{id}/work-orders",
            get(routes::accounts::work_orders),
        )
        .route("/contacts/{id}/tickets", get(routes::accounts::tickets))
        .route(
            "/contacts/{id}/account",
            put(routes::accounts::set_contact_account),
        )
        .route(
            "/settings/service",
            get(routes::accounts::service_settings).put(routes::accounts::save_service_settings),
        )
        .route(
            "/work-orders/owner",
            post(routes::work_orders::change_owners),
        )
        .route(
            "/work-items/{number}/owner",
            post(routes::work_orders::change_owner),
        )
        .route(
            "/work-items/{number}/priority",
            post(routes::work_orders::set_priority),
        )
        .route("/work-items/{number}/origin", get(routes::imports::origin))
        .route(
            "/work-items/{number}/reference/sync",
            post(routes::imports::sync_cart),
        )
        .route(
            "/shop/settings",
            get(routes::shop::settings).put(routes::shop::set_settings),
        )
        .route(
            "/calls",
            get(routes::calls::on_slat).post(routes::calls::dial),
        )
        .route("/calls/{id}", put(routes::calls::save))
        .route("/calls/{id}/end", post(routes::calls::end))
        .route("/calls/{id}/close", post(routes::calls::close))
        .route("/calls/{id}/lead", post(routes::calls::create_lead))
        .route(
            "/calls/{id}/work-items",
            post(routes::calls::call_work_item),
        )
        .route(
            "/interactions/{id}/work-items",
            post(routes::calls::interaction_work_item),
        )
        .route("/shop/sync", post(routes::shop::sync))
        .route("/shop/validation", post(routes::shop::validate))
        .route("/contacts/{id}/shop", get(routes::shop::status))
        .route("/contacts/{id}/shop/sync", post(routes::shop::sync_contact))
        .route("/contacts/{id}/orders", get(routes::shop::orders))
        .route(
            "/interactions/{id}/linked-order",
            put(routes::shop::link_order),
        )
        .route("/reports/linked-orders", get(routes::shop::report))
        .route("/reports/linked-orders.csv", get(routes::shop::report_csv))
        .route("/imports", get(routes::imports::list))
        .route(
            "/imports/{source}/connection",
            put(routes::imports::set_connection),
        )
        .route("/imports/{source}/paused", put(routes::imports::set_paused))
        .route(
            "/imports/{source}/runs",
            get(routes::imports::runs).post(routes::imports::run_now),
        )
        .route(
            "/imports/{source}/runs/{run_id}",
            get(routes::imports::run_detail),
        )
        .route(
            "/imports/{source}/records/{external_id}/retry",
            post(routes::imports::retry),
        )
        .route(
            "/routing/{type_key}",
            get(routes::imports::routing).put(routes::imports::set_routing),
        )
        .route(
            "/contacts/{id}/interactions",
            get(routes::interactions::for_contact),
        )
        .route(
            "/contacts/{id}/emails",
            post(routes::interactions::send_email),
        )
        .route("/contacts/{id}/sms", post(routes::interactions::send_sms))
        .route("/contacts/{id}/calls", post(routes::interactions::log_call))
        .route("/contacts/{id}/notes", post(routes::interactions::add_note))
        .route(
            "/contacts/{id}/reminders",
            post(routes::interactions::set_reminder),
        )
        .route(
            "/work-items/{number}/interactions",
            get(routes::interactions::for_work_item),
        )
        .route(
            "/interactions/{id}/retry",
            post(routes::interactions::retry),
        )
        .route(
            "/interactions/{id}/attach",
            post(routes::interactions::attach),
        )
        .route("/inbox", get(routes::inbox::list))
        .route("/inbox/unread-count", get(routes::inbox::unread_count))
        .route("/inbox/{entry_id}/read", put(routes::inbox::set_read))
        .route("/outbox", get(routes::outbox::list))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(middleware::refuse_cross_site))
        .merge(inbound)
        .with_state(AppState {
            app,
            webhooks,
            edge: edge.clone(),
        });
    Router::new()
        .nest("/api", api)
        .layer(axum::middleware::from_fn_with_state(
            edge,
            edge::require_edge,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(middleware::request_id))
}
