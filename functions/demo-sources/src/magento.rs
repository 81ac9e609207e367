//! The demo shop's REST API, as Magento 2.4 answers it, with or without a store code and
//! behind a bearer token: `GET /V1/carts/search`, `GET /V1/carts/{cartId}`,
//! `GET /V1/customers/search`, `GET /V1/orders` and `GET /V1/orders/{id}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::Shared;
use crate::auth::bearer_ok;
use crate::search_criteria::{SearchCriteria, Searchable};

/// The ACL resource each part of the API needs, named when the token is refused.
const CARTS: &str = "Magento_Cart::manage";
const CUSTOMERS: &str = "Magento_Customer::customer";
const SALES: &str = "Magento_Sales::sales";

/// Magento's error body: a message template and the values for its `%placeholders`.
fn error(status: StatusCode, message: &str, parameters: Value) -> Response {
    (
        status,
        Json(json!({ "message": message, "parameters": parameters })),
    )
        .into_response()
}

/// The 401 a request without the token gets, unless it has it.
fn refused(shared: &Shared, headers: &HeaderMap, resource: &str) -> Option<Response> {
    if bearer_ok(headers, &shared.token) {
        return None;
    }
    Some(error(
        StatusCode::UNAUTHORIZED,
        "The consumer isn't authorized to access %resources.",
        json!({ "resources": resource }),
    ))
}

/// The search's envelope over `rows`: the page the query asks for, each row as `to_json`
/// writes it.
fn search<T: Searchable>(
    query: &[(String, String)],
    rows: &[T],
    to_json: impl Fn(&T) -> Value,
) -> Response {
    let criteria = match SearchCriteria::parse(query) {
        Ok(criteria) => criteria,
        Err(why) => return error(StatusCode::BAD_REQUEST, &why.message, why.parameters),
    };
    match criteria.apply(rows) {
        Ok(page) => {
            let items: Vec<Value> = page.items.into_iter().map(to_json).collect();
            Json(json!({
                "items": items,
                "search_criteria": criteria.echo(),
                "total_count": page.total_count,
            }))
            .into_response()
        }
        Err(why) => error(StatusCode::BAD_REQUEST, &why.message, why.parameters),
    }
}

/// `GET /shop/rest[/{store}]/V1/carts/search?searchCriteria[...]`
pub(crate) async fn carts(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = refused(&shared, &headers, CARTS) {
        return refused;
    }
    let shop = shared.shop();
    search(&query, shop.carts(), |cart| cart.to_json(&shared.shop_url))
}

/// `GET /shop/rest[/{store}]/V1/carts/{id}`
pub(crate) async fn cart(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refused(&shared, &headers, CARTS) {
        return refused;
    }
    let raw = params.get("id").cloned().unwrap_or_default();
    let shop = shared.shop();
    match raw.trim().parse().ok().and_then(|id| shop.cart(id)) {
        Some(cart) => Json(cart.to_json(&shared.shop_url)).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "No such entity with %fieldName = %fieldValue",
            json!({ "fieldName": "cartId", "fieldValue": raw }),
        ),
    }
}

/// `GET /shop/rest[/{store}]/V1/customers/search?searchCriteria[...]`
pub(crate) async fn customers(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = refused(&shared, &headers, CUSTOMERS) {
        return refused;
    }
    let shop = shared.shop();
    search(&query, shop.customers(), |customer| customer.to_json())
}

/// `GET /shop/rest[/{store}]/V1/orders?searchCriteria[...]`
pub(crate) async fn orders(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = refused(&shared, &headers, SALES) {
        return refused;
    }
    let shop = shared.shop();
    search(&query, shop.orders(), |order| order.to_json())
}

/// `GET /shop/rest[/{store}]/V1/orders/{id}`: `{id}` is the `entity_id`.
pub(crate) async fn order(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refused(&shared, &headers, SALES) {
        return refused;
    }
    let raw = params.get("id").cloned().unwrap_or_default();
    let shop = shared.shop();
    match raw.trim().parse().ok().and_then(|id| shop.order(id)) {
        Some(order) => Json(order.to_json()).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "The entity that was requested doesn't exist. Verify the entity and try again.",
            json!([]),
        ),
    }
}

/// Any other path under `/shop/rest/`.
pub(crate) async fn no_route() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Request does not match any route.",
        json!([]),
    )
}
