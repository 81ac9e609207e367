//! `/admin/shop`: the Magento shop's settings — where links into its admin point and how an
//! order names the advisor who placed it — and Run now of its hourly sync and of the nightly
//! check of the orders linked to calls. Its address and credentials are the Abandoned Shopping
//! Carts import's connection, on Admin → Imports.
//!
//! Admins change and run everything; managers see the settings, without the controls.

mod runs;
mod settings;

use leptos::prelude::*;

use crate::{
    api,
    components::{
        admin_only::AdminOnly,
        status::{Loading, load_failed},
    },
    state::use_session,
};
use runs::RunNow;
use settings::{SettingsForm, SettingsSummary};

#[component]
pub fn AdminShop() -> impl IntoView {
    let session = use_session();
    move || {
        if session.supervises() {
            view! { <ShopAdmin/> }.into_any()
        } else {
            view! {
                <AdminOnly title="Shop" what="manage the shop">
                    <ShopAdmin/>
                </AdminOnly>
            }
            .into_any()
        }
    }
}

#[component]
fn ShopAdmin() -> impl IntoView {
    let session = use_session();
    let loaded = LocalResource::new(api::shop::settings);
    let settings = move || {
        loaded.get().map(|result| match result {
            Ok(settings) if session.is_admin() => view! { <SettingsForm settings/> }.into_any(),
            Ok(settings) => view! { <SettingsSummary settings/> }.into_any(),
            Err(error) => load_failed(error, move || loaded.refetch()),
        })
    };
    view! {
        <div class="page" data-testid="shop-page">
            <div class="page-header">
                <h1>"Shop"</h1>
            </div>
            <p class="muted">
                "The Magento shop: where links to its orders and customers point, and how an order "
                "names the advisor who placed it. Its address and credentials are the Abandoned "
                "Shopping Carts import's connection, on " <a href="/admin/imports">"Imports"</a> ". "
                "Customers and orders sync every hour; every night, after the sync, the order ids "
                "linked to calls are checked."
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the shop settings…"/> }>
                {settings}
            </Transition>
            <Show when=move || session.is_admin()>
                <RunNow/>
            </Show>
        </div>
    }
}
