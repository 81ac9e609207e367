//! Writing to a contact or recording what happened: an email, an SMS, a call log, a note or a
//! reminder, on the contact and, from a work item's Action tab, on that item.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{
    CallOutcome, ComposeEmail, ComposeSms, ContactId, Direction, FieldError, InteractionView,
    LogCall, NewNote, NewReminder,
};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{Choice, FormActions, SelectField, TextAreaField, TextField},
        status::{FailureNotice, OtherFieldErrors, field_message},
    },
    format,
    pages::contact_detail::ShownContact,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeKind {
    Email,
    Sms,
    Call,
    Note,
    Reminder,
}

impl ComposeKind {
    pub const ALL: [ComposeKind; 5] = [
        ComposeKind::Email,
        ComposeKind::Sms,
        ComposeKind::Call,
        ComposeKind::Note,
        ComposeKind::Reminder,
    ];

    /// The button that opens the form.
    pub fn action(self) -> &'static str {
        match self {
            ComposeKind::Email => "Email",
            ComposeKind::Sms => "SMS",
            ComposeKind::Call => "Log call",
            ComposeKind::Note => "Note",
            ComposeKind::Reminder => "Reminder",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ComposeKind::Email => "New email",
            ComposeKind::Sms => "New SMS",
            ComposeKind::Call => "Log a call",
            ComposeKind::Note => "Add a note",
            ComposeKind::Reminder => "Set a reminder",
        }
    }

    pub fn testid(self) -> &'static str {
        match self {
            ComposeKind::Email => "compose-email",
            ComposeKind::Sms => "compose-sms",
            ComposeKind::Call => "compose-call",
            ComposeKind::Note => "compose-note",
            ComposeKind::Reminder => "compose-reminder",
        }
    }
}

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "to" | "subject"
            | "body"
            | "duration_seconds"
            | "note"
            | "recording_url"
            | "order_id"
            | "remind_at"
    )
}

fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// "4", "4:30" or "0:45" as seconds.
fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    match text.split_once(':') {
        Some((m, s)) => {
            let (m, s): (u32, u32) = (m.trim().parse().ok()?, s.trim().parse().ok()?);
            (s < 60).then(|| m.checked_mul(60)?.checked_add(s))?
        }
        None => text.parse::<u32>().ok()?.checked_mul(60),
    }
}

fn single(field: &str, message: &str) -> Vec<FieldError> {
    vec![FieldError {
        field: field.into(),
        message: message.into(),
    }]
}

/// What the form holds; one set of fields serves every kind.
#[derive(Clone, Copy)]
struct Draft {
    to: RwSignal<String>,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    direction: RwSignal<String>,
    outcome: RwSignal<String>,
    duration: RwSignal<String>,
    recording: RwSignal<String>,
    order_id: RwSignal<String>,
    remind_at: RwSignal<String>,
}

async fn submit_draft(
    kind: ComposeKind,
    contact: ContactId,
    work_item: Option<u64>,
    draft: Draft,
) -> Result<InteractionView, ApiError> {
    let body = draft.body.get_untracked();
    match kind {
        ComposeKind::Email => {
            let email = ComposeEmail {
                to: optional(draft.to.get_untracked()),
                subject: draft.subject.get_untracked(),
                body,
                work_item,
            };
            api::send_email(contact, email).await
        }
        ComposeKind::Sms => {
            let sms = ComposeSms {
                to: optional(draft.to.get_untracked()),
                body,
                work_item,
            };
            api::send_sms(contact, sms).await
        }
        ComposeKind::Call => {
            let direction = if draft.direction.get_untracked() == "Inbound" {
                Direction::Inbound
            } else {
                Direction::Outbound
            };
            let outcome = match draft.outcome.get_untracked().as_str() {
                "Missed" => CallOutcome::Missed,
                "Voicemail" => CallOutcome::Voicemail,
                _ => CallOutcome::Answered,
            };
            let call = LogCall {
                direction,
                outcome,
                duration_seconds: parse_duration(&draft.duration.get_untracked()).unwrap_or(0),
                note: body,
                recording_url: optional(draft.recording.get_untracked()),
                work_item,
                order_id: optional(draft.order_id.get_untracked()),
                started_at: None,
            };
            api::log_call(contact, call).await
        }
        ComposeKind::Note => api::add_note(contact, NewNote { body, work_item }).await,
        ComposeKind::Reminder => {
            // Checked before sending: an empty or unreadable time never gets here.
            let remind_at = format::parse_local_input(&draft.remind_at.get_untracked())
                .unwrap_or_else(worklane_domain::Timestamp::now);
            let reminder = NewReminder {
                remind_at,
                body,
                work_item,
            };
            api::add_reminder(contact, reminder).await
        }
    }
}

