//! `/admin/users`: the admin's list of users, with create, edit, and disable/enable.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{Page, UpdateUserRequest, UserId, UserView};

use crate::{
    api::{self, ApiError},
    components::{
        admin_only::AdminOnly,
        availability::availability_class,
        pager::{CursorStack, Pager},
        status::{Loading, load_failed},
        user_form::{EditUserForm, NewUserForm},
    },
    state::use_session,
};

type UsersResource = LocalResource<Result<Page<UserView>, ApiError>>;

/// Puts a user's new state into the page on show, without reloading it.
fn replace_user(users: UsersResource, updated: &UserView) {
    users.update(|page| {
        if let Some(Ok(page)) = page
            && let Some(slot) = page.items.iter_mut().find(|u| u.id == updated.id)
        {
            *slot = updated.clone();
        }
    });
}

#[component]
pub fn AdminUsers() -> impl IntoView {
    view! {
        <AdminOnly title="Users" what="manage users">
            <UsersAdmin/>
        </AdminOnly>
    }
}

/// A message about one row, e.g. why disabling failed.
#[derive(Clone)]
struct RowNotice {
    id: UserId,
    text: String,
}

#[component]
fn UsersAdmin() -> impl IntoView {
    let session = use_session();
    let cursors = CursorStack::new();
    let users: UsersResource = LocalResource::new(move || api::list_users(cursors.current()));
    let next = Signal::derive(move || {
        users
            .get()
            .and_then(|r| r.ok())
            .and_then(|page| page.next_cursor)
    });
    let (loading, set_loading) = signal(false);

    let editing = RwSignal::new(None::<UserView>);
    let notice = RwSignal::new(None::<String>);
    let row_notice = RwSignal::new(None::<RowNotice>);
    let toggling = RwSignal::new(None::<UserId>);

    let on_created = Callback::new(move |user: UserView| {
        notice.set(Some(format!("Created {} ({}).", user.name, user.email)));
        users.refetch();
        session.team.refetch();
    });
    let on_saved = Callback::new(move |user: UserView| {
        notice.set(Some(format!("Saved {}.", user.name)));
        replace_user(users, &user);
        editing.set(None);
        session.team.refetch();
        if session
            .user
            .with_untracked(|me| me.as_ref().is_some_and(|me| me.id == user.id))
        {
            session.user.set(Some(user));
        }
    });
    let on_cancel = Callback::new(move |_| editing.set(None));

    // Disable or enable at once, from the row.
    let toggle = move |user: UserView| {
        toggling.set(Some(user.id.clone()));
        row_notice.set(None);
        notice.set(None);
        spawn_local(async move {
            let request = UpdateUserRequest {
                name: user.name.to_string(),
                role: user.role,
                extension: user.extension.as_ref().map(ToString::to_string),
                disabled: !user.disabled,
                new_password: None,
                version: user.version,
            };
            match api::update_user(user.id.clone(), request).await {
                Ok(updated) => {
                    notice.set(Some(format!(
                        "{} is now {}.",
                        updated.name,
                        if updated.disabled {
                            "disabled"
                        } else {
                            "enabled"
                        }
                    )));
                    replace_user(users, &updated);
                    session.team.refetch();
                }
                Err(error) => {
                    let text = if error.is_conflict() {
                        // Show the user as they are now, so the next click acts on that.
                        if let Some(current) = error.current::<UserView>() {
                            replace_user(users, &current);
                        } else {
                            users.refetch();
                        }
                        "Someone else changed this user; their version is shown now. Try again if still needed.".to_string()
                    } else {
                        error.message()
                    };
                    row_notice.set(Some(RowNotice { id: user.id, text }));
                }
            }
            toggling.set(None);
        });
    };

    let open_editor = move |user: UserView| {
        notice.set(None);
        editing.set(Some(user));
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("edit-user-name") {
                el.scroll_into_view();
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    };

    let rows = move |page: Page<UserView>| {
        if page.items.is_empty() {
            return view! { <p class="empty">"No users."</p> }.into_any();
        }
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="users-table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Extension"</th>
                            <th scope="col">"Availability"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">
                                <span class="sr-only">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .items
                            .into_iter()
                            .map(|user| user_row(user, toggle, open_editor, toggling, row_notice))
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };

    view! {
        <div class="page">
            <div class="page-header">
                <h1>"Users"</h1>
            </div>
            {move || {
                notice
                    .get()
                    .map(|text| {
                        view! {
                            <div class="alert alert-success" role="status" data-testid="notice">
                                {text}
                            </div>
                        }
                            .into_any()
                    })
            }}
            {move || {
                editing
                    .get()
                    .map(|user| {
                        view! { <EditUserForm user on_saved on_cancel/> }.into_any()
                    })
            }}
            <section class="card table-card" aria-label="Users" aria-busy=move || loading.get().to_string()>
                <Transition fallback=|| view! { <Loading label="Loading users…"/> } set_pending=set_loading>
                    {move || {
                        users.get().map(|result| match result {
                            Ok(page) => rows(page),
                            Err(error) => load_failed(error, move || users.refetch()),
                        })
                    }}
                </Transition>
            </section>
            <Pager cursors next busy=loading label="Users pages"/>
            <NewUserForm on_created/>
        </div>
    }
}

fn user_row(
    user: UserView,
    toggle: impl Fn(UserView) + Copy + 'static,
    open_editor: impl Fn(UserView) + Copy + 'static,
    toggling: RwSignal<Option<UserId>>,
    row_notice: RwSignal<Option<RowNotice>>,
) -> impl IntoView {
    let id = user.id.clone();
    let busy_id = id.clone();
    let busy = Signal::derive(move || toggling.with(|t| t.as_ref() == Some(&busy_id)));
    let notice_id = id.clone();
    let name = user.name.to_string();
    let (action, busy_text) = if user.disabled {
        ("Enable", "Enabling…")
    } else {
        ("Disable", "Disabling…")
    };
    let for_toggle = user.clone();
    let for_edit = user.clone();
    view! {
        <tr
            data-testid="user-row"
            data-user-email=user.email.to_string()
            class:row-disabled=user.disabled
        >
            <td data-label="Name">{name.clone()}</td>
            <td data-label="Email">{user.email.to_string()}</td>
            <td data-label="Role">{user.role.label()}</td>
            <td data-label="Extension">
                {user.extension.as_ref().map(ToString::to_string).unwrap_or_default()}
            </td>
            <td data-label="Availability">
                <span class=availability_class(user.availability) aria-hidden="true"></span>
                " "
                {user.availability.label()}
            </td>
            <td data-label="Status">
                {if user.disabled {
                    view! { <span class="chip chip-danger" data-testid="user-status">"Disabled"</span> }
                } else {
                    view! { <span class="chip chip-ok" data-testid="user-status">"Active"</span> }
                }}
            </td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button button-small"
                    data-testid="edit-user"
                    aria-label=format!("Edit {name}")
                    on:click=move |_| open_editor(for_edit.clone())
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class=if user.disabled {
                        "button button-small"
                    } else {
                        "button button-small button-danger"
                    }
                    data-testid="toggle-disabled"
                    aria-label=format!("{action} {name}")
                    disabled=busy
                    on:click=move |_| toggle(for_toggle.clone())
                >
                    {move || if busy.get() { busy_text } else { action }}
                </button>
                {move || {
                    row_notice
                        .get()
                        .filter(|n| n.id == notice_id)
                        .map(|n| {
                            view! {
                                <p class="field-error" role="alert" data-testid="row-error">
                                    {n.text}
                                </p>
                            }
                                .into_any()
                        })
                }}
            </td>
        </tr>
    }
}
