//! The shop's customer accounts (`customer-data-customer-interface`) and how the REST API
//! writes one. Known contacts had theirs long before the demo starts, and so have half the new
//! people with an account; the others open theirs when they first fill a cart or order.

use rand::Rng;
use serde_json::{Value, json};

use crate::clock::{DAY, magento};
use crate::people::{People, Person};
use crate::schedule::rng;
use crate::search_criteria::{FieldValue, Searchable};

const OPENED: u64 = 0xC057_0001;

/// One customer account.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Customer {
    pub id: u64,
    pub person: Person,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The accounts opened so far.
pub(crate) struct Accounts {
    customers: Vec<Customer>,
}

impl Accounts {
    /// The accounts that exist at `start`.
    pub fn new(seed: u64, people: &People, start: i64) -> Self {
        let mut customers = Vec::new();
        for (person, known) in people.account_holders() {
            let Some(id) = person.customer_id else {
                continue;
            };
            let mut rng = rng(seed, OPENED, id);
            if !known && rng.random_bool(0.5) {
                continue;
            }
            let created_at = start - rng.random_range(20 * DAY..900 * DAY);
            let quiet = (start - DAY - created_at).max(1);
            let updated_at = created_at + rng.random_range(0..quiet);
            customers.push(Customer {
                id,
                person: person.clone(),
                created_at,
                updated_at,
            });
        }
        Accounts { customers }
    }

    pub fn all(&self) -> &[Customer] {
        &self.customers
    }

    /// Opens `person`'s account at `at` if they have one in the shop and it is not open yet.
    pub fn open(&mut self, person: &Person, at: i64) {
        let Some(id) = person.customer_id else {
            return;
        };
        if self.customers.iter().any(|customer| customer.id == id) {
            return;
        }
        self.customers.push(Customer {
            id,
            person: person.clone(),
            created_at: at,
            updated_at: at,
        });
    }

    /// The account with this email, letter case aside.
    pub fn by_email(&self, email: &str) -> Option<&Customer> {
        let email = email.trim();
        self.customers
            .iter()
            .find(|customer| customer.person.email.eq_ignore_ascii_case(email))
    }
}

impl Customer {
    /// The account as `GET /V1/customers/search` lists it.
    pub fn to_json(&self) -> Value {
        let person = &self.person;
        let address_id = self.id + 10_000;
        let addresses: Vec<Value> = match &person.phone {
            Some(phone) => vec![json!({
                "id": address_id,
                "customer_id": self.id,
                "region": { "region_code": "IL", "region": "Illinois", "region_id": 23 },
                "region_id": 23,
                "country_id": "US",
                "street": [format!("{} Main Street", 100 + self.id % 900)],
                "telephone": phone,
                "postcode": "62701",
                "city": "Springfield",
                "firstname": person.first_name,
                "lastname": person.last_name,
                "default_shipping": true,
                "default_billing": true
            })],
            None => Vec::new(),
        };
        let mut customer = json!({
            "id": self.id,
            "group_id": 1,
            "created_at": magento(self.created_at),
            "updated_at": magento(self.updated_at),
            "created_in": "Default Store View",
            "email": person.email,
            "firstname": person.first_name,
            "lastname": person.last_name,
            "store_id": 1,
            "website_id": 1,
            "addresses": addresses,
            "disable_auto_group_change": 0,
            "extension_attributes": { "is_subscribed": false }
        });
        if person.phone.is_some()
            && let Some(fields) = customer.as_object_mut()
        {
            fields.insert("default_billing".into(), json!(address_id.to_string()));
            fields.insert("default_shipping".into(), json!(address_id.to_string()));
        }
        customer
    }
}

impl Searchable for Customer {
    const FIELDS: &'static [&'static str] = &[
        "entity_id",
        "id",
        "email",
        "firstname",
        "lastname",
        "created_at",
        "updated_at",
        "website_id",
        "group_id",
        "store_id",
    ];

    fn field(&self, name: &str) -> FieldValue {
        match name {
            "entity_id" | "id" => FieldValue::Number(self.id as f64),
            "email" => FieldValue::Text(self.person.email.clone()),
            "firstname" => FieldValue::Text(self.person.first_name.clone()),
            "lastname" => FieldValue::Text(self.person.last_name.clone()),
            "created_at" => FieldValue::Text(magento(self.created_at)),
            "updated_at" => FieldValue::Text(magento(self.updated_at)),
            "website_id" | "group_id" | "store_id" => FieldValue::Number(1.0),
            _ => FieldValue::Null,
        }
    }

    fn id(&self) -> u64 {
        self.id
    }
}
