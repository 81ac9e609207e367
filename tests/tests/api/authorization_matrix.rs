//! The authorization matrix: every operation the API document lists, asked by a user in every
//! relation to the records it names (and of every role), against the answer each must get.
//! The table below is the specification; an operation of the document with no row fails the
//! test, so a new endpoint cannot arrive without saying who may use it. It runs on whichever
//! engine the suite runs on (`make test` runs it on both).

use std::collections::BTreeSet;

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use worklane_domain::{
    AccountView, ContactView, InboxEntry, InteractionView, OrgChart, Page, Role, ServiceSettings,
    SharingSettings, UserView, WorkItemView, Workflow,
};

use crate::helpers::{
    Browser, PASSWORD, ResponseExt, TestApp, contact_body, set_sharing, spawn_app,
};

/// How a user stands to the contact and work items under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Owns the contact; the work items are assigned to them.
    Owner,
    /// The owner reports to them.
    Superior,
    /// Reports to the owner.
    Subordinate,
    /// A related team member of the contact and of the work items, to read.
    TeamRead,
    /// A related team member of the contact and of the work items, to change.
    TeamChange,
    /// Heads the owner's department.
    DeptHead,
    /// A sharing rule shares the owner's records with them, to read.
    ShareeRead,
    /// A sharing rule shares the owner's records with them, to change.
    ShareeChange,
    Unrelated,
    Admin,
}

use Who::*;

const EVERYONE: [Who; 10] = [
    Owner,
    Superior,
    Subordinate,
    TeamRead,
    TeamChange,
    DeptHead,
    ShareeRead,
    ShareeChange,
    Unrelated,
    Admin,
];

impl Who {
    fn role(self) -> Role {
        match self {
            Admin => Role::Admin,
            Superior | DeptHead => Role::Manager,
            TeamRead | ShareeRead => Role::ServiceStaff,
            _ => Role::Rep,
        }
    }

    fn email(self) -> String {
        format!("{self:?}@example.com").to_lowercase()
    }

    fn sees_contact(self) -> bool {
        !matches!(self, Subordinate | Unrelated)
    }

    fn changes_contact(self) -> bool {
        matches!(self, Owner | Superior | TeamChange | ShareeChange | Admin)
    }

    fn sees_item(self) -> bool {
        !matches!(self, Subordinate | Unrelated)
    }

    fn changes_item(self) -> bool {
        matches!(self, Owner | Superior | TeamChange | ShareeChange | Admin)
    }
}

/// Who gets what.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Every signed-in user (or anyone) gets this.
    All(u16),
    /// Admins get this; everyone else 403.
    AdminOnly(u16),
    /// Managers and admins get this; everyone else 403.
    Supervisors(u16),
    /// Those who see the contact get this; the others 404.
    SeeContact(u16),
    /// Those who change the contact get this; those who only see it 403; the others 404.
    ChangeContact(u16),
    SeeItem(u16),
    ChangeItem(u16),
    /// Only the owner (whose inbox holds the entry) gets this; the others 404.
    OwnerOnly(u16),
    /// Changing the contact, and being the sender, a manager or an admin.
    Resend(u16),
    /// Changing the contact, and being the call's author (the owner here) or an admin.
    CallAuthor(u16),
    /// Those who see the contact get this; the others 422 (the contact is named in the body,
    /// so an id cannot be probed).
    SeeNamedContact(u16),
    /// Changing the work order, and a role that handles work orders (service staff and
    /// admins: only the admin here, as the service staff only read).
    HandleOrder(u16),
}

fn expected(rule: Rule, who: Who) -> u16 {
    let tiered = |ok: u16, sees: bool, changes: bool| match (sees, changes) {
        (_, true) => ok,
        (true, false) => 403,
        (false, _) => 404,
    };
    match rule {
        Rule::All(ok) => ok,
        Rule::AdminOnly(ok) => {
            if who == Admin {
                ok
            } else {
                403
            }
        }
        Rule::Supervisors(ok) => {
            if matches!(who.role(), Role::Admin | Role::Manager) {
                ok
            } else {
                403
            }
        }
        Rule::SeeContact(ok) => {
            if who.sees_contact() {
                ok
            } else {
                404
            }
        }
        Rule::ChangeContact(ok) => tiered(ok, who.sees_contact(), who.changes_contact()),
        Rule::SeeItem(ok) => {
            if who.sees_item() {
                ok
            } else {
                404
            }
        }
        Rule::ChangeItem(ok) => tiered(ok, who.sees_item(), who.changes_item()),
        Rule::OwnerOnly(ok) => {
            if who == Owner {
                ok
            } else {
                404
            }
        }
        Rule::CallAuthor(ok) => {
            let allowed = who == Admin || who == Owner;
            match tiered(ok, who.sees_contact(), who.changes_contact()) {
                status if status == ok && !allowed => 403,
                status => status,
            }
        }
        Rule::SeeNamedContact(ok) => {
            if who.sees_contact() {
                ok
            } else {
                422
            }
        }
        Rule::HandleOrder(ok) => {
            let handles = who.role().handles_work_orders();
            match tiered(ok, who.sees_item(), who.changes_item()) {
                status if status == ok && !handles => 403,
                status => status,
            }
        }
        Rule::Resend(ok) => {
            let allowed = matches!(who.role(), Role::Admin | Role::Manager) || who == Owner;
            match tiered(ok, who.sees_contact(), who.changes_contact()) {
                status if status == ok && !allowed => 403,
                status => status,
            }
        }
    }
}

