//! `/work-orders`: seed 003's Work Orders list. One tab per preset scene (the scene is in the
//! URL, `?scene=my_responsible`), a page of rows at a time, last updated first; service staff
//! and admins select rows and hand them to another person in charge at once. New work order
//! opens `/work-orders/new`.
//!
//! The piece of the app these pages are in also holds the accounts' pages and the parts of a
//! contact's page about work orders and accounts (see [`contact_piece`]).

pub mod contact_piece;
pub mod detail;
pub mod lookup;
pub mod new;
pub mod owner_dialog;
pub mod table;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_params_map, use_query_map},
};
use worklane_domain::{
    BatchOwnerRequest, BatchOwnerResult, Page, Role, UserId, WorkOrderRow, WorkOrderScene,
};

use crate::{
    api::{self, ApiError},
    components::{
        availability::MemberName,
        fields::{Choice, SelectField},
        pager::{CursorStack, Pager},
        status::{Loading, load_failed},
        tabs::{Tab, TabBar, TabPanel},
    },
    state::{Session, use_session},
};
use owner_dialog::OwnerDialog;
use table::{keep_looking, orders_table};

const PAGE_SIZE: u32 = 25;

/// The longest subject a row shows; the whole description is on the work order's page.
const SUBJECT_CHARS: usize = 90;

/// The link to a work order's own page.
pub fn work_order_href(number: u64) -> String {
    format!("/work-orders/{number}")
}

/// The first line of a description, shortened to a row's width.
pub fn subject(description: &str) -> String {
    let line = description.lines().map(str::trim).find(|l| !l.is_empty());
    let line = line.unwrap_or_default();
    if line.chars().count() > SUBJECT_CHARS {
        let short: String = line.chars().take(SUBJECT_CHARS - 1).collect();
        format!("{}…", short.trim_end())
    } else {
        line.to_string()
    }
}

/// Whether the signed-in user's role assigns and handles work orders (service staff, admins).
pub fn handles(session: &Session) -> bool {
    session.role().is_some_and(Role::handles_work_orders)
}

/// A closed padlock, beside the word "Locked".
pub fn lock_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" class="lock-icon">
            <rect x="5" y="11" width="14" height="10" rx="2" fill="currentColor"/>
            <path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="2.5"/>
        </svg>
    }
}

/// What a scene says when it has no work order.
fn empty_text(scene: WorkOrderScene) -> &'static str {
    match scene {
        WorkOrderScene::All => "There is no work order you can see.",
        WorkOrderScene::MyResponsible => "No work order is in your charge.",
        WorkOrderScene::MyParticipation => "You are on the team of no work order.",
        WorkOrderScene::MyDepartment => "No work order is in the charge of a department you head.",
        WorkOrderScene::SubordinatesResponsible => {
            "None of your subordinates is in charge of a work order."
        }
        WorkOrderScene::SubordinatesParticipated => {
            "None of your subordinates is on the team of a work order."
        }
        WorkOrderScene::SharedToMe => "No work order is shared with you by a sharing rule.",
        WorkOrderScene::Unresolved => "No open or resolved work order is in your charge.",
        WorkOrderScene::Urgent => "No urgent work order is in your charge.",
        WorkOrderScene::Closed => "No closed work order is in your charge.",
    }
}

fn scene_tabs() -> Vec<Tab> {
    WorkOrderScene::ALL
        .into_iter()
        .map(|scene| Tab {
            id: scene.key(),
            label: scene.label(),
        })
        .collect()
}

/// Which page `/work-orders/:number?` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    List,
    New,
    One,
}

/// `/work-orders/:number?`: the list, `new`, or the work order `number`.
#[component]
pub fn WorkOrderPages() -> impl IntoView {
    let params = use_params_map();
    let shown = Memo::new(move |_| {
        params.with(|p| match p.get("number").as_deref() {
            None => Shown::List,
            Some("new") => Shown::New,
            Some(_) => Shown::One,
        })
    });
    move || match shown.get() {
        Shown::List => view! { <WorkOrders/> }.into_any(),
        Shown::New => view! { <new::NewWorkOrder/> }.into_any(),
        Shown::One => view! { <detail::WorkOrderDetail/> }.into_any(),
    }
}

