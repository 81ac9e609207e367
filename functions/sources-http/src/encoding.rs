//! RFC 3986 percent-encoding: one encoding for paths, query strings and OAuth 1.0a base
//! strings, so what is signed is byte for byte what is sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but the unreserved characters `A-Z a-z 0-9 - . _ ~` (RFC 3986 §2.3).
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as RFC 3986 and RFC 5849 §3.6 want it (a space is `%20`, never `+`).
pub fn pct(value: &str) -> String {
    utf8_percent_encode(value, RESERVED).to_string()
}

/// `name=value` pairs, each side percent-encoded, joined with `&`.
pub fn query_string(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(name, value)| format!("{}={}", pct(name), pct(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_are_kept() {
        assert_eq!(pct("aZ0-._~"), "aZ0-._~");
        assert_eq!(pct("a b+c/d[0]:é"), "a%20b%2Bc%2Fd%5B0%5D%3A%C3%A9");
    }
}
