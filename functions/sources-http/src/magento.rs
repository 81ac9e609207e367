//! A Magento 2.4 shop's carts (quotes) over REST: searched by `updated_at` once they have been
//! quiet for a while, and read one by one.

use std::collections::HashMap;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::Value;
use worklane_core::imports::ports::{Position, RawRecord, SourceError, SourceReader};

use crate::encoding::pct;
use crate::http::Endpoint;

/// Rows asked for per page (Magento allows up to 300 with its input limits on).
const PAGE_SIZE: usize = 100;
/// The most pages one call reads.
const MAX_PAGES: usize = 20;
/// Minutes a cart stays untouched before it counts, when the connection does not say.
const DEFAULT_QUIET_MINUTES: u32 = 60;
/// Magento's date form: always UTC, one-second resolution.
const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub struct Carts {
    endpoint: Endpoint,
    /// `{base}/rest/V1` or `{base}/rest/{store_code}/V1`.
    api: String,
    quiet_minutes: u32,
    page_size: usize,
}

/// A search's envelope. `search_criteria` and its fields may be missing (magento2 #35310).
#[derive(Deserialize)]
struct SearchResult {
    items: Vec<Value>,
    search_criteria: Option<Criteria>,
    total_count: Option<u64>,
}

#[derive(Deserialize)]
struct Criteria {
    page_size: Option<u64>,
}

/// A cart row with the pair it is ordered by.
struct Row {
    at: String,
    id: u64,
    body: Value,
}

impl Row {
    fn key(&self) -> (&str, u64) {
        (self.at.as_str(), self.id)
    }
}

impl Carts {
    pub fn new(
        endpoint: Endpoint,
        base_url: &str,
        store_code: Option<&str>,
        quiet_minutes: Option<u32>,
    ) -> Self {
        let api = match store_code.map(str::trim).filter(|code| !code.is_empty()) {
            Some(code) => format!("{base_url}/rest/{}/V1", pct(code)),
            None => format!("{base_url}/rest/V1"),
        };
        Self {
            endpoint,
            api,
            quiet_minutes: quiet_minutes.unwrap_or(DEFAULT_QUIET_MINUTES),
            page_size: PAGE_SIZE,
        }
    }

    /// The newest `updated_at` a cart may have to count as abandoned now.
    fn quiet_until(&self) -> Result<String, SourceError> {
        let quiet = SignedDuration::from_mins(i64::from(self.quiet_minutes));
        let until = Timestamp::now()
            .checked_sub(quiet)
            .map_err(|e| SourceError::NotConfigured(format!("the quiet time: {e}")))?;
        Ok(until.strftime(DATE_FORMAT).to_string())
    }

    async fn page(
        &self,
        from: Option<&str>,
        until: &str,
        page: usize,
    ) -> Result<SearchResult, SourceError> {
        let query = search_criteria(from, until, page, self.page_size);
        let body = self
            .endpoint
            .get(&format!("{}/carts/search", self.api), &query)
            .await?;
        serde_json::from_value(body)
            .map_err(|e| SourceError::Malformed(format!("the shop's cart search: {e}")))
    }
}

