use axum::http::StatusCode;
use serde_json::Value;

use super::{ADVISORS, SHOP_URL, all, assert_a_page, demo, equal, path_of, updated_from};
use crate::html::escape;

const ORDERS: &str = "/shop/rest/V1/orders";
const FORM: &str = "/shop/admin/sales/order_create/";
const HTML: &str = "text/html; charset=utf-8";

/// The number in a "was placed" page's `<strong id="order-number">`.
fn placed_number(page: &str) -> String {
    let start = page.find("<strong id=\"order-number\">").unwrap() + 26;
    let end = start + page[start..].find("</strong>").unwrap();
    page[start..end].to_string()
}

async fn order_numbered(demo: &super::Demo, number: &str) -> Value {
    let (_, body) = demo.get(&equal(ORDERS, "increment_id", number)).await;
    assert_eq!(body["total_count"], 1, "order {number}");
    body["items"][0].clone()
}

#[tokio::test]
async fn an_order_placed_in_the_admin_form_is_in_the_search_with_the_admin_panel_comment() {
    let demo = demo(3, 6);
    demo.pass(7);
    let now = crate::clock::magento(demo.now().as_second());

    let (status, page) = demo
        .post_form(
            FORM,
            "email=Ann.Lee%40example.com&advisor=Sam+Rivera&sku=MAG-10&qty=2",
        )
        .await;

    assert_eq!(status, StatusCode::OK, "{page}");
    assert_a_page(FORM, &page);
    let number = placed_number(&page);
    assert!(page.contains(&format!(
        "Order # <strong id=\"order-number\">{number}</strong> was placed"
    )));
    assert!(number.len() == 9 && number.bytes().all(|b| b.is_ascii_digit()));
    let order = order_numbered(&demo, &number).await;
    assert_eq!(order["created_at"], now.as_str());
    assert_eq!(order["updated_at"], now.as_str());
    assert_eq!(order["status"], "pending");
    assert_eq!(order["customer_id"], 1001, "Ann's account");
    assert_eq!(order["customer_email"], "ann.lee@example.com");
    assert_eq!(order["customer_firstname"], "Ann");
    assert_eq!(order["items"][0]["sku"], "MAG-10");
    assert_eq!(order["items"][0]["qty_ordered"], 2);
    assert_eq!(order["subtotal"], 43.9);
    assert_eq!(order["grand_total"], 48.9, "with $5 shipping below $50");
    let histories = order["status_histories"].as_array().unwrap();
    assert_eq!(histories.len(), 1);
    assert_eq!(
        histories[0]["comment"],
        "Order Placed by Sam Rivera using Admin Panel"
    );
    assert_eq!(histories[0]["created_at"], now.as_str());
    assert_eq!(order["extension_attributes"]["created_by"], "Sam Rivera");

    // An importer's next search from the placing second finds it.
    let (_, since) = demo
        .get(&updated_from(ORDERS, &now, "entity_id", 50, 1))
        .await;
    let found: Vec<&Value> = since["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["increment_id"] == number.as_str())
        .collect();
    assert_eq!(found.len(), 1);

    // The page links to the order's page, which shows it.
    let view = format!(
        "{SHOP_URL}/admin/sales/order/view/order_id/{}/",
        order["entity_id"]
    );
    assert!(
        page.contains(&format!("<a id=\"order-link\" href=\"{view}\">")),
        "{page}"
    );
    let (status, content_type, html) = demo.open(path_of(&view)).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, HTML));
    assert!(html.contains(&format!(
        "Order # <span id=\"order-number\">{number}</span>"
    )));
    assert!(html.contains("Order Placed by Sam Rivera using Admin Panel"));
    assert!(html.contains("Magnesium Glycinate") && html.contains("$48.90"));

    // Later the order moves on like any other, and stays in the shop.
    demo.pass(5 * 24 * 60);
    let later = order_numbered(&demo, &number).await;
    assert_ne!(later["status"], "pending");
    assert!(later["updated_at"].as_str() > order["updated_at"].as_str());
}

