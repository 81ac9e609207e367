use serde::{Deserialize, Serialize};
use worklane_domain::Email;
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::{CoreError, keys};

/// Sign-in attempts allowed per email before it is locked.
pub const MAX_ATTEMPTS: u32 = 5;
/// How long the attempts are remembered, and how long a used-up email stays locked.
pub const WINDOW_SECONDS: i64 = 15 * 60;

#[derive(Serialize, Deserialize)]
struct Attempts {
    count: u32,
    until: i64,
}

/// Per-account sign-in rate limit, kept in the store so that every server (and every Lambda
/// instance) shares it. An attempt is counted *before* the password is checked, with a
/// version-checked write, so parallel guesses cannot slip past the limit; a successful
/// sign-in clears the count.
pub struct SigninThrottle<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> SigninThrottle<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// Counts one attempt, or refuses it when the email is locked.
    pub async fn admit(&self, email: &Email) -> Result<(), CoreError> {
        let pk = keys::signin_failures(email.as_str());
        for _ in 0..10 {
            let now = worklane_store::now_epoch_seconds();
            let current = self.store.get(&pk, keys::FAILURES_SK).await?;
            let (previous, condition, version) = match &current {
                Some(item) => (
                    item.decode::<Attempts>()?,
                    Condition::VersionIs(item.version),
                    item.version + 1,
                ),
                None => (
                    Attempts {
                        count: 0,
                        until: now + WINDOW_SECONDS,
                    },
                    Condition::NotExists,
                    1,
                ),
            };
            if previous.count >= MAX_ATTEMPTS {
                let minutes = ((previous.until - now).max(1) + 59) / 60;
                return Err(CoreError::TooManyAttempts {
                    retry_after_minutes: minutes,
                });
            }
            let count = previous.count + 1;
            // The lock runs a full window from the attempt that used the allowance up.
            let until = if count == MAX_ATTEMPTS {
                now + WINDOW_SECONDS
            } else {
                previous.until
            };
            let item = Item::new(pk.clone(), keys::FAILURES_SK, &Attempts { count, until })?
                .with_version(version)
                .expiring_at(until);
            match self.store.put(item, condition).await {
                Err(StoreError::ConditionFailed { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CoreError::TooManyAttempts {
            retry_after_minutes: 1,
        })
    }

    pub async fn clear(&self, email: &Email) -> Result<(), CoreError> {
        self.store
            .delete(
                &keys::signin_failures(email.as_str()),
                keys::FAILURES_SK,
                Condition::Always,
            )
            .await?;
        Ok(())
    }
}
