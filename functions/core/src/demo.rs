//! Demo data for a first local start: an admin, a manager, six reps and a few thousand
//! realistic contacts, generated deterministically so every newcomer sees the same CRM, work
//! items on about a third of them (`items.rs`) and conversations with one in five
//! (`interactions.rs`).

mod interactions;
mod items;
mod org;

use std::collections::HashSet;

use worklane_domain::{
    ContactFields, ContactKind, Email, Extension, NewUser, Password, PersonName, Phone, Role,
};
use worklane_store::{Condition, Index, Item, ItemStore, Query};

use crate::users::Users;
use crate::{Access, Actor, CoreError, SystemTask, Worklane, keys};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "worklane-demo";

const FIRST: &[&str] = &[
    "Sarah",
    "Abdulrahman",
    "Cathy",
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Patricia",
    "David",
    "Jennifer",
    "William",
    "Elizabeth",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Karen",
    "Charles",
    "Nancy",
    "Christopher",
    "Lisa",
    "Daniel",
    "Betty",
    "Matthew",
    "Margaret",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Donald",
    "Kimberly",
    "Steven",
    "Emily",
    "Paul",
    "Donna",
    "Andrew",
    "Michelle",
    "Joshua",
    "Carol",
    "Kenneth",
    "Amanda",
    "Kevin",
    "Melissa",
    "Brian",
    "Deborah",
    "George",
    "Stephanie",
    "Timothy",
    "Rebecca",
    "Ronald",
    "Laura",
    "Jason",
    "Sharon",
    "Edward",
    "Cynthia",
    "Jeffrey",
    "Kathleen",
    "Ryan",
    "Amy",
    "Jacob",
    "Angela",
    "Gary",
    "Helen",
    "Nicholas",
    "Anna",
    "Eric",
    "Brenda",
    "Jonathan",
    "Pamela",
    "Stephen",
    "Nicole",
    "Larry",
    "Emma",
    "Justin",
    "Samantha",
    "Scott",
    "Katherine",
    "Brandon",
    "Christine",
    "Benjamin",
    "Debra",
    "Samuel",
    "Rachel",
    "Gregory",
    "Carolyn",
    "Alexander",
    "Janet",
    "Frank",
    "Catherine",
    "Raymond",
    "Maria",
    "Patrick",
    "Heather",
    "Jack",
    "Diane",
    "Dennis",
    "Ruth",
    "Jerry",
    "Julie",
    "Tyler",
    "Olivia",
    "Aaron",
    "Joyce",
    "Jose",
    "Virginia",
    "Adam",
    "Victoria",
    "Nathan",
    "Kelly",
    "Henry",
    "Lauren",
    "Douglas",
    "Christina",
    "Zachary",
    "Joan",
    "Peter",
    "Evelyn",
    "Kyle",
    "Judith",
    "Ethan",
    "Megan",
    "Walter",
    "Andrea",
    "Noah",
    "Cheryl",
    "Jeremy",
    "Hannah",
    "Christian",
    "Jacqueline",
    "Keith",
    "Martha",
    "Roger",
    "Gloria",
    "Terry",
    "Teresa",
    "Austin",
    "Ann",
    "Sean",
    "Sara",
    "Gerald",
    "Madison",
    "Carl",
    "Frances",
    "Harold",
    "Kathryn",
    "Dylan",
    "Janice",
    "Arthur",
    "Jean",
    "Lawrence",
    "Abigail",
    "Jordan",
    "Alice",
    "Jesse",
    "Judy",
    "Bryan",
    "Sophia",
    "Billy",
    "Grace",
    "Bruce",
    "Denise",
    "Gabriel",
    "Amber",
    "Joe",
    "Doris",
    "Logan",
    "Marilyn",
    "Alan",
    "Danielle",
    "Juan",
    "Beverly",
    "Albert",
    "Isabella",
    "Willie",
    "Theresa",
    "Elijah",
    "Diana",
    "Wayne",
    "Natalie",
    "Randy",
    "Brittany",
    "Vincent",
    "Charlotte",
    "Mason",
    "Marie",
    "Roy",
    "Kayla",
    "Ralph",
    "Alexis",
    "Bobby",
    "Lori",
    "Russell",
    "Aiko",
    "Mehmet",
    "Priya",
    "Wei",
    "Olusegun",
    "Ingrid",
    "Mateo",
    "Fatima",
    "Hiroshi",
    "Chloe",
    "Rafael",
    "Zainab",
];

