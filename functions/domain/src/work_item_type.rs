use serde::{Deserialize, Serialize};

use crate::text::TextRule;

use crate::{FieldErrors, Priority, workflow};

/// The category of types an admin adds by hand (seed 000: "Work Item Types manually added
/// from this page will have Category as Manually Created").
pub const MANUALLY_CREATED: &str = "Manually Created";

/// A kind of customer request: what reps read about it, how urgent it is, and which
/// workflow its items follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemType {
    /// Stable key, e.g. `support-ticket`.
    pub key: String,
    pub name: String,
    pub category: String,
    /// What the type is for; reps read it on the Reference tab.
    pub explanation: String,
    /// High, Normal or Low.
    pub priority: Priority,
    /// The key of the workflow its items follow.
    pub workflow: String,
    pub active: bool,
    /// Whether reps may create items of this type by hand.
    pub manual: bool,
    /// The stored record's version; send it back with an edit.
    #[serde(default)]
    pub version: u64,
}

/// An admin's new type, as typed. Its category is always "Manually Created".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemTypeInput {
    pub name: String,
    #[serde(default)]
    pub explanation: String,
    pub priority: Option<Priority>,
    pub workflow: String,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default = "yes")]
    pub manual: bool,
}

fn yes() -> bool {
    true
}

/// An admin's edit of a type: the same fields as a new type, made on `version`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkItemTypeEdit {
    #[serde(flatten)]
    pub input: WorkItemTypeInput,
    pub version: u64,
}

/// A type's category, as a filter names it.
pub const CATEGORY_RULE: TextRule = TextRule::line(80, "name a category");

/// What a type's key looks like: lower-case words of letters and digits joined by dashes.
pub const TYPE_KEY_PATTERN: &str = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

