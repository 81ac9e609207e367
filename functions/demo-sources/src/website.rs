//! The website's feed (docs/website-feed.md): three feeds of form submissions, each with a
//! backlog that already exists at start (three bad records among it, so the import log shows
//! them) and new records that appear over time.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;
use serde_json::json;

use crate::Shared;
use crate::auth::bearer_ok;
use crate::clock::{MINUTE, minutes_since_epoch, rfc3339};
use crate::content::{self, BodyTypeQuiz, HealthQuiz};
use crate::people::{People, Person};
use crate::schedule::{Stream, rng};

/// One of the website's feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedKind {
    BodyTypeQuiz,
    HealthEvaluationQuiz,
    FaqRequests,
}

impl FeedKind {
    const ALL: [FeedKind; 3] = [
        FeedKind::BodyTypeQuiz,
        FeedKind::HealthEvaluationQuiz,
        FeedKind::FaqRequests,
    ];

    fn parse(name: &str) -> Option<Self> {
        FeedKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            FeedKind::BodyTypeQuiz => "body-type-quiz",
            FeedKind::HealthEvaluationQuiz => "health-evaluation-quiz",
            FeedKind::FaqRequests => "faq-requests",
        }
    }

    fn id_prefix(self) -> &'static str {
        match self {
            FeedKind::BodyTypeQuiz => "btq",
            FeedKind::HealthEvaluationQuiz => "heq",
            FeedKind::FaqRequests => "faq",
        }
    }

    /// Keeps each feed's random numbers apart from the others'.
    fn stream(self) -> u64 {
        match self {
            FeedKind::BodyTypeQuiz => 0xB0D7_0001,
            FeedKind::HealthEvaluationQuiz => 0x4EA1_0002,
            FeedKind::FaqRequests => 0xFA90_0003,
        }
    }
}

/// A record as the feed serves it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Record {
    pub seq: u64,
    pub id: String,
    pub submitted_at: String,
    /// Absent on the one bad record that has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    #[serde(flatten)]
    pub form: Form,
}

/// The feed's own fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Form {
    BodyTypeQuiz(BodyTypeQuiz),
    HealthEvaluationQuiz(HealthQuiz),
    FaqRequest { question: &'static str },
}

/// A page of a feed, as `GET /feeds/{feed}` answers it.
#[derive(Serialize)]
struct PageBody<'a> {
    records: Vec<&'a Record>,
    has_more: bool,
}

/// Where the backlog's bad records sit (clamped to the backlog's length).
const NO_EMAIL_AT: usize = 2;
const BAD_EMAIL_AT: usize = 3;
const BAD_SCORE_AT: usize = 1;

struct Feed {
    kind: FeedKind,
    records: Vec<Record>,
    next_seq: u64,
    stream: Stream,
}

/// The website's three feeds.
pub(crate) struct Website {
    seed: u64,
    /// The shop the health quiz's products link to.
    shop_url: String,
    people: Arc<People>,
    backlog: usize,
    feeds: Vec<Feed>,
}

impl Website {
    pub fn new(
        seed: u64,
        shop_url: String,
        people: Arc<People>,
        start: i64,
        backlog: usize,
        every: i64,
    ) -> Self {
        let mut website = Website {
            seed,
            shop_url,
            people,
            backlog,
            feeds: Vec::new(),
        };
        for kind in FeedKind::ALL {
            let mut feed = Feed {
                kind,
                records: Vec::new(),
                next_seq: 1,
                stream: Stream::new(seed, kind.stream(), every, start),
            };
            for (n, at) in backlog_times(seed, kind, start, backlog)
                .into_iter()
                .enumerate()
            {
                let record = website.make(&mut feed, n as u64, at);
                feed.records.push(record);
            }
            website.feeds.push(feed);
        }
        website
    }

    /// Adds every record that should exist by `now`.
    pub fn advance(&mut self, now: i64) {
        let mut feeds = std::mem::take(&mut self.feeds);
        for feed in &mut feeds {
            while let Some((n, at)) = feed.stream.take_due(now) {
                let record = self.make(feed, (self.backlog as u64) + n, at);
                feed.records.push(record);
            }
        }
        self.feeds = feeds;
    }

    /// Records after `after`, at most `limit`, and whether more exist.
    fn page(&self, kind: FeedKind, after: u64, limit: usize) -> (Vec<&Record>, bool) {
        let mut later = self
            .feed(kind)
            .into_iter()
            .flat_map(|feed| feed.records.iter())
            .filter(|record| record.seq > after);
        let page: Vec<&Record> = later.by_ref().take(limit).collect();
        let more = later.next().is_some();
        (page, more)
    }

    fn record(&self, kind: FeedKind, id: &str) -> Option<&Record> {
        self.feed(kind)?.records.iter().find(|r| r.id == id)
    }

    fn feed(&self, kind: FeedKind) -> Option<&Feed> {
        self.feeds.iter().find(|feed| feed.kind == kind)
    }