#[component]
pub fn WorkOrders() -> impl IntoView {
    let query = use_query_map();
    let scene = Memo::new(move |_| {
        query.with(|q| {
            q.get("scene")
                .and_then(|key| WorkOrderScene::from_key(&key))
                .unwrap_or_default()
        })
    });
    let navigate = use_navigate();
    let on_select = Callback::new(move |key: &'static str| {
        navigate(
            &format!("/work-orders?scene={key}"),
            NavigateOptions::default(),
        );
    });
    let active = Signal::derive(move || scene.get().key());
    // On a phone the ten tabs are a list to choose from instead.
    let scene_choices: Vec<Choice> = WorkOrderScene::ALL
        .into_iter()
        .map(|s| (s.key().to_string(), s.label().to_string()))
        .collect();
    let on_choose = Callback::new(move |key: String| {
        if let Some(scene) = WorkOrderScene::from_key(&key) {
            on_select.run(scene.key());
        }
    });

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Work Orders"</h1>
                <a class="button button-primary" href="/work-orders/new" data-testid="new-work-order">
                    "New work order"
                </a>
            </div>
            <section class="card table-card tabs work-orders">
                <div class="scene-select">
                    <SelectField
                        id="scene-select"
                        label="Scene"
                        choices=scene_choices
                        selected=Signal::derive(move || active.get().to_string())
                        on_change=on_choose
                        inline=true
                    />
                </div>
                <div class="scene-tabs">
                    <TabBar tabs=scene_tabs() active on_select label="Work order scenes"/>
                </div>
                // A scene of its own each time: its pages, selection and result start afresh.
                {move || {
                    let scene = scene.get();
                    view! {
                        <TabPanel id=scene.key()>
                            <SceneList scene/>
                        </TabPanel>
                    }
                }}
            </section>
        </div>
    }
}

