//! `/work-orders/new?account=&contact=`: seed 003's New Work Order. The account and the
//! contact are looked up (fuzzily or exactly, as the service desk's setting says); once an
//! account is chosen its details and past work orders show beside the form (below it on a
//! phone), and its contacts are offered as quick picks. Opened from the Work Orders list, an
//! account's Work Orders tab (`?account=`) or a contact's Tickets tab (`?contact=`).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};
use worklane_domain::{
    AccountId, AccountView, ContactId, ContactView, FieldError, NewWorkOrderRequest, UserId,
    WORK_ORDER, WorkOrderRow,
};

use super::{
    lookup::{Lookup, LookupKind, Picked, exact_mode},
    subject,
    table::account_href,
    work_order_href,
};
use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        fields::{Choice, FormActions, SelectField, TextAreaField},
        status::{FailureNotice, Loading, LocalTime, OtherFieldErrors, field_message},
        work_item::{edit_form::assignee_choices, tile::StatusChip},
    },
    state::use_session,
};

/// How many of the account's contacts are offered as quick picks.
const QUICK_PICKS: usize = 12;

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "contact_id" | "account_id" | "type_key" | "description" | "assignee_id"
    )
}

pub fn account_picked(account: &AccountView) -> Picked {
    Picked {
        id: account.id.to_string(),
        name: account.name.clone(),
        detail: None,
    }
}

pub fn contact_picked(contact: &ContactView) -> Picked {
    let detail = match contact.emails.first() {
        Some(email) => format!("{} · {email}", contact.kind.label()),
        None => contact.kind.label().to_string(),
    };
    Picked {
        id: contact.id.to_string(),
        name: contact.name.to_string(),
        detail: Some(detail),
    }
}

