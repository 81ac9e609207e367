use serde::{Deserialize, Serialize};

/// Who may see and change an object's records when nothing else grants it: an org-wide
/// default per object (Salesforce's "organization-wide default"). Owners and admins always may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharingDefaults {
    pub contacts: Sharing,
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
