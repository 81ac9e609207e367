//! Worklane's browser app: a Leptos client-side-rendered single-page app.
//!
//! `main.rs` only mounts [`App`]. Each route is one module under `pages/`; shared pieces are
//! under `components/`; every HTTP call goes through `api.rs`.

pub mod api;
pub mod catalog;
pub mod components;
pub mod format;
pub mod json;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    components::shell::{Shell, UnauthorizedRedirect},
    pages::{
        admin_users::AdminUsers,
        admin_work_item_types::AdminWorkItemTypes,
        admin_workflows::AdminWorkflows,
        contact_detail::{ContactDetail, ContactDetailsTab},
        contact_edit::ContactEdit,
        contact_interactions::ContactInteractions,
        contact_new::ContactNew,
        contact_work_items::ContactWorkItems,
        contacts::Contacts,
        inbox::Inbox,
        my_work_items::MyWorkItems,
        not_found::NotFound,
        outbox::Outbox,
        signin::SignIn,
    },
};

#[component]
pub fn App() -> impl IntoView {
    state::provide_session();
    view! {
        <Router>
            <UnauthorizedRedirect/>
            <Routes fallback=NotFound>
                <Route path=path!("/signin") view=SignIn/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/contacts"/> }/>
                    <Route path=path!("/contacts") view=Contacts/>
                    <Route path=path!("/contacts/new") view=ContactNew/>
                    <Route path=path!("/contacts/:id/edit") view=ContactEdit/>
                    <ParentRoute path=path!("/contacts/:id") view=ContactDetail>
                        <Route path=path!("") view=ContactDetailsTab/>
                        <Route path=path!("/interactions") view=ContactInteractions/>
                        <Route path=path!("/work-items/:number?") view=ContactWorkItems/>
                    </ParentRoute>
                    <Route path=path!("/my/work-items") view=MyWorkItems/>
                    <Route path=path!("/inbox") view=Inbox/>
                    <Route path=path!("/outbox") view=Outbox/>
                    <Route path=path!("/admin/users") view=AdminUsers/>
                    <Route path=path!("/admin/work-item-types") view=AdminWorkItemTypes/>
                    <Route path=path!("/admin/workflows") view=AdminWorkflows/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
