//! Runs and records in words: how long a run took, what it counted, what became of a record.

use worklane_domain::{
    ImportRecordView, ImportRunView, ImportSourceView, RecordOutcome, RunCounts, RunState,
    RunTrigger,
};

/// "every 15 minutes (UTC)".
pub fn schedule_text(source: &ImportSourceView) -> String {
    if source.time_zone.is_empty() {
        source.schedule.clone()
    } else {
        format!("{} ({})", source.schedule, source.time_zone)
    }
}

/// A duration in milliseconds as people say it: "under a second", "12 s", "3 min 5 s".
pub fn duration_text(millis: i64) -> String {
    if millis < 1000 {
        return "under a second".into();
    }
    let seconds = millis / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (hours, minutes, seconds) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// How long a run took; none while it runs.
pub fn run_duration(run: &ImportRunView) -> Option<String> {
    run.finished_at
        .map(|end| duration_text(end.as_millisecond() - run.started_at.as_millisecond()))
}

pub fn trigger_text(trigger: RunTrigger) -> &'static str {
    match trigger {
        RunTrigger::Schedule => "on schedule",
        RunTrigger::RunNow => "Run now",
        RunTrigger::Retry => "retry",
        RunTrigger::Queue => "waiting records given out",
    }
}

pub fn state_text(state: &RunState) -> &'static str {
    match state {
        RunState::Running => "Running",
        RunState::Completed => "Completed",
        RunState::Failed { .. } => "Failed",
    }
}

pub fn state_key(state: &RunState) -> &'static str {
    match state {
        RunState::Running => "running",
        RunState::Completed => "completed",
        RunState::Failed { .. } => "failed",
    }
}

/// Each count with its label and its test id, in the order they are shown.
pub fn counts(counts: &RunCounts) -> [(&'static str, &'static str, u32); 9] {
    [
        ("Fetched", "run-count-fetched", counts.fetched),
        ("Created", "run-count-created", counts.created),
        (
            "Matched to existing contacts",
            "run-count-matched",
            counts.matched,
        ),
        ("New leads", "run-count-new-leads", counts.new_leads),
        (
            "Already imported",
            "run-count-already-imported",
            counts.already_imported,
        ),
        ("Updated", "run-count-updated", counts.updated),
        ("Skipped", "run-count-skipped", counts.skipped),
        ("Waiting for someone", "run-count-queued", counts.queued),
        ("Failed", "run-count-failed", counts.failed),
    ]
}

/// A record's outcome in words: "Created on a new lead", "Skipped"…
pub fn outcome_text(outcome: &RecordOutcome) -> &'static str {
    match outcome {
        RecordOutcome::Created { new_lead: true, .. } => "Created, on a new lead",
        RecordOutcome::Created { .. } => "Created, on an existing contact",
        RecordOutcome::Updated { .. } => "Updated",
        RecordOutcome::AlreadyImported { .. } => "Already imported",
        RecordOutcome::Skipped { .. } => "Skipped",
        RecordOutcome::Queued { .. } => "Waiting in the queue",
        RecordOutcome::Failed { .. } => "Failed",
    }
}

pub fn outcome_key(outcome: &RecordOutcome) -> &'static str {
    match outcome {
        RecordOutcome::Created { .. } => "created",
        RecordOutcome::Updated { .. } => "updated",
        RecordOutcome::AlreadyImported { .. } => "already_imported",
        RecordOutcome::Skipped { .. } => "skipped",
        RecordOutcome::Queued { .. } => "queued",
        RecordOutcome::Failed { .. } => "failed",
    }
}

/// Why a record was skipped or failed.
pub fn outcome_reason(record: &ImportRecordView) -> Option<&str> {
    match &record.outcome {
        RecordOutcome::Skipped { reason }
        | RecordOutcome::Queued { reason }
        | RecordOutcome::Failed { reason } => Some(reason),
        _ => None,
    }
}

