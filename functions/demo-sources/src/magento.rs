//! The demo shop's REST API, as Magento 2.4 answers it: `GET /V1/carts/search` and
//! `GET /V1/carts/{cartId}`, with or without a store code, behind a bearer token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::Shared;
use crate::auth::bearer_ok;
use crate::search_criteria::SearchCriteria;

/// Magento's error body: a message template and the values for its `%placeholders`.
fn error(status: StatusCode, message: &str, parameters: Value) -> Response {
    (
        status,
        Json(json!({ "message": message, "parameters": parameters })),
    )
        .into_response()
}

fn unauthorized() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "The consumer isn't authorized to access %resources.",
        json!({ "resources": "Magento_Cart::manage" }),
    )
}

/// `GET /shop/rest[/{store}]/V1/carts/search?searchCriteria[...]`
pub(crate) async fn search(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !bearer_ok(&headers, &shared.token) {
        return unauthorized();
    }
    let criteria = match SearchCriteria::parse(&query) {
        Ok(criteria) => criteria,
        Err(why) => return error(StatusCode::BAD_REQUEST, &why.message, why.parameters),
    };
    let shop = shared.shop();
    match criteria.apply(shop.carts()) {
        Ok(page) => {
            let items: Vec<Value> = page
                .items
                .iter()
                .map(|cart| cart.to_json(&shared.shop_url))
                .collect();
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

/// `GET /shop/rest[/{store}]/V1/carts/{id}`
pub(crate) async fn cart(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    if !bearer_ok(&headers, &shared.token) {
        return unauthorized();
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

/// Any other path under `/shop/rest/`.
pub(crate) async fn no_route() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Request does not match any route.",
        json!([]),
    )
}
