//! The panel itself: the shop accounts linked to the contact (by email), the order count,
//! lifetime value and last order, Sync with Magento with when it last ran, and the orders.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, ShopAccount, ShopStatus, Timestamp, format_money};

use super::orders::OrdersList;
use crate::{
    api::{self, ApiError},
    components::{
        status::{ErrorNotice, Loading, LocalTime, load_failed},
        work_item::reference::web_link,
    },
    state::use_session,
};

/// A sync this recent is "just now".
const JUST_NOW_MS: i64 = 60_000;

#[component]
pub fn StatusMarketingPanel(contact: ContactId) -> impl IntoView {
    let shown = RwSignal::new(None::<Result<ShopStatus, ApiError>>);
    let load = {
        let contact = contact.clone();
        move || {
            let contact = contact.clone();
            shown.set(None);
            spawn_local(async move {
                let answer = api::shop::status(contact).await;
                let _ = shown.try_set(Some(answer));
            });
        }
    };
    load();
    // Reloads the orders after a sync.
    let revision = RwSignal::new(0_u32);
    let syncing = RwSignal::new(false);
    let sync_failed = RwSignal::new(None::<ApiError>);
    let sync = {
        let contact = contact.clone();
        move |_| {
            if syncing.get_untracked() {
                return;
            }
            syncing.set(true);
            sync_failed.set(None);
            let contact = contact.clone();
            spawn_local(async move {
                match api::shop::sync_contact(contact).await {
                    Ok(status) => {
                        let _ = shown.try_set(Some(Ok(status)));
                        revision.update(|n| *n += 1);
                    }
                    Err(error) => {
                        let _ = sync_failed.try_set(Some(error));
                    }
                }
                let _ = syncing.try_set(false);
            });
        }
    };
    let connected = move || shown.with(|s| matches!(s, Some(Ok(status)) if status.shop_connected));
    let synced = move || {
        shown.with(|s| match s {
            Some(Ok(status)) => Some(synced_text(status.synced_at)),
            _ => None,
        })
    };
    let body = move || {
        shown.get().map(|answer| match answer {
            Ok(status) => view! { <StatusBody status/> }.into_any(),
            Err(error) => load_failed(error, load.clone()),
        })
    };
    let orders_contact = contact.clone();
    view! {
        <section class="card" data-testid="status-marketing" aria-labelledby="status-marketing-title">
            <div class="import-head">
                <h2 id="status-marketing-title">"Status & Marketing"</h2>
                <Show when=connected>
                    <div class="cart-sync push-right">
                        <span class="muted small" data-testid="shop-synced" role="status">{synced}</span>
                        <button
                            type="button"
                            class="button button-small"
                            data-testid="shop-sync"
                            disabled=move || syncing.get()
                            on:click=sync.clone()
                        >
                            {move || if syncing.get() { "Syncing…" } else { "Sync with Magento" }}
                        </button>
                    </div>
                </Show>
            </div>
            {move || sync_failed.get().map(sync_error)}
            {move || if shown.with(Option::is_none) {
                Some(view! { <Loading label="Loading the shop's figures…"/> })
            } else {
                None
            }}
            {body}
            <Show when=move || shown.with(|s| matches!(s, Some(Ok(status)) if status.orders_count > 0))>
                <OrdersList contact=orders_contact.clone() revision/>
            </Show>
        </section>
    }
}

/// "Synced just now", "Last synced <time>" or "Not synced yet".
fn synced_text(at: Option<Timestamp>) -> AnyView {
    match at {
        // The browser's clock: jiff reads none on wasm32-unknown-unknown.
        Some(ts) if js_sys::Date::now() as i64 - ts.as_millisecond() < JUST_NOW_MS => {
            view! { <span title=crate::format::local_date_time_long(&ts)>"Synced just now"</span> }
                .into_any()
        }
        Some(ts) => view! { "Last synced " <LocalTime ts/> }.into_any(),
        None => "Not synced yet".into_any(),
    }
}

/// Why Sync with Magento did not go through, in words.
fn sync_error(error: ApiError) -> AnyView {
    let title = match error.status() {
        Some(409) => "No shop to sync with",
        Some(502) => "The shop did not answer",
        _ => return view! { <ErrorNotice error/> }.into_any(),
    };
    view! {
        <div class="alert alert-error" role="alert" data-testid="shop-sync-error">
            <strong>{title}</strong>
            <p>{error.message()}</p>
        </div>
    }
    .into_any()
}

#[component]
fn StatusBody(status: ShopStatus) -> AnyView {
    let session = use_session();
    let not_connected = (!status.shop_connected).then(|| {
        let where_to = if session.is_admin() {
            view! { " Connect it on " <a href="/admin/imports">"Admin → Imports"</a> " (Abandoned Shopping Carts)." }
                .into_any()
        } else {
            " An admin can connect it on Admin → Imports.".into_any()
        };
        view! {
            <p class="alert alert-warning" data-testid="shop-not-connected">
                "No shop is connected, so Worklane cannot show this contact's orders." {where_to}
            </p>
        }
    });
    if status.accounts.is_empty() && status.orders_count == 0 {
        return view! {
            {not_connected}
            <p class="muted" data-testid="shop-nothing">
                "No shop account and no orders with this contact's email."
            </p>
        }
        .into_any();
    }
    let last_order = match status.last_order_at {
        Some(ts) => view! { <LocalTime ts/> }.into_any(),
        None => "No orders yet".into_any(),
    };
    view! {
        {not_connected}
        <dl class="facts facts-grid" data-testid="shop-facts">
            <div>
                <dt>"Shop accounts"</dt>
                <dd>{accounts(status.accounts)}</dd>
            </div>
            <div>
                <dt>"Orders"</dt>
                <dd data-testid="shop-orders-count">{status.orders_count}</dd>
            </div>
            <div>
                <dt>"Lifetime value"</dt>
                <dd data-testid="shop-lifetime">{format_money(status.lifetime_cents, &status.currency)}</dd>
            </div>
            <div>
                <dt>"Last order"</dt>
                <dd data-testid="shop-last-order">{last_order}</dd>
            </div>
        </dl>
    }
    .into_any()
}

fn accounts(accounts: Vec<ShopAccount>) -> AnyView {
    if accounts.is_empty() {
        return view! {
            <p class="muted" data-testid="shop-no-account">"No shop account with this contact's email"</p>
        }
        .into_any();
    }
    view! {
        <ul class="plain-list" data-testid="shop-accounts">
            {accounts
                .into_iter()
                .map(|account| {
                    let link = web_link(account.admin_url.as_deref()).map(|href| {
                        view! {
                            " · "
                            <a href=href target="_blank" rel="noopener noreferrer" data-testid="shop-account-link">
                                "Open in Magento"
                            </a>
                        }
                    });
                    view! {
                        <li data-testid="shop-account">
                            <strong>{account.name}</strong>
                            <br/>
                            <span class="small">{account.email}</span>
                            {link}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
