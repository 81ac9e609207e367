//! The admin's forms for users: create one, edit one.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{FieldError, NewUserRequest, Role, UpdateUserRequest, UserView};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{CheckboxField, FormActions, SelectField, TextField, label_choices},
        status::{
            Change, ConflictNotice, FailureNotice, OtherFieldErrors, differences, field_message,
        },
    },
};

fn parse_role(value: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.label() == value)
}

fn optional(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// The role select; `none` offers an empty first choice (a new user has no role yet).
fn role_field(
    id: &'static str,
    role: RwSignal<Option<Role>>,
    errors: RwSignal<Vec<FieldError>>,
    none: Option<&'static str>,
) -> impl IntoView {
    view! {
        <SelectField
            id=id
            label="Role"
            choices=Signal::stored(label_choices(none, &Role::ALL, Role::label))
            selected=Signal::derive(move || role.get().map(|r| r.label().to_string()).unwrap_or_default())
            on_change=Callback::new(move |value: String| role.set(parse_role(&value)))
            message=field_message(errors, "role")
        />
    }
}

fn new_user_field(field: &str) -> bool {
    matches!(field, "email" | "name" | "role" | "extension" | "password")
}

fn edit_user_field(field: &str) -> bool {
    matches!(field, "name" | "role" | "extension" | "new_password")
}

#[component]
pub fn NewUserForm(on_created: Callback<UserView>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let extension = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let request = NewUserRequest {
            email: email.get_untracked(),
            name: name.get_untracked(),
            role: role.get_untracked(),
            extension: optional(extension.get_untracked()),
            password: password.get_untracked(),
        };
        saving.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::create_user(request).await {
                Ok(user) => {
                    for field in [email, name, extension, password] {
                        field.set(String::new());
                    }
                    role.set(None);
                    errors.set(Vec::new());
                    on_created.run(user);
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    view! {
        <form
            class="card form"
            novalidate
            aria-labelledby="new-user-title"
            data-testid="new-user-form"
            on:submit=on_submit
        >
            <h2 id="new-user-title">"New user"</h2>
            <FailureNotice failure/>
            <div class="form-grid">
                <TextField
                    id="new-user-email"
                    label="Email"
                    name="email"
                    value=email
                    message=field_message(errors, "email")
                    input_type="email"
                />
                <TextField
                    id="new-user-name"
                    label="Name"
                    name="name"
                    value=name
                    message=field_message(errors, "name")
                />
                {role_field("new-user-role", role, errors, Some("Choose…"))}
                <TextField
                    id="new-user-extension"
                    label="Extension"
                    name="extension"
                    value=extension
                    message=field_message(errors, "extension")
                    hint=Some("Optional, 2 to 6 digits.")
                />
                <TextField
                    id="new-user-password"
                    label="Initial password"
                    name="password"
                    value=password
                    message=field_message(errors, "password")
                    input_type="password"
                    autocomplete="new-password"
                    hint=Some("At least 10 characters.")
                />
            </div>
            <OtherFieldErrors errors known=new_user_field/>
            <FormActions testid="create-user" label="Create user" busy="Creating…" saving/>
        </form>
    }
}

/// (what, before, after) for every visible difference between two versions of a user.
fn user_changes(before: &UserView, after: &UserView) -> Vec<Change> {
    let ext = |u: &UserView| {
        u.extension
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "none".into())
    };
    let status = |u: &UserView| if u.disabled { "disabled" } else { "active" }.to_string();
    differences([
        ("Name", before.name.to_string(), after.name.to_string()),
        (
            "Role",
            before.role.label().into(),
            after.role.label().into(),
        ),
        ("Extension", ext(before), ext(after)),
        ("Status", status(before), status(after)),
    ])
}

#[component]
pub fn EditUserForm(
    user: UserView,
    on_saved: Callback<UserView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let original = RwSignal::new(user.clone());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let extension = RwSignal::new(String::new());
    let disabled = RwSignal::new(false);
    let new_password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Option<UserView>>);
    let saving = RwSignal::new(false);

    let load = move |u: &UserView| {
        name.set(u.name.to_string());
        role.set(Some(u.role));
        extension.set(
            u.extension
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        disabled.set(u.disabled);
        new_password.set(String::new());
        original.set(u.clone());
        errors.set(Vec::new());
        failure.set(None);
        conflict.set(None);
    };
    load(&user);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let (id, version, fallback_role) =
            original.with_untracked(|u| (u.id.clone(), u.version, u.role));
        let request = UpdateUserRequest {
            name: name.get_untracked(),
            role: role.get_untracked().unwrap_or(fallback_role),
            extension: optional(extension.get_untracked()),
            disabled: disabled.get_untracked(),
            new_password: optional(new_password.get_untracked()),
            version,
        };
        saving.set(true);
        failure.set(None);
        conflict.set(None);
        spawn_local(async move {
            match api::update_user(id, request).await {
                Ok(saved) => {
                    errors.set(Vec::new());
                    new_password.set(String::new());
                    on_saved.run(saved);
                }
                Err(error) if error.is_conflict() => {
                    errors.set(Vec::new());
                    conflict.set(Some(error.current()));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    let reload = move |_: ()| match conflict.get_untracked().flatten() {
        Some(current) => load(&current),
        None => {
            let id = original.with_untracked(|u| u.id.clone());
            spawn_local(async move {
                match api::get_user(id).await {
                    Ok(current) => load(&current),
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };

    let conflict_view = move || {
        conflict.get().map(|current| {
            let changes = current
                .as_ref()
                .map(|after| original.with(|before| user_changes(before, after)))
                .unwrap_or_default();
            view! {
                <ConflictNotice
                    title="Someone else changed this user"
                    note="Your changes were not saved. Reload to start again from their version."
                        .to_string()
                    changes
                    on_reload=Callback::new(reload)
                />
            }
            .into_any()
        })
    };

    let title = move || original.with(|u| format!("Edit {}", u.name));
    let email = move || original.with(|u| u.email.to_string());
    view! {
        <form
            class="card form"
            novalidate
            aria-labelledby="edit-user-title"
            data-testid="edit-user-form"
            on:submit=on_submit
        >
            <h2 id="edit-user-title">{move || title()}</h2>
            <p class="muted">{move || email()}</p>
            {move || conflict_view()}
            <FailureNotice failure/>
            <div class="form-grid">
                <TextField
                    id="edit-user-name"
                    label="Name"
                    name="name"
                    value=name
                    message=field_message(errors, "name")
                />
                {role_field("edit-user-role", role, errors, None)}
                <TextField
                    id="edit-user-extension"
                    label="Extension"
                    name="extension"
                    value=extension
                    message=field_message(errors, "extension")
                    hint=Some("Optional, 2 to 6 digits.")
                />
                <TextField
                    id="edit-user-password"
                    label="New password"
                    name="new_password"
                    value=new_password
                    message=field_message(errors, "new_password")
                    input_type="password"
                    autocomplete="new-password"
                    hint=Some("Leave blank to keep the current password.")
                />
            </div>
            <CheckboxField
                id="edit-user-disabled"
                label="Disabled (cannot sign in)"
                name="disabled"
                checked=disabled
            />
            <OtherFieldErrors errors known=edit_user_field/>
            <FormActions testid="save-user" label="Save user" busy="Saving…" saving on_cancel/>
        </form>
    }
}
