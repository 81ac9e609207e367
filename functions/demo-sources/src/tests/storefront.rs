use axum::http::StatusCode;
use serde_json::Value;

use super::{SHOP_URL, assert_a_page, demo, demo_with, path_of};
use crate::DemoPerson;
use crate::catalog::PRODUCTS;
use crate::html::escape;

const HTML: &str = "text/html; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// Every cart the demo's shop has now (all of them fit one page).
async fn carts(demo: &super::Demo) -> Vec<Value> {
    let (status, body) = demo
        .get("/shop/rest/V1/carts/search?searchCriteria[pageSize]=300")
        .await;
    assert_eq!(status, StatusCode::OK);
    body["items"].as_array().unwrap().clone()
}

/// The "Manage Cart in Magento" link, as Worklane builds it from the shop's base URL.
fn admin_url(customer_id: u64) -> String {
    format!("{SHOP_URL}/admin/customer/index/edit/id/{customer_id}/")
}

#[tokio::test]
async fn a_cart_lines_picture_and_page_are_in_the_configured_shop_and_open() {
    let demo = demo(5, 10);
    let mut lines = 0;
    for cart in carts(&demo).await {
        for item in cart["items"].as_array().unwrap() {
            lines += 1;
            let name = item["name"].as_str().unwrap();
            let sku = item["sku"].as_str().unwrap();
            let page = item["extension_attributes"]["product_url"]
                .as_str()
                .unwrap();
            let image = item["extension_attributes"]["image_url"].as_str().unwrap();
            assert!(page.starts_with(&format!("{SHOP_URL}/")), "{page}");
            assert!(
                image.starts_with(&format!("{SHOP_URL}/media/catalog/product/")),
                "{image}"
            );

            let (status, content_type, html) = demo.open(path_of(page)).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::OK, HTML),
                "{page}"
            );
            assert_a_page(page, &html);
            assert!(html.contains(&escape(name)), "{page} names {name}");
            assert!(html.contains(&format!("SKU {sku}")), "{page} shows {sku}");
            let price = item["price"].as_f64().unwrap();
            assert!(
                html.contains(&format!("${price:.2}")),
                "{page} shows {price}"
            );
            // The picture on the page is the cart line's picture.
            let relative = image.strip_prefix(&format!("{SHOP_URL}/")).unwrap();
            assert!(html.contains(&format!("<img src=\"{relative}\"")), "{html}");

            let (status, content_type, svg) = demo.open(path_of(image)).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::OK, SVG),
                "{image}"
            );
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(svg.contains("width=\"240\" height=\"240\""));
            assert!(svg.contains(&format!("<title>{}</title>", escape(name))));
            assert!(svg.trim_end().ends_with("</svg>") && !svg.contains("<script"));
        }
    }
    assert!(lines >= 5, "the backlog's open carts have lines: {lines}");
}

#[tokio::test]
async fn every_product_has_a_page_with_its_description_and_a_picture() {
    let demo = demo(1, 0);
    for product in PRODUCTS {
        let (status, _, html) = demo.open(&format!("/shop/{}.html", product.slug)).await;
        assert_eq!(status, StatusCode::OK, "{}", product.slug);
        assert!(html.contains(&escape(product.description)));
        let (status, _, _) = demo
            .open(&format!("/shop/media/catalog/product/{}.svg", product.slug))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", product.slug);
    }
}

#[tokio::test]
async fn a_health_quiz_symptoms_product_link_opens_its_page() {
    let demo = demo(7, 6);
    let (_, body) = demo.get("/website/feeds/health-evaluation-quiz").await;
    let mut links = 0;
    for quiz in body["records"].as_array().unwrap() {
        for symptom in quiz["symptoms"].as_array().unwrap() {
            links += 1;
            let url = symptom["product"]["url"].as_str().unwrap();
            assert!(url.starts_with(&format!("{SHOP_URL}/")), "{url}");
            let (status, content_type, html) = demo.open(path_of(url)).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::OK, HTML),
                "{url}"
            );
            assert_a_page(url, &html);
            let name = symptom["product"]["name"].as_str().unwrap();
            assert!(html.contains(&escape(name)), "{url} names {name}");
        }
    }
    assert!(links >= 6, "{links}");
}