/// Whether `text` has the form of a type's key (see [`TYPE_KEY_PATTERN`]).
pub fn is_type_key(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A type's key from its name: lower case words joined by dashes.
pub fn type_key(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

impl WorkItemTypeInput {
    pub const NAME_RULE: TextRule = TextRule::line(80, "give the type a name");
    /// A line with an ASCII letter or digit (its key is made of them).
    pub const NAME_PATTERN: &str =
        r"^[^A-Za-z0-9\x00-\x1F\x7F-\x9F]*[A-Za-z0-9][^\x00-\x1F\x7F-\x9F]*$";
    pub const EXPLANATION_RULE: TextRule = TextRule::optional_text(4000);

    /// Checks the form against the workflows that exist; the result is a type in the
    /// "Manually Created" category.
    pub fn validate(&self, workflow_keys: &[&str]) -> Result<WorkItemType, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors
            .check("name", Self::NAME_RULE.check(&self.name))
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let key = type_key(&name);
        if key.is_empty() && errors.for_field("name").is_none() {
            errors.add(
                "name",
                "a type's name needs a letter or digit (A to Z, 0 to 9)",
            );
        }
        let explanation = errors
            .check(
                "explanation",
                Self::EXPLANATION_RULE.check(&self.explanation),
            )
            .unwrap_or_default();
        let priority = match self.priority {
            Some(p @ (Priority::High | Priority::Normal | Priority::Low)) => Some(p),
            _ => {
                errors.add("priority", "choose High, Normal or Low");
                None
            }
        };
        if !workflow_keys.contains(&self.workflow.as_str()) {
            errors.add("workflow", "choose one of the workflows");
        }
        errors.finish(|| {
            Some(WorkItemType {
                key,
                name,
                category: MANUALLY_CREATED.into(),
                explanation,
                priority: priority?,
                workflow: self.workflow.clone(),
                active: self.active,
                manual: self.manual,
                version: 0,
            })
        })
    }

    /// Checks an edit of `current`: the type keeps its key and category (a preset keeps its
    /// own), and its workflow, because its items carry that workflow's statuses.
    pub fn validate_edit(
        &self,
        current: &WorkItemType,
        workflow_keys: &[&str],
    ) -> Result<WorkItemType, FieldErrors> {
        let checked = self.validate(workflow_keys);
        if self.workflow != current.workflow {
            let mut errors = match checked {
                Ok(_) => FieldErrors::new(),
                Err(errors) => errors.without("workflow"),
            };
            errors.add(
                "workflow",
                "a type's workflow can't change; create a new type",
            );
            return Err(errors);
        }
        let mut edited = checked?;
        edited.key = current.key.clone();
        edited.category = current.category.clone();
        edited.version = current.version;
        Ok(edited)
    }
}

fn preset(
    name: &str,
    category: &str,
    explanation: &str,
    priority: Priority,
    workflow: &str,
    manual: bool,
) -> WorkItemType {
    WorkItemType {
        key: type_key(name),
        name: name.into(),
        category: category.into(),
        explanation: explanation.into(),
        priority,
        workflow: workflow.into(),
        active: true,
        manual,
        version: 0,
    }
}

/// The types Worklane ships with (seeds 000–004).
pub fn preset_work_item_types() -> Vec<WorkItemType> {
    use workflow::{CONSULTATION, SERVICE_TICKET, WORK_ORDER};
    const QUIZ: &str = "Quiz Result Consultations";
    vec![
        preset(
            "Body Type Quiz",
            QUIZ,
            "The contact took the Body Type Quiz on the main website. Explain the result and recommend the next step.",
            Priority::High,
            CONSULTATION,
            false,
        ),
        preset(
            "Health Evaluation Quiz",
            QUIZ,
            "The contact completed the Health Evaluation Quiz. Go through the answers with them and offer a consultation.",
            Priority::High,
            CONSULTATION,
            false,
        ),
        preset(
            "FAQ Request",
            "Knowledge Requests",
            "A question the contact asked that may deserve an entry in the knowledge base. Answer it, and propose it as an FAQ if it is asked often.",
            Priority::Normal,
            CONSULTATION,
            true,
        ),
        preset(
            "Abandoned Shopping Cart",
            "Shop Recovery",
            "The contact left products in their shop cart. Find out why and help them complete the order.",
            Priority::Normal,
            CONSULTATION,
            false,
        ),
        preset(
            "Fraud Review",
            MANUALLY_CREATED,
            "An order held on a fraud warning. Research the customer, contact them and the payment provider, and release or cancel the order.",
            Priority::High,
            CONSULTATION,
            true,
        ),
        preset(
            "Support Ticket",
            MANUALLY_CREATED,
            "A specific request or issue from the contact that needs tracking and follow-up. Keep every interaction about it here.",
            Priority::Normal,
            CONSULTATION,
            true,
        ),
        preset(
            "Product Info Query",
            MANUALLY_CREATED,
            "The contact asked about a product. Send them the information and follow up.",
            Priority::Normal,
            CONSULTATION,
            true,
        ),
        preset(
            "Service Ticket",
            "Service Desk",
            "An IT service request. Work it through the numbered statuses; never delete a ticket, cancel or merge it.",
            Priority::Normal,
            SERVICE_TICKET,
            true,
        ),
        preset(
            "Work Order",
            "After-Sales Service",
            "An account's service request handled as a work order: resolve, then close; mark it obsolete if void.",
            Priority::Normal,
            WORK_ORDER,
            true,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset_workflows;

    #[test]
    fn every_preset_type_follows_a_shipped_workflow_and_keys_are_unique() {
        let workflows: Vec<String> = preset_workflows().into_iter().map(|w| w.key).collect();
        let types = preset_work_item_types();
        for t in &types {
            assert!(
                workflows.contains(&t.workflow),
                "{} follows {}",
                t.name,
                t.workflow
            );
        }
        let mut keys: Vec<_> = types.iter().map(|t| t.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), types.len());
        let support = types.iter().find(|t| t.name == "Support Ticket").unwrap();
        assert_eq!(
            (support.key.as_str(), support.category.as_str()),
            ("support-ticket", MANUALLY_CREATED)
        );
        let quizzes = types
            .iter()
            .filter(|t| t.category == "Quiz Result Consultations")
            .count();
        assert_eq!(quizzes, 2);
    }

    #[test]
    fn an_admins_type_is_manually_created_and_checked_against_the_workflows() {
        let input = WorkItemTypeInput {
            name: "  Warranty   Claim ".into(),
            explanation: "A product under warranty failed.".into(),
            priority: Some(Priority::Low),
            workflow: "consultation".into(),
            active: true,
            manual: true,
        };
        let t = input.validate(&["consultation"]).unwrap();
        assert_eq!(
            (t.key.as_str(), t.name.as_str(), t.category.as_str()),
            ("warranty-claim", "Warranty Claim", MANUALLY_CREATED)
        );
        let bad = WorkItemTypeInput {
            name: "!!".into(),
            priority: Some(Priority::Urgent),
            workflow: "nope".into(),
            ..input
        };
        let errors = bad.validate(&["consultation"]).unwrap_err();
        for field in ["name", "priority", "workflow"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn an_edit_keeps_the_key_category_and_workflow_of_the_type() {
        let service = preset_work_item_types()
            .into_iter()
            .find(|t| t.key == "service-ticket")
            .unwrap();
        let workflows = ["consultation", "service-ticket"];
        let edit = WorkItemTypeInput {
            name: "IT Request".into(),
            explanation: "Anything IT.".into(),
            priority: Some(Priority::High),
            workflow: "service-ticket".into(),
            active: false,
            manual: true,
        };
        let edited = edit.validate_edit(&service, &workflows).unwrap();
        assert_eq!(
            (
                edited.key.as_str(),
                edited.category.as_str(),
                edited.name.as_str()
            ),
            ("service-ticket", "Service Desk", "IT Request")
        );
        assert!(!edited.active);
        let moved = WorkItemTypeInput {
            workflow: "consultation".into(),
            ..edit
        };
        let errors = moved.validate_edit(&service, &workflows).unwrap_err();
        assert_eq!(
            errors.for_field("workflow"),
            Some("a type's workflow can't change; create a new type")
        );
    }
}
