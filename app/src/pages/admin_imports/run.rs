//! One run at a glance: when, how long, and what it counted (or why it failed).

use leptos::prelude::*;
use worklane_domain::{ImportRunView, RunState};

use super::words::{counts, run_duration, state_key, state_text, trigger_text};
use crate::components::status::LocalTime;

/// A run's state, start, duration and counts. `testid` names the block (e.g. the last run or
/// the Run now result).
pub fn run_summary(run: &ImportRunView, testid: &'static str) -> impl IntoView + use<> {
    let took = match run_duration(run) {
        Some(took) => format!(", took {took}"),
        None => String::new(),
    };
    let reason = match &run.state {
        RunState::Failed { reason } => Some(view! {
            <p class="run-reason" data-testid="run-reason"><strong>"Why: "</strong>{reason.clone()}</p>
        }),
        _ => None,
    };
    let chip = match run.state {
        RunState::Completed => "chip chip-ok",
        RunState::Failed { .. } => "chip chip-danger",
        RunState::Running => "chip chip-accent",
    };
    let counted = counts(&run.counts)
        .into_iter()
        .map(|(label, testid, n)| {
            view! {
                <div data-testid=testid>
                    <dt>{label}</dt>
                    <dd>{n}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="run-summary" data-testid=testid data-state=state_key(&run.state) data-run=run.id.clone()>
            <p class="run-when">
                <span class=chip data-testid="run-state">{state_text(&run.state)}</span>
                " "
                <LocalTime ts=run.started_at/>
                <span class="muted">{format!(" ({}){took}", trigger_text(run.trigger))}</span>
            </p>
            {reason}
            <dl class="run-counts">{counted}</dl>
        </div>
    }
}
