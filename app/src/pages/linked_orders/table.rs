//! The report's table: one row per advisor and day, then the total.

use leptos::prelude::*;
use worklane_domain::{LinkedOrdersReport, LinkedOrdersRow, ReasonCount, format_money};

/// A reason key of the report in a few words (the pop-up of a call says it in full).
fn reason_words(key: &str) -> &str {
    match key {
        "no_such_order" => "no such order",
        "no_creator_recorded" => "no creator recorded",
        "unknown_creator" => "creator not a Worklane user",
        "other_advisor" => "another rep's order",
        "outside_window" => "outside the call's window",
        "shared_with_other_calls" => "linked to other calls too",
        other => other,
    }
}

fn reasons_text(reasons: &[ReasonCount]) -> String {
    reasons
        .iter()
        .map(|r| format!("{} {}", reason_words(&r.reason), r.count))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows added up, the reasons merged in the order they first appear.
fn total(rows: &[LinkedOrdersRow]) -> (u32, i64, u32, u32, Vec<ReasonCount>) {
    let mut reasons: Vec<ReasonCount> = Vec::new();
    let (mut valid, mut cents, mut pending, mut invalid) = (0, 0, 0, 0);
    for row in rows {
        valid += row.valid;
        cents += row.valid_total_cents;
        pending += row.pending;
        invalid += row.invalid;
        for reason in &row.invalid_by_reason {
            match reasons.iter_mut().find(|r| r.reason == reason.reason) {
                Some(sum) => sum.count += reason.count,
                None => reasons.push(reason.clone()),
            }
        }
    }
    (valid, cents, pending, invalid, reasons)
}

#[component]
pub fn ReportTable(report: LinkedOrdersReport) -> impl IntoView {
    let zone = format!(
        "Days {} to {}, in {} time (the day of the call).",
        report.from, report.to, report.time_zone
    );
    if report.rows.is_empty() {
        return view! {
            <div class="card">
                <p class="muted small">{zone}</p>
                <p class="empty" data-testid="report-empty">"No orders were linked to calls on these days."</p>
            </div>
        }
        .into_any();
    }
    let currency = report.currency.clone();
    let (valid, cents, pending, invalid, reasons) = total(&report.rows);
    let rows = report
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <tr data-testid="report-row">
                    <td data-label="Day">{row.day}</td>
                    <td data-label="Advisor">{row.advisor_name}</td>
                    <td data-label="Valid" class="number">{row.valid}</td>
                    <td data-label="Valid total" class="number">{format_money(row.valid_total_cents, &currency)}</td>
                    <td data-label="Pending" class="number">{row.pending}</td>
                    <td data-label="Invalid" class="number">{row.invalid}</td>
                    <td data-label="Reasons">{reasons_text(&row.invalid_by_reason)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card table-card">
            <div class="table-scroll">
                <table class="table" data-testid="report-table">
                    <caption class="sr-only">"Linked orders per advisor and day"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            <th scope="col">"Advisor"</th>
                            <th scope="col" class="number">"Valid"</th>
                            <th scope="col" class="number">"Valid total"</th>
                            <th scope="col" class="number">"Pending"</th>
                            <th scope="col" class="number">"Invalid"</th>
                            <th scope="col">"Reasons"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows}
                        <tr data-testid="report-total">
                            <td data-label="Day"><strong>"Total"</strong></td>
                            <td data-label="Advisor"></td>
                            <td data-label="Valid" class="number"><strong>{valid}</strong></td>
                            <td data-label="Valid total" class="number"><strong>{format_money(cents, &report.currency)}</strong></td>
                            <td data-label="Pending" class="number"><strong>{pending}</strong></td>
                            <td data-label="Invalid" class="number"><strong>{invalid}</strong></td>
                            <td data-label="Reasons">{reasons_text(&reasons)}</td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </div>
        <p class="muted small">{zone}</p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use worklane_domain::UserId;

    fn row(valid: u32, cents: i64, reasons: &[(&str, u32)]) -> LinkedOrdersRow {
        LinkedOrdersRow {
            day: "2026-03-02".into(),
            advisor: UserId::from_raw("u1"),
            advisor_name: "Riley Rep".into(),
            valid,
            valid_total_cents: cents,
            pending: 1,
            invalid: reasons.iter().map(|r| r.1).sum(),
            invalid_by_reason: reasons
                .iter()
                .map(|(reason, count)| ReasonCount {
                    reason: (*reason).into(),
                    count: *count,
                })
                .collect(),
        }
    }

    #[test]
    fn the_total_adds_up_every_row_and_merges_the_reasons() {
        let rows = [
            row(2, 5_000, &[("no_such_order", 1)]),
            row(1, 1_250, &[("outside_window", 2), ("no_such_order", 1)]),
        ];
        let (valid, cents, pending, invalid, reasons) = total(&rows);
        assert_eq!((valid, cents, pending, invalid), (3, 6_250, 2, 4));
        assert_eq!(
            reasons_text(&reasons),
            "no such order 2; outside the call's window 2"
        );
    }
}
