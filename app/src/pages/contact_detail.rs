//! `/contacts/:id`: the contact's header, and tabs below it. Each tab is a child route, so a
//! tab (and the work item selected in it) can be linked to and survives a reload.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::Outlet,
    hooks::{use_location, use_navigate, use_params_map},
};
use worklane_domain::{AccessLevel, ContactId, ContactView, UserId, VisibilityReason, WhoCanSee};

use crate::{
    api::{self, ApiError, OrgNames},
    components::{
        availability::MemberName,
        status::{ErrorNotice, Loading, LocalTime, load_failed},
        tabs::{Tab, TabBar, TabPanel},
    },
    state::use_session,
};

const TABS: [Tab; 3] = [
    Tab {
        id: "details",
        label: "Details",
    },
    Tab {
        id: "interactions",
        label: "Interactions",
    },
    Tab {
        id: "work-items",
        label: "Work Items",
    },
];

/// The contact on show, for the tab under it.
#[derive(Clone, Copy)]
pub struct ShownContact(pub LocalResource<Result<ContactView, ApiError>>);

pub fn contact_href(id: &ContactId) -> String {
    format!("/contacts/{}", api::encode(id.as_str()))
}

/// The link to a contact's work item, selected on the WORK ITEM tab.
pub fn work_item_href(contact: &ContactId, number: u64) -> String {
    format!("{}/work-items/{number}", contact_href(contact))
}

/// The `:id` of the current route, tracked.
pub fn contact_id_param() -> Memo<ContactId> {
    let params = use_params_map();
    Memo::new(move |_| ContactId::from_raw(params.with(|p| p.get("id").unwrap_or_default())))
}