/// Every operation of the API document, and who gets what.
const TABLE: &[(&str, Rule)] = &[
    ("GET /api/health", Rule::All(200)),
    ("GET /api/openapi.json", Rule::All(200)),
    ("POST /api/session", Rule::All(200)),
    ("DELETE /api/session", Rule::All(204)),
    ("GET /api/me", Rule::All(200)),
    ("PUT /api/me/availability", Rule::All(200)),
    ("GET /api/team", Rule::All(200)),
    ("GET /api/users", Rule::AdminOnly(200)),
    ("POST /api/users", Rule::AdminOnly(201)),
    ("GET /api/users/{id}", Rule::AdminOnly(200)),
    ("PUT /api/users/{id}", Rule::AdminOnly(200)),
    ("GET /api/sharing", Rule::AdminOnly(200)),
    ("PUT /api/sharing", Rule::AdminOnly(200)),
    ("GET /api/org", Rule::All(200)),
    ("PUT /api/org", Rule::AdminOnly(200)),
    ("GET /api/org/reindex", Rule::AdminOnly(200)),
    ("GET /api/contacts", Rule::All(200)),
    ("POST /api/contacts", Rule::All(201)),
    ("GET /api/contacts/search", Rule::All(200)),
    ("GET /api/contacts/{id}", Rule::SeeContact(200)),
    ("PUT /api/contacts/{id}", Rule::ChangeContact(200)),
    ("PUT /api/contacts/{id}/team", Rule::ChangeContact(200)),
    ("GET /api/contacts/{id}/viewers", Rule::SeeContact(200)),
    (
        "GET /api/contacts/{id}/viewers/{user_id}",
        Rule::SeeContact(200),
    ),
    ("GET /api/contacts/{id}/work-items", Rule::SeeContact(200)),
    (
        "POST /api/contacts/{id}/work-items",
        Rule::ChangeContact(201),
    ),
    ("GET /api/contacts/{id}/interactions", Rule::SeeContact(200)),
    ("POST /api/contacts/{id}/emails", Rule::ChangeContact(201)),
    ("POST /api/contacts/{id}/sms", Rule::ChangeContact(201)),
    ("POST /api/contacts/{id}/calls", Rule::ChangeContact(201)),
    ("POST /api/contacts/{id}/notes", Rule::ChangeContact(201)),
    (
        "POST /api/contacts/{id}/reminders",
        Rule::ChangeContact(201),
    ),
    ("POST /api/interactions/{id}/retry", Rule::Resend(200)),
    (
        "POST /api/interactions/{id}/attach",
        Rule::ChangeContact(200),
    ),
    ("GET /api/workflows", Rule::All(200)),
    ("POST /api/workflows", Rule::AdminOnly(201)),
    ("PUT /api/workflows/{key}", Rule::AdminOnly(200)),
    ("GET /api/work-item-types", Rule::All(200)),
    ("POST /api/work-item-types", Rule::AdminOnly(201)),
    ("PUT /api/work-item-types/{key}", Rule::AdminOnly(200)),
    ("GET /api/work-items/{number}", Rule::SeeItem(200)),
    ("PUT /api/work-items/{number}", Rule::ChangeItem(200)),
    ("GET /api/work-items/{number}/note", Rule::SeeItem(200)),
    ("PUT /api/work-items/{number}/note", Rule::ChangeItem(200)),
    ("POST /api/work-items/{number}/lock", Rule::ChangeItem(200)),
    (
        "POST /api/work-items/{number}/status",
        Rule::ChangeItem(200),
    ),
    ("POST /api/work-items/{number}/merge", Rule::ChangeItem(200)),
    ("GET /api/work-items/{number}/history", Rule::SeeItem(200)),
    (
        "GET /api/work-items/{number}/interactions",
        Rule::SeeItem(200),
    ),
    ("GET /api/work-items/{number}/viewers", Rule::SeeItem(200)),
    (
        "GET /api/work-items/{number}/viewers/{user_id}",
        Rule::SeeItem(200),
    ),
    ("GET /api/work-items/{number}/origin", Rule::SeeItem(200)),
    // The item is a support ticket: there is no cart to sync, which only those who may
    // change it are told.
    (
        "POST /api/work-items/{number}/reference/sync",
        Rule::ChangeItem(409),
    ),
    ("GET /api/my/work-items", Rule::All(200)),
    ("GET /api/imports", Rule::Supervisors(200)),
    ("PUT /api/imports/{source}/connection", Rule::AdminOnly(200)),
    ("PUT /api/imports/{source}/paused", Rule::AdminOnly(200)),
    ("GET /api/imports/{source}/runs", Rule::Supervisors(200)),
    // The test server reads no sources: a run or retry is refused as not set up.
    ("POST /api/imports/{source}/runs", Rule::AdminOnly(409)),
    (
        "GET /api/imports/{source}/runs/{run_id}",
        Rule::Supervisors(404),
    ),
    (
        "POST /api/imports/{source}/records/{external_id}/retry",
        Rule::AdminOnly(409),
    ),
    ("GET /api/calls", Rule::All(200)),
    ("POST /api/calls", Rule::SeeContact(201)),
    // A call is its rep's alone (the owner's here): anyone else is answered not found.
    ("PUT /api/calls/{id}", Rule::OwnerOnly(200)),
    ("POST /api/calls/{id}/end", Rule::OwnerOnly(200)),
    ("POST /api/calls/{id}/close", Rule::OwnerOnly(200)),
    // The caller is a contact already.
    ("POST /api/calls/{id}/lead", Rule::OwnerOnly(409)),
    ("POST /api/calls/{id}/work-items", Rule::OwnerOnly(201)),
    (
        "POST /api/interactions/{id}/work-items",
        Rule::ChangeContact(201),
    ),
    ("GET /api/shop/settings", Rule::Supervisors(200)),
    ("PUT /api/shop/settings", Rule::AdminOnly(200)),
    // The test server has no shop: a sync is refused as not set up; the nightly job answers
    // that the sync failed and checked nothing.
    ("POST /api/shop/sync", Rule::AdminOnly(409)),
    ("POST /api/shop/validation", Rule::AdminOnly(200)),
    ("GET /api/contacts/{id}/shop", Rule::SeeContact(200)),
    ("GET /api/contacts/{id}/orders", Rule::SeeContact(200)),
    ("POST /api/contacts/{id}/shop/sync", Rule::SeeContact(409)),
    (
        "PUT /api/interactions/{id}/linked-order",
        Rule::CallAuthor(200),
    ),
    ("GET /api/reports/linked-orders", Rule::Supervisors(200)),
    ("GET /api/reports/linked-orders.csv", Rule::Supervisors(200)),
    ("GET /api/routing/{type_key}", Rule::AdminOnly(200)),
    ("PUT /api/routing/{type_key}", Rule::AdminOnly(200)),
    ("GET /api/inbox", Rule::All(200)),
    ("GET /api/work-orders", Rule::All(200)),
    ("POST /api/work-orders", Rule::SeeNamedContact(201)),
    // The account is the owner's, with the contact's team: it answers as the contact does.
    ("GET /api/accounts", Rule::All(200)),
    ("POST /api/accounts", Rule::All(201)),
    ("GET /api/accounts/search", Rule::All(200)),
    ("GET /api/accounts/{id}", Rule::SeeContact(200)),
    ("PUT /api/accounts/{id}", Rule::ChangeContact(200)),
    ("PUT /api/accounts/{id}/team", Rule::ChangeContact(200)),
    ("GET /api/accounts/{id}/contacts", Rule::SeeContact(200)),
    ("GET /api/accounts/{id}/work-orders", Rule::SeeContact(200)),
    ("GET /api/contacts/{id}/tickets", Rule::SeeContact(200)),
    ("PUT /api/contacts/{id}/account", Rule::ChangeContact(200)),
    ("GET /api/settings/service", Rule::All(200)),
    ("PUT /api/settings/service", Rule::AdminOnly(200)),
    // Each row the user may not change is refused in the answer, not by its status.
    ("POST /api/work-orders/owner", Rule::All(200)),
    (
        "POST /api/work-items/{number}/owner",
        Rule::HandleOrder(200),
    ),
    (
        "POST /api/work-items/{number}/priority",
        Rule::HandleOrder(200),
    ),
    ("GET /api/inbox/unread-count", Rule::All(200)),
    ("PUT /api/inbox/{entry_id}/read", Rule::OwnerOnly(200)),
    ("GET /api/outbox", Rule::All(200)),
    // Webhooks answer to their providers' signatures, never to a session.
    ("POST /api/webhooks/sms", Rule::All(401)),
    ("POST /api/webhooks/calls", Rule::All(401)),
    ("POST /api/webhooks/connect", Rule::All(401)),
    ("POST /api/webhooks/ses", Rule::All(401)),
];

