//! The demo's organisation: a sales floor of two teams and a service desk, each with a head,
//! a group of quiz advisors, and a rule that lets the service desk read the sales floor's
//! records, so that "who can see this, and why" has something to say.

use std::collections::BTreeMap;

use worklane_domain::{
    AccessLevel, Department, Email, OrgChart, Placement, RuleParty, SharingRule, SuperiorScope,
    UserGroup, UserId,
};

use super::STAFF;
use crate::users::Users;
use crate::{Actor, CoreError, Worklane};

/// (key, name, parent, head's email)
const DEPARTMENTS: &[(&str, &str, Option<&str>, &str)] = &[
    ("sales-floor", "Sales Floor", None, "manager@worklane.test"),
    (
        "team-east",
        "Team East",
        Some("sales-floor"),
        "rep1@worklane.test",
    ),
    (
        "team-west",
        "Team West",
        Some("sales-floor"),
        "rep4@worklane.test",
    ),
    (
        "service-desk",
        "Service Desk",
        None,
        "service@worklane.test",
    ),
];

/// (email, department)
const PLACEMENTS: &[(&str, &str)] = &[
    ("manager@worklane.test", "sales-floor"),
    ("rep1@worklane.test", "team-east"),
    ("rep2@worklane.test", "team-east"),
    ("rep3@worklane.test", "team-east"),
    ("rep4@worklane.test", "team-west"),
    ("rep5@worklane.test", "team-west"),
    ("rep6@worklane.test", "team-west"),
    ("service@worklane.test", "service-desk"),
    ("staff1@worklane.test", "service-desk"),
    ("staff2@worklane.test", "service-desk"),
];

const QUIZ_ADVISORS: &[&str] = &["rep2@worklane.test", "rep5@worklane.test"];

/// Saves the demo's chart, unless a chart was saved before (the demo never overwrites one).
pub(super) async fn seed(app: &Worklane) -> Result<(), CoreError> {
    let organisation = app.organisation();
    if organisation.chart().await?.version != 0 {
        return Ok(());
    }
    let users = Users::new(app.store.as_ref());
    let mut ids: BTreeMap<&str, UserId> = BTreeMap::new();
    let mut admin = None;
    for (_, _, email, _) in STAFF {
        let parsed = Email::parse(email).map_err(CoreError::Internal)?;
        let (user, version) = users
            .load_by_email(&parsed)
            .await?
            .ok_or_else(|| CoreError::Internal(format!("the demo user {email} is missing")))?;
        if admin.is_none() && user.role == worklane_domain::Role::Admin {
            admin = Some(Actor::from(user.view(version)));
        }
        ids.insert(email, user.id);
    }
    let id = |email: &str| {
        ids.get(email)
            .cloned()
            .ok_or_else(|| CoreError::Internal(format!("no demo user {email}")))
    };
    let chart = OrgChart {
        departments: DEPARTMENTS
            .iter()
            .map(|(key, name, parent, head)| {
                Ok(Department {
                    key: key.to_string(),
                    name: name.to_string(),
                    parent: parent.map(str::to_string),
                    head: Some(id(head)?),
                })
            })
            .collect::<Result<_, CoreError>>()?,
        groups: vec![UserGroup {
            key: "quiz-advisors".into(),
            name: "Quiz Advisors".into(),
            members: QUIZ_ADVISORS
                .iter()
                .map(|e| id(e))
                .collect::<Result<_, _>>()?,
        }],
        placements: PLACEMENTS
            .iter()
            .map(|(email, department)| {
                Ok(Placement {
                    user: id(email)?,
                    department: Some(department.to_string()),
                    reports_to: None,
                })
            })
            .collect::<Result<_, CoreError>>()?,
        sharing_rules: vec![SharingRule {
            key: "sales-floor-to-service-desk".into(),
            name: "The service desk reads the sales floor's records".into(),
            source: RuleParty::Department {
                key: "sales-floor".into(),
            },
            target: RuleParty::Department {
                key: "service-desk".into(),
            },
            level: AccessLevel::Read,
        }],
        superior_scope: SuperiorScope::All,
        version: 0,
    };
    let admin = admin.ok_or_else(|| CoreError::Internal("no demo admin".into()))?;
    let access = app.access_for(admin).await?;
    organisation.save(&access, chart).await?;
    organisation.reindex().run().await?;
    Ok(())
}
