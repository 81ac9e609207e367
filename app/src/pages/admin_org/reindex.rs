//! Following the re-index a save started (who sees what, brought up to date record by record)
//! and saying how far it got.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::ReindexProgress;

use crate::api;

/// Follows the re-index a save started until it is done, while the page is open.
pub fn follow_reindex(progress: RwSignal<Option<ReindexProgress>>) {
    set_timeout(
        move || {
            spawn_local(async move {
                let Ok(now) = api::org_reindex().await else {
                    return;
                };
                if progress.try_set(Some(now)).is_none() && now.running {
                    follow_reindex(progress);
                }
            })
        },
        Duration::from_millis(800),
    );
}

/// The line under "Organisation saved" while the re-index runs, and once it is done.
#[component]
pub fn ReindexLine(progress: ReindexProgress) -> impl IntoView {
    view! {
        <p data-testid="reindex" data-running=progress.running.to_string()>
            {reindex_text(progress)}
        </p>
    }
}

fn reindex_text(progress: ReindexProgress) -> String {
    if progress.running {
        format!(
            "Updating who can see what: {} of {} people's records done ({} records so far)…",
            progress.owners_done, progress.owners_total, progress.records_done
        )
    } else {
        "Who can see what is up to date.".to_string()
    }
}
