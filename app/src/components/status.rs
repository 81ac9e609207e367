//! Loading, error and field-message views shared by every page.

use leptos::prelude::*;
use worklane_domain::{FieldError, Timestamp};

use crate::{api::ApiError, format};

#[component]
pub fn Loading(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Loading…".to_string());
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// A failed request, explained, with a way to try again when there is one.
#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let title = match error.status() {
        Some(401) => "Please sign in again",
        Some(403) => "Not allowed",
        Some(404) => "Not found",
        None => "Network problem",
        _ => "Something went wrong",
    };
    let request_id = error.request_id().map(|id| {
        view! { <p class="muted small">"Request id: " <code>{id.to_string()}</code></p> }
    });
    view! {
        <div class="alert alert-error" role="alert" data-testid="error">
            <strong>{title}</strong>
            <p>{error.message()}</p>
            {request_id}
            {retry
                .map(|retry| {
                    view! {
                        <button type="button" class="button" on:click=move |_| retry.run(())>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

/// What a page shows when loading its data failed, with a Retry that loads it again.
pub fn load_failed(error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    view! { <ErrorNotice error retry=Callback::new(move |_| retry())/> }.into_any()
}

/// The message for one field of the last failed submit, tracked.
pub fn field_message(
    errors: RwSignal<Vec<FieldError>>,
    field: impl Into<String>,
) -> Signal<Option<String>> {
    let field: String = field.into();
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// The red line under a field; `id` is what the input's `aria-describedby` points at.
#[component]
pub fn FieldMessage(id: String, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p class="field-error" id=id.clone() data-testid="field-error">
                    {text}
                </p>
            }
        })
    }
}

/// Messages for fields that have no input of their own (e.g. `request`), so none is lost.
#[component]
pub fn OtherFieldErrors(
    errors: RwSignal<Vec<FieldError>>,
    known: fn(&str) -> bool,
) -> impl IntoView {
    move || {
        let others: Vec<FieldError> =
            errors.with(|all| all.iter().filter(|e| !known(&e.field)).cloned().collect());
        (!others.is_empty()).then(|| {
            view! {
                <ul class="field-error-list" data-testid="other-field-errors">
                    {others
                        .into_iter()
                        .map(|e| view! { <li>{e.field} ": " {e.message}</li> })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// An instant in the browser's local time, with the exact value in the markup.
#[component]
pub fn LocalTime(ts: Timestamp, #[prop(optional)] long: bool) -> impl IntoView {
    let text = if long {
        format::local_date_time_long(&ts)
    } else {
        format::local_date_time(&ts)
    };
    let title = format::local_date_time_long(&ts);
    view! {
        <time datetime=ts.to_string() title=title>
            {text}
        </time>
    }
}

/// The banner above a form after a failed submit: a short one for validation (the fields
/// carry the details), the full explanation otherwise.
#[component]
pub fn FailureNotice(failure: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        failure.get().map(|error| {
            if error.status() == Some(422) {
                view! {
                    <div class="alert alert-error" role="alert" data-testid="form-error">
                        <strong>"Please correct the marked fields."</strong>
                        <p>{error.message()}</p>
                    </div>
                }
                .into_any()
            } else {
                view! { <ErrorNotice error/> }.into_any()
            }
        })
    }
}

/// One difference between two versions of a record: (what, before, after).
pub type Change = (&'static str, String, String);

/// A 409: someone saved first. Says what they changed and offers to reload their version.
#[component]
pub fn ConflictNotice(
    title: &'static str,
    note: String,
    changes: Vec<Change>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let intro =
        (!changes.is_empty()).then(|| view! { <p>"What changed since you opened the form:"</p> });
    view! {
        <div class="alert alert-warning" role="alert" data-testid="conflict">
            <strong>{title}</strong>
            <p>{note}</p>
            {intro}
            <ul class="changes" data-testid="conflict-changes">
                {changes
                    .into_iter()
                    .map(|(what, before, after)| {
                        view! {
                            <li>
                                <strong>{what}</strong>
                                ": "
                                <del>{before}</del>
                                " → "
                                <ins>{after}</ins>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button
                type="button"
                class="button button-primary"
                data-testid="conflict-reload"
                on:click=move |_| on_reload.run(())
            >
                "Reload"
            </button>
        </div>
    }
}

/// What a form does with a refused save: a 409 shows the record as it is now (or, when that
/// can't be read, the plain error); anything else the banner and the per-field messages.
pub fn show_refusal<T: serde::de::DeserializeOwned + Send + Sync + 'static>(
    error: ApiError,
    conflict: RwSignal<Option<T>>,
    failure: RwSignal<Option<ApiError>>,
    errors: RwSignal<Vec<FieldError>>,
) {
    if error.is_conflict()
        && let Some(current) = error.current()
    {
        conflict.set(Some(current));
        return;
    }
    errors.set(error.fields().to_vec());
    failure.set(Some(error));
}

/// The candidates whose before and after differ: what a conflict notice lists.
pub fn differences(candidates: impl IntoIterator<Item = Change>) -> Vec<Change> {
    candidates
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .collect()
}
