//! One module per route. The sign-in page and the Inbox are in the first download; every
//! other page is a lazy route, split into its own piece of WebAssembly by `wasm-split-cli`
//! (see `scripts/build-app.sh`) and fetched the first time it is opened.

pub mod accounts;
pub mod admin_imports;
pub mod admin_org;
pub mod admin_sharing;
pub mod admin_shop;
pub mod admin_users;
pub mod admin_work_item_types;
pub mod admin_workflows;
pub mod contact_detail;
pub mod contact_edit;
pub mod contact_interactions;
pub mod contact_new;
pub mod contact_work_items;
pub mod contacts;
pub mod inbox;
pub mod linked_orders;
pub mod my_work_items;
pub mod not_found;
pub mod outbox;
pub mod signin;
pub mod work_orders;

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::components::on_demand::on_demand;
use work_orders::contact_piece::ContactPiece;

/// The pages of a group that is loaded on demand: one split point per group, so the group's
/// pages share one piece and the browser fetches a few files, not dozens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Contacts,
    ContactNew,
    ContactEdit,
    ContactDetail,
    ContactDetailsTab,
    ContactInteractions,
    ContactWorkItems,
    ContactTickets,
    MyWorkItems,
    Outbox,
    AdminImports,
    AdminOrg,
    AdminSharing,
    AdminShop,
    AdminUsers,
    AdminWorkItemTypes,
    AdminWorkflows,
    LinkedOrders,
    WorkOrders,
    Accounts,
}

/// Contacts, their tabs and work items, and My Work Items.
#[leptos::lazy]
fn contacts_group(page: Page) -> AnyView {
    match page {
        Page::ContactNew => view! { <contact_new::ContactNew/> }.into_any(),
        Page::ContactEdit => view! { <contact_edit::ContactEdit/> }.into_any(),
        Page::ContactDetail => view! { <contact_detail::ContactDetail/> }.into_any(),
        Page::ContactDetailsTab => view! { <contact_detail::ContactDetailsTab/> }.into_any(),
        Page::ContactInteractions => {
            view! { <contact_interactions::ContactInteractions/> }.into_any()
        }
        Page::ContactWorkItems => view! { <contact_work_items::ContactWorkItems/> }.into_any(),
        Page::ContactTickets => view! { <contact_detail::ContactTickets/> }.into_any(),
        Page::MyWorkItems => view! { <my_work_items::MyWorkItems/> }.into_any(),
        _ => view! { <contacts::Contacts/> }.into_any(),
    }
}

/// The admin consoles: users, who may see what, the organisation, work item types, workflows,
/// the imports.
#[leptos::lazy]
fn admin_group(page: Page) -> AnyView {
    match page {
        Page::AdminImports => view! { <admin_imports::AdminImports/> }.into_any(),
        Page::AdminSharing => view! { <admin_sharing::AdminSharing/> }.into_any(),
        Page::AdminOrg => view! { <admin_org::AdminOrg/> }.into_any(),
        Page::AdminWorkItemTypes => {
            view! { <admin_work_item_types::AdminWorkItemTypes/> }.into_any()
        }
        Page::AdminWorkflows => view! { <admin_workflows::AdminWorkflows/> }.into_any(),
        _ => view! { <admin_users::AdminUsers/> }.into_any(),
    }
}

/// The shop's pages for managers and admins: its settings with Run now of its sync and
/// validation, and the Linked orders report. A piece of its own, so the admin consoles do not
/// wait for it.
#[leptos::lazy]
fn shop_group(page: Page) -> AnyView {
    match page {
        Page::AdminShop => view! { <admin_shop::AdminShop/> }.into_any(),
        _ => view! { <linked_orders::LinkedOrders/> }.into_any(),
    }
}

/// Seed 003's work orders and accounts: the list with its preset scenes, a new work order, a
/// work order's page (one route for the three), the accounts' list and pages (one route, into
/// the same piece: creating a work order starts from an account as often as not), and a
/// contact's Tickets tab, shown on demand inside the contact's page.
#[leptos::lazy]
fn work_orders_group(page: Page, piece: Option<ContactPiece>) -> ViewFn {
    match (page, piece) {
        (_, Some(piece)) => work_orders::contact_piece::view_of(piece),
        (Page::Accounts, None) => ViewFn::from(|| view! { <accounts::AccountPages/> }.into_any()),
        _ => ViewFn::from(|| view! { <work_orders::WorkOrderPages/> }.into_any()),
    }
}

/// A contact's part from the work orders' piece, fetched the first time one is shown (no
/// piece of its own: another split point would cut the shared code into more, smaller files,
/// and every group's first visit would grow), with `label` as its loading line until then.
pub fn show_orders_piece(label: &'static str, piece: ContactPiece) -> AnyView {
    on_demand(label, work_orders_group(Page::ContactTickets, Some(piece)))
}

/// The local outbox.
#[leptos::lazy]
fn outbox_group() -> AnyView {
    view! { <outbox::Outbox/> }.into_any()
}

/// A route whose page is loaded on demand: `lazy_page!(Route => Page::X)` declares `Route`, to
/// be used as `view={Lazy::<Route>::new()}`.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                load(Page::$page).await
            }
        }
    )*};
}

async fn load(page: Page) -> AnyView {
    match page {
        Page::Outbox => outbox_group().await,
        Page::WorkOrders | Page::Accounts => work_orders_group(page, None).await.run(),
        Page::AdminShop | Page::LinkedOrders => shop_group(page).await,
        Page::AdminUsers
        | Page::AdminImports
        | Page::AdminSharing
        | Page::AdminOrg
        | Page::AdminWorkItemTypes
        | Page::AdminWorkflows => admin_group(page).await,
        _ => contacts_group(page).await,
    }
}

lazy_page! {
    ContactsRoute => Contacts,
    ContactNewRoute => ContactNew,
    ContactEditRoute => ContactEdit,
    ContactDetailRoute => ContactDetail,
    ContactDetailsTabRoute => ContactDetailsTab,
    ContactInteractionsRoute => ContactInteractions,
    ContactWorkItemsRoute => ContactWorkItems,
    ContactTicketsRoute => ContactTickets,
    MyWorkItemsRoute => MyWorkItems,
    OutboxRoute => Outbox,
    AdminUsersRoute => AdminUsers,
    AdminSharingRoute => AdminSharing,
    AdminOrgRoute => AdminOrg,
    AdminWorkItemTypesRoute => AdminWorkItemTypes,
    AdminWorkflowsRoute => AdminWorkflows,
    AdminImportsRoute => AdminImports,
    AdminShopRoute => AdminShop,
    LinkedOrdersRoute => LinkedOrders,
    WorkOrdersRoute => WorkOrders,
    AccountsRoute => Accounts,
}
