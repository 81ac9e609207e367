//! What the nightly check compared: when the order was placed against the call's window, who
//! placed it against who made the call, and the other calls that name the same order.

use leptos::prelude::*;
use worklane_domain::{CheckedOrder, LinkCheck, SharedCall, UserId, format_money};

use crate::{
    components::{availability::MemberName, status::LocalTime},
    pages::contact_detail::contact_href,
    state::use_session,
};

/// A verdict on one comparison: green when it holds, red when not.
fn verdict(ok: bool, yes: &'static str, no: &'static str) -> impl IntoView {
    view! {
        <span class=if ok { "chip chip-ok" } else { "chip chip-danger" }>{if ok { yes } else { no }}</span>
    }
}

#[component]
pub fn CheckDetails(check: LinkCheck, author: Option<UserId>) -> impl IntoView {
    let order = match &check.order {
        Some(order) => order_comparison(&check, order, author).into_any(),
        None => view! {
            <p data-testid="linked-order-missing">"The shop has no order with this number."</p>
        }
        .into_any(),
    };
    let others = (!check.other_calls.is_empty()).then(|| other_calls(&check.other_calls));
    view! {
        <section aria-labelledby="linked-order-compared" data-testid="linked-order-check">
            <h3 id="linked-order-compared">"What was compared"</h3>
            {order}
            {others}
        </section>
    }
}

fn order_comparison(
    check: &LinkCheck,
    order: &CheckedOrder,
    author: Option<UserId>,
) -> impl IntoView + use<> {
    let session = use_session();
    let placed = order.created_at;
    let inside = placed >= check.window_start && placed <= check.window_end;
    let creator = match (&order.created_by, &order.created_by_user) {
        (Some(name), Some(user)) => {
            let user = user.clone();
            view! {
                {name.clone()} " — Worklane user "
                <strong>{move || session.member_name(&user)}</strong>
            }
            .into_any()
        }
        (Some(name), None) => view! { {name.clone()} " — not a Worklane user" }.into_any(),
        (None, _) => "No creator recorded by the shop".into_any(),
    };
    let same = order.created_by_user.is_some() && order.created_by_user == author;
    let caller = author.map_or_else(
        || "—".into_any(),
        |id| view! { <MemberName id/> }.into_any(),
    );
    view! {
        <dl class="detail-list" data-testid="linked-order-comparison">
            <div>
                <dt>"When"</dt>
                <dd data-testid="linked-order-when">
                    "Order placed " <LocalTime ts=placed/> " against the call's window "
                    <LocalTime ts=check.window_start/> " – " <LocalTime ts=check.window_end/> ": "
                    {verdict(inside, "inside", "outside")}
                </dd>
            </div>
            <div>
                <dt>"Who"</dt>
                <dd data-testid="linked-order-who">
                    "Order created by " {creator} "; call made by " {caller} ": "
                    {verdict(same, "same person", "not the same person")}
                </dd>
            </div>
            <div>
                <dt>"Order"</dt>
                <dd data-testid="linked-order-order">
                    {order.status.clone()} " · " {format_money(order.total_cents, &order.currency)}
                    " · " {order.customer_email.clone()}
                </dd>
            </div>
        </dl>
    }
}

fn other_calls(calls: &[SharedCall]) -> impl IntoView + use<> {
    let rows = calls
        .iter()
        .map(|call| {
            let by = call.by.clone().map_or_else(
                || "someone unknown".into_any(),
                |id| view! { <MemberName id/> }.into_any(),
            );
            view! {
                <li data-testid="linked-order-other-call">
                    <LocalTime ts=call.at/> " by " {by} " · "
                    <a href=contact_href(&call.contact_id)>"Open the contact"</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>"Other calls with this order number"</h3>
        <ul data-testid="linked-order-other-calls">{rows}</ul>
    }
}
