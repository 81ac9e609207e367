//! Showing values to people: instants in the browser's local time zone and locale.

use wasm_bindgen::JsValue;
use worklane_domain::Timestamp;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object.into()
}

fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en-US".to_string())
}

fn to_date(ts: &Timestamp) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ts.as_millisecond() as f64))
}

/// Date and time in local time, e.g. "Mar 4, 2026, 9:15 AM".
pub fn local_date_time(ts: &Timestamp) -> String {
    to_date(ts)
        .to_locale_string(
            &locale(),
            &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
        )
        .into()
}

/// Date, time with seconds and the zone, for tooltips and detail views.
pub fn local_date_time_long(ts: &Timestamp) -> String {
    to_date(ts)
        .to_locale_string(
            &locale(),
            &options(&[
                ("year", "numeric"),
                ("month", "long"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
                ("second", "2-digit"),
                ("timeZoneName", "short"),
            ]),
        )
        .into()
}

/// An instant as a `datetime-local` input shows it: "2026-03-04T09:15", in local time.
pub fn local_input_value(ts: &Timestamp) -> String {
    let date = to_date(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// What a `datetime-local` input holds (local time) as an instant; none when empty or invalid.
pub fn parse_local_input(text: &str) -> Option<Timestamp> {
    if text.trim().is_empty() {
        return None;
    }
    let millis = js_sys::Date::new(&JsValue::from_str(text.trim())).get_time();
    if millis.is_nan() {
        return None;
    }
    Timestamp::from_millisecond(millis as i64).ok()
}
