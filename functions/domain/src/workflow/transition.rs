use std::fmt;

use serde::{Deserialize, Serialize};

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

    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("\"{}\" is not a date; use YYYY-MM-DD", text.trim());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(bad());
        };
        Self::new(year, month, day).ok_or_else(bad)
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

fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
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
        let extension = given(&request.extension);
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
        let closing_reason = given(&request.closing_reason);
        let resolution = given(&request.resolution);
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
                    Requirement::NewDueDate => {
                        match given(&request.due_date).map(|d| CalendarDate::parse(&d)) {
                            None => errors.add(
                                field,
                                format!("set a new due date to move to {}", target.label),
                            ),
                            Some(Err(message)) => errors.add(field, message),
                            Some(Ok(date)) if date <= today => {
                                errors.add(field, format!("the new due date must be after {today}"))
                            }
                            Some(Ok(date)) => due_date = Some(date),
                        }
                    }
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
