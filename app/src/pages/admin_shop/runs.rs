//! Run now of the shop's hourly sync and of the nightly check of linked orders (admins), with
//! what each did.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::SyncCounts;

use crate::{
    api::{self, ApiError, shop::ValidationRun},
    components::status::ErrorNotice,
};

/// A figure of a run: its label and value, in a `run-counts` list.
fn count(label: &'static str, value: u32) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

fn sync_counts(counts: &SyncCounts, testid: &'static str) -> impl IntoView + use<> {
    view! {
        <dl class="run-counts" data-testid=testid>
            {count("Customers", counts.customers)}
            {count("Orders", counts.orders)}
            {count("New contacts", counts.contacts_created)}
            {count("Became customers", counts.became_customers)}
            {count("Skipped", counts.skipped)}
        </dl>
    }
}

fn validation_result(run: &ValidationRun) -> impl IntoView + use<> {
    let failed = run.sync_error.clone().map(|why| {
        view! {
            <p class="run-reason" data-testid="shop-validation-sync-error">
                <strong>"The sync failed, so nothing was checked: "</strong>
                {why}
            </p>
        }
    });
    let class = if run.sync_error.is_some() {
        "alert alert-error"
    } else {
        "alert alert-success"
    };
    view! {
        <div class=class role="status" data-testid="shop-validation-result">
            <strong>"Validation: "</strong>
            {failed}
            <dl class="run-counts" data-testid="shop-validation-counts">
                {count("Checked", run.checked)}
                {count("Valid", run.valid)}
                {count("Invalid", run.invalid)}
                {count("Left pending", run.left_pending)}
            </dl>
            <p class="run-reason small">"The sync before it:"</p>
            {sync_counts(&run.sync, "shop-validation-sync")}
        </div>
    }
}

#[component]
pub fn RunNow() -> impl IntoView {
    let syncing = RwSignal::new(false);
    let synced = RwSignal::new(None::<Result<SyncCounts, ApiError>>);
    let validating = RwSignal::new(false);
    let validated = RwSignal::new(None::<Result<ValidationRun, ApiError>>);
    let sync = move |_| {
        syncing.set(true);
        synced.set(None);
        spawn_local(async move {
            let answer = api::shop::sync_now().await;
            let _ = synced.try_set(Some(answer));
            let _ = syncing.try_set(false);
        });
    };
    let validate = move |_| {
        validating.set(true);
        validated.set(None);
        spawn_local(async move {
            let answer = api::shop::validate_now().await;
            let _ = validated.try_set(Some(answer));
            let _ = validating.try_set(false);
        });
    };
    let sync_result = move || {
        synced.get().map(|answer| match answer {
            Ok(counts) => view! {
                <div class="alert alert-success" role="status" data-testid="shop-sync-result">
                    <strong>"Sync: "</strong>
                    {sync_counts(&counts, "shop-sync-counts")}
                </div>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    };
    let validation = move || {
        validated.get().map(|answer| match answer {
            Ok(run) => validation_result(&run).into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    };
    view! {
        <section class="card import-source" data-testid="shop-run-now" aria-labelledby="shop-run-title">
            <h2 id="shop-run-title">"Run now"</h2>
            <p class="muted">
                "Sync now brings in the customers and orders changed in the shop since the last "
                "sync. Run validation now runs the nightly job: the sync, then the check of every "
                "linked order whose call window has closed."
            </p>
            <div class="actions">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="shop-sync-now"
                    disabled=move || syncing.get()
                    aria-busy=move || syncing.get().to_string()
                    on:click=sync
                >
                    "Sync now"
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="shop-validate-now"
                    disabled=move || validating.get()
                    aria-busy=move || validating.get().to_string()
                    on:click=validate
                >
                    "Run validation now"
                </button>
            </div>
            <p class="muted small" role="status" data-testid="shop-run-busy">
                {move || match (syncing.get(), validating.get()) {
                    (true, true) => "Syncing and validating…",
                    (true, false) => "Syncing…",
                    (false, true) => "Validating…",
                    (false, false) => "",
                }}
            </p>
            {sync_result}
            {validation}
        </section>
    }
}
