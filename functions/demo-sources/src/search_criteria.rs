//! Magento's `searchCriteria` query syntax, as far as an importer uses it:
//! `searchCriteria[filter_groups][i][filters][j][field|value|condition_type]` (filters in a
//! group OR'd, groups AND'd), `searchCriteria[sortOrders][k][field|direction]`,
//! `searchCriteria[pageSize]` (default 20, at most 300) and `searchCriteria[currentPage]`
//! (1-based; past the end, Magento answers the last page again).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Value, json};

pub(crate) const DEFAULT_PAGE_SIZE: usize = 20;
pub(crate) const MAX_PAGE_SIZE: usize = 300;

/// A field's value, compared the way the database would.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldValue {
    /// Dates (`YYYY-MM-DD HH:MM:SS` compare as text) and other strings, compared letter case
    /// aside as the shop's database collation does (`Ann@x.com` eq `ann@x.com`).
    Text(String),
    Number(f64),
    Null,
}

/// Something a search can filter and sort.
pub(crate) trait Searchable {
    /// The fields a search may name.
    const FIELDS: &'static [&'static str];
    fn field(&self, name: &str) -> FieldValue;
    /// The primary key: the order when nothing else decides.
    fn id(&self) -> u64;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    Eq,
    Neq,
    Gt,
    Gteq,
    Lt,
    Lteq,
    In,
    Nin,
    Null,
    NotNull,
}

impl Condition {
    fn parse(raw: &str) -> Option<Self> {
        Some(match raw.trim().to_ascii_lowercase().as_str() {
            "" | "eq" => Condition::Eq,
            "neq" => Condition::Neq,
            "gt" => Condition::Gt,
            "gteq" => Condition::Gteq,
            "lt" => Condition::Lt,
            "lteq" => Condition::Lteq,
            "in" => Condition::In,
            "nin" => Condition::Nin,
            "null" => Condition::Null,
            "notnull" => Condition::NotNull,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Default)]
struct RawFilter {
    field: Option<String>,
    value: Option<String>,
    condition_type: Option<String>,
}

#[derive(Debug, Clone)]
struct Filter {
    field: String,
    value: String,
    condition_type: String,
    condition: Condition,
}

#[derive(Debug, Clone)]
struct SortOrder {
    field: String,
    direction: String,
    descending: bool,
}

/// A search as the query string asked for it.
#[derive(Debug, Clone)]
pub(crate) struct SearchCriteria {
    groups: Vec<Vec<Filter>>,
    sort_orders: Vec<SortOrder>,
    page_size: Option<usize>,
    current_page: Option<usize>,
}

/// Why a search cannot be answered: Magento's message template and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SearchError {
    pub message: String,
    pub parameters: Value,
}

impl SearchError {
    fn new(message: impl Into<String>, parameters: Value) -> Self {
        SearchError {
            message: message.into(),
            parameters,
        }
    }
}

/// One page of a search's results.
#[derive(Debug)]
pub(crate) struct Page<'a, T> {
    pub items: Vec<&'a T>,
    pub total_count: usize,
}

/// `searchCriteria[a][b][c]` → `["a", "b", "c"]`, names folded so `filter_groups` and
/// `filterGroups` read the same; none for other parameters.
fn key_path(key: &str) -> Option<Vec<String>> {
    let rest = key.strip_prefix("searchCriteria")?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
    Some(
        inner
            .split("][")
            .map(|part| part.replace('_', "").to_ascii_lowercase())
            .collect(),
    )
}

fn index(raw: &str) -> Result<usize, SearchError> {
    raw.parse().map_err(|_| {
        SearchError::new(
            "\"%value\" is not a valid index in searchCriteria.",
            json!({ "value": raw }),
        )
    })
}

fn number(name: &str, raw: &str) -> Result<usize, SearchError> {
    raw.trim().parse().map_err(|_| {
        SearchError::new(
            "Invalid value of \"%value\" provided for the %fieldName field.",
            json!({ "value": raw, "fieldName": name }),
        )
    })
}