#[tokio::test]
async fn the_admin_page_of_a_carts_customer_lists_that_cart() {
    let demo = demo(5, 10);
    let carts = carts(&demo).await;
    let mut customers = 0;
    for cart in &carts {
        let Some(customer_id) = cart["customer"]["id"].as_u64() else {
            continue;
        };
        customers += 1;
        let url = admin_url(customer_id);
        let (status, content_type, html) = demo.open(path_of(&url)).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, HTML),
            "{url}"
        );
        assert_a_page(&url, &html);
        let customer = &cart["customer"];
        let heading = format!(
            "Demo shop admin — customer {} {} ({})",
            customer["firstname"].as_str().unwrap(),
            customer["lastname"].as_str().unwrap(),
            customer["email"].as_str().unwrap(),
        );
        assert!(
            html.contains(&format!("<h1>{}</h1>", escape(&heading))),
            "{html}"
        );
        assert!(
            html.contains(&format!("<h3>Cart {} ", cart["id"])),
            "{html}"
        );
        match cart["reserved_order_id"].as_str() {
            Some(order) => assert!(html.contains(&format!("Ordered as #{order}"))),
            None => assert!(html.contains("Active")),
        }
        for item in cart["items"].as_array().unwrap() {
            assert!(html.contains(&escape(item["sku"].as_str().unwrap())));
            let page = item["extension_attributes"]["product_url"]
                .as_str()
                .unwrap();
            assert!(
                html.contains(&format!("<a href=\"{page}\">")),
                "links {page}"
            );
        }
        // Without the trailing slash too.
        let (status, _, same) = demo.open(path_of(url.trim_end_matches('/'))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(same, html);
        // A cart of someone else is not on it.
        for other in &carts {
            if other["customer"]["id"].as_u64() != Some(customer_id) {
                assert!(!html.contains(&format!("<h3>Cart {} ", other["id"])));
            }
        }
    }
    assert!(customers >= 5, "{customers}");
}

#[tokio::test]
async fn an_unknown_product_picture_or_customer_is_a_404_page() {
    let demo = demo(5, 10);
    for uri in [
        "/shop/no-such-product.html",
        "/shop/sleep-aid-formula",
        "/shop/sleep-aid-formula.htm",
        "/shop/media/catalog/product/no-such-product.svg",
        "/shop/media/catalog/product/sleep-aid-formula.jpg",
        "/shop/admin/customer/index/edit/id/999999/",
        "/shop/admin/customer/index/edit/id/999999",
        "/shop/admin/customer/index/edit/id/ann/",
    ] {
        let (status, content_type, html) = demo.open(uri).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::NOT_FOUND, HTML),
            "{uri}"
        );
        assert_a_page(uri, &html);
        assert!(html.contains("Page not found"));
    }
}

#[tokio::test]
async fn the_rest_api_still_wants_its_token_while_the_storefront_does_not() {
    let demo = demo(5, 3);
    let (status, _) = demo.get_as("/shop/rest/V1/carts/search", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = demo.open("/shop/sleep-aid-formula.html").await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn escaping_covers_the_five_characters_html_gives_meaning_to() {
    assert_eq!(
        escape(r#"<a href="x">Tom & Jerry's</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
    );
    assert_eq!(escape("Zoë — plain"), "Zoë — plain");
    assert_eq!(escape("&amp;"), "&amp;amp;");
}

#[tokio::test]
async fn text_on_the_pages_is_escaped() {
    let demo = demo(1, 0);
    let (_, _, html) = demo.open("/shop/iodine-selenium.html").await;
    assert!(html.contains("<h1>Iodine &amp; Selenium</h1>"), "{html}");
    assert!(!html.contains("Iodine & Selenium"));
    let (_, _, svg) = demo
        .open("/shop/media/catalog/product/iodine-selenium.svg")
        .await;
    assert!(svg.contains("Iodine &amp; Selenium") && !svg.contains("Iodine & Selenium"));

    // A path the 404 page repeats.
    let (status, _, html) = demo.open("/shop/%3Cb%3Ehi%3C%2Fb%3E.html").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("&lt;b&gt;hi&lt;/b&gt;.html") && !html.contains("<b>hi"));

    // A customer whose name and address are full of markup (the first known person is
    // customer 1001).
    let demo = demo_with(
        1,
        0,
        "2026-03-10T12:00:00Z".parse().unwrap(),
        vec![DemoPerson {
            first_name: "<b>Zoë</b>".into(),
            last_name: "O'Brien & \"Co\"".into(),
            email: "zoe<script>@example.com".into(),
            phone: Some("<i>555</i>".into()),
        }],
    );
    let (status, _, html) = demo.open(path_of(&admin_url(1001))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(
        "customer &lt;b&gt;Zoë&lt;/b&gt; O&#39;Brien &amp; &quot;Co&quot; \
         (zoe&lt;script&gt;@example.com)"
    ));
    assert!(html.contains("&lt;i&gt;555&lt;/i&gt;"));
    assert!(!html.contains("<b>") && !html.contains("<script") && !html.contains("<i>"));
    assert!(html.contains("<p>No carts.</p>"));
}

#[tokio::test]
async fn a_quiz_results_explanation_video_page_opens_in_the_shop() {
    let demo = demo(7, 6);
    let (_, body) = demo.get("/website/feeds/body-type-quiz?limit=5").await;
    for quiz in body["records"].as_array().unwrap() {
        let video = quiz["result"]["video_url"].as_str().unwrap();
        assert!(video.starts_with(SHOP_URL), "{video}");
        let (status, content_type, html) = demo.open(path_of(video)).await;
        assert_eq!(status, StatusCode::OK, "{video}");
        assert!(content_type.starts_with("text/html"));
        assert!(html.contains("body type, explained"), "{html}");
    }
    let (status, _, _) = demo.open("/shop/videos/nothing-body-type").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