#[component]
pub fn ContactDetail() -> impl IntoView {
    let id = contact_id_param();
    let contact = LocalResource::new(move || api::get_contact(id.get()));
    provide_context(ShownContact(contact));

    view! {
        <div class="page">
            <p class="breadcrumb">
                <a href="/contacts">"← Contacts"</a>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading contact…"/> }>
                {move || {
                    contact.get().map(|result| match result {
                        Ok(c) => view! { <ContactCard contact=c/> }.into_any(),
                        Err(error) => load_failed(error, move || contact.refetch()),
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn ContactCard(contact: ContactView) -> impl IntoView {
    let location = use_location();
    let active = Signal::derive(move || {
        location.pathname.with(|p| {
            if p.contains("/work-items") {
                "work-items"
            } else if p.ends_with("/interactions") {
                "interactions"
            } else {
                "details"
            }
        })
    });
    let base = contact_href(&contact.id);
    let navigate = use_navigate();
    let on_select = Callback::new(move |tab: &'static str| {
        let href = match tab {
            "details" => base.clone(),
            other => format!("{base}/{other}"),
        };
        navigate(&href, Default::default());
    });
    let edit_href = format!("/contacts/{}/edit", api::encode(contact.id.as_str()));
    let owner = contact.owner_id.clone();

    let emails = if contact.emails.is_empty() {
        view! { <p class="muted">"No email address"</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list" data-testid="contact-emails" aria-label="Email addresses">
                {contact
                    .emails
                    .iter()
                    .map(|email| {
                        let address = email.to_string();
                        view! {
                            <li>
                                <a href=format!("mailto:{address}")>{address.clone()}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let phones = if contact.phones.is_empty() {
        view! { <p class="muted">"No phone number"</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list" data-testid="contact-phones" aria-label="Phone numbers">
                {contact
                    .phones
                    .iter()
                    .map(|phone| {
                        let number = phone.to_string();
                        view! {
                            <li>
                                <a href=format!("tel:{number}")>{number.clone()}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <article class="contact" data-testid="contact-detail">
            <header class="card contact-header">
                <div class="contact-title">
                    <h1 data-testid="contact-name">{contact.name.to_string()}</h1>
                    <span class="chip" data-testid="contact-kind">{contact.kind.label()}</span>
                    {contact
                        .new_lead
                        .then(|| {
                            view! {
                                <span class="chip chip-lead" data-testid="new-lead-badge">
                                    "New Lead"
                                </span>
                            }
                        })}
                    <a class="button button-primary push-right" href=edit_href data-testid="edit-contact">
                        "Edit"
                    </a>
                </div>
                <dl class="facts">
                    <div>
                        <dt>"Email"</dt>
                        <dd>{emails}</dd>
                    </div>
                    <div>
                        <dt>"Phone"</dt>
                        <dd>{phones}</dd>
                    </div>
                    <div>
                        <dt>"Owner"</dt>
                        <dd data-testid="contact-owner"><MemberName id=owner.clone()/></dd>
                    </div>
                </dl>
                <WhoCanSeeThis contact=contact.id.clone()/>
            </header>
            <section class="card tabs">
                <TabBar tabs=TABS.to_vec() active on_select label="Contact sections"/>
                <Outlet/>
            </section>
        </article>
    }
}

/// The Details tab: `/contacts/:id`.
#[component]
pub fn ContactDetailsTab() -> impl IntoView {
    let ShownContact(contact) = expect_context();
    move || {
        contact
            .get()
            .and_then(Result::ok)
            .map(|c| details_panel(&c))
    }
}

fn details_panel(contact: &ContactView) -> impl IntoView + use<> {
    let (created, updated, version, new_lead) = (
        contact.created_at,
        contact.updated_at,
        contact.version,
        contact.new_lead,
    );
    view! {
        <TabPanel id="details">
            <dl class="facts facts-grid" data-testid="contact-details">
                <div>
                    <dt>"Created"</dt>
                    <dd data-testid="contact-created">
                        <LocalTime ts=created long=true/>
                    </dd>
                </div>
                <div>
                    <dt>"Updated"</dt>
                    <dd data-testid="contact-updated">
                        <LocalTime ts=updated long=true/>
                    </dd>
                </div>
                <div>
                    <dt>"Version"</dt>
                    <dd data-testid="contact-version">{version}</dd>
                </div>
                <div>
                    <dt>"New lead"</dt>
                    <dd>{if new_lead { "Yes" } else { "No" }}</dd>
                </div>
            </dl>
        </TabPanel>
    }
}

/// Who can see a contact, as loaded: the answer, and the names of the departments and rules
/// it names.
#[derive(Clone)]
struct Viewers {
    who: WhoCanSee,
    names: OrgNames,
}

/// Fetches who can see `contact`, with the names its reasons need. A piece of the app of its
/// own, fetched the first time the section opens: decoding the reasons is most of the
/// section's code, and the contact page does not wait for it.
#[leptos::lazy]
async fn load_viewers(contact: ContactId) -> Result<Viewers, ApiError> {
    let who = api::contact_viewers(contact).await?;
    let named = who.viewers.iter().flat_map(|v| &v.reasons).any(|r| {
        matches!(
            r,
            VisibilityReason::DepartmentHead { .. } | VisibilityReason::SharingRule { .. }
        )
    });
    // Without the chart a department or rule shows by its key: still an answer.
    let names = if named {
        api::org_names().await.unwrap_or_default()
    } else {
        OrgNames::default()
    };
    Ok(Viewers { who, names })
}

fn level_text(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::Change => "can change",
        AccessLevel::Read => "can see",
    }
}

/// " (2 levels up)" beyond the first level; nothing at it.
fn levels_up(level: u8) -> String {
    if level > 1 {
        format!(" ({level} levels up)")
    } else {
        String::new()
    }
}

/// One reason in words; none for the org-wide default, which has a line of its own.
fn reason_text(
    reason: &VisibilityReason,
    name_of: &dyn Fn(&UserId) -> String,
    names: &OrgNames,
) -> Option<String> {
    Some(match reason {
        VisibilityReason::Owner => "owner".into(),
        VisibilityReason::Superior { of, level } => {
            format!("superior of {}{}", name_of(of), levels_up(*level))
        }
        VisibilityReason::TeamMember { .. } => "team member".into(),
        VisibilityReason::SuperiorOfTeamMember { of, level, .. } => {
            format!(
                "superior of team member {}{}",
                name_of(of),
                levels_up(*level)
            )
        }
        VisibilityReason::DepartmentHead { department, .. } => {
            format!("head of {}", OrgNames::name(&names.departments, department))
        }
        VisibilityReason::SharingRule { rule, .. } => {
            format!(
                "sharing rule “{}”",
                OrgNames::name(&names.sharing_rules, rule)
            )
        }
        VisibilityReason::Admin => "CRM admin".into(),
        VisibilityReason::OrgWideDefault { .. } => return None,
    })
}

/// "Who can see this": loaded when first opened, so the contact does not wait for it.
#[component]
fn WhoCanSeeThis(contact: ContactId) -> impl IntoView {
    let session = use_session();
    let contact = StoredValue::new(contact);
    let open = RwSignal::new(false);
    let loaded = RwSignal::new(None::<Result<Viewers, ApiError>>);
    let load = move || {
        loaded.set(None);
        spawn_local(async move {
            loaded.set(Some(load_viewers(contact.get_value()).await));
        });
    };
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        if opening && !loaded.with_untracked(|l| matches!(l, Some(Ok(_)))) {
            load();
        }
    };
    let list = move |viewers: Viewers| {
        let Viewers { who, names: org } = viewers;
        let names: Vec<(UserId, String)> = who
            .viewers
            .iter()
            .map(|v| (v.user.clone(), v.name.to_string()))
            .collect();
        let name_of = move |id: &UserId| {
            names
                .iter()
                .find(|(u, _)| u == id)
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| session.member_name(id))
        };
        let rows = who
            .viewers
            .iter()
            .map(|v| {
                let reasons: Vec<String> = v
                    .reasons
                    .iter()
                    .filter_map(|r| reason_text(r, &name_of, &org))
                    .collect();
                let reasons = if reasons.is_empty() {
                    "everyone may".to_string()
                } else {
                    reasons.join(", ")
                };
                view! {
                    <li class="viewer" data-testid=format!("viewer-{}", v.user)>
                        <span class="viewer-name">{v.name.to_string()}</span>
                        " "
                        <span class="chip">{level_text(v.level)}</span>
                        " "
                        <span class="muted viewer-why">{reasons}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="viewer-list" aria-label="Who can see this contact">
                {rows}
                <li class="viewer" data-testid="viewers-everyone">
                    <span class="viewer-name">"Everyone:"</span>
                    " "
                    {who.everyone.label()}
                </li>
                <li class="viewer" data-testid="viewers-admins">
                    <span class="viewer-name">"CRM admins:"</span>
                    " can change"
                </li>
            </ul>
        }
    };
    view! {
        <section class="who-can-see" data-testid="who-can-see" aria-label="Who can see this">
            <button
                type="button"
                class="button button-small"
                data-testid="who-can-see-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="who-can-see-panel"
                on:click=toggle
            >
                <span aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                "Who can see this"
            </button>
            <Show when=move || open.get()>
                <div id="who-can-see-panel" class="who-can-see-panel">
                    {move || match loaded.get() {
                        None => view! { <Loading label="Loading who can see this…"/> }.into_any(),
                        Some(Ok(viewers)) => list(viewers).into_any(),
                        Some(Err(error)) => {
                            view! { <ErrorNotice error retry=Callback::new(move |_| load())/> }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{api::Named, json};

    #[test]
    fn who_can_see_a_contact_reads_as_words() {
        let who: WhoCanSee = json::from_str(
            r#"{"viewers": [
                {"user": "u1", "name": "Rae Rep", "level": "change", "reasons": [{"kind": "owner"}]},
                {"user": "u2", "name": "Mo Manager", "level": "read", "reasons": [
                    {"kind": "superior", "of": "u1", "level": 1},
                    {"kind": "department_head", "department": "field", "depth": 0},
                    {"kind": "org_wide_default", "sharing": "private"}]},
                {"user": "u3", "name": "Di Director", "level": "read", "reasons": [
                    {"kind": "superior", "of": "u1", "level": 3},
                    {"kind": "sharing_rule", "rule": "east-to-west", "level": "read"}]}
            ], "everyone": "private"}"#,
        )
        .unwrap();
        let name_of = |id: &UserId| {
            who.viewers
                .iter()
                .find(|v| &v.user == id)
                .map(|v| v.name.to_string())
                .unwrap_or_default()
        };
        let names = OrgNames {
            departments: vec![Named {
                key: "field".into(),
                name: "Field Service".into(),
            }],
            sharing_rules: Vec::new(),
        };
        let words = |n: usize| -> Vec<String> {
            who.viewers[n]
                .reasons
                .iter()
                .filter_map(|r| reason_text(r, &name_of, &names))
                .collect()
        };
        assert_eq!(words(0), ["owner"]);
        assert_eq!(
            words(1),
            ["superior of Rae Rep", "head of Field Service"],
            "the org-wide default has a line of its own"
        );
        assert_eq!(
            words(2),
            [
                "superior of Rae Rep (3 levels up)",
                "sharing rule “east-to-west”"
            ]
        );
        assert_eq!(level_text(who.viewers[1].level), "can see");
    }
}
