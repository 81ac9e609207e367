//! One import source: its schedule, next and last run, Pause/Resume and Run now, its
//! connection and its runs.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ImportRunView, ImportSourceView, RunState};

use super::{
    connection::ConnectionForm,
    run::run_summary,
    runs::RunsList,
    words::{schedule_text, state_key},
};
use crate::{
    api::{self, ApiError},
    components::status::{ErrorNotice, LocalTime},
    state::use_session,
};

/// A button that shows or hides a part of the card, with the part's id.
fn toggle(
    open: RwSignal<bool>,
    controls: String,
    testid: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button button-small"
            data-testid=testid
            aria-expanded=move || open.get().to_string()
            aria-controls=controls
            on:click=move |_| open.update(|o| *o = !*o)
        >
            <span aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
            {label}
        </button>
    }
}

#[component]
pub fn SourceCard(source: ImportSourceView) -> impl IntoView {
    let session = use_session();
    let which = source.source;
    let key = which.key();
    let source = RwSignal::new(source);
    let running = RwSignal::new(false);
    let ran = RwSignal::new(None::<Result<ImportRunView, ApiError>>);
    let pausing = RwSignal::new(false);
    let pause_failed = RwSignal::new(None::<ApiError>);
    let revision = RwSignal::new(0_u32);
    let show_connection = RwSignal::new(false);
    let show_runs = RwSignal::new(false);

    // A run this page started (Run now, a retry): the source's last run now, and the runs
    // list shows it.
    let on_run = Callback::new(move |run: ImportRunView| {
        source.update(|s| s.last_run = Some(run));
        revision.update(|n| *n += 1);
    });
    let run_now = move |_| {
        running.set(true);
        ran.set(None);
        spawn_local(async move {
            let answer = api::run_import(which).await;
            if let Ok(run) = &answer {
                on_run.run(run.clone());
            }
            let _ = ran.try_set(Some(answer));
            let _ = running.try_set(false);
        });
    };
    let pause = move |_| {
        let paused = !source.with_untracked(|s| s.paused);
        pausing.set(true);
        pause_failed.set(None);
        spawn_local(async move {
            match api::set_import_paused(which, paused).await {
                Ok(view) => {
                    let _ = source.try_set(view);
                }
                Err(error) => {
                    let _ = pause_failed.try_set(Some(error));
                }
            }
            let _ = pausing.try_set(false);
        });
    };

    let type_name = move || session.with_catalog(|c| c.type_name(which.type_key()));
    let paused = move || source.with(|s| s.paused);
    let next_run = move || match source.with(|s| s.next_run_at) {
        Some(ts) => view! { <LocalTime ts/> }.into_any(),
        None if paused() => "— (paused)".into_any(),
        None => "—".into_any(),
    };
    let last_run = move || match source.with(|s| s.last_run.clone()) {
        Some(run) => run_summary(&run, "import-last-run").into_any(),
        None => {
            view! { <p class="muted" data-testid="import-last-run">"Not run yet."</p> }.into_any()
        }
    };
    let result = move || {
        ran.get().map(|answer| match answer {
            Ok(run) => {
                let class = match run.state {
                    RunState::Failed { .. } => "alert alert-error",
                    _ => "alert alert-success",
                };
                view! {
                    <div class=class role="status" data-testid="import-run-result" data-state=state_key(&run.state)>
                        <strong>"Run now: "</strong>
                        {run_summary(&run, "import-run-now-summary")}
                    </div>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    };
    let connection_line = move || {
        source.with(|s| match &s.connection {
            Some(c) => format!(
                "{} · {}{}",
                c.base_url,
                match c.auth {
                    worklane_domain::AuthMode::Bearer => "Bearer token",
                    worklane_domain::AuthMode::OAuth1 => "OAuth 1.0a",
                },
                if c.credentials_set {
                    " · credentials stored"
                } else {
                    " · no credentials"
                }
            ),
            None => "Not connected yet.".to_string(),
        })
    };
    let title_id = format!("import-{key}-title");
    let labelled_by = title_id.clone();
    let connection_id = format!("import-{key}-connection");
    let runs_id = format!("import-{key}-runs");

    // Managers see where a source reads from; only admins change it.
    let connection_part = move || {
        session.is_admin().then(|| {
            let id = connection_id.clone();
            view! {
                {toggle(show_connection, id.clone(), "toggle-connection", "Connection")}
                <Show when=move || show_connection.get()>
                    <div id=id.clone() class="import-panel">
                        <ConnectionForm source/>
                    </div>
                </Show>
            }
        })
    };
    view! {
        <article class="card import-source" data-testid="import-source" data-source=key aria-labelledby=labelled_by>
            <header class="import-head">
                <h2 id=title_id>{move || source.with(|s| s.label.clone())}</h2>
                <span
                    class=move || if paused() { "chip chip-danger" } else { "chip chip-ok" }
                    data-testid="import-paused"
                    data-paused=move || paused().to_string()
                >
                    {move || if paused() { "Paused" } else { "Active" }}
                </span>
            </header>
            <dl class="facts facts-grid">
                <div>
                    <dt>"Schedule"</dt>
                    <dd data-testid="import-schedule">{move || source.with(schedule_text)}</dd>
                </div>
                <div>
                    <dt>"Next run"</dt>
                    <dd data-testid="import-next-run">{next_run}</dd>
                </div>
                <div>
                    <dt>"Makes"</dt>
                    <dd>{type_name} " work items"</dd>
                </div>
                <div>
                    <dt>"Waiting for someone"</dt>
                    <dd data-testid="import-waiting">
                        {move || match source.with(|s| s.waiting) {
                            0 => "none".to_string(),
                            n => format!("{n} (given out, oldest first, as soon as someone can receive them)"),
                        }}
                    </dd>
                </div>
            </dl>
            // Managers see the imports; only admins run, pause or connect them.
            <Show when=move || session.is_admin()>
            <div class="actions">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="import-run-now"
                    disabled=move || running.get()
                    on:click=run_now
                >
                    {move || if running.get() { "Running…" } else { "Run now" }}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="import-pause"
                    disabled=move || pausing.get()
                    on:click=pause
                >
                    {move || if paused() { "Resume" } else { "Pause" }}
                </button>
            </div>
            </Show>
            {move || pause_failed.get().map(|error| view! { <ErrorNotice error/> })}
            {result}
            <h3>"Last run"</h3>
            {last_run}
            <div class="import-part">
                <p class="small muted import-connection-line" data-testid="connection-line">{connection_line}</p>
                {connection_part}
            </div>
            <div class="import-part">
                {toggle(show_runs, runs_id.clone(), "toggle-runs", "Runs")}
                <Show when=move || show_runs.get()>
                    <div id=runs_id.clone() class="import-panel">
                        <RunsList source=which revision on_run/>
                    </div>
                </Show>
            </div>
        </article>
    }
}
