//! Worklane's scheduled jobs. Each is a library function returning a report, so tests call
//! it directly; the local server runs them in-process on their schedules, and on AWS each is
//! its own Lambda function started by EventBridge Scheduler. The schedules are declared once,
//! here ([`SCHEDULED`]): the local scheduler follows them, and a test holds
//! `infra/template.yaml` to them.

use serde::Serialize;
use worklane_core::imports::schedule::{Schedule, schedule_of};
use worklane_core::shop::NightlyReport;
use worklane_core::{CoreError, Worklane};
use worklane_domain::{ImportRunView, ImportSource, SyncCounts, Timestamp};

/// A scheduled job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Every minute: moves due reminders into their creators' Unread, and gives out imported
    /// records that waited for someone to receive them.
    Reminders,
    /// Imports one source's new records as work items.
    Import(ImportSource),
    /// Hourly: the shop's customers and orders changed since the last sync.
    ShopSync,
    /// Nightly at 02:00 New York time: the sync once more, then every order linked to a call
    /// whose window has closed is checked.
    OrderValidation,
}

impl Job {
    /// Every scheduled job.
    pub fn all() -> Vec<Job> {
        let mut jobs = vec![Job::Reminders];
        jobs.extend(ImportSource::ALL.into_iter().map(Job::Import));
        jobs.extend([Job::ShopSync, Job::OrderValidation]);
        jobs
    }

    /// When it runs.
    pub fn schedule(self) -> Schedule {
        match self {
            Job::Reminders => Schedule::Every { minutes: 1 },
            Job::Import(source) => schedule_of(source),
            Job::ShopSync => Schedule::Every { minutes: 60 },
            Job::OrderValidation => Schedule::DailyAt {
                hour: 2,
                minute: 0,
                zone: "America/New_York",
            },
        }
    }

    /// The SAM template's logical id of the function that runs it on AWS.
    pub fn function_id(self) -> &'static str {
        match self {
            Job::Reminders => "ReminderFunction",
            Job::Import(ImportSource::BodyTypeQuiz) => "ImportBodyTypeQuizFunction",
            Job::Import(ImportSource::HealthEvaluationQuiz) => "ImportHealthQuizFunction",
            Job::Import(ImportSource::FaqRequests) => "ImportFaqRequestsFunction",
            Job::Import(ImportSource::AbandonedCarts) => "ImportAbandonedCartsFunction",
            Job::ShopSync => "ShopSyncFunction",
            Job::OrderValidation => "OrderValidationFunction",
        }
    }

    /// The job's key, as a Lambda's `WORKLANE_JOB` names it: `reminders`, `import/<source>`,
    /// `shop-sync`, `order-validation`.
    pub fn key(self) -> String {
        match self {
            Job::Reminders => "reminders".into(),
            Job::Import(source) => format!("import/{}", source.key()),
            Job::ShopSync => "shop-sync".into(),
            Job::OrderValidation => "order-validation".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Job> {
        Job::all().into_iter().find(|job| job.key() == key)
    }

    /// A name for logs.
    pub fn name(self) -> String {
        match self {
            Job::Reminders => "reminders".into(),
            Job::Import(source) => format!("import {}", source.key()),
            Job::ShopSync => "shop sync".into(),
            Job::OrderValidation => "order validation".into(),
        }
    }
}

/// What a job did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum JobReport {
    /// Reminders delivered, and imported records that waited and were given out.
    Reminders {
        delivered: usize,
        given_out: u32,
    },
    /// `run` is none when the source is paused.
    Import {
        source: ImportSource,
        run: Option<ImportRunView>,
    },
    ShopSync {
        counts: SyncCounts,
    },
    OrderValidation {
        report: NightlyReport,
    },
}

/// Runs `job` once, now.
pub async fn run(app: &Worklane, job: Job) -> Result<JobReport, CoreError> {
    run_at(app, job, Timestamp::now()).await
}

/// Runs `job` once as if it were `now` (the order validation judges what is due by then).
pub async fn run_at(app: &Worklane, job: Job, now: Timestamp) -> Result<JobReport, CoreError> {
    match job {
        Job::ShopSync => Ok(JobReport::ShopSync {
            counts: app.shop().sync().await?,
        }),
        Job::OrderValidation => {
            let report = app.shop().nightly(now).await?;
            tracing::info!(?report, "order validation ran");
            Ok(JobReport::OrderValidation { report })
        }
        Job::Reminders => Ok(JobReport::Reminders {
            delivered: app
                .interactions()
                .deliver_due_reminders(Timestamp::now())
                .await?,
            given_out: app.imports().give_out_waiting().await?,
        }),
        Job::Import(source) => run_import(app, source).await,
    }
}

/// Imports `source`'s new records once, unless it is paused.
pub async fn run_import(app: &Worklane, source: ImportSource) -> Result<JobReport, CoreError> {
    let run = app.imports().run_scheduled(source).await?;
    if let Some(run) = &run {
        tracing::info!(
            source = source.key(),
            fetched = run.counts.fetched,
            created = run.counts.created,
            failed = run.counts.failed,
            "import ran"
        );
    }
    Ok(JobReport::Import { source, run })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_reads_back_from_its_key() {
        for job in Job::all() {
            assert_eq!(Job::parse(&job.key()), Some(job));
        }
        assert_eq!(Job::parse("import/nothing"), None);
    }

    #[test]
    fn the_order_validation_runs_at_two_in_new_york_whatever_the_offset() {
        let schedule = Job::OrderValidation.schedule();
        assert_eq!(schedule.expression(), "cron(0 2 * * ? *)");
        assert_eq!(schedule.time_zone(), "America/New_York");
        // The night after the fall-back Sunday's run: 02:00 EST is 07:00 UTC.
        let after_fall_back = schedule.next_after(None, "2026-11-01T07:00:01Z".parse().unwrap());
        assert_eq!(after_fall_back.to_string(), "2026-11-02T07:00:00Z");
        // Before the clocks go forward 02:00 is 07:00 UTC; after, 06:00 UTC.
        let before = schedule.next_after(None, "2026-03-07T00:00:00Z".parse().unwrap());
        assert_eq!(before.to_string(), "2026-03-07T07:00:00Z");
        let after = schedule.next_after(None, "2026-03-09T00:00:00Z".parse().unwrap());
        assert_eq!(after.to_string(), "2026-03-09T06:00:00Z");
    }

    #[test]
    fn every_job_has_its_own_function() {
        let mut ids: Vec<_> = Job::all().into_iter().map(Job::function_id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Job::all().len());
    }

    #[test]
    fn the_imports_run_on_the_schedules_the_seeds_give() {
        let words: Vec<String> = ImportSource::ALL
            .into_iter()
            .map(|s| Job::Import(s).schedule().words())
            .collect();
        assert_eq!(
            words,
            [
                "every 15 minutes",
                "every hour",
                "daily at 06:20",
                "every 30 minutes"
            ]
        );
    }
}
