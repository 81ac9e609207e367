//! Magento's search API as every reader uses it: the REST prefix, `searchCriteria` query
//! strings, the search envelope, and paging through rows ordered by (`updated_at`, id) from a
//! cursor.
//!
//! Paging rules: `pageSize` is always sent; a search stops on
//! `total_count`, on a short page or on a page repeated past the end (older shops, magento2
//! #3787 and #8099), never on an empty page; `updated_at` has one-second resolution, so rows
//! are searched with `gteq` on the cursor's second and those at or before the cursor's
//! (updated_at, id) pair are skipped.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use worklane_core::imports::ports::{Position, RawRecord, SourceError};

use crate::encoding::pct;
use crate::http::Endpoint;

/// Rows asked for per page (Magento allows up to 300 with its input limits on).
pub const PAGE_SIZE: usize = 100;
/// The most rows a page may ask for.
pub const MAX_PAGE_SIZE: usize = 300;
/// The most pages one call reads.
pub const MAX_PAGES: usize = 20;

/// A collection the API searches: where, what its rows are called, and their id.
pub struct Collection {
    /// Under the API prefix: `carts/search`.
    pub path: &'static str,
    /// For messages: `cart`.
    pub noun: &'static str,
    /// The id's field in a row: `id`.
    pub id_field: &'static str,
    /// The id's field in a sort order: `entity_id` (Magento's EAV customer collection ignores
    /// a sort on `id`).
    pub id_sort: &'static str,
}

pub const CARTS: Collection = Collection {
    path: "carts/search",
    noun: "cart",
    id_field: "id",
    id_sort: "entity_id",
};

pub const CUSTOMERS: Collection = Collection {
    path: "customers/search",
    noun: "customer",
    id_field: "id",
    id_sort: "entity_id",
};

pub const ORDERS: Collection = Collection {
    path: "orders",
    noun: "order",
    id_field: "entity_id",
    id_sort: "entity_id",
};

/// One condition of a search. Each goes into a filter group of its own: all must hold.
#[derive(Debug, Clone, Copy)]
pub struct Filter<'a> {
    pub field: &'a str,
    pub condition: &'a str,
    pub value: &'a str,
}

impl<'a> Filter<'a> {
    pub fn new(field: &'a str, condition: &'a str, value: &'a str) -> Self {
        Self {
            field,
            condition,
            value,
        }
    }
}

/// A sort order: a field and `ASC` or `DESC`.
pub type Sort<'a> = (&'a str, &'a str);

