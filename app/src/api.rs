//! The HTTP API, as the app calls it (see `docs/api.md`).
//!
//! Every call returns `Result<T, ApiError>`: the server's `ErrorBody` when it answered with an
//! error, or what went wrong on the way. A 401 from any call except signing in also tells the
//! app to show the sign-in page (see [`set_unauthorized_handler`]).

use std::{cell::RefCell, fmt, rc::Rc};

use gloo_net::http::{Method, RequestBuilder};
use serde::{Serialize, de::DeserializeOwned};
use web_sys::RequestCredentials;

use crate::json;
use worklane_domain::{
    AccountId, AttachRequest, Availability, AvailabilityRequest, ComposeEmail, ComposeSms,
    ConnectionEdit, ContactEdit, ContactHit, ContactId, ContactInput, ContactKind, ContactView,
    ErrorBody, FieldError, HistoryEntry, ImportRunDetail, ImportRunView, ImportSource,
    ImportSourceView, InboxEntry, InboxFilter, InboxSection, InteractionId, InteractionView,
    LockRequest, LogCall, MergeRequest, NewNote, NewReminder, NewUserRequest, NewWorkItemRequest,
    OrgChart, OrgSaved, OutboxMessage, Page, PauseRequest, Priority, ReadRequest, ReindexProgress,
    RoutingSettings, SharingSettings, SignInRequest, StatusChangeRequest, TeamMember, UnreadCount,
    UpdateUserRequest, UserId, UserReach, UserView, WhoCanSee, WorkItemEdit, WorkItemNote,
    WorkItemOrigin, WorkItemType, WorkItemTypeEdit, WorkItemTypeInput, WorkItemView, Workflow,
};

