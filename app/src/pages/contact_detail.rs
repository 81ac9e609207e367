//! `/contacts/:id`: the contact's header, and tabs below it. Each tab is a child route, so a
//! tab (and the work item selected in it) can be linked to and survives a reload.

use leptos::prelude::*;
use leptos_router::{
    components::Outlet,
    hooks::{use_location, use_navigate, use_params_map},
};
use worklane_domain::{ContactId, ContactView};

use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        click_to_call::CallButton,
        shop::StatusMarketing,
        status::{Loading, LocalTime, load_failed},
        tabs::{Tab, TabBar, TabPanel},
        who_can_see::{Record, WhoCanSeeThis},
    },
    pages::{show_orders_piece, work_orders::contact_piece::ContactPiece},
};

const TABS: [Tab; 4] = [
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
    Tab {
        id: "tickets",
        label: "Tickets",
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
            } else if p.ends_with("/tickets") {
                "tickets"
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
                        let contact = Some(contact.id.clone());
                        view! {
                            <li class="phone-line">
                                <a href=format!("tel:{number}")>{number.clone()}</a>
                                <CallButton number contact/>
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
                <WhoCanSeeThis record=Record::Contact(contact.id.clone())/>
            </header>
            <StatusMarketing contact=contact.id.clone()/>
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

/// The Tickets tab: `/contacts/:id/tickets`, the contact's account and work orders (from the
/// work orders' piece of the app, fetched when first shown).
#[component]
pub fn ContactTickets() -> impl IntoView {
    let ShownContact(contact) = expect_context();
    let changed = Callback::new(move |_| contact.refetch());
    let view = move || {
        contact.get().and_then(Result::ok).map(|c| {
            show_orders_piece(
                "Loading tickets…",
                ContactPiece::Tickets {
                    contact: c.id,
                    account: c.account_id,
                    version: c.version,
                    changed,
                },
            )
        })
    };
    view! { <TabPanel id="tickets">{view}</TabPanel> }
}

fn details_panel(contact: &ContactView) -> impl IntoView + use<> {
    let (created, updated, version, new_lead) = (
        contact.created_at,
        contact.updated_at,
        contact.version,
        contact.new_lead,
    );
    // The account's name, and setting it, are on the Tickets tab (the work orders' piece):
    // here only a link, which costs the contacts' piece next to nothing.
    let account = contact.account_id.as_ref().map(|id| {
        let href = format!("/accounts/{}", api::encode(id.as_str()));
        view! {
            <div>
                <dt>"Account"</dt>
                <dd>
                    <a href=href data-testid="contact-account-link">"Open the account"</a>
                </dd>
            </div>
        }
    });
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
                {account}
            </dl>
        </TabPanel>
    }
}
