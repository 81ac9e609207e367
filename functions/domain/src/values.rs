//! Validated values. Each `parse` takes what a person typed and either returns the value in
//! its canonical form or a message saying what to change.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::TextRule;

/// An email address, trimmed and lower-cased so that lookups by address are exact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The most characters an address may have, as sent.
    pub const MAX_CHARS: usize = 254;
    /// What [`Email::parse`] accepts (with at most [`Email::MAX_CHARS`] characters): an ASCII
    /// address, its local part at most 64 characters, its domain at least two labels of
    /// letters, digits and dashes, with surrounding whitespace.
    pub const PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "an email address has at most {} characters",
                Self::MAX_CHARS
            ));
        }
        let email = raw.trim().to_ascii_lowercase();
        if email.is_empty() {
            return Err("enter an email address".into());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(format!("\"{}\" is missing the @ sign", raw.trim()));
        };
        if local.is_empty() || local.len() > 64 || !local.chars().all(is_local_char) {
            return Err(format!("\"{}\" is not a valid email address", raw.trim()));
        }
        let domain_ok = domain.contains('.')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(is_domain_char));
        if !domain_ok {
            return Err(format!(
                "\"{}\" needs a domain such as example.com after the @",
                raw.trim()
            ));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Email goes out through Amazon SES, which takes ASCII addresses only (an international
/// domain is written in its xn-- form).
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// A phone number reduced to its digits, with a leading `+` when it was given in
/// international form. Spaces, dots, dashes and brackets are accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// The most characters a number may have, as sent.
    pub const MAX_CHARS: usize = 40;
    /// What [`Phone::parse`] accepts (with at most [`Phone::MAX_CHARS`] characters).
    pub const PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\+?[ .()-]*(?:[0-9][ .()-]*){7,15}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "a phone number has at most {} characters",
                Self::MAX_CHARS
            ));
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("enter a phone number".into());
        }
        let international = trimmed.starts_with('+');
        let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let mut digits = String::with_capacity(body.len() + 1);
        if international {
            digits.push('+');
        }
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(format!(
                        "\"{trimmed}\" may hold only digits, spaces, dashes, dots, brackets and a leading +"
                    ));
                }
            }
        }
        let count = digits.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&count) {
            return Err(format!("\"{trimmed}\" should have between 7 and 15 digits"));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name of a person or company: trimmed, 1 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// One line of at most 120 characters, not blank; runs of spaces become one.
    pub const RULE: TextRule = TextRule::line(120, "enter a name");

    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = Self::RULE
            .check(raw)
            .map_err(|m| m.replace("at most", "a name has at most"))?;
        Ok(Self(name.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone extension: 2 to 6 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[serde(try_from = "String", into = "String")]
pub struct Extension(String);

impl Extension {
    /// What [`Extension::parse`] accepts.
    pub const PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[0-9]{2,6}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

    pub fn parse(raw: &str) -> Result<Self, String> {
        let ext = raw.trim();
        if !(2..=6).contains(&ext.len()) || !ext.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("\"{ext}\" should be 2 to 6 digits"));
        }
        Ok(Self(ext.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, short enough to hash quickly.
/// Never serialised back out.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let count = raw.chars().count();
        if count < Self::MIN_CHARS {
            return Err(format!(
                "a password needs at least {} characters",
                Self::MIN_CHARS
            ));
        }
        if count > Self::MAX_CHARS {
            return Err(format!(
                "a password has at most {} characters",
                Self::MAX_CHARS
            ));
        }
        Ok(Self(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

macro_rules! string_conversions {
    ($($name:ident),*) => {$(
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(raw: String) -> Result<Self, String> {
                Self::parse(&raw)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

string_conversions!(Email, Phone, PersonName, Extension);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Jane.Doe+crm@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "jane.doe+crm@example.com");
    }

    #[test]
    fn emails_without_at_sign_or_domain_are_refused_with_a_reason() {
        assert!(Email::parse("jane.example.com").unwrap_err().contains("@"));
        assert!(
            Email::parse("jane@localhost")
                .unwrap_err()
                .contains("domain")
        );
        assert!(Email::parse("ja ne@example.com").is_err());
        assert!(Email::parse("jane@exa..mple.com").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn phones_keep_digits_and_the_international_plus() {
        assert_eq!(
            Phone::parse(" +1 (555) 010-2030 ").unwrap().as_str(),
            "+15550102030"
        );
        assert_eq!(Phone::parse("555.010.2030").unwrap().as_str(), "5550102030");
    }

    #[test]
    fn phones_with_letters_or_too_few_digits_are_refused() {
        assert!(Phone::parse("555-CALL-NOW").is_err());
        assert!(Phone::parse("12345").is_err());
        assert!(Phone::parse("1234567890123456").is_err());
    }

    #[test]
    fn names_collapse_whitespace_and_refuse_empty_or_control_characters() {
        assert_eq!(
            PersonName::parse("  Sarah   Bays ").unwrap().as_str(),
            "Sarah Bays"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("a\u{7}b").is_err());
        assert!(PersonName::parse("a\tb").is_err(), "one line");
        assert!(PersonName::parse(&"x".repeat(121)).is_err());
    }

    #[test]
    fn extensions_are_two_to_six_digits() {
        assert!(Extension::parse("101").is_ok());
        assert!(Extension::parse("1").is_err());
        assert!(Extension::parse("12a").is_err());
    }

    #[test]
    fn passwords_need_ten_characters_and_never_print() {
        assert!(Password::parse("short").is_err());
        let password = Password::parse("correct horse").unwrap();
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[test]
    fn values_deserialise_only_when_valid() {
        let ok: Result<Email, _> = serde_json::from_str("\"A@B.co\"");
        assert_eq!(ok.unwrap().as_str(), "a@b.co");
        let bad: Result<Email, _> = serde_json::from_str("\"nope\"");
        assert!(bad.is_err());
    }
}
