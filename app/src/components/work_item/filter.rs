//! The WORK ITEM tab's filter: active items only (the default), and chosen categories and
//! statuses. Nothing chosen in a group means every value of it.

use leptos::prelude::*;
use worklane_domain::WorkItemView;

use crate::{catalog::Catalog, components::fields::include, state::use_session};

#[derive(Clone, Copy)]
pub struct TileFilter {
    pub active_only: RwSignal<bool>,
    pub categories: RwSignal<Vec<String>>,
    pub statuses: RwSignal<Vec<String>>,
}

impl TileFilter {
    pub fn new() -> Self {
        Self {
            active_only: RwSignal::new(true),
            categories: RwSignal::new(Vec::new()),
            statuses: RwSignal::new(Vec::new()),
        }
    }

    /// Whether the item is shown, tracked.
    pub fn admits(&self, catalog: &Catalog, item: &WorkItemView) -> bool {
        let category = catalog.category_of(&item.type_key).unwrap_or_default();
        (!self.active_only.get() || catalog.is_open(item))
            && self
                .categories
                .with(|chosen| chosen.is_empty() || chosen.iter().any(|c| c == category))
            && self
                .statuses
                .with(|chosen| chosen.is_empty() || chosen.contains(&item.status))
    }

    /// A few words on what is filtered, beside the counts.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.active_only.get() {
            parts.push("active only".to_string());
        }
        let categories = self.categories.with(Vec::len);
        if categories > 0 {
            parts.push(plural(categories, "category", "categories"));
        }
        let statuses = self.statuses.with(Vec::len);
        if statuses > 0 {
            parts.push(plural(statuses, "status", "statuses"));
        }
        parts.join(", ")
    }
}

impl Default for TileFilter {
    fn default() -> Self {
        Self::new()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn toggle(list: RwSignal<Vec<String>>, value: &str, on: bool) {
    list.update(|values| include(values, value.to_string(), on));
}

/// One checkbox per value of a group: (value, label).
#[component]
fn ChoiceGroup(
    legend: &'static str,
    prefix: &'static str,
    choices: Vec<(String, String)>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="filter-group">
            <legend>{legend}</legend>
            {choices
                .into_iter()
                .enumerate()
                .map(|(n, (value, label))| {
                    let id = format!("{prefix}-{n}");
                    let label_for = id.clone();
                    let checked_value = value.clone();
                    view! {
                        <label class="filter-choice" for=label_for>
                            <input
                                type="checkbox"
                                id=id
                                data-filter-value=value.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&checked_value))
                                on:change=move |ev| toggle(chosen, &value, event_target_checked(&ev))
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// `items`: the contact's loaded items; only the statuses of their workflows are offered.
#[component]
pub fn TileFilterPanel(filter: TileFilter, items: RwSignal<Vec<WorkItemView>>) -> impl IntoView {
    let session = use_session();
    let choices = move || {
        items.with(|items| {
            session.with_catalog(|catalog| {
                let categories = catalog
                    .categories()
                    .into_iter()
                    .map(|c| (c.clone(), c))
                    .collect::<Vec<_>>();
                let workflows = items
                    .iter()
                    .filter_map(|i| catalog.workflow_of(&i.type_key));
                (categories, catalog.statuses_of(workflows))
            })
        })
    };
    view! {
        <div class="filter-panel" id="work-item-filter" data-testid="work-item-filter">
            <label class="filter-choice">
                <input
                    type="checkbox"
                    data-testid="filter-active-only"
                    bind:checked=filter.active_only
                />
                "Active items only"
            </label>
            {move || {
                let (categories, statuses) = choices();
                view! {
                    <ChoiceGroup
                        legend="Categories"
                        prefix="filter-category"
                        choices=categories
                        chosen=filter.categories
                    />
                    <ChoiceGroup
                        legend="Statuses"
                        prefix="filter-status"
                        choices=statuses
                        chosen=filter.statuses
                    />
                }
            }}
            <button
                type="button"
                class="button button-small"
                data-testid="filter-clear"
                on:click=move |_| {
                    filter.active_only.set(true);
                    filter.categories.set(Vec::new());
                    filter.statuses.set(Vec::new());
                }
            >
                "Reset"
            </button>
        </div>
    }
}
