//! Who takes the quizzes and fills the carts: existing CRM contacts (about 40% of records) and
//! a fixed crowd of new people made from the seed, so a new person can come back too.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crate::DemoPerson;
use crate::schedule::rng;

/// A person as a source knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    /// Their account in the shop; none for people who check out as guests.
    pub customer_id: Option<u64>,
}

/// Everyone the demo can draw from.
#[derive(Debug)]
pub(crate) struct People {
    known: Vec<Person>,
    new: Vec<Person>,
}

const NEW_PEOPLE: u64 = 36;
const STREAM: u64 = 0x9E09_1E00;

impl People {
    pub fn new(seed: u64, known: &[DemoPerson]) -> Self {
        let known = known
            .iter()
            .zip(1001u64..)
            .map(|(p, customer_id)| Person {
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                email: p.email.trim().to_string(),
                phone: p.phone.clone(),
                customer_id: Some(customer_id),
            })
            .collect();
        let mut new: Vec<Person> = Vec::new();
        for n in 0..NEW_PEOPLE {
            let mut rng = rng(seed, STREAM, n);
            // Two new people never share an address.
            let person = (0..8)
                .map(|_| new_person(&mut rng, n))
                .find(|p| !new.iter().any(|q| q.email == p.email));
            if let Some(person) = person {
                new.push(person);
            }
        }
        People { known, new }
    }

    /// Someone submitting a form on the website: a known contact about 40% of the time
    /// (their address sometimes typed in another letter case, the phone sometimes left out),
    /// otherwise someone new.
    pub fn website_visitor(&self, rng: &mut StdRng) -> Person {
        if !self.known.is_empty()
            && rng.random_bool(0.4)
            && let Some(known) = self.known.choose(rng)
        {
            let mut person = known.clone();
            if rng.random_bool(0.3) {
                person.email = other_case(&person.email);
            }
            if rng.random_bool(0.3) {
                person.phone = None;
            }
            return person;
        }
        self.someone_new(rng)
    }

    /// Someone filling a cart: mostly customers with accounts (known contacts and new
    /// people), sometimes a guest.
    pub fn shopper(&self, rng: &mut StdRng) -> Person {
        let roll: f64 = rng.random();
        if roll < 0.45
            && let Some(known) = self.known.choose(rng)
        {
            return known.clone();
        }
        let with_account: Vec<&Person> = self
            .new
            .iter()
            .filter(|p| p.customer_id.is_some())
            .collect();
        if roll < 0.8
            && let Some(customer) = with_account.choose(rng)
        {
            return (*customer).clone();
        }
        self.guest(rng)
    }

    /// The shop's customer whose account is `id`.
    pub fn customer(&self, id: u64) -> Option<&Person> {
        self.known
            .iter()
            .chain(&self.new)
            .find(|person| person.customer_id == Some(id))
    }

    /// Everyone with an account in the shop (opened already or not), each with whether they
    /// are a known contact.
    pub fn account_holders(&self) -> impl Iterator<Item = (&Person, bool)> {
        let known = self.known.iter().map(|person| (person, true));
        let new = self.new.iter().map(|person| (person, false));
        known
            .chain(new)
            .filter(|(person, _)| person.customer_id.is_some())
    }

    /// The person whose address this is, letter case aside.
    pub fn by_email(&self, email: &str) -> Option<&Person> {
        let email = email.trim();
        self.known
            .iter()
            .chain(&self.new)
            .find(|person| person.email.eq_ignore_ascii_case(email))
    }

    /// Someone checking out without an account.
    pub fn guest(&self, rng: &mut StdRng) -> Person {
        let mut person = self.someone_new(rng);
        person.customer_id = None;
        person
    }

    /// One of the new people.
    pub fn someone_new(&self, rng: &mut StdRng) -> Person {
        self.new.choose(rng).cloned().unwrap_or_else(|| Person {
            first_name: "Robin".into(),
            last_name: "Hale".into(),
            email: "robin.hale@example.net".into(),
            phone: None,
            customer_id: None,
        })
    }
}

const FIRST_NAMES: &[&str] = &[
    "Olivia", "Emma", "Sophia", "Mia", "Harper", "Evelyn", "Abigail", "Grace", "Chloe", "Nora",
    "Hannah", "Maya", "Leah", "Rosa", "Ingrid", "Priya", "Aisha", "Mei", "Lucia", "Fatima",
    "Daniel", "James", "Michael", "Marcus", "Tomás", "Ethan", "Noah", "Samuel", "Ravi", "Kenji",
];

const LAST_NAMES: &[&str] = &[
    "Johnson", "Martinez", "Nguyen", "Patel", "Okafor", "Schmidt", "Rossi", "Kowalski", "O'Brien",
    "Andersen", "Garcia", "Kim", "Walker", "Bennett", "Delgado", "Fischer", "Haddad", "Yamamoto",
    "Silva", "Murphy", "Brooks", "Larsen", "Moreau", "Novak", "Reyes",
];

const DOMAINS: &[&str] = &["example.net", "example.org", "mail.example.net"];

fn new_person(rng: &mut StdRng, n: u64) -> Person {
    let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Alex");
    let last = LAST_NAMES.choose(rng).copied().unwrap_or("Jordan");
    let domain = DOMAINS.choose(rng).copied().unwrap_or("example.net");
    let (f, l) = (plain(first), plain(last));
    let local = match rng.random_range(0..4) {
        0 => format!("{f}.{l}"),
        1 => format!("{}{l}", f.chars().next().unwrap_or('x')),
        2 => format!("{f}{}", rng.random_range(10..99)),
        _ => format!("{f}_{l}{}", rng.random_range(1..9)),
    };
    let phone = match rng.random_range(0..5) {
        0 => None,
        1 => Some(format!("+1 555 01{:02}", rng.random_range(0..100))),
        2 => Some(format!(
            "(555) 01{}-{:04}",
            rng.random_range(0..10),
            rng.random_range(0..10_000)
        )),
        3 => Some(format!("555-01{:02}", rng.random_range(0..100))),
        _ => Some(format!("+1 (212) 555-01{:02}", rng.random_range(0..100))),
    };
    Person {
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{local}@{domain}"),
        phone,
        // Two new people in three have an account in the shop.
        customer_id: (n % 3 != 2).then_some(2001 + n),
    }
}

/// A name as it goes into an address: lower case ASCII letters only.
fn plain(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'á' => Some('a'),
            'é' => Some('e'),
            'í' => Some('i'),
            'ó' => Some('o'),
            'ú' => Some('u'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The same address typed with capitals: `ann.lee@example.com` → `Ann.Lee@Example.com`.
pub(crate) fn other_case(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let local: Vec<String> = local.split('.').map(capitalised).collect();
    if domain.is_empty() {
        return local.join(".");
    }
    format!("{}@{}", local.join("."), capitalised(domain))
}

fn capitalised(part: &str) -> String {
    let mut chars = part.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