#[component]
pub fn NewWorkOrder() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let exact = exact_mode();

    let account = RwSignal::new(None::<Picked>);
    let contact = RwSignal::new(None::<Picked>);
    // The account the chosen contact belongs to, once read.
    let contact_account = RwSignal::new(None::<AccountId>);
    let notice = RwSignal::new(None::<String>);
    let prefilling = RwSignal::new(false);

    let type_key = RwSignal::new(WORK_ORDER.to_string());
    let type_choices = Signal::derive(move || {
        session.with_catalog(|c| {
            c.types
                .iter()
                .filter(|t| t.workflow == WORK_ORDER && t.active && t.manual)
                .map(|t| (t.key.clone(), t.name.clone()))
                .collect::<Vec<Choice>>()
        })
    });
    let description = RwSignal::new(String::new());
    let me = session.user_id();
    let assignee = RwSignal::new(me.as_ref().map(ToString::to_string).unwrap_or_default());
    let assignees = Signal::derive(move || assignee_choices(&session, me.as_ref()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    // The chosen contact's account fills in the account when none is chosen yet: the work
    // order is for it unless another is chosen.
    let adopt_account = move |id: Option<AccountId>| {
        contact_account.set(id.clone());
        if let Some(id) = id.filter(|_| account.with_untracked(Option::is_none)) {
            spawn_local(async move {
                if let Ok(found) = api::accounts::get_account(id).await
                    && account.with_untracked(Option::is_none)
                {
                    account.set(Some(account_picked(&found)));
                }
            });
        }
    };
    let on_contact = Callback::new(move |picked: Picked| {
        contact_account.set(None);
        spawn_local(async move {
            if let Ok(found) = api::get_contact(ContactId::from_raw(picked.id)).await {
                adopt_account(found.account_id);
            }
        });
    });

    // What the address names, read once.
    let (account_param, contact_param) =
        query.with_untracked(|q| (q.get("account"), q.get("contact")));
    if account_param.is_some() || contact_param.is_some() {
        prefilling.set(true);
        spawn_local(async move {
            let mut missing = Vec::new();
            if let Some(id) = account_param.filter(|id| !id.is_empty()) {
                match api::accounts::get_account(AccountId::from_raw(id)).await {
                    Ok(found) => account.set(Some(account_picked(&found))),
                    Err(_) => missing.push("account"),
                }
            }
            if let Some(id) = contact_param.filter(|id| !id.is_empty()) {
                match api::get_contact(ContactId::from_raw(id)).await {
                    Ok(found) => {
                        contact.set(Some(contact_picked(&found)));
                        adopt_account(found.account_id);
                    }
                    Err(_) => missing.push("contact"),
                }
            }
            if !missing.is_empty() {
                notice.set(Some(format!(
                    "The {} in the link is not one you can see; look up another.",
                    missing.join(" and the ")
                )));
            }
            prefilling.set(false);
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let Some(chosen) = contact.get_untracked() else {
            errors.set(vec![FieldError {
                field: "contact_id".into(),
                message: "choose the contact the work order is for".into(),
            }]);
            return;
        };
        errors.set(Vec::new());
        saving.set(true);
        let request = NewWorkOrderRequest {
            type_key: Some(type_key.get_untracked()).filter(|k| !k.is_empty()),
            contact_id: ContactId::from_raw(chosen.id),
            account_id: account
                .with_untracked(|a| a.as_ref().map(|a| AccountId::from_raw(a.id.clone()))),
            description: description.get_untracked(),
            assignee_id: Some(assignee.get_untracked())
                .filter(|a| !a.is_empty())
                .map(UserId::from_raw),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::accounts::create_work_order(request).await {
                Ok(item) => navigate(&work_order_href(item.number), Default::default()),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                    saving.set(false);
                }
            }
        });
    };

    // A contact of another account: the order is for the account chosen, and says so.
    let elsewhere = move || {
        let chosen = account.with(|a| a.as_ref().map(|a| a.id.clone()));
        let of_contact = contact_account.with(|c| c.as_ref().map(ToString::to_string));
        (contact.with(Option::is_some) && chosen.is_some() && of_contact.is_some() && chosen != of_contact)
            .then(|| view! {
                <p class="hint" data-testid="contact-elsewhere">
                    "This contact belongs to another account; the work order will be for the account chosen above."
                </p>
            })
    };

    view! {
        <div class="page">
            <p class="breadcrumb">
                <a href="/work-orders">"← Work Orders"</a>
            </p>
            <div class="page-header">
                <h1>"New work order"</h1>
            </div>
            {move || notice.get().map(|text| view! {
                <p class="alert alert-warning" role="status" data-testid="new-work-order-notice">{text}</p>
            })}
            <div class="new-order">
                <form class="card form new-order-form" data-testid="new-work-order-form" on:submit=submit novalidate>
                    <FailureNotice failure/>
                    <Show when=move || prefilling.get()>
                        <Loading label="Reading the link…"/>
                    </Show>
                    <Lookup
                        id="account-lookup"
                        label="Account"
                        kind=LookupKind::Account
                        chosen=account
                        exact
                        message=field_message(errors, "account_id")
                    />
                    <Lookup
                        id="contact-lookup"
                        label="Contact"
                        kind=LookupKind::Contact
                        chosen=contact
                        exact
                        message=field_message(errors, "contact_id")
                        on_pick=on_contact
                    />
                    {elsewhere}
                    {move || {
                        let chosen = account.get()?;
                        contact.with(Option::is_none).then(|| view! {
                            <QuickPicks account=chosen contact on_pick=on_contact/>
                        })
                    }}
                    <SelectField
                        id="new-work-order-type"
                        label="Type"
                        choices=type_choices
                        selected=type_key
                        on_change=Callback::new(move |value| type_key.set(value))
                        message=field_message(errors, "type_key")
                    />
                    <TextAreaField
                        id="new-work-order-description"
                        label="Description"
                        name="description"
                        value=description
                        rows=4
                        message=field_message(errors, "description")
                    />
                    <SelectField
                        id="new-work-order-assignee"
                        label="Owner"
                        choices=assignees
                        selected=assignee
                        on_change=Callback::new(move |value| assignee.set(value))
                        message=field_message(errors, "assignee_id")
                    />
                    <OtherFieldErrors errors known=known_field/>
                    <FormActions testid="create-work-order" label="Create work order" busy="Creating…" saving/>
                </form>
                <aside class="card account-panel" aria-label="The account" data-testid="account-panel">
                    {move || match account.get() {
                        Some(chosen) => view! { <AccountSide id=AccountId::from_raw(chosen.id)/> }.into_any(),
                        None => view! {
                            <h2>"Account"</h2>
                            <p class="muted" data-testid="account-panel-empty">
                                "Choose an account to see its details and its past work orders here."
                            </p>
                        }
                        .into_any(),
                    }}
                </aside>
            </div>
        </div>
    }
}

/// The chosen account's contacts, to pick from without typing.
#[component]
fn QuickPicks(
    account: Picked,
    contact: RwSignal<Option<Picked>>,
    on_pick: Callback<Picked>,
) -> impl IntoView {
    let id = AccountId::from_raw(account.id);
    let contacts = LocalResource::new(move || api::accounts::contacts(id.clone(), None));
    move || {
        let Some(Ok(page)) = contacts.get() else {
            return None;
        };
        if page.items.is_empty() {
            return None;
        }
        let more = page.items.len() > QUICK_PICKS || page.next_cursor.is_some();
        let name = account.name.clone();
        Some(view! {
            <div class="quick-picks" role="group" aria-label=format!("Contacts of {name}") data-testid="quick-picks">
                <p class="hint">"Contacts of " {name.clone()} ":"</p>
                <ul class="chip-list">
                    {page
                        .items
                        .iter()
                        .take(QUICK_PICKS)
                        .map(|c| {
                            let picked = contact_picked(c);
                            let label = picked.name.clone();
                            view! {
                                <li>
                                    <button type="button" class="button button-small" data-testid="quick-pick"
                                        on:click=move |_| {
                                            contact.set(Some(picked.clone()));
                                            on_pick.run(picked.clone());
                                        }>
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {more.then(|| view! { <p class="hint">"Look up the others by name."</p> })}
            </div>
        })
    }
}

/// How many past work orders the side panel lists.
const PAST_ORDERS: usize = 8;

/// The account beside the form: its details and its past work orders.
#[component]
fn AccountSide(id: AccountId) -> impl IntoView {
    let account = LocalResource::new({
        let id = id.clone();
        move || api::accounts::get_account(id.clone())
    });
    let orders = LocalResource::new({
        let id = id.clone();
        move || api::accounts::work_orders(id.clone(), None)
    });
    let all_href = account_href(&id, "/work-orders");
    view! {
        <Transition fallback=|| view! { <Loading label="Loading the account…"/> }>
            {move || account.get().map(|result| match result {
                Ok(a) => account_facts(&a).into_any(),
                Err(error) => view! {
                    <p class="alert alert-error" role="alert">{error.message()}</p>
                }
                .into_any(),
            })}
        </Transition>
        <h3 class="panel-heading">"Past work orders"</h3>
        <Transition fallback=|| view! { <Loading label="Loading its work orders…"/> }>
            {move || orders.get().map(|result| match result {
                Ok(page) if page.items.is_empty() => view! {
                    <p class="muted" data-testid="past-orders-empty">"No work order you can see yet."</p>
                }
                .into_any(),
                Ok(page) => {
                    let more = page.items.len() > PAST_ORDERS || page.next_cursor.is_some();
                    view! {
                        <ul class="past-orders" data-testid="past-orders" aria-label="Past work orders">
                            {page.items.into_iter().take(PAST_ORDERS).map(past_order).collect_view()}
                        </ul>
                        {more.then(|| view! {
                            <a href=all_href.clone()>"All of the account's work orders"</a>
                        })}
                    }
                    .into_any()
                }
                Err(error) => view! {
                    <p class="alert alert-error" role="alert">{error.message()}</p>
                }
                .into_any(),
            })}
        </Transition>
    }
}

/// An account's name (a link to its page), owner, team and age.
pub fn account_facts(account: &AccountView) -> impl IntoView + use<> {
    let team = (!account.team.is_empty()).then(|| {
        let members = account.team.clone();
        view! {
            <div>
                <dt>"Team"</dt>
                <dd data-testid="account-team">
                    {members
                        .into_iter()
                        .map(|grant| view! { <span class="team-member"><MemberName id=grant.user/></span> })
                        .collect_view()}
                </dd>
            </div>
        }
    });
    view! {
        <h2 data-testid="account-panel-name">
            <a href=account_href(&account.id, "")>{account.name.clone()}</a>
        </h2>
        <dl class="facts">
            <div>
                <dt>"Owner"</dt>
                <dd data-testid="account-owner"><MemberName id=account.owner_id.clone()/></dd>
            </div>
            {team}
            <div>
                <dt>"Created"</dt>
                <dd><LocalTime ts=account.created_at/></dd>
            </div>
        </dl>
    }
}

fn past_order(row: WorkOrderRow) -> impl IntoView {
    let WorkOrderRow {
        item, contact_name, ..
    } = row;
    let number = item.number;
    let (owner, updated) = (item.assignee_id.clone(), item.updated_at);
    let subject = subject(&item.description);
    view! {
        <li class="past-order" data-testid="past-order" data-number=number>
            <div class="past-order-head">
                <a href=work_order_href(number) class="row-link">"No. " {number}</a>
                <StatusChip item/>
            </div>
            <p class="past-order-subject">{subject}</p>
            <p class="muted small">
                {contact_name} " · " <MemberName id=owner/> " · " <LocalTime ts=updated/>
            </p>
        </li>
    }
}
