//! The import log: each run of a source (newest first, a page at a time) and the records it
//! handled, each with its outcome. Written as the run goes, so a run that stops half-way
//! still shows what it did.

use worklane_domain::{
    ImportRecordView, ImportRunDetail, ImportRunView, ImportSource, Page, RecordOutcome, RunCounts,
    RunState, RunTrigger, Timestamp,
};
use worklane_store::{Condition, Cursor, Item, ItemStore, Query};

use crate::{CoreError, keys};

/// Runs listed per page.
const RUNS_PER_PAGE: usize = 20;
/// The most records a run's page shows (a run handles at most 50).
const RECORDS_PER_RUN: usize = 200;

pub(crate) struct RunLog<'a> {
    store: &'a dyn ItemStore,
    pub run: ImportRunView,
    records: usize,
}

impl<'a> RunLog<'a> {
    /// Logs the start of a run.
    pub async fn start(
        store: &'a dyn ItemStore,
        source: ImportSource,
        trigger: RunTrigger,
    ) -> Result<RunLog<'a>, CoreError> {
        let started_at = Timestamp::now();
        let id = format!(
            "{:020}-{}",
            started_at.as_nanosecond().max(0),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let log = RunLog {
            store,
            run: ImportRunView {
                id,
                source,
                trigger,
                started_at,
                finished_at: None,
                state: RunState::Running,
                counts: RunCounts::default(),
            },
            records: 0,
        };
        log.save_run().await?;
        Ok(log)
    }

    async fn save_run(&self) -> Result<(), CoreError> {
        let item = Item::new(
            keys::import_runs(self.run.source),
            keys::import_run(&self.run.id),
            &self.run,
        )?;
        self.store.put(item, Condition::Always).await?;
        Ok(())
    }

    /// Logs one record's outcome and counts it.
    pub async fn record(&mut self, record: ImportRecordView) -> Result<(), CoreError> {
        let counts = &mut self.run.counts;
        match &record.outcome {
            RecordOutcome::Created { new_lead, .. } => {
                counts.created += 1;
                if *new_lead {
                    counts.new_leads += 1;
                } else {
                    counts.matched += 1;
                }
            }
            RecordOutcome::Updated { .. } => counts.updated += 1,
            RecordOutcome::AlreadyImported { .. } => counts.already_imported += 1,
            RecordOutcome::Skipped { .. } => counts.skipped += 1,
            RecordOutcome::Queued { .. } => counts.queued += 1,
            RecordOutcome::Failed { .. } => counts.failed += 1,
        }
        self.records += 1;
        let item = Item::new(
            keys::import_run_records(self.run.source, &self.run.id),
            keys::import_run_record(self.records),
            &record,
        )?;
        self.store.put(item, Condition::Always).await?;
        Ok(())
    }

    /// Logs how the run ended.
    pub async fn finish(mut self, state: RunState) -> Result<ImportRunView, CoreError> {
        self.run.state = state;
        self.run.finished_at = Some(Timestamp::now());
        self.save_run().await?;
        Ok(self.run)
    }
}

/// A source's runs, newest first.
pub(crate) async fn runs(
    store: &dyn ItemStore,
    source: ImportSource,
    cursor: Option<String>,
) -> Result<Page<ImportRunView>, CoreError> {
    let page = store
        .query(
            Query::partition(keys::import_runs(source))
                .newest_first()
                .limit(RUNS_PER_PAGE)
                .after(cursor.map(Cursor::from_client)),
        )
        .await?;
    Ok(Page {
        items: page
            .items
            .iter()
            .map(|i| i.decode())
            .collect::<Result<_, _>>()?,
        next_cursor: page.next.map(String::from),
    })
}

/// A source's last run, if it ever ran.
pub(crate) async fn last_run(
    store: &dyn ItemStore,
    source: ImportSource,
) -> Result<Option<ImportRunView>, CoreError> {
    let page = store
        .query(
            Query::partition(keys::import_runs(source))
                .newest_first()
                .limit(1),
        )
        .await?;
    Ok(page.items.first().map(|i| i.decode()).transpose()?)
}

/// One run with its records.
pub(crate) async fn detail(
    store: &dyn ItemStore,
    source: ImportSource,
    run_id: &str,
) -> Result<ImportRunDetail, CoreError> {
    let run = store
        .get(&keys::import_runs(source), &keys::import_run(run_id))
        .await?
        .ok_or(CoreError::NotFound("import run"))?
        .decode()?;
    let page = store
        .query(Query::partition(keys::import_run_records(source, run_id)).limit(RECORDS_PER_RUN))
        .await?;
    Ok(ImportRunDetail {
        run,
        records: page
            .items
            .iter()
            .map(|i| i.decode())
            .collect::<Result<_, _>>()?,
    })
}
