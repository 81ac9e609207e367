//! A source's records as the import reads them: the website feed's records
//! (docs/website-feed.md) and Magento's carts, each decoded into what a work item needs or
//! into the reason it cannot be imported. A bad record never stops the ones behind it.

use serde::Deserialize;
use worklane_domain::{
    CartLine, CartReference, Detail, Email, FaqReference, FaqState, HealthRating, HealthReference,
    ImportSource, PersonName, Phone, QuizAnswer, QuizReference, Symptom, Timestamp,
    WorkItemReference, format_money,
};

use super::ports::Connection;

/// A record ready to become a work item (kept as it is while it waits in a queue).
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub(crate) struct Incoming {
    pub external_id: String,
    pub email: Email,
    /// The name the person gave, if any.
    pub name: Option<PersonName>,
    pub phone: Option<Phone>,
    pub description: String,
    pub reference: WorkItemReference,
}

/// What a record turned out to be.
#[derive(Debug, Clone)]
pub(crate) enum Decoded {
    Import(Box<Incoming>),
    /// A cart that needs no work item of its own (ordered or emptied before it was imported);
    /// an open item for it is still brought up to date.
    CartOnly(Box<Incoming>, String),
    Failed {
        external_id: String,
        email: Option<String>,
        reason: String,
    },
}

impl Decoded {
    pub fn external_id(&self) -> &str {
        match self {
            Decoded::Import(i) | Decoded::CartOnly(i, _) => &i.external_id,
            Decoded::Failed { external_id, .. } => external_id,
        }
    }
}

/// Decodes `body`, the `n`th record of a page of `source`.
pub(crate) fn decode(
    source: ImportSource,
    body: &serde_json::Value,
    n: usize,
    connection: &Connection,
) -> Decoded {
    let external_id =
        external_id(body).unwrap_or_else(|| format!("(record {n} of the page, no id)"));
    let email = body
        .get("email")
        .or_else(|| body.pointer("/customer/email"))
        .or_else(|| body.pointer("/billing_address/email"))
        .and_then(|e| e.as_str())
        .map(str::to_string);
    let decoded = match source {
        ImportSource::BodyTypeQuiz => body_type_quiz(body),
        ImportSource::HealthEvaluationQuiz => health_quiz(body),
        ImportSource::FaqRequests => faq(body),
        ImportSource::AbandonedCarts => return cart(body, connection, external_id, email),
    };
    match decoded.and_then(|(common, description, reference)| {
        common.incoming(external_id.clone(), description, reference)
    }) {
        Ok(incoming) => Decoded::Import(Box::new(incoming)),
        Err(reason) => Decoded::Failed {
            external_id,
            email,
            reason,
        },
    }
}

/// The record's id at the source: the feed's `id`, a cart's `id`.
fn external_id(body: &serde_json::Value) -> Option<String> {
    let id = match body.get("id")? {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    is_external_id(&id).then_some(id)
}

/// Whether `id` can be a record's id: ids become parts of keys, so they are short and
/// printable.
pub(crate) fn is_external_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
}

/// What every website record carries about the person.
#[derive(Deserialize)]
struct Person {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    submitted_at: Timestamp,
}

impl Person {
    fn incoming(
        self,
        external_id: String,
        description: String,
        reference: WorkItemReference,
    ) -> Result<Incoming, String> {
        let email = parse_email(self.email.as_deref())?;
        Ok(Incoming {
            external_id,
            email,
            name: full_name(self.first_name.as_deref(), self.last_name.as_deref()),
            // A phone that does not read as one stays on the record only.
            phone: self.phone.as_deref().and_then(|p| Phone::parse(p).ok()),
            description,
            reference,
        })
    }

    fn shown_name(&self) -> String {
        full_name(self.first_name.as_deref(), self.last_name.as_deref())
            .map(|n| n.to_string())
            .unwrap_or_default()
    }
}

fn parse_email(raw: Option<&str>) -> Result<Email, String> {
    match raw.map(str::trim).filter(|e| !e.is_empty()) {
        None => Err("the record has no email address, so it cannot be matched to a contact".into()),
        Some(raw) => {
            Email::parse(raw).map_err(|why| format!("the record's email is not valid: {why}"))
        }
    }
}

fn full_name(first: Option<&str>, last: Option<&str>) -> Option<PersonName> {
    let joined = format!(
        "{} {}",
        first.unwrap_or("").trim(),
        last.unwrap_or("").trim()
    );
    PersonName::parse(joined.trim()).ok()
}

fn malformed(error: serde_json::Error) -> String {
    format!("the record is malformed: {error}")
}

type Parts = (Person, String, WorkItemReference);

