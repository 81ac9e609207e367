use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{all, assert_paged_by_updated_at, demo, equal, known_people};

const CUSTOMERS: &str = "/shop/rest/V1/customers/search";

fn ids(rows: &[Value]) -> Vec<u64> {
    rows.iter().map(|c| c["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn every_known_contact_has_an_account_in_magentos_shape() {
    let demo = demo(3, 10);
    let customers = all(&demo, CUSTOMERS).await;
    let now = demo.now().as_second();
    for person in known_people() {
        let customer = customers
            .iter()
            .find(|c| c["email"] == person.email.as_str())
            .unwrap_or_else(|| panic!("{} has an account", person.email));
        assert_eq!(customer["firstname"], person.first_name.as_str());
        assert_eq!(customer["lastname"], person.last_name.as_str());
        assert_eq!(customer["website_id"], 1);
        let telephones: Vec<&Value> = customer["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["telephone"])
            .collect();
        match &person.phone {
            Some(phone) => assert_eq!(telephones, [&json!(phone)]),
            None => assert!(telephones.is_empty()),
        }
    }
    for customer in &customers {
        let created = customer["created_at"].as_str().unwrap();
        let updated = customer["updated_at"].as_str().unwrap();
        assert_eq!(updated.len(), 19, "YYYY-MM-DD HH:MM:SS: {updated}");
        assert!(created <= updated);
        assert!(updated < crate::clock::magento(now).as_str());
    }
    assert!(customers.len() > known_people().len(), "new people too");
}

#[tokio::test]
async fn customers_are_paged_by_updated_at_and_accounts_open_over_time() {
    let demo = demo(3, 10);
    let before = ids(&all(&demo, CUSTOMERS).await);
    let start = crate::clock::magento(demo.now().as_second());

    demo.pass(12 * 60);
    let after = all(&demo, CUSTOMERS).await;
    let now = ids(&after);
    assert!(before.iter().all(|id| now.contains(id)), "accounts stay");
    let opened: Vec<&Value> = after
        .iter()
        .filter(|c| !before.contains(&c["id"].as_u64().unwrap()))
        .collect();
    assert!(!opened.is_empty(), "someone opened an account");
    for customer in opened {
        assert!(customer["created_at"].as_str().unwrap() > start.as_str());
    }
    assert_paged_by_updated_at(&demo, CUSTOMERS, "id").await;
}

#[tokio::test]
async fn a_customer_is_found_by_email_letter_case_aside() {
    let demo = demo(3, 4);
    let (status, body) = demo
        .get(&equal(CUSTOMERS, "email", "Ann.Lee@Example.com"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(body["items"].as_array().unwrap()), [1001]);
    let (_, body) = demo
        .get(&equal(CUSTOMERS, "email", "nobody@example.com"))
        .await;
    assert_eq!(body["total_count"], 0);
}