pub mod accounts;
pub mod calls;
pub mod shop;
pub mod work_orders;

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status and its error body.
    Server { status: u16, body: ErrorBody },
    /// No answer: the network is down, the server is not running, the request was aborted.
    Network(String),
    /// An answer the app does not understand (not the documented JSON).
    Unexpected { status: u16, detail: String },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } | ApiError::Unexpected { status, .. } => Some(*status),
            ApiError::Network(_) => None,
        }
    }

    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            ApiError::Server { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The server's stable error code, e.g. `validation_failed`.
    pub fn code(&self) -> Option<&str> {
        self.body().map(|b| b.code.as_str())
    }

    /// A sentence to show the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Server { body, .. } => body.message.clone(),
            ApiError::Network(detail) => {
                format!(
                    "Could not reach the Worklane server ({detail}). Check your connection and try again."
                )
            }
            ApiError::Unexpected { status, detail } => {
                format!("The server gave an unexpected answer (HTTP {status}): {detail}")
            }
        }
    }

    /// The request id to quote when reporting a problem.
    pub fn request_id(&self) -> Option<&str> {
        self.body()
            .map(|b| b.request_id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// Per-field problems of a 400 or 422 answer.
    pub fn fields(&self) -> &[FieldError] {
        self.body().map(|b| b.fields.as_slice()).unwrap_or_default()
    }

    /// For a 409: the record as it is now on the server.
    pub fn current<T: DeserializeOwned>(&self) -> Option<T> {
        json::from_value(self.body()?.current.clone()?).ok()
    }

    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// What to do when the server says the session is missing or expired.
pub fn set_unauthorized_handler(handler: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

fn unauthorized() {
    if let Some(handler) = ON_UNAUTHORIZED.with(|h| h.borrow().clone()) {
        handler();
    }
}

/// Encodes a value for use in a path segment or a query string.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// Sends one request and returns the status and body of a successful answer.
///
/// Kept free of type parameters so that it is compiled once, not once per endpoint.
async fn send(method: Method, url: &str, body: Option<String>) -> Result<String, ApiError> {
    let signing_in = method == Method::POST && url == "/api/session";
    let builder = RequestBuilder::new(url)
        .method(method)
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json");
    let request = match body {
        // Every state-changing request is JSON, even when it carries nothing.
        Some(text) => builder
            .header("Content-Type", "application/json")
            .body(text),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;

    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;

    if (200..300).contains(&status) {
        return Ok(text);
    }
    if status == 401 && !signing_in {
        unauthorized();
    }
    Err(match json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiError::Server { status, body },
        Err(_) => ApiError::Unexpected {
            status,
            detail: if text.trim().is_empty() || text.trim_start().starts_with('<') {
                response.status_text()
            } else {
                text.chars().take(200).collect()
            },
        },
    })
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    json::from_str(text).map_err(|e| ApiError::Unexpected {
        status: 200,
        detail: e.to_string(),
    })
}

fn to_json<B: Serialize>(body: &B) -> String {
    // The request bodies are plain structs of strings, numbers and enums: this cannot fail.
    serde_json::to_string(body).unwrap_or_else(|_| "{}".into())
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    decode(&send(Method::GET, url, None).await?)
}

/// A POST that carries nothing but asks for something (Run now, Retry, Sync).
async fn post_empty<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    decode(&send(Method::POST, url, Some("{}".into())).await?)
}

async fn write<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    decode(&send(method, url, Some(to_json(body))).await?)
}

// ---- session and the signed-in user ----

pub async fn sign_in(request: SignInRequest) -> Result<UserView, ApiError> {
    write(Method::POST, "/api/session", &request).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    send(Method::DELETE, "/api/session", Some("{}".into()))
        .await
        .map(|_| ())
}

pub async fn me() -> Result<UserView, ApiError> {
    get("/api/me").await
}

pub async fn set_availability(availability: Availability) -> Result<UserView, ApiError> {
    write(
        Method::PUT,
        "/api/me/availability",
        &AvailabilityRequest { availability },
    )
    .await
}

pub async fn team() -> Result<Vec<TeamMember>, ApiError> {
    get("/api/team").await
}

// ---- who may see what (admin) ----

pub async fn sharing() -> Result<SharingSettings, ApiError> {
    get("/api/sharing").await
}

pub async fn save_sharing(settings: SharingSettings) -> Result<SharingSettings, ApiError> {
    write(Method::PUT, "/api/sharing", &settings).await
}

// ---- the organisation ----

pub async fn org() -> Result<OrgChart, ApiError> {
    get("/api/org").await
}

/// The names of the chart's departments and sharing rules, by key: all a page showing reasons
/// needs (reading only these keeps the whole chart's decoding out of its code).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct OrgNames {
    #[serde(default)]
    pub departments: Vec<Named>,
    #[serde(default)]
    pub sharing_rules: Vec<Named>,
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Named {
    pub key: String,
    pub name: String,
}

impl OrgNames {
    /// The name of `key` in `list`, or the key itself when it is not there.
    pub fn name<'a>(list: &'a [Named], key: &'a str) -> &'a str {
        list.iter()
            .find(|n| n.key == key)
            .map_or(key, |n| n.name.as_str())
    }
}

pub async fn org_names() -> Result<OrgNames, ApiError> {
    get("/api/org").await
}

/// Saves the whole chart (admin only); its `version` is the one it was loaded at. The answer
/// has the saved chart and the re-index of who sees what that the change started.
pub async fn save_org(chart: &OrgChart) -> Result<OrgSaved, ApiError> {
    write(Method::PUT, "/api/org", chart).await
}

/// How far the re-index after the last organisation change got (admin only).
pub async fn org_reindex() -> Result<ReindexProgress, ApiError> {
    get("/api/org/reindex").await
}

// ---- users (admin) ----

pub async fn list_users(cursor: Option<String>) -> Result<Page<UserView>, ApiError> {
    let url = match cursor {
        Some(cursor) => format!("/api/users?cursor={}", encode(&cursor)),
        None => "/api/users".to_string(),
    };
    get(&url).await
}

pub async fn create_user(request: NewUserRequest) -> Result<UserView, ApiError> {
    write(Method::POST, "/api/users", &request).await
}

pub async fn get_user(id: UserId) -> Result<UserView, ApiError> {
    get(&format!("/api/users/{}", encode(id.as_str()))).await
}

pub async fn update_user(id: UserId, request: UpdateUserRequest) -> Result<UserView, ApiError> {
    write(
        Method::PUT,
        &format!("/api/users/{}", encode(id.as_str())),
        &request,
    )
    .await
}

// ---- contacts ----

/// The filters and position of one page of the contacts grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactQuery {
    pub kind: Option<ContactKind>,
    pub owner: Option<UserId>,
    pub cursor: Option<String>,
    pub limit: u32,
}

impl ContactQuery {
    fn to_url(&self) -> String {
        let mut params = Vec::new();
        if let Some(kind) = self.kind {
            params.push(format!("kind={}", kind.label()));
        }
        if let Some(owner) = &self.owner {
            params.push(format!("owner={}", encode(owner.as_str())));
        }
        if let Some(cursor) = &self.cursor {
            params.push(format!("cursor={}", encode(cursor)));
        }
        if self.limit > 0 {
            params.push(format!("limit={}", self.limit));
        }
        if params.is_empty() {
            "/api/contacts".to_string()
        } else {
            format!("/api/contacts?{}", params.join("&"))
        }
    }
}

