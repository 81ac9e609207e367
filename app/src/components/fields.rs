//! Form fields with their labels and the server's message for them.
//!
//! Every form uses these few components rather than its own markup: the look stays the same
//! everywhere, and each kind of field is compiled once, which keeps the bundle small.

use leptos::prelude::*;

use crate::components::status::FieldMessage;

/// A labelled text input (`type` text, email, tel, password…) bound to `value`.
#[component]
pub fn TextField(
    /// The input's id; its label points at it and its message is `{id}-error`.
    id: &'static str,
    label: &'static str,
    /// The request field it fills, as the server names it in errors.
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                placeholder=placeholder
                data-testid=testid.unwrap_or(id)
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described_by
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// One choice of a [`SelectField`]: (value, label).
pub type Choice = (String, String);

/// A labelled `<select>`. The choices may change (e.g. once the team has loaded); the
/// selected one follows `selected`, and a change is reported through `on_change`.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    #[prop(into)] selected: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional, into)] message: Option<Signal<Option<String>>>,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    #[prop(default = None)] hint: Option<&'static str>,
    /// Label beside the select rather than above it (filters).
    #[prop(optional)]
    inline: bool,
    /// Label only for assistive technology (the top bar's availability).
    #[prop(optional)]
    hide_label: bool,
) -> impl IntoView {
    let message = message.unwrap_or_else(|| Signal::stored(None));
    let disabled = disabled.unwrap_or_else(|| Signal::stored(false));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class=if inline { "field field-inline" } else { "field" }>
            <label for=id class=if hide_label { "sr-only" } else { "" }>
                {label}
            </label>
            <select
                id=id
                name=id
                data-testid=id
                disabled=move || disabled.get()
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described_by
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let key = value.clone();
                            view! {
                                <option value=value prop:selected=move || selected.with(|s| *s == key)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </select>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// `choices` after a first, empty one (e.g. "All types", "Choose a workflow…").
pub fn with_blank(blank: &str, choices: Vec<Choice>) -> Vec<Choice> {
    std::iter::once((String::new(), blank.to_string()))
        .chain(choices)
        .collect()
}

/// Choices for an enum with labels: an optional "none" entry, then each value by its label.
pub fn label_choices<T: Copy>(
    none: Option<&str>,
    all: &[T],
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    none.map(|text| (String::new(), text.to_string()))
        .into_iter()
        .chain(
            all.iter()
                .map(|v| (label(*v).to_string(), label(*v).to_string())),
        )
        .collect()
}

/// A labelled checkbox bound to `checked`.
#[component]
pub fn CheckboxField(
    id: &'static str,
    label: &'static str,
    name: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="field field-check">
            <input id=id type="checkbox" name=name data-testid=id bind:checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

/// A labelled multi-line text box bound to `value`.
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                name=name
                rows=rows
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                bind:value=value
            ></textarea>
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// A form's submit button, labelled `busy` while `saving`, and a Cancel button when the form
/// can be closed.
#[component]
pub fn FormActions(
    testid: &'static str,
    label: &'static str,
    busy: &'static str,
    saving: RwSignal<bool>,
    /// Besides saving, when the form cannot be sent yet.
    #[prop(optional, into)]
    blocked: Option<Signal<bool>>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let blocked = blocked.unwrap_or_else(|| Signal::stored(false));
    view! {
        <div class="form-actions">
            <button
                type="submit"
                class="button button-primary"
                data-testid=testid
                disabled=move || saving.get() || blocked.get()
            >
                {move || if saving.get() { busy } else { label }}
            </button>
            {on_cancel.map(|cancel| view! {
                <button type="button" class="button" on:click=move |_| cancel.run(())>
                    "Cancel"
                </button>
            })}
        </div>
    }
}

/// A checkbox's list: `value` in it once when `on`, not at all otherwise.
pub fn include<T: PartialEq>(list: &mut Vec<T>, value: T, on: bool) {
    list.retain(|v| *v != value);
    if on {
        list.push(value);
    }
}