/// The `searchCriteria[...]` query of one page.
pub fn criteria(
    filters: &[Filter<'_>],
    sorts: &[Sort<'_>],
    page_size: usize,
    page: usize,
) -> Vec<(String, String)> {
    let mut query = Vec::new();
    for (group, filter) in filters.iter().enumerate() {
        let prefix = format!("searchCriteria[filter_groups][{group}][filters][0]");
        query.push((format!("{prefix}[field]"), filter.field.to_owned()));
        query.push((format!("{prefix}[value]"), filter.value.to_owned()));
        query.push((
            format!("{prefix}[condition_type]"),
            filter.condition.to_owned(),
        ));
    }
    for (n, (field, direction)) in sorts.iter().enumerate() {
        let prefix = format!("searchCriteria[sortOrders][{n}]");
        query.push((format!("{prefix}[field]"), (*field).to_owned()));
        query.push((format!("{prefix}[direction]"), (*direction).to_owned()));
    }
    query.push(("searchCriteria[pageSize]".into(), page_size.to_string()));
    query.push(("searchCriteria[currentPage]".into(), page.to_string()));
    query
}

/// A search's envelope. `search_criteria` and its fields may be missing (magento2 #35310).
#[derive(Deserialize)]
pub struct SearchResult {
    pub items: Vec<Value>,
    search_criteria: Option<Criteria>,
    total_count: Option<u64>,
}

#[derive(Deserialize)]
struct Criteria {
    page_size: Option<u64>,
}

impl SearchResult {
    /// The page size the shop used: what was asked, or less if the shop caps it.
    fn page_size(&self, asked: usize) -> usize {
        self.search_criteria
            .as_ref()
            .and_then(|c| c.page_size)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0)
            .map_or(asked, |n| n.min(asked))
    }
}

/// A shop's REST API: `{base}/rest/V1` or `{base}/rest/{store_code}/V1`, and its credentials.
pub struct Api {
    endpoint: Endpoint,
    api: String,
    /// Rows asked for per page while paging.
    pub(crate) page_size: usize,
}

impl Api {
    pub fn new(endpoint: Endpoint, base_url: &str, store_code: Option<&str>) -> Self {
        let api = match store_code.map(str::trim).filter(|code| !code.is_empty()) {
            Some(code) => format!("{base_url}/rest/{}/V1", pct(code)),
            None => format!("{base_url}/rest/V1"),
        };
        Self {
            endpoint,
            api,
            page_size: PAGE_SIZE,
        }
    }

    /// `GET {api}/{path}` for one record: none when the shop answers 404.
    pub async fn one(&self, path: &str) -> Result<Option<Value>, SourceError> {
        self.endpoint
            .get_optional(&format!("{}/{path}", self.api))
            .await
    }

    /// One page of a search.
    pub async fn page(
        &self,
        collection: &Collection,
        filters: &[Filter<'_>],
        sorts: &[Sort<'_>],
        page_size: usize,
        page: usize,
    ) -> Result<SearchResult, SourceError> {
        let query = criteria(filters, sorts, page_size, page);
        let body = self
            .endpoint
            .get(&format!("{}/{}", self.api, collection.path), &query)
            .await?;
        serde_json::from_value(body).map_err(|e| {
            SourceError::Malformed(format!("the shop's {} search: {e}", collection.noun))
        })
    }

    /// The first page of a search, `limit` rows at most (and at most a page's worth).
    pub async fn first(
        &self,
        collection: &Collection,
        filters: &[Filter<'_>],
        sorts: &[Sort<'_>],
        limit: usize,
    ) -> Result<Vec<Value>, SourceError> {
        let limit = limit.min(MAX_PAGE_SIZE);
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut items = self.page(collection, filters, sorts, limit, 1).await?.items;
        items.truncate(limit);
        Ok(items)
    }

    /// At most `limit` rows after the cursor by (updated_at, id), oldest first, among those
    /// `bounds` allow; each with the position just after it.
    pub async fn updated_after(
        &self,
        collection: &Collection,
        after: Option<&Position>,
        bounds: &[Filter<'_>],
        limit: usize,
    ) -> Result<Vec<RawRecord>, SourceError> {
        let cursor = cursor(after)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut filters = Vec::with_capacity(bounds.len() + 1);
        if let Some((at, _)) = cursor {
            filters.push(Filter::new("updated_at", "gteq", at));
        }
        filters.extend_from_slice(bounds);
        let sorts = [("updated_at", "ASC"), (collection.id_sort, "ASC")];
        let mut rows: HashMap<u64, Row> = HashMap::new();
        let mut previous: Option<Vec<Value>> = None;
        let mut fetched = 0;
        let mut complete = false;
        for number in 1..=MAX_PAGES {
            let page = self
                .page(collection, &filters, &sorts, self.page_size, number)
                .await?;
            // Older shops answer a page past the end with the last page again.
            if previous.as_ref() == Some(&page.items) {
                complete = true;
                break;
            }
            let count = page.items.len();
            fetched += count as u64;
            // A shop may cap the page size below what was asked.
            let page_size = page.page_size(self.page_size);
            for item in &page.items {
                let row = row(collection, item.clone())?;
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
}

/// The stored cursor as an (updated_at, id) pair.
fn cursor(after: Option<&Position>) -> Result<Option<(&str, u64)>, SourceError> {
    match after {
        None => Ok(None),
        Some(Position::Updated { at, id }) => Ok(Some((at.as_str(), *id))),
        Some(Position::Sequence { .. }) => Err(SourceError::NotConfigured(
            "the stored cursor is not a Magento (updated_at, id) pair".into(),
        )),
    }
}

/// A row with the pair it is ordered by.
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

fn row(collection: &Collection, body: Value) -> Result<Row, SourceError> {
    let noun = collection.noun;
    let id = body
        .get(collection.id_field)
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            SourceError::Malformed(format!("a {noun} in the shop's search has no numeric id"))
        })?;
    let at = body
        .get("updated_at")
        .and_then(Value::as_str)
        .ok_or_else(|| SourceError::Malformed(format!("{noun} {id} has no updated_at")))?
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

    fn api(server: &MockServer, page_size: usize) -> Api {
        let endpoint = Endpoint::new(
            reqwest::Client::new(),
            Credentials::Bearer {
                token: "shop-token".into(),
            },
        )
        .unwrap();
        let mut api = Api::new(endpoint, &server.uri(), None);
        api.page_size = page_size;
        api
    }

    async fn after(server: &MockServer, page_size: usize, limit: usize) -> Vec<RawRecord> {
        api(server, page_size)
            .updated_after(&CARTS, None, &[], limit)
            .await
            .unwrap()
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

    #[test]
    fn each_filter_gets_a_group_of_its_own_and_paging_is_always_sent() {
        let query = criteria(
            &[
                Filter::new("updated_at", "gteq", "2026-12-03 09:00:00"),
                Filter::new("email", "eq", "a@b.c"),
            ],
            &[("created_at", "DESC")],
            7,
            2,
        );
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "searchCriteria[filter_groups][0][filters][0][field]",
                    "updated_at"
                ),
                (
                    "searchCriteria[filter_groups][0][filters][0][value]",
                    "2026-12-03 09:00:00"
                ),
                (
                    "searchCriteria[filter_groups][0][filters][0][condition_type]",
                    "gteq"
                ),
                (
                    "searchCriteria[filter_groups][1][filters][0][field]",
                    "email"
                ),
                (
                    "searchCriteria[filter_groups][1][filters][0][value]",
                    "a@b.c"
                ),
                (
                    "searchCriteria[filter_groups][1][filters][0][condition_type]",
                    "eq"
                ),
                ("searchCriteria[sortOrders][0][field]", "created_at"),
                ("searchCriteria[sortOrders][0][direction]", "DESC"),
                ("searchCriteria[pageSize]", "7"),
                ("searchCriteria[currentPage]", "2"),
            ]
        );
    }

    #[tokio::test]
    async fn a_repeated_full_page_ends_the_search() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(answer(&[1, 2], 100, None))
            .expect(2)
            .mount(&server)
            .await;

        assert_eq!(ids(&after(&server, 2, 50).await), [1, 2]);
    }

    #[tokio::test]
    async fn a_page_size_capped_by_the_shop_is_not_taken_for_the_last_page() {
        let server = MockServer::start().await;
        on_page(&server, 1, answer(&[1, 2], 5, Some(2))).await;
        on_page(&server, 2, answer(&[3, 4], 5, Some(2))).await;
        on_page(&server, 3, answer(&[5], 5, Some(2))).await;

        assert_eq!(ids(&after(&server, 100, 50).await), [1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn paging_stops_once_later_pages_cannot_change_the_answer() {
        let server = MockServer::start().await;
        on_page(&server, 1, answer(&[1, 2], 100, None)).await;

        assert_eq!(ids(&after(&server, 2, 1).await), [1]);
    }

    #[tokio::test]
    async fn after_the_last_page_read_the_newest_second_waits_for_the_next_call() {
        let server = MockServer::start().await;
        for n in 1..=MAX_PAGES {
            on_page(&server, n, answer(&[n as u64], 100, None)).await;
        }

        assert_eq!(
            ids(&after(&server, 1, 50).await),
            (1..MAX_PAGES as u64).collect::<Vec<_>>()
        );
    }
}
