//! `/accounts/:id/:tab?`: one account. Tabs in the address: Details (name, owner and related
//! team, edited by those allowed), Contacts (`/contacts`: its contacts, and Add contact) and
//! Work Orders (`/work-orders`: its work orders, and New work order). An account the user may
//! not see is not found, as one that does not exist.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};
use worklane_domain::{
    AccessLevel, AccountEdit, AccountId, AccountView, ContactAccountRequest, ContactId,
    ContactView, FieldError, Page, TeamEdit, TeamGrant, UserId,
};

use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        fields::{Choice, FormActions, SelectField, TextField, with_blank},
        pager::{CursorStack, Pager},
        status::{
            ErrorNotice, FailureNotice, Loading, LocalTime, OtherFieldErrors, field_message,
            load_failed,
        },
        tabs::{Tab, TabBar, TabPanel},
        work_item::edit_form::assignee_choices,
    },
    pages::{
        contact_detail::contact_href,
        work_orders::{
            lookup::{Lookup, LookupKind, Picked, exact_mode},
            table::{OrderPages, Orders, account_href, more_pages},
        },
    },
    state::use_session,
};

const TABS: [Tab; 3] = [
    Tab {
        id: "details",
        label: "Details",
    },
    Tab {
        id: "contacts",
        label: "Contacts",
    },
    Tab {
        id: "work-orders",
        label: "Work Orders",
    },
];

const OVERTAKEN: &str = "Someone changed this account first; it now shows their version. Please make your change again.";

/// The link to a new work order for the account.
pub fn new_order_href(id: &AccountId) -> String {
    format!("/work-orders/new?account={}", api::encode(id.as_str()))
}

#[component]
pub fn AccountDetail(id: AccountId) -> impl IntoView {
    let loaded = LocalResource::new({
        let id = id.clone();
        move || api::accounts::get_account(id.clone())
    });
    view! {
        <div class="page">
            <p class="breadcrumb">
                <a href="/accounts">"← Accounts"</a>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the account…"/> }>
                {move || loaded.get().map(|result| match result {
                    Ok(account) => view! { <AccountCard first=account/> }.into_any(),
                    Err(error) if error.status() == Some(404) => not_found(),
                    Err(error) => load_failed(error, move || loaded.refetch()),
                })}
            </Transition>
        </div>
    }
}

fn not_found() -> AnyView {
    view! {
        <div class="card not-found" role="alert" data-testid="account-not-found">
            <h1>"Account not found"</h1>
            <p>"There is no account at this address that you can see."</p>
            <p class="muted">
                "It may never have existed, or it is not yours, your team's or shared with you."
            </p>
            <a class="button button-primary" href="/accounts">"Go to Accounts"</a>
        </div>
    }
    .into_any()
}

#[component]
fn AccountCard(first: AccountView) -> impl IntoView {
    let id = first.id.clone();
    let account = RwSignal::new(first);
    let params = use_params_map();
    let active = Signal::derive(move || {
        params.with(|p| match p.get("tab").as_deref() {
            Some("contacts") => "contacts",
            Some("work-orders") => "work-orders",
            _ => "details",
        })
    });
    let navigate = use_navigate();
    let base = account_href(&id, "");
    let on_select = Callback::new(move |tab: &'static str| {
        let href = match tab {
            "details" => base.clone(),
            other => format!("{base}/{other}"),
        };
        navigate(&href, Default::default());
    });
    view! {
        <article class="account" data-testid="account-detail">
            <header class="card contact-header">
                <div class="contact-title">
                    <h1 data-testid="account-name">{move || account.with(|a| a.name.clone())}</h1>
                    <span class="chip">"Account"</span>
                </div>
                <dl class="facts">
                    <div>
                        <dt>"Owner"</dt>
                        <dd>{move || view! { <MemberName id=account.with(|a| a.owner_id.clone())/> }}</dd>
                    </div>
                    <div>
                        <dt>"Last update"</dt>
                        <dd>{move || view! { <LocalTime ts=account.with(|a| a.updated_at)/> }}</dd>
                    </div>
                </dl>
            </header>
            <section class="card tabs account-tabs">
                <TabBar tabs=TABS.to_vec() active on_select label="Account sections"/>
                {move || {
                    let id = id.clone();
                    match active.get() {
                    "contacts" => view! {
                        <TabPanel id="contacts"><AccountContacts id/></TabPanel>
                    }
                    .into_any(),
                    "work-orders" => view! {
                        <TabPanel id="work-orders"><AccountOrders id/></TabPanel>
                    }
                    .into_any(),
                    _ => view! {
                        <TabPanel id="details"><AccountDetails account/></TabPanel>
                    }
                    .into_any(),
                }
                }}
            </section>
        </article>
    }
}

