//! Contact search by the beginning of a name, a word of the name, an email address or a
//! phone number. Each contact writes one search entry per token, in a partition named by the
//! token's first two characters, with the token as the sort key: a prefix search is one keyed
//! query, however many contacts there are.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ContactHit, ContactId, ContactKind, Email, FieldErrors, PersonName, Phone, UserId,
};

/// The shortest query worth answering.
pub const MIN_QUERY_CHARS: usize = 2;
pub const MAX_QUERY_CHARS: usize = 100;
/// Words of a name that are indexed one by one.
pub const MAX_NAME_WORDS: usize = 8;
/// At most this many contacts come back.
pub const MAX_HITS: usize = 10;

/// What a search entry holds, so a result needs no further read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchEntry {
    pub id: ContactId,
    pub name: PersonName,
    pub kind: ContactKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// Who owns the contact, so a private deployment can leave out what the searcher may not
    /// see without reading each contact (absent in entries written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<UserId>,
    /// Its related team members, who see it too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<worklane_domain::TeamGrant>,
}

impl SearchEntry {
    pub fn hit(self, exact: bool) -> ContactHit {
        ContactHit {
            id: self.id,
            name: self.name,
            kind: self.kind,
            email: self.email,
            exact,
        }
    }
}

/// Lower case, single spaces, no `#` (the sort key's separator). A query that looks like a
/// phone number keeps only its digits, as phone tokens do.
pub fn normalize(text: &str) -> String {
    let folded = text
        .to_lowercase()
        .replace('#', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let phone_like = folded.chars().any(|c| c.is_ascii_digit())
        && folded
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if phone_like {
        folded.chars().filter(char::is_ascii_digit).collect()
    } else {
        folded
    }
}

/// The tokens a contact is found by.
pub fn tokens(name: &PersonName, emails: &[Email], phones: &[Phone]) -> BTreeSet<String> {
    let full = normalize(name.as_str());
    // The first words are enough to be found by, and keep a contact's writes well inside
    // one transaction however long its name.
    let mut tokens: BTreeSet<String> = full
        .split(' ')
        .take(MAX_NAME_WORDS)
        .map(str::to_string)
        .collect();
    tokens.insert(full);
    tokens.extend(emails.iter().map(|e| normalize(e.as_str())));
    for phone in phones {
        let digits = normalize(phone.as_str());
        // Reps type numbers without the country code: "+1 555 010 2030" is found by "555010".
        if digits.len() > 10 {
            tokens.insert(digits[digits.len() - 10..].to_string());
        }
        tokens.insert(digits);
    }
    tokens.retain(|t| t.chars().count() >= MIN_QUERY_CHARS);
    tokens
}

/// The normalised query, or why it cannot be searched.
pub fn parse_query(raw: &str) -> Result<String, FieldErrors> {
    if raw.chars().any(char::is_control) {
        return Err(FieldErrors::single(
            "q",
            "a search cannot contain control characters",
        ));
    }
    let count = raw.chars().count();
    if count < MIN_QUERY_CHARS {
        return Err(FieldErrors::single(
            "q",
            format!("type at least {MIN_QUERY_CHARS} characters to search"),
        ));
    }
    if count > MAX_QUERY_CHARS {
        return Err(FieldErrors::single(
            "q",
            format!("a search has at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(normalize(raw))
}

/// Exact matches first, then prefix matches, each contact once, at most [`MAX_HITS`].
pub fn merge(exact: Vec<SearchEntry>, prefix: Vec<SearchEntry>) -> Vec<ContactHit> {
    let mut seen = BTreeSet::new();
    let marked = exact
        .into_iter()
        .map(|e| (e, true))
        .chain(prefix.into_iter().map(|e| (e, false)));
    marked
        .filter(|(entry, _)| seen.insert(entry.id.clone()))
        .take(MAX_HITS)
        .map(|(entry, exact)| entry.hit(exact))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> SearchEntry {
        SearchEntry {
            id: ContactId::from_raw(id),
            name: PersonName::parse("Some One").unwrap(),
            kind: ContactKind::Prospect,
            email: None,
            owner_id: None,
            team: Vec::new(),
        }
    }

    #[test]
    fn a_contact_is_found_by_each_word_its_full_name_emails_and_phone_digits() {
        let tokens = tokens(
            &PersonName::parse("Sarah Jane Bays").unwrap(),
            &[Email::parse("S.Bays@Example.com").unwrap()],
            &[Phone::parse("+1 555 010 2030").unwrap()],
        );
        for t in [
            "sarah",
            "jane",
            "bays",
            "sarah jane bays",
            "s.bays@example.com",
            "15550102030",
        ] {
            assert!(tokens.contains(t), "missing {t}");
        }
    }

    #[test]
    fn one_letter_words_are_not_tokens() {
        let tokens = tokens(&PersonName::parse("J Smith").unwrap(), &[], &[]);
        assert!(!tokens.contains("j"));
    }

    #[test]
    fn queries_are_folded_like_tokens_and_need_two_characters() {
        assert_eq!(parse_query("  SaRah   B ").unwrap(), "sarah b");
        assert_eq!(parse_query("(555) 010-2030").unwrap(), "5550102030");
        assert!(parse_query("a").unwrap_err().for_field("q").is_some());
        assert!(parse_query("#").is_err());
    }

    #[test]
    fn merging_puts_exact_matches_first_once_each_and_stops_at_ten() {
        let exact = vec![entry("b")];
        let prefix: Vec<_> = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
            .map(entry)
            .into();
        let hits = merge(exact, prefix);
        assert_eq!(hits.len(), MAX_HITS);
        assert_eq!(hits[0].id.as_str(), "b");
        assert!(hits[0].exact);
        assert_eq!(hits.iter().filter(|h| h.id.as_str() == "b").count(), 1);
        assert!(hits[1..].iter().all(|h| !h.exact));
    }
}