    /// The feed's `n`th record (counted from 0, backlog first), submitted at `at`.
    fn make(&self, feed: &mut Feed, n: u64, at: i64) -> Record {
        let kind = feed.kind;
        let mut rng = rng(self.seed, kind.stream(), n);
        // The minute it was submitted (a feed has at most one record a minute while `every`
        // is 2 minutes or more), so seqs have gaps and a restarted demo never repeats one.
        let seq = feed.next_seq.max(minutes_since_epoch(at));
        feed.next_seq = seq + 1;
        let person = self.people.website_visitor(&mut rng);
        let mut form = match kind {
            FeedKind::BodyTypeQuiz => {
                Form::BodyTypeQuiz(content::body_type_quiz(&mut rng, &self.shop_url))
            }
            FeedKind::HealthEvaluationQuiz => {
                Form::HealthEvaluationQuiz(content::health_quiz(&mut rng, &self.shop_url))
            }
            FeedKind::FaqRequests => Form::FaqRequest {
                question: content::faq_question(&mut rng),
            },
        };
        let mut email = Some(person.email.clone());
        let bad = |at: usize| self.backlog > 0 && n == at.min(self.backlog - 1) as u64;
        match (kind, &mut form) {
            (FeedKind::BodyTypeQuiz, _) if bad(NO_EMAIL_AT) => email = None,
            (FeedKind::FaqRequests, _) if bad(BAD_EMAIL_AT) => {
                email = Some("not-an-email".into());
            }
            (FeedKind::HealthEvaluationQuiz, Form::HealthEvaluationQuiz(quiz))
                if bad(BAD_SCORE_AT) =>
            {
                if let Some(rating) = quiz.ratings.get_mut(1) {
                    rating.score = 14;
                }
            }
            _ => {}
        }
        record(kind, seq, at, person, email, form)
    }
}

fn record(
    kind: FeedKind,
    seq: u64,
    at: i64,
    person: Person,
    email: Option<String>,
    form: Form,
) -> Record {
    Record {
        seq,
        id: format!("{}-{seq:06}", kind.id_prefix()),
        submitted_at: rfc3339(at),
        email,
        first_name: person.first_name,
        last_name: person.last_name,
        phone: person.phone,
        form,
    }
}

/// When the backlog's records were submitted: the last a few minutes before `start`, the
/// others 20 to 70 minutes apart before it.
fn backlog_times(seed: u64, kind: FeedKind, start: i64, backlog: usize) -> Vec<i64> {
    let mut rng: StdRng = rng(seed, kind.stream() ^ 0xBAC1_0600, 0);
    let mut at = start - rng.random_range(3 * MINUTE..15 * MINUTE);
    let mut times = Vec::with_capacity(backlog);
    for _ in 0..backlog {
        times.push(at);
        at -= rng.random_range(20 * MINUTE..70 * MINUTE);
    }
    times.reverse();
    times
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "message": message.into() }))).into_response()
}

fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, "a valid bearer token is required")
}

/// The feed named in the path, or why the request is bad (a 400).
fn feed_kind(name: &str) -> Result<FeedKind, String> {
    FeedKind::parse(name).ok_or_else(|| {
        format!(
            "there is no feed \"{name}\": the feeds are body-type-quiz, \
             health-evaluation-quiz and faq-requests"
        )
    })
}

/// What `?after=&limit=` asked for, or why the request is bad (a 400).
fn paging(query: &[(String, String)]) -> Result<(u64, usize), String> {
    let mut after = 0;
    let mut limit = 50;
    for (key, value) in query {
        match key.as_str() {
            "after" => {
                after = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("after must be a record's seq, not \"{value}\""))?;
            }
            "limit" => {
                limit = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=50).contains(n))
                    .ok_or_else(|| format!("limit must be 1 to 50, not \"{value}\""))?;
            }
            _ => {}
        }
    }
    Ok((after, limit))
}

/// `GET /website/feeds/{feed}?after={seq}&limit={n}`
pub(crate) async fn feed(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !bearer_ok(&headers, &shared.token) {
        return unauthorized();
    }
    let (kind, (after, limit)) = match feed_kind(&name).and_then(|k| Ok((k, paging(&query)?))) {
        Ok(asked) => asked,
        Err(why) => return error(StatusCode::BAD_REQUEST, why),
    };
    let website = shared.website();
    let (records, has_more) = website.page(kind, after, limit);
    Json(PageBody { records, has_more }).into_response()
}

/// `GET /website/feeds/{feed}/records/{id}`
pub(crate) async fn record_by_id(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((name, id)): Path<(String, String)>,
) -> Response {
    if !bearer_ok(&headers, &shared.token) {
        return unauthorized();
    }
    let kind = match feed_kind(&name) {
        Ok(kind) => kind,
        Err(why) => return error(StatusCode::BAD_REQUEST, why),
    };
    let website = shared.website();
    match website.record(kind, &id) {
        Some(record) => Json(record).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            format!("the feed {name} has no record \"{id}\""),
        ),
    }
}
