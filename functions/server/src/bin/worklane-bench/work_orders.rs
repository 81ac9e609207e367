//! The Work Orders list's figures (`--work-orders N`): N work orders spread over the service
//! staff of a generated five-level organisation of 501 users (company, 4 divisions, 16
//! regions, 80 teams of 5) with two sharing rules, all made through the use case; then the
//! first page of All for the top manager, a region's head and a member of staff, and of
//! Unresolved and Shared to me, as p50 and p99; and the store writes a created, a handled and
//! a reassigned order cost.

use std::sync::Arc;
use std::time::Instant;

use worklane_core::{Access, Actor, ContactGenerator, Worklane};
use worklane_domain::{
    AccessLevel, Department, NewWorkItemRequest, OrgChart, OwnerRequest, Placement, Role,
    RuleParty, SharingRule, TransitionRequest, UserGroup, UserId, WorkOrderScene,
};
use worklane_store::EmbeddedStore;

use super::counting::Counting;
use super::orders::user;
use super::report;

const DIVISIONS: usize = 4;
const REGIONS_PER_DIVISION: usize = 4;
const TEAMS_PER_REGION: usize = 5;
const STAFF_PER_TEAM: usize = 5;

/// The generated organisation: its heads by level, its staff, and the chart.
struct Organisation {
    ceo: UserId,
    region_head: UserId,
    staff: Vec<UserId>,
    auditor: UserId,
    chart: OrgChart,
}

async fn person(
    app: &Worklane,
    admin: &Access,
    key: &str,
    role: Role,
) -> Result<UserId, Box<dyn std::error::Error>> {
    let name = format!("Bench {}", key.replace('-', " "));
    let email = format!("{key}@bench.example");
    Ok(app
        .users()
        .create(admin, user(&email, &name, role)?)
        .await?
        .id)
}

async fn organisation(
    app: &Worklane,
    admin: &Access,
) -> Result<Organisation, Box<dyn std::error::Error>> {
    let mut departments = Vec::new();
    let mut placements = Vec::new();
    let mut staff = Vec::new();
    let ceo = person(app, admin, "ceo", Role::Manager).await?;
    departments.push(Department {
        key: "company".into(),
        name: "Company".into(),
        parent: None,
        head: Some(ceo.clone()),
    });
    let mut region_head = None;
    for d in 0..DIVISIONS {
        let division = format!("division-{d}");
        let head = person(app, admin, &format!("{division}-head"), Role::Manager).await?;
        departments.push(Department {
            key: division.clone(),
            name: format!("Division {d}"),
            parent: Some("company".into()),
            head: Some(head),
        });
        for r in 0..REGIONS_PER_DIVISION {
            let region = format!("{division}-region-{r}");
            let head = person(app, admin, &format!("{region}-head"), Role::ServiceStaff).await?;
            region_head.get_or_insert(head.clone());
            departments.push(Department {
                key: region.clone(),
                name: format!("Division {d} region {r}"),
                parent: Some(division.clone()),
                head: Some(head),
            });
            for t in 0..TEAMS_PER_REGION {
                let team = format!("{region}-team-{t}");
                let head = person(app, admin, &format!("{team}-head"), Role::ServiceStaff).await?;
                departments.push(Department {
                    key: team.clone(),
                    name: format!("Division {d} region {r} team {t}"),
                    parent: Some(region.clone()),
                    head: Some(head),
                });
                for s in 0..STAFF_PER_TEAM {
                    let member =
                        person(app, admin, &format!("{team}-staff-{s}"), Role::ServiceStaff)
                            .await?;
                    placements.push(Placement {
                        user: member.clone(),
                        department: Some(team.clone()),
                        reports_to: None,
                    });
                    staff.push(member);
                }
            }
        }
    }
    let auditor = person(app, admin, "auditor", Role::ServiceStaff).await?;
    let chart = OrgChart {
        departments,
        groups: vec![UserGroup {
            key: "auditors".into(),
            name: "Auditors".into(),
            members: vec![auditor.clone()],
        }],
        placements,
        sharing_rules: vec![
            SharingRule {
                key: "first-team-to-auditors".into(),
                name: "The first team's orders to the auditors".into(),
                source: RuleParty::Department {
                    key: "division-0-region-0-team-0".into(),
                },
                target: RuleParty::Group {
                    key: "auditors".into(),
                },
                level: AccessLevel::Read,
            },
            SharingRule {
                key: "division-1-to-division-2".into(),
                name: "Division 1's orders to division 2".into(),
                source: RuleParty::Department {
                    key: "division-1".into(),
                },
                target: RuleParty::Department {
                    key: "division-2".into(),
                },
                level: AccessLevel::Change,
            },
        ],
        ..OrgChart::default()
    };
    Ok(Organisation {
        ceo,
        region_head: region_head.ok_or("no region")?,
        staff,
        auditor,
        chart,
    })
}

