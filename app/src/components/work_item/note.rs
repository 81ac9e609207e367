//! The work item note: a resizable text area that saves itself as the rep types.
//!
//! Each keystroke is kept in the tab's session storage at once, and sent after a pause. One
//! save is in flight at a time; text typed meanwhile goes in the next. A reload before the
//! save went out finds the text in storage and sends it, so no keystroke is lost.

use std::{cell::RefCell, rc::Rc};

use gloo_timers::callback::Timeout;
use leptos::{prelude::*, task::spawn_local};
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

/// What the server holds, what is typed, and the saving between them.
#[derive(Clone)]
struct Saver {
    number: u64,
    text: RwSignal<String>,
    server: RwSignal<String>,
    state: RwSignal<SaveState>,
    in_flight: RwSignal<bool>,
    timer: Rc<RefCell<Option<Timeout>>>,
}

impl Saver {
    fn schedule(&self, after_ms: u32) {
        let saver = self.clone();
        *self.timer.borrow_mut() = Some(Timeout::new(after_ms, move || saver.save()));
    }

    fn save(&self) {
        if self.in_flight.get_untracked() {
            // The running save schedules the next one when it ends.
            return;
        }
        let text = self.text.get_untracked();
        if text == self.server.get_untracked() {
            drop_draft(self.number);
            self.state.set(SaveState::Saved);
            return;
        }
        self.in_flight.set(true);
        self.state.set(SaveState::Saving);
        let saver = self.clone();
        spawn_local(async move {
            let result =
                api::save_work_item_note(saver.number, WorkItemNote { note: text.clone() }).await;
            saver.in_flight.set(false);
            match result {
                Ok(saved) => {
                    saver.server.set(saved.note);
                    if saver.text.get_untracked() == text {
                        drop_draft(saver.number);
                        saver.state.set(SaveState::Saved);
                    } else {
                        saver.save();
                    }
                }
                Err(error) if error.status() == Some(422) => {
                    // Retrying cannot help (the note is too long): say so and wait for typing.
                    saver.state.set(SaveState::Failed(error.message()));
                }
                Err(error) => {
                    saver.state.set(SaveState::Failed(error.message()));
                    saver.schedule(RETRY_AFTER_MS);
                }
            }
        });
    }
}

#[component]
fn NoteArea(number: u64, saved: String) -> impl IntoView {
    let draft = read_draft(number).filter(|d| *d != saved);
    let saver = Saver {
        number,
        text: RwSignal::new(draft.clone().unwrap_or_else(|| saved.clone())),
        server: RwSignal::new(saved),
        state: RwSignal::new(SaveState::Saved),
        in_flight: RwSignal::new(false),
        timer: Rc::default(),
    };
    if draft.is_some() {
        // Typed before a reload and not saved yet: send it now.
        saver.save();
    }
    let state = saver.state;
    let text = saver.text;
    let server = saver.server;
    // Leaving the item before the pause ended: send what was typed.
    on_cleanup(move || {
        let (Some(typed), Some(held)) = (text.try_get_untracked(), server.try_get_untracked())
        else {
            return;
        };
        if typed != held {
            spawn_local(async move {
                if api::save_work_item_note(number, WorkItemNote { note: typed })
                    .await
                    .is_ok()
                {
                    drop_draft(number);
                }
            });
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        keep_draft(number, &value);
        saver.text.set(value);
        saver.state.set(SaveState::Typing);
        saver.schedule(SAVE_AFTER_MS);
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
