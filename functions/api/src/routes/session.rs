use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use worklane_domain::{AvailabilityRequest, ErrorBody, SignInRequest, UserView};

use worklane_core::{CoreError, SignInOrigin};

use crate::edge::ClientAddress;
use crate::extract::{ApiJson, CurrentUser, session_token};
use crate::{ApiError, AppState, session_cookie};

/// Signs in with email and password; the answer sets the session cookie and the browser's
/// trusted-device cookie. Failures are limited per account and client address (or trusted
/// browser); a refused attempt is 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/session", tag = "session", security(()), request_body = SignInRequest,
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    let origin = SignInOrigin {
        address,
        device: session_cookie::read_device(&headers),
    };
    // Run to completion even if the client hangs up: an attempt left half-way would hold
    // its place in the sign-in limit until its lease ran out.
    let app = state.app.clone();
    let signed_in = tokio::spawn(async move { app.sessions().sign_in(request, origin).await })
        .await
        .map_err(|e| CoreError::Internal(format!("the sign-in task failed: {e}")))??;
    let mut response = Json(signed_in.user).into_response();
    let cookies = [
        session_cookie::set(&headers, &signed_in.token),
        session_cookie::set_device(&headers, &signed_in.device),
    ];
    for cookie in cookies.into_iter().flatten() {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/session", tag = "session", security(()), responses((status = 204, description = "Signed out (or there was no session); the cookie is cleared.")))]
pub async fn sign_out(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = session_token(&parts) {
        state.app.sessions().sign_out(&token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(cookie) = session_cookie::clear(&parts.headers) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "session",
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(state.app.sessions().me(&actor).await?))
}

/// Sets the signed-in user's availability, which everyone sees.
#[utoipa::path(put, path = "/api/me/availability", tag = "session", request_body = AvailabilityRequest,
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn set_availability(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    ApiJson(request): ApiJson<AvailabilityRequest>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(
        state
            .app
            .users()
            .set_availability(&actor, request.availability)
            .await?,
    ))
}
