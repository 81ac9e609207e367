use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worklane_domain::{Email, SignInRequest, Timestamp, UserId, UserView};
use worklane_store::{Condition, Item, ItemStore};

use crate::Access;
use crate::signin_throttle::{DeviceToken, SignInOrigin, SigninThrottle};
use crate::users::Users;
use crate::{Actor, CoreError, keys, passwords};

/// How long a session lasts from sign-in.
pub const SESSION_HOURS: i64 = 12;

/// The secret a browser holds in its cookie. Only its SHA-256 is stored, so a copy of the
/// table cannot be used to sign in.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn storage_key(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        keys::session(
            &digest
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
        )
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

#[derive(Serialize, Deserialize)]
struct SessionRecord {
    user_id: UserId,
    created_at: Timestamp,
}

/// A successful sign-in: the token for the cookie, the browser's trusted-device token, and
/// who signed in.
#[derive(Debug)]
pub struct SignedIn {
    pub token: SessionToken,
    pub device: DeviceToken,
    pub user: UserView,
}

/// Signing in and out, and knowing who a request is from.
pub struct Sessions<'a> {
    store: &'a dyn ItemStore,
}

impl<'a> Sessions<'a> {
    pub(crate) fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// Checks the password and opens a session. Failures are limited per account and
    /// source (see [`SigninThrottle`]), whether or not the account exists.
    pub async fn sign_in(
        &self,
        request: SignInRequest,
        origin: SignInOrigin,
    ) -> Result<SignedIn, CoreError> {
        // No account has an address that does not parse; refuse it as slowly as a wrong
        // password so that the answer says nothing about which accounts exist.
        let Ok(email) = Email::parse(&request.email) else {
            passwords::verify(request.password, passwords::DECOY_HASH.to_string()).await?;
            return Err(CoreError::InvalidCredentials);
        };
        let throttle = SigninThrottle::new(self.store);
        let attempt = throttle.admit(&email, &origin).await?;
        let checked = self.check_password(&email, request.password).await;
        let (user, version) = match checked {
            Ok(Some(found)) => found,
            Ok(None) => {
                throttle.failed(&email, attempt).await?;
                return Err(CoreError::InvalidCredentials);
            }
            Err(error) => {
                // Nothing was learnt about the password: give the place back.
                throttle.release(&email, attempt).await?;
                return Err(error);
            }
        };
        let device = throttle.succeeded(&email, attempt, origin.device).await?;
        if user.disabled {
            return Err(CoreError::AccountDisabled);
        }
        let token = SessionToken::generate();
        let now = Timestamp::now();
        let expires = now.as_second() + SESSION_HOURS * 3600;
        let record = SessionRecord {
            user_id: user.id.clone(),
            created_at: now,
        };
        let item = Item::new(token.storage_key(), keys::SESSION_SK, &record)?.expiring_at(expires);
        self.store.put(item, Condition::NotExists).await?;
        Ok(SignedIn {
            token,
            device,
            user: user.view(version),
        })
    }

    /// The account and its version when `password` is its password; unknown emails are
    /// checked against a decoy hash so they take as long.
    async fn check_password(
        &self,
        email: &Email,
        password: String,
    ) -> Result<Option<(crate::users::UserRecord, u64)>, CoreError> {
        let user = Users::new(self.store).load_by_email(email).await?;
        let stored_hash = user
            .as_ref()
            .map(|(u, _)| u.password_hash.clone())
            .unwrap_or_else(|| passwords::DECOY_HASH.to_string());
        let matches = passwords::verify(password, stored_hash).await?;
        Ok(user.filter(|_| matches))
    }

    /// Who holds this token, if it is a live session of an enabled user. A disabled user's
    /// sessions stop working at once.
    pub async fn authenticate(&self, token: &SessionToken) -> Result<Actor, CoreError> {
        let item = self
            .store
            .get(&token.storage_key(), keys::SESSION_SK)
            .await?
            .ok_or(CoreError::Unauthenticated)?;
        let session: SessionRecord = item.decode()?;
        let (user, _) = Users::new(self.store)
            .load(&session.user_id)
            .await?
            .ok_or(CoreError::Unauthenticated)?;
        // Disabling a user or resetting their password ends the sessions they had.
        let revoked = user
            .sessions_valid_after
            .is_some_and(|t| session.created_at < t);
        if user.disabled || revoked {
            return Err(CoreError::Unauthenticated);
        }
        Ok(Actor {
            id: user.id,
            name: user.name,
            role: user.role,
        })
    }

    /// Ends the session; signing out twice is not an error.
    pub async fn sign_out(&self, token: &SessionToken) -> Result<(), CoreError> {
        self.store
            .delete(&token.storage_key(), keys::SESSION_SK, Condition::Always)
            .await?;
        Ok(())
    }

    /// The current user's own record.
    pub async fn me(&self, access: &Access) -> Result<UserView, CoreError> {
        let actor = access.actor()?;
        let (user, version) = Users::new(self.store)
            .load(&actor.id)
            .await?
            .ok_or(CoreError::Unauthenticated)?;
        Ok(user.view(version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_a_hash() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43);
        assert!(!a.storage_key().contains(a.expose()));
        assert_eq!(format!("{a:?}"), "SessionToken(…)");
    }
}