#[component]
fn SceneList(scene: WorkOrderScene) -> impl IntoView {
    let session = use_session();
    let cursors = CursorStack::new();
    let rows =
        LocalResource::new(move || api::work_orders::list(scene, cursors.current(), PAGE_SIZE));
    let next = Signal::derive(move || {
        rows.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let (busy, set_busy) = signal(false);
    let selected = RwSignal::new(Vec::<u64>::new());
    // Another page: what was ticked on the last one is let go.
    Effect::new(move |_| {
        cursors.current();
        selected.set(Vec::new());
    });
    let batch = Batch {
        choosing: RwSignal::new(false),
        saving: RwSignal::new(false),
        failure: RwSignal::new(None),
        outcome: RwSignal::new(None),
    };
    let handler = move || handles(&session);
    let on_owner = Callback::new(move |owner: UserId| {
        let numbers = selected.get_untracked();
        if numbers.is_empty() || batch.saving.get_untracked() {
            return;
        }
        batch.saving.set(true);
        batch.failure.set(None);
        spawn_local(async move {
            let request = BatchOwnerRequest {
                numbers,
                owner_id: owner.clone(),
            };
            match api::work_orders::change_owners(request).await {
                Ok(result) => {
                    batch.choosing.set(false);
                    selected.set(Vec::new());
                    batch.outcome.set(Some((owner, result)));
                    rows.refetch();
                }
                Err(error) => batch.failure.set(Some(error)),
            }
            batch.saving.set(false);
        });
    });

    view! {
        <Show when=handler>
            <div class="batch-bar" role="group" aria-label="Selected work orders">
                <span class="muted" data-testid="selected-count">
                    {move || match selected.with(Vec::len) {
                        0 => "Select work orders to hand them to someone else.".to_string(),
                        1 => "1 selected".to_string(),
                        n => format!("{n} selected"),
                    }}
                </span>
                <button
                    type="button"
                    class="button button-primary button-small"
                    data-testid="change-owners"
                    aria-haspopup="dialog"
                    disabled=move || selected.with(Vec::is_empty)
                    on:click=move |_| {
                        batch.failure.set(None);
                        batch.choosing.set(true);
                    }
                >
                    "Change owner"
                </button>
            </div>
        </Show>
        {move || batch.outcome.get().map(|(owner, result)| view! {
            <BatchOutcome owner result on_dismiss=Callback::new(move |_| batch.outcome.set(None))/>
        })}
        <Show when=move || batch.choosing.get()>
            {move || {
                let count = selected.with_untracked(Vec::len);
                let intro = if count == 1 {
                    "Hand the selected work order to:".to_string()
                } else {
                    format!("Hand the {count} selected work orders to:")
                };
                view! {
                    <OwnerDialog
                        intro
                        except=None
                        saving=batch.saving
                        failure=batch.failure
                        on_choose=on_owner
                        on_close=Callback::new(move |_| batch.choosing.set(false))
                    />
                }
            }}
        </Show>
        <div class="scene-body" aria-busy=move || busy.get().to_string()>
            <Transition fallback=|| view! { <Loading label="Loading work orders…"/> } set_pending=set_busy>
                {move || {
                    rows.get().map(|result| match result {
                        Ok(page) => rows_table(scene, page, cursors, selected, handler()).into_any(),
                        Err(error) => load_failed(error, move || rows.refetch()),
                    })
                }}
            </Transition>
        </div>
        <Pager cursors next busy label="Work order pages"/>
    }
}

/// The batch change of owner: the dialog, and what the last change did.
#[derive(Clone, Copy)]
struct Batch {
    choosing: RwSignal<bool>,
    saving: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    outcome: RwSignal<Option<(UserId, BatchOwnerResult)>>,
}

/// What a batch change did: how many changed, and each refused work order with why.
#[component]
fn BatchOutcome(
    owner: UserId,
    result: BatchOwnerResult,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let changed = result.changed.len();
    let refused = result.refused;
    let refusals = (!refused.is_empty()).then(|| {
        let count = refused.len();
        view! {
            <div class="alert alert-error" role="alert" data-testid="batch-refused">
                <strong>
                    {if count == 1 {
                        "1 work order was not changed:".to_string()
                    } else {
                        format!("{count} work orders were not changed:")
                    }}
                </strong>
                <ul class="refused-list" aria-label="Work orders not changed">
                    {refused
                        .into_iter()
                        .map(|row| view! {
                            <li data-testid="refused-row" data-number=row.number data-code=row.code>
                                <strong>"No. " {row.number}</strong>
                                ": "
                                {row.message}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        <div class="batch-outcome" data-testid="batch-result">
            <div class="alert alert-success" role="status">
                <span data-testid="batch-changed">
                    <strong>{format!("{changed} changed")}</strong>
                </span>
                {(changed > 0).then(|| view! {
                    <span>" — now in the charge of " <MemberName id=owner/> "."</span>
                })}
                <button type="button" class="button button-small push-right" data-testid="dismiss-batch-result"
                    on:click=move |_| on_dismiss.run(())>
                    "Dismiss"
                </button>
            </div>
            {refusals}
        </div>
    }
}

fn rows_table(
    scene: WorkOrderScene,
    page: Page<WorkOrderRow>,
    cursors: CursorStack,
    selected: RwSignal<Vec<u64>>,
    selectable: bool,
) -> AnyView {
    if page.items.is_empty() {
        return match page.next_cursor {
            Some(next) => keep_looking(cursors, next),
            None => view! {
                <p class="empty" data-testid="work-orders-empty">{empty_text(scene)}</p>
            }
            .into_any(),
        };
    }
    orders_table(page.items, selectable.then_some(selected), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_the_first_line_of_the_description_shortened() {
        assert_eq!(
            subject("\n  Replace the worn belt.  \nIt squeaks since May."),
            "Replace the worn belt."
        );
        assert!(subject("").is_empty());
        let long = subject(&"x".repeat(200));
        assert_eq!(long.chars().count(), SUBJECT_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn every_scene_says_what_it_lacks() {
        let texts: Vec<&str> = WorkOrderScene::ALL.into_iter().map(empty_text).collect();
        for (i, text) in texts.iter().enumerate() {
            assert!(!texts[i + 1..].contains(text), "{text} twice");
        }
    }
}
