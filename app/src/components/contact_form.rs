//! The contact form, for creating a contact and for editing one.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use wasm_bindgen::JsCast;
use worklane_domain::{ContactEdit, ContactInput, ContactKind, ContactView, FieldError, UserId};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{CheckboxField, Choice, SelectField, TextField, label_choices},
        status::{
            Change, ConflictNotice, FailureNotice, FieldMessage, OtherFieldErrors, differences,
            field_message,
        },
    },
    state::{Session, use_session},
};

/// One of the two repeatable lists (emails, phones).
#[derive(Clone, Copy)]
struct ListSpec {
    /// The request field, as the server names errors: `emails[1]`.
    field: &'static str,
    legend: &'static str,
    /// Lower case, for row labels and buttons: "email 2", "Add email".
    singular: &'static str,
    /// For the remove buttons: "Remove phone number 2" (not "… phone 2", which would make
    /// the row's own label "Phone 2" ambiguous).
    long: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    max: usize,
}

const EMAILS: ListSpec = ListSpec {
    field: "emails",
    legend: "Emails",
    singular: "email",
    long: "email address",
    input_type: "email",
    autocomplete: "off",
    max: ContactInput::MAX_EMAILS,
};

const PHONES: ListSpec = ListSpec {
    field: "phones",
    legend: "Phones",
    singular: "phone",
    long: "phone number",
    input_type: "tel",
    autocomplete: "off",
    max: ContactInput::MAX_PHONES,
};

type Rows = RwSignal<Vec<RwSignal<String>>>;

fn rows_from(values: impl IntoIterator<Item = String>) -> Vec<RwSignal<String>> {
    let mut rows: Vec<RwSignal<String>> = values.into_iter().map(RwSignal::new).collect();
    if rows.is_empty() {
        rows.push(RwSignal::new(String::new()));
    }
    rows
}

/// The rows that are filled in, and the row each came from: blank rows are not sent, so the
/// server's `emails[1]` is the second filled row, which [`at_row`] turns back into its row.
fn filled(rows: Rows) -> (Vec<String>, Vec<usize>) {
    rows.with_untracked(|r| {
        r.iter()
            .enumerate()
            .map(|(i, s)| (s.get_untracked(), i))
            .filter(|(value, _)| !value.trim().is_empty())
            .unzip()
    })
}

/// `field[k]` of what was sent, as `field[row]` of the form.
fn at_row(mut error: FieldError, field: &str, rows: &[usize]) -> FieldError {
    let position = error
        .field
        .strip_prefix(field)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|k| k.parse::<usize>().ok())
        .and_then(|k| rows.get(k));
    if let Some(row) = position {
        error.field = format!("{field}[{row}]");
    }
    error
}

fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

fn known_field(field: &str) -> bool {
    matches!(field, "name" | "kind" | "emails" | "phones" | "owner_id")
        || field.starts_with("emails[")
        || field.starts_with("phones[")
}

