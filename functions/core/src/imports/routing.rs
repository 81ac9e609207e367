//! Round robin, as evenly as possible (seed 002), and explained. Per work item type, admins
//! set the pool of people who receive it (by default every active rep) and an optional cap of
//! open items per person. Eligible: active, in the pool, not Away, under the cap. Chosen: the
//! contact's owner when the type prefers them and they are eligible, else the eligible person
//! who received a work item longest ago (hand assignments count too).

use std::collections::HashSet;

use worklane_domain::{
    Availability, CandidateVerdict, FieldErrors, MAX_ROUTING_CAP, Role, RoutingCandidate,
    RoutingDecision, RoutingSettings, TeamMember, Timestamp, UserId,
};
use worklane_store::{Condition, Index, Item, ItemStore, Query, StoreError};

use crate::work_items::assigned;
use crate::{CoreError, keys};

/// Where an item goes, why, and the condition its assignee's marker is written under.
pub(crate) struct Route {
    pub decision: RoutingDecision,
    pub chosen: Option<(UserId, Condition)>,
}

/// The type's routing settings (the defaults until an admin saves some).
pub(crate) async fn settings(
    store: &dyn ItemStore,
    type_key: &str,
) -> Result<RoutingSettings, CoreError> {
    match store
        .get(&keys::routing_settings(type_key), keys::SETTINGS)
        .await?
    {
        Some(item) => {
            let mut settings: RoutingSettings = item.decode()?;
            settings.version = item.version;
            Ok(settings)
        }
        None => Ok(RoutingSettings::new(type_key)),
    }
}

/// Saves an admin's settings made on `settings.version`, after checking them against `team`.
pub(crate) async fn save_settings(
    store: &dyn ItemStore,
    mut settings: RoutingSettings,
    team: &[TeamMember],
) -> Result<RoutingSettings, CoreError> {
    let mut errors = FieldErrors::new();
    let known: HashSet<&UserId> = team.iter().map(|m| &m.id).collect();
    if let Some(unknown) = settings.pool.iter().find(|u| !known.contains(u)) {
        errors.add("pool", format!("\"{unknown}\" is not a user"));
    }
    let mut seen = HashSet::new();
    settings.pool.retain(|u| seen.insert(u.clone()));
    if settings.pool.len() > 1000 {
        errors.add("pool", "a pool has at most 1,000 people");
    }
    if let Some(cap) = settings.cap
        && !(1..=MAX_ROUTING_CAP).contains(&cap)
    {
        errors.add(
            "cap",
            format!("a cap is between 1 and {MAX_ROUTING_CAP} open items, or none"),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let version = settings.version;
    settings.version = version + 1;
    let item = Item::new(
        keys::routing_settings(&settings.type_key),
        keys::SETTINGS,
        &settings,
    )?
    .with_version(version + 1);
    let condition = if version == 0 {
        Condition::NotExists
    } else {
        Condition::VersionIs(version)
    };
    match store.put(item, condition).await {
        Ok(()) => Ok(settings),
        Err(StoreError::ConditionFailed { .. }) => Err(CoreError::Conflict {
            what: "the routing settings",
            current: serde_json::to_value(self::settings(store, &settings.type_key).await?)
                .unwrap_or_default(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Decides who receives an item of the type `settings` routes, on a contact owned by
/// `contact_owner` (none for a new lead).
pub(crate) async fn route(
    store: &dyn ItemStore,
    settings: &RoutingSettings,
    team: &[TeamMember],
    contact_owner: Option<&UserId>,
) -> Result<Route, CoreError> {
    let pool: HashSet<&UserId> = settings.pool.iter().collect();
    let in_pool = |m: &TeamMember| {
        if pool.is_empty() {
            m.role == Role::Rep
        } else {
            pool.contains(&m.id)
        }
    };
    // Everyone the type could concern: its pool, and the reps (to say they are not in it).
    let considered: Vec<&TeamMember> = team
        .iter()
        .filter(|m| in_pool(m) || m.role == Role::Rep)
        .collect();
    let ids: Vec<UserId> = considered.iter().map(|m| m.id.clone()).collect();
    let markers = assigned::markers(store, &ids).await?;
    let mut candidates = Vec::with_capacity(considered.len());
    for member in considered {
        let verdict = if member.disabled {
            CandidateVerdict::Disabled
        } else if !in_pool(member) {
            CandidateVerdict::NotInPool
        } else if member.availability == Availability::Away {
            CandidateVerdict::Away
        } else {
            match settings.cap {
                Some(cap) => {
                    let open = open_items(store, &member.id, cap).await?;
                    if open >= cap {
                        CandidateVerdict::AtCap { open, cap }
                    } else {
                        CandidateVerdict::Eligible
                    }
                }
                None => CandidateVerdict::Eligible,
            }
        };
        candidates.push(RoutingCandidate {
            user_id: member.id.clone(),
            name: member.name.to_string(),
            last_assigned_at: markers.get(&member.id).and_then(|m| m.at),
            verdict,
        });
    }
    let eligible = || {
        candidates
            .iter()
            .filter(|c| c.verdict == CandidateVerdict::Eligible)
    };
    let eligible_count = eligible().count();
    let owner = contact_owner
        .filter(|_| settings.prefer_contact_owner)
        .and_then(|owner| eligible().find(|c| &c.user_id == owner));
    let (chosen, reason) = match owner {
        Some(owner) => (
            Some(owner.user_id.clone()),
            format!(
                "{} owns the contact and is eligible; this type prefers the contact's owner.",
                owner.name
            ),
        ),
        None => match eligible().min_by(|a, b| {
            a.last_assigned_at
                .cmp(&b.last_assigned_at)
                .then_with(|| a.user_id.cmp(&b.user_id))
        }) {
            Some(winner) => {
                let when = match winner.last_assigned_at {
                    Some(at) => format!("last received a work item at {}", short_time(at)),
                    None => "had never received a work item".to_string(),
                };
                (
                    Some(winner.user_id.clone()),
                    format!(
                        "{} {when}, longest ago of the {eligible_count} eligible.",
                        winner.name
                    ),
                )
            }
            None => (
                None,
                "Nobody is eligible: everyone in the pool is away, at the cap or disabled.".into(),
            ),
        },
    };
    for candidate in &mut candidates {
        if Some(&candidate.user_id) == chosen.as_ref() {
            candidate.verdict = CandidateVerdict::Chosen;
        }
    }
    let chosen = chosen.map(|user| {
        let condition = markers
            .get(&user)
            .map_or(Condition::NotExists, |m| m.unchanged);
        (user, condition)
    });
    Ok(Route {
        decision: RoutingDecision {
            decided_at: Timestamp::now(),
            chosen: chosen.as_ref().map(|(u, _)| u.clone()),
            reason,
            candidates,
        },
        chosen,
    })
}

/// How many open items `user` holds, counted up to `cap` (one keyed query of at most `cap`).
async fn open_items(store: &dyn ItemStore, user: &UserId, cap: u32) -> Result<u32, CoreError> {
    let page = store
        .query(Query::index(Index::GSI2, keys::open_items_of(user)).limit(cap as usize))
        .await?;
    Ok(u32::try_from(page.items.len()).unwrap_or(cap))
}

fn short_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}