#[async_trait]
impl SourceReader for Carts {
    async fn after(
        &self,
        after: Option<&Position>,
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        let cursor = match after {
            None => None,
            Some(Position::Updated { at, id }) => Some((at.as_str(), *id)),
            Some(Position::Sequence { .. }) => {
                return Err(SourceError::NotConfigured(
                    "the stored cursor is not a Magento (updated_at, id) pair".into(),
                ));
            }
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        // Fixed for the whole call: every page asks about the same window (a cart touched
        // meanwhile only drops out of it).
        let until = self.quiet_until()?;
        let mut rows: HashMap<u64, Row> = HashMap::new();
        let mut previous: Option<Vec<Value>> = None;
        let mut fetched = 0;
        let mut complete = false;
        for number in 1..=MAX_PAGES {
            let page = self.page(cursor.map(|(at, _)| at), &until, number).await?;
            // Older shops answer a page past the end with the last page again (#3787, #8099).
            if previous.as_ref() == Some(&page.items) {
                complete = true;
                break;
            }
            let count = page.items.len();
            fetched += count as u64;
            // A shop may cap the page size below what was asked.
            let page_size = page
                .search_criteria
                .as_ref()
                .and_then(|c| c.page_size)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .map_or(self.page_size, |n| n.min(self.page_size));
            for item in &page.items {
                let row = row(item.clone())?;
                match rows.get(&row.id) {
                    Some(held) if held.key() >= row.key() => {}
                    _ => {
                        rows.insert(row.id, row);
                    }
                }
            }
            if count < page_size || page.total_count.is_some_and(|total| fetched >= total) {
                complete = true;
                break;
            }
            if settled(&rows, cursor, limit) {
                break;
            }
            previous = Some(page.items);
        }
        Ok(first_after(rows, cursor, limit, complete))
    }

    async fn one(&self, external_id: &str) -> Result<Option<Value>, SourceError> {
        let url = format!("{}/carts/{}", self.api, pct(external_id));
        self.endpoint.get_optional(&url).await
    }
}

/// The search's query: carts updated from the cursor's second (rows of that second are told
/// apart by id afterwards) until the quiet time, oldest first.
fn search_criteria(
    from: Option<&str>,
    until: &str,
    page: usize,
    page_size: usize,
) -> Vec<(String, String)> {
    let mut bounds = Vec::new();
    if let Some(from) = from {
        bounds.push(("gteq", from));
    }
    bounds.push(("lteq", until));
    let mut query = Vec::new();
    for (group, (condition, value)) in bounds.into_iter().enumerate() {
        let filter = format!("searchCriteria[filter_groups][{group}][filters][0]");
        query.push((format!("{filter}[field]"), "updated_at".to_owned()));
        query.push((format!("{filter}[value]"), value.to_owned()));
        query.push((format!("{filter}[condition_type]"), condition.to_owned()));
    }
    for (name, value) in [
        (
            "searchCriteria[sortOrders][0][field]",
            "updated_at".to_owned(),
        ),
        ("searchCriteria[sortOrders][0][direction]", "ASC".to_owned()),
        ("searchCriteria[pageSize]", page_size.to_string()),
        ("searchCriteria[currentPage]", page.to_string()),
    ] {
        query.push((name.to_owned(), value));
    }
    query
}

fn row(body: Value) -> Result<Row, SourceError> {
    let id = body.get("id").and_then(Value::as_u64).ok_or_else(|| {
        SourceError::Malformed("a cart in the shop's search has no numeric id".into())
    })?;
    let at = body
        .get("updated_at")
        .and_then(Value::as_str)
        .ok_or_else(|| SourceError::Malformed(format!("cart {id} has no updated_at")))?
        .to_owned();
    Ok(Row { at, id, body })
}

fn is_after(row: &Row, cursor: Option<(&str, u64)>) -> bool {
    cursor.is_none_or(|cursor| row.key() > cursor)
}

/// Whether later pages can no longer change the answer: the shop sorts by `updated_at`, so
/// they hold rows of the newest second seen or later, and `limit` rows before it are held.
fn settled(rows: &HashMap<u64, Row>, cursor: Option<(&str, u64)>, limit: usize) -> bool {
    let Some(newest) = rows.values().map(|r| r.at.as_str()).max() else {
        return false;
    };
    let earlier = rows
        .values()
        .filter(|r| is_after(r, cursor) && r.at.as_str() < newest)
        .count();
    earlier >= limit
}

/// The first `limit` rows after the cursor by (updated_at, id). When pages were left unread,
/// the newest second seen may be only partly held, so its rows wait for the next call unless
/// nothing else is left to return.
fn first_after(
    rows: HashMap<u64, Row>,
    cursor: Option<(&str, u64)>,
    limit: usize,
    complete: bool,
) -> Vec<RawRecord> {
    let newest = rows.values().map(|r| r.at.clone()).max();
    let mut after: Vec<Row> = rows.into_values().filter(|r| is_after(r, cursor)).collect();
    after.sort_by(|a, b| a.key().cmp(&b.key()));
    if !complete
        && let Some(newest) = newest
        && after.iter().any(|r| r.at < newest)
    {
        after.retain(|r| r.at < newest);
    }
    after
        .into_iter()
        .take(limit)
        .map(|r| RawRecord {
            position: Position::Updated { at: r.at, id: r.id },
            body: r.body,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    use worklane_core::imports::ports::Credentials;

    fn carts(server: &MockServer, page_size: usize) -> Carts {
        let endpoint = Endpoint::new(
            reqwest::Client::new(),
            Credentials::Bearer {
                token: "shop-token".into(),
            },
        )
        .unwrap();
        let mut carts = Carts::new(endpoint, &server.uri(), None, None);
        carts.page_size = page_size;
        carts
    }

    fn second(n: u64) -> String {
        format!("2026-12-03 09:00:{n:02}")
    }

    fn cart(n: u64) -> Value {
        json!({"id": n, "updated_at": second(n)})
    }

    fn answer(ids: &[u64], total: u64, page_size: Option<u64>) -> ResponseTemplate {
        let items: Vec<Value> = ids.iter().map(|n| cart(*n)).collect();
        let criteria = match page_size {
            Some(size) => json!({"page_size": size}),
            None => json!({}),
        };
        ResponseTemplate::new(200).set_body_json(
            json!({"items": items, "search_criteria": criteria, "total_count": total}),
        )
    }

    async fn on_page(server: &MockServer, number: usize, response: ResponseTemplate) {
        Mock::given(method("GET"))
            .and(path("/rest/V1/carts/search"))
            .and(query_param(
                "searchCriteria[currentPage]",
                number.to_string(),
            ))
            .respond_with(response)
            .expect(1)
            .mount(server)
            .await;
    }

    fn ids(records: &[RawRecord]) -> Vec<u64> {
        records
            .iter()
            .map(|r| match &r.position {
                Position::Updated { id, .. } => *id,
                Position::Sequence { seq } => *seq,
            })
            .collect()
    }

    #[tokio::test]
    async fn a_repeated_full_page_ends_the_search() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(answer(&[1, 2], 100, None))
            .expect(2)
            .mount(&server)
            .await;

        let records = carts(&server, 2).after(None, 50).await.unwrap();

        assert_eq!(ids(&records), [1, 2]);
    }

    #[tokio::test]
    async fn a_page_size_capped_by_the_shop_is_not_taken_for_the_last_page() {
        let server = MockServer::start().await;
        on_page(&server, 1, answer(&[1, 2], 5, Some(2))).await;
        on_page(&server, 2, answer(&[3, 4], 5, Some(2))).await;
        on_page(&server, 3, answer(&[5], 5, Some(2))).await;

        let records = carts(&server, 100).after(None, 50).await.unwrap();

        assert_eq!(ids(&records), [1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn paging_stops_once_later_pages_cannot_change_the_answer() {
        let server = MockServer::start().await;
        on_page(&server, 1, answer(&[1, 2], 100, None)).await;

        let records = carts(&server, 2).after(None, 1).await.unwrap();

        assert_eq!(ids(&records), [1]);
    }

    #[tokio::test]
    async fn after_the_last_page_read_the_newest_second_waits_for_the_next_call() {
        let server = MockServer::start().await;
        for n in 1..=MAX_PAGES {
            on_page(&server, n, answer(&[n as u64], 100, None)).await;
        }

        let records = carts(&server, 1).after(None, 50).await.unwrap();

        assert_eq!(ids(&records), (1..MAX_PAGES as u64).collect::<Vec<_>>());
    }
}
