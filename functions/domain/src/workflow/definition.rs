use serde::{Deserialize, Serialize};

use crate::text::TextRule;

use crate::FieldErrors;

/// How urgent a work item is. `NotApplicable` is for items parked on purpose (a ticket on
/// Hold or Internal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    Urgent,
    High,
    Normal,
    Low,
    NotApplicable,
}

impl Priority {
    pub fn label(self) -> &'static str {
        match self {
            Priority::Urgent => "Urgent",
            Priority::High => "High",
            Priority::Normal => "Normal",
            Priority::Low => "Low",
            Priority::NotApplicable => "N/A",
        }
    }

    pub const ALL: [Priority; 5] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
        Priority::NotApplicable,
    ];

    /// A priority by its label (`N/A`) or its name on the wire (`NotApplicable`), in any case.
    pub fn parse(raw: &str) -> Result<Priority, String> {
        let text = raw.trim();
        Priority::ALL
            .into_iter()
            .find(|p| {
                p.label().eq_ignore_ascii_case(text) || format!("{p:?}").eq_ignore_ascii_case(text)
            })
            .ok_or_else(|| {
                format!("\"{text}\" is not a priority; use Urgent, High, Normal, Low or N/A")
            })
    }

    /// One step less urgent; Low and N/A stay as they are.
    pub fn lowered(self) -> Priority {
        match self {
            Priority::Urgent => Priority::High,
            Priority::High => Priority::Normal,
            Priority::Normal | Priority::Low => Priority::Low,
            Priority::NotApplicable => Priority::NotApplicable,
        }
    }
}

/// Whether a status means work remains (open), the request was dealt with (closed), or the
/// item was voided (cancelled, obsolete) — never deleted, just out of every working list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StatusKind {
    Open,
    Closed,
    Void,
}

/// Something the person changing the status must give when entering it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Requirement {
    /// Why the item is being closed (Resolved, Sold, Closed…).
    ClosingReason,
    /// What was done to resolve it (a ticket's Completed).
    ResolutionDescription,
    /// When work should resume, later than today (a ticket's Hold).
    NewDueDate,
}

impl Requirement {
    pub fn field(self) -> &'static str {
        match self {
            Requirement::ClosingReason => "closing_reason",
            Requirement::ResolutionDescription => "resolution",
            Requirement::NewDueDate => "due_date",
        }
    }
}

/// What happens to the priority when a status is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PriorityChange {
    Set(Priority),
    Lower,
}

/// One status of a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDef {
    /// Stable key stored on work items, e.g. `IN_PROGRESS`.
    pub key: String,
    pub label: String,
    /// The number some teams know a status by (a service ticket's "6 – Hold").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u8>,
    /// `#rrggbb`, for the status chip and the selected tile's border.
    pub color: String,
    pub kind: StatusKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_change: Option<PriorityChange>,
}

/// A sub-state shown beside the status (a ticket's "CA2 – Contact Attempt 2").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionDef {
    pub key: String,
    pub label: String,
}

/// A change of status the workflow allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionDef {
    pub from: String,
    pub to: String,
}

/// A workflow as admins define it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workflow {
    /// Stable key, e.g. `consultation`.
    pub key: String,
    pub name: String,
    pub statuses: Vec<StatusDef>,
    /// The status a new item starts in.
    pub initial: String,
    pub transitions: Vec<TransitionDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<ExtensionDef>,
    /// Whether items may be locked; a locked item cannot be handled until unlocked.
    #[serde(default)]
    pub lockable: bool,
    /// The stored record's version; send it back with an edit (ignored on create).
    #[serde(default)]
    pub version: u64,
}

/// What a workflow, status or extension key may be: 1 to 40 letters, digits, `-` or `_`.
pub const KEY_PATTERN: &str = "^[A-Za-z0-9_-]{1,40}$";
/// A status colour: `#rrggbb`.
pub const COLOR_PATTERN: &str = "^#[0-9A-Fa-f]{6}$";
pub const WORKFLOW_NAME_RULE: TextRule = TextRule::line(80, "give the workflow a name");
pub const LABEL_RULE: TextRule = TextRule::line(60, "give it a label");

