//! Worklane's browser app: a Leptos client-side-rendered single-page app.
//!
//! `main.rs` only mounts [`App`]. Each route is one module under `pages/`; shared pieces are
//! under `components/`; every HTTP call goes through `api.rs`.

// The app runs on wasm32, where pointers are 4 bytes and these sizes are under the lints'
// limits; on the host only its unit tests run.
#![cfg_attr(
    not(target_arch = "wasm32"),
    allow(clippy::result_large_err, clippy::large_enum_variant)
)]

pub mod api;
pub mod catalog;
pub mod components;
pub mod format;
pub mod json;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::{
    Lazy,
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    components::shell::{Shell, UnauthorizedRedirect},
    pages::{
        AccountsRoute, AdminImportsRoute, AdminOrgRoute, AdminSharingRoute, AdminShopRoute,
        AdminUsersRoute, AdminWorkItemTypesRoute, AdminWorkflowsRoute, ContactDetailRoute,
        ContactDetailsTabRoute, ContactEditRoute, ContactInteractionsRoute, ContactNewRoute,
        ContactTicketsRoute, ContactWorkItemsRoute, ContactsRoute, LinkedOrdersRoute,
        MyWorkItemsRoute, OutboxRoute, WorkOrdersRoute, inbox::Inbox, not_found::NotFound,
        signin::SignIn,
    },
};

#[component]
pub fn App() -> impl IntoView {
    state::provide_session();
    let (routing, set_routing) = signal(false);
    provide_context(state::Routing(routing));
    view! {
        <Router set_is_routing=set_routing>
            <UnauthorizedRedirect/>
            <Routes fallback=NotFound>
                <Route path=path!("/signin") view=SignIn/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/inbox"/> }/>
                    <Route path=path!("/contacts") view={Lazy::<ContactsRoute>::new()}/>
                    <Route path=path!("/contacts/new") view={Lazy::<ContactNewRoute>::new()}/>
                    <Route path=path!("/contacts/:id/edit") view={Lazy::<ContactEditRoute>::new()}/>
                    <ParentRoute path=path!("/contacts/:id") view={Lazy::<ContactDetailRoute>::new()}>
                        <Route path=path!("") view={Lazy::<ContactDetailsTabRoute>::new()}/>
                        <Route path=path!("/interactions") view={Lazy::<ContactInteractionsRoute>::new()}/>
                        <Route path=path!("/work-items/:number?") view={Lazy::<ContactWorkItemsRoute>::new()}/>
                        <Route path=path!("/tickets") view={Lazy::<ContactTicketsRoute>::new()}/>
                    </ParentRoute>
                    <Route path=path!("/my/work-items") view={Lazy::<MyWorkItemsRoute>::new()}/>
                    <Route path=path!("/work-orders/:number?") view={Lazy::<WorkOrdersRoute>::new()}/>
                    <Route path=path!("/accounts/:id?/:tab?") view={Lazy::<AccountsRoute>::new()}/>
                    <Route path=path!("/inbox") view=Inbox/>
                    <Route path=path!("/outbox") view={Lazy::<OutboxRoute>::new()}/>
                    <Route path=path!("/admin/users") view={Lazy::<AdminUsersRoute>::new()}/>
                    <Route path=path!("/admin/sharing") view={Lazy::<AdminSharingRoute>::new()}/>
                    <Route path=path!("/admin/org") view={Lazy::<AdminOrgRoute>::new()}/>
                    <Route path=path!("/admin/work-item-types") view={Lazy::<AdminWorkItemTypesRoute>::new()}/>
                    <Route path=path!("/admin/workflows") view={Lazy::<AdminWorkflowsRoute>::new()}/>
                    <Route path=path!("/admin/imports") view={Lazy::<AdminImportsRoute>::new()}/>
                    <Route path=path!("/admin/shop") view={Lazy::<AdminShopRoute>::new()}/>
                    <Route path=path!("/reports/linked-orders") view={Lazy::<LinkedOrdersRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
