//! The local server's scheduler: the jobs EventBridge runs on AWS, run in-process.

use std::time::Duration;

use worklane_core::Worklane;
use worklane_domain::Timestamp;

/// Moves due reminders into their creators' Unread, and gives out imported records that
/// waited for someone to receive them, every `period`, for as long as the process runs; a
/// failed run is logged and the next one tries again.
pub fn deliver_reminders_every(app: Worklane, period: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            // The job the every-minute Lambda runs on AWS.
            match worklane_jobs::run(&app, worklane_jobs::Job::Reminders).await {
                Ok(worklane_jobs::JobReport::Reminders {
                    delivered: 0,
                    given_out: 0,
                }) => {}
                Ok(report) => tracing::info!(
                    ?report,
                    "reminders fell due or waiting records were given out"
                ),
                Err(error) => tracing::warn!(%error, "the every-minute job failed"),
            }
        }
    });
}

/// Gives stored contacts their scope entries and stored work orders their list entries
/// once, then resumes the re-index after an
/// organisation change every `period`, should the process that started it have stopped
/// half-way (the save itself runs it to the end in the background).
pub fn resume_reindex_every(app: Worklane, period: Duration) {
    tokio::spawn(async move {
        // Contacts stored before they had scope entries get them, once per data folder.
        match app.organisation().reindex().migrate_stored_contacts().await {
            Ok(0) => {}
            Ok(contacts) => tracing::info!(contacts, "stored contacts were given their scopes"),
            Err(error) => tracing::warn!(%error, "stored contacts were not given their scopes"),
        }
        // Work orders stored before the Work Orders list existed join its lists, once.
        match app
            .organisation()
            .reindex()
            .migrate_work_order_lists()
            .await
        {
            Ok(0) => {}
            Ok(items) => tracing::info!(items, "stored work orders joined the Work Orders lists"),
            Err(error) => tracing::warn!(%error, "stored work orders did not join their lists"),
        }
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let reindex = app.organisation();
            let reindex = reindex.reindex();
            match reindex.step(100).await {
                Ok(None) => {}
                Ok(Some(progress)) => {
                    tracing::info!(records = progress.records_done, "re-index resumed")
                }
                Err(error) => tracing::warn!(%error, "the re-index did not resume"),
            }
        }
    });
}

/// Runs each import, the shop sync and the nightly order validation on their declared
/// schedules for as long as the process runs: a rate from the moment the server started, a
/// daily time at that time in its zone. A failed run is logged (and, when an import source
/// failed, in the import log); the next one tries again.
pub fn run_scheduled_jobs(app: Worklane) {
    use worklane_core::imports::schedule::Schedule;
    use worklane_jobs::Job;
    for job in Job::all().into_iter().filter(|job| *job != Job::Reminders) {
        let app = app.clone();
        tokio::spawn(async move {
            let schedule = job.schedule();
            let mut last = None;
            loop {
                let now = Timestamp::now();
                let next = match schedule {
                    // The first run of a rate comes one period after the start, as
                    // EventBridge Scheduler's does after the schedule is made.
                    Schedule::Every { minutes } => last
                        .unwrap_or(now)
                        .checked_add(jiff::SignedDuration::from_mins(i64::from(minutes)))
                        .unwrap_or(now),
                    Schedule::DailyAt { .. } => schedule.next_after(None, now),
                };
                let wait = Duration::try_from(next.duration_since(now)).unwrap_or_default();
                tokio::time::sleep(wait).await;
                last = Some(Timestamp::now());
                match worklane_jobs::run(&app, job).await {
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(job = job.name(), %error, "a scheduled job failed")
                    }
                }
            }
        });
    }
}
