//! Previous/Next paging over an API cursor. The API only knows "the page after this cursor",
//! so the pager keeps the stack of cursors that led to the current page.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CursorStack(RwSignal<Vec<String>>);

impl CursorStack {
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// The cursor of the page on show (`None` for the first page), tracked.
    pub fn current(&self) -> Option<String> {
        self.0.with(|stack| stack.last().cloned())
    }

    /// 1 for the first page.
    pub fn page_number(&self) -> usize {
        self.0.with(Vec::len) + 1
    }

    pub fn push(&self, next_cursor: String) {
        self.0.update(|stack| stack.push(next_cursor));
    }

    pub fn pop(&self) {
        self.0.update(|stack| {
            stack.pop();
        });
    }

    pub fn reset(&self) {
        self.0.update(Vec::clear);
    }
}

impl Default for CursorStack {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Pager(
    cursors: CursorStack,
    /// The next page's cursor, when there is one (tracked).
    #[prop(into)]
    next: Signal<Option<String>>,
    /// True while a page is loading (tracked).
    #[prop(into)]
    busy: Signal<bool>,
    #[prop(into)] label: String,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=label>
            <button
                type="button"
                class="button"
                data-testid="page-previous"
                disabled=move || cursors.page_number() == 1 || busy.get()
                on:click=move |_| cursors.pop()
            >
                "Previous"
            </button>
            <span class="pager-page" data-testid="page-number">
                "Page "
                {move || cursors.page_number()}
            </span>
            <button
                type="button"
                class="button"
                data-testid="page-next"
                disabled=move || next.with(Option::is_none) || busy.get()
                on:click=move |_| {
                    if let Some(cursor) = next.get_untracked() {
                        cursors.push(cursor);
                    }
                }
            >
                "Next"
            </button>
        </nav>
    }
}