pub async fn list_contacts(query: ContactQuery) -> Result<Page<ContactView>, ApiError> {
    get(&query.to_url()).await
}

/// An account's name: all a contact's page shows of it (reading only the name keeps the
/// decoding of the whole account out of the contacts' piece of the app).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct AccountName {
    pub name: String,
}

pub async fn account_name(id: AccountId) -> Result<AccountName, ApiError> {
    get(&format!("/api/accounts/{}", encode(id.as_str()))).await
}

pub async fn search_contacts(q: String) -> Result<Vec<ContactHit>, ApiError> {
    get(&format!("/api/contacts/search?q={}", encode(&q))).await
}

pub async fn create_contact(input: ContactInput) -> Result<ContactView, ApiError> {
    write(Method::POST, "/api/contacts", &input).await
}

pub async fn get_contact(id: ContactId) -> Result<ContactView, ApiError> {
    get(&format!("/api/contacts/{}", encode(id.as_str()))).await
}

pub async fn update_contact(id: ContactId, edit: ContactEdit) -> Result<ContactView, ApiError> {
    write(
        Method::PUT,
        &format!("/api/contacts/{}", encode(id.as_str())),
        &edit,
    )
    .await
}

/// Who can see a contact, and why.
pub async fn contact_viewers(id: ContactId) -> Result<WhoCanSee, ApiError> {
    get(&format!("/api/contacts/{}/viewers", encode(id.as_str()))).await
}

/// Whether one user can see a contact, and why (admins may ask about anyone).
pub async fn contact_viewer(id: ContactId, user: UserId) -> Result<UserReach, ApiError> {
    get(&format!(
        "/api/contacts/{}/viewers/{}",
        encode(id.as_str()),
        encode(user.as_str())
    ))
    .await
}

// ---- workflows, work item types and work items ----

pub async fn workflows() -> Result<Vec<Workflow>, ApiError> {
    get("/api/workflows").await
}

pub async fn work_item_types() -> Result<Vec<WorkItemType>, ApiError> {
    get("/api/work-item-types").await
}

fn with_cursor(path: String, cursor: Option<&str>) -> String {
    match cursor {
        Some(cursor) => format!("{path}?cursor={}", encode(cursor)),
        None => path,
    }
}

fn work_item_url(number: u64, rest: &str) -> String {
    format!("/api/work-items/{number}{rest}")
}

pub async fn contact_work_items(
    contact: ContactId,
    cursor: Option<String>,
) -> Result<Page<WorkItemView>, ApiError> {
    let path = format!("/api/contacts/{}/work-items", encode(contact.as_str()));
    get(&with_cursor(path, cursor.as_deref())).await
}

pub async fn create_work_item(
    contact: ContactId,
    request: NewWorkItemRequest,
) -> Result<WorkItemView, ApiError> {
    let path = format!("/api/contacts/{}/work-items", encode(contact.as_str()));
    write(Method::POST, &path, &request).await
}

pub async fn get_work_item(number: u64) -> Result<WorkItemView, ApiError> {
    get(&work_item_url(number, "")).await
}

/// Who can see a work item, and why (404 when the user may not see it; for an Obsolete work
/// order nobody is listed: only admins see it).
pub async fn work_item_viewers(number: u64) -> Result<WhoCanSee, ApiError> {
    get(&work_item_url(number, "/viewers")).await
}

pub async fn edit_work_item(number: u64, edit: WorkItemEdit) -> Result<WorkItemView, ApiError> {
    write(Method::PUT, &work_item_url(number, ""), &edit).await
}

pub async fn change_status(
    number: u64,
    request: StatusChangeRequest,
) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &work_item_url(number, "/status"), &request).await
}

pub async fn lock_work_item(number: u64, request: LockRequest) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &work_item_url(number, "/lock"), &request).await
}

pub async fn work_item_history(
    number: u64,
    cursor: Option<String>,
) -> Result<Page<HistoryEntry>, ApiError> {
    get(&with_cursor(
        work_item_url(number, "/history"),
        cursor.as_deref(),
    ))
    .await
}

pub async fn work_item_note(number: u64) -> Result<WorkItemNote, ApiError> {
    get(&work_item_url(number, "/note")).await
}

pub async fn save_work_item_note(
    number: u64,
    note: WorkItemNote,
) -> Result<WorkItemNote, ApiError> {
    write(Method::PUT, &work_item_url(number, "/note"), &note).await
}

