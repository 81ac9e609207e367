use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an identifier the server issued earlier (from a path, a stored record or a
            /// response). It is only ever used as a key, so an unknown one is simply not found.
            pub fn from_raw(raw: impl Into<String>) -> Self {
                Self(raw.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A user of Worklane (admin, manager or rep).
    UserId
);
id_type!(
    /// A person or company the business talks to.
    ContactId
);
id_type!(
    /// A company the business serves (seed 003's account).
    AccountId
);
id_type!(
    /// An email, SMS, call, note or reminder on a contact.
    InteractionId
);
id_type!(
    /// A phone call while it is live on a rep's Call Slat.
    CallId
);
