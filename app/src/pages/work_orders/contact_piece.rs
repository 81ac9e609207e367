//! A contact's Tickets tab: the account the contact belongs to (with Set account / Change,
//! which puts it in another or takes it out), New work order, and the contact's work orders.
//! It comes with the work orders' piece of the app, fetched when the tab is first shown
//! ([`crate::pages::show_orders_piece`]): the contacts' piece only holds the call that fetches
//! it, so it does not grow with it.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{AccountId, ContactAccountRequest, ContactId};

use super::{
    lookup::{Lookup, LookupKind, Picked, exact_mode},
    table::{OrderPages, Orders, account_href},
};
use crate::{
    api::{self, ApiError},
    components::status::ErrorNotice,
};

/// What a contact's page shows of the work orders' piece.
pub enum ContactPiece {
    /// The Tickets tab of a contact at `version` (of `account`, if it is in one); `changed`
    /// runs once its account was set (or the contact changed meanwhile), for the page to read
    /// the contact again.
    Tickets {
        contact: ContactId,
        account: Option<AccountId>,
        version: u64,
        changed: Callback<()>,
    },
}

/// How to make the view of `piece`.
pub fn view_of(piece: ContactPiece) -> ViewFn {
    let ContactPiece::Tickets {
        contact,
        account,
        version,
        changed,
    } = piece;
    ViewFn::from(move || {
        view! { <Tickets contact=contact.clone() account=account.clone() version changed/> }
            .into_any()
    })
}

/// The link to a new work order for the contact (and its account).
pub fn new_order_href(contact: &ContactId, account: Option<&AccountId>) -> String {
    let mut href = format!("/work-orders/new?contact={}", api::encode(contact.as_str()));
    if let Some(account) = account {
        href.push_str(&format!("&account={}", api::encode(account.as_str())));
    }
    href
}

#[component]
fn Tickets(
    contact: ContactId,
    account: Option<AccountId>,
    version: u64,
    changed: Callback<()>,
) -> impl IntoView {
    let has_account = account.is_some();
    let shown = LocalResource::new({
        let account = account.clone();
        move || {
            let account = account.clone();
            async move {
                match account {
                    Some(id) => api::accounts::get_account(id).await.map(Some),
                    None => Ok(None),
                }
            }
        }
    });
    let editing = RwSignal::new(false);
    let name = move || {
        shown.get().map(|result| match result {
            Ok(Some(a)) => view! {
                <a href=account_href(&a.id, "") data-testid="contact-account-name">{a.name}</a>
            }
            .into_any(),
            Ok(None) => {
                view! { <span class="muted" data-testid="contact-no-account">"None"</span> }
                    .into_any()
            }
            // In an account the user may not see: it is not named.
            Err(_) => view! { <span class="muted">"An account you cannot see"</span> }.into_any(),
        })
    };
    let new_order = new_order_href(&contact, account.as_ref());
    let orders = Orders::Contact(contact.clone());
    view! {
        <div class="tab-toolbar tickets-toolbar">
            <p class="contact-account-line" data-testid="contact-account">
                <strong>"Account: "</strong>
                {name}
                <button type="button" class="button button-small" data-testid="set-contact-account"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|open| *open = !*open)>
                    {if has_account { "Change" } else { "Set account" }}
                </button>
            </p>
            <a class="button button-primary push-right" href=new_order data-testid="new-work-order">
                "New work order"
            </a>
        </div>
        <Show when=move || editing.get()>
            <SetAccount contact=contact.clone() has_account version editing changed/>
        </Show>
        <OrderPages orders empty="No work order for this contact that you can see."/>
    }
}

/// The contact's account looked up and saved on the contact's version; Remove takes it out.
#[component]
fn SetAccount(
    contact: ContactId,
    has_account: bool,
    version: u64,
    editing: RwSignal<bool>,
    changed: Callback<()>,
) -> impl IntoView {
    let exact = exact_mode();
    let chosen = RwSignal::new(None::<Picked>);
    let saving = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let contact = StoredValue::new(contact);
    let save = move |account: Option<AccountId>| {
        saving.set(true);
        failure.set(None);
        spawn_local(async move {
            let request = ContactAccountRequest {
                account_id: account,
                version,
            };
            match api::accounts::set_contact_account(contact.get_value(), request).await {
                Ok(_) => {
                    editing.set(false);
                    changed.run(());
                }
                Err(error) => {
                    failure.set(Some(error));
                    saving.set(false);
                }
            }
        });
    };
    view! {
        <div class="inline-form" data-testid="contact-account-form">
            {move || failure.get().map(|error| {
                let conflict = error.is_conflict();
                view! {
                    <ErrorNotice error/>
                    {conflict.then(|| view! {
                        <button type="button" class="button button-small" on:click=move |_| {
                            editing.set(false);
                            changed.run(());
                        }>
                            "Show the contact as it is now"
                        </button>
                    })}
                }
            })}
            <Lookup id="contact-account-lookup" label="Account" kind=LookupKind::Account chosen exact/>
            <div class="form-actions">
                <button type="button" class="button button-primary" data-testid="save-contact-account"
                    disabled=move || saving.get() || chosen.with(Option::is_none)
                    on:click=move |_| {
                        if let Some(picked) = chosen.get_untracked() {
                            save(Some(AccountId::from_raw(picked.id)));
                        }
                    }>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
                {has_account.then(|| view! {
                    <button type="button" class="button" data-testid="remove-contact-account"
                        disabled=move || saving.get() on:click=move |_| save(None)>
                        "Remove from the account"
                    </button>
                })}
                <button type="button" class="button" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </div>
    }
}