impl SearchCriteria {
    /// Reads the query string's `searchCriteria[...]` parameters.
    pub fn parse(query: &[(String, String)]) -> Result<Self, SearchError> {
        let mut seen = false;
        let mut groups: BTreeMap<usize, BTreeMap<usize, RawFilter>> = BTreeMap::new();
        let mut sorts: BTreeMap<usize, (Option<String>, Option<String>)> = BTreeMap::new();
        let mut page_size = None;
        let mut current_page = None;
        for (key, value) in query {
            let Some(path) = key_path(key) else { continue };
            seen = true;
            let parts: Vec<&str> = path.iter().map(String::as_str).collect();
            match parts.as_slice() {
                ["filtergroups", group, "filters", filter, what] => {
                    let raw = groups
                        .entry(index(group)?)
                        .or_default()
                        .entry(index(filter)?)
                        .or_default();
                    match *what {
                        "field" => raw.field = Some(value.clone()),
                        "value" => raw.value = Some(value.clone()),
                        "conditiontype" => raw.condition_type = Some(value.clone()),
                        _ => {}
                    }
                }
                ["sortorders", order, what] => {
                    let sort = sorts.entry(index(order)?).or_default();
                    match *what {
                        "field" => sort.0 = Some(value.clone()),
                        "direction" => sort.1 = Some(value.clone()),
                        _ => {}
                    }
                }
                ["pagesize"] => page_size = Some(number("pageSize", value)?),
                ["currentpage"] => current_page = Some(number("currentPage", value)?),
                _ => {}
            }
        }
        if !seen {
            return Err(SearchError::new(
                "\"%fieldName\" is required. Enter and try again.",
                json!({ "fieldName": "searchCriteria" }),
            ));
        }
        if page_size.is_some_and(|size| size > MAX_PAGE_SIZE) {
            return Err(SearchError::new(
                "Maximum SearchCriteria pageSize is %max",
                json!({ "max": MAX_PAGE_SIZE }),
            ));
        }
        let groups = groups
            .into_values()
            .map(|filters| filters.into_values().map(filter).collect())
            .collect::<Result<Vec<Vec<Filter>>, SearchError>>()?;
        let sort_orders = sorts
            .into_values()
            .map(|(field, direction)| sort_order(field, direction))
            .collect::<Result<Vec<SortOrder>, SearchError>>()?;
        Ok(SearchCriteria {
            groups,
            sort_orders,
            page_size,
            current_page,
        })
    }

