//! A pop-up: the browser's own `<dialog>`, opened modal. The browser moves focus into it, keeps
//! the page behind it out of reach, closes it on Escape and gives focus back to what opened it;
//! a Close button closes it too. The dialog reports its closing however it happened.

use leptos::{html, prelude::*};

/// A modal dialog titled `title`, shown as soon as it is mounted. `on_close` runs once it has
/// closed (Escape, the Close button); the owner then removes it.
#[component]
pub fn Modal(
    /// The id of the heading, which names the dialog.
    title_id: &'static str,
    title: &'static str,
    testid: &'static str,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = node.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let close = move |_| {
        if let Some(dialog) = node.get_untracked() {
            dialog.close();
        }
    };
    // The stylesheet has no dialog yet: the frame of a card, narrow enough for a phone.
    view! {
        <dialog
            node_ref=node
            aria-labelledby=title_id
            data-testid=testid
            style:border="1px solid var(--border)"
            style:border-radius="var(--radius)"
            style:padding="18px"
            style:width="min(680px, calc(100% - 24px))"
            style:max-width="calc(100% - 24px)"
            style:box-shadow="0 12px 40px rgba(16, 24, 40, 0.25)"
            on:close=move |_| on_close.run(())
        >
            <div class="import-head">
                <h2 id=title_id>{title}</h2>
                <button type="button" class="button button-small push-right" data-testid="dialog-close" on:click=close>
                    "Close"
                </button>
            </div>
            {children()}
        </dialog>
    }
}
