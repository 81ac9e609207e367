//! Sign-in protection that a stranger cannot turn against a rep.
//!
//! Failures are counted per account *and source*: the source is the browser's trusted-device
//! token when it carries one for this account (given at its last successful sign-in), else the
//! client address the infrastructure vouches for (an IPv6 address counts by its /64, which
//! one subscriber usually holds whole). Five failures from a source are free; each further
//! one shuts that source out of that account for longer (1, 2, 4, 8, then 15 minutes). So a
//! stranger guessing from their address never stops the rep signing in from their own.
//!
//! Above that, a looser ceiling per account (50 failures an hour from untrusted sources) stops
//! guessing spread over many addresses; a browser the account has signed in from before still
//! passes it.
//!
//! Only failures count. While a password is being checked its attempt holds a lease on the
//! source for [`LEASE_SECONDS`], and a source may hold no more leases than it has failures
//! left, so parallel guesses cannot exceed the allowance; an attempt whose connection dropped
//! frees its lease by finishing (the API runs sign-in to completion) or by the lease expiring.
//! Everything is kept in the store with version-checked writes, so every server and every
//! Lambda instance shares it.

use std::net::IpAddr;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worklane_domain::Email;
use worklane_store::{Condition, Item, ItemStore, StoreError};

use crate::{CoreError, keys};

/// Failures a source may make on an account before it has to wait.
pub const FREE_FAILURES: u32 = 5;
/// The longest a source waits between attempts once its free failures are used.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;
/// A source's failures are forgotten this long after its last one.
pub const FORGET_AFTER_SECONDS: i64 = 60 * 60;
/// Failures from untrusted sources an account takes per window before it refuses them all.
pub const ACCOUNT_CEILING: u32 = 50;
pub const ACCOUNT_WINDOW_SECONDS: i64 = 60 * 60;
/// How long an attempt in progress holds its place.
pub const LEASE_SECONDS: i64 = 30;
/// How long a browser stays trusted for an account after its last successful sign-in.
pub const TRUSTED_DEVICE_DAYS: i64 = 90;

/// Where a sign-in attempt comes from.
#[derive(Debug, Clone)]
pub struct SignInOrigin {
    /// The client address the infrastructure vouches for (never a header the client sets).
    pub address: IpAddr,
    /// The trusted-device token the browser carries, if any.
    pub device: Option<DeviceToken>,
}

/// A browser's trusted-device secret, kept in an HttpOnly cookie. Only its SHA-256 is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
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

    fn digest(&self) -> String {
        Sha256::digest(self.0.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(…)")
    }
}

/// An admitted attempt: which source it counts against and the lease it holds.
#[derive(Debug)]
pub struct Attempt {
    source: String,
    trusted: bool,
    lease: u64,
}

#[derive(Serialize, Deserialize, Default)]
struct SourceRecord {
    failures: u32,
    /// Epoch seconds before which this source may not try this account.
    blocked_until: i64,
    leases: Vec<Lease>,
}

#[derive(Serialize, Deserialize)]
struct Lease {
    id: u64,
    until: i64,
}

#[derive(Serialize, Deserialize)]
struct AccountRecord {
    failures: u32,
    window_until: i64,
}

#[derive(Serialize, Deserialize)]
struct TrustedDevice {
    trusted_at: i64,
}

/// How long a source waits after its `failures`-th failure.
fn delay_after(failures: u32) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    (60_i64 << doublings).min(MAX_DELAY_SECONDS)
}