/// The office the matrix runs in: a user per relation, the contact, a work item and a work
/// order on it, all private.
struct Office {
    app: TestApp,
    admin: Browser,
    users: Vec<(Who, Browser, UserView)>,
    contact: ContactView,
    account: AccountView,
    item: WorkItemView,
    order: WorkItemView,
}

impl Office {
    fn user(&self, who: Who) -> &(Who, Browser, UserView) {
        self.users
            .iter()
            .find(|(w, _, _)| *w == who)
            .expect("a user per relation")
    }

    fn id(&self, who: Who) -> String {
        self.user(who).2.id.to_string()
    }

    /// A fresh item on the contact, assigned to the owner, with a team member of each kind.
    async fn fresh_item(&self, type_key: &str) -> WorkItemView {
        let created: WorkItemView = self
            .admin
            .post(
                &format!("/api/contacts/{}/work-items", self.contact.id),
                &json!({"type_key": type_key, "description": "Matrix case",
                    "assignee_id": self.id(Owner)}),
            )
            .await
            .json_with(StatusCode::CREATED)
            .await;
        self.admin
            .put(
                &format!("/api/work-items/{}", created.number),
                &json!({"description": "Matrix case", "assignee_id": self.id(Owner),
                    "team": [self.id(TeamChange)], "team_read": [self.id(TeamRead)],
                    "version": created.version}),
            )
            .await
            .json_with(StatusCode::OK)
            .await
    }