/// The work item a record made or found.
pub fn outcome_item(outcome: &RecordOutcome) -> Option<u64> {
    match outcome {
        RecordOutcome::Created { work_item, .. }
        | RecordOutcome::Updated { work_item, .. }
        | RecordOutcome::AlreadyImported { work_item, .. } => Some(*work_item),
        _ => None,
    }
}

/// A cap as typed: empty is no cap; otherwise a whole number (the server checks its range).
pub fn parse_cap(text: &str) -> Result<Option<u32>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| "enter a whole number of open items, or leave it empty for no cap")
}

/// Quiet minutes as typed: empty is the default; otherwise a whole number.
pub fn parse_minutes(text: &str) -> Result<Option<u32>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| "enter a whole number of minutes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration_text(120), "under a second");
        assert_eq!(duration_text(12_400), "12 s");
        assert_eq!(duration_text(180_000), "3 min");
        assert_eq!(duration_text(185_000), "3 min 5 s");
        assert_eq!(duration_text(3_600_000), "1 h");
        assert_eq!(duration_text(3_725_000), "1 h 2 min");
    }

    #[test]
    fn a_run_reads_with_its_state_counts_and_duration() {
        let run: ImportRunView = json::from_str(
            r#"{"id": "r1", "source": "body-type-quiz", "trigger": "run_now",
                "started_at": "2026-03-04T09:15:00Z", "finished_at": "2026-03-04T09:15:03.500Z",
                "state": "completed",
                "counts": {"fetched": 10, "created": 8, "matched": 3, "new_leads": 5,
                           "already_imported": 2, "updated": 0, "skipped": 0, "failed": 0}}"#,
        )
        .unwrap();
        assert_eq!(run.state, RunState::Completed);
        assert_eq!(run_duration(&run).as_deref(), Some("3 s"));
        assert_eq!(trigger_text(run.trigger), "Run now");
        let shown = counts(&run.counts);
        assert_eq!(shown[1], ("Created", "run-count-created", 8));
        assert_eq!(shown[2].0, "Matched to existing contacts");

        let failed: ImportRunView = json::from_str(
            r#"{"id": "r2", "source": "abandoned-carts", "trigger": "schedule",
                "started_at": "2026-03-04T09:15:00Z", "state": "failed",
                "reason": "the shop answered 503", "counts": {"fetched": 0, "created": 0,
                "matched": 0, "new_leads": 0, "already_imported": 0, "updated": 0,
                "skipped": 0, "failed": 0}}"#,
        )
        .unwrap();
        assert_eq!(
            failed.state,
            RunState::Failed {
                reason: "the shop answered 503".into()
            }
        );
        assert_eq!(run_duration(&failed), None);
    }

    #[test]
    fn records_read_with_their_outcome_item_and_reason() {
        let created: ImportRecordView = json::from_str(
            r#"{"external_id": "q-1", "email": "ann@example.com", "outcome": "created",
                "work_item": 41, "contact_id": "c1", "new_lead": true}"#,
        )
        .unwrap();
        assert_eq!(outcome_text(&created.outcome), "Created, on a new lead");
        assert_eq!(outcome_item(&created.outcome), Some(41));
        assert!(!created.retryable);
        let failed: ImportRecordView = json::from_str(
            r#"{"external_id": "q-2", "outcome": "failed", "reason": "no email",
                "retryable": true}"#,
        )
        .unwrap();
        assert_eq!(outcome_reason(&failed), Some("no email"));
        assert_eq!(outcome_item(&failed.outcome), None);
        assert!(failed.retryable);
    }

    #[test]
    fn caps_and_minutes_are_whole_numbers_or_nothing() {
        assert_eq!(parse_cap(""), Ok(None));
        assert_eq!(parse_cap(" 25 "), Ok(Some(25)));
        assert!(parse_cap("ten").is_err());
        assert!(parse_cap("-1").is_err());
        assert_eq!(parse_minutes("30"), Ok(Some(30)));
    }
}
