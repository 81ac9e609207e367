//! A source's connection: its address, the Magento store code, how requests are authenticated
//! and, for Magento, how long a cart must stay untouched to count as abandoned. Secrets are
//! write-only: the form never holds the stored ones, and sends only what the admin typed.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{AuthMode, ConnectionEdit, FieldError, ImportSourceView, SourceSystem};

use super::{Input, words::parse_minutes};
use crate::{
    api::{self, ApiError},
    components::status::{FailureNotice, FieldMessage, OtherFieldErrors, field_message},
};

const STORED: &str = "stored — leave blank to keep";

fn auth_key(auth: AuthMode) -> &'static str {
    match auth {
        AuthMode::Bearer => "bearer",
        AuthMode::OAuth1 => "o_auth1",
    }
}

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "base_url"
            | "store_code"
            | "auth"
            | "token"
            | "consumer_key"
            | "consumer_secret"
            | "access_token"
            | "access_token_secret"
            | "quiet_minutes"
    )
}

/// What was typed into a secret's box, if anything.
fn typed(value: RwSignal<String>) -> Option<String> {
    let text = value.get_untracked();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[component]
pub fn ConnectionForm(source: RwSignal<ImportSourceView>) -> impl IntoView {
    let (key, magento, connection) = source.with_untracked(|s| {
        (
            s.source.key(),
            s.system == SourceSystem::Magento,
            s.connection.clone(),
        )
    });
    let id = move |field: &str| format!("{key}-{field}");
    let base_url = RwSignal::new(
        connection
            .as_ref()
            .map(|c| c.base_url.clone())
            .unwrap_or_default(),
    );
    let store_code = RwSignal::new(
        connection
            .as_ref()
            .and_then(|c| c.store_code.clone())
            .unwrap_or_default(),
    );
    let auth = RwSignal::new(connection.as_ref().map(|c| c.auth).unwrap_or_default());
    let quiet = RwSignal::new(
        connection
            .as_ref()
            .and_then(|c| c.quiet_minutes)
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let token = RwSignal::new(String::new());
    let consumer_key = RwSignal::new(String::new());
    let consumer_secret = RwSignal::new(String::new());
    let access_token = RwSignal::new(String::new());
    let access_token_secret = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    // The stored credentials are for the stored mode: the hint only fits while it is chosen.
    let stored = Signal::derive(move || {
        let kept = source.with(|s| {
            s.connection
                .as_ref()
                .filter(|c| c.credentials_set)
                .map(|c| c.auth)
        });
        if kept == Some(auth.get()) {
            STORED.to_string()
        } else {
            String::new()
        }
    });
    let credentials = move || {
        source.with(|s| {
            s.connection
                .as_ref()
                .map(|c| c.credentials_set)
                .unwrap_or(false)
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        notice.set(None);
        failure.set(None);
        errors.set(Vec::new());
        let quiet_minutes = if magento {
            match parse_minutes(&quiet.get_untracked()) {
                Ok(minutes) => minutes,
                Err(message) => {
                    errors.set(vec![FieldError {
                        field: "quiet_minutes".into(),
                        message: message.into(),
                    }]);
                    return;
                }
            }
        } else {
            None
        };
        let mode = auth.get_untracked();
        let oauth = mode == AuthMode::OAuth1;
        let edit = ConnectionEdit {
            base_url: base_url.get_untracked().trim().to_string(),
            store_code: magento.then(|| typed(store_code)).flatten(),
            auth: mode,
            token: (!oauth).then(|| typed(token)).flatten(),
            consumer_key: oauth.then(|| typed(consumer_key)).flatten(),
            consumer_secret: oauth.then(|| typed(consumer_secret)).flatten(),
            access_token: oauth.then(|| typed(access_token)).flatten(),
            access_token_secret: oauth.then(|| typed(access_token_secret)).flatten(),
            quiet_minutes,
        };
        saving.set(true);
        spawn_local(async move {
            match api::set_import_connection(source.get_untracked().source, edit).await {
                Ok(view) => {
                    for secret in [
                        token,
                        consumer_key,
                        consumer_secret,
                        access_token,
                        access_token_secret,
                    ] {
                        secret.set(String::new());
                    }
                    source.set(view);
                    notice.set(Some("Connection saved.".into()));
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    failure.set(Some(error));
                }
            }
            let _ = saving.try_set(false);
        });
    };

    let secret = move |field: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <Input
                id=id(field)
                label
                value
                message=field_message(errors, field)
                input_type="password"
                autocomplete="new-password"
                placeholder=stored
            />
        }
    };
    let auth_id = id("auth");
    let auth_error = format!("{auth_id}-error");
    view! {
        <form
            class="form connection-form"
            data-testid="connection-form"
            aria-label="Connection"
            on:submit=submit
            novalidate
        >
            <Input
                id=id("base-url")
                label=if magento { "Shop base URL" } else { "Feed base URL" }
                value=base_url
                message=field_message(errors, "base_url")
                input_type="url"
                hint=if magento {
                    "The shop's address before /rest, e.g. https://shop.example.com"
                } else {
                    "The website feed's root, e.g. https://www.example.com/feeds"
                }
            />
            {magento.then(|| view! {
                <Input
                    id=id("store-code")
                    label="Store code"
                    value=store_code
                    message=field_message(errors, "store_code")
                    hint="In /rest/<store code>/V1; leave empty for the default store."
                />
            })}
            <div class="field">
                <label for=auth_id.clone()>"Authentication"</label>
                <select
                    id=auth_id.clone()
                    data-testid="connection-auth"
                    aria-describedby=auth_error.clone()
                    on:change=move |ev| {
                        auth.set(if event_target_value(&ev) == "o_auth1" { AuthMode::OAuth1 } else { AuthMode::Bearer });
                    }
                >
                    {[(AuthMode::Bearer, "Bearer token"), (AuthMode::OAuth1, "OAuth 1.0a (HMAC-SHA256)")]
                        .into_iter()
                        .map(|(mode, text)| view! {
                            <option value=auth_key(mode) prop:selected=move || auth.get() == mode>{text}</option>
                        })
                        .collect_view()}
                </select>
                <FieldMessage id=auth_error message=field_message(errors, "auth")/>
            </div>
            {move || if auth.get() == AuthMode::Bearer {
                secret("token", "Token", token).into_any()
            } else {
                view! {
                    {secret("consumer_key", "Consumer key", consumer_key)}
                    {secret("consumer_secret", "Consumer secret", consumer_secret)}
                    {secret("access_token", "Access token", access_token)}
                    {secret("access_token_secret", "Access token secret", access_token_secret)}
                }
                .into_any()
            }}
            <p class="hint credentials-state" data-testid="credentials-state">
                {move || if credentials() {
                    "Credentials: stored. They are never shown; type new ones to replace them."
                } else {
                    "Credentials: none stored yet."
                }}
            </p>
            {magento.then(|| view! {
                <Input
                    id=id("quiet-minutes")
                    label="Quiet minutes"
                    value=quiet
                    message=field_message(errors, "quiet_minutes")
                    input_type="number"
                    hint="How long a cart must stay untouched to count as abandoned (default 60)."
                />
            })}
            <OtherFieldErrors errors known=known_field/>
            <FailureNotice failure/>
            {move || notice.get().map(|text| view! {
                <p class="alert alert-success" role="status" data-testid="connection-saved">{text}</p>
            })}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="save-connection"
                    disabled=move || saving.get()
                >
                    {move || if saving.get() { "Saving…" } else { "Save connection" }}
                </button>
            </div>
        </form>
    }
}