/// The editable list of emails or phones, with add and remove buttons.
fn list_editor(
    spec: ListSpec,
    rows: Rows,
    errors: RwSignal<Vec<FieldError>>,
    owner: StoredValue<Option<Owner>>,
) -> impl IntoView {
    // Row positions shift when a row is added or removed: old messages would point wrong.
    let forget_errors = move || {
        errors.update(|all| all.retain(|e| !e.field.starts_with(spec.field)));
    };
    let add = move |_| {
        let row = match owner.get_value() {
            Some(owner) => owner.with(|| RwSignal::new(String::new())),
            None => RwSignal::new(String::new()),
        };
        rows.update(|r| r.push(row));
        forget_errors();
        let last = rows.with_untracked(Vec::len) - 1;
        focus_later(format!("contact-{}-{last}", spec.field));
    };
    let list_error_id = format!("contact-{}-error", spec.field);
    view! {
        <fieldset class="field list-field" data-testid=format!("{}-fieldset", spec.field)>
            <legend>{spec.legend}</legend>
            {move || {
                rows.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, value)| {
                        let id = format!("contact-{}-{i}", spec.field);
                        let field = format!("{}[{i}]", spec.field);
                        let message = field_message(errors, field.clone());
                        let error_id = format!("{id}-error");
                        let number = i + 1;
                        view! {
                            <div class="list-row">
                                <label class="sr-only" for=id.clone()>
                                    {format!("{} {number}", capitalised(spec.singular))}
                                </label>
                                <input
                                    id=id
                                    name=field
                                    type=spec.input_type
                                    autocomplete=spec.autocomplete
                                    data-testid=format!("{}-input", spec.singular)
                                    aria-invalid=move || message.with(Option::is_some).to_string()
                                    aria-describedby=error_id.clone()
                                    bind:value=value
                                />
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label=format!("Remove {} {number}", spec.long)
                                    data-testid=format!("remove-{}", spec.singular)
                                    on:click=move |_| {
                                        rows.update(|r| {
                                            if i < r.len() {
                                                r.remove(i);
                                            }
                                        });
                                        forget_errors();
                                    }
                                >
                                    "×"
                                </button>
                                <FieldMessage id=error_id message/>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="muted small">{format!("No {}.", spec.legend.to_lowercase())}</p>
            </Show>
            <button
                type="button"
                class="button button-small"
                data-testid=format!("add-{}", spec.singular)
                disabled=move || rows.with(|r| r.len() >= spec.max)
                on:click=add
            >
                {format!("Add {}", spec.singular)}
            </button>
            <FieldMessage id=list_error_id message=field_message(errors, spec.field)/>
        </fieldset>
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join<T: std::fmt::Display>(values: &[T]) -> String {
    if values.is_empty() {
        "none".to_string()
    } else {
        values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

/// What differs between the version the form was loaded with and the one on the server:
/// (what, before, after).
fn describe_changes(before: &ContactView, after: &ContactView, session: Session) -> Vec<Change> {
    differences([
        ("Name", before.name.to_string(), after.name.to_string()),
        (
            "Kind",
            before.kind.label().into(),
            after.kind.label().into(),
        ),
        ("Emails", join(&before.emails), join(&after.emails)),
        ("Phones", join(&before.phones), join(&after.phones)),
        (
            "Owner",
            session.member_name(&before.owner_id),
            session.member_name(&after.owner_id),
        ),
        ("New lead", yes_no(before.new_lead), yes_no(after.new_lead)),
    ])
}

/// A 409 answer: the contact as it is now on the server, when the answer carried it.
#[derive(Clone)]
struct Conflict {
    current: Option<ContactView>,
}

#[component]
pub fn ContactForm(#[prop(optional)] existing: Option<ContactView>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let editing = existing.is_some();

    let original = RwSignal::new(existing.clone());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<ContactKind>);
    let emails: Rows = RwSignal::new(Vec::new());
    let phones: Rows = RwSignal::new(Vec::new());
    let owner = RwSignal::new(String::new());
    let new_lead = RwSignal::new(false);

    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Conflict>);
    let saving = RwSignal::new(false);

    // Row signals belong to the form, whichever handler (re)loads it: created under the
    // owner of, say, the conflict banner's Reload button they would go when the banner goes.
    let form_owner = StoredValue::new(Owner::current());
    let new_rows = move |values: Vec<String>| match form_owner.get_value() {
        Some(owner) => owner.with(|| rows_from(values)),
        None => rows_from(values),
    };
    let load = move |contact: Option<&ContactView>| {
        match contact {
            Some(c) => {
                name.set(c.name.to_string());
                kind.set(Some(c.kind));
                emails.set(new_rows(c.emails.iter().map(ToString::to_string).collect()));
                phones.set(new_rows(c.phones.iter().map(ToString::to_string).collect()));
                owner.set(c.owner_id.to_string());
                new_lead.set(c.new_lead);
            }
            None => {
                name.set(String::new());
                kind.set(None);
                emails.set(new_rows(Vec::new()));
                phones.set(new_rows(Vec::new()));
                owner.set(
                    session
                        .user
                        .with_untracked(|u| u.as_ref().map(|u| u.id.to_string()))
                        .unwrap_or_default(),
                );
                new_lead.set(false);
            }
        }
        original.set(contact.cloned());
        errors.set(Vec::new());
        failure.set(None);
        conflict.set(None);
    };
    load(existing.as_ref());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let (sent_emails, email_rows) = filled(emails);
        let (sent_phones, phone_rows) = filled(phones);
        let owner_id = owner.get_untracked();
        let input = ContactInput {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            emails: sent_emails,
            phones: sent_phones,
            owner_id: (!owner_id.is_empty()).then(|| UserId::from_raw(owner_id)),
            new_lead: new_lead.get_untracked(),
        };
        let editing = original.with_untracked(|o| o.as_ref().map(|c| (c.id.clone(), c.version)));
        saving.set(true);
        failure.set(None);
        conflict.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match editing {
                Some((id, version)) => {
                    api::update_contact(id, ContactEdit { input, version }).await
                }
                None => api::create_contact(input).await,
            };
            saving.set(false);
            match result {
                Ok(saved) => {
                    errors.set(Vec::new());
                    navigate(
                        &format!("/contacts/{}", api::encode(saved.id.as_str())),
                        NavigateOptions::default(),
                    );
                }
                Err(error) if error.is_conflict() => {
                    errors.set(Vec::new());
                    conflict.set(Some(Conflict {
                        current: error.current(),
                    }));
                }
                Err(error) => {
                    let fields = error
                        .fields()
                        .iter()
                        .cloned()
                        .map(|e| at_row(e, EMAILS.field, &email_rows))
                        .map(|e| at_row(e, PHONES.field, &phone_rows))
                        .collect();
                    errors.set(fields);
                    failure.set(Some(error));
                }
            }
        });
    };

    let reload = move |_: ()| match conflict.get_untracked().and_then(|c| c.current) {
        Some(current) => load(Some(&current)),
        None => {
            let Some(id) = original.with_untracked(|o| o.as_ref().map(|c| c.id.clone())) else {
                return;
            };
            spawn_local(async move {
                match api::get_contact(id).await {
                    Ok(current) => load(Some(&current)),
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };

    let conflict_view = move || {
        conflict.get().map(|c| {
            let changes = match (original.get(), c.current.as_ref()) {
                (Some(before), Some(after)) => describe_changes(&before, after, session),
                _ => Vec::new(),
            };
            let note = match &c.current {
                Some(after) => format!(
                    "Your changes were not saved. The contact is now at version {}. Reload to start again from their version.",
                    after.version
                ),
                None => "Your changes were not saved. Reload to start again from their version."
                    .to_string(),
            };
            view! {
                <ConflictNotice
                    title="Someone else changed this contact"
                    note
                    changes
                    on_reload=Callback::new(reload)
                />
            }
            .into_any()
        })
    };

    // Owner choices: the team, plus the current owner if no longer on it (e.g. disabled).
    let owner_choices = move || {
        let keep = original.with(|o| o.as_ref().map(|c| c.owner_id.clone()));
        let mut choices: Vec<Choice> = match session.team.get() {
            Some(Ok(team)) => team
                .iter()
                .filter(|m| !m.disabled)
                .map(|m| (m.id.to_string(), m.name.to_string()))
                .collect(),
            _ => Vec::new(),
        };
        for id in keep.into_iter().chain(session.user_id()) {
            if !choices.iter().any(|(o, _)| o == id.as_str()) {
                choices.insert(0, (id.to_string(), session.member_name(&id)));
            }
        }
        choices
    };
    let team_error = move || {
        session.team.get().and_then(Result::err).map(|e| {
            view! { <p class="field-error">"Could not load the team: " {e.message()}</p> }
                .into_any()
        })
    };

    let may_reassign = session
        .user
        .with_untracked(|u| u.as_ref().is_some_and(|u| u.role.may_reassign()));
    let name_message = field_message(errors, "name");
    let kind_message = field_message(errors, "kind");
    let owner_message = field_message(errors, "owner_id");
    let cancel_href = existing
        .as_ref()
        .map(|c| format!("/contacts/{}", api::encode(c.id.as_str())))
        .unwrap_or_else(|| "/contacts".to_string());

    view! {
        <form
            class="card form"
            novalidate
            data-testid="contact-form"
            aria-label=if editing { "Edit contact" } else { "New contact" }
            on:submit=on_submit
        >
            {move || conflict_view()}
            <FailureNotice failure/>
            <TextField id="contact-name" label="Name" name="name" value=name message=name_message/>
            <SelectField
                id="contact-kind"
                label="Kind"
                choices=Signal::stored(label_choices(Some("Choose…"), &ContactKind::ALL, ContactKind::label))
                selected=Signal::derive(move || kind.get().map(|k| k.label().to_string()).unwrap_or_default())
                on_change=Callback::new(move |value: String| kind.set(ContactKind::parse(&value).ok()))
                message=kind_message
            />
            {list_editor(EMAILS, emails, errors, form_owner)}
            {list_editor(PHONES, phones, errors, form_owner)}
            <SelectField
                id="contact-owner"
                label="Owner"
                choices=Signal::derive(owner_choices)
                selected=owner
                on_change=Callback::new(move |value: String| owner.set(value))
                message=owner_message
                disabled=Signal::derive(move || !session.may_reassign())
                hint=(!may_reassign).then_some("Only managers and admins can change the owner.")
            />
            {move || team_error()}
            <CheckboxField id="contact-new-lead" label="New lead" name="new_lead" checked=new_lead/>
            <OtherFieldErrors errors known=known_field/>
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-contact"
                    disabled=move || saving.get()
                >
                    {move || if saving.get() { "Saving…" } else { "Save contact" }}
                </button>
                <a class="button" href=cancel_href>
                    "Cancel"
                </a>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: "bad".into(),
        }
    }

    #[test]
    fn an_error_on_the_second_address_sent_points_at_the_row_it_came_from() {
        // Rows 0 and 2 were filled, row 1 was blank and not sent.
        let rows = [0, 2];
        assert_eq!(
            at_row(error("emails[1]"), "emails", &rows).field,
            "emails[2]"
        );
        assert_eq!(
            at_row(error("emails[0]"), "emails", &rows).field,
            "emails[0]"
        );
        assert_eq!(at_row(error("emails"), "emails", &rows).field, "emails");
        assert_eq!(
            at_row(error("phones[1]"), "emails", &rows).field,
            "phones[1]"
        );
        assert_eq!(
            at_row(error("emails[9]"), "emails", &rows).field,
            "emails[9]"
        );
    }
}
