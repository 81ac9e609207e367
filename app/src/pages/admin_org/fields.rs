//! The few field components every row of the chart is made of: a text input, a select and the
//! name-and-Add line under a list. Every field on the page is one of these, so each is compiled
//! once.

use leptos::prelude::*;

use crate::components::status::FieldMessage;

/// A labelled text input of the chart. Every one on the page is this component, so it is
/// compiled once.
#[component]
pub fn ChartText(
    id: String,
    label: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                type="text"
                id=id.clone()
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// A labelled select of (value, text) choices, the one equal to `selected` chosen. Every one on
/// the page is this component, so it is compiled once.
#[component]
pub fn ChartSelect(
    id: String,
    label: String,
    /// The label only for assistive technology (the people table has column headings).
    #[prop(optional)]
    hide_label: bool,
    choices: Signal<Vec<(String, String)>>,
    selected: Signal<String>,
    on_change: Callback<String>,
    message: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone() class=if hide_label { "sr-only" } else { "" }>
                {label}
            </label>
            <select
                id=id.clone()
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described_by
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {move || {
                    let selected = selected.get();
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let chosen = value == selected;
                            view! {
                                <option value=value prop:selected=chosen>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// The name field and Add button under a list ("Add department", "Add group").
#[component]
pub fn AddRow(
    /// `new-{what}-name` and `add-{what}`.
    what: &'static str,
    label: &'static str,
    button: &'static str,
    /// Adds the named item; says what is wrong with the name, if anything.
    on_add: Callback<String, Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = move || match on_add.run(name.get_untracked()) {
        None => {
            name.set(String::new());
            message.set(None);
        }
        Some(problem) => message.set(Some(problem)),
    };
    let input_id = format!("new-{what}-name");
    let error_id = format!("{input_id}-error");
    let button_id = format!("add-{what}");
    view! {
        <div class="org-add">
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input
                    type="text"
                    id=input_id.clone()
                    data-testid=input_id
                    aria-describedby=error_id.clone()
                    bind:value=name
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <FieldMessage id=error_id message=message.into()/>
            </div>
            <button
                type="button"
                class="button"
                id=button_id.clone()
                data-testid=button_id
                on:click=move |_| add()
            >
                {button}
            </button>
        </div>
    }
}
