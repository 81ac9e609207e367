//! The demo shop's pages as HTML: small, self-contained HTML5 styled by one `<style>` element,
//! no scripts, every piece of text escaped.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::catalog::Product;

/// `text` made safe to put in HTML or XML, as text or as a quoted attribute's value.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

const STYLE: &str = "
body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1f2933; background: #f5f7fa; line-height: 1.5; }
header { padding: 0.75rem 1.5rem; background: #1f2933; color: #fff; font-weight: 600; }
header.admin { background: #41362f; }
main { max-width: 56rem; margin: 0 auto; padding: 1.5rem; }
h1 { margin: 0 0 0.5rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 0.75rem; font-size: 1.2rem; }
h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
a { color: #1d4ed8; }
.note { color: #52606d; font-size: 0.9rem; }
.product { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.product img { border-radius: 12px; background: #fff; }
.sku { color: #52606d; }
.price { font-size: 1.4rem; font-weight: 700; }
.cart { margin: 0 0 1rem; padding: 1rem; background: #fff; border: 1px solid #d9e2ec;
  border-radius: 8px; }
.badge { display: inline-block; margin-left: 0.5rem; padding: 0 0.5rem; border-radius: 999px;
  font-size: 0.8rem; font-weight: 600; vertical-align: middle; }
.active { background: #d1fae5; color: #065f46; }
.ordered { background: #e0e7ff; color: #3730a3; }
table { width: 100%; border-collapse: collapse; margin-top: 0.5rem; }
th, td { padding: 0.35rem 0.5rem; border-bottom: 1px solid #e4e7eb; text-align: left; }
td.number, th.number { text-align: right; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { color: #52606d; }
dd { margin: 0; }
form { display: grid; gap: 0.75rem; max-width: 28rem; padding: 1rem; background: #fff;
  border: 1px solid #d9e2ec; border-radius: 8px; }
label { display: grid; gap: 0.25rem; font-weight: 600; }
input, select { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid #9aa5b1;
  border-radius: 4px; }
button { font: inherit; justify-self: start; padding: 0.45rem 1rem; border: 0;
  border-radius: 4px; background: #eb5202; color: #fff; font-weight: 600; cursor: pointer; }
.errors { padding: 0.75rem 1rem; background: #fde8e8; border: 1px solid #e02424;
  border-radius: 8px; color: #9b1c1c; }
.placed { padding: 0.75rem 1rem; background: #def7ec; border: 1px solid #0e9f6e;
  border-radius: 8px; }
.history { list-style: none; padding: 0; }
.history li { margin: 0 0 0.5rem; padding: 0.5rem 0.75rem; background: #fff;
  border-left: 3px solid #9aa5b1; }
";

/// A whole HTML5 page: `title` is text (escaped here), `body` HTML already escaped.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The 404 page, saying `why` (text).
pub(crate) fn not_found(why: &str) -> Response {
    let body = format!(
        "<header>Demo shop</header>\n<main>\n<h1>Page not found</h1>\n<p>{}</p>\n</main>\n",
        escape(why)
    );
    (
        StatusCode::NOT_FOUND,
        Html(page("Page not found — Demo shop", &body)),
    )
        .into_response()
}

/// US dollars, as the shop shows them: `$29.95`.
pub(crate) fn dollars(amount: f64) -> String {
    format!("${amount:.2}")
}

/// `value` percent-encoded for a URL's query string (all but `A-Z a-z 0-9 - . _ ~`).
pub(crate) fn query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The admin's "Create New Order" form in the shop at `shop_url`, filled in with `fields`
/// (`email`, `advisor`).
pub(crate) fn order_create_url(shop_url: &str, fields: &[(&str, &str)]) -> String {
    let query: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{name}={}", query_value(value)))
        .collect();
    let form = format!("{shop_url}/admin/sales/order_create/");
    if query.is_empty() {
        form
    } else {
        format!("{form}?{}", query.join("&"))
    }
}

/// An order's page in the admin of the shop at `shop_url`.
pub(crate) fn order_view_url(shop_url: &str, entity_id: u64) -> String {
    format!("{shop_url}/admin/sales/order/view/order_id/{entity_id}/")
}

/// A customer's page in the admin of the shop at `shop_url`.
pub(crate) fn customer_url(shop_url: &str, customer_id: u64) -> String {
    format!("{shop_url}/admin/customer/index/edit/id/{customer_id}/")
}

/// A table of product lines, up to its body: the rows ([`line_row`]) follow.
pub(crate) const LINES_TABLE: &str = "<table>\n<thead><tr><th>Product</th><th>SKU</th>\
    <th class=\"number\">Qty</th><th class=\"number\">Price</th>\
    <th class=\"number\">Row total</th></tr></thead>\n<tbody>\n";

/// A product line as a row of a [`LINES_TABLE`], the product linking to its page in the shop
/// at `shop_url`.
pub(crate) fn line_row(shop_url: &str, product: &Product, qty: u32, row_total: f64) -> String {
    format!(
        "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"number\">{qty}</td>\
         <td class=\"number\">{}</td><td class=\"number\">{}</td></tr>\n",
        escape(&product.url(shop_url)),
        escape(product.name),
        escape(product.sku),
        escape(&dollars(product.price)),
        escape(&dollars(row_total)),
    )
}
