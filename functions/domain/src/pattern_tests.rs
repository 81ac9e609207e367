//! Each pattern the OpenAPI document states for a field must accept exactly what the field's
//! parser accepts: both are run on edge cases and on many random strings.

use regex::Regex;

use crate::text::TextRule;
use crate::{
    CALL_NOTE_RULE, COLOR_PATTERN, DESCRIPTION_RULE, Email, Extension, KEY_PATTERN, PersonName,
    Phone, SUBJECT_RULE, URL_PATTERN, WorkItemNote, WorkItemTypeInput, parse_url, type_key,
};

/// Characters that sit on the edges of the rules: every kind of whitespace, control
/// characters (with the separators Python counts as whitespace), letters outside ASCII, and the
/// punctuation emails, phones and links use.
const ALPHABET: &[char] = &[
    'a', 'Z', '0', '7', '9', ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{0}', '\u{7}', '\u{1c}',
    '\u{1f}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{200b}',
    '\u{2028}', '\u{3000}', '\u{feff}', 'é', 'ß', '日', '😀', '@', '.', '-', '_', '+', '(', ')',
    '#', '/', ':', '!', '~', '\'', '"', 'h', 't', 'p', 's',
];

/// A small deterministic generator: the same strings on every run.
struct Strings(u64);

impl Strings {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self, max_len: usize) -> String {
        let len = (self.next_u64() % (max_len as u64 + 1)) as usize;
        (0..len)
            .map(|_| ALPHABET[(self.next_u64() % ALPHABET.len() as u64) as usize])
            .collect()
    }
}

fn samples(seeds: &[&str]) -> Vec<String> {
    let mut strings = Strings(0x9E37_79B9_7F4A_7C15);
    let mut all: Vec<String> = seeds.iter().map(|s| s.to_string()).collect();
    all.extend((0..4000).map(|_| strings.string(12)));
    // Well-formed cores with noise around them reach deeper into the patterns.
    for seed in seeds {
        for _ in 0..40 {
            all.push(format!("{}{seed}{}", strings.string(2), strings.string(2)));
        }
    }
    all
}

fn agree(
    name: &str,
    pattern: &str,
    max: Option<usize>,
    seeds: &[&str],
    accepts: impl Fn(&str) -> bool,
) {
    let regex = Regex::new(pattern).unwrap_or_else(|e| panic!("{name}: {e}"));
    for s in samples(seeds) {
        let by_pattern = regex.is_match(&s) && max.is_none_or(|m| s.chars().count() <= m);
        assert_eq!(
            by_pattern,
            accepts(&s),
            "{name}: the pattern says {by_pattern} for {s:?}, the parser the opposite"
        );
    }
}

fn agree_rule(name: &str, rule: TextRule) {
    agree(
        name,
        rule.pattern(),
        Some(rule.max),
        &["a", " a ", "a\tb", "\u{3000}", "x\ny", "\u{85}"],
        |s| rule.check(s).is_ok(),
    );
}

#[test]
fn the_text_patterns_say_what_the_text_rules_accept() {
    agree_rule("name", PersonName::RULE);
    agree_rule("subject", SUBJECT_RULE);
    agree_rule("description", DESCRIPTION_RULE);
    agree_rule("call note", CALL_NOTE_RULE);
    agree_rule("work item note", WorkItemNote::RULE);
    agree_rule("type explanation", WorkItemTypeInput::EXPLANATION_RULE);
    agree_rule("name of 3", TextRule::line(3, "enter it"));
}

#[test]
fn the_email_pattern_says_what_email_parse_accepts() {
    agree(
        "email",
        Email::PATTERN,
        Some(Email::MAX_CHARS),
        &[
            "a@b.co",
            " Jane.Doe+crm@Example.COM ",
            "a@b",
            "a@@b.co",
            "a@b..co",
            "a@-b.co",
            "é@b.co",
            "a b@c.de",
            &format!("{}@b.co", "x".repeat(64)),
            &format!("{}@b.co", "x".repeat(65)),
            &format!("a@{}.co", "b".repeat(250)),
        ],
        |s| Email::parse(s).is_ok(),
    );
}

#[test]
fn the_phone_pattern_says_what_phone_parse_accepts() {
    agree(
        "phone",
        Phone::PATTERN,
        Some(Phone::MAX_CHARS),
        &[
            "+1 (555) 010-2030",
            "555.010.2030",
            "123456",
            "1234567",
            "123456789012345",
            "1234567890123456",
            "++15550102030",
            "5550102030+",
            " 5550102030 ",
            "555\u{a0}0102030",
        ],
        |s| Phone::parse(s).is_ok(),
    );
}

#[test]
fn the_extension_link_key_colour_and_type_name_patterns_say_what_their_parsers_accept() {
    agree(
        "extension",
        Extension::PATTERN,
        None,
        &["12", " 123456 ", "1", "1234567", "1 2"],
        |s| Extension::parse(s).is_ok(),
    );
    agree(
        "link",
        URL_PATTERN,
        Some(crate::MAX_URL),
        &[
            "https://a",
            "http://x.y/z?q=1",
            " https://a ",
            "https://",
            "ftp://a",
            "https://a b",
        ],
        |s| parse_url(s).is_ok(),
    );
    agree(
        "key",
        KEY_PATTERN,
        None,
        &["a", "IN_PROGRESS", "a-b", "", &"k".repeat(41)],
        crate::workflow::is_key,
    );
    agree(
        "colour",
        COLOR_PATTERN,
        None,
        &["#2e7d32", "#2E7D3", "2e7d32f", "#gggggg"],
        crate::workflow::is_color,
    );
    agree(
        "type name",
        WorkItemTypeInput::NAME_PATTERN,
        Some(WorkItemTypeInput::NAME_RULE.max),
        &["Support Ticket", "  ", "--", "é", "日本 1"],
        |s| WorkItemTypeInput::NAME_RULE.check(s).is_ok() && !type_key(s).is_empty(),
    );
}
