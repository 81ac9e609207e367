//! `/accounts`: seed 003's accounts — the companies work orders are raised for — that the user
//! may see, newest first, with New account; `/accounts/:id/:tab?` is one account (see
//! [`detail`]). In the work orders' piece of the app: an account is mostly about its work
//! orders.

pub mod detail;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};
use worklane_domain::{AccountId, AccountInput, AccountView, FieldError, Page, UserId};

use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        fields::{FormActions, SelectField, TextField},
        pager::{CursorStack, Pager},
        status::{FailureNotice, Loading, LocalTime, OtherFieldErrors, field_message, load_failed},
        work_item::edit_form::assignee_choices,
    },
    pages::work_orders::table::account_href,
    state::use_session,
};

const PAGE_SIZE: u32 = 25;

/// `/accounts` or `/accounts/:id/:tab?`.
#[component]
pub fn AccountPages() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    move || match id.get() {
        None => view! { <AccountList/> }.into_any(),
        Some(id) => view! { <detail::AccountDetail id=AccountId::from_raw(id)/> }.into_any(),
    }
}

#[component]
fn AccountList() -> impl IntoView {
    let cursors = CursorStack::new();
    let accounts = LocalResource::new(move || api::accounts::list(cursors.current(), PAGE_SIZE));
    let next = Signal::derive(move || {
        accounts
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let (busy, set_busy) = signal(false);
    let creating = RwSignal::new(false);
    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Accounts"</h1>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="new-account"
                    aria-expanded=move || creating.get().to_string()
                    aria-controls="new-account-form"
                    on:click=move |_| creating.update(|open| *open = !*open)
                >
                    "New account"
                </button>
            </div>
            <Show when=move || creating.get()>
                <NewAccountForm on_cancel=Callback::new(move |_| creating.set(false))/>
            </Show>
            <section class="card table-card" aria-label="Accounts" aria-busy=move || busy.get().to_string()>
                <Transition fallback=|| view! { <Loading label="Loading accounts…"/> } set_pending=set_busy>
                    {move || accounts.get().map(|result| match result {
                        Ok(page) => account_table(page, cursors),
                        Err(error) => load_failed(error, move || accounts.refetch()),
                    })}
                </Transition>
            </section>
            <Pager cursors next busy label="Account pages"/>
        </div>
    }
}

fn account_table(page: Page<AccountView>, cursors: CursorStack) -> AnyView {
    if page.items.is_empty() {
        return match page.next_cursor {
            Some(next) => view! {
                <p class="empty">
                    "No account among those checked so far. "
                    <button type="button" class="button button-small" on:click=move |_| cursors.push(next.clone())>
                        "Look further"
                    </button>
                </p>
            }
            .into_any(),
            None => view! {
                <p class="empty" data-testid="accounts-empty">"There is no account you can see yet."</p>
            }
            .into_any(),
        };
    }
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="accounts-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Last update"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|a| view! {
                            <tr data-testid="account-row">
                                <td data-label="Name">
                                    <a href=account_href(&a.id, "") class="row-link" data-testid="account-link">{a.name}</a>
                                </td>
                                <td data-label="Owner"><MemberName id=a.owner_id/></td>
                                <td data-label="Updated"><LocalTime ts=a.updated_at/></td>
                                <td data-label="Created"><LocalTime ts=a.created_at/></td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn known_field(field: &str) -> bool {
    matches!(field, "name" | "owner_id")
}

/// A new account: its name and, for managers and admins, its owner (the creator otherwise).
/// Created, it opens.
#[component]
fn NewAccountForm(on_cancel: Callback<()>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let me = session.user_id();
    let owner = RwSignal::new(me.as_ref().map(ToString::to_string).unwrap_or_default());
    let owners = Signal::derive(move || assignee_choices(&session, me.as_ref()));
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
        let input = AccountInput {
            name: name.get_untracked(),
            owner_id: session
                .supervises()
                .then(|| UserId::from_raw(owner.get_untracked())),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::accounts::create(input).await {
                Ok(account) => navigate(&account_href(&account.id, ""), Default::default()),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                    saving.set(false);
                }
            }
        });
    };
    view! {
        <form class="card form inline-form" id="new-account-form" data-testid="new-account-form" on:submit=submit novalidate>
            <h2>"New account"</h2>
            <FailureNotice failure/>
            <TextField id="new-account-name" label="Name" name="name" value=name message=field_message(errors, "name")/>
            <Show when=move || session.supervises()>
                <SelectField
                    id="new-account-owner"
                    label="Owner"
                    choices=owners
                    selected=owner
                    on_change=Callback::new(move |value| owner.set(value))
                    message=field_message(errors, "owner_id")
                />
            </Show>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="create-account" label="Create account" busy="Creating…" saving on_cancel/>
        </form>
    }
}
