//! Workflows and work item types as stored: types of their own, so the API's shapes can change
//! without touching stored data. They read what earlier versions stored (the API's shapes,
//! version included, which is ignored: the item's own version is the truth).

use serde::{Deserialize, Serialize};
use worklane_domain::{
    ExtensionDef, Priority, PriorityChange, Requirement, StatusDef, StatusKind, TransitionDef,
    WorkItemType, Workflow,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct WorkflowRecord {
    key: String,
    name: String,
    statuses: Vec<StatusRecord>,
    initial: String,
    transitions: Vec<TransitionRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    extensions: Vec<ExtensionRecord>,
    #[serde(default)]
    lockable: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StatusRecord {
    key: String,
    label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<u8>,
    color: String,
    kind: StatusKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    requires: Vec<Requirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    priority_change: Option<PriorityChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TransitionRecord {
    from: String,
    to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ExtensionRecord {
    key: String,
    label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct TypeRecord {
    key: String,
    name: String,
    category: String,
    explanation: String,
    priority: Priority,
    workflow: String,
    active: bool,
    manual: bool,
}

impl WorkflowRecord {
    pub fn new(workflow: &Workflow) -> Self {
        let workflow = workflow.clone();
        WorkflowRecord {
            key: workflow.key,
            name: workflow.name,
            statuses: workflow
                .statuses
                .into_iter()
                .map(|s| StatusRecord {
                    key: s.key,
                    label: s.label,
                    number: s.number,
                    color: s.color,
                    kind: s.kind,
                    requires: s.requires,
                    priority_change: s.priority_change,
                })
                .collect(),
            initial: workflow.initial,
            transitions: workflow
                .transitions
                .into_iter()
                .map(|t| TransitionRecord {
                    from: t.from,
                    to: t.to,
                })
                .collect(),
            extensions: workflow
                .extensions
                .into_iter()
                .map(|e| ExtensionRecord {
                    key: e.key,
                    label: e.label,
                })
                .collect(),
            lockable: workflow.lockable,
        }
    }

    pub fn workflow(self, version: u64) -> Workflow {
        Workflow {
            key: self.key,
            name: self.name,
            statuses: self
                .statuses
                .into_iter()
                .map(|s| StatusDef {
                    key: s.key,
                    label: s.label,
                    number: s.number,
                    color: s.color,
                    kind: s.kind,
                    requires: s.requires,
                    priority_change: s.priority_change,
                })
                .collect(),
            initial: self.initial,
            transitions: self
                .transitions
                .into_iter()
                .map(|t| TransitionDef {
                    from: t.from,
                    to: t.to,
                })
                .collect(),
            extensions: self
                .extensions
                .into_iter()
                .map(|e| ExtensionDef {
                    key: e.key,
                    label: e.label,
                })
                .collect(),
            lockable: self.lockable,
            version,
        }
    }
}

impl TypeRecord {
    pub fn new(work_type: &WorkItemType) -> Self {
        let t = work_type.clone();
        TypeRecord {
            key: t.key,
            name: t.name,
            category: t.category,
            explanation: t.explanation,
            priority: t.priority,
            workflow: t.workflow,
            active: t.active,
            manual: t.manual,
        }
    }

    pub fn work_type(self, version: u64) -> WorkItemType {
        WorkItemType {
            key: self.key,
            name: self.name,
            category: self.category,
            explanation: self.explanation,
            priority: self.priority,
            workflow: self.workflow,
            active: self.active,
            manual: self.manual,
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::{preset_work_item_types, preset_workflows};

    use super::*;

    #[test]
    fn every_preset_round_trips_through_its_record() {
        for workflow in preset_workflows() {
            let back = WorkflowRecord::new(&workflow).workflow(workflow.version);
            assert_eq!(back, workflow);
        }
        for work_type in preset_work_item_types() {
            let back = TypeRecord::new(&work_type).work_type(work_type.version);
            assert_eq!(back, work_type);
        }
    }

    #[test]
    fn a_workflow_stored_in_the_api_shape_still_reads() {
        let workflow = preset_workflows().remove(0);
        let stored = serde_json::to_string(&workflow).unwrap();
        let record: WorkflowRecord = serde_json::from_str(&stored).unwrap();
        assert_eq!(record.workflow(workflow.version), workflow);
    }
}
