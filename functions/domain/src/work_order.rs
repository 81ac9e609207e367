//! Seed 003's work orders: the preset scenes of their list, and changing who is in charge.

use serde::{Deserialize, Serialize};

use crate::{Priority, UserId, WorkItemView};

/// A preset scene of the Work Orders list, each exactly as seed 003 defines it (for the
/// signed-in user, "me"). Obsolete work orders are in no scene but an admin's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkOrderScene {
    /// Everything I may see: mine, my subordinates', my related teams', my departments',
    /// and what sharing rules give me (an admin: every work order).
    #[default]
    All,
    /// I am in charge.
    MyResponsible,
    /// I am one of the related team members.
    MyParticipation,
    /// The person in charge is in a department I head.
    MyDepartment,
    /// The person in charge is my subordinate.
    SubordinatesResponsible,
    /// One of my subordinates is a related team member.
    SubordinatesParticipated,
    /// A sharing rule gives me the person in charge's (or their department's) records.
    SharedToMe,
    /// I am in charge and it is open or resolved.
    Unresolved,
    /// I am in charge and its priority is Urgent.
    Urgent,
    /// I am in charge and it is closed.
    Closed,
}

impl WorkOrderScene {
    pub const ALL: [WorkOrderScene; 10] = [
        WorkOrderScene::All,
        WorkOrderScene::MyResponsible,
        WorkOrderScene::MyParticipation,
        WorkOrderScene::MyDepartment,
        WorkOrderScene::SubordinatesResponsible,
        WorkOrderScene::SubordinatesParticipated,
        WorkOrderScene::SharedToMe,
        WorkOrderScene::Unresolved,
        WorkOrderScene::Urgent,
        WorkOrderScene::Closed,
    ];

    /// The scene's name in seed 003's words.
    pub fn label(self) -> &'static str {
        match self {
            WorkOrderScene::All => "All",
            WorkOrderScene::MyResponsible => "My Responsible",
            WorkOrderScene::MyParticipation => "My Participation",
            WorkOrderScene::MyDepartment => "My Responsible Department's",
            WorkOrderScene::SubordinatesResponsible => "My Subordinate's Responsible",
            WorkOrderScene::SubordinatesParticipated => "My Subordinates Participated in",
            WorkOrderScene::SharedToMe => "Shared to me",
            WorkOrderScene::Unresolved => "Unresolved Work Order",
            WorkOrderScene::Urgent => "Urgent Work Order",
            WorkOrderScene::Closed => "Closed Work Order",
        }
    }

    /// The scene as it is named in a URL (`?scene=my_responsible`).
    pub fn key(self) -> &'static str {
        match self {
            WorkOrderScene::All => "all",
            WorkOrderScene::MyResponsible => "my_responsible",
            WorkOrderScene::MyParticipation => "my_participation",
            WorkOrderScene::MyDepartment => "my_department",
            WorkOrderScene::SubordinatesResponsible => "subordinates_responsible",
            WorkOrderScene::SubordinatesParticipated => "subordinates_participated",
            WorkOrderScene::SharedToMe => "shared_to_me",
            WorkOrderScene::Unresolved => "unresolved",
            WorkOrderScene::Urgent => "urgent",
            WorkOrderScene::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<WorkOrderScene> {
        WorkOrderScene::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A row of the Work Orders list: the work order and the names of its contact and account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrderRow {
    pub item: WorkItemView,
    pub contact_name: String,
    /// The account's name, when the order is for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
}

/// Sets a work item's priority, on `version`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorityRequest {
    pub priority: Priority,
    pub version: u64,
}

/// Hands a work item to another person in charge, on `version`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerRequest {
    pub owner_id: UserId,
    pub version: u64,
}

/// Hands many work orders to one person in charge; each is changed on its current version.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchOwnerRequest {
    /// The work orders' numbers: 1 to [`BatchOwnerRequest::MAX`], each once.
    pub numbers: Vec<u64>,
    pub owner_id: UserId,
}

impl BatchOwnerRequest {
    /// The most work orders one batch changes (a page of the list).
    pub const MAX: usize = 50;
}

/// Why one work order of a batch was not changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedRow {
    pub number: u64,
    /// `not_found`, `forbidden`, `merged`, `not_a_work_order` or `conflict`.
    pub code: String,
    /// Why, in words a person can act on.
    pub message: String,
}

/// What a batch change of owner did: the work orders changed, and each one refused with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchOwnerResult {
    pub changed: Vec<WorkItemView>,
    pub refused: Vec<RefusedRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_is_named_by_its_key() {
        for scene in WorkOrderScene::ALL {
            assert_eq!(WorkOrderScene::from_key(scene.key()), Some(scene));
            let json = serde_json::to_string(&scene).unwrap();
            assert_eq!(json, format!("\"{}\"", scene.key()));
        }
        assert_eq!(WorkOrderScene::from_key("everything"), None);
    }
}