/// Whether `text` is a well-formed workflow, status or extension key ([`KEY_PATTERN`]).
pub fn is_key(text: &str) -> bool {
    (1..=40).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(crate) fn is_color(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl Workflow {
    pub fn status(&self, key: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.key == key)
    }

    pub fn extension(&self, key: &str) -> Option<&ExtensionDef> {
        self.extensions.iter().find(|e| e.key == key)
    }

    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.transitions
            .iter()
            .any(|t| t.from == from && t.to == to)
    }

    /// The statuses an item in `from` may move to, in the workflow's order.
    pub fn next_statuses(&self, from: &str) -> Vec<&StatusDef> {
        self.statuses
            .iter()
            .filter(|s| self.allows(from, &s.key))
            .collect()
    }

    /// Checks an admin's definition: keys well formed and unique, colours `#rrggbb`, the
    /// initial status open, transitions between known statuses, at least one way to close.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_key(&self.key) {
            errors.add("key", "use 1 to 40 letters, digits, - or _");
        }
        errors.check("name", WORKFLOW_NAME_RULE.check(&self.name));
        if self.statuses.is_empty() {
            errors.add("statuses", "a workflow needs statuses");
        }
        for (i, status) in self.statuses.iter().enumerate() {
            if !is_key(&status.key) {
                errors.add(
                    format!("statuses[{i}].key"),
                    "use 1 to 40 letters, digits, - or _",
                );
            } else if self.statuses[..i].iter().any(|s| s.key == status.key) {
                errors.add(
                    format!("statuses[{i}].key"),
                    format!("{} is used twice", status.key),
                );
            }
            errors.check(
                format!("statuses[{i}].label"),
                LABEL_RULE.check(&status.label),
            );
            if !is_color(&status.color) {
                errors.add(
                    format!("statuses[{i}].color"),
                    "use a colour such as #2e7d32",
                );
            }
        }
        match self.status(&self.initial) {
            Some(s) if s.kind == StatusKind::Open => {}
            Some(_) => errors.add("initial", "a new item must start in an open status"),
            None => errors.add("initial", "choose one of the workflow's statuses"),
        }
        for (i, t) in self.transitions.iter().enumerate() {
            if self.status(&t.from).is_none() || self.status(&t.to).is_none() {
                errors.add(
                    format!("transitions[{i}]"),
                    format!("{} → {} names an unknown status", t.from, t.to),
                );
            } else if t.from == t.to {
                errors.add(
                    format!("transitions[{i}]"),
                    "a transition must change the status",
                );
            }
        }
        let closes = self
            .statuses
            .iter()
            .any(|s| s.kind != StatusKind::Open && self.transitions.iter().any(|t| t.to == s.key));
        if !self.statuses.is_empty() && !closes {
            errors.add(
                "transitions",
                "some transition must lead to a closed or void status",
            );
        }
        for (i, ext) in self.extensions.iter().enumerate() {
            if !is_key(&ext.key) {
                errors.add(
                    format!("extensions[{i}].key"),
                    "use 1 to 40 letters, digits, - or _",
                );
            } else if self.extensions[..i].iter().any(|e| e.key == ext.key) {
                errors.add(
                    format!("extensions[{i}].key"),
                    format!("{} is used twice", ext.key),
                );
            }
            errors.check(
                format!("extensions[{i}].label"),
                LABEL_RULE.check(&ext.label),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Priority;

    #[test]
    fn a_priority_is_read_by_its_label_or_its_wire_name_in_any_case() {
        assert_eq!(Priority::parse("high"), Ok(Priority::High));
        assert_eq!(Priority::parse(" N/A "), Ok(Priority::NotApplicable));
        assert_eq!(
            Priority::parse("NotApplicable"),
            Ok(Priority::NotApplicable)
        );
        let refused = Priority::parse("Soon").unwrap_err();
        assert!(
            refused.contains("Urgent, High, Normal, Low or N/A"),
            "{refused}"
        );
    }
}