/// An imported item's Reference and how it was routed; both absent for an item made by hand.
pub async fn work_item_origin(number: u64) -> Result<WorkItemOrigin, ApiError> {
    get(&work_item_url(number, "/origin")).await
}

/// Reloads an Abandoned Shopping Cart item's cart from the shop (409: not a cart; 502: the
/// shop did not answer).
pub async fn sync_work_item_reference(number: u64) -> Result<WorkItemOrigin, ApiError> {
    post_empty(&work_item_url(number, "/reference/sync")).await
}

/// The filters and position of one page of My Work Items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MyWorkQuery {
    pub type_key: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub priority: Option<Priority>,
    pub cursor: Option<String>,
}

impl MyWorkQuery {
    fn to_url(&self) -> String {
        let params: Vec<String> = [
            ("type", self.type_key.as_deref()),
            ("category", self.category.as_deref()),
            ("status", self.status.as_deref()),
            ("priority", self.priority.map(priority_param)),
            ("cursor", self.cursor.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name}={}", encode(v))))
        .collect();
        if params.is_empty() {
            "/api/my/work-items".to_string()
        } else {
            format!("/api/my/work-items?{}", params.join("&"))
        }
    }
}

/// A priority as the API spells it (the enum's variant name).
pub fn priority_param(priority: Priority) -> &'static str {
    match priority {
        Priority::Urgent => "Urgent",
        Priority::High => "High",
        Priority::Normal => "Normal",
        Priority::Low => "Low",
        Priority::NotApplicable => "NotApplicable",
    }
}

pub async fn my_work_items(query: MyWorkQuery) -> Result<Page<WorkItemView>, ApiError> {
    get(&query.to_url()).await
}

pub async fn merge_work_item(number: u64, request: MergeRequest) -> Result<WorkItemView, ApiError> {
    write(Method::POST, &work_item_url(number, "/merge"), &request).await
}

// ---- work item types and workflows (admin) ----

pub async fn create_work_item_type(input: WorkItemTypeInput) -> Result<WorkItemType, ApiError> {
    write(Method::POST, "/api/work-item-types", &input).await
}

pub async fn update_work_item_type(
    key: String,
    edit: WorkItemTypeEdit,
) -> Result<WorkItemType, ApiError> {
    write(
        Method::PUT,
        &format!("/api/work-item-types/{}", encode(&key)),
        &edit,
    )
    .await
}

pub async fn create_workflow(workflow: Workflow) -> Result<Workflow, ApiError> {
    write(Method::POST, "/api/workflows", &workflow).await
}

pub async fn update_workflow(workflow: Workflow) -> Result<Workflow, ApiError> {
    let url = format!("/api/workflows/{}", encode(&workflow.key));
    write(Method::PUT, &url, &workflow).await
}

// ---- imports and routing (admin) ----

fn import_url(source: ImportSource, rest: &str) -> String {
    format!("/api/imports/{}{rest}", source.key())
}

pub async fn imports() -> Result<Vec<ImportSourceView>, ApiError> {
    get("/api/imports").await
}

/// Sets a source's address and authentication; secrets left out are kept as stored.
pub async fn set_import_connection(
    source: ImportSource,
    edit: ConnectionEdit,
) -> Result<ImportSourceView, ApiError> {
    write(Method::PUT, &import_url(source, "/connection"), &edit).await
}

pub async fn set_import_paused(
    source: ImportSource,
    paused: bool,
) -> Result<ImportSourceView, ApiError> {
    let request = PauseRequest { paused };
    write(Method::PUT, &import_url(source, "/paused"), &request).await
}

/// Run now: imports the source's next records at once (409 while another run is under way).
pub async fn run_import(source: ImportSource) -> Result<ImportRunView, ApiError> {
    post_empty(&import_url(source, "/runs")).await
}

/// A source's runs, newest first.
pub async fn import_runs(
    source: ImportSource,
    cursor: Option<String>,
) -> Result<Page<ImportRunView>, ApiError> {
    get(&with_cursor(import_url(source, "/runs"), cursor.as_deref())).await
}

/// One run with what became of each of its records.
pub async fn import_run(source: ImportSource, run_id: String) -> Result<ImportRunDetail, ApiError> {
    get(&import_url(source, &format!("/runs/{}", encode(&run_id)))).await
}

/// Imports one record again, read anew from the source.
pub async fn retry_import_record(
    source: ImportSource,
    external_id: String,
) -> Result<ImportRunView, ApiError> {
    post_empty(&import_url(
        source,
        &format!("/records/{}/retry", encode(&external_id)),
    ))
    .await
}

