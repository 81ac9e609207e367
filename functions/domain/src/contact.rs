use serde::{Deserialize, Serialize};

use crate::{ContactId, Email, FieldErrors, PersonName, Phone, Timestamp, UserId};

/// A prospect has not bought yet; a customer has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ContactKind {
    Prospect,
    Customer,
}

impl ContactKind {
    pub const ALL: [ContactKind; 2] = [ContactKind::Prospect, ContactKind::Customer];

    pub fn label(self) -> &'static str {
        match self {
            ContactKind::Prospect => "Prospect",
            ContactKind::Customer => "Customer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "prospect" => Ok(ContactKind::Prospect),
            "customer" => Ok(ContactKind::Customer),
            other => Err(format!(
                "\"{other}\" is not a contact kind; use Prospect or Customer"
            )),
        }
    }
}

/// A contact as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactView {
    pub id: ContactId,
    pub name: PersonName,
    pub kind: ContactKind,
    /// The first address is the primary one.
    pub emails: Vec<Email>,
    /// The first number is the primary one.
    pub phones: Vec<Phone>,
    pub owner_id: UserId,
    /// Related team members (seed 003), each to read or to read and change.
    #[serde(default)]
    pub team: Vec<TeamGrant>,
    pub new_lead: bool,
    /// The account (company) the contact belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<crate::AccountId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub updated_at: Timestamp,
    pub version: u64,
}

/// A related team member of a record and how far they reach it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamGrant {
    pub user: UserId,
    pub level: crate::AccessLevel,
}

/// The related team members of a record, set whole, on `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamEdit {
    pub team: Vec<TeamGrant>,
    pub version: u64,
}

impl TeamEdit {
    /// The most related team members a record may have.
    pub const MAX_TEAM: usize = 20;

    /// The team, or what is wrong with it (too many, someone twice).
    pub fn validate(self) -> Result<Vec<TeamGrant>, FieldErrors> {
        if self.team.len() > Self::MAX_TEAM {
            return Err(FieldErrors::single(
                "team",
                format!(
                    "a record has at most {} related team members",
                    Self::MAX_TEAM
                ),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (n, grant) in self.team.iter().enumerate() {
            if !seen.insert(&grant.user) {
                return Err(FieldErrors::single(
                    format!("team[{n}].user"),
                    "this person is listed twice",
                ));
            }
        }
        Ok(self.team)
    }
}

/// A contact form as typed, for create and for update.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    pub name: String,
    pub kind: Option<ContactKind>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    /// Defaults to the user creating the contact.
    #[serde(default)]
    pub owner_id: Option<UserId>,
    #[serde(default)]
    pub new_lead: bool,
}

/// An edit of a contact: the whole form, made on `version` (the one it was loaded with).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactEdit {
    #[serde(flatten)]
    pub input: ContactInput,
    pub version: u64,
}

/// A contact's fields after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFields {
    pub name: PersonName,
    pub kind: ContactKind,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub owner_id: Option<UserId>,
    pub new_lead: bool,
}

impl ContactInput {
    pub const MAX_EMAILS: usize = 5;
    pub const MAX_PHONES: usize = 5;

    pub fn validate(&self) -> Result<ContactFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let kind = errors.check(
            "kind",
            self.kind
                .ok_or_else(|| "choose Prospect or Customer".to_string()),
        );
        let emails = parse_list(
            &mut errors,
            "emails",
            &self.emails,
            Self::MAX_EMAILS,
            Email::parse,
        );
        let phones = parse_list(
            &mut errors,
            "phones",
            &self.phones,
            Self::MAX_PHONES,
            Phone::parse,
        );
        if self.emails.is_empty() && self.phones.is_empty() {
            errors.add("emails", "give at least one email address or phone number");
        }
        errors.finish(|| {
            Some(ContactFields {
                name: name?,
                kind: kind?,
                emails,
                phones,
                owner_id: self.owner_id.clone(),
                new_lead: self.new_lead,
            })
        })
    }
}

/// Parses every entry of a list, naming each bad one by position and refusing duplicates
/// (after normalisation, so "A@x.com" and "a@x.com" are the same address).
fn parse_list<T: PartialEq>(
    errors: &mut FieldErrors,
    field: &str,
    raw: &[String],
    max: usize,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Vec<T> {
    if raw.len() > max {
        errors.add(field, format!("at most {max} entries"));
    }
    let mut values = Vec::new();
    for (i, entry) in raw.iter().enumerate() {
        match parse(entry) {
            Ok(value) if values.contains(&value) => errors.add(
                format!("{field}[{i}]"),
                format!("\"{}\" is listed twice", entry.trim()),
            ),
            Ok(value) => values.push(value),
            Err(message) => errors.add(format!("{field}[{i}]"), message),
        }
    }
    values
}

/// A search result: enough to recognise the contact and open it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactHit {
    pub id: ContactId,
    pub name: PersonName,
    pub kind: ContactKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// True when the query equals a whole name, word of the name or email address.
    pub exact: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ContactInput {
        ContactInput {
            name: "Cathy Slater".into(),
            kind: Some(ContactKind::Customer),
            emails: vec!["cathy@example.com".into(), "c.slater@work.example".into()],
            phones: vec!["+1 555 010 2030".into()],
            ..ContactInput::default()
        }
    }

    #[test]
    fn a_valid_contact_keeps_its_entries_in_order() {
        let fields = input().validate().unwrap();
        assert_eq!(fields.emails.len(), 2);
        assert_eq!(fields.emails[0].as_str(), "cathy@example.com");
        assert_eq!(fields.phones[0].as_str(), "+15550102030");
    }

    #[test]
    fn a_blank_entry_is_refused_by_its_position() {
        let mut blank = input();
        blank.emails.insert(1, " ".into());
        let errors = blank.validate().unwrap_err();
        assert!(errors.for_field("emails[1]").is_some(), "{errors}");
    }

    #[test]
    fn bad_entries_are_named_by_position() {
        let mut bad = input();
        bad.emails = vec!["ok@example.com".into(), "broken".into()];
        bad.phones = vec!["12".into()];
        let errors = bad.validate().unwrap_err();
        assert!(errors.for_field("emails[1]").is_some());
        assert!(errors.for_field("phones[0]").is_some());
    }

    #[test]
    fn duplicate_addresses_are_refused_even_in_other_case() {
        let mut bad = input();
        bad.emails = vec!["a@example.com".into(), "A@Example.com".into()];
        assert!(bad.validate().unwrap_err().for_field("emails[1]").is_some());
    }

    #[test]
    fn a_contact_needs_some_way_to_reach_it() {
        let mut bad = input();
        bad.emails.clear();
        bad.phones.clear();
        assert!(bad.validate().unwrap_err().for_field("emails").is_some());
    }
}