pub async fn bench(
    data: &std::path::Path,
    count: usize,
    samples: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    if data.exists() {
        std::fs::remove_file(data)?;
    }
    if let Some(dir) = data.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let store = EmbeddedStore::open(data)?;
    let counting = Arc::new(Counting::new(Arc::new(store.clone().fast_unsafe_commits())));
    let loader = Worklane::local(counting.clone());
    loader.catalog().ensure_presets().await?;
    let admin = loader
        .users()
        .create_first_admin(user("admin@bench.example", "Ada Admin", Role::Admin)?)
        .await?;
    let admin = loader.access_for(Actor::from(admin)).await?;
    let org = organisation(&loader, &admin).await?;
    let mut chart = org.chart.clone();
    chart.version = loader.organisation().chart().await?.version;
    loader.organisation().save(&admin, chart).await?;
    loader.organisation().reindex().run().await?;
    let admin = loader.access_for(admin.actor()?.clone()).await?;

    let mut generator = ContactGenerator::new();
    let mut contacts = Vec::new();
    for _ in 0..100 {
        contacts.push(
            loader
                .contacts()
                .create(&admin, generator.next_contact()?)
                .await?
                .id,
        );
    }
    let started = Instant::now();
    counting.take();
    for n in 0..count {
        let request = NewWorkItemRequest {
            type_key: "work-order".into(),
            description: format!("Benchmark work order {n}"),
            assignee_id: Some(org.staff[n % org.staff.len()].clone()),
        };
        loader
            .work_items()
            .create(&admin, &contacts[n % contacts.len()], request)
            .await?;
        if (n + 1) % 50_000 == 0 {
            eprintln!("  loaded {} work orders", n + 1);
        }
    }
    let (requests, written) = counting.take();
    println!(
        "loaded {count} work orders over {} users in {:.1} s; {:.1} store requests and {:.1} items written per order",
        org.staff.len() + 102,
        started.elapsed().as_secs_f64(),
        requests as f64 / count as f64,
        written as f64 / count as f64,
    );

    let app = Worklane::local(Arc::new(store.durable()));
    let team = app.users().team().await?;
    let actor = |id: &UserId| -> Result<Actor, Box<dyn std::error::Error>> {
        let member = team.iter().find(|m| &m.id == id).ok_or("no such user")?;
        Ok(Actor::from(member.clone()))
    };
    let cases = [
        (
            "the company's head (all 400 staff below)",
            &org.ceo,
            WorkOrderScene::All,
        ),
        (
            "a region's head (25 staff below)",
            &org.region_head,
            WorkOrderScene::All,
        ),
        ("a member of staff", &org.staff[0], WorkOrderScene::All),
        (
            "a member of staff",
            &org.staff[0],
            WorkOrderScene::Unresolved,
        ),
        ("the auditor", &org.auditor, WorkOrderScene::SharedToMe),
        (
            "the company's head",
            &org.ceo,
            WorkOrderScene::SubordinatesResponsible,
        ),
    ];
    for (who, id, scene) in cases {
        let access = app.access_for(actor(id)?).await?;
        let mut times = Vec::with_capacity(samples);
        let mut shown = 0;
        for _ in 0..samples {
            let t = Instant::now();
            let page = app
                .work_items()
                .work_orders(&access, scene, None, None)
                .await?;
            times.push(t.elapsed());
            shown = page.items.len();
        }
        report(
            &format!(
                "{} over {count}, {who}: first page ({shown} rows)",
                scene.label()
            ),
            &mut times,
        );
    }

    // What one order's life costs in writes: made, handled, handed over.
    let handler = loader.access_for(actor(&org.staff[0])?).await?;
    counting.take();
    let made = loader
        .work_items()
        .create(
            &admin,
            &contacts[0],
            NewWorkItemRequest {
                type_key: "work-order".into(),
                description: "Measured work order".into(),
                assignee_id: Some(org.staff[0].clone()),
            },
        )
        .await?;
    let (_, created) = counting.take();
    let resolved = loader
        .work_items()
        .change_status(
            &handler,
            made.number,
            TransitionRequest {
                to: "RESOLVED".into(),
                ..TransitionRequest::default()
            },
            made.version,
        )
        .await?;
    let (_, handled) = counting.take();
    loader
        .work_items()
        .change_owner(
            &handler,
            resolved.number,
            OwnerRequest {
                owner_id: org.staff[1].clone(),
                version: resolved.version,
            },
        )
        .await?;
    let (_, reassigned) = counting.take();
    println!(
        "items written for one order five levels down: created {created}, status changed {handled}, reassigned {reassigned}"
    );
    Ok(())
}
