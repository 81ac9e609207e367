use axum::Json;
use axum::extract::State;
use worklane_domain::{
    ContactId, ErrorBody, OrgChart, OrgSaved, ReindexProgress, UserId, UserReach, WhoCanSee,
};

use crate::extract::{AdminUser, ApiJson, ApiPath, CurrentUser};
use crate::{ApiError, AppState};

/// The organisation: departments, where each user sits and whom they report to, groups, and
/// how far superiors see. Every signed-in user may read it (it names who sees what and why).
#[utoipa::path(get, path = "/api/org", tag = "users",
    responses((status = 200, body = OrgChart)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
) -> Result<Json<OrgChart>, ApiError> {
    Ok(Json(state.app.organisation().chart().await?))
}

/// Saves the chart edited on `version` (admins only), whole. The records of everyone whose
/// place changed are re-indexed in the background; the answer says how far that got.
#[utoipa::path(put, path = "/api/org", tag = "users", request_body = OrgChart,
    responses((status = 200, body = OrgSaved), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    AdminUser(access): AdminUser,
    ApiJson(chart): ApiJson<OrgChart>,
) -> Result<Json<OrgSaved>, ApiError> {
    let (chart, reindex) = state.app.organisation().save(&access, chart).await?;
    if reindex.running {
        let app = state.app.clone();
        tokio::spawn(async move {
            if let Err(error) = app.organisation().reindex().run().await {
                tracing::warn!(%error, "the re-index stopped; the next run resumes it");
            }
        });
    }
    Ok(Json(OrgSaved { chart, reindex }))
}

/// How far the re-index after the last organisation change got (admins only).
#[utoipa::path(get, path = "/api/org/reindex", tag = "users",
    responses((status = 200, body = ReindexProgress), (status = 403, body = ErrorBody)))]
pub async fn reindex(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> Result<Json<ReindexProgress>, ApiError> {
    Ok(Json(state.app.organisation().reindex().progress().await?))
}

/// Who can see this contact, and why: its owner, their superiors, the heads of their
/// departments, and what the org-wide default gives everyone.
#[utoipa::path(get, path = "/api/contacts/{id}/viewers", tag = "contacts",
    params(("id" = String, Path)),
    responses((status = 200, body = WhoCanSee), (status = 404, body = ErrorBody)))]
pub async fn contact_viewers(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<WhoCanSee>, ApiError> {
    let id = ContactId::from_raw(id);
    Ok(Json(state.app.contacts().who_can_see(&access, &id).await?))
}

/// Whether one user may see this contact, and why: about yourself, or (admins) anyone.
#[utoipa::path(get, path = "/api/contacts/{id}/viewers/{user_id}", tag = "contacts",
    params(("id" = String, Path), ("user_id" = String, Path)),
    responses((status = 200, body = UserReach), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn contact_viewer(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath((id, user)): ApiPath<(String, String)>,
) -> Result<Json<UserReach>, ApiError> {
    let them = state.app.access_of_user(&UserId::from_raw(user)).await?;
    let id = ContactId::from_raw(id);
    Ok(Json(
        state.app.contacts().reach_of(&access, &id, &them).await?,
    ))
}

/// Who can see this work item, and why: its assignee, its related team members and their
/// superiors, the heads of the assignee's departments, the sharing rules, and what the
/// org-wide default gives everyone.
#[utoipa::path(get, path = "/api/work-items/{number}/viewers", tag = "work items",
    params(("number" = u64, Path)),
    responses((status = 200, body = WhoCanSee), (status = 404, body = ErrorBody)))]
pub async fn work_item_viewers(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<WhoCanSee>, ApiError> {
    Ok(Json(
        state.app.work_items().who_can_see(&access, number).await?,
    ))
}

/// Whether one user may see this work item, and why: about yourself, or (admins) anyone.
#[utoipa::path(get, path = "/api/work-items/{number}/viewers/{user_id}", tag = "work items",
    params(("number" = u64, Path), ("user_id" = String, Path)),
    responses((status = 200, body = UserReach), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn work_item_viewer(
    State(state): State<AppState>,
    CurrentUser(access): CurrentUser,
    ApiPath((number, user)): ApiPath<(u64, String)>,
) -> Result<Json<UserReach>, ApiError> {
    let them = state.app.access_of_user(&UserId::from_raw(user)).await?;
    Ok(Json(
        state
            .app
            .work_items()
            .reach_of(&access, number, &them)
            .await?,
    ))
}