fn body_type_quiz(body: &serde_json::Value) -> Result<Parts, String> {
    #[derive(Deserialize)]
    struct Result_ {
        name: String,
        #[serde(default)]
        video_url: Option<String>,
    }
    #[derive(Deserialize)]
    struct Quiz {
        #[serde(flatten)]
        person: Person,
        result: Result_,
        #[serde(default)]
        answers: Vec<QuizAnswer>,
        #[serde(default)]
        details: Vec<Detail>,
    }
    let quiz = Quiz::deserialize(body).map_err(malformed)?;
    let email = quiz.person.email.clone().unwrap_or_default();
    let description = format!("Body Type Quiz result: {}", quiz.result.name);
    let reference = WorkItemReference::BodyTypeQuiz(QuizReference {
        email: email.trim().to_ascii_lowercase(),
        taken_at: quiz.person.submitted_at,
        result: quiz.result.name,
        result_video_url: quiz.result.video_url.filter(|u| is_web_link(u)),
        answers: quiz.answers,
        details: quiz.details,
    });
    Ok((quiz.person, description, reference))
}

fn health_quiz(body: &serde_json::Value) -> Result<Parts, String> {
    #[derive(Deserialize)]
    struct Quiz {
        #[serde(flatten)]
        person: Person,
        #[serde(default)]
        details: Vec<Detail>,
        #[serde(default)]
        ratings: Vec<HealthRating>,
        #[serde(default)]
        disclaimer: String,
        #[serde(default)]
        symptoms: Vec<Symptom>,
    }
    let mut quiz = Quiz::deserialize(body).map_err(malformed)?;
    if let Some(bad) = quiz.ratings.iter().find(|r| r.score > 10) {
        return Err(format!(
            "the rating of \"{}\" is {}, outside 0 to 10",
            bad.aspect, bad.score
        ));
    }
    for symptom in &mut quiz.symptoms {
        if let Some(product) = &mut symptom.product {
            product.url = product.url.take().filter(|u| is_web_link(u));
        }
    }
    let email = quiz.person.email.clone().unwrap_or_default();
    let description = match quiz.symptoms.len() {
        1 => "Health Evaluation Quiz: 1 symptom reported".to_string(),
        n => format!("Health Evaluation Quiz: {n} symptoms reported"),
    };
    let reference = WorkItemReference::HealthEvaluationQuiz(HealthReference {
        email: email.trim().to_ascii_lowercase(),
        taken_at: quiz.person.submitted_at,
        details: quiz.details,
        ratings: quiz.ratings,
        disclaimer: quiz.disclaimer,
        symptoms: quiz.symptoms,
    });
    Ok((quiz.person, description, reference))
}

fn faq(body: &serde_json::Value) -> Result<Parts, String> {
    #[derive(Deserialize)]
    struct Faq {
        #[serde(flatten)]
        person: Person,
        question: String,
    }
    let faq = Faq::deserialize(body).map_err(malformed)?;
    let question = faq.question.trim().to_string();
    if question.is_empty() {
        return Err("the FAQ request has no question".into());
    }
    let reference = WorkItemReference::FaqRequest(FaqReference {
        asked_by: faq.person.shown_name(),
        email: faq
            .person
            .email
            .clone()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
        asked_at: faq.person.submitted_at,
        question: question.clone(),
        state: FaqState::Waiting,
    });
    let description = format!("FAQ request: {question}");
    Ok((faq.person, description, reference))
}

