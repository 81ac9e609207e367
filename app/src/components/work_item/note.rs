//! The work item note: a resizable text area that saves itself as the rep types.
//!
//! Each keystroke is kept in the tab's session storage at once, and sent after a pause. One
//! save is in flight at a time; text typed meanwhile goes in the next. A reload before the
//! save went out finds the text in storage and sends it, so no keystroke is lost.

use std::{cell::RefCell, rc::Rc};

use gloo_timers::callback::Timeout;
use leptos::{prelude::*, task::spawn_local};
use send_wrapper::SendWrapper;
use worklane_domain::WorkItemNote;

use crate::{
    api,
    components::status::{Loading, load_failed},
};

const SAVE_AFTER_MS: u32 = 600;
const RETRY_AFTER_MS: u32 = 3000;

#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    Saved,
    Typing,
    Saving,
    Failed(String),
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn draft_key(number: u64) -> String {
    format!("worklane.note.{number}")
}

fn read_draft(number: u64) -> Option<String> {
    storage()?.get_item(&draft_key(number)).ok()?
}

fn keep_draft(number: u64, text: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&draft_key(number), text);
    }
}

fn drop_draft(number: u64) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&draft_key(number));
    }
}

#[component]
pub fn NoteEditor(number: u64) -> impl IntoView {
    let note = LocalResource::new(move || api::work_item_note(number));
    view! {
        <Transition fallback=|| view! { <Loading label="Loading note…"/> }>
            {move || {
                note.get().map(|result| match result {
                    Ok(saved) => view! { <NoteArea number saved=saved.note/> }.into_any(),
                    Err(error) => load_failed(error, move || note.refetch()),
                })
            }}
        </Transition>
    }
}

/// What is typed, what the server holds, and the save between them. Plain shared state, not
/// signals: a save that ends after the rep left the item must still finish its work.
struct Shared {
    number: u64,
    typed: String,
    held: String,
    in_flight: bool,
    /// False once the editor is gone: then a failed save leaves the text in session storage
    /// for the next visit instead of retrying in the background.
    mounted: bool,
    timer: Option<Timeout>,
}

#[derive(Clone)]
struct Saver {
    shared: Rc<RefCell<Shared>>,
    /// What the rep sees; gone (and ignored) once the editor is unmounted.
    state: RwSignal<SaveState>,
}

impl Saver {
    fn show(&self, state: SaveState) {
        // Once the editor is being taken down its signals must not be touched at all: a set
        // would wake views that are already disposed.
        if self.shared.borrow().mounted {
            let _ = self.state.try_set(state);
        }
    }

    fn schedule(&self, after_ms: u32) {
        let saver = self.clone();
        // Replacing the timer cancels the pending one. (A timer's own callback never drops it.)
        self.shared.borrow_mut().timer = Some(Timeout::new(after_ms, move || saver.save()));
    }

    fn typed(&self, text: String) {
        keep_draft(self.shared.borrow().number, &text);
        self.shared.borrow_mut().typed = text;
        self.show(SaveState::Typing);
        self.schedule(SAVE_AFTER_MS);
    }

    /// Sends what is typed, unless a save is running: that one sends again when it ends.
    fn save(&self) {
        let (number, text) = {
            let mut shared = self.shared.borrow_mut();
            if shared.in_flight {
                return;
            }
            if shared.typed == shared.held {
                drop_draft(shared.number);
                drop(shared);
                self.show(SaveState::Saved);
                return;
            }
            shared.in_flight = true;
            (shared.number, shared.typed.clone())
        };
        self.show(SaveState::Saving);
        let saver = self.clone();
        spawn_local(async move {
            let result =
                api::save_work_item_note(number, WorkItemNote { note: text.clone() }).await;
            let (typed_since, mounted) = {
                let mut shared = saver.shared.borrow_mut();
                shared.in_flight = false;
                if let Ok(saved) = &result {
                    shared.held = saved.note.clone();
                }
                (shared.typed != text, shared.mounted)
            };
            match result {
                Ok(_) if typed_since => saver.save(),
                Ok(_) => {
                    drop_draft(number);
                    saver.show(SaveState::Saved);
                }
                Err(error) if error.status() == Some(422) => {
                    // Retrying cannot help (the note is too long): say so and wait for typing.
                    saver.show(SaveState::Failed(error.message()));
                }
                Err(error) => {
                    saver.show(SaveState::Failed(error.message()));
                    if mounted {
                        saver.schedule(RETRY_AFTER_MS);
                    }
                }
            }
        });
    }

    /// The rep left the item: cancel the pause and send what was typed now.
    fn flush(&self) {
        let timer = {
            let mut shared = self.shared.borrow_mut();
            shared.mounted = false;
            shared.timer.take()
        };
        drop(timer);
        self.save();
    }
}

#[component]
fn NoteArea(number: u64, saved: String) -> impl IntoView {
    let draft = read_draft(number).filter(|d| *d != saved);
    let text = RwSignal::new(draft.clone().unwrap_or_else(|| saved.clone()));
    let saver = Saver {
        shared: Rc::new(RefCell::new(Shared {
            number,
            typed: text.get_untracked(),
            held: saved,
            in_flight: false,
            mounted: true,
            timer: None,
        })),
        state: RwSignal::new(SaveState::Saved),
    };
    if draft.is_some() {
        // Typed before a reload and not saved yet: send it now.
        saver.save();
    }
    let state = saver.state;
    let leaving = SendWrapper::new(saver.clone());
    on_cleanup(move || leaving.flush());
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        saver.typed(value);
    };
    let status = move || match state.get() {
        SaveState::Saved => ("note-state", "Saved".to_string()),
        SaveState::Typing => ("note-state", "Unsaved changes…".to_string()),
        SaveState::Saving => ("note-state", "Saving…".to_string()),
        SaveState::Failed(why) => ("note-state note-failed", format!("Not saved: {why}")),
    };
    view! {
        <div class="field note">
            <label for="work-item-note">"Work item note"</label>
            <textarea
                id="work-item-note"
                class="note-text"
                data-testid="work-item-note"
                rows="6"
                maxlength=WorkItemNote::MAX_CHARS
                aria-describedby="work-item-note-state"
                prop:value=move || text.get()
                on:input=on_input
            ></textarea>
            <p
                id="work-item-note-state"
                class=move || status().0
                role="status"
                aria-live="polite"
                data-testid="note-state"
                data-state=move || match state.get() {
                    SaveState::Saved => "saved",
                    SaveState::Typing => "typing",
                    SaveState::Saving => "saving",
                    SaveState::Failed(_) => "failed",
                }
            >
                {move || status().1}
            </p>
        </div>
    }
}
