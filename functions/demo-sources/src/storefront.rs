//! What the app links to in the demo shop, so every link and picture it shows for imported
//! carts and quizzes opens, with nothing else running and no network: the shop's public
//! storefront — a page (`/shop/{slug}.html`) and a picture
//! (`/shop/media/catalog/product/{slug}.svg`) for each product — and a stand-in for its admin
//! panel's customer page (`/shop/admin/customer/index/edit/id/{id}/`, the "Manage Cart in
//! Magento" link), listing that customer's carts and orders.
//!
//! None of these asks for the bearer token: a browser opens them as they are. The storefront is
//! public in a real shop too; a real Magento admin is not — it asks for its own login before it
//! shows a customer — and only this demo, on loopback with made-up people, shows the page as is.
//!
//! Pages are small, self-contained HTML5 (the `html` module): styled by one `<style>`
//! element, no scripts, every piece of text escaped.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use crate::Shared;
use crate::cart::Cart;
use crate::catalog::{self, Product};
use crate::clock::magento;
use crate::html::{LINES_TABLE, dollars, escape, line_row, not_found, order_create_url, page};
use crate::order::Order;
use crate::order_page::orders_html;
use crate::people::Person;

/// `GET /shop/{slug}.html`: the product's page.
pub(crate) async fn product_page(Path(name): Path<String>) -> Response {
    match name.strip_suffix(".html").and_then(catalog::by_slug) {
        Some(product) => Html(product_html(product)).into_response(),
        None => not_found(&format!("The demo shop has no page “{name}”.")),
    }
}

fn product_html(product: &Product) -> String {
    let name = escape(product.name);
    // The page is `{shop}/{slug}.html`, so the picture's path resolves against the shop.
    let body = format!(
        "<header>Demo shop</header>\n<main>\n<div class=\"product\">\n\
         <img src=\"{image}\" alt=\"{name}\" width=\"240\" height=\"240\">\n\
         <div>\n<h1>{name}</h1>\n<p class=\"sku\">SKU {sku}</p>\n\
         <p class=\"price\">{price}</p>\n<p>{description}</p>\n\
         <p class=\"note\">A demo shop with made-up products: nothing here is for sale.</p>\n\
         </div>\n</div>\n</main>\n",
        image = escape(&product.image_path()),
        sku = escape(product.sku),
        price = escape(&dollars(product.price)),
        description = escape(product.description),
    );
    page(&format!("{} — Demo shop", product.name), &body)
}

/// The body types the quiz finds, each with an explanation video.
const BODY_TYPES: [&str; 4] = ["adrenal", "thyroid", "ovary", "liver"];

/// `GET /shop/videos/{type}-body-type`: a stand-in for the video that explains a Body Type
/// Quiz result (the demo has no video, only the page it would play on).
pub(crate) async fn video_page(Path(name): Path<String>) -> Response {
    let body_type = name
        .strip_suffix("-body-type")
        .filter(|t| BODY_TYPES.contains(t));
    match body_type {
        Some(body_type) => {
            let mut title = body_type.to_string();
            if let Some(first) = title.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            let body = format!(
                "<header>Demo shop</header>\n<main>\n<h1>The {title} body type, explained</h1>\n\
                 <p>The explanation video of the {title} body type would play here.</p>\n\
                 <p class=\"note\">A demo stand-in: the demo has no videos.</p>\n</main>\n",
                title = escape(&title),
            );
            Html(page(&format!("The {title} body type — Demo shop"), &body)).into_response()
        }
        None => not_found(&format!("The demo shop has no video “{name}”.")),
    }
}

/// `GET /shop/media/catalog/product/{slug}.svg`: the product's picture.
pub(crate) async fn product_image(Path(file): Path<String>) -> Response {
    match file.strip_suffix(".svg").and_then(catalog::by_slug) {
        Some(product) => (
            [(header::CONTENT_TYPE, "image/svg+xml")],
            product_svg(product),
        )
            .into_response(),
        None => not_found(&format!("The demo shop has no picture “{file}”.")),
    }
}

const COLOURS: [&str; 8] = [
    "#2563eb", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626",
];