    async fn work_order_workflow(&self) -> Workflow {
        self.admin
            .get("/api/workflows")
            .await
            .json_with::<Vec<Workflow>>(StatusCode::OK)
            .await
            .into_iter()
            .find(|w| w.key == "work-order")
            .expect("the work order workflow")
    }

    async fn current_contact(&self) -> ContactView {
        self.admin
            .get(&format!("/api/contacts/{}", self.contact.id))
            .await
            .json_with(StatusCode::OK)
            .await
    }

    async fn current_item(&self, number: u64) -> WorkItemView {
        self.admin
            .get(&format!("/api/work-items/{number}"))
            .await
            .json_with(StatusCode::OK)
            .await
    }
}

async fn office() -> Office {
    let app = spawn_app().await;
    let (admin, admin_view) = app.admin().await;
    let mut users = Vec::new();
    for who in EVERYONE {
        if who == Admin {
            continue;
        }
        let (browser, view) = app.user(&admin, &who.email(), who.role()).await;
        users.push((who, browser, view));
    }
    let admin_browser = app.browser();
    admin_browser
        .sign_in(&admin_view.email.to_string(), PASSWORD)
        .await
        .assert_status(StatusCode::OK)
        .await;
    users.push((Admin, admin_browser, admin_view));
    let id = |who: Who| {
        users
            .iter()
            .find(|(w, _, _)| *w == who)
            .map(|(_, _, v)| v.id.clone())
            .expect("user")
    };
    let private = json!({"contacts": "private", "work_items": "private", "work_orders": "private"});
    set_sharing(&admin, private).await;
    let chart = json!({
        "departments": [{"key": "sales", "name": "Sales", "head": id(DeptHead)}],
        "placements": [
            {"user": id(Owner), "department": "sales", "reports_to": id(Superior)},
            {"user": id(Subordinate), "reports_to": id(Owner)},
        ],
        "sharing_rules": [
            {"key": "to-read", "name": "Owner's records, to read",
                "source": {"kind": "user", "id": id(Owner)},
                "target": {"kind": "user", "id": id(ShareeRead)}, "level": "read"},
            {"key": "to-change", "name": "Owner's records, to change",
                "source": {"kind": "user", "id": id(Owner)},
                "target": {"kind": "user", "id": id(ShareeChange)}, "level": "change"},
        ],
        "version": 0,
    });
    admin
        .put("/api/org", &chart)
        .await
        .assert_status(StatusCode::OK)
        .await;
    let owner = &users.iter().find(|(w, _, _)| *w == Owner).expect("owner").1;
    let contact = owner
        .create_contact(contact_body("Matrix Client", "matrix@example.com"))
        .await;
    let contact: ContactView = owner
        .put(
            &format!("/api/contacts/{}/team", contact.id),
            &json!({"team": [{"user": id(TeamRead), "level": "read"},
                {"user": id(TeamChange), "level": "change"}], "version": contact.version}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    let account: AccountView = owner
        .post("/api/accounts", &json!({"name": "Matrix Industries"}))
        .await
        .json_with(StatusCode::CREATED)
        .await;
    let account: AccountView = owner
        .put(
            &format!("/api/accounts/{}/team", account.id),
            &json!({"team": [{"user": id(TeamRead), "level": "read"},
                {"user": id(TeamChange), "level": "change"}], "version": account.version}),
        )
        .await
        .json_with(StatusCode::OK)
        .await;
    let mut office = Office {
        app,
        admin,
        users,
        contact,
        account,
        item: placeholder(),
        order: placeholder(),
    };
    office.item = office.fresh_item("support-ticket").await;
    office.order = office.fresh_item("work-order").await;
    office
}

/// Stands in until the office's items are made.
fn placeholder() -> WorkItemView {
    serde_json::from_value(json!({"number": 0, "type_key": "", "contact_id": "",
        "description": "", "status": "", "priority": "Normal", "assignee_id": "",
        "created_by": "", "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z", "version": 0}))
    .expect("a work item")
}

/// Asks operation `op` as `who`, with a request that only authorization can refuse.
async fn ask(o: &Office, op: &str, who: Who) -> Response {
    let (_, me, my_view) = o.user(who);
    let contact = &o.contact.id;
    let account = &o.account.id;
    let item = o.item.number;
    match op {
        "GET /api/health"
        | "GET /api/openapi.json"
        | "GET /api/me"
        | "GET /api/team"
        | "GET /api/users"
        | "GET /api/sharing"
        | "GET /api/org"
        | "GET /api/org/reindex"
        | "GET /api/contacts"
        | "GET /api/workflows"
        | "GET /api/work-item-types"
        | "GET /api/my/work-items"
        | "GET /api/work-orders"
        | "GET /api/accounts"
        | "GET /api/settings/service"
        | "GET /api/inbox"
        | "GET /api/inbox/unread-count"
        | "GET /api/outbox" => me.get(path_of(op)).await,
        "POST /api/session" => me.sign_in(&my_view.email.to_string(), PASSWORD).await,
        "DELETE /api/session" => {
            let response = me
                .client
                .delete(me.url("/api/session"))
                .send()
                .await
                .expect("request sent");
            me.sign_in(&my_view.email.to_string(), PASSWORD)
                .await
                .assert_status(StatusCode::OK)
                .await;
            response
        }
        "PUT /api/me/availability" => {
            me.put("/api/me/availability", &json!({"availability": "Busy"}))
                .await
        }
        "POST /api/users" => {
            let body = json!({"email": "new.user@example.com", "name": "New User",
                "role": "Rep", "password": PASSWORD});
            me.post("/api/users", &body).await
        }
        "GET /api/users/{id}" => me.get(&format!("/api/users/{}", o.id(Unrelated))).await,
        "PUT /api/users/{id}" => {
            let (_, _, view) = o.user(Unrelated);
            let current: UserView = o
                .admin
                .get(&format!("/api/users/{}", view.id))
                .await
                .json_with(StatusCode::OK)
                .await;
            let body = json!({"name": current.name, "role": "Rep", "disabled": false,
                "version": current.version});
            me.put(&format!("/api/users/{}", view.id), &body).await
        }
        "PUT /api/sharing" => {
            let now: SharingSettings = o
                .admin
                .get("/api/sharing")
                .await
                .json_with(StatusCode::OK)
                .await;
            me.put("/api/sharing", &now).await
        }
        "PUT /api/org" => {
            let now: OrgChart = o
                .admin
                .get("/api/org")
                .await
                .json_with(StatusCode::OK)
                .await;
            me.put("/api/org", &now).await
        }
        "POST /api/contacts" => {
            let email = format!("new.{}@example.com", who.email().replace('@', "."));
            me.post("/api/contacts", &contact_body("New Client", &email))
                .await
        }
        "GET /api/contacts/search" => me.get("/api/contacts/search?q=matrix").await,
        "GET /api/contacts/{id}" => me.get(&format!("/api/contacts/{contact}")).await,
        "POST /api/work-orders" => {
            let body = json!({"contact_id": contact, "description": "From the matrix"});
            me.post("/api/work-orders", &body).await
        }
        "POST /api/accounts" => {
            me.post("/api/accounts", &json!({"name": "Another Company"}))
                .await
        }
        "GET /api/accounts/search" => me.get("/api/accounts/search?q=matrix").await,
        "GET /api/accounts/{id}" => me.get(&format!("/api/accounts/{account}")).await,
        "PUT /api/accounts/{id}" => {
            let now: AccountView = o
                .admin
                .get(&format!("/api/accounts/{account}"))
                .await
                .json_with(StatusCode::OK)
                .await;
            let body = json!({"name": "Matrix Industries", "owner_id": now.owner_id,
                "version": now.version});
            me.put(&format!("/api/accounts/{account}"), &body).await
        }
        "PUT /api/accounts/{id}/team" => {
            let now: AccountView = o
                .admin
                .get(&format!("/api/accounts/{account}"))
                .await
                .json_with(StatusCode::OK)
                .await;
            let body = json!({"team": now.team, "version": now.version});
            me.put(&format!("/api/accounts/{account}/team"), &body)
                .await
        }
        "GET /api/accounts/{id}/contacts" => {
            me.get(&format!("/api/accounts/{account}/contacts")).await
        }
        "GET /api/accounts/{id}/work-orders" => {
            me.get(&format!("/api/accounts/{account}/work-orders"))
                .await
        }
        "GET /api/contacts/{id}/tickets" => {
            me.get(&format!("/api/contacts/{contact}/tickets")).await
        }
        "PUT /api/contacts/{id}/account" => {
            let now = o.current_contact().await;
            let body = json!({"account_id": account, "version": now.version});
            me.put(&format!("/api/contacts/{contact}/account"), &body)
                .await
        }
        "PUT /api/settings/service" => {
            let now: ServiceSettings = o
                .admin
                .get("/api/settings/service")
                .await
                .json_with(StatusCode::OK)
                .await;
            me.put(
                "/api/settings/service",
                &json!({"staff_query": "fuzzy", "version": now.version}),
            )
            .await
        }
        "PUT /api/contacts/{id}" => {
            let now = o.current_contact().await;
            let body = json!({"name": "Matrix Client", "kind": "Customer",
                "emails": now.emails, "phones": now.phones, "version": now.version});
            me.put(&format!("/api/contacts/{contact}"), &body).await
        }
        "PUT /api/contacts/{id}/team" => {
            let now = o.current_contact().await;
            let body = json!({"team": now.team, "version": now.version});
            me.put(&format!("/api/contacts/{contact}/team"), &body)
                .await
        }
        "GET /api/contacts/{id}/viewers" => {
            me.get(&format!("/api/contacts/{contact}/viewers")).await
        }
        "GET /api/contacts/{id}/viewers/{user_id}" => {
            me.get(&format!("/api/contacts/{contact}/viewers/{}", my_view.id))
                .await
        }
        "GET /api/contacts/{id}/work-items" => {
            me.get(&format!("/api/contacts/{contact}/work-items")).await
        }
        "POST /api/contacts/{id}/work-items" => {
            let body = json!({"type_key": "support-ticket", "description": "New request"});
            me.post(&format!("/api/contacts/{contact}/work-items"), &body)
                .await
        }
        "GET /api/contacts/{id}/interactions" => {
            me.get(&format!("/api/contacts/{contact}/interactions"))
                .await
        }
        "POST /api/contacts/{id}/emails" => {
            let body = json!({"subject": "Hello", "body": "About your order"});
            me.post(&format!("/api/contacts/{contact}/emails"), &body)
                .await
        }
        "POST /api/contacts/{id}/sms" => {
            let body = json!({"body": "On my way"});
            me.post(&format!("/api/contacts/{contact}/sms"), &body)
                .await
        }
        "POST /api/contacts/{id}/calls" => {
            let body = json!({"direction": "Outbound", "outcome": "Answered",
                "duration_seconds": 60});
            me.post(&format!("/api/contacts/{contact}/calls"), &body)
                .await
        }
        "POST /api/contacts/{id}/notes" => {
            let body = json!({"body": "Called twice"});
            me.post(&format!("/api/contacts/{contact}/notes"), &body)
                .await
        }
        "POST /api/contacts/{id}/reminders" => {
            let body = json!({"remind_at": "2030-01-01T09:00:00Z", "body": "Call back"});
            me.post(&format!("/api/contacts/{contact}/reminders"), &body)
                .await
        }
        "POST /api/interactions/{id}/retry" => {
            // A failed email the owner sent, for each asker.
            let (_, owner, _) = o.user(Owner);
            o.app.messaging.fail_with("the provider is down");
            let failed: InteractionView = owner
                .post(
                    &format!("/api/contacts/{contact}/emails"),
                    &json!({"subject": "Hello", "body": "Again"}),
                )
                .await
                .json_with(StatusCode::CREATED)
                .await;
            o.app.messaging.recover();
            me.post(
                &format!("/api/interactions/{}/retry", failed.id),
                &json!({}),
            )
            .await
        }
        "POST /api/interactions/{id}/attach" => {
            let (_, owner, _) = o.user(Owner);
            let note: InteractionView = owner
                .post(
                    &format!("/api/contacts/{contact}/notes"),
                    &json!({"body": "To attach"}),
                )
                .await
                .json_with(StatusCode::CREATED)
                .await;
            me.post(
                &format!("/api/interactions/{}/attach", note.id),
                &json!({"work_item": item}),
            )
            .await
        }
        "POST /api/workflows" => {
            let mut workflow = o.work_order_workflow().await;
            workflow.key = "matrix-flow".into();
            workflow.name = "Matrix flow".into();
            me.post("/api/workflows", &workflow).await
        }
        "PUT /api/workflows/{key}" => {
            let workflow = o.work_order_workflow().await;
            me.put("/api/workflows/work-order", &workflow).await
        }
        "POST /api/work-item-types" => {
            let body = json!({"name": "Matrix Claim", "explanation": "x", "priority": "High",
                "workflow": "work-order", "active": true, "manual": true});
            me.post("/api/work-item-types", &body).await
        }
        "PUT /api/work-item-types/{key}" => {
            let types: Vec<Value> = o
                .admin
                .get("/api/work-item-types")
                .await
                .json_with(StatusCode::OK)
                .await;
            let mut body = types
                .into_iter()
                .find(|t| t["key"] == "support-ticket")
                .expect("the support ticket type");
            for field in ["key", "category"] {
                body.as_object_mut().map(|b| b.remove(field));
            }
            me.put("/api/work-item-types/support-ticket", &body).await
        }
        "GET /api/work-items/{number}" => me.get(&format!("/api/work-items/{item}")).await,
        "PUT /api/work-items/{number}" => {
            let now = o.current_item(item).await;
            let body = json!({"description": "Matrix case", "assignee_id": now.assignee_id,
                "team": now.team, "team_read": now.team_read, "callback_at": "2030-01-01T09:00:00Z",
                "version": now.version});
            me.put(&format!("/api/work-items/{item}"), &body).await
        }
        "GET /api/work-items/{number}/note" => {
            me.get(&format!("/api/work-items/{item}/note")).await
        }
        "PUT /api/work-items/{number}/note" => {
            me.put(
                &format!("/api/work-items/{item}/note"),
                &json!({"note": "Checked"}),
            )
            .await
        }
        "POST /api/work-items/{number}/lock" => {
            let now = o.current_item(o.order.number).await;
            me.post(
                &format!("/api/work-items/{}/lock", now.number),
                &json!({"locked": !now.locked, "version": now.version}),
            )
            .await
        }
        "POST /api/work-items/{number}/owner" => {
            let now = o.current_item(o.order.number).await;
            me.post(
                &format!("/api/work-items/{}/owner", now.number),
                &json!({"owner_id": o.id(Owner), "version": now.version}),
            )
            .await
        }
        "POST /api/work-items/{number}/priority" => {
            // A fresh order: the office's may be locked by the lock's row.
            let fresh = o.fresh_item("work-order").await;
            me.post(
                &format!("/api/work-items/{}/priority", fresh.number),
                &json!({"priority": "Urgent", "version": fresh.version}),
            )
            .await
        }
        "POST /api/work-orders/owner" => {
            me.post(
                "/api/work-orders/owner",
                &json!({"numbers": [o.order.number], "owner_id": o.id(Owner)}),
            )
            .await
        }
        "POST /api/work-items/{number}/status" => {
            let fresh = o.fresh_item("support-ticket").await;
            me.post(
                &format!("/api/work-items/{}/status", fresh.number),
                &json!({"to": "IN_PROGRESS", "version": fresh.version}),
            )
            .await
        }
        "POST /api/work-items/{number}/merge" => {
            let duplicate = o.fresh_item("support-ticket").await;
            let survivor = o.fresh_item("support-ticket").await;
            me.post(
                &format!("/api/work-items/{}/merge", duplicate.number),
                &json!({"into": survivor.number, "version": duplicate.version}),
            )
            .await
        }
        "GET /api/work-items/{number}/history" => {
            me.get(&format!("/api/work-items/{item}/history")).await
        }
        "GET /api/work-items/{number}/interactions" => {
            me.get(&format!("/api/work-items/{item}/interactions"))
                .await
        }
        "GET /api/work-items/{number}/viewers" => {
            me.get(&format!("/api/work-items/{item}/viewers")).await
        }
        "GET /api/work-items/{number}/viewers/{user_id}" => {
            me.get(&format!("/api/work-items/{item}/viewers/{}", my_view.id))
                .await
        }
        "GET /api/work-items/{number}/origin" => {
            me.get(&format!("/api/work-items/{item}/origin")).await
        }
        "POST /api/work-items/{number}/reference/sync" => {
            me.post(
                &format!("/api/work-items/{item}/reference/sync"),
                &json!({}),
            )
            .await
        }
        "GET /api/imports" | "GET /api/imports/{source}/runs" => {
            me.get(&path_of(op).replace("{source}", "body-type-quiz"))
                .await
        }
        "PUT /api/imports/{source}/connection" => {
            let body = json!({"base_url": "https://www.example.com/feed", "auth": "bearer",
                "token": "a-token"});
            me.put("/api/imports/faq-requests/connection", &body).await
        }
        "PUT /api/imports/{source}/paused" => {
            me.put(
                "/api/imports/health-evaluation-quiz/paused",
                &json!({"paused": false}),
            )
            .await
        }
        "POST /api/imports/{source}/runs" => {
            me.post("/api/imports/body-type-quiz/runs", &json!({}))
                .await
        }
        "GET /api/imports/{source}/runs/{run_id}" => {
            me.get("/api/imports/body-type-quiz/runs/no-such-run").await
        }
        "POST /api/imports/{source}/records/{external_id}/retry" => {
            me.post(
                "/api/imports/body-type-quiz/records/btq-1/retry",
                &json!({}),
            )
            .await
        }
        "GET /api/calls" => me.get("/api/calls").await,
        "POST /api/calls" => {
            me.post(
                "/api/calls",
                &json!({"to": "+1 555 010 9999", "contact_id": contact}),
            )
            .await
        }
        "PUT /api/calls/{id}"
        | "POST /api/calls/{id}/end"
        | "POST /api/calls/{id}/close"
        | "POST /api/calls/{id}/lead"
        | "POST /api/calls/{id}/work-items" => {
            let (_, owner, _) = o.user(Owner);
            let call: Value = owner
                .post(
                    "/api/calls",
                    &json!({"to": "+1 555 010 9999", "contact_id": contact}),
                )
                .await
                .json_with(StatusCode::CREATED)
                .await;
            let path = path_of(op).replace("{id}", call["id"].as_str().unwrap_or_default());
            match op {
                "PUT /api/calls/{id}" => {
                    me.put(&path, &json!({"note": "Talked", "order_id": "000000100"}))
                        .await
                }
                "POST /api/calls/{id}/close" => {
                    owner
                        .post(&path.replace("/close", "/end"), &json!({}))
                        .await
                        .assert_status(StatusCode::OK)
                        .await;
                    me.post(&path, &json!({})).await
                }
                "POST /api/calls/{id}/lead" => me.post(&path, &json!({"name": "Lee Lead"})).await,
                "POST /api/calls/{id}/work-items" => {
                    me.post(
                        &path,
                        &json!({"type_key": "support-ticket", "description": "From the call"}),
                    )
                    .await
                }
                _ => me.post(&path, &json!({})).await,
            }
        }
        "POST /api/interactions/{id}/work-items" => {
            let (_, owner, _) = o.user(Owner);
            let note: InteractionView = owner
                .post(
                    &format!("/api/contacts/{contact}/notes"),
                    &json!({"body": "Wants a ticket"}),
                )
                .await
                .json_with(StatusCode::CREATED)
                .await;
            me.post(
                &format!("/api/interactions/{}/work-items", note.id),
                &json!({"type_key": "support-ticket"}),
            )
            .await
        }
        "GET /api/shop/settings" => me.get("/api/shop/settings").await,
        "PUT /api/shop/settings" => {
            let now: Value = o
                .admin
                .get("/api/shop/settings")
                .await
                .json_with(StatusCode::OK)
                .await;
            me.put("/api/shop/settings", &now).await
        }
        "POST /api/shop/sync" | "POST /api/shop/validation" => {
            me.post(path_of(op), &json!({})).await
        }
        "GET /api/contacts/{id}/shop" | "GET /api/contacts/{id}/orders" => {
            me.get(&path_of(op).replace("{id}", contact.as_str())).await
        }
        "POST /api/contacts/{id}/shop/sync" => {
            me.post(&format!("/api/contacts/{contact}/shop/sync"), &json!({}))
                .await
        }
        "PUT /api/interactions/{id}/linked-order" => {
            let (_, owner, _) = o.user(Owner);
            let call: InteractionView = owner
                .post(
                    &format!("/api/contacts/{contact}/calls"),
                    &json!({"direction": "Outbound", "outcome": "Answered",
                        "duration_seconds": 60, "order_id": "000000100"}),
                )
                .await
                .json_with(StatusCode::CREATED)
                .await;
            me.put(
                &format!("/api/interactions/{}/linked-order", call.id),
                &json!({"order_id": "000000101"}),
            )
            .await
        }
        "GET /api/reports/linked-orders" | "GET /api/reports/linked-orders.csv" => {
            me.get(&format!("{}?from=2026-01-01&to=2026-01-31", path_of(op)))
                .await
        }
        "GET /api/routing/{type_key}" => me.get("/api/routing/body-type-quiz").await,
        "PUT /api/routing/{type_key}" => {
            let now: Value = o
                .admin
                .get("/api/routing/faq-request")
                .await
                .json_with(StatusCode::OK)
                .await;
            me.put("/api/routing/faq-request", &now).await
        }
        "PUT /api/inbox/{entry_id}/read" => {
            let (_, owner, _) = o.user(Owner);
            let entries: Page<InboxEntry> = owner
                .get("/api/inbox?section=read")
                .await
                .json_with(StatusCode::OK)
                .await;
            let mut unread: Page<InboxEntry> = owner
                .get("/api/inbox")
                .await
                .json_with(StatusCode::OK)
                .await;
            unread.items.extend(entries.items);
            let entry = unread.items.first().expect("an entry in the owner's inbox");
            me.put(
                &format!("/api/inbox/{}/read", entry.id),
                &json!({"read": true}),
            )
            .await
        }
        "POST /api/webhooks/sms"
        | "POST /api/webhooks/calls"
        | "POST /api/webhooks/connect"
        | "POST /api/webhooks/ses" => {
            me.post_raw(path_of(op), "application/json", &[], "{}")
                .await
        }
        other => panic!("the matrix has a row for {other} but does not know how to ask it"),
    }
}

fn path_of(op: &str) -> &str {
    op.split_once(' ').map_or(op, |(_, path)| path)
}

#[tokio::test]
async fn every_operation_answers_each_relation_as_the_table_says() {
    let o = office().await;
    // Every operation of the document has a row; every row is an operation.
    let doc: Value = o
        .admin
        .get("/api/openapi.json")
        .await
        .json_with(StatusCode::OK)
        .await;
    let mut documented = BTreeSet::new();
    for (path, methods) in doc["paths"].as_object().expect("paths") {
        for method in methods.as_object().expect("methods").keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let tabled: BTreeSet<String> = TABLE.iter().map(|(op, _)| op.to_string()).collect();
    // The document does not list itself.
    documented.insert("GET /api/openapi.json".to_string());
    let missing: Vec<_> = documented.difference(&tabled).collect();
    let stale: Vec<_> = tabled.difference(&documented).collect();
    assert!(missing.is_empty(), "operations with no row: {missing:?}");
    assert!(stale.is_empty(), "rows of no operation: {stale:?}");

    let mut wrong = Vec::new();
    for (op, rule) in TABLE {
        for who in EVERYONE {
            let want = expected(*rule, who);
            let response = ask(&o, op, who).await;
            let got = response.status().as_u16();
            if got != want {
                let body = response.text().await.unwrap_or_default();
                wrong.push(format!("{op} as {who:?}: {got}, not {want} ({body})"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} answers differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