const LAST: &[&str] = &[
    "Bays",
    "Alzahrani",
    "Slater",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Munoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Boyd",
    "Rose",
    "Stone",
    "Salazar",
    "Fox",
    "Warren",
    "Mills",
    "Meyer",
    "Rice",
    "Schmidt",
    "Garza",
    "Daniels",
    "Ferguson",
    "Nichols",
    "Stephens",
    "Soto",
    "Weaver",
    "Ryan",
    "Gardner",
    "Payne",
    "Grant",
    "Dunn",
    "Okafor",
    "Tanaka",
    "Yilmaz",
    "Sharma",
    "Lindqvist",
    "O'Brien",
    "Novak",
    "Kowalski",
    "Haddad",
    "Ivanova",
];

const PERSONAL_DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "mail.example",
    "inbox.example",
];
const WORK_DOMAINS: &[&str] = &[
    "acme.example",
    "globex.example",
    "initech.example",
    "umbrella.example",
    "hooli.example",
    "vandelay.example",
];

/// One demo sign-in, printed at first start.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: Role,
    pub name: String,
    pub email: String,
}

/// What [`seed_demo_data`] created, or found already there.
#[derive(Debug, Clone)]
pub struct DemoData {
    pub created: bool,
    pub logins: Vec<DemoLogin>,
    pub password: &'static str,
    pub contacts: usize,
    pub work_items: usize,
    pub interactions: usize,
}

const STAFF: &[(Role, &str, &str, &str)] = &[
    (Role::Admin, "Ada Admin", "admin@worklane.test", "100"),
    (
        Role::Manager,
        "Morgan Manager",
        "manager@worklane.test",
        "200",
    ),
    (Role::Rep, "Riley Rep", "rep1@worklane.test", "301"),
    (Role::Rep, "Sam Rivera", "rep2@worklane.test", "302"),
    (Role::Rep, "Taylor Chen", "rep3@worklane.test", "303"),
    (Role::Rep, "Jordan Patel", "rep4@worklane.test", "304"),
    (Role::Rep, "Casey Novak", "rep5@worklane.test", "305"),
    (Role::Rep, "Jamie Okafor", "rep6@worklane.test", "306"),
    (
        Role::Manager,
        "Devon Brooks",
        "service@worklane.test",
        "400",
    ),
    (
        Role::ServiceStaff,
        "Quinn Alvarez",
        "staff1@worklane.test",
        "401",
    ),
    (
        Role::ServiceStaff,
        "Robin Moss",
        "staff2@worklane.test",
        "402",
    ),
];

fn logins() -> Vec<DemoLogin> {
    STAFF
        .iter()
        .map(|(role, name, email, _)| DemoLogin {
            role: *role,
            name: name.to_string(),
            email: email.to_string(),
        })
        .collect()
}

