//! `/reports/linked-orders`: the Linked orders report (managers and admins) — per advisor and
//! day, the valid orders linked to their calls and their total, the pending ones, and the
//! invalid ones by reason — for a range of days, with its CSV.

mod days;
mod table;

use leptos::prelude::*;

use crate::{
    api,
    components::status::{Loading, load_failed},
    state::use_session,
};
use table::ReportTable;

#[component]
pub fn LinkedOrders() -> impl IntoView {
    let session = use_session();
    move || {
        if session.supervises() {
            view! { <LinkedOrdersReport/> }.into_any()
        } else {
            view! {
                <div class="page">
                    <h1>"Linked orders"</h1>
                    <div class="alert alert-error" role="alert">
                        "Only managers and admins can see the Linked orders report."
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn LinkedOrdersReport() -> impl IntoView {
    let (first, last) = days::last_week();
    let from = RwSignal::new(first);
    let to = RwSignal::new(last);
    let report = LocalResource::new(move || {
        let (from, to) = (from.get(), to.get());
        api::shop::linked_orders_report(from, to)
    });
    let csv = move || api::shop::report_csv_url(&from.get(), &to.get());
    let body = move || {
        report.get().map(|answer| match answer {
            Ok(report) => view! { <ReportTable report/> }.into_any(),
            Err(error) => load_failed(error, move || report.refetch()),
        })
    };
    view! {
        <div class="page" data-testid="linked-orders-page">
            <div class="page-header">
                <h1>"Linked orders"</h1>
            </div>
            <p class="muted">
                "The orders advisors linked to their calls, per advisor and day of the call: the "
                "valid ones and their total, those still pending the nightly check, and the "
                "invalid ones by reason."
            </p>
            <div class="card filters" role="group" aria-label="Days of the report">
                <div class="field field-inline">
                    <label for="report-from">"From"</label>
                    <input id="report-from" type="date" data-testid="report-from" required bind:value=from/>
                </div>
                <div class="field field-inline">
                    <label for="report-to">"To"</label>
                    <input id="report-to" type="date" data-testid="report-to" required bind:value=to/>
                </div>
                <a class="button" href=csv download data-testid="report-csv">"Download CSV"</a>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the report…"/> }>{body}</Transition>
        </div>
    }
}
