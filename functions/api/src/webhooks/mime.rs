//! The text of a raw email (RFC 5322 with MIME), as SES hands it over: enough of MIME to find
//! what a person wrote — the first `text/plain` part (else `text/html` with its tags dropped),
//! its base64 or quoted-printable transfer encoding undone, read as UTF-8 (lossily). Never
//! fails: what cannot be read is skipped.

use base64::Engine;

/// How deep multipart parts may nest before the rest is ignored.
const MAX_DEPTH: usize = 8;

/// The readable text of a raw message.
pub fn text_of(raw: &str) -> String {
    let (text, html) = part_text(raw, 0);
    text.or_else(|| html.map(|h| strip_tags(&h)))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Headers (unfolded, names lower-cased) and the body after the first blank line.
fn split(raw: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = match (raw.find("\r\n\r\n"), raw.find("\n\n")) {
        (Some(a), Some(b)) if b < a => (&raw[..b], &raw[b + 2..]),
        (Some(a), _) => (&raw[..a], &raw[a + 4..]),
        (None, Some(b)) => (&raw[..b], &raw[b + 2..]),
        (None, None) => (raw, ""),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    (headers, body)
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a header value: `boundary` of `multipart/mixed; boundary="x"`.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, val) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| val.trim().trim_matches('"').to_string())
    })
}

/// The first plain text and the first HTML found in a part, depth first.
fn part_text(raw: &str, depth: usize) -> (Option<String>, Option<String>) {
    let (headers, body) = split(raw);
    let content_type = header(&headers, "content-type").unwrap_or("text/plain");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime.starts_with("multipart/") {
        let (mut text, mut html) = (None, None);
        let Some(boundary) = parameter(content_type, "boundary").filter(|b| !b.is_empty()) else {
            return (None, None);
        };
        if depth >= MAX_DEPTH {
            return (None, None);
        }
        let delimiter = format!("--{boundary}");
        for part in body.split(&delimiter).skip(1) {
            if part.starts_with("--") {
                break;
            }
            let (t, h) = part_text(part.trim_start_matches(['\r', '\n']), depth + 1);
            text = text.or(t);
            html = html.or(h);
            if text.is_some() {
                break;
            }
        }
        return (text, html);
    }
    let encoding = header(&headers, "content-transfer-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let decoded = match encoding.trim() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    };
    match mime.as_str() {
        "text/plain" => (Some(decoded), None),
        "text/html" => (None, Some(decoded)),
        _ => (None, None),
    }
}

fn quoted_printable(body: &str) -> String {
    let mut bytes = Vec::with_capacity(body.len());
    let raw = body.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'=' if raw.get(i + 1) == Some(&b'\r') && raw.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if raw.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        bytes.push(byte);
                        i += 3;
                    }
                    None => {
                        bytes.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// HTML as text: tags dropped, a line break after each block and at `<br>`, the common
/// entities decoded.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let closing = tag.starts_with('/');
                let name = tag.trim_start_matches('/').to_ascii_lowercase();
                let word = name.split([' ', '/']).next().unwrap_or("");
                let ends_block = closing && ["p", "div", "li", "tr"].contains(&word);
                if ends_block || word == "br" {
                    text.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => text.push(c),
        }
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_message_is_its_body() {
        let raw = "From: a@example.com\r\nSubject: Hi\r\n\r\nHello there,\r\nbye\r\n";
        assert_eq!(text_of(raw), "Hello there,\r\nbye");
    }

    #[test]
    fn the_plain_part_of_an_alternative_message_is_chosen_and_decoded() {
        let raw = "Content-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/html\r\n\r\n<p>Ignored</p>\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Caf=C3=A9 at 3? A long line that is =\r\nsoft broken\r\n--b1--\r\n";
        assert_eq!(text_of(raw), "Café at 3? A long line that is soft broken");
    }

    #[test]
    fn html_only_and_base64_messages_give_their_text() {
        let html =
            "Content-Type: text/html\n\n<div>Hello&nbsp;<b>Sam</b></div><p>Thanks &amp; bye</p>";
        assert_eq!(text_of(html), "Hello Sam\nThanks & bye");
        let b64 =
            "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nSGVsbG8g\nd29ybGQ=\n";
        assert_eq!(text_of(b64), "Hello world");
    }

    #[test]
    fn nonsense_gives_nothing_rather_than_failing() {
        assert_eq!(text_of("Content-Type: multipart/mixed\n\n--x"), "");
        assert_eq!(text_of(""), "");
        let deep = "Content-Type: multipart/mixed; boundary=a\n\n--a\n".repeat(20);
        assert_eq!(text_of(&deep), "");
    }
}
