//! An accessible tab bar (WAI-ARIA tabs pattern). The page renders the panel for the active tab;
//! choosing a tab goes through `on_select`, so a page may keep the active tab in its URL.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    /// Stable id: the tab is `tab-{id}`, its panel `panel-{id}`.
    pub id: &'static str,
    pub label: &'static str,
}

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn TabBar(
    tabs: Vec<Tab>,
    #[prop(into)] active: Signal<&'static str>,
    on_select: Callback<&'static str>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let ids: Vec<&'static str> = tabs.iter().map(|t| t.id).collect();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(at) = ids.iter().position(|id| *id == active.get_untracked()) else {
            return;
        };
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % ids.len(),
            "ArrowLeft" => (at + ids.len() - 1) % ids.len(),
            "Home" => 0,
            "End" => ids.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        on_select.run(ids[next]);
        focus(&format!("tab-{}", ids[next]));
    };
    view! {
        <div class="tabbar" role="tablist" aria-label=label on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|tab| {
                    let selected = move || active.get() == tab.id;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tab"
                            id=format!("tab-{}", tab.id)
                            data-testid=format!("tab-{}", tab.id)
                            aria-controls=format!("panel-{}", tab.id)
                            aria-selected=move || selected().to_string()
                            tabindex=move || if selected() { "0" } else { "-1" }
                            on:click=move |_| on_select.run(tab.id)
                        >
                            {tab.label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The panel that belongs to a tab; only the active one is rendered.
#[component]
pub fn TabPanel(id: &'static str, children: Children) -> impl IntoView {
    view! {
        <div
            class="tabpanel"
            role="tabpanel"
            id=format!("panel-{id}")
            aria-labelledby=format!("tab-{id}")
            tabindex="0"
        >
            {children()}
        </div>
    }
}

/// A tab bar whose active tab lives only in the page: the common case.
pub fn local_tabs(first: &'static str) -> (RwSignal<&'static str>, Callback<&'static str>) {
    let active = RwSignal::new(first);
    (active, Callback::new(move |id| active.set(id)))
}