/// A 240×240 picture: a rounded square in a colour of the product's own, its initials and its
/// name.
fn product_svg(product: &Product) -> String {
    let sum = product.slug.bytes().fold(0usize, |sum, byte| {
        sum.wrapping_mul(31).wrapping_add(byte.into())
    });
    let colour = COLOURS[sum % COLOURS.len()];
    let font = "font-family=\"Helvetica, Arial, sans-serif\" text-anchor=\"middle\" fill=\"#fff\"";
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"240\" \
         viewBox=\"0 0 240 240\" role=\"img\" aria-label=\"{name}\">\n\
         <title>{name}</title>\n\
         <rect x=\"8\" y=\"8\" width=\"224\" height=\"224\" rx=\"28\" fill=\"{colour}\"/>\n\
         <text x=\"120\" y=\"125\" {font} font-size=\"72\" font-weight=\"700\">{initials}</text>\n",
        name = escape(product.name),
        initials = escape(&initials(product.name)),
    );
    for (n, line) in wrap(product.name, 22).iter().take(3).enumerate() {
        svg.push_str(&format!(
            "<text x=\"120\" y=\"{}\" {font} font-size=\"16\">{}</text>\n",
            170 + 20 * n,
            escape(line)
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

/// The first letters of the name's first two words (leaving out "The"): `Iodine & Selenium` →
/// `IS`.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|word| !word.eq_ignore_ascii_case("the"))
        .filter_map(|word| word.chars().next().filter(|c| c.is_alphabetic()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// `text` in lines of at most `width` characters where its words allow.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `GET /shop/admin/customer/index/edit/id/{id}/` (with or without the slash): a stand-in for
/// the customer's page in the shop's admin, with their carts. A real Magento admin asks for
/// its own login first; this demo on loopback shows the page as is.
pub(crate) async fn admin_customer(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Response {
    let Some((id, person)) = id
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|id| Some((id, shared.people.customer(id)?)))
    else {
        return not_found(&format!("The demo shop has no customer with ID “{id}”."));
    };
    let shop = shared.shop();
    let mut carts: Vec<&Cart> = shop
        .carts()
        .iter()
        .filter(|cart| cart.person.customer_id == Some(id))
        .collect();
    carts.sort_by_key(|cart| std::cmp::Reverse((cart.updated_at, cart.id)));
    let mut orders: Vec<&Order> = shop
        .orders()
        .iter()
        .filter(|order| order.person.customer_id == Some(id))
        .collect();
    orders.sort_by_key(|order| std::cmp::Reverse((order.created_at, order.entity_id)));
    Html(admin_html(&shared.shop_url, id, person, &carts, &orders)).into_response()
}

fn admin_html(
    shop_url: &str,
    id: u64,
    person: &Person,
    carts: &[&Cart],
    orders: &[&Order],
) -> String {
    let name = format!("{} {}", person.first_name, person.last_name);
    let heading = format!("Demo shop admin — customer {name} ({})", person.email);
    let mut body = format!(
        "<header class=\"admin\">Demo shop admin</header>\n<main>\n<h1>{}</h1>\n\
         <p class=\"note\">A stand-in for the shop's admin panel, which on a real Magento shop \
         asks for its own login first.</p>\n\
         <dl>\n<dt>Customer ID</dt><dd>{id}</dd>\n<dt>Name</dt><dd>{}</dd>\n\
         <dt>Email</dt><dd>{}</dd>\n<dt>Phone</dt><dd>{}</dd>\n</dl>\n<h2>Carts ({})</h2>\n",
        escape(&heading),
        escape(&name),
        escape(&person.email),
        escape(person.phone.as_deref().unwrap_or("—")),
        carts.len(),
    );
    if carts.is_empty() {
        body.push_str("<p>No carts.</p>\n");
    }
    for cart in carts {
        body.push_str(&cart_html(shop_url, cart));
    }
    body.push_str(&format!(
        "<h2>Orders ({})</h2>\n<p><a href=\"{}\">Create New Order</a></p>\n",
        orders.len(),
        escape(&order_create_url(shop_url, &[("email", &person.email)])),
    ));
    body.push_str(&orders_html(shop_url, orders));
    body.push_str("</main>\n");
    page(&format!("Customer {name} — Demo shop admin"), &body)
}

fn cart_html(shop_url: &str, cart: &Cart) -> String {
    let state = match (&cart.reserved_order_id, cart.active) {
        (_, true) => "<span class=\"badge active\">Active</span>".to_string(),
        (Some(order), false) => format!(
            "<span class=\"badge ordered\">Ordered as #{}</span>",
            escape(order)
        ),
        (None, false) => "<span class=\"badge ordered\">Closed</span>".to_string(),
    };
    let mut html = format!(
        "<section class=\"cart\" id=\"cart-{id}\">\n<h3>Cart {id} {state}</h3>\n\
         <p class=\"note\">Created {} UTC · updated {} UTC</p>\n{LINES_TABLE}",
        escape(&magento(cart.created_at)),
        escape(&magento(cart.updated_at)),
        id = cart.id,
    );
    let mut total = 0.0;
    for line in &cart.lines {
        let row = line.product.price * f64::from(line.qty);
        total += row;
        html.push_str(&line_row(shop_url, line.product, line.qty, row));
    }
    html.push_str(&format!(
        "</tbody>\n<tfoot><tr><th colspan=\"4\">Subtotal</th><td class=\"number\">{}</td></tr>\
         </tfoot>\n</table>\n</section>\n",
        escape(&dollars(total)),
    ));
    html
}
