//! Rows of work orders: the Work Orders list's table (with its tick boxes for service staff),
//! and the same rows, a page at a time, on an account's Work Orders tab and a contact's
//! Tickets tab.

use leptos::prelude::*;
use worklane_domain::{AccountId, ContactId, Page, WorkOrderRow};

use super::{lock_icon, subject, work_order_href};
use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        pager::{CursorStack, Pager},
        status::{Loading, LocalTime, load_failed},
        work_item::tile::StatusChip,
    },
    pages::contact_detail::contact_href,
};

/// The link to an account's page (`/accounts/{id}`), or one of its tabs (`rest` "/contacts").
pub fn account_href(id: &AccountId, rest: &str) -> String {
    format!("/accounts/{}{rest}", api::encode(id.as_str()))
}

/// The table of `rows`; with `selected`, a tick box on each row and one for the whole page.
/// Without `contacts`, no Contact column (a contact's own Tickets).
pub fn orders_table(
    rows: Vec<WorkOrderRow>,
    selected: Option<RwSignal<Vec<u64>>>,
    contacts: bool,
) -> AnyView {
    let select_all = selected.map(|selected| {
        let numbers: Vec<u64> = rows.iter().map(|row| row.item.number).collect();
        let all_numbers = numbers.clone();
        let all_ticked =
            move || selected.with(|s| !numbers.is_empty() && numbers.iter().all(|n| s.contains(n)));
        view! {
            <th scope="col" class="cell-select">
                <input
                    type="checkbox"
                    aria-label="Select every work order on this page"
                    data-testid="select-all-work-orders"
                    prop:checked=all_ticked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.set(if on { all_numbers.clone() } else { Vec::new() });
                    }
                />
            </th>
        }
    });
    view! {
        <div class="table-scroll">
            <table class="table work-orders-table" data-testid="work-orders-table">
                <thead>
                    <tr>
                        {select_all}
                        <th scope="col">"No."</th>
                        <th scope="col">"Subject"</th>
                        {contacts.then(|| view! { <th scope="col">"Contact"</th> })}
                        <th scope="col">"Account"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Priority"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Last update"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| order_row(row, selected, contacts)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn order_row(
    row: WorkOrderRow,
    selected: Option<RwSignal<Vec<u64>>>,
    contacts: bool,
) -> impl IntoView {
    let WorkOrderRow {
        item,
        contact_name,
        account_name,
    } = row;
    let number = item.number;
    let tick = selected.map(|selected| {
        view! {
            <td class="cell-select">
                <input
                    type="checkbox"
                    aria-label=format!("Select work order {number}")
                    data-testid="select-work-order"
                    prop:checked=move || selected.with(|s| s.contains(&number))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| {
                            s.retain(|n| *n != number);
                            if on {
                                s.push(number);
                            }
                        });
                    }
                />
            </td>
        }
    });
    let locked = item.locked.then(|| {
        view! {
            <span class="chip chip-locked" data-testid="work-order-locked">
                {lock_icon()}
                " Locked"
            </span>
        }
    });
    // The account's name links to its page; one the user may not see says so there.
    let account = match (item.account_id.as_ref(), account_name) {
        (Some(id), Some(name)) => Some(view! { <a href=account_href(id, "")>{name}</a> }),
        _ => None,
    };
    let account_class = if account.is_some() { "" } else { "cell-unset" };
    let (owner, updated, priority) = (item.assignee_id.clone(), item.updated_at, item.priority);
    let contact = contacts.then(|| {
        view! {
            <td data-label="Contact" data-testid="work-order-contact-name">
                <a href=contact_href(&item.contact_id)>{contact_name}</a>
            </td>
        }
    });
    let subject = subject(&item.description);
    view! {
        <tr data-testid="work-order-row" data-number=number>
            {tick}
            <td data-label="No.">
                <a href=work_order_href(number) class="row-link" data-testid="work-order-link">
                    {number}
                </a>
            </td>
            <td class="cell-text cell-subject" data-label="Subject" data-testid="work-order-subject">{subject}</td>
            {contact}
            <td data-label="Account" class=account_class data-testid="work-order-account">{account}</td>
            // A locked order says so beside its status.
            <td data-label="Status">
                <span class="status-cell"><StatusChip item/> {locked}</span>
            </td>
            <td data-label="Priority" data-testid="work-order-priority">{priority.label()}</td>
            <td class="cell-nowrap" data-label="Owner" data-testid="work-order-owner"><MemberName id=owner/></td>
            <td data-label="Updated"><LocalTime ts=updated/></td>
        </tr>
    }
}

/// Whether there is another page to go to: the pager shows only then.
pub fn more_pages(cursors: CursorStack, next: Signal<Option<String>>) -> bool {
    cursors.page_number() > 1 || next.with(Option::is_some)
}

/// An empty page that is not the last: a button to read on.
pub fn keep_looking(cursors: CursorStack, next: String) -> AnyView {
    view! {
        <p class="empty" data-testid="work-orders-keep-looking">
            "No work order among those checked so far. "
            <button type="button" class="button button-small" on:click=move |_| cursors.push(next.clone())>
                "Look further"
            </button>
        </p>
    }
    .into_any()
}

/// Whose work orders a paged list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Orders {
    Account(AccountId),
    /// A contact's Tickets.
    Contact(ContactId),
}

async fn page_of(orders: Orders, cursor: Option<String>) -> Result<Page<WorkOrderRow>, ApiError> {
    match orders {
        Orders::Account(id) => api::accounts::work_orders(id, cursor).await,
        Orders::Contact(id) => api::accounts::tickets(id, cursor).await,
    }
}

/// An account's or a contact's work orders, a page at a time, last updated first.
#[component]
pub fn OrderPages(orders: Orders, empty: &'static str) -> impl IntoView {
    // A contact's own Tickets need not name the contact on every row.
    let contacts = matches!(orders, Orders::Account(_));
    let cursors = CursorStack::new();
    let orders = StoredValue::new(orders);
    let rows = LocalResource::new(move || page_of(orders.get_value(), cursors.current()));
    let next = Signal::derive(move || {
        rows.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let (busy, set_busy) = signal(false);
    view! {
        <div class="scene-body tab-table" aria-busy=move || busy.get().to_string()>
            <Transition fallback=|| view! { <Loading label="Loading work orders…"/> } set_pending=set_busy>
                {move || {
                    rows.get().map(|result| match result {
                        Ok(page) if page.items.is_empty() => match page.next_cursor {
                            // A page reads a bounded stretch and may come back empty with more.
                            Some(next) => keep_looking(cursors, next),
                            None => view! {
                                <p class="empty" data-testid="work-orders-empty">{empty}</p>
                            }
                            .into_any(),
                        },
                        Ok(page) => orders_table(page.items, None, contacts),
                        Err(error) => load_failed(error, move || rows.refetch()),
                    })
                }}
            </Transition>
        </div>
        <Show when=move || more_pages(cursors, next)>
            <Pager cursors next busy label="Work order pages"/>
        </Show>
    }
}
