//! Days as the report and date inputs write them, `YYYY-MM-DD`, in the browser's calendar.

/// A local date as `YYYY-MM-DD`.
fn day(date: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The last 7 days, today included: (from, to).
pub fn last_week() -> (String, String) {
    let today = js_sys::Date::new_0();
    // The calendar counts back across months and years (day -3 is three days before the 1st).
    let first = js_sys::Date::new_with_year_month_day(
        today.get_full_year(),
        today.get_month() as i32,
        today.get_date() as i32 - 6,
    );
    (day(&first), day(&today))
}