/// Seeds the demo data into an empty store, and finishes a seeding that was interrupted
/// (the data is deterministic, so what exists is recognised and skipped). A store whose users
/// are not the demo staff is real data and left alone.
pub async fn seed_demo_data(app: &Worklane, contacts: usize) -> Result<DemoData, CoreError> {
    let store: &dyn ItemStore = app.store.as_ref();
    let untouched = DemoData {
        created: false,
        logins: logins(),
        password: DEMO_PASSWORD,
        contacts: 0,
        work_items: 0,
        interactions: 0,
    };
    if store.get(keys::DEMO, keys::DEMO_SEEDED).await?.is_some() {
        return Ok(untouched);
    }
    let users = Users::new(store);
    let any_user = store
        .query(Query::index(Index::GSI1, keys::USERS).limit(1))
        .await?;
    let demo_admin = Email::parse(STAFF[0].2).map_err(CoreError::Internal)?;
    if !any_user.items.is_empty() && users.load_by_email(&demo_admin).await?.is_none() {
        return Ok(untouched);
    }
    // The demo is made by its staff, each acting in their own name.
    let (manager, reps, service) = team(app).await?;
    org::seed(app).await?;
    let demo = Access::system(SystemTask::DemoData);
    app.catalog().ensure_presets().await?;
    let companies = accounts(app, &manager).await?;
    let mut generator = ContactGenerator::new();
    let now = worklane_domain::Timestamp::now();
    let mut created = 0;
    let mut work_items = 0;
    let mut conversations = 0;
    for n in 0..contacts {
        let mut fields = generator.next_contact()?;
        let fields_kind = fields.kind;
        let owner = &reps[n % reps.len()];
        let plans = items::plans(n, reps.len(), fields.kind, now);
        let existing = match fields.emails.first() {
            Some(email) => app.contacts().find_by_email(&demo, email).await?,
            None => None,
        };
        // A contact and its items are one step: a rerun finds the contact and finishes
        // whatever of its items is missing.
        let (contact, fresh) = match existing {
            Some(contact) => (contact, false),
            None => {
                fields.owner_id = Some(owner.actor()?.id.clone());
                created += 1;
                (app.contacts().create(&manager, fields).await?, true)
            }
        };
        // Every fourth customer works for one of the demo companies.
        let contact = match (&contact.account_id, fields_kind, n % 4) {
            (None, ContactKind::Customer, 0) => {
                let request = worklane_domain::ContactAccountRequest {
                    account_id: Some(companies[(n / 4) % companies.len()].clone()),
                    version: contact.version,
                };
                app.contacts()
                    .set_account(&manager, &contact.id, request)
                    .await?
            }
            _ => contact,
        };
        // Work orders go to the service desk (seed 003: service staff handle them).
        let handler = &service[n % service.len()];
        work_items += items::seed(app, owner, handler, &contact.id, plans, fresh).await?;
        conversations += interactions::seed(app, owner, &contact, n, reps.len(), now).await?;
    }
    let marker = Item::new(keys::DEMO, keys::DEMO_SEEDED, &created)?;
    store.put(marker, Condition::Always).await?;
    Ok(DemoData {
        created: true,
        logins: logins(),
        password: DEMO_PASSWORD,
        contacts: created,
        work_items,
        interactions: conversations,
    })
}

/// The demo's companies (seed 003's accounts), owned by the demo's manager; made once.
const COMPANIES: &[&str] = &[
    "Brightwater Fitness Club",
    "Harbor View Hotel",
    "Northside Physio Clinic",
    "Summit Corporate Wellness",
    "Riverside Community Gym",
    "Oakridge Senior Living",
];

