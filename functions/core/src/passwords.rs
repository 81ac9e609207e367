use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

use std::sync::OnceLock;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::CoreError;

/// Each hash takes 19 MiB and tens of milliseconds of a core. However many sign-ins arrive
/// at once, only twice as many as there are cores are hashed at a time; the rest wait.
fn hashing_slot() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Semaphore::new(cores * 2)
    })
}

async fn slot() -> Result<SemaphorePermit<'static>, CoreError> {
    hashing_slot()
        .acquire()
        .await
        .map_err(|_| CoreError::Internal("password hashing is shut down".into()))
}

/// Hashes with argon2id (the crate's default parameters, OWASP's minimum) off the async
/// threads: hashing takes tens of milliseconds on purpose.
pub async fn hash(password: String) -> Result<String, CoreError> {
    let _slot = slot().await?;
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let salt = SaltString::encode_b64(&bytes)
            .map_err(|e| CoreError::Internal(format!("password salt failed: {e}")))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| CoreError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| CoreError::Internal(format!("password hashing task failed: {e}")))?
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
pub async fn verify(password: String, stored: String) -> Result<bool, CoreError> {
    let _slot = slot().await?;
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| CoreError::Internal(format!("password check task failed: {e}")))
}

/// A valid hash of a password nobody has, verified against when the account does not exist
/// so that a wrong email takes as long to refuse as a wrong password.
pub const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oG2m0v0mvmj8J0yJ3iQ6Cm6cNk4G7lX4t3bQk1c6nQ";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            verify("correct horse battery".into(), stored.clone())
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery".into(), stored).await.unwrap());
    }

    #[tokio::test]
    async fn the_decoy_hash_parses_and_matches_nothing() {
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
        assert!(
            !verify("anything at all".into(), DECOY_HASH.into())
                .await
                .unwrap()
        );
    }
}
