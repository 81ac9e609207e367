//! The contact's orders, newest first: number (opening the order in Magento), date, status and
//! total, a page at a time with "More orders". On a phone the list starts folded.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, format_money};

use crate::{
    api::{self, ApiError, shop::OrderRow},
    components::{
        status::{ErrorNotice, Loading, LocalTime},
        work_item::reference::web_link,
    },
};

/// Narrower than this, the list starts folded (the stylesheet's phone layout starts there).
const PHONE_WIDTH: f64 = 760.0;

fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w > PHONE_WIDTH)
}

/// The orders loaded so far, and where the next page starts.
#[derive(Clone, Default)]
struct Loaded {
    orders: Vec<OrderRow>,
    next: Option<String>,
}

#[component]
pub fn OrdersList(
    contact: ContactId,
    /// Changes after each sync: the first page is loaded again.
    revision: RwSignal<u32>,
) -> impl IntoView {
    let open = RwSignal::new(wide_screen());
    // None while the first page loads.
    let loaded = RwSignal::new(None::<Loaded>);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    // Loads the page after `cursor` (the first page for none) and puts it after the others.
    let fetch = move |contact: ContactId, cursor: Option<String>| {
        loading.set(true);
        failed.set(None);
        if cursor.is_none() {
            loaded.set(None);
        }
        spawn_local(async move {
            match api::shop::orders(contact, cursor).await {
                Ok(page) => loaded.update(|now| {
                    let now = now.get_or_insert_with(Loaded::default);
                    for order in page.items {
                        if !now.orders.iter().any(|o| o.entity_id == order.entity_id) {
                            now.orders.push(order);
                        }
                    }
                    now.next = page.next_cursor;
                }),
                Err(error) => {
                    let _ = failed.try_set(Some(error));
                }
            }
            let _ = loading.try_set(false);
        });
    };
    {
        let contact = contact.clone();
        Effect::new(move |_| {
            revision.track();
            fetch(contact.clone(), None);
        });
    }
    let more = move |_| {
        if let Some(cursor) = loaded.with_untracked(|l| l.as_ref().and_then(|l| l.next.clone())) {
            fetch(contact.clone(), Some(cursor));
        }
    };
    let table = move || {
        loaded.with(|loaded| match loaded {
            None if failed.with(Option::is_none) => {
                view! { <Loading label="Loading orders…"/> }.into_any()
            }
            None => ().into_any(),
            Some(l) if l.orders.is_empty() => {
                view! { <p class="muted" data-testid="shop-no-orders">"No orders yet."</p> }
                    .into_any()
            }
            Some(l) => orders_table(&l.orders).into_any(),
        })
    };
    let has_more = move || loaded.with(|l| l.as_ref().is_some_and(|l| l.next.is_some()));
    view! {
        <div class="import-part">
            <button
                type="button"
                class="button button-small"
                data-testid="shop-orders-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="shop-orders"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                "Orders"
            </button>
            <div id="shop-orders" class="import-panel" hidden=move || !open.get()>
                {table}
                {move || failed.get().map(|error| view! { <ErrorNotice error/> })}
                <Show when=has_more>
                    <button
                        type="button"
                        class="button load-more"
                        data-testid="shop-more-orders"
                        disabled=move || loading.get()
                        on:click=more.clone()
                    >
                        {move || if loading.get() { "Loading…" } else { "More orders" }}
                    </button>
                </Show>
            </div>
        </div>
    }
}

fn orders_table(orders: &[OrderRow]) -> impl IntoView + use<> {
    view! {
        <div class="table-scroll">
            <table class="table table-compact" data-testid="shop-orders">
                <thead>
                    <tr>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="number">"Total"</th>
                    </tr>
                </thead>
                <tbody>{orders.iter().map(order_row).collect_view()}</tbody>
            </table>
        </div>
    }
}

fn order_row(order: &OrderRow) -> impl IntoView + use<> {
    let number = format!("#{}", order.increment_id);
    let shown = match web_link(order.admin_url.as_deref()) {
        Some(href) => view! {
            <a href=href target="_blank" rel="noopener noreferrer" data-testid="shop-order-link">{number}</a>
        }
        .into_any(),
        None => number.into_any(),
    };
    view! {
        <tr data-testid="shop-order">
            <td data-label="Order">{shown}</td>
            <td data-label="Date"><LocalTime ts=order.created_at/></td>
            <td data-label="Status">{order.status.clone()}</td>
            <td data-label="Total" class="number">{format_money(order.total_cents, &order.currency)}</td>
        </tr>
    }
}
