//! A stand-in for the admin panel's "Create New Order" page, `/shop/admin/sales/order_create/`:
//! an advisor enters the customer's email, picks themselves and a product, and the order is
//! placed at once as an admin-panel order (`Order Placed by {advisor} using Admin Panel`). An
//! email the shop has no account for places a guest order. Like the other admin pages, no
//! token: a real Magento admin asks for its own login first.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::Shared;
use crate::catalog::{self, PRODUCTS, Product};
use crate::html::{dollars, escape, order_create_url, order_view_url, page};

/// The longest email an order takes (RFC 5321's limit) and the longest advisor's name.
const MAX_EMAIL: usize = 254;
const MAX_NAME: usize = 100;
const MAX_QTY: u32 = 99;

/// What the form was given, as typed.
#[derive(Default)]
struct Entered {
    email: String,
    advisor: String,
    sku: String,
    qty: String,
}

impl Entered {
    fn from(fields: &HashMap<String, String>) -> Self {
        let field = |name: &str| fields.get(name).map(|v| v.trim().to_string());
        Entered {
            email: field("email").unwrap_or_default(),
            advisor: field("advisor")
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            sku: field("sku").unwrap_or_default(),
            qty: field("qty").unwrap_or_else(|| "1".into()),
        }
    }
}

/// An order ready to place.
struct Valid {
    product: &'static Product,
    qty: u32,
}

/// The order the form describes, or what is wrong with it.
fn check(entered: &Entered) -> Result<Valid, Vec<String>> {
    let mut problems = Vec::new();
    let email = entered.email.as_str();
    if email.is_empty() {
        problems.push("Enter the customer's email.".to_string());
    } else if !is_email(email) {
        problems.push(format!("“{email}” is not an email address."));
    }
    let advisor = entered.advisor.as_str();
    if advisor.is_empty() {
        problems.push("Choose the advisor placing the order.".to_string());
    } else if advisor.chars().count() > MAX_NAME || advisor.chars().any(char::is_control) {
        problems.push("The advisor's name is not a name.".to_string());
    }
    let product = if entered.sku.is_empty() {
        problems.push("Choose a product.".to_string());
        None
    } else {
        let product = catalog::by_sku(&entered.sku);
        if product.is_none() {
            problems.push(format!(
                "The shop has no product with SKU “{}”.",
                entered.sku
            ));
        }
        product
    };
    let qty = entered
        .qty
        .parse::<u32>()
        .ok()
        .filter(|qty| (1..=MAX_QTY).contains(qty));
    if qty.is_none() {
        problems.push(format!(
            "The quantity must be a whole number from 1 to {MAX_QTY}."
        ));
    }
    match (product, qty) {
        (Some(product), Some(qty)) if problems.is_empty() => Ok(Valid { product, qty }),
        _ => Err(problems),
    }
}

/// One `@` with something on each side, a dot in the domain, no spaces or control characters.
fn is_email(email: &str) -> bool {
    email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

/// `GET /shop/admin/sales/order_create/?email=…&advisor=…`: the form, filled in with those.
pub(crate) async fn form(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let entered = Entered::from(&query);
    Html(form_page(&shared, &entered, &[])).into_response()
}

/// `POST /shop/admin/sales/order_create/` (form-encoded `email`, `advisor`, `sku`, `qty`):
/// places the order now, or answers 422 with the form and what is wrong.
pub(crate) async fn place(
    State(shared): State<Arc<Shared>>,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let entered = Entered::from(&fields);
    let valid = match check(&entered) {
        Ok(valid) => valid,
        Err(problems) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(form_page(&shared, &entered, &problems)),
            )
                .into_response();
        }
    };
    let now = shared.clock.now_seconds();
    let (number, entity_id) = {
        let mut shop = shared.shop();
        let order = shop.place_in_admin(
            &entered.email,
            &entered.advisor,
            valid.product,
            valid.qty,
            now,
        );
        (order.increment_id.clone(), order.entity_id)
    };
    Html(placed_page(&shared.shop_url, &entered, &number, entity_id)).into_response()
}

fn form_page(shared: &Shared, entered: &Entered, problems: &[String]) -> String {
    let mut body = String::from(
        "<header class=\"admin\">Demo shop admin</header>\n<main>\n<h1>Create New Order</h1>\n\
         <p class=\"note\">A stand-in for the shop's admin panel, which on a real Magento shop \
         asks for its own login first. The order is placed at once, as an admin-panel order.</p>\n",
    );
    if !problems.is_empty() {
        body.push_str(
            "<div class=\"errors\" id=\"errors\">\n<p>The order was not placed:</p>\n<ul>\n",
        );
        for problem in problems {
            body.push_str(&format!("<li>{}</li>\n", escape(problem)));
        }
        body.push_str("</ul>\n</div>\n");
    }
    let mut advisors: Vec<&str> = shared.advisors.iter().map(String::as_str).collect();
    if !entered.advisor.is_empty() && !advisors.contains(&entered.advisor.as_str()) {
        advisors.push(&entered.advisor);
    }
    let advisor_options: String = advisors
        .iter()
        .map(|name| option(name, name, *name == entered.advisor))
        .collect();
    let product_options: String = PRODUCTS
        .iter()
        .map(|product| {
            let label = format!(
                "{} — {} ({})",
                product.name,
                dollars(product.price),
                product.sku
            );
            option(
                product.sku,
                &label,
                product.sku.eq_ignore_ascii_case(&entered.sku),
            )
        })
        .collect();
    body.push_str(&format!(
        "<form method=\"post\" action=\"{action}\">\n\
         <label>Customer email <input type=\"email\" name=\"email\" value=\"{email}\" \
         maxlength=\"{MAX_EMAIL}\" required></label>\n\
         <label>Placed by <select name=\"advisor\" required>\n\
         <option value=\"\">Choose an advisor</option>\n{advisor_options}</select></label>\n\
         <label>Product <select name=\"sku\" required>\n\
         <option value=\"\">Choose a product</option>\n{product_options}</select></label>\n\
         <label>Quantity <input type=\"number\" name=\"qty\" value=\"{qty}\" min=\"1\" \
         max=\"{MAX_QTY}\" required></label>\n\
         <button type=\"submit\">Submit Order</button>\n</form>\n</main>\n",
        action = escape(&order_create_url(&shared.shop_url, &[])),
        email = escape(&entered.email),
        qty = escape(&entered.qty),
    ));
    page("Create New Order — Demo shop admin", &body)
}

fn option(value: &str, label: &str, selected: bool) -> String {
    format!(
        "<option value=\"{}\"{}>{}</option>\n",
        escape(value),
        if selected { " selected" } else { "" },
        escape(label)
    )
}

fn placed_page(shop_url: &str, entered: &Entered, number: &str, entity_id: u64) -> String {
    let body = format!(
        "<header class=\"admin\">Demo shop admin</header>\n<main>\n<h1>Order placed</h1>\n\
         <p class=\"placed\">Order # <strong id=\"order-number\">{number}</strong> was placed \
         for {email} by {advisor}.</p>\n\
         <p><a id=\"order-link\" href=\"{view}\">View order # {number}</a></p>\n\
         <p><a href=\"{again}\">Create another order</a></p>\n</main>\n",
        number = escape(number),
        email = escape(&entered.email),
        advisor = escape(&entered.advisor),
        view = escape(&order_view_url(shop_url, entity_id)),
        again = escape(&order_create_url(
            shop_url,
            &[("email", &entered.email), ("advisor", &entered.advisor)],
        )),
    );
    page(&format!("Order # {number} placed — Demo shop admin"), &body)
}
