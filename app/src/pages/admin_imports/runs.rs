//! A source's runs, newest first and twenty to a page, and the records of the run opened:
//! what became of each, the work item it made or found, and Retry for a failed one.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{ImportRecordView, ImportRunView, ImportSource, RecordOutcome};

use super::{
    run::run_summary,
    words::{
        outcome_item, outcome_key, outcome_reason, outcome_text, run_duration, state_key,
        state_text, trigger_text,
    },
};
use crate::{
    api::{self, ApiError},
    components::{
        pager::{CursorStack, Pager},
        status::{ErrorNotice, Loading, LocalTime, load_failed},
    },
    pages::contact_detail::work_item_href,
};

/// The runs of `source`; reloaded whenever `revision` changes (a Run now, a retry).
#[component]
pub fn RunsList(
    source: ImportSource,
    revision: RwSignal<u32>,
    /// A retry's run: shown as the source's last run.
    on_run: Callback<ImportRunView>,
) -> impl IntoView {
    let cursors = CursorStack::new();
    let runs = LocalResource::new(move || {
        revision.track();
        api::import_runs(source, cursors.current())
    });
    let next = Signal::derive(move || {
        runs.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let busy = Signal::derive(move || runs.get().is_none());
    let opened = RwSignal::new(None::<String>);
    let rows = move |items: Vec<ImportRunView>| {
        if items.is_empty() {
            return view! { <p class="muted" data-testid="runs-empty">"No runs yet."</p> }
                .into_any();
        }
        let rows = items
            .into_iter()
            .map(|run| {
                let id = run.id.clone();
                let toggle_id = id.clone();
                let is_open = Signal::derive(move || opened.with(|o| o.as_deref() == Some(id.as_str())));
                view! {
                    <tr data-testid="import-run" data-run=run.id.clone() data-state=state_key(&run.state)>
                        <td data-label="Started"><LocalTime ts=run.started_at/></td>
                        <td data-label="Trigger">{trigger_text(run.trigger)}</td>
                        <td data-label="State">{state_text(&run.state)}</td>
                        <td data-label="Took">{run_duration(&run).unwrap_or_else(|| "—".into())}</td>
                        <td data-label="Created" class="number">{run.counts.created}</td>
                        <td data-label="Failed" class="number">{run.counts.failed}</td>
                        <td class="row-actions">
                            <button
                                type="button"
                                class="button button-small"
                                data-testid="open-run"
                                aria-expanded=move || is_open.get().to_string()
                                on:click=move |_| {
                                    let id = toggle_id.clone();
                                    opened.update(|o| *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                                }
                            >
                                {move || if is_open.get() { "Hide records" } else { "Records" }}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="import-runs">
                    <thead>
                        <tr>
                            <th scope="col">"Started"</th>
                            <th scope="col">"Trigger"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Took"</th>
                            <th scope="col" class="number">"Created"</th>
                            <th scope="col" class="number">"Failed"</th>
                            <th scope="col"><span class="sr-only">"Records"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="import-runs">
            <Transition fallback=|| view! { <Loading label="Loading runs…"/> }>
                {move || runs.get().map(|result| match result {
                    Ok(page) => rows(page.items).into_any(),
                    Err(error) => load_failed(error, move || runs.refetch()),
                })}
            </Transition>
            <Pager cursors next busy label="Runs pages"/>
            {move || opened.get().map(|run_id| view! {
                <RunRecords source run_id on_run/>
            })}
        </div>
    }
}

/// What became of each record of one run.
#[component]
fn RunRecords(
    source: ImportSource,
    run_id: String,
    on_run: Callback<ImportRunView>,
) -> impl IntoView {
    let id = run_id.clone();
    let detail = LocalResource::new(move || api::import_run(source, id.clone()));
    let rows = move |records: Vec<ImportRecordView>| {
        if records.is_empty() {
            return view! { <p class="muted">"This run read no records."</p> }.into_any();
        }
        let rows = records
            .into_iter()
            .map(|record| view! { <RecordRow source record on_run/> })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="run-records">
                    <thead>
                        <tr>
                            <th scope="col">"Record"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Outcome"</th>
                            <th scope="col">"Work item"</th>
                            <th scope="col"><span class="sr-only">"Retry"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="run-records" data-testid="run-detail" aria-label="Records of the run">
            <h4>"Records of the run"</h4>
            <Transition fallback=|| view! { <Loading label="Loading the run's records…"/> }>
                {move || detail.get().map(|result| match result {
                    Ok(detail) => view! {
                        {run_summary(&detail.run, "run-detail-summary")}
                        {rows(detail.records)}
                    }
                    .into_any(),
                    Err(error) => load_failed(error, move || detail.refetch()),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RecordRow(
    source: ImportSource,
    record: ImportRecordView,
    on_run: Callback<ImportRunView>,
) -> impl IntoView {
    let retrying = RwSignal::new(false);
    let retried = RwSignal::new(None::<Result<ImportRunView, ApiError>>);
    let external_id = record.external_id.clone();
    let retry = move |_| {
        let external_id = external_id.clone();
        retrying.set(true);
        retried.set(None);
        spawn_local(async move {
            let answer = api::retry_import_record(source, external_id).await;
            if let Ok(run) = &answer {
                on_run.run(run.clone());
            }
            let _ = retried.try_set(Some(answer));
            let _ = retrying.try_set(false);
        });
    };
    let contact = match &record.outcome {
        RecordOutcome::Created { contact_id, .. } => Some(contact_id.clone()),
        RecordOutcome::Updated { contact_id, .. }
        | RecordOutcome::AlreadyImported { contact_id, .. } => contact_id.clone(),
        _ => None,
    };
    let item = outcome_item(&record.outcome).map(|number| match contact {
        Some(contact_id) => view! {
            <a href=work_item_href(&contact_id, number) data-testid="record-work-item">"#" {number}</a>
        }
        .into_any(),
        None => view! { <span data-testid="record-work-item">"#" {number}</span> }.into_any(),
    });
    let reason = outcome_reason(&record).map(|reason| {
        view! { <span class="muted small record-reason" data-testid="record-reason">{reason.to_string()}</span> }
    });
    // Managers see the log; only admins import anything again.
    let retry_button = (record.retryable && crate::state::use_session().is_admin()).then(|| {
        view! {
            <button
                type="button"
                class="button button-small"
                data-testid="retry-record"
                disabled=move || retrying.get()
                on:click=retry
            >
                {move || if retrying.get() { "Retrying…" } else { "Retry" }}
            </button>
        }
    });
    let result = move || {
        retried.get().map(|answer| match answer {
            Ok(run) => {
                let text = format!(
                    "Retried: {} created, {} failed.",
                    run.counts.created, run.counts.failed
                );
                view! { <p class="small" role="status" data-testid="retry-result">{text}</p> }
                    .into_any()
            }
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    };
    view! {
        <tr data-testid="run-record" data-outcome=outcome_key(&record.outcome)>
            <td data-label="Record"><code class="record-id">{record.external_id.clone()}</code></td>
            <td data-label="Email">{record.email.clone().unwrap_or_default()}</td>
            <td data-label="Outcome">
                // One block: on a phone the cell is a row of its label and this.
                <div>
                    <span data-testid="record-outcome">{outcome_text(&record.outcome)}</span>
                    {reason}
                </div>
            </td>
            <td data-label="Work item">{item}</td>
            <td class="row-actions">
                {retry_button}
                {result}
            </td>
        </tr>
    }
}
