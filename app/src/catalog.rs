//! Workflows and work item types, loaded once per signed-in user and looked up by key.

use worklane_domain::{StatusDef, StatusKind, WorkItemType, WorkItemView, Workflow};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub workflows: Vec<Workflow>,
    pub types: Vec<WorkItemType>,
}

impl Catalog {
    pub fn work_type(&self, key: &str) -> Option<&WorkItemType> {
        self.types.iter().find(|t| t.key == key)
    }

    pub fn workflow(&self, key: &str) -> Option<&Workflow> {
        self.workflows.iter().find(|w| w.key == key)
    }

    pub fn workflow_of(&self, type_key: &str) -> Option<&Workflow> {
        self.work_type(type_key)
            .and_then(|t| self.workflow(&t.workflow))
    }

    pub fn status_of(&self, item: &WorkItemView) -> Option<&StatusDef> {
        self.workflow_of(&item.type_key)
            .and_then(|w| w.status(&item.status))
    }

    /// Open items are the ones still to work on; closed and voided ones are history.
    pub fn is_open(&self, item: &WorkItemView) -> bool {
        item.merged_into.is_none()
            && self
                .status_of(item)
                .is_none_or(|s| s.kind == StatusKind::Open)
    }

    pub fn type_name(&self, key: &str) -> String {
        self.work_type(key)
            .map_or_else(|| key.to_string(), |t| t.name.clone())
    }

    pub fn category_of(&self, type_key: &str) -> Option<&str> {
        self.work_type(type_key).map(|t| t.category.as_str())
    }

    /// Every category, each once, in the order of the types (which come by name).
    pub fn categories(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for t in &self.types {
            if !seen.contains(&t.category) {
                seen.push(t.category.clone());
            }
        }
        seen.sort();
        seen
    }

    /// Every status of every workflow, each key once: (key, label).
    pub fn statuses(&self) -> Vec<(String, String)> {
        self.statuses_of(&self.workflows)
    }

    /// The statuses of these workflows, each key once, in their order: (key, label).
    pub fn statuses_of<'a>(
        &self,
        workflows: impl IntoIterator<Item = &'a Workflow>,
    ) -> Vec<(String, String)> {
        let mut seen: Vec<(String, String)> = Vec::new();
        for s in workflows.into_iter().flat_map(|w| &w.statuses) {
            if !seen.iter().any(|(key, _)| *key == s.key) {
                seen.push((s.key.clone(), status_label(s)));
            }
        }
        seen
    }
}

/// "6 – Hold" for a numbered status, the label alone otherwise.
pub fn status_label(status: &StatusDef) -> String {
    match status.number {
        Some(n) => format!("{n} – {}", status.label),
        None => status.label.clone(),
    }
}
