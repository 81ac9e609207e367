use serde::{Deserialize, Serialize};

use crate::{PersonName, UserId};

/// Who may see and change an object's records when nothing else grants it: an org-wide
/// default per object (Salesforce's "organization-wide default"). Owners and admins always may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sharing {
    /// Only those the record's owner and the rules reach (seed 003's work orders).
    Private,
    /// Everyone sees every record; only those the rules reach change it.
    PublicRead,
    /// Everyone sees and changes every record (seeds 000–002's sales floor).
    #[default]
    PublicReadWrite,
}

impl Sharing {
    pub const ALL: [Sharing; 3] = [
        Sharing::Private,
        Sharing::PublicRead,
        Sharing::PublicReadWrite,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sharing::Private => "Private",
            Sharing::PublicRead => "Public read only",
            Sharing::PublicReadWrite => "Public read/write",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Sharing::Private => "private",
            Sharing::PublicRead => "public_read",
            Sharing::PublicReadWrite => "public_read_write",
        }
    }

    pub fn from_key(key: &str) -> Option<Sharing> {
        Sharing::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The org-wide defaults in force, one per object that has records with owners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SharingDefaults {
    pub contacts: Sharing,
    /// Work items of every type that is not a work order (seeds 000–002's requests).
    #[serde(default)]
    pub work_items: Sharing,
    /// Work items whose type follows the work order workflow (seed 003): private by default.
    #[serde(default = "private")]
    pub work_orders: Sharing,
}

fn private() -> Sharing {
    Sharing::Private
}

impl Default for SharingDefaults {
    /// A sales floor where every rep works every contact and request; work orders private.
    fn default() -> Self {
        SharingDefaults {
            contacts: Sharing::PublicReadWrite,
            work_items: Sharing::PublicReadWrite,
            work_orders: Sharing::Private,
        }
    }
}

/// The org-wide defaults as the admin console shows and saves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SharingSettings {
    pub defaults: SharingDefaults,
    /// The version the edit was made on (0 before the first save); a stale one is 409.
    pub version: u64,
}

/// How far someone reaches a record they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    Read,
    Change,
}

/// Why someone may see a record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VisibilityReason {
    /// They own it.
    Owner,
    /// They are above `of` in the reporting line, `level` steps up (1: `of` reports to them).
    Superior { of: UserId, level: u8 },
    /// They head `department`, which the owner belongs to (`depth` 0) or is below.
    DepartmentHead { department: String, depth: u8 },
    /// They are a related team member of the record.
    TeamMember { level: AccessLevel },
    /// They are above `of`, a related team member, `level` steps up; they reach the record as
    /// far as `of` does.
    SuperiorOfTeamMember {
        of: UserId,
        level: u8,
        access: AccessLevel,
    },
    /// A data sharing rule shares the owner's records with them.
    SharingRule { rule: String, level: AccessLevel },
    /// CRM admins see and change everything.
    Admin,
    /// The org-wide default for this kind of record lets everyone see it.
    OrgWideDefault { sharing: Sharing },
}

/// One person who may see a record, how far, and every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Viewer {
    pub user: UserId,
    pub name: PersonName,
    pub level: AccessLevel,
    pub reasons: Vec<VisibilityReason>,
}

/// Who can see a record, and why: everyone the record's own scopes name (owner, superiors,
/// department heads), and what the org-wide default gives everyone else. Admins always see
/// everything and are not listed one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhoCanSee {
    pub viewers: Vec<Viewer>,
    /// The org-wide default in force for this kind of record.
    pub everyone: Sharing,
}

/// Whether one user may see a record, and why (an admin's question about a colleague).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserReach {
    pub user: UserId,
    /// None when they may not see it.
    pub level: Option<AccessLevel>,
    pub reasons: Vec<VisibilityReason>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_starts_public_read_write_as_the_sales_floor_expects() {
        assert_eq!(
            SharingDefaults::default().contacts,
            Sharing::PublicReadWrite
        );
    }

    #[test]
    fn each_sharing_round_trips_through_its_key_and_its_json() {
        for sharing in Sharing::ALL {
            assert_eq!(Sharing::from_key(sharing.key()), Some(sharing));
            let json = serde_json::to_string(&sharing).unwrap();
            assert_eq!(json, format!("\"{}\"", sharing.key()));
        }
    }
}
