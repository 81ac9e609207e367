use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Only the app's own files run; WebAssembly may compile; inline style attributes (set by
/// the app's views) are allowed, inline scripts are not. Images may come from any https
/// address: a cart's product pictures are on the shop.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Serves the built app from `dir` beside the API: files as they are (gzip when the browser
/// takes it), and `index.html` for every other page path so that deep links reach the app's
/// router. A missing file (a path whose last segment has an extension) is 404, never the page:
/// a stale or mistyped piece of the app must fail as itself. Every answer is revalidated
/// (`no-cache`), so a browser never mixes pieces of two builds.
pub fn with_site(api: Router, dir: &Path) -> Router {
    let index = ServeFile::new(dir.join("index.html")).precompressed_gzip();
    let page_or_missing = move |request: Request| {
        let index = index.clone();
        async move {
            let last = request.uri().path().rsplit('/').next().unwrap_or_default();
            if last.contains('.') {
                return StatusCode::NOT_FOUND.into_response();
            }
            match index.oneshot(request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            }
        }
    };
    let files = ServeDir::new(dir)
        .precompressed_gzip()
        .fallback(page_or_missing.into_service());
    api.fallback_service(files)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}
