//! A stand-in for an order's page in the shop's admin panel,
//! `/shop/admin/sales/order/view/order_id/{entity_id}/` (what an order link in the app opens):
//! its number, date, customer, status, lines, totals and comment history. Like the customer's
//! page, no token: a real Magento admin asks for its own login first.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::Shared;
use crate::clock::magento;
use crate::html::{
    LINES_TABLE, customer_url, dollars, escape, line_row, not_found, order_create_url,
    order_view_url, page,
};
use crate::order::Order;

/// `GET /shop/admin/sales/order/view/order_id/{entity_id}/` (with or without the slash).
pub(crate) async fn view(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let shop = shared.shop();
    match id.trim().parse().ok().and_then(|id| shop.order(id)) {
        Some(order) => Html(order_html(&shared.shop_url, order)).into_response(),
        None => not_found(&format!("The demo shop has no order with ID “{id}”.")),
    }
}

fn order_html(shop_url: &str, order: &Order) -> String {
    let person = &order.person;
    let name = format!("{} {}", person.first_name, person.last_name);
    let customer = match person.customer_id {
        Some(id) => format!(
            "<a href=\"{}\">{}</a>",
            escape(&customer_url(shop_url, id)),
            escape(name.trim())
        ),
        None if name.trim().is_empty() => "Guest".to_string(),
        None => format!("{} (guest)", escape(name.trim())),
    };
    let placed = match &order.placed_by {
        Some(advisor) => format!("In the admin panel by {}", escape(advisor)),
        None => "On the storefront".to_string(),
    };
    let mut body = format!(
        "<header class=\"admin\">Demo shop admin</header>\n<main>\n\
         <h1>Order # <span id=\"order-number\">{number}</span></h1>\n\
         <p class=\"note\">A stand-in for the shop's admin panel, which on a real Magento shop \
         asks for its own login first.</p>\n\
         <dl>\n<dt>Order date</dt><dd>{date} UTC</dd>\n\
         <dt>Order status</dt><dd id=\"order-status\">{status}</dd>\n\
         <dt>Placed</dt><dd>{placed}</dd>\n<dt>Customer</dt><dd>{customer}</dd>\n\
         <dt>Email</dt><dd>{email}</dd>\n<dt>Phone</dt><dd>{phone}</dd>\n",
        number = escape(&order.increment_id),
        date = escape(&magento(order.created_at)),
        status = escape(order.status.label()),
        email = escape(&person.email),
        phone = escape(person.phone.as_deref().unwrap_or("—")),
    );
    if let Some(by) = &order.created_by {
        body.push_str(&format!("<dt>Created by</dt><dd>{}</dd>\n", escape(by)));
    }
    body.push_str("</dl>\n<h2>Items Ordered</h2>\n");
    body.push_str(&lines_html(shop_url, order));
    body.push_str("<h2>Comments History</h2>\n");
    if order.history.is_empty() {
        body.push_str("<p>No comments.</p>\n");
    } else {
        body.push_str("<ul class=\"history\">\n");
        for entry in order.history.iter().rev() {
            body.push_str(&format!(
                "<li><strong>{}</strong> · {} UTC{}</li>\n",
                escape(entry.status.label()),
                escape(&magento(entry.at)),
                entry
                    .comment
                    .as_deref()
                    .map(|c| format!("<br>{}", escape(c)))
                    .unwrap_or_default(),
            ));
        }
        body.push_str("</ul>\n");
    }
    body.push_str(&format!(
        "<p><a href=\"{}\">Create a new order for this customer</a></p>\n</main>\n",
        escape(&order_create_url(shop_url, &[("email", &person.email)])),
    ));
    page(
        &format!("Order # {} — Demo shop admin", order.increment_id),
        &body,
    )
}

fn lines_html(shop_url: &str, order: &Order) -> String {
    let mut html = String::from(LINES_TABLE);
    for line in &order.lines {
        html.push_str(&line_row(
            shop_url,
            line.product,
            line.qty,
            line.row_total(),
        ));
    }
    html.push_str("</tbody>\n<tfoot>\n");
    for (label, amount) in [
        ("Subtotal", order.subtotal()),
        ("Shipping", order.shipping()),
        ("Grand Total", order.grand_total()),
    ] {
        html.push_str(&format!(
            "<tr><th colspan=\"4\">{label}</th><td class=\"number\">{}</td></tr>\n",
            escape(&dollars(amount)),
        ));
    }
    html.push_str("</tfoot>\n</table>\n");
    html
}

/// A customer's orders as their admin page lists them, newest first, each linking to its page.
pub(crate) fn orders_html(shop_url: &str, orders: &[&Order]) -> String {
    if orders.is_empty() {
        return "<p>No orders.</p>\n".to_string();
    }
    let mut html = String::from(
        "<table>\n<thead><tr><th>Order #</th><th>Purchased</th><th>Status</th>\
         <th class=\"number\">Grand total</th></tr></thead>\n<tbody>\n",
    );
    for order in orders {
        html.push_str(&format!(
            "<tr><td><a href=\"{}\">{}</a></td><td>{} UTC</td><td>{}</td>\
             <td class=\"number\">{}</td></tr>\n",
            escape(&order_view_url(shop_url, order.entity_id)),
            escape(&order.increment_id),
            escape(&magento(order.created_at)),
            escape(order.status.label()),
            escape(&dollars(order.grand_total())),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}
