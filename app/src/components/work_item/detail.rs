//! The selected work item: its facts, what can be done with it (change status, edit, lock),
//! and the Action and Reference tabs.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ContactId, LockRequest, StatusKind, WorkItemView};

use crate::{
    api::{self, ApiError},
    components::interaction::compose::ComposeKind,
    components::{
        availability::MemberName,
        fields::Choice,
        status::{ErrorNotice, Loading, LocalTime, load_failed},
        tabs::{Tab, TabBar, TabPanel, local_tabs},
        who_can_see::{Record, WhoCanSeeThis},
        work_item::{
            edit_form::EditWorkItemForm,
            history::ActionHistory,
            merge_form::MergeForm,
            note::NoteEditor,
            origin::{Origin, RoutingExplanation},
            reference::ImportedReference,
            status_form::StatusChangeForm,
            tile::StatusChip,
            tile::status_color,
        },
    },
    pages::contact_detail::{ShownContact, work_item_href},
    state::{IMPORTS_USER, use_session},
};

const TABS: [Tab; 2] = [
    Tab {
        id: "action",
        label: "Action",
    },
    Tab {
        id: "reference",
        label: "Reference",
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    View,
    Edit,
    Status,
    Merge,
}

/// The item `number`: from the loaded list when it is there, else fetched (a deep link to an
/// item older than the first page).
#[component]
pub fn WorkItemDetail(
    number: u64,
    contact: ContactId,
    #[prop(into)] known: Signal<Option<WorkItemView>>,
    editing: RwSignal<Option<u64>>,
    /// The contact's other items, to merge a duplicate into.
    #[prop(into)]
    candidates: Signal<Vec<Choice>>,
    on_saved: Callback<WorkItemView>,
) -> impl IntoView {
    let fetched = LocalResource::new(move || async move {
        match known.get_untracked() {
            Some(item) => Ok(item),
            None => api::get_work_item(number).await,
        }
    });
    // An item fetched for a deep link joins the loaded list, and is shown from there.
    let own_contact = contact.clone();
    Effect::new(move |_| {
        if let Some(Ok(item)) = fetched.get()
            && item.contact_id == own_contact
            && known.with_untracked(Option::is_none)
        {
            on_saved.run(item);
        }
    });
    // The panel is built once per item and updates in place: a save elsewhere in the list
    // must not rebuild it (and lose its open form, its tab, or the note being typed).
    let current = Memo::new(move |_| known.get());
    let present = Memo::new(move |_| current.with(Option::is_some));
    move || {
        if present.get()
            && let Some(first) = current.get_untracked()
        {
            let item = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
            return view! { <ItemPanel item editing candidates on_saved/> }.into_any();
        }
        let contact = contact.clone();
        view! {
            <Transition fallback=|| view! { <Loading label="Loading work item…"/> }>
                {move || {
                    fetched.get().map(|result| match result {
                        Ok(item) if item.contact_id == contact => {
                            view! { <Loading label="Loading work item…"/> }.into_any()
                        }
                        Ok(item) => view! {
                            <div class="alert alert-warning" role="alert">
                                <p>"Work item #" {item.number} " belongs to another contact."</p>
                                <a href=work_item_href(&item.contact_id, item.number)>"Open it there"</a>
                            </div>
                        }
                        .into_any(),
                        Err(error) => load_failed(error, move || fetched.refetch()),
                    })
                }}
            </Transition>
        }
        .into_any()
    }
}

#[component]
fn ItemPanel(
    item: Signal<WorkItemView>,
    editing: RwSignal<Option<u64>>,
    candidates: Signal<Vec<Choice>>,
    on_saved: Callback<WorkItemView>,
) -> impl IntoView {
    let session = use_session();
    let number = item.with_untracked(|i| i.number);
    let mode = RwSignal::new(Mode::View);
    Effect::new(move |_| {
        if editing.get() == Some(number) {
            mode.set(Mode::Edit);
            editing.set(None);
        }
    });
    let (active, on_select) = local_tabs("action");
    // An imported item's record and routing: asked for with the item when it was imported
    // (the Action tab explains its routing), else when its Reference tab is first shown.
    let origin = Origin::new(number);
    let imported = item.with_untracked(|i| i.created_by.as_str() == IMPORTS_USER);
    Effect::new(move |_| {
        if imported || active.get() == "reference" {
            origin.want();
        }
    });
    let compose = RwSignal::new(None::<ComposeKind>);
    let compose_to = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let workflow = Memo::new(move |_| {
        item.with(|i| session.with_catalog(|c| c.workflow_of(&i.type_key).cloned()))
    });
    let type_name = move || item.with(|i| session.with_catalog(|c| c.type_name(&i.type_key)));
    // A merged item is kept for the record only; a locked one waits to be unlocked.
    let settled = move || item.with(|i| i.merged_into.is_some());
    let can_move = move || {
        item.with(|i| {
            !i.locked
                && i.merged_into.is_none()
                && workflow.with(|w| {
                    w.as_ref().is_some_and(|w| {
                        let void = w
                            .status(&i.status)
                            .is_some_and(|s| s.kind == StatusKind::Void);
                        !void
                            && (!w.next_statuses(&i.status).is_empty() || !w.extensions.is_empty())
                    })
                })
        })
    };
    // A locked item can always be unlocked, even if its workflow stopped allowing locks.
    let lockable = move || {
        workflow.with(|w| w.as_ref().is_some_and(|w| w.lockable)) || item.with(|i| i.locked)
    };

    let saved = Callback::new(move |updated: WorkItemView| {
        mode.set(Mode::View);
        failure.set(None);
        on_saved.run(updated);
    });
    let cancel = Callback::new(move |_| mode.set(Mode::View));
    // Someone saved first: show their version and say so; the rep tries again on it.
    let overtaken = Callback::new(move |current: WorkItemView| {
        saved.run(current);
        failure.set(None);
        notice.set(Some(
            "Someone changed this work item first; it now shows their version. Please try again."
                .into(),
        ));
    });

    let toggle_lock = move |_| {
        let (locked, version) = item.with_untracked(|i| (i.locked, i.version));
        busy.set(true);
        spawn_local(async move {
            let request = LockRequest {
                locked: !locked,
                version,
            };
            notice.set(None);
            match api::lock_work_item(number, request).await {
                Ok(updated) => saved.run(updated),
                Err(error) => match error.current::<WorkItemView>() {
                    Some(current) if error.is_conflict() => overtaken.run(current),
                    _ => failure.set(Some(error)),
                },
            }
            busy.set(false);
        });
    };

    let facts = move || {
        let i = item.get();
        let callback = i
            .callback_at
            .map(|ts| view! { <LocalTime ts/> }.into_any())
            .unwrap_or_else(|| "—".into_any());
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
            <dl class="facts facts-grid" data-testid="work-item-facts">
                <div>
                    <dt>"Priority"</dt>
                    <dd data-testid="work-item-priority">{i.priority.label()}</dd>
                </div>
                <div>
                    <dt>"Assignee"</dt>
                    <dd data-testid="work-item-assignee"><MemberName id=i.assignee_id.clone()/></dd>
                </div>
                <div>
                    <dt>"Callback"</dt>
                    <dd data-testid="work-item-callback">{callback}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>
                        <LocalTime ts=i.created_at/>
                        " by "
                        <MemberName id=i.created_by.clone()/>
                    </dd>
                </div>
                {optional("Due date", "work-item-due", i.due_date.map(|d| d.to_string()))}
                {optional("Closing reason", "work-item-closing-reason", i.closing_reason.clone())}
                {optional("Resolution", "work-item-resolution", i.resolution.clone())}
                {optional("Team", "work-item-team", (!i.team.is_empty()).then(|| {
                    i.team.iter().map(|id| session.member_name(id)).collect::<Vec<_>>().join(", ")
                }))}
                {optional("Team (read only)", "work-item-team-read", (!i.team_read.is_empty()).then(|| {
                    i.team_read.iter().map(|id| session.member_name(id)).collect::<Vec<_>>().join(", ")
                }))}
            </dl>
        }
    };

    let form = move || match mode.get() {
        Mode::View => ().into_any(),
        Mode::Edit => {
            view! { <EditWorkItemForm item=item.get_untracked() on_saved=saved on_cancel=cancel/> }
                .into_any()
        }
        Mode::Status => {
            view! { <StatusChangeForm item=item.get_untracked() on_saved=saved on_cancel=cancel/> }
                .into_any()
        }
        Mode::Merge => view! {
            <MergeForm
                item=item.get_untracked()
                candidates=Signal::derive(move || {
                    let own = number.to_string();
                    candidates.get().into_iter().filter(|(n, _)| *n != own).collect::<Vec<_>>()
                })
                on_saved=saved
                on_conflict=overtaken
                on_cancel=cancel
            />
        }
        .into_any(),
    };

    view! {
        <article
            class="card work-item"
            data-testid="work-item-detail"
            data-number=number
            style:border-top-color=move || item.with(status_color)
        >
            <header class="work-item-header">
                <div class="work-item-title">
                    <h2>
                        {type_name} <span class="muted">" #" {number}</span>
                    </h2>
                    <StatusChip item/>
                    {move || item.with(|i| i.locked).then(|| view! {
                        <span class="chip chip-locked" data-testid="work-item-locked">"Locked"</span>
                    })}
                </div>
                <p class="work-item-description" data-testid="work-item-description">
                    {move || item.with(|i| i.description.clone())}
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="change-status"
                        disabled=move || !can_move() || mode.get() != Mode::View
                        on:click=move |_| mode.set(Mode::Status)
                    >
                        "Change status"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="edit-work-item-detail"
                        disabled=move || mode.get() != Mode::View || item.with(|i| i.locked) || settled()
                        on:click=move |_| mode.set(Mode::Edit)
                    >
                        "Edit"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="merge-work-item"
                        disabled=move || mode.get() != Mode::View || item.with(|i| i.locked) || settled()
                        on:click=move |_| mode.set(Mode::Merge)
                    >
                        "Merge into…"
                    </button>
                    <Show when=lockable>
                        <button
                            type="button"
                            class="button"
                            data-testid="toggle-lock"
                            disabled=move || busy.get() || settled()
                            on:click=toggle_lock
                        >
                            {move || if item.with(|i| i.locked) { "Unlock" } else { "Lock" }}
                        </button>
                    </Show>
                </div>
                {move || item.with(|i| i.merged_into.map(|survivor| {
                    let href = work_item_href(&i.contact_id, survivor);
                    view! {
                        <p class="alert alert-warning" data-testid="merged-into">
                            "Merged into " <a href=href>"#" {survivor}</a>
                            ". It is kept for the record and cannot be handled any more."
                        </p>
                    }
                }))}
                {move || notice.get().map(|text| view! {
                    <p class="alert alert-warning" role="status" data-testid="work-item-notice">{text}</p>
                })}
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            </header>
            {form}
            {facts}
            // Who can see it, and why: changes with its assignee and team, so it is asked
            // again after each save.
            <WhoCanSeeThis
                record=Record::WorkItem(number)
                revision=Signal::derive(move || item.with(|i| i.version))
            />
            <TabBar tabs=TABS.to_vec() active on_select label="Work item sections"/>
            // Both panels stay mounted (the inactive one hidden), so a half-written email or
            // note survives a look at the other tab.
            <div hidden=move || active.get() != "action">
                <TabPanel id="action">
                    <RoutingExplanation origin/>
                    <ActionHistory
                        number
                        contact=item.with_untracked(|i| i.contact_id.clone())
                        type_key=item.with_untracked(|i| i.type_key.clone())
                        version=Signal::derive(move || item.with(|i| i.version))
                        compose
                        compose_to
                    />
                </TabPanel>
            </div>
            <div hidden=move || active.get() != "reference">
                <TabPanel id="reference">
                    <Reference
                        item
                        origin
                        on_email=Callback::new(move |address: String| {
                            compose_to.set(Some(address));
                            compose.set(Some(ComposeKind::Email));
                            on_select.run("action");
                        })
                    />
                </TabPanel>
            </div>
        </article>
    }
}

