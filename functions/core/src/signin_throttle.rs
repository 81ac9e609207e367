use serde::{Deserialize, Serialize};
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::{CoreError, keys};

/// Failed attempts allowed per email within one window.
pub const MAX_FAILURES: u32 = 5;
/// The window, and how long an email stays locked once it is used up.
pub const WINDOW_SECONDS: i64 = 15 * 60;

#[derive(Serialize, Deserialize)]
struct Failures {
    count: u32,
    window_ends: i64,
}

/// Per-account sign-in rate limit, kept in the store so that every server (and every Lambda
/// instance) shares it. The record expires with its window.
pub struct SigninThrottle<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> SigninThrottle<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    pub async fn check(&self, email: &str) -> Result<(), CoreError> {
        let Some(item) = self
            .store
            .get(&keys::signin_failures(email), keys::FAILURES_SK)
            .await?
        else {
            return Ok(());
        };
        let failures: Failures = item.decode()?;
        if failures.count >= MAX_FAILURES {
            let seconds_left = failures.window_ends - worklane_store::now_epoch_seconds();
            return Err(CoreError::TooManyAttempts {
                retry_after_minutes: (seconds_left.max(1) + 59) / 60,
            });
        }
        Ok(())
    }

    /// Counts one failure. Concurrent failures are each counted (version-checked retries).
    pub async fn record_failure(&self, email: &str) -> Result<(), CoreError> {
        let pk = keys::signin_failures(email);
        for _ in 0..5 {
            let now = worklane_store::now_epoch_seconds();
            let current = self.store.get(&pk, keys::FAILURES_SK).await?;
            let (failures, condition, version) = match &current {
                Some(item) => {
                    let f: Failures = item.decode()?;
                    (
                        Failures {
                            count: f.count + 1,
                            window_ends: f.window_ends,
                        },
                        Condition::VersionIs(item.version),
                        item.version + 1,
                    )
                }
                None => (
                    Failures {
                        count: 1,
                        window_ends: now + WINDOW_SECONDS,
                    },
                    Condition::NotExists,
                    1,
                ),
            };
            let item = Item::new(pk.clone(), keys::FAILURES_SK, &failures)?
                .with_version(version)
                .expiring_at(failures.window_ends);
            match self.store.put(item, condition).await {
                Err(StoreError::ConditionFailed { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CoreError::Internal(
            "sign-in failures could not be counted".into(),
        ))
    }

    pub async fn clear(&self, email: &str) -> Result<(), CoreError> {
        self.store
            .delete(
                &keys::signin_failures(email),
                keys::FAILURES_SK,
                Condition::Always,
            )
            .await?;
        Ok(())
    }
}