/// Only web links are shown as links: never `javascript:` or anything else a record sends.
fn is_web_link(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Magento's `YYYY-MM-DD HH:MM:SS`, always UTC.
pub(crate) fn magento_time(raw: &str) -> Result<Timestamp, String> {
    format!("{}Z", raw.trim().replacen(' ', "T", 1))
        .parse()
        .map_err(|_| format!("\"{raw}\" is not a Magento date (YYYY-MM-DD HH:MM:SS)"))
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

fn cart(
    body: &serde_json::Value,
    connection: &Connection,
    external_id: String,
    email: Option<String>,
) -> Decoded {
    match cart_parts(body, connection, &external_id) {
        Ok((person_email, name, phone, cart)) => {
            let email = match parse_email(person_email.as_deref()) {
                Ok(email) => email,
                Err(reason) => {
                    return Decoded::Failed {
                        external_id,
                        email,
                        reason,
                    };
                }
            };
            let why_not = if let Some(order) = &cart.ordered_as {
                Some(format!("the cart became order {order}"))
            } else if !cart.active {
                Some("the cart is no longer active in the shop".to_string())
            } else if cart.items_count == 0 {
                Some("the cart is empty".to_string())
            } else {
                None
            };
            let products = match cart.items_count {
                1 => "1 product".to_string(),
                n => format!("{n} products"),
            };
            let description = format!(
                "Abandoned cart: {products}, {}",
                format_money(cart.total_cents, &cart.currency)
            );
            let incoming = Box::new(Incoming {
                external_id,
                email,
                name,
                phone,
                description,
                reference: WorkItemReference::AbandonedCart(cart),
            });
            match why_not {
                Some(why) => Decoded::CartOnly(incoming, why),
                None => Decoded::Import(incoming),
            }
        }
        Err(reason) => Decoded::Failed {
            external_id,
            email,
            reason,
        },
    }
}

type CartParts = (
    Option<String>,
    Option<PersonName>,
    Option<Phone>,
    CartReference,
);

fn cart_parts(
    body: &serde_json::Value,
    connection: &Connection,
    external_id: &str,
) -> Result<CartParts, String> {
    #[derive(Deserialize, Default)]
    struct Customer {
        #[serde(default)]
        id: Option<u64>,
        #[serde(default)]
        email: Option<String>,
        #[serde(default)]
        firstname: Option<String>,
        #[serde(default)]
        lastname: Option<String>,
    }
    #[derive(Deserialize, Default)]
    struct Address {
        #[serde(default)]
        email: Option<String>,
        #[serde(default)]
        firstname: Option<String>,
        #[serde(default)]
        lastname: Option<String>,
        #[serde(default)]
        telephone: Option<String>,
    }
    #[derive(Deserialize, Default)]
    struct Currency {
        #[serde(default)]
        quote_currency_code: Option<String>,
        #[serde(default)]
        base_currency_code: Option<String>,
    }
    #[derive(Deserialize, Default)]
    struct LineExtras {
        #[serde(default)]
        image_url: Option<String>,
        #[serde(default)]
        product_url: Option<String>,
    }
    #[derive(Deserialize)]
    struct Line {
        sku: String,
        #[serde(default)]
        name: Option<String>,
        qty: f64,
        #[serde(default)]
        price: f64,
        #[serde(default)]
        extension_attributes: Option<LineExtras>,
    }
    #[derive(Deserialize)]
    struct Cart {
        created_at: String,
        updated_at: String,
        #[serde(default)]
        is_active: Option<serde_json::Value>,
        #[serde(default)]
        items_count: u32,
        #[serde(default)]
        customer: Option<Customer>,
        #[serde(default)]
        billing_address: Option<Address>,
        #[serde(default)]
        reserved_order_id: Option<String>,
        #[serde(default)]
        currency: Option<Currency>,
        #[serde(default)]
        items: Vec<Line>,
    }
    let cart = Cart::deserialize(body).map_err(malformed)?;
    let customer = cart.customer.unwrap_or_default();
    let billing = cart.billing_address.unwrap_or_default();
    let email = customer
        .email
        .clone()
        .filter(|e| !e.trim().is_empty())
        .or(billing.email.clone());
    let name = full_name(customer.firstname.as_deref(), customer.lastname.as_deref())
        .or_else(|| full_name(billing.firstname.as_deref(), billing.lastname.as_deref()));
    let phone = billing
        .telephone
        .as_deref()
        .and_then(|p| Phone::parse(p).ok());
    // Magento sends true/false, older shops 1/0.
    let active = match &cart.is_active {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Number(n)) => n.as_u64() == Some(1),
        _ => true,
    };
    let currency = cart
        .currency
        .and_then(|c| c.quote_currency_code.or(c.base_currency_code))
        .unwrap_or_else(|| "USD".into());
    let base = connection.base_url.trim_end_matches('/');
    let lines: Vec<CartLine> = cart
        .items
        .into_iter()
        .map(|line| {
            let quantity = line.qty.max(0.0).round() as u32;
            let price_cents = cents(line.price);
            let extras = line.extension_attributes.unwrap_or_default();
            CartLine {
                product_url: extras
                    .product_url
                    .filter(|u| is_web_link(u))
                    .or_else(|| Some(format!("{base}/catalogsearch/result/?q={}", line.sku))),
                image_url: extras.image_url.filter(|u| is_web_link(u)),
                name: line.name.unwrap_or_else(|| line.sku.clone()),
                sku: line.sku,
                quantity,
                price_cents,
                subtotal_cents: price_cents * i64::from(quantity),
            }
        })
        .collect();
    let total_cents = lines.iter().map(|l| l.subtotal_cents).sum();
    let reference = CartReference {
        cart_id: external_id.into(),
        customer_id: customer.id.map(|id| id.to_string()),
        email: email
            .clone()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
        items_count: cart.items_count,
        created_at: magento_time(&cart.created_at)?,
        updated_at: magento_time(&cart.updated_at)?,
        lines,
        total_cents,
        currency,
        loaded_at: Timestamp::now(),
        admin_url: customer
            .id
            .map(|id| format!("{base}/admin/customer/index/edit/id/{id}/")),
        ordered_as: cart
            .reserved_order_id
            .filter(|o| !o.trim().is_empty() && !active),
        active,
    };
    Ok((email, name, phone, reference))
}