/// What the Details tab shows: the facts, or one of its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    Nothing,
    Account,
    Team,
}

fn level_label(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::Read => "Can see",
        AccessLevel::Change => "Can change",
    }
}

fn level_key(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::Read => "read",
        AccessLevel::Change => "change",
    }
}

fn level_choices() -> Vec<Choice> {
    [AccessLevel::Read, AccessLevel::Change]
        .into_iter()
        .map(|l| (level_key(l).to_string(), level_label(l).to_string()))
        .collect()
}

fn parse_level(key: &str) -> AccessLevel {
    if key == level_key(AccessLevel::Change) {
        AccessLevel::Change
    } else {
        AccessLevel::Read
    }
}

#[component]
fn AccountDetails(account: RwSignal<AccountView>) -> impl IntoView {
    let editing = RwSignal::new(Editing::Nothing);
    let notice = RwSignal::new(None::<String>);
    let saved = Callback::new(move |(updated, text): (AccountView, String)| {
        account.set(updated);
        editing.set(Editing::Nothing);
        notice.set(Some(text));
    });
    let overtaken = Callback::new(move |current: Option<AccountView>| {
        if let Some(current) = current {
            account.set(current);
        }
        editing.set(Editing::Nothing);
        notice.set(Some(OVERTAKEN.to_string()));
    });
    let close = Callback::new(move |_| editing.set(Editing::Nothing));
    let open = move |what: Editing| {
        notice.set(None);
        editing.set(what);
    };
    let facts = move || {
        let a = account.get();
        let team = if a.team.is_empty() {
            view! { <span class="muted">"No one yet"</span> }.into_any()
        } else {
            view! {
                <ul class="plain-list" aria-label="Related team">
                    {a.team
                        .into_iter()
                        .map(|grant| view! {
                            <li data-testid="account-team-member">
                                <MemberName id=grant.user/>
                                " "
                                <span class="chip">{level_label(grant.level)}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        };
        view! {
            <dl class="facts facts-grid" data-testid="account-details">
                <div>
                    <dt>"Name"</dt>
                    <dd data-testid="account-details-name">{a.name}</dd>
                </div>
                <div>
                    <dt>"Owner"</dt>
                    <dd data-testid="account-owner"><MemberName id=a.owner_id/></dd>
                </div>
                <div>
                    <dt>"Related team"</dt>
                    <dd>{team}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd><LocalTime ts=a.created_at long=true/> " by " <MemberName id=a.created_by/></dd>
                </div>
                <div>
                    <dt>"Updated"</dt>
                    <dd><LocalTime ts=a.updated_at long=true/></dd>
                </div>
            </dl>
        }
    };
    view! {
        {move || notice.get().map(|text| view! {
            <p class="alert alert-success" role="status" data-testid="account-notice">{text}</p>
        })}
        {move || match editing.get() {
            Editing::Nothing => view! {
                {facts}
                <div class="actions">
                    <button type="button" class="button" data-testid="edit-account" on:click=move |_| open(Editing::Account)>
                        "Edit"
                    </button>
                    <button type="button" class="button" data-testid="edit-account-team" on:click=move |_| open(Editing::Team)>
                        "Edit team"
                    </button>
                </div>
            }
            .into_any(),
            Editing::Account => view! {
                <AccountForm account=account.get_untracked() saved overtaken close/>
            }
            .into_any(),
            Editing::Team => view! {
                <TeamForm account=account.get_untracked() saved overtaken close/>
            }
            .into_any(),
        }}
    }
}

fn known_field(field: &str) -> bool {
    matches!(field, "name" | "owner_id" | "team")
}

/// The account's name and owner; only managers and admins hand it to someone else.
#[component]
fn AccountForm(
    account: AccountView,
    saved: Callback<(AccountView, String)>,
    overtaken: Callback<Option<AccountView>>,
    close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let id = account.id.clone();
    let version = account.version;
    let current_owner = account.owner_id.clone();
    let name = RwSignal::new(account.name.clone());
    let owner = RwSignal::new(account.owner_id.to_string());
    let owners = Signal::derive({
        let current = current_owner.clone();
        move || assignee_choices(&session, Some(&current))
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let edit = AccountEdit {
            name: name.get_untracked(),
            owner_id: UserId::from_raw(owner.get_untracked()),
            version,
        };
        let id = id.clone();
        spawn_local(async move {
            match api::accounts::update(id, edit).await {
                Ok(updated) => saved.run((updated, "Saved.".to_string())),
                Err(error) if error.is_conflict() => overtaken.run(error.current()),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="form" data-testid="account-form" on:submit=submit novalidate>
            <FailureNotice failure/>
            <TextField id="account-name-input" label="Name" name="name" value=name message=field_message(errors, "name")/>
            <Show
                when=move || session.supervises()
                fallback=move || view! {
                    <div class="field">
                        <span class="field-label">"Owner"</span>
                        <p><MemberName id=current_owner.clone()/></p>
                        <p class="hint">"Only managers and admins hand an account to someone else."</p>
                    </div>
                }
            >
                <SelectField
                    id="account-owner-input"
                    label="Owner"
                    choices=owners
                    selected=owner
                    on_change=Callback::new(move |value| owner.set(value))
                    message=field_message(errors, "owner_id")
                />
            </Show>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="save-account" label="Save" busy="Saving…" saving on_cancel=close/>
        </form>
    }
}

/// The related team: who else may see or change the account.
#[component]
fn TeamForm(
    account: AccountView,
    saved: Callback<(AccountView, String)>,
    overtaken: Callback<Option<AccountView>>,
    close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let id = account.id.clone();
    let version = account.version;
    let owner = account.owner_id.clone();
    let team = RwSignal::new(account.team.clone());
    let adding = RwSignal::new(String::new());
    let adding_level = RwSignal::new(level_key(AccessLevel::Read).to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    // Active colleagues not in the team yet, but the owner.
    let candidates = Signal::derive(move || {
        let choices: Vec<Choice> = match session.team.get() {
            Some(Ok(members)) => team.with(|t| {
                members
                    .iter()
                    .filter(|m| !m.disabled && m.id != owner && !t.iter().any(|g| g.user == m.id))
                    .map(|m| (m.id.to_string(), m.name.to_string()))
                    .collect()
            }),
            _ => Vec::new(),
        };
        with_blank("Choose a person…", choices)
    });
    let add = move |_| {
        let user = adding.get_untracked();
        if user.is_empty() {
            return;
        }
        let level = parse_level(&adding_level.get_untracked());
        team.update(|t| {
            t.push(TeamGrant {
                user: UserId::from_raw(user),
                level,
            })
        });
        adding.set(String::new());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let edit = TeamEdit {
            team: team.get_untracked(),
            version,
        };
        let id = id.clone();
        spawn_local(async move {
            match api::accounts::set_team(id, edit).await {
                Ok(updated) => saved.run((updated, "The related team is saved.".to_string())),
                Err(error) if error.is_conflict() => overtaken.run(error.current()),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };
    let rows = move || {
        team.get()
            .into_iter()
            .map(|grant| {
                let user = grant.user.clone();
                let for_level = user.clone();
                let for_remove = user.clone();
                let name = session.member_name(&user);
                let select_id = format!("team-level-{user}");
                view! {
                    <li class="list-row team-row" data-testid="team-row">
                        <span class="team-name"><MemberName id=user.clone()/></span>
                        <label class="sr-only" for=select_id.clone()>{format!("What {name} may do")}</label>
                        <select
                            id=select_id
                            class="team-level"
                            on:change=move |ev| {
                                let level = parse_level(&event_target_value(&ev));
                                team.update(|t| {
                                    if let Some(g) = t.iter_mut().find(|g| g.user == for_level) {
                                        g.level = level;
                                    }
                                });
                            }
                        >
                            {level_choices()
                                .into_iter()
                                .map(|(key, text)| {
                                    let chosen = key == level_key(grant.level);
                                    view! { <option value=key selected=chosen>{text}</option> }
                                })
                                .collect_view()}
                        </select>
                        <button type="button" class="button button-small" aria-label=format!("Remove {name}")
                            on:click=move |_| team.update(|t| t.retain(|g| g.user != for_remove))>
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <form class="form" data-testid="team-form" on:submit=submit novalidate>
            <h3>"Related team"</h3>
            <p class="hint">"Team members see the account; those who can change it edit it too."</p>
            <FailureNotice failure/>
            <ul class="plain-list">{rows}</ul>
            <Show when=move || team.with(Vec::is_empty)>
                <p class="muted">"No one yet."</p>
            </Show>
            <div class="team-add">
                <SelectField
                    id="team-add-person"
                    label="Add a person"
                    choices=candidates
                    selected=adding
                    on_change=Callback::new(move |value| adding.set(value))
                />
                <SelectField
                    id="team-add-level"
                    label="Who may"
                    choices=level_choices()
                    selected=adding_level
                    on_change=Callback::new(move |value| adding_level.set(value))
                />
                <button type="button" class="button" data-testid="team-add"
                    disabled=move || adding.with(String::is_empty) on:click=add>
                    "Add"
                </button>
            </div>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="save-team" label="Save team" busy="Saving…" saving on_cancel=close/>
        </form>
    }
}

/// The account's contacts, a page at a time, and Add contact.
#[component]
fn AccountContacts(id: AccountId) -> impl IntoView {
    let cursors = CursorStack::new();
    let stored = StoredValue::new(id.clone());
    let contacts =
        LocalResource::new(move || api::accounts::contacts(stored.get_value(), cursors.current()));
    let next = Signal::derive(move || {
        contacts
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let (busy, set_busy) = signal(false);
    let added = Callback::new(move |_| {
        cursors.reset();
        contacts.refetch();
    });
    view! {
        <AddContact account=id added/>
        <div class="tab-table" aria-busy=move || busy.get().to_string()>
            <Transition fallback=|| view! { <Loading label="Loading contacts…"/> } set_pending=set_busy>
                {move || contacts.get().map(|result| match result {
                    Ok(page) => contact_table(page, cursors),
                    Err(error) => load_failed(error, move || contacts.refetch()),
                })}
            </Transition>
        </div>
        <Show when=move || more_pages(cursors, next)>
            <Pager cursors next busy label="Contact pages"/>
        </Show>
    }
}

fn contact_table(page: Page<ContactView>, cursors: CursorStack) -> AnyView {
    if page.items.is_empty() {
        return match page.next_cursor {
            Some(next) => view! {
                <p class="empty">
                    "No contact among those checked so far. "
                    <button type="button" class="button button-small" on:click=move |_| cursors.push(next.clone())>
                        "Look further"
                    </button>
                </p>
            }
            .into_any(),
            None => view! {
                <p class="empty" data-testid="account-contacts-empty">"No contact of this account that you can see."</p>
            }
            .into_any(),
        };
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="account-contacts">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Phone"</th>
                        <th scope="col">"Owner"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|c| view! {
                            <tr data-testid="account-contact-row">
                                <td data-label="Name">
                                    <a href=contact_href(&c.id) class="row-link">{c.name.to_string()}</a>
                                </td>
                                <td data-label="Kind"><span class="chip">{c.kind.label()}</span></td>
                                <td data-label="Email">{c.emails.first().map(ToString::to_string).unwrap_or_default()}</td>
                                <td data-label="Phone">{c.phones.first().map(ToString::to_string).unwrap_or_default()}</td>
                                <td data-label="Owner"><MemberName id=c.owner_id/></td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Add contact to this account: a contact looked up, moved into the account on its version.
#[component]
fn AddContact(account: AccountId, added: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Picked>);
    let saving = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let exact = exact_mode();
    let account = StoredValue::new(account);
    let add = move |_| {
        let Some(picked) = chosen.get_untracked() else {
            return;
        };
        saving.set(true);
        failure.set(None);
        notice.set(None);
        spawn_local(async move {
            let id = ContactId::from_raw(picked.id.clone());
            let result = match api::get_contact(id.clone()).await {
                Ok(contact) => {
                    let request = ContactAccountRequest {
                        account_id: Some(account.get_value()),
                        version: contact.version,
                    };
                    api::accounts::set_contact_account(id, request).await
                }
                Err(error) => Err(error),
            };
            match result {
                Ok(contact) => {
                    notice.set(Some(format!(
                        "{} is now a contact of this account.",
                        contact.name
                    )));
                    chosen.set(None);
                    open.set(false);
                    added.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    };
    view! {
        <div class="tab-toolbar">
            <button type="button" class="button" data-testid="add-account-contact"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    notice.set(None);
                    failure.set(None);
                    open.update(|o| *o = !*o);
                }>
                "Add contact to this account"
            </button>
        </div>
        {move || notice.get().map(|text| view! {
            <p class="alert alert-success" role="status" data-testid="add-contact-notice">{text}</p>
        })}
        <Show when=move || open.get()>
            <div class="inline-form add-contact" data-testid="add-contact-form">
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
                <Lookup
                    id="add-contact-lookup"
                    label="Contact"
                    kind=LookupKind::Contact
                    chosen
                    exact
                />
                <div class="form-actions">
                    <button type="button" class="button button-primary" data-testid="add-contact-submit"
                        disabled=move || saving.get() || chosen.with(Option::is_none)
                        on:click=add>
                        {move || if saving.get() { "Adding…" } else { "Add to this account" }}
                    </button>
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}

/// The account's work orders, and New work order.
#[component]
fn AccountOrders(id: AccountId) -> impl IntoView {
    view! {
        <div class="tab-toolbar">
            <a class="button button-primary" href=new_order_href(&id) data-testid="new-work-order">
                "New work order"
            </a>
        </div>
        <OrderPages orders=Orders::Account(id) empty="No work order for this account that you can see."/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_level_reads_back_as_chosen() {
        for (key, label) in level_choices() {
            let level = parse_level(&key);
            assert_eq!(level_key(level), key);
            assert_eq!(level_label(level), label);
        }
        assert_eq!(parse_level("anything else"), AccessLevel::Read);
    }
}