/// The part of an address one client holds: the whole IPv4 address, an IPv6 /64.
fn address_source(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => format!("ip4:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip4:{v4}"),
            None => {
                let s = v6.segments();
                format!("ip6:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn too_many(until: i64, now: i64) -> CoreError {
    CoreError::TooManyAttempts {
        retry_after_seconds: (until - now).max(1),
    }
}

/// The sign-in limits of one store.
pub struct SigninThrottle<'a> {
    store: &'a dyn ItemStore,
}

/// Version-checked updates retry this often before giving up as busy.
const WRITE_ATTEMPTS: usize = 10;

impl<'a> SigninThrottle<'a> {
    pub fn new(store: &'a dyn ItemStore) -> Self {
        Self { store }
    }

    /// Admits one attempt on `email` from `origin`, holding a lease on its source, or refuses
    /// it while that source (or, for an untrusted source, the whole account) must wait.
    pub async fn admit(&self, email: &Email, origin: &SignInOrigin) -> Result<Attempt, CoreError> {
        let pk = keys::signin(email);
        let trusted_device = match &origin.device {
            Some(device) => self
                .store
                .get(&pk, &keys::signin_device(&device.digest()))
                .await?
                .map(|_| device.digest()),
            None => None,
        };
        let trusted = trusted_device.is_some();
        let source = match trusted_device {
            Some(digest) => format!("device:{digest}"),
            None => address_source(origin.address),
        };
        let now = worklane_store::now_epoch_seconds();
        if !trusted && let Some(item) = self.store.get(&pk, keys::SIGNIN_ACCOUNT).await? {
            let account: AccountRecord = item.decode()?;
            if account.failures >= ACCOUNT_CEILING && now < account.window_until {
                return Err(too_many(account.window_until, now));
            }
        }
        let sk = keys::signin_source(&source);
        let lease = rand::rng().next_u64();
        for _ in 0..WRITE_ATTEMPTS {
            let now = worklane_store::now_epoch_seconds();
            let (mut record, condition, version) = self.read_source(&pk, &sk).await?;
            record.leases.retain(|l| l.until > now);
            if now < record.blocked_until {
                return Err(too_many(record.blocked_until, now));
            }
            let in_flight_allowed = FREE_FAILURES.saturating_sub(record.failures).max(1) as usize;
            if record.leases.len() >= in_flight_allowed {
                let first_free = record.leases.iter().map(|l| l.until).min().unwrap_or(now);
                return Err(too_many(first_free, now));
            }
            record.leases.push(Lease {
                id: lease,
                until: now + LEASE_SECONDS,
            });
            match self
                .save_source(&pk, &sk, &record, condition, version, now)
                .await
            {
                Err(StoreError::ConditionFailed { .. }) => continue,
                Err(other) => return Err(other.into()),
                Ok(()) => {
                    return Ok(Attempt {
                        source,
                        trusted,
                        lease,
                    });
                }
            }
        }
        Err(CoreError::Busy)
    }

    /// The password was wrong: the failure counts against the source (and, for an untrusted
    /// source, the account), and the lease is given back.
    pub async fn failed(&self, email: &Email, attempt: Attempt) -> Result<(), CoreError> {
        let pk = keys::signin(email);
        let sk = keys::signin_source(&attempt.source);
        let mut saved = false;
        for _ in 0..WRITE_ATTEMPTS {
            let now = worklane_store::now_epoch_seconds();
            let (mut record, condition, version) = self.read_source(&pk, &sk).await?;
            record
                .leases
                .retain(|l| l.id != attempt.lease && l.until > now);
            record.failures += 1;
            let delay = delay_after(record.failures);
            if delay > 0 {
                record.blocked_until = record.blocked_until.max(now + delay);
            }
            match self
                .save_source(&pk, &sk, &record, condition, version, now)
                .await
            {
                Err(StoreError::ConditionFailed { .. }) => continue,
                other => {
                    other?;
                    saved = true;
                    break;
                }
            }
        }
        if !saved {
            return Err(CoreError::Busy);
        }
        if attempt.trusted {
            return Ok(());
        }
        self.count_account_failure(&pk).await
    }

    /// The password was right: the source starts afresh and the browser becomes (or stays)
    /// trusted for this account. Returns the device token to keep in the browser.
    pub async fn succeeded(
        &self,
        email: &Email,
        attempt: Attempt,
        carried: Option<DeviceToken>,
    ) -> Result<DeviceToken, CoreError> {
        let pk = keys::signin(email);
        self.store
            .delete(
                &pk,
                &keys::signin_source(&attempt.source),
                Condition::Always,
            )
            .await?;
        let device = carried.unwrap_or_else(DeviceToken::generate);
        let now = worklane_store::now_epoch_seconds();
        let item = Item::new(
            pk,
            keys::signin_device(&device.digest()),
            &TrustedDevice { trusted_at: now },
        )?
        .expiring_at(now + TRUSTED_DEVICE_DAYS * 86_400);
        self.store.put(item, Condition::Always).await?;
        Ok(device)
    }

    /// Gives the lease back without counting anything: the attempt ended for a reason that
    /// says nothing about the password (the store failed while checking it).
    pub async fn release(&self, email: &Email, attempt: Attempt) -> Result<(), CoreError> {
        let pk = keys::signin(email);
        let sk = keys::signin_source(&attempt.source);
        for _ in 0..WRITE_ATTEMPTS {
            let now = worklane_store::now_epoch_seconds();
            let (mut record, condition, version) = self.read_source(&pk, &sk).await?;
            record
                .leases
                .retain(|l| l.id != attempt.lease && l.until > now);
            match self
                .save_source(&pk, &sk, &record, condition, version, now)
                .await
            {
                Err(StoreError::ConditionFailed { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CoreError::Busy)
    }

    async fn read_source(
        &self,
        pk: &str,
        sk: &str,
    ) -> Result<(SourceRecord, Condition, u64), CoreError> {
        Ok(match self.store.get(pk, sk).await? {
            Some(item) => (
                item.decode()?,
                Condition::VersionIs(item.version),
                item.version + 1,
            ),
            None => (SourceRecord::default(), Condition::NotExists, 1),
        })
    }

    async fn save_source(
        &self,
        pk: &str,
        sk: &str,
        record: &SourceRecord,
        condition: Condition,
        version: u64,
        now: i64,
    ) -> Result<(), StoreError> {
        let forget_at = record.blocked_until.max(now) + FORGET_AFTER_SECONDS;
        let item = Item::new(pk, sk, record)?
            .with_version(version)
            .expiring_at(forget_at);
        self.store.put(item, condition).await
    }

    async fn count_account_failure(&self, pk: &str) -> Result<(), CoreError> {
        for _ in 0..WRITE_ATTEMPTS {
            let now = worklane_store::now_epoch_seconds();
            let current = self.store.get(pk, keys::SIGNIN_ACCOUNT).await?;
            let (previous, condition, version) = match current {
                Some(item) => (
                    Some(item.decode::<AccountRecord>()?),
                    Condition::VersionIs(item.version),
                    item.version + 1,
                ),
                None => (None, Condition::NotExists, 1),
            };
            let record = match previous {
                Some(open) if now < open.window_until => AccountRecord {
                    failures: open.failures + 1,
                    window_until: open.window_until,
                },
                _ => AccountRecord {
                    failures: 1,
                    window_until: now + ACCOUNT_WINDOW_SECONDS,
                },
            };
            let item = Item::new(pk, keys::SIGNIN_ACCOUNT, &record)?
                .with_version(version)
                .expiring_at(record.window_until);
            match self.store.put(item, condition).await {
                Err(StoreError::ConditionFailed { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CoreError::Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        let waits: Vec<i64> = (1..=11).map(delay_after).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900],
            "after failures 1..=11"
        );
        assert_eq!(delay_after(u32::MAX), MAX_DELAY_SECONDS);
    }

    #[test]
    fn an_ipv6_client_counts_by_its_slash_64_and_a_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_source(a), address_source(b));
        assert_ne!(address_source(a), address_source(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_source(mapped), "ip4:192.0.2.7");
    }

    #[test]
    fn device_tokens_are_random_and_stored_only_as_a_hash() {
        let a = DeviceToken::generate();
        assert_ne!(a, DeviceToken::generate());
        assert!(!a.digest().contains(a.expose()));
        assert_eq!(format!("{a:?}"), "DeviceToken(…)");
    }
}
