//! "Who can see this, and why", for a contact or a work item: a section that opens on demand
//! and lists everyone the record's scopes name, how far they reach it and every reason, then
//! what the org-wide default gives everyone, and the CRM admins.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{AccessLevel, ContactId, UserId, VisibilityReason, WhoCanSee};

use crate::{
    api::{self, ApiError, OrgNames},
    components::status::{ErrorNotice, Loading},
    state::use_session,
};

/// The record a "Who can see this" section is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Contact(ContactId),
    /// A work item, by its number.
    WorkItem(u64),
}

impl Record {
    /// "contact", "work item".
    pub fn noun(&self) -> &'static str {
        match self {
            Record::Contact(_) => "contact",
            Record::WorkItem(_) => "work item",
        }
    }

    /// The section's name: "Who can see this contact".
    pub fn label(&self) -> String {
        format!("Who can see this {}", self.noun())
    }

    /// The id of the opened panel, unique on a page that shows a contact and one of its work
    /// items together.
    fn panel_id(&self) -> String {
        match self {
            Record::Contact(_) => "who-can-see-contact-panel".into(),
            Record::WorkItem(number) => format!("who-can-see-work-item-{number}-panel"),
        }
    }

    /// What the section says when nobody is listed (an Obsolete work order): only admins.
    fn admins_only(&self) -> String {
        format!("Only CRM admins can see this {}.", self.noun())
    }
}

/// Who can see a record, as loaded: the answer, and the names of the departments and rules
/// it names.
#[derive(Clone)]
struct Viewers {
    who: WhoCanSee,
    names: OrgNames,
}

/// Fetches who can see `record`, with the names its reasons need. A piece of the app of its
/// own, fetched the first time a section opens: decoding the reasons is most of the
/// section's code, and the page does not wait for it.
#[leptos::lazy]
async fn load_viewers(record: Record) -> Result<Viewers, ApiError> {
    let who = match record {
        Record::Contact(id) => api::contact_viewers(id).await?,
        Record::WorkItem(number) => api::work_item_viewers(number).await?,
    };
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

/// One reason in words; none for the org-wide default, which has a line of its own. The
/// owner of a work item is its assignee.
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

/// All of one viewer's reasons in words: "everyone may" when the org-wide default is all.
fn reasons_text(
    reasons: &[VisibilityReason],
    name_of: &dyn Fn(&UserId) -> String,
    names: &OrgNames,
) -> String {
    let words: Vec<String> = reasons
        .iter()
        .filter_map(|r| reason_text(r, name_of, names))
        .collect();
    if words.is_empty() {
        "everyone may".to_string()
    } else {
        words.join(", ")
    }
}

/// "Who can see this": loaded when first opened, so the record does not wait for it.
/// `revision` (a work item's version): when it changes, the answer is fetched again, at once
/// when the section is open, else the next time it opens.
#[component]
pub fn WhoCanSeeThis(
    record: Record,
    #[prop(optional, into)] revision: Option<Signal<u64>>,
) -> impl IntoView {
    let session = use_session();
    let label = record.label();
    let panel_id = record.panel_id();
    let record = StoredValue::new(record);
    let open = RwSignal::new(false);
    let loaded = RwSignal::new(None::<Result<Viewers, ApiError>>);
    // Only the latest fetch is shown, if an earlier one answers after it.
    let fetches = StoredValue::new(0u32);
    let load = move || {
        loaded.set(None);
        fetches.update_value(|n| *n += 1);
        let this = fetches.get_value();
        spawn_local(async move {
            let answer = load_viewers(record.get_value()).await;
            if fetches.get_value() == this {
                loaded.set(Some(answer));
            }
        });
    };
    if let Some(revision) = revision {
        Effect::new(move |previous: Option<u64>| {
            let now = revision.get();
            if previous.is_some_and(|p| p != now) {
                if open.get_untracked() {
                    load();
                } else {
                    loaded.set(None);
                }
            }
            now
        });
    }
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
                let reasons = reasons_text(&v.reasons, &name_of, &org);
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
        // Nobody listed (an Obsolete work order): the org-wide default does not reach it
        // either.
        let everyone = if who.viewers.is_empty() {
            view! {
                <li class="viewer" data-testid="viewers-admins-only">
                    {record.with_value(Record::admins_only)}
                </li>
            }
            .into_any()
        } else {
            view! {
                <li class="viewer" data-testid="viewers-everyone">
                    <span class="viewer-name">"Everyone:"</span>
                    " "
                    {who.everyone.label()}
                </li>
            }
            .into_any()
        };
        let list_label = record.with_value(|r| format!("People who can see this {}", r.noun()));
        view! {
            <ul class="viewer-list" aria-label=list_label>
                {rows}
                {everyone}
                <li class="viewer" data-testid="viewers-admins">
                    <span class="viewer-name">"CRM admins:"</span>
                    " can change"
                </li>
            </ul>
        }
    };
    view! {
        <section class="who-can-see" data-testid="who-can-see" aria-label=label>
            <button
                type="button"
                class="button button-small"
                data-testid="who-can-see-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                on:click=toggle
            >
                <span aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                "Who can see this"
            </button>
            <Show when=move || open.get()>
                <div id=panel_id.clone() class="who-can-see-panel">
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

    fn names_in(who: &WhoCanSee) -> impl Fn(&UserId) -> String + '_ {
        |id: &UserId| {
            who.viewers
                .iter()
                .find(|v| &v.user == id)
                .map(|v| v.name.to_string())
                .unwrap_or_default()
        }
    }

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
        let name_of = names_in(&who);
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

    #[test]
    fn who_can_see_a_work_item_names_its_team_and_their_superiors() {
        let who: WhoCanSee = json::from_str(
            r#"{"viewers": [
                {"user": "u1", "name": "Sam Rivera", "level": "change", "reasons": [{"kind": "owner"}]},
                {"user": "u2", "name": "Taylor Chen", "level": "change", "reasons": [
                    {"kind": "team_member", "level": "change"}]},
                {"user": "u3", "name": "Riley Rep", "level": "change", "reasons": [
                    {"kind": "superior", "of": "u1", "level": 1},
                    {"kind": "superior_of_team_member", "of": "u2", "level": 1, "access": "change"}]},
                {"user": "u4", "name": "Morgan Manager", "level": "change", "reasons": [
                    {"kind": "superior_of_team_member", "of": "u2", "level": 2, "access": "change"}]},
                {"user": "u5", "name": "Ann Anyone", "level": "read", "reasons": [
                    {"kind": "org_wide_default", "sharing": "public_read"}]}
            ], "everyone": "public_read"}"#,
        )
        .unwrap();
        let name_of = names_in(&who);
        let names = OrgNames::default();
        let words = |n: usize| reasons_text(&who.viewers[n].reasons, &name_of, &names);
        assert_eq!(words(0), "owner", "the assignee owns a work item");
        assert_eq!(words(1), "team member");
        assert_eq!(
            words(2),
            "superior of Sam Rivera, superior of team member Taylor Chen"
        );
        assert_eq!(
            words(3),
            "superior of team member Taylor Chen (2 levels up)"
        );
        assert_eq!(words(4), "everyone may");

        let item = Record::WorkItem(42);
        assert_eq!(item.label(), "Who can see this work item");
        assert_eq!(
            item.admins_only(),
            "Only CRM admins can see this work item."
        );
        let contact = Record::Contact(ContactId::from_raw("c1".to_string()));
        assert_eq!(contact.label(), "Who can see this contact");
        assert_ne!(
            item.panel_id(),
            contact.panel_id(),
            "a contact and its work item are on one page together"
        );
    }
}