#[tokio::test]
async fn an_unknown_email_places_a_guest_order() {
    let demo = demo(3, 6);
    let (status, page) = demo
        .post_form(
            FORM,
            "email=new.buyer%2Btest%40example.org&advisor=Riley+Rep&sku=slp-01&qty=1",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let order = order_numbered(&demo, &placed_number(&page)).await;
    assert!(order["customer_id"].is_null());
    assert_eq!(order["customer_is_guest"], 1);
    assert_eq!(order["customer_email"], "new.buyer+test@example.org");
    assert!(order["customer_firstname"].is_null());
    assert_eq!(order["items"][0]["sku"], "SLP-01");
}

#[tokio::test]
async fn bad_form_input_is_answered_422_saying_what_is_wrong() {
    let demo = demo(3, 6);
    let before = all(&demo, ORDERS).await.len();
    for (body, says) in [
        (
            "advisor=Riley+Rep&sku=MAG-10&qty=1",
            "Enter the customer&#39;s email.",
        ),
        (
            "email=+&advisor=Riley+Rep&sku=MAG-10&qty=1",
            "Enter the customer&#39;s email.",
        ),
        (
            "email=not-an-email&advisor=Riley+Rep&sku=MAG-10&qty=1",
            "is not an email address",
        ),
        (
            "email=a%40example.com&advisor=Riley+Rep&sku=NOPE-1&qty=1",
            "The shop has no product with SKU “NOPE-1”.",
        ),
        (
            "email=a%40example.com&advisor=Riley+Rep&qty=1",
            "Choose a product.",
        ),
        (
            "email=a%40example.com&advisor=Riley+Rep&sku=MAG-10&qty=0",
            "from 1 to 99",
        ),
        (
            "email=a%40example.com&advisor=Riley+Rep&sku=MAG-10&qty=100",
            "from 1 to 99",
        ),
        (
            "email=a%40example.com&advisor=Riley+Rep&sku=MAG-10&qty=two",
            "from 1 to 99",
        ),
        (
            "email=a%40example.com&sku=MAG-10&qty=1",
            "Choose the advisor placing the order.",
        ),
    ] {
        let (status, page) = demo.post_form(FORM, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_a_page(body, &page);
        assert!(
            page.contains("<div class=\"errors\" id=\"errors\">"),
            "{body}"
        );
        assert!(page.contains(says), "{body}: {page}");
        assert!(page.contains("<form method=\"post\""), "the form again");
    }
    let (status, page) = demo
        .post_form(
            FORM,
            "email=a%40example.com&advisor=Riley+Rep&sku=MAG-10&qty=100",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("value=\"a@example.com\""),
        "what was typed stays"
    );
    assert_eq!(all(&demo, ORDERS).await.len(), before, "nothing was placed");
}

#[tokio::test]
async fn the_form_offers_the_advisors_and_the_catalog_filled_in_from_the_link() {
    let demo = demo(3, 6);
    let (status, content_type, page) = demo
        .open(&format!(
            "{FORM}?email=ann.lee%40example.com&advisor=Taylor%20Chen"
        ))
        .await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, HTML));
    assert_a_page(FORM, &page);
    assert!(page.contains("<h1>Create New Order</h1>"));
    assert!(page.contains(&format!(
        "<form method=\"post\" action=\"{SHOP_URL}/admin/sales/order_create/\">"
    )));
    assert!(page.contains("name=\"email\" value=\"ann.lee@example.com\""));
    for advisor in ADVISORS {
        let selected = if advisor == "Taylor Chen" {
            " selected"
        } else {
            ""
        };
        assert!(page.contains(&format!(
            "<option value=\"{advisor}\"{selected}>{advisor}</option>"
        )));
    }
    for product in crate::catalog::PRODUCTS {
        assert!(page.contains(&format!("<option value=\"{}\">", product.sku)));
    }
    assert!(!page.to_lowercase().contains("<script"));

    // Without the slash too, and whatever is typed in the link is escaped.
    let (status, _, page) = demo
        .open("/shop/admin/sales/order_create?advisor=%3Cb%3EEve%3C%2Fb%3E&email=%22x%22")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<b>Eve"));
    assert!(page.contains(&escape("<b>Eve</b>")));
    assert!(page.contains("value=\"&quot;x&quot;\""));
}

#[tokio::test]
async fn an_unknown_order_page_is_a_404_and_a_customer_page_lists_their_orders() {
    let demo = demo(3, 10);
    for uri in [
        "/shop/admin/sales/order/view/order_id/999/",
        "/shop/admin/sales/order/view/order_id/abc",
    ] {
        let (status, _, page) = demo.open(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(page.contains("Page not found"));
    }
    let orders = all(&demo, ORDERS).await;
    let order = orders.iter().find(|o| o["customer_id"].is_u64()).unwrap();
    let uri = format!(
        "/shop/admin/customer/index/edit/id/{}/",
        order["customer_id"]
    );
    let (status, _, page) = demo.open(&uri).await;
    assert_eq!(status, StatusCode::OK);
    let link = format!(
        "{SHOP_URL}/admin/sales/order/view/order_id/{}/",
        order["entity_id"]
    );
    assert!(page.contains(&format!(
        "<a href=\"{link}\">{}</a>",
        order["increment_id"].as_str().unwrap()
    )));
    let (status, _, view) = demo.open(path_of(&link).trim_end_matches('/')).await;
    assert_eq!(status, StatusCode::OK);
    assert!(view.contains(&escape(order["customer_email"].as_str().unwrap())));
}
