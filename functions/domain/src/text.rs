//! The rules for the text the API takes, and the same rules as the JSON Schema patterns the
//! OpenAPI document states, so that the document says exactly what the server accepts. The
//! tests of the API crate hold each pattern against its parser on many strings.
//!
//! A *line* (a name, a subject) has no control characters; a *text* (a note, a message body)
//! may also hold tabs and line breaks. Lengths count characters of the text as sent. "Blank"
//! means only whitespace, as `str::trim` sees it.

/// The whitespace `str::trim` removes (Unicode White_Space), as a character class body.
pub const WHITESPACE: &str =
    r"\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// A line with at least one character that is not whitespace. Written so that no character
/// can match two parts of it, so a regex engine checks it in one pass.
pub const LINE_PATTERN: &str = r"^[ \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x1F\x7F-\x9F \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\x00-\x1F\x7F-\x9F]*$";
/// A line that may be blank.
pub const OPTIONAL_LINE_PATTERN: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";
/// A text with at least one character that is not whitespace.
pub const TEXT_PATTERN: &str = r"^[\t\n\r \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x1F\x7F-\x9F \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";
/// A text that may be blank.
pub const OPTIONAL_TEXT_PATTERN: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

/// Whether `c` may appear in a line.
pub fn is_line_char(c: char) -> bool {
    !c.is_control()
}

/// Whether `c` may appear in a text.
pub fn is_text_char(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// How a piece of text is checked.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    /// The most characters it may have, as sent.
    pub max: usize,
    /// Whether tabs and line breaks are allowed.
    pub multiline: bool,
    /// The message when it is blank, for required text; `None` when it may be blank.
    pub required: Option<&'static str>,
}

impl TextRule {
    pub const fn line(max: usize, required: &'static str) -> Self {
        Self {
            max,
            multiline: false,
            required: Some(required),
        }
    }

    pub const fn text(max: usize, required: &'static str) -> Self {
        Self {
            max,
            multiline: true,
            required: Some(required),
        }
    }

    pub const fn optional_text(max: usize) -> Self {
        Self {
            max,
            multiline: true,
            required: None,
        }
    }

    pub const fn optional_line(max: usize) -> Self {
        Self {
            max,
            multiline: false,
            required: None,
        }
    }

    /// The pattern this rule stands for.
    pub fn pattern(&self) -> &'static str {
        match (self.multiline, self.required.is_some()) {
            (false, true) => LINE_PATTERN,
            (false, false) => OPTIONAL_LINE_PATTERN,
            (true, true) => TEXT_PATTERN,
            (true, false) => OPTIONAL_TEXT_PATTERN,
        }
    }

    /// The text trimmed, or what to change.
    pub fn check(&self, raw: &str) -> Result<String, String> {
        if raw.chars().count() > self.max {
            return Err(format!("at most {} characters", self.max));
        }
        let allowed = if self.multiline {
            is_text_char
        } else {
            is_line_char
        };
        if !raw.chars().all(allowed) {
            return Err(if self.multiline {
                "remove the control characters (only tabs and line breaks are allowed)".into()
            } else {
                "one line, without tabs, line breaks or other control characters".into()
            });
        }
        let trimmed = raw.trim();
        match self.required {
            Some(message) if trimmed.is_empty() => Err(message.into()),
            _ => Ok(trimmed.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_refuses_line_breaks_and_a_text_keeps_them() {
        let line = TextRule::line(10, "enter it");
        assert_eq!(line.check("  a b  ").unwrap(), "a b");
        assert!(line.check("a\nb").is_err());
        assert_eq!(line.check(" \u{3000} ").unwrap_err(), "enter it");
        let text = TextRule::text(10, "write it");
        assert_eq!(text.check("a\nb\t").unwrap(), "a\nb");
        assert!(text.check("a\u{0}b").is_err());
        assert!(
            text.check("\u{1c}").is_err(),
            "a separator is a control character"
        );
    }

    #[test]
    fn lengths_count_characters_as_sent() {
        let rule = TextRule::optional_line(3);
        assert!(rule.check("äöü").is_ok());
        assert!(rule.check(" äöü").is_err());
    }
}
