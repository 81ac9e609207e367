use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::TextRule;
use crate::{FieldErrors, Priority, Requirement, StatusKind, Workflow};

/// A calendar day, `YYYY-MM-DD` on the wire (a due date is a day, not an instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days = crate::wire_time::days_in_month(i64::from(year), i64::from(month));
        let valid = (1..=12).contains(&month) && (1..=days).contains(&i64::from(day));
        valid.then_some(Self { year, month, day })
    }

    /// What [`CalendarDate::parse`] accepts, besides the date being real (JSON Schema's
    /// `date` format says that).
    pub const PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// `YYYY-MM-DD`, a real date from the year 1 on.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("\"{text}\" is not a date; use YYYY-MM-DD");
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(bad());
        };
        Self::new(year, month, day)
            .filter(|date| date.year >= 1)
            .ok_or_else(bad)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for CalendarDate {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<CalendarDate> for String {
    fn from(date: CalendarDate) -> String {
        date.to_string()
    }
}

/// What a workflow needs to know about an item to move it.
#[derive(Debug, Clone, Copy)]
pub struct ItemState<'a> {
    pub status: &'a str,
    pub priority: Priority,
    pub locked: bool,
}

/// A request to change an item's status (or only its extension), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionRequest {
    pub to: String,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub closing_reason: Option<String>,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
}

/// What a permitted transition does to the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionOutcome {
    pub status: String,
    pub extension: Option<String>,
    pub priority: Priority,
    pub due_date: Option<CalendarDate>,
    pub closing_reason: Option<String>,
    pub resolution: Option<String>,
}

/// A closing reason or a resolution: optional text of at most 2,000 characters.
pub const REASON_RULE: TextRule = TextRule::optional_text(2000);

/// A reason or resolution as given, checked; blank counts as not given.
fn reason(errors: &mut FieldErrors, field: &str, raw: &Option<String>) -> Option<String> {
    let text = raw.as_deref()?;
    errors
        .check(field, REASON_RULE.check(text))
        .filter(|t| !t.is_empty())
}

impl Workflow {
    /// Checks a status change against the workflow and says what it does, or lists every
    /// reason it cannot happen, each under the field to correct.
    pub fn transition(
        &self,
        item: ItemState<'_>,
        request: &TransitionRequest,
        today: CalendarDate,
    ) -> Result<TransitionOutcome, FieldErrors> {
        let mut errors = FieldErrors::new();
        let current = self.status(item.status);
        if item.locked {
            return Err(FieldErrors::single(
                "to",
                "this item is locked; unlock it before handling it",
            ));
        }
        if current.is_some_and(|s| s.kind == StatusKind::Void) {
            let label = current.map(|s| s.label.as_str()).unwrap_or(item.status);
            return Err(FieldErrors::single(
                "to",
                format!("the item is {label}; a void item cannot be handled"),
            ));
        }
        let Some(target) = self.status(&request.to) else {
            return Err(FieldErrors::single(
                "to",
                format!(
                    "{} is not a status of the {} workflow",
                    request.to, self.name
                ),
            ));
        };
        let moving = target.key != item.status;
        if moving && !self.allows(item.status, &target.key) {
            let next: Vec<&str> = self
                .next_statuses(item.status)
                .iter()
                .map(|s| s.label.as_str())
                .collect();
            let from = current.map(|s| s.label.as_str()).unwrap_or(item.status);
            let choices = if next.is_empty() {
                "none".to_string()
            } else {
                next.join(", ")
            };
            errors.add(
                "to",
                format!(
                    "cannot go from {from} to {}; allowed next: {choices}",
                    target.label
                ),
            );
        }
        // Blank clears the extension.
        let extension = request
            .extension
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if let Some(key) = &extension
            && self.extension(key).is_none()
        {
            errors.add(
                "extension",
                format!(
                    "{key} is not a status extension of the {} workflow",
                    self.name
                ),
            );
        }
        let closing_reason = reason(&mut errors, "closing_reason", &request.closing_reason);
        let resolution = reason(&mut errors, "resolution", &request.resolution);
        let new_due_date = match &request.due_date {
            None => None,
            Some(raw) => errors.check("due_date", CalendarDate::parse(raw)),
        };
        let mut due_date = None;
        if moving {
            for requirement in &target.requires {
                let field = requirement.field();
                match requirement {
                    Requirement::ClosingReason if closing_reason.is_none() => errors.add(
                        field,
                        format!("give a reason for moving to {}", target.label),
                    ),
                    Requirement::ResolutionDescription if resolution.is_none() => errors.add(
                        field,
                        format!("describe the resolution to move to {}", target.label),
                    ),
                    Requirement::NewDueDate => match new_due_date {
                        // A date that did not parse already says why.
                        None if request.due_date.is_some() => {}
                        None => errors.add(
                            field,
                            format!("set a new due date to move to {}", target.label),
                        ),
                        Some(date) if date <= today => {
                            errors.add(field, format!("the new due date must be after {today}"))
                        }
                        Some(date) => due_date = Some(date),
                    },
                    _ => {}
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let priority = match (moving, target.priority_change) {
            (true, Some(crate::PriorityChange::Set(p))) => p,
            (true, Some(crate::PriorityChange::Lower)) => item.priority.lowered(),
            _ => item.priority,
        };
        Ok(TransitionOutcome {
            status: target.key.clone(),
            extension,
            priority,
            due_date,
            closing_reason,
            resolution,
        })
    }
}