#[component]
pub fn ComposeForm(
    contact: ContactId,
    work_item: Option<u64>,
    kind: ComposeKind,
    /// A recipient chosen elsewhere (an address clicked on the Reference tab).
    #[prop(default = None)]
    to: Option<String>,
    on_sent: Callback<InteractionView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    // Who it goes to, in full view: the address chosen, else the contact's primary email or
    // first phone number (what the server would use anyway).
    let shown = use_context::<ShownContact>()
        .and_then(|ShownContact(c)| c.get_untracked())
        .and_then(Result::ok);
    let default_to = shown.and_then(|c| match kind {
        ComposeKind::Email => c.emails.first().map(ToString::to_string),
        ComposeKind::Sms => c.phones.first().map(ToString::to_string),
        _ => None,
    });
    let draft = Draft {
        to: RwSignal::new(to.or(default_to).unwrap_or_default()),
        subject: RwSignal::new(String::new()),
        body: RwSignal::new(String::new()),
        direction: RwSignal::new("Outbound".into()),
        outcome: RwSignal::new("Answered".into()),
        duration: RwSignal::new(String::new()),
        recording: RwSignal::new(String::new()),
        order_id: RwSignal::new(String::new()),
        remind_at: RwSignal::new(String::new()),
    };
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        if kind == ComposeKind::Call && parse_duration(&draft.duration.get_untracked()).is_none() {
            errors.set(single(
                "duration_seconds",
                "give the duration as minutes, e.g. 4 or 4:30",
            ));
            return;
        }
        if kind == ComposeKind::Reminder
            && format::parse_local_input(&draft.remind_at.get_untracked()).is_none()
        {
            errors.set(single(
                "remind_at",
                "choose the date and time to be reminded",
            ));
            return;
        }
        saving.set(true);
        errors.set(Vec::new());
        failure.set(None);
        let contact = contact.clone();
        spawn_local(async move {
            match submit_draft(kind, contact, work_item, draft).await {
                Ok(done) => on_sent.run(done),
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            saving.set(false);
        });
    };

    let choices = |values: &[&str]| -> Vec<Choice> {
        values
            .iter()
            .map(|v| (v.to_string(), v.to_string()))
            .collect()
    };
    let fields = match kind {
        ComposeKind::Email => view! {
            <TextField id="compose-to" label="To" name="to" value=draft.to message=field_message(errors, "to")
                input_type="email"/>
            <TextField id="compose-subject" label="Subject" name="subject" value=draft.subject message=field_message(errors, "subject")/>
            <TextAreaField id="compose-body" label="Message" name="body" value=draft.body message=field_message(errors, "body") rows=6/>
        }
        .into_any(),
        ComposeKind::Sms => view! {
            <TextField id="compose-to" label="To" name="to" value=draft.to message=field_message(errors, "to")
                input_type="tel"/>
            <TextAreaField id="compose-body" label="Message" name="body" value=draft.body message=field_message(errors, "body")/>
        }
        .into_any(),
        ComposeKind::Call => view! {
            <SelectField id="compose-direction" label="Direction" choices=choices(&["Outbound", "Inbound"])
                selected=draft.direction on_change=Callback::new(move |v| draft.direction.set(v))/>
            <SelectField id="compose-outcome" label="Outcome" choices=choices(&["Answered", "Missed", "Voicemail"])
                selected=draft.outcome on_change=Callback::new(move |v| draft.outcome.set(v))/>
            <TextField id="compose-duration" label="Duration (minutes)" name="duration_seconds" value=draft.duration
                message=field_message(errors, "duration_seconds") hint=Some("e.g. 4 or 4:30")/>
            <TextAreaField id="compose-body" label="Notes" name="note" value=draft.body message=field_message(errors, "note")/>
            <TextField id="compose-recording" label="Recording link (optional)" name="recording_url" value=draft.recording
                message=field_message(errors, "recording_url") input_type="url"/>
            <TextField id="compose-order-id" label="Order Id (optional)" name="order_id" value=draft.order_id
                message=field_message(errors, "order_id") placeholder="Enter Order Id"
                hint=Some("The shop order this call produced; it is checked overnight.")/>
        }
        .into_any(),
        ComposeKind::Note => view! {
            <TextAreaField id="compose-body" label="Note" name="body" value=draft.body message=field_message(errors, "body") rows=4/>
        }
        .into_any(),
        ComposeKind::Reminder => view! {
            <TextField id="compose-remind-at" label="Remind me at" name="remind_at" value=draft.remind_at
                input_type="datetime-local" message=field_message(errors, "remind_at")/>
            <TextAreaField id="compose-body" label="What about" name="body" value=draft.body message=field_message(errors, "body")/>
        }
        .into_any(),
    };
    let send_label = match kind {
        ComposeKind::Email | ComposeKind::Sms => "Send",
        _ => "Save",
    };

    view! {
        <form class="card inline-form" data-testid="compose-form" on:submit=submit novalidate>
            <h3>{kind.title()}</h3>
            <FailureNotice failure/>
            {fields}
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="compose-submit" label=send_label busy="Saving…" saving on_cancel/>
        </form>
    }
}

/// The row of buttons that open the compose forms.
#[component]
pub fn ComposeBar(chosen: RwSignal<Option<ComposeKind>>) -> impl IntoView {
    view! {
        <div class="actions compose-bar" role="group" aria-label="Record or send">
            {ComposeKind::ALL
                .into_iter()
                .map(|kind| {
                    view! {
                        <button
                            type="button"
                            class="button button-small"
                            data-testid=kind.testid()
                            aria-pressed=move || (chosen.get() == Some(kind)).to_string()
                            on:click=move |_| {
                                // Pressing the open form's button again keeps what is typed.
                                if chosen.get_untracked() != Some(kind) {
                                    chosen.set(Some(kind));
                                }
                            }
                        >
                            {kind.action()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_are_read_as_minutes_or_minutes_and_seconds() {
        assert_eq!(parse_duration(""), Some(0));
        assert_eq!(parse_duration("4"), Some(240));
        assert_eq!(parse_duration("4:30"), Some(270));
        assert_eq!(parse_duration("0:45"), Some(45));
        assert_eq!(parse_duration("4:75"), None);
        assert_eq!(parse_duration("four"), None);
    }
}
