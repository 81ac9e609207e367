//! What a source said when it refused a request, in words an admin can act on: Magento's
//! `{message, parameters}` rendered as Magento renders it, else the start of the body.

use serde_json::Value;

/// The most characters of a body without a message that are kept.
const EXCERPT: usize = 200;

/// The message of an error body.
pub fn describe(body: &[u8]) -> String {
    if let Ok(Value::Object(error)) = serde_json::from_slice::<Value>(body)
        && let Some(Value::String(message)) = error.get("message")
    {
        return render(message, error.get("parameters"));
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        "no message".into()
    } else {
        text.chars().take(EXCERPT).collect()
    }
}

/// Magento's placeholder renderer: `%1`, `%2`… for a list of parameters, `%name` for an
/// object; the longest placeholder wins and substituted text is not scanned again (PHP's
/// `strtr`).
pub fn render(template: &str, parameters: Option<&Value>) -> String {
    let placeholders: Vec<(String, String)> = match parameters {
        Some(Value::Array(values)) => values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("%{}", i + 1), text(v)))
            .collect(),
        Some(Value::Object(values)) => values
            .iter()
            .map(|(k, v)| (format!("%{k}"), text(v)))
            .collect(),
        _ => return template.to_owned(),
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let longest = placeholders
            .iter()
            .filter(|(placeholder, _)| rest.starts_with(placeholder.as_str()))
            .max_by_key(|(placeholder, _)| placeholder.len());
        match longest {
            Some((placeholder, value)) => {
                out.push_str(value);
                rest = &rest[placeholder.len()..];
            }
            None => {
                out.push('%');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listed_parameters_fill_numbered_placeholders() {
        let params = json!(["cartId", 12, "a", "b", "c", "d", "e", "f", "g", "ten"]);
        assert_eq!(
            render("No such entity with %1 = %2 (%10, 100%)", Some(&params)),
            "No such entity with cartId = 12 (ten, 100%)"
        );
    }

    #[test]
    fn named_parameters_fill_named_placeholders_and_are_not_rescanned() {
        let params = json!({"fieldName": "cartId", "fieldValue": "%fieldName", "field": "x"});
        assert_eq!(
            render(
                "No such entity with %fieldName = %fieldValue",
                Some(&params)
            ),
            "No such entity with cartId = %fieldName"
        );
    }

    #[test]
    fn a_body_without_a_message_is_cut_to_its_start() {
        let body = format!("<html>{}</html>", "x".repeat(500));
        assert_eq!(describe(body.as_bytes()).chars().count(), 200);
        assert_eq!(describe(b"  "), "no message");
        assert_eq!(describe(br#"{"message":"Bad"}"#), "Bad");
    }
}
