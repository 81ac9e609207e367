//! Extractors that turn a request into domain values or an [`ApiError`] — never axum's own
//! plain-text rejections, so every answer has the one error body.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};
use worklane_core::{Access, CoreError, SessionToken};

use crate::{ApiError, AppState, MAX_BODY_BYTES, session_cookie};

/// A JSON body: always an object. Unreadable JSON is 400; JSON of the wrong shape is 422 with
/// serde's words (serde would read a struct from an array too, so anything but an object is
/// refused first).
/// A number with no fraction counts as an integer whichever way it is written (`19508.0`),
/// as JSON Schema counts it.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let mut value = match axum::Json::<Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            Err(JsonRejection::JsonDataError(e)) => {
                return Err(ApiError::BadRequest(format!(
                    "the request body is not valid JSON: {}",
                    e.body_text()
                )));
            }
            Err(JsonRejection::JsonSyntaxError(_)) => {
                return Err(ApiError::BadRequest(
                    "the request body is not valid JSON".into(),
                ));
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                return Err(ApiError::UnsupportedMediaType);
            }
            Err(JsonRejection::BytesRejection(_)) => {
                return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
            }
            Err(other) => return Err(ApiError::BadRequest(other.body_text())),
        };
        if !value.is_object() {
            return Err(ApiError::Unprocessable(
                "the request body must be a JSON object ({ … })".into(),
            ));
        }
        integral_numbers_as_integers(&mut value);
        serde_json::from_value(value).map(ApiJson).map_err(|e| {
            ApiError::Unprocessable(format!(
                "the request body does not have the expected fields: {e}"
            ))
        })
    }
}

/// Rewrites every number with no fraction (within the range of 64-bit integers) as an integer,
/// so that `3.0` reaches an integer field as `3`. Floats keep their value either way.
fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
            {
                // 2^64 and -2^63 are exact in f64; the casts below are then exact too.
                const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
                const MINUS_TWO_POW_63: f64 = -9_223_372_036_854_775_808.0;
                if (0.0..TWO_POW_64).contains(&float) {
                    *number = Number::from(float as u64);
                } else if (MINUS_TWO_POW_63..0.0).contains(&float) {
                    *number = Number::from(float as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// A query string. Parameters of the wrong shape are 400.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(ApiError::BadRequest(format!(
                    "the query string is not valid: {}",
                    e.body_text()
                        .trim_start_matches("Failed to deserialize query string: ")
                )))
            }
            Err(other) => Err(ApiError::BadRequest(other.body_text())),
        }
    }
}

/// A path parameter. One that does not decode is 400.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(ApiError::BadRequest(format!(
                "the path is not valid: {}",
                rejection.body_text()
            ))),
        }
    }
}

/// The signed-in user's access, from the session cookie, under the org-wide defaults in force.
/// Absent, expired or revoked sessions are 401.
pub struct CurrentUser(pub Access);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(parts).ok_or(CoreError::Unauthenticated)?;
        Ok(CurrentUser(state.app.access_of_session(&token).await?))
    }
}

/// The signed-in user, who must be an admin. Checked before anything of the request body is
/// read, so a rep calling an admin endpoint gets 403 whatever they sent.
pub struct AdminUser(pub Access);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let CurrentUser(access) = CurrentUser::from_request_parts(parts, state).await?;
        if !access.is_admin() {
            return Err(CoreError::Forbidden(format!(
                "only admins can {}",
                admin_area(parts.uri.path())
            ))
            .into());
        }
        Ok(AdminUser(access))
    }
}

/// What an admin endpoint manages, for the refusal's message.
fn admin_area(path: &str) -> &'static str {
    if path.contains("/workflows") {
        "manage workflows"
    } else if path.contains("/work-item-types") {
        "manage work item types"
    } else if path.contains("/sharing") {
        "change who may see what"
    } else {
        "manage users"
    }
}

pub fn session_token(parts: &Parts) -> Option<SessionToken> {
    session_cookie::read(&parts.headers).map(|v| SessionToken::from_cookie(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_become_integers_and_others_stay() {
        let mut value = serde_json::json!({
            "version": 19508.0, "nested": [3.0, -2.0, 1.5], "big": 1e30, "small": 7
        });
        integral_numbers_as_integers(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"version": 19508, "nested": [3, -2, 1.5], "big": 1e30, "small": 7})
        );
        let parsed: u64 = serde_json::from_value(value["version"].clone()).unwrap();
        assert_eq!(parsed, 19508);
    }
}
