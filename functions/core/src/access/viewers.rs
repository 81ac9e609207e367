//! "Who can see this, and why": the people a record's stored scope entries name (the heads of
//! its departments among them), and those the sharing rules reach, each with every reason.

use std::collections::BTreeMap;

use worklane_domain::{
    OrgIndex, PersonName, RuleParty, Sharing, UserId, Viewer, VisibilityReason, WhoCanSee,
};
use worklane_store::ItemStore;

use super::scopes::{Scope, head_sees, level_of};
use crate::CoreError;
use crate::users::Users;

/// Everyone who can see a record owned by `owner` whose scope entries are `entries`, under
/// `org`, and `everyone`: the org-wide default for the rest.
pub(crate) async fn who_can_see(
    store: &dyn ItemStore,
    org: &OrgIndex,
    owner: &UserId,
    entries: Vec<(Scope, Vec<VisibilityReason>)>,
    everyone: Sharing,
) -> Result<WhoCanSee, CoreError> {
    let mut reasons: BTreeMap<UserId, Vec<VisibilityReason>> = BTreeMap::new();
    for (scope, given) in entries {
        match scope {
            Scope::User(user) => reasons.entry(user).or_default().extend(given),
            Scope::Department(key) => {
                let Some(head) = org.head_of(&key) else {
                    continue;
                };
                let seen = given.into_iter().filter(|r| {
                    matches!(r, VisibilityReason::DepartmentHead { depth, .. } if head_sees(org, *depth))
                });
                reasons.entry(head.clone()).or_default().extend(seen);
            }
        }
    }
    // Sharing rules are expanded now, from the organisation in force.
    for rule in org.rules() {
        if !org.owns_as(&rule.source, owner) {
            continue;
        }
        let audience: Vec<UserId> = match &rule.target {
            RuleParty::User { id } => vec![id.clone()],
            RuleParty::Department { key } => org.members_within(key).into_iter().collect(),
            RuleParty::Group { key } => org.members_of_group(key),
        };
        for user in audience {
            reasons
                .entry(user)
                .or_default()
                .push(VisibilityReason::SharingRule {
                    rule: rule.key.clone(),
                    level: rule.level,
                });
        }
    }
    let names: BTreeMap<UserId, PersonName> = Users::new(store)
        .team()
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let viewers = reasons
        .into_iter()
        .filter_map(|(user, mut reasons)| {
            reasons.sort();
            reasons.dedup();
            let level = reasons.iter().map(level_of).max()?;
            let name = names.get(&user)?.clone();
            Some(Viewer {
                user,
                name,
                level,
                reasons,
            })
        })
        .collect();
    Ok(WhoCanSee { viewers, everyone })
}
