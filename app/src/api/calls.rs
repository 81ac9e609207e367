//! The Call Slat's endpoints: the rep's calls on their slat, click-to-call, Save, Hang up,
//! Close, Create lead and Create work item; and Create work item from any interaction.

use gloo_net::http::Method;
use worklane_domain::{
    CallId, CallLeadRequest, ContactId, DialRequest, InteractionId, LiveCall, SaveCallRequest,
    WorkItemFromInteraction, WorkItemView,
};

use super::{ApiError, encode, interaction_url, post_empty, send, to_json, write};

fn call_url(id: &CallId, rest: &str) -> String {
    format!("/api/calls/{}{rest}", encode(id.as_str()))
}

/// The rep's calls on their slat, newest first, as the server's JSON text: the shell polls
/// this and only the slat's own piece decodes it, so polling adds no decoding to the first
/// download.
pub async fn on_slat_text() -> Result<String, ApiError> {
    send(Method::GET, "/api/calls", None).await
}

/// Click-to-call: rings `to` and puts the call on the rep's slat (409: no phone system). The
/// call comes back as the server's JSON text, for the slat's piece to decode.
pub async fn dial(to: String, contact_id: Option<ContactId>) -> Result<String, ApiError> {
    let request = DialRequest { to, contact_id };
    send(Method::POST, "/api/calls", Some(to_json(&request))).await
}

/// Save: the note and the order id, filed on the call interaction.
pub async fn save(
    id: CallId,
    note: String,
    order_id: Option<String>,
) -> Result<LiveCall, ApiError> {
    let request = SaveCallRequest { note, order_id };
    write(Method::PUT, &call_url(&id, ""), &request).await
}

/// Hang up; the call is filed.
pub async fn end(id: CallId) -> Result<LiveCall, ApiError> {
    post_empty(&call_url(&id, "/end")).await
}

/// Takes an ended call off the slat (409 while it lasts).
pub async fn close(id: CallId) -> Result<LiveCall, ApiError> {
    post_empty(&call_url(&id, "/close")).await
}

/// Create lead: the unknown caller becomes a New Lead named `name`.
pub async fn create_lead(id: CallId, name: String) -> Result<LiveCall, ApiError> {
    write(
        Method::POST,
        &call_url(&id, "/lead"),
        &CallLeadRequest { name },
    )
    .await
}

/// Create work item from the call: a Support Ticket or Product Info Query, the call attached.
pub async fn call_work_item(
    id: CallId,
    request: WorkItemFromInteraction,
) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &call_url(&id, "/work-items"), &request).await
}

/// Create work item from an interaction: any type reps create by hand, the interaction
/// attached.
pub async fn interaction_work_item(
    id: InteractionId,
    request: WorkItemFromInteraction,
) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &interaction_url(&id, "/work-items"), &request).await
}
