use worklane_domain::FieldErrors;
use worklane_store::StoreError;

/// Why a use case did not happen, in terms the API maps to status codes.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{0} was not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("the email or password is not right")]
    InvalidCredentials,
    #[error("this account is disabled; ask an admin to enable it")]
    AccountDisabled,
    #[error("too many sign-in attempts; try again in {}", wait_phrase(*retry_after_seconds))]
    TooManyAttempts { retry_after_seconds: i64 },
    /// Someone else changed the record first; `current` is the record as it is now.
    #[error("{what} was changed by someone else; reload it and apply your change again")]
    Conflict {
        what: &'static str,
        current: serde_json::Value,
    },
    /// The work item was merged into another and can no longer be changed; `current` is it.
    #[error("work item {number} was merged into {into}")]
    Merged {
        number: u64,
        into: u64,
        current: serde_json::Value,
    },
    /// The record is not in a state that allows the request; `current` is the record.
    #[error("{message}")]
    WrongState {
        message: String,
        current: serde_json::Value,
    },
    /// What the request asks for does not exist in this deployment; the message says why.
    #[error("{0}")]
    Absent(String),
    /// An outside system (the shop, the website) failed to answer; the message says how.
    #[error("{0}")]
    Upstream(String),
    /// Too many writers raced for the same records; nothing was written.
    #[error("too many changes are being made at once; try again")]
    Busy,
    #[error("the page cursor is not valid; start again from the first page")]
    BadCursor,
    #[error("the store failed: {0}")]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for CoreError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::BadCursor => CoreError::BadCursor,
            other => CoreError::Store(other),
        }
    }
}

impl From<FieldErrors> for CoreError {
    fn from(errors: FieldErrors) -> Self {
        CoreError::Invalid(errors)
    }
}

/// "45 seconds", "1 minute", "15 minutes": a wait as a person says it, rounded up.
fn wait_phrase(seconds: i64) -> String {
    match seconds {
        ..=1 => "1 second".into(),
        2..=59 => format!("{seconds} seconds"),
        _ => match (seconds + 59) / 60 {
            1 => "1 minute".into(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_in_seconds_under_a_minute_and_in_whole_minutes_above() {
        let said = |s| {
            CoreError::TooManyAttempts {
                retry_after_seconds: s,
            }
            .to_string()
        };
        assert!(said(1).ends_with("try again in 1 second"));
        assert!(said(30).ends_with("try again in 30 seconds"));
        assert!(said(60).ends_with("try again in 1 minute"));
        assert!(said(61).ends_with("try again in 2 minutes"));
        assert!(said(900).ends_with("try again in 15 minutes"));
    }
}
