//! `/work-orders/:number`: one work order, its facts and, for service staff and admins, its
//! status actions and a More menu (Change owner, Set priority). A work order the user may not
//! see is not found, as one that does not exist.

use leptos::{ev::KeyboardEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;
use worklane_domain::{
    LockRequest, OwnerRequest, Priority, PriorityRequest, StatusKind, UserId, WORK_ORDER,
    WorkItemView,
};

use super::{handles, lock_icon, owner_dialog::OwnerDialog, work_order_href};
use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        dialog::Modal,
        fields::{Choice, SelectField},
        status::{ErrorNotice, Loading, LocalTime, load_failed},
        who_can_see::{Record, WhoCanSeeThis},
        work_item::{
            status_form::StatusChangeForm,
            tile::{StatusChip, status_color},
        },
    },
    pages::contact_detail::{contact_href, work_item_href},
    state::use_session,
};

/// The priorities a work order is set to by hand.
const PRIORITIES: [Priority; 4] = [
    Priority::Urgent,
    Priority::High,
    Priority::Normal,
    Priority::Low,
];

const OVERTAKEN: &str =
    "Someone changed this work order first; it now shows their version. Please try again.";

#[component]
pub fn WorkOrderDetail() -> impl IntoView {
    let params = use_params_map();
    let number =
        Memo::new(move |_| params.with(|p| p.get("number").and_then(|n| n.parse::<u64>().ok())));
    let loaded = LocalResource::new(move || {
        let number = number.get();
        async move {
            match number {
                Some(number) => api::get_work_item(number).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let reload = Callback::new(move |_| loaded.refetch());
    view! {
        <div class="page">
            <p class="breadcrumb">
                <a href="/work-orders">"← Work Orders"</a>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading the work order…"/> }>
                {move || {
                    loaded.get().map(|result| match result {
                        Ok(Some(item)) => view! { <WorkOrderCard first=item reload/> }.into_any(),
                        Ok(None) => not_found(None),
                        Err(error) if error.status() == Some(404) => not_found(number.get_untracked()),
                        Err(error) => load_failed(error, move || loaded.refetch()),
                    })
                }}
            </Transition>
        </div>
    }
}

fn not_found(number: Option<u64>) -> AnyView {
    let what = match number {
        Some(number) => format!("There is no work order {number} that you can see."),
        None => "There is no work order at this address.".to_string(),
    };
    view! {
        <div class="card not-found" role="alert" data-testid="work-order-not-found">
            <h1>"Work order not found"</h1>
            <p>{what}</p>
            <p class="muted">
                "It may never have existed, or it is not yours, your team's or shared with you."
            </p>
            <a class="button button-primary" href="/work-orders">
                "Go to Work Orders"
            </a>
        </div>
    }
    .into_any()
}

/// Which pop-up of the More menu is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialog {
    Owner,
    Priority,
}

#[component]
fn WorkOrderCard(first: WorkItemView, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let number = first.number;
    let contact_id = first.contact_id.clone();
    let item = RwSignal::new(first);
    let handler = move || handles(&session);
    let workflow = Memo::new(move |_| {
        item.with(|i| session.with_catalog(|c| c.workflow_of(&i.type_key).cloned()))
    });
    // Until the catalog is in, an item is taken for the work order it was linked as.
    let not_a_work_order =
        move || workflow.with(|w| w.as_ref().is_some_and(|w| w.key != WORK_ORDER));
    let void = move || {
        item.with(|i| {
            workflow.with(|w| {
                w.as_ref()
                    .and_then(|w| w.status(&i.status))
                    .is_some_and(|s| s.kind == StatusKind::Void)
            })
        })
    };
    let merged = move || item.with(|i| i.merged_into.is_some());
    let locked = move || item.with(|i| i.locked);
    let can_move = move || {
        !locked()
            && !merged()
            && !void()
            && item.with(|i| {
                workflow.with(|w| {
                    w.as_ref().is_some_and(|w| {
                        !w.next_statuses(&i.status).is_empty() || !w.extensions.is_empty()
                    })
                })
            })
    };
    let lockable = move || workflow.with(|w| w.as_ref().is_some_and(|w| w.lockable)) || locked();

    let changing_status = RwSignal::new(false);
    let dialog = RwSignal::new(None::<Dialog>);
    let menu_open = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let saved = Callback::new(move |updated: WorkItemView| {
        changing_status.set(false);
        failure.set(None);
        item.set(updated);
    });
    // A 409: the work order as it is now, and why the change did not happen.
    let overtaken = move |error: &ApiError| {
        dialog.set(None);
        notice.set(Some(OVERTAKEN.to_string()));
        match error.current::<WorkItemView>() {
            Some(current) => item.set(current),
            None => reload.run(()),
        }
    };

    let toggle_lock = move |_| {
        let (locked, version) = item.with_untracked(|i| (i.locked, i.version));
        busy.set(true);
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            let request = LockRequest {
                locked: !locked,
                version,
            };
            match api::lock_work_item(number, request).await {
                Ok(updated) => saved.run(updated),
                Err(error) if error.is_conflict() => overtaken(&error),
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };

    let change_owner = Callback::new(move |owner: UserId| {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        failure.set(None);
        let version = item.with_untracked(|i| i.version);
        spawn_local(async move {
            let request = OwnerRequest {
                owner_id: owner.clone(),
                version,
            };
            match api::work_orders::change_owner(number, request).await {
                Ok(updated) => {
                    dialog.set(None);
                    notice.set(Some(format!(
                        "Handed to {}.",
                        session.member_name(&updated.assignee_id)
                    )));
                    saved.run(updated);
                }
                Err(error) if error.is_conflict() => overtaken(&error),
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    });
    let set_priority = Callback::new(move |priority: Priority| {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        failure.set(None);
        let version = item.with_untracked(|i| i.version);
        spawn_local(async move {
            match api::work_orders::set_priority(number, PriorityRequest { priority, version })
                .await
            {
                Ok(updated) => {
                    dialog.set(None);
                    notice.set(Some(format!(
                        "Priority set to {}.",
                        updated.priority.label()
                    )));
                    saved.run(updated);
                }
                Err(error) if error.is_conflict() => overtaken(&error),
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    });
    let open_dialog = move |which: Dialog| {
        menu_open.set(false);
        failure.set(None);
        notice.set(None);
        dialog.set(Some(which));
    };
    let close_dialog = Callback::new(move |_| {
        dialog.set(None);
        failure.set(None);
    });

    let contact = LocalResource::new({
        let id = contact_id.clone();
        move || api::get_contact(id.clone())
    });
    let contact_link = {
        let href = contact_href(&contact_id);
        move || {
            let name = match contact.get() {
                None => "…".to_string(),
                Some(Ok(c)) => c.name.to_string(),
                // Not a contact this user may open: the link says so when followed.
                Some(Err(_)) => "Open the contact".to_string(),
            };
            view! { <a href=href.clone() data-testid="work-order-contact">{name}</a> }
        }
    };
    let full_page = work_item_href(&contact_id, number);
    let elsewhere = full_page.clone();

    let facts = move || {
        let i = item.get();
        let names = |ids: &[UserId]| {
            ids.iter()
                .map(|id| session.member_name(id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let optional = |label: &'static str, testid: &'static str, value: Option<String>| {
            value.map(|value| {
                view! {
                    <div>
                        <dt>{label}</dt>
                        <dd data-testid=testid>{value}</dd>
                    </div>
                }
            })
        };
        view! {
            <div>
                <dt>"Priority"</dt>
                <dd data-testid="work-order-priority">{i.priority.label()}</dd>
            </div>
            <div>
                <dt>"Owner"</dt>
                <dd data-testid="work-order-owner"><MemberName id=i.assignee_id.clone()/></dd>
            </div>
            <div>
                <dt>"Created"</dt>
                <dd>
                    <LocalTime ts=i.created_at/>
                    " by "
                    <MemberName id=i.created_by.clone()/>
                </dd>
            </div>
            <div>
                <dt>"Last update"</dt>
                <dd data-testid="work-order-updated"><LocalTime ts=i.updated_at/></dd>
            </div>
            {i.callback_at.map(|ts| view! {
                <div>
                    <dt>"Callback"</dt>
                    <dd data-testid="work-order-callback"><LocalTime ts/></dd>
                </div>
            })}
            {optional("Team", "work-order-team", (!i.team.is_empty()).then(|| names(&i.team)))}
            {optional("Team (read only)", "work-order-team-read", (!i.team_read.is_empty()).then(|| names(&i.team_read)))}
            {optional("Due date", "work-order-due", i.due_date.map(|d| d.to_string()))}
            {optional("Closing reason", "work-order-closing-reason", i.closing_reason.clone())}
            {optional("Resolution", "work-order-resolution", i.resolution.clone())}
        }
    };

    let status_form = move || {
        changing_status.get().then(|| {
            view! {
                <StatusChangeForm
                    item=item.get_untracked()
                    on_saved=saved
                    on_cancel=Callback::new(move |_| changing_status.set(false))
                />
            }
        })
    };

    let more_menu = move || {
        handler().then(|| {
            view! {
                <div
                    class="more-menu"
                    on:keydown=move |ev: KeyboardEvent| {
                        if ev.key() == "Escape" {
                            menu_open.set(false);
                        }
                    }
                >
                    <button
                        type="button"
                        class="button"
                        data-testid="work-order-more"
                        aria-expanded=move || menu_open.get().to_string()
                        aria-controls="work-order-more-menu"
                        on:click=move |_| menu_open.update(|open| *open = !*open)
                    >
                        "More ▾"
                    </button>
                    <ul class="more-menu-list" id="work-order-more-menu" hidden=move || !menu_open.get()>
                        <li>
                            <button
                                type="button"
                                class="more-menu-item"
                                data-testid="menu-change-owner"
                                aria-haspopup="dialog"
                                disabled=merged
                                on:click=move |_| open_dialog(Dialog::Owner)
                            >
                                "Change owner"
                            </button>
                        </li>
                        <li>
                            <button
                                type="button"
                                class="more-menu-item"
                                data-testid="menu-set-priority"
                                aria-haspopup="dialog"
                                disabled=move || locked() || merged() || void()
                                title=move || locked().then_some("Unlock it to change its priority")
                                on:click=move |_| open_dialog(Dialog::Priority)
                            >
                                "Set priority"
                            </button>
                        </li>
                    </ul>
                </div>
            }
        })
    };

    let dialogs = move || match dialog.get() {
        None => ().into_any(),
        Some(Dialog::Owner) => {
            let current = item.with_untracked(|i| i.assignee_id.clone());
            let intro = format!(
                "Work order {number} is in the charge of {}. Hand it to:",
                session.member_name(&current)
            );
            view! {
                <OwnerDialog
                    intro
                    except=Some(current)
                    saving
                    failure
                    on_choose=change_owner
                    on_close=close_dialog
                />
            }
            .into_any()
        }
        Some(Dialog::Priority) => view! {
            <PriorityDialog
                current=item.with_untracked(|i| i.priority)
                saving
                failure
                on_choose=set_priority
                on_close=close_dialog
            />
        }
        .into_any(),
    };

    view! {
        <Show
            when=move || !not_a_work_order()
            fallback=move || view! {
                <div class="alert alert-warning" role="alert" data-testid="not-a-work-order">
                    <p>"Work item " {number} " is not a work order."</p>
                    <a href=elsewhere.clone()>"Open it on its contact's page"</a>
                </div>
            }
        >
            <div class="page-header">
                <h1>"Work order " <span class="muted">"No. " {number}</span></h1>
                {more_menu}
            </div>
            <article
                class="card work-item"
                data-testid="work-order-detail"
                data-number=number
                style:border-top-color=move || item.with(status_color)
            >
                <header>
                    <div class="work-item-title">
                        <strong>{move || item.with(|i| session.with_catalog(|c| c.type_name(&i.type_key)))}</strong>
                        <StatusChip item/>
                        {move || locked().then(|| view! {
                            <span class="chip chip-locked" data-testid="work-order-locked">
                                {lock_icon()}
                                " Locked"
                            </span>
                        })}
                    </div>
                    <p class="work-item-description" data-testid="work-order-description">
                        {move || item.with(|i| i.description.clone())}
                    </p>
                    <div class="actions">
                        <Show when=handler>
                            <button
                                type="button"
                                class="button button-primary"
                                data-testid="change-status"
                                disabled=move || !can_move() || changing_status.get()
                                on:click=move |_| {
                                    notice.set(None);
                                    changing_status.set(true);
                                }
                            >
                                "Change status"
                            </button>
                        </Show>
                        <Show when=lockable>
                            <button
                                type="button"
                                class="button"
                                data-testid="toggle-lock"
                                disabled=move || busy.get() || merged()
                                on:click=toggle_lock
                            >
                                {move || if locked() { "Unlock" } else { "Lock" }}
                            </button>
                        </Show>
                        <a class="button" href=full_page.clone() data-testid="open-on-contact">
                            "History and notes"
                        </a>
                    </div>
                    <Show when=move || !handler()>
                        <p class="muted small" data-testid="handlers-only">
                            "Only service staff and admins change a work order's status, priority or owner."
                        </p>
                    </Show>
                    {move || item.with(|i| i.merged_into.map(|survivor| view! {
                        <p class="alert alert-warning" data-testid="merged-into">
                            "Merged into " <a href=work_order_href(survivor)>"No. " {survivor}</a>
                            ". It is kept for the record and cannot be handled any more."
                        </p>
                    }))}
                    {move || notice.get().map(|text| view! {
                        <p class="alert alert-warning" role="status" data-testid="work-order-notice">{text}</p>
                    })}
                    // While a pop-up is open, it shows why its change was refused.
                    {move || failure.get().filter(|_| dialog.with(Option::is_none)).map(|error| view! { <ErrorNotice error/> })}
                </header>
                {status_form}
                <dl class="facts" data-testid="work-order-facts">
                    <div>
                        <dt>"Contact"</dt>
                        <dd>{contact_link.clone()}</dd>
                    </div>
                    {facts}
                </dl>
                <WhoCanSeeThis
                    record=Record::WorkItem(number)
                    revision=Signal::derive(move || item.with(|i| i.version))
                />
            </article>
            {dialogs}
        </Show>
    }
}

#[component]
fn PriorityDialog(
    current: Priority,
    saving: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    on_choose: Callback<Priority>,
    on_close: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(api::priority_param(current).to_string());
    let choices: Vec<Choice> = PRIORITIES
        .iter()
        .map(|p| (api::priority_param(*p).to_string(), p.label().to_string()))
        .collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(priority) = chosen.with_untracked(|p| Priority::parse(p)) {
            on_choose.run(priority);
        }
    };
    view! {
        <Modal title_id="set-priority-title" title="Set priority" testid="set-priority-dialog" on_close>
            <form class="dialog-form" on:submit=submit novalidate>
                <p>"Now: " {current.label()} "."</p>
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
                <SelectField
                    id="new-priority"
                    label="Priority"
                    choices
                    selected=chosen
                    on_change=Callback::new(move |value: String| chosen.set(value))
                />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="set-priority-submit"
                        disabled=move || saving.get()
                    >
                        {move || if saving.get() { "Saving…" } else { "Set priority" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