/// The demo companies' ids, made if missing.
async fn accounts(
    app: &Worklane,
    manager: &Access,
) -> Result<Vec<worklane_domain::AccountId>, CoreError> {
    let demo = Access::system(SystemTask::DemoData);
    let existing = app.accounts().list(&demo, None, Some(100)).await?.items;
    let mut ids = Vec::with_capacity(COMPANIES.len());
    for name in COMPANIES {
        let id = match existing.iter().find(|a| a.name == *name) {
            Some(account) => account.id.clone(),
            None => {
                let input = worklane_domain::AccountInput {
                    name: name.to_string(),
                    owner_id: None,
                };
                app.accounts().create(manager, input).await?.id
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

/// The demo staff's accesses, each user created if missing: the manager, and the reps in
/// [`STAFF`] order (contact `n` belongs to rep `n % reps`).
#[cfg(test)]
pub(crate) async fn staff(app: &Worklane) -> Result<(Access, Vec<Access>), CoreError> {
    let (manager, reps, _) = team(app).await?;
    Ok((manager, reps))
}

/// [`staff`], and the service staff who handle the work orders, in [`STAFF`] order.
pub(crate) async fn team(app: &Worklane) -> Result<(Access, Vec<Access>, Vec<Access>), CoreError> {
    let users = Users::new(app.store.as_ref());
    let defaults = app.sharing().load().await?.defaults;
    let org = app.organisation().current().await?;
    let mut reps = Vec::new();
    let mut service = Vec::new();
    let mut manager = None;
    for (role, name, email, ext) in STAFF {
        let email = Email::parse(email).map_err(CoreError::Internal)?;
        let (id, name) = match users.load_by_email(&email).await? {
            Some((user, _)) => (user.id, user.name),
            None => {
                let view = users
                    .insert(NewUser {
                        email,
                        name: PersonName::parse(name).map_err(CoreError::Internal)?,
                        role: *role,
                        extension: Some(Extension::parse(ext).map_err(CoreError::Internal)?),
                        password: Password::parse(DEMO_PASSWORD).map_err(CoreError::Internal)?,
                    })
                    .await?;
                (view.id, view.name)
            }
        };
        let access = Access::user(
            Actor {
                id,
                name,
                role: *role,
            },
            defaults,
            org.clone(),
        );
        match role {
            Role::Rep => reps.push(access),
            Role::Manager if manager.is_none() => manager = Some(access),
            Role::Manager => {}
            Role::ServiceStaff => service.push(access),
            Role::Admin => {}
        }
    }
    let manager = manager.ok_or_else(|| CoreError::Internal("no demo manager".into()))?;
    Ok((manager, reps, service))
}

/// Realistic, repeatable contacts: names from common first and last names, personal email
/// addresses (some with a second, work address), fictional 555-01xx phone numbers.
pub struct ContactGenerator {
    state: u64,
    used: HashSet<String>,
}

impl Default for ContactGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl ContactGenerator {
    pub fn new() -> Self {
        Self {
            state: 0x2545_F491_4F6C_DD1D,
            used: HashSet::new(),
        }
    }

    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic and good enough to pick names.
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[(self.next() % list.len() as u64) as usize]
    }

    fn unique_address(&mut self, local: &str, domain: &str) -> String {
        let mut candidate = format!("{local}@{domain}");
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{local}{n}@{domain}");
            n += 1;
        }
        candidate
    }

    pub fn next_contact(&mut self) -> Result<ContactFields, CoreError> {
        let first = self.pick(FIRST);
        let last = self.pick(LAST);
        let local = format!("{}.{}", first, last)
            .to_lowercase()
            .replace('\'', "");
        let personal_domain = self.pick(PERSONAL_DOMAINS);
        let mut emails = vec![self.unique_address(&local, personal_domain)];
        if self.next().is_multiple_of(7) {
            let work_domain = self.pick(WORK_DOMAINS);
            let work_local = format!("{}{}", &first[..1], last)
                .to_lowercase()
                .replace('\'', "");
            emails.push(self.unique_address(&work_local, work_domain));
        }
        let area = 201 + self.next() % 780;
        let line = self.next() % 100;
        let phone = format!("+1 ({area}) 555-01{line:02}");
        let kind = if self.next() % 100 < 35 {
            ContactKind::Customer
        } else {
            ContactKind::Prospect
        };
        let new_lead = kind == ContactKind::Prospect && self.next().is_multiple_of(10);
        let bad = |e: String| CoreError::Internal(format!("demo data is invalid: {e}"));
        Ok(ContactFields {
            name: PersonName::parse(&format!("{first} {last}")).map_err(bad)?,
            kind,
            emails: emails
                .iter()
                .map(|e| Email::parse(e))
                .collect::<Result<_, _>>()
                .map_err(bad)?,
            phones: vec![Phone::parse(&phone).map_err(bad)?],
            owner_id: None,
            new_lead,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::Arc;

    use worklane_store::EmbeddedStore;

    /// The last work item number given.
    async fn last_number(app: &Worklane) -> u64 {
        let counter = app.store.get(keys::COUNTER, keys::WORK_ITEM_COUNTER).await;
        counter.unwrap().map_or(0, |item| {
            item.decode::<serde_json::Value>().unwrap()["last"]
                .as_u64()
                .unwrap()
        })
    }

    async fn forget_marker(app: &Worklane) {
        app.store
            .delete(keys::DEMO, keys::DEMO_SEEDED, Condition::Always)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn an_interrupted_seeding_is_finished_on_the_next_start_and_then_left_alone() {
        let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
        let first = seed_demo_data(&app, 5).await.unwrap();
        assert_eq!(last_number(&app).await, first.work_items as u64);
        // As if the first start had stopped before the last contacts and the marker.
        forget_marker(&app).await;
        let resumed = seed_demo_data(&app, 8).await.unwrap();
        assert!(resumed.created);
        assert_eq!(resumed.contacts, 3, "only the missing contacts are created");
        let again = seed_demo_data(&app, 8).await.unwrap();
        assert!(!again.created);
        assert_eq!(app.users().team().await.unwrap().len(), STAFF.len());
        assert_eq!(
            last_number(&app).await,
            (first.work_items + resumed.work_items) as u64
        );
    }

    #[tokio::test]
    async fn every_rep_has_open_work_items_and_seeding_again_makes_none() {
        let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
        let seeded = seed_demo_data(&app, 36).await.unwrap();
        assert_eq!(last_number(&app).await, seeded.work_items as u64);
        let (_, reps) = staff(&app).await.unwrap();
        let mut open = 0;
        for rep in &reps {
            let mine = app
                .work_items()
                .assigned_open(rep, crate::MyWorkItemsFilter::default())
                .await
                .unwrap()
                .items;
            assert!(
                !mine.is_empty(),
                "{} has no open work items",
                rep.actor().unwrap().name
            );
            assert!(mine.iter().all(|i| &i.assignee_id == rep.me()));
            open += mine.len();
        }
        assert!(open < seeded.work_items, "some items were closed");
        // A start that stopped just before the marker: every contact and item is found.
        forget_marker(&app).await;
        let rerun = seed_demo_data(&app, 36).await.unwrap();
        assert_eq!((rerun.contacts, rerun.work_items), (0, 0));
        assert_eq!(last_number(&app).await, seeded.work_items as u64);
    }

    #[tokio::test]
    async fn every_rep_has_unread_messages_and_a_reminder_and_seeding_again_adds_none() {
        let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
        let seeded = seed_demo_data(&app, 12).await.unwrap();
        assert!(seeded.interactions >= 6, "{}", seeded.interactions);
        let (_, reps) = staff(&app).await.unwrap();
        for rep in &reps {
            let unread = app
                .inbox()
                .list(rep, crate::InboxQuery::default())
                .await
                .unwrap()
                .items;
            assert!(
                !unread.is_empty(),
                "{} has no unread messages",
                rep.actor().unwrap().name
            );
        }
        let later = worklane_domain::Timestamp::now()
            .checked_add(jiff::Span::new().minutes(30))
            .unwrap();
        let due = app.interactions().deliver_due_reminders(later).await;
        assert_eq!(due.unwrap(), reps.len(), "a reminder each");
        forget_marker(&app).await;
        let rerun = seed_demo_data(&app, 12).await.unwrap();
        assert_eq!(rerun.interactions, 0);
    }

    #[test]
    fn generated_contacts_are_valid_unique_and_varied() {
        let mut generator = ContactGenerator::new();
        let contacts: Vec<_> = (0..2000)
            .map(|_| generator.next_contact().unwrap())
            .collect();
        let emails: HashSet<_> = contacts
            .iter()
            .flat_map(|c| c.emails.iter().cloned())
            .collect();
        let total: usize = contacts.iter().map(|c| c.emails.len()).sum();
        assert_eq!(emails.len(), total, "an email address repeats");
        assert!(contacts.iter().filter(|c| c.emails.len() == 2).count() > 100);
        assert!(contacts.iter().any(|c| c.kind == ContactKind::Customer));
        assert!(contacts.iter().any(|c| c.kind == ContactKind::Prospect));
    }
}
