//! Seed 003's work orders: the list's preset scenes, and changing who is in charge (one work
//! order, or a batch) and a work order's priority.

use gloo_net::http::Method;
use worklane_domain::{
    BatchOwnerRequest, BatchOwnerResult, OwnerRequest, Page, PriorityRequest, WorkItemView,
    WorkOrderRow, WorkOrderScene,
};

use super::{ApiError, encode, get, work_item_url, write};

/// A page of the Work Orders list in `scene`, last updated first: after `cursor`, when given.
pub async fn list(
    scene: WorkOrderScene,
    cursor: Option<String>,
    limit: u32,
) -> Result<Page<WorkOrderRow>, ApiError> {
    let mut url = format!("/api/work-orders?scene={}&limit={limit}", scene.key());
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={}", encode(&cursor)));
    }
    get(&url).await
}

/// Hands each of the work orders to one person in charge; those that could not be are
/// refused one by one, with why.
pub async fn change_owners(request: BatchOwnerRequest) -> Result<BatchOwnerResult, ApiError> {
    write(Method::POST, "/api/work-orders/owner", &request).await
}

/// Hands one work order to another person in charge, on the version shown (409 when it
/// changed meanwhile).
pub async fn change_owner(number: u64, request: OwnerRequest) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &work_item_url(number, "/owner"), &request).await
}

/// Sets a work order's priority, on the version shown (422 while it is locked or void).
pub async fn set_priority(number: u64, request: PriorityRequest) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &work_item_url(number, "/priority"), &request).await
}