/// Who receives a work item type's imported items.
pub async fn routing(type_key: String) -> Result<RoutingSettings, ApiError> {
    get(&format!("/api/routing/{}", encode(&type_key))).await
}

/// Saves a type's routing, made on `settings.version` (409 when someone saved first).
pub async fn save_routing(settings: RoutingSettings) -> Result<RoutingSettings, ApiError> {
    let url = format!("/api/routing/{}", encode(&settings.type_key));
    write(Method::PUT, &url, &settings).await
}

// ---- interactions, the inbox and the outbox ----

fn contact_url(contact: &ContactId, rest: &str) -> String {
    format!("/api/contacts/{}{rest}", encode(contact.as_str()))
}

fn interaction_url(id: &InteractionId, rest: &str) -> String {
    format!("/api/interactions/{}{rest}", encode(id.as_str()))
}

pub async fn contact_interactions(
    contact: ContactId,
    cursor: Option<String>,
) -> Result<Page<InteractionView>, ApiError> {
    get(&with_cursor(
        contact_url(&contact, "/interactions"),
        cursor.as_deref(),
    ))
    .await
}

pub async fn work_item_interactions(
    number: u64,
    cursor: Option<String>,
) -> Result<Page<InteractionView>, ApiError> {
    get(&with_cursor(
        work_item_url(number, "/interactions"),
        cursor.as_deref(),
    ))
    .await
}

pub async fn send_email(
    contact: ContactId,
    email: ComposeEmail,
) -> Result<InteractionView, ApiError> {
    write(Method::POST, &contact_url(&contact, "/emails"), &email).await
}

pub async fn send_sms(contact: ContactId, sms: ComposeSms) -> Result<InteractionView, ApiError> {
    write(Method::POST, &contact_url(&contact, "/sms"), &sms).await
}

pub async fn log_call(contact: ContactId, call: LogCall) -> Result<InteractionView, ApiError> {
    write(Method::POST, &contact_url(&contact, "/calls"), &call).await
}

pub async fn add_note(contact: ContactId, note: NewNote) -> Result<InteractionView, ApiError> {
    write(Method::POST, &contact_url(&contact, "/notes"), &note).await
}

pub async fn add_reminder(
    contact: ContactId,
    reminder: NewReminder,
) -> Result<InteractionView, ApiError> {
    write(
        Method::POST,
        &contact_url(&contact, "/reminders"),
        &reminder,
    )
    .await
}

pub async fn retry_send(id: InteractionId) -> Result<InteractionView, ApiError> {
    send(
        Method::POST,
        &interaction_url(&id, "/retry"),
        Some("{}".into()),
    )
    .await
    .and_then(|text| decode(&text))
}

pub async fn attach_interaction(
    id: InteractionId,
    request: AttachRequest,
) -> Result<InteractionView, ApiError> {
    write(Method::POST, &interaction_url(&id, "/attach"), &request).await
}

/// The section, filters and position of one page of the Inbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InboxQuery {
    pub section: InboxSection,
    pub filter: InboxFilter,
    /// As the API spells it (`High`, `NotApplicable`, `any`…).
    pub priority: Option<String>,
    pub type_key: Option<String>,
    pub cursor: Option<String>,
}

impl InboxQuery {
    fn to_url(&self) -> String {
        let mut params = vec![
            format!("section={}", self.section.param()),
            format!("filter={}", self.filter.param()),
        ];
        if let Some(priority) = &self.priority {
            params.push(format!("priority={}", encode(priority)));
        }
        if let Some(key) = &self.type_key {
            params.push(format!("type={}", encode(key)));
        }
        if let Some(cursor) = &self.cursor {
            params.push(format!("cursor={}", encode(cursor)));
        }
        format!("/api/inbox?{}", params.join("&"))
    }
}

pub async fn inbox(query: InboxQuery) -> Result<Page<InboxEntry>, ApiError> {
    get(&query.to_url()).await
}

pub async fn unread_count() -> Result<UnreadCount, ApiError> {
    get("/api/inbox/unread-count").await
}

pub async fn mark_read(entry: String, read: bool) -> Result<InboxEntry, ApiError> {
    let url = format!("/api/inbox/{}/read", encode(&entry));
    write(Method::PUT, &url, &ReadRequest { read }).await
}

pub async fn outbox(cursor: Option<String>) -> Result<Page<OutboxMessage>, ApiError> {
    get(&with_cursor("/api/outbox".to_string(), cursor.as_deref())).await
}