    /// The criteria as Magento echoes them in `search_criteria`.
    pub fn echo(&self) -> Value {
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|filters| {
                let filters: Vec<Value> = filters
                    .iter()
                    .map(|f| {
                        json!({
                            "field": f.field,
                            "value": f.value,
                            "condition_type": f.condition_type,
                        })
                    })
                    .collect();
                json!({ "filters": filters })
            })
            .collect();
        let mut echo = serde_json::Map::new();
        echo.insert("filter_groups".into(), Value::Array(groups));
        if !self.sort_orders.is_empty() {
            let sorts: Vec<Value> = self
                .sort_orders
                .iter()
                .map(|s| json!({ "field": s.field, "direction": s.direction }))
                .collect();
            echo.insert("sort_orders".into(), Value::Array(sorts));
        }
        if let Some(size) = self.page_size {
            echo.insert("page_size".into(), json!(size));
        }
        if let Some(page) = self.current_page {
            echo.insert("current_page".into(), json!(page));
        }
        Value::Object(echo)
    }

    /// The page of `rows` the criteria ask for.
    pub fn apply<'a, T: Searchable>(&self, rows: &'a [T]) -> Result<Page<'a, T>, SearchError> {
        let unknown = self
            .groups
            .iter()
            .flatten()
            .map(|f| f.field.as_str())
            .chain(self.sort_orders.iter().map(|s| s.field.as_str()))
            .find(|field| !T::FIELDS.contains(field));
        if let Some(field) = unknown {
            return Err(SearchError::new(
                "\"%fieldName\" is not a field that can be searched.",
                json!({ "fieldName": field }),
            ));
        }
        // Each row's sort values, read once.
        let mut found = Vec::new();
        for row in rows {
            if self.matches(row)? {
                let keys: Vec<FieldValue> = self
                    .sort_orders
                    .iter()
                    .map(|s| row.field(&s.field))
                    .collect();
                found.push((keys, row));
            }
        }
        found.sort_by(|(a_keys, a), (b_keys, b)| {
            self.order(a_keys, b_keys).then(a.id().cmp(&b.id()))
        });
        let found: Vec<&T> = found.into_iter().map(|(_, row)| row).collect();
        let total_count = found.len();
        let size = match self.page_size {
            Some(0) | None => DEFAULT_PAGE_SIZE,
            Some(size) => size,
        };
        let pages = total_count.div_ceil(size).max(1);
        // Past the end, Magento answers the last page again.
        let page = self.current_page.unwrap_or(1).clamp(1, pages);
        let items = found
            .into_iter()
            .skip((page - 1) * size)
            .take(size)
            .collect();
        Ok(Page { items, total_count })
    }

    fn matches<T: Searchable>(&self, row: &T) -> Result<bool, SearchError> {
        for group in &self.groups {
            let mut any = group.is_empty();
            for filter in group {
                if test(&row.field(&filter.field), filter)? {
                    any = true;
                    break;
                }
            }
            if !any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Two rows' sort values compared as the sort orders say (the primary key decides ties).
    fn order(&self, a: &[FieldValue], b: &[FieldValue]) -> Ordering {
        for ((sort, a), b) in self.sort_orders.iter().zip(a).zip(b) {
            let ordering = compare(a, b);
            let ordering = if sort.descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }
}

fn filter(raw: RawFilter) -> Result<Filter, SearchError> {
    let field = raw.field.unwrap_or_default().trim().to_string();
    if field.is_empty() {
        return Err(SearchError::new(
            "\"%fieldName\" is required. Enter and try again.",
            json!({ "fieldName": "field" }),
        ));
    }
    let condition_type = raw.condition_type.unwrap_or_else(|| "eq".into());
    let condition = Condition::parse(&condition_type).ok_or_else(|| {
        SearchError::new(
            "Invalid value of \"%value\" provided for the %fieldName field.",
            json!({ "value": condition_type, "fieldName": "condition_type" }),
        )
    })?;
    Ok(Filter {
        field,
        value: raw.value.unwrap_or_default(),
        condition_type,
        condition,
    })
}

fn sort_order(field: Option<String>, direction: Option<String>) -> Result<SortOrder, SearchError> {
    let field = field.unwrap_or_default().trim().to_string();
    if field.is_empty() {
        return Err(SearchError::new(
            "\"%fieldName\" is required. Enter and try again.",
            json!({ "fieldName": "field" }),
        ));
    }
    let direction = direction
        .unwrap_or_else(|| "ASC".into())
        .to_ascii_uppercase();
    let descending = match direction.as_str() {
        "ASC" => false,
        "DESC" => true,
        _ => {
            return Err(SearchError::new(
                "Sort order direction should be ASC or DESC.",
                json!([]),
            ));
        }
    };
    Ok(SortOrder {
        field,
        direction,
        descending,
    })
}

/// The filter's value read as the field's kind of value.
fn operand(field: &FieldValue, raw: &str, name: &str) -> Result<FieldValue, SearchError> {
    match field {
        FieldValue::Number(_) => {
            let raw = raw.trim();
            let number = match raw.to_ascii_lowercase().as_str() {
                "true" => Some(1.0),
                "false" => Some(0.0),
                _ => raw.parse::<f64>().ok(),
            };
            number.map(FieldValue::Number).ok_or_else(|| {
                SearchError::new(
                    "Invalid value of \"%value\" provided for the %fieldName field.",
                    json!({ "value": raw, "fieldName": name }),
                )
            })
        }
        _ => Ok(FieldValue::Text(raw.to_string())),
    }
}

/// Whether a row's value passes a filter; a null passes only `null` (as in SQL).
fn test(value: &FieldValue, filter: &Filter) -> Result<bool, SearchError> {
    match filter.condition {
        Condition::Null => return Ok(*value == FieldValue::Null),
        Condition::NotNull => return Ok(*value != FieldValue::Null),
        _ if *value == FieldValue::Null => return Ok(false),
        _ => {}
    }
    let one = |raw: &str| -> Result<Ordering, SearchError> {
        Ok(compare(value, &operand(value, raw, &filter.field)?))
    };
    let listed = || -> Result<bool, SearchError> {
        for raw in filter.value.split(',') {
            if one(raw.trim())? == Ordering::Equal {
                return Ok(true);
            }
        }
        Ok(false)
    };
    Ok(match filter.condition {
        Condition::Eq => one(&filter.value)? == Ordering::Equal,
        Condition::Neq => one(&filter.value)? != Ordering::Equal,
        Condition::Gt => one(&filter.value)? == Ordering::Greater,
        Condition::Gteq => one(&filter.value)? != Ordering::Less,
        Condition::Lt => one(&filter.value)? == Ordering::Less,
        Condition::Lteq => one(&filter.value)? != Ordering::Greater,
        Condition::In => listed()?,
        Condition::Nin => !listed()?,
        Condition::Null | Condition::NotNull => false,
    })
}

/// Nulls first, as SQL sorts them ascending; text letter case aside.
fn compare(a: &FieldValue, b: &FieldValue) -> Ordering {
    match (a, b) {
        (FieldValue::Null, FieldValue::Null) => Ordering::Equal,
        (FieldValue::Null, _) => Ordering::Less,
        (_, FieldValue::Null) => Ordering::Greater,
        (FieldValue::Number(x), FieldValue::Number(y)) => x.total_cmp(y),
        (FieldValue::Text(x), FieldValue::Text(y)) => x
            .chars()
            .flat_map(char::to_lowercase)
            .cmp(y.chars().flat_map(char::to_lowercase)),
        (FieldValue::Number(_), FieldValue::Text(_)) => Ordering::Less,
        (FieldValue::Text(_), FieldValue::Number(_)) => Ordering::Greater,
    }
}