/// What the rep needs to resolve the item: the type's explanation, the record it was imported
/// from, and the note.
#[component]
fn Reference(
    item: Signal<WorkItemView>,
    origin: Origin,
    /// An email address clicked: write to it from the Action tab.
    on_email: Callback<String>,
) -> impl IntoView {
    let session = use_session();
    let contact = use_context::<ShownContact>();
    let emails = move || {
        let addresses: Vec<String> = contact
            .and_then(|ShownContact(c)| c.get())
            .and_then(Result::ok)
            .map(|c| c.emails.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        (!addresses.is_empty()).then(|| {
            view! {
                <h3>"Write to the contact"</h3>
                <ul class="plain-list" data-testid="reference-emails">
                    {addresses
                        .into_iter()
                        .map(|address| {
                            let chosen = address.clone();
                            view! {
                                <li>
                                    <button type="button" class="link-button" data-testid="reference-email"
                                        on:click=move |_| on_email.run(chosen.clone())>
                                        "✉ " {address}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    let number = item.with_untracked(|i| i.number);
    let explanation = move || {
        item.with(|i| {
            session.with_catalog(|c| c.work_type(&i.type_key).map(|t| t.explanation.clone()))
        })
    };
    view! {
        <section class="reference" aria-label="Reference">
            <h3>"About this type"</h3>
            <p class="explanation" data-testid="type-explanation">
                {move || explanation().filter(|e| !e.is_empty()).unwrap_or_else(|| "No explanation yet.".into())}
            </p>
            {move || match origin.loaded.get() {
                None if origin.asked() => view! { <Loading label="Loading the record…"/> }.into_any(),
                None => ().into_any(),
                Some(Err(error)) => load_failed(error, move || origin.load()),
                Some(Ok(loaded)) => loaded
                    .reference
                    .map(|reference| view! { <ImportedReference reference item origin on_email/> })
                    .into_any(),
            }}
            {emails}
            <NoteEditor number/>
        </section>
    }
}
