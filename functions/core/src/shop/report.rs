//! The Linked orders report: the calls with a linked order over a range of days (New York
//! time), per advisor and day — a range query on the linked-orders index, never a scan.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use worklane_domain::{
    FieldErrors, LinkState, LinkedOrdersReport, LinkedOrdersRow, ReasonCount, UserId,
};
use worklane_store::{Cursor, Index, ItemStore, KeyRange, Query};

use crate::{CoreError, keys};

/// The zone the report's days (and the nightly check) are in.
pub const REPORT_ZONE: &str = "America/New_York";
/// The longest range one report covers.
pub const MAX_DAYS: i64 = 92;
/// The most linked calls one report reads.
const MAX_CALLS: usize = 50_000;

fn day(field: &str, raw: &str, errors: &mut FieldErrors) -> Option<Date> {
    errors.check(
        field,
        raw.trim()
            .parse::<Date>()
            .map_err(|_| format!("\"{raw}\" is not a day (YYYY-MM-DD)")),
    )
}

/// The report over `from..=to` for the advisors `shown` lets through.
pub(crate) async fn build(
    store: &dyn ItemStore,
    from: &str,
    to: &str,
    shown: impl Fn(&UserId) -> bool,
) -> Result<LinkedOrdersReport, CoreError> {
    let mut errors = FieldErrors::new();
    let (from, to) = (day("from", from, &mut errors), day("to", to, &mut errors));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors.into());
    };
    let span = (to - from).get_days();
    if span < 0 {
        return Err(FieldErrors::single("to", "the last day comes on or after the first").into());
    }
    if i64::from(span) >= MAX_DAYS {
        return Err(
            FieldErrors::single("to", format!("a report covers at most {MAX_DAYS} days")).into(),
        );
    }
    let zone = TimeZone::get(REPORT_ZONE).map_err(|e| CoreError::Internal(e.to_string()))?;
    let start = from
        .to_zoned(zone.clone())
        .map_err(|e| CoreError::Internal(e.to_string()))?
        .timestamp();
    let end = to
        .tomorrow()
        .and_then(|d| d.to_zoned(zone.clone()))
        .map_err(|e| CoreError::Internal(e.to_string()))?
        .timestamp();
    let range = KeyRange::Between(keys::instant(start), keys::instant(end));
    let team: BTreeMap<UserId, String> = crate::users::Users::new(store)
        .team()
        .await?
        .into_iter()
        .map(|m| (m.id, m.name.to_string()))
        .collect();
    let mut rows: BTreeMap<(String, UserId), LinkedOrdersRow> = BTreeMap::new();
    let mut reasons: BTreeMap<(String, UserId), BTreeMap<String, u32>> = BTreeMap::new();
    let mut cursor: Option<Cursor> = None;
    let mut read = 0;
    let mut currency = None;
    loop {
        let page = store
            .query(
                Query::index(Index::GSI5, keys::LINKED_ORDERS)
                    .range(range.clone())
                    .limit(500)
                    .after(cursor.take()),
            )
            .await?;
        for item in &page.items {
            let view = crate::interactions::decode(item)?.view;
            let (Some(linked), Some(by)) = (&view.linked_order, &view.by) else {
                continue;
            };
            if !shown(by) {
                continue;
            }
            let day = view.at.to_zoned(zone.clone()).date().to_string();
            let key = (day.clone(), by.clone());
            let row = rows.entry(key.clone()).or_insert_with(|| LinkedOrdersRow {
                day,
                advisor: by.clone(),
                advisor_name: team.get(by).cloned().unwrap_or_else(|| by.to_string()),
                valid: 0,
                valid_total_cents: 0,
                pending: 0,
                invalid: 0,
                invalid_by_reason: Vec::new(),
            });
            match linked.state {
                LinkState::Valid => {
                    row.valid += 1;
                    if let Some(order) = linked.check.as_ref().and_then(|c| c.order.as_ref()) {
                        row.valid_total_cents += order.total_cents;
                        currency.get_or_insert_with(|| order.currency.clone());
                    }
                }
                LinkState::Pending => row.pending += 1,
                LinkState::Invalid => {
                    row.invalid += 1;
                    let counts = reasons.entry(key).or_default();
                    for problem in linked.check.iter().flat_map(|c| &c.problems) {
                        *counts.entry(problem.key().to_string()).or_default() += 1;
                    }
                }
            }
        }
        read += page.items.len();
        match page.next {
            Some(next) if read < MAX_CALLS => cursor = Some(next),
            _ => break,
        }
    }
    for (key, counts) in reasons {
        if let Some(row) = rows.get_mut(&key) {
            row.invalid_by_reason = counts
                .into_iter()
                .map(|(reason, count)| ReasonCount { reason, count })
                .collect();
        }
    }
    Ok(LinkedOrdersReport {
        from: from.to_string(),
        to: to.to_string(),
        time_zone: REPORT_ZONE.into(),
        currency: currency.unwrap_or_else(|| "USD".into()),
        rows: rows.into_values().collect(),
    })
}
