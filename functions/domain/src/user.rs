use serde::{Deserialize, Serialize};

use crate::{Email, Extension, FieldErrors, Password, PersonName, Timestamp, UserId};

/// What a user may do. Admins manage users and settings; managers oversee reps and may
/// reassign contacts; reps work their contacts and work items; service staff handle the
/// work orders given to them (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    Manager,
    Rep,
    ServiceStaff,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Rep, Role::ServiceStaff];

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Manager => "Manager",
            Role::Rep => "Rep",
            Role::ServiceStaff => "Service Staff",
        }
    }

    /// Managers and admins may hand a contact to another owner.
    pub fn may_reassign(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }

    /// Seed 003: work orders are assigned and handled by service staff and CRM admins (and
    /// by them only among those who may change the order).
    pub fn handles_work_orders(self) -> bool {
        matches!(self, Role::Admin | Role::ServiceStaff)
    }
}

/// Whether a user can take a call or a chat right now; everyone sees everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Availability {
    #[default]
    Available,
    Busy,
    Away,
}

impl Availability {
    pub const ALL: [Availability; 3] = [
        Availability::Available,
        Availability::Busy,
        Availability::Away,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Availability::Available => "Available",
            Availability::Busy => "Busy",
            Availability::Away => "Away",
        }
    }
}

/// A user as the API shows it. The password hash never leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    pub disabled: bool,
    pub availability: Availability,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wire_time::deserialize")
    )]
    pub created_at: Timestamp,
    pub version: u64,
}

/// A colleague as every signed-in user sees them: enough to pick an owner, to know who is
/// free to take a call, and to name the owner of a record even after they were disabled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: UserId,
    pub name: PersonName,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    pub availability: Availability,
    /// Disabled users still own records but cannot be given new ones.
    pub disabled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityRequest {
    pub availability: Availability,
}

/// An admin's form for a new user, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    pub email: String,
    pub name: String,
    pub role: Option<Role>,
    #[serde(default)]
    pub extension: Option<String>,
    pub password: String,
}

/// A new user after validation.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    pub extension: Option<Extension>,
    pub password: Password,
}

impl NewUserRequest {
    pub fn validate(&self) -> Result<NewUser, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&self.email));
        let name = errors.check("name", PersonName::parse(&self.name));
        let role = errors.check("role", self.role.ok_or_else(|| "choose a role".to_string()));
        let extension = errors.check("extension", optional(&self.extension, Extension::parse));
        let password = errors.check("password", Password::parse(&self.password));
        errors.finish(|| {
            Some(NewUser {
                email: email?,
                name: name?,
                role: role?,
                extension: extension?,
                password: password?,
            })
        })
    }
}

/// An admin's edit of a user, as typed. `version` is the one the form was loaded with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUserRequest {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub extension: Option<String>,
    pub disabled: bool,
    /// Set only to reset the user's password.
    #[serde(default)]
    pub new_password: Option<String>,
    pub version: u64,
}

#[derive(Debug, Clone)]
pub struct UserChanges {
    pub name: PersonName,
    pub role: Role,
    pub extension: Option<Extension>,
    pub disabled: bool,
    pub new_password: Option<Password>,
    pub version: u64,
}

impl UpdateUserRequest {
    pub fn validate(&self) -> Result<UserChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let extension = errors.check("extension", optional(&self.extension, Extension::parse));
        let new_password = errors.check(
            "new_password",
            optional(&self.new_password, Password::parse),
        );
        errors.finish(|| {
            Some(UserChanges {
                name: name?,
                role: self.role,
                extension: extension?,
                disabled: self.disabled,
                new_password: new_password?,
                version: self.version,
            })
        })
    }
}

/// Parses an optional field: absent or `null` means "not given"; a value must be valid.
pub fn optional<T>(
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    raw.as_deref().map(parse).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_user_request_reports_every_bad_field_at_once() {
        let request = NewUserRequest {
            email: "nope".into(),
            name: " ".into(),
            role: None,
            extension: Some("x".into()),
            password: "short".into(),
        };
        let errors = request.validate().unwrap_err();
        for field in ["email", "name", "role", "extension", "password"] {
            assert!(errors.for_field(field).is_some(), "no message for {field}");
        }
    }

    #[test]
    fn an_absent_extension_is_none_and_a_blank_one_is_refused() {
        let mut request = NewUserRequest {
            email: "rep@example.com".into(),
            name: "Rep One".into(),
            role: Some(Role::Rep),
            extension: None,
            password: "long enough pw".into(),
        };
        assert!(request.validate().unwrap().extension.is_none());
        request.extension = Some("  ".into());
        assert!(request.validate().is_err());
    }
}
