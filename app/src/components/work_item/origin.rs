//! What an imported work item came with: its record (the quiz, the question, the cart) for the
//! Reference tab, and why it went to whom for the Action tab. Fetched once per item, by a piece
//! of the app of its own (decoding the four kinds of record is most of this code), when the
//! item was imported or its Reference tab is first shown.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::{CandidateVerdict, RoutingDecision, WorkItemOrigin, WorkItemReference};

use crate::{
    api::{self, ApiError},
    components::status::LocalTime,
    state::use_session,
};

/// Reads the item's origin; with `sync`, has the server reload its cart from the shop first.
#[leptos::lazy]
async fn load_origin(number: u64, sync: bool) -> Result<WorkItemOrigin, ApiError> {
    if sync {
        api::sync_work_item_reference(number).await
    } else {
        api::work_item_origin(number).await
    }
}

/// One item's origin as loaded, shared by its Action and Reference tabs.
#[derive(Clone, Copy)]
pub struct Origin {
    number: u64,
    /// None until the first answer.
    pub loaded: RwSignal<Option<Result<WorkItemOrigin, ApiError>>>,
    asked: StoredValue<bool>,
    /// Only the latest fetch is shown, if an earlier one answers after it.
    fetches: StoredValue<u32>,
    /// A cart sync under way, and why the last one failed.
    pub syncing: RwSignal<bool>,
    pub sync_failed: RwSignal<Option<ApiError>>,
}

impl Origin {
    pub fn new(number: u64) -> Self {
        Self {
            number,
            loaded: RwSignal::new(None),
            asked: StoredValue::new(false),
            fetches: StoredValue::new(0),
            syncing: RwSignal::new(false),
            sync_failed: RwSignal::new(None),
        }
    }

    /// Loads the origin the first time it is wanted; later calls do nothing.
    pub fn want(&self) {
        if !self.asked.get_value() {
            self.asked.set_value(true);
            self.load();
        }
    }

    pub fn asked(&self) -> bool {
        self.asked.get_value()
    }

    /// Loads it (again).
    pub fn load(&self) {
        let this = *self;
        this.loaded.set(None);
        this.fetches.update_value(|n| *n += 1);
        let fetch = this.fetches.get_value();
        spawn_local(async move {
            let answer = load_origin(this.number, false).await;
            if this.fetches.try_get_value() == Some(fetch) {
                let _ = this.loaded.try_set(Some(answer));
            }
        });
    }

    /// Reloads the cart from the shop; the Reference shows it as the shop has it now.
    pub fn sync(&self) {
        let this = *self;
        if this.syncing.get_untracked() {
            return;
        }
        this.syncing.set(true);
        this.sync_failed.set(None);
        spawn_local(async move {
            match load_origin(this.number, true).await {
                Ok(fresh) => {
                    // A load still on its way would show the cart as it was.
                    let _ = this.fetches.try_update_value(|n| *n += 1);
                    let _ = this.loaded.try_set(Some(Ok(fresh)));
                }
                Err(error) => {
                    let _ = this.sync_failed.try_set(Some(error));
                }
            }
            let _ = this.syncing.try_set(false);
        });
    }

    /// The record, once loaded (tracked).
    pub fn reference(&self) -> Option<WorkItemReference> {
        self.loaded.with(|l| match l {
            Some(Ok(origin)) => origin.reference.clone(),
            _ => None,
        })
    }

    fn decision(&self) -> Option<RoutingDecision> {
        self.loaded.with(|l| match l {
            Some(Ok(origin)) => origin.routing.clone(),
            _ => None,
        })
    }
}

/// A candidate's verdict as the panel words it: "Chosen", "eligible", "skipped: Away"…
pub fn verdict_text(verdict: &CandidateVerdict) -> String {
    match verdict {
        CandidateVerdict::Chosen => "Chosen".into(),
        other => other.words(),
    }
}

fn verdict_key(verdict: &CandidateVerdict) -> &'static str {
    match verdict {
        CandidateVerdict::Chosen => "chosen",
        CandidateVerdict::Eligible => "eligible",
        CandidateVerdict::Away => "away",
        CandidateVerdict::AtCap { .. } => "at_cap",
        CandidateVerdict::NotInPool => "not_in_pool",
        CandidateVerdict::Disabled => "disabled",
    }
}

/// "Why Sam Rivera": a routed item's decision, folded away until asked for. Nothing for an
/// item made by hand.
#[component]
pub fn RoutingExplanation(origin: Origin) -> impl IntoView {
    let session = use_session();
    move || {
        origin.decision().map(|decision| {
            let chosen_name = decision
                .candidates
                .iter()
                .find(|c| c.verdict == CandidateVerdict::Chosen)
                .map(|c| c.name.clone())
                .or_else(|| decision.chosen.as_ref().map(|id| session.member_name(id)));
            let summary = match chosen_name {
                Some(name) => format!("Why {name}"),
                None => "Why nobody received it".to_string(),
            };
            let candidates = decision
                .candidates
                .iter()
                .map(|c| {
                    let chosen = c.verdict == CandidateVerdict::Chosen;
                    let last = match c.last_assigned_at {
                        // To the second: the order of these times is the round robin.
                        Some(ts) => view! { "last assigned " <LocalTime ts long=true/> }.into_any(),
                        None => "never assigned".into_any(),
                    };
                    view! {
                        <li class="viewer" data-testid="routing-candidate" data-verdict=verdict_key(&c.verdict)>
                            <span class="viewer-name">{c.name.clone()}</span>
                            <span class="chip" class:chip-ok=chosen data-testid="routing-verdict">
                                {verdict_text(&c.verdict)}
                            </span>
                            <span class="muted small">{last}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="routing" data-testid="routing-explanation">
                    <summary>{summary}</summary>
                    <p class="routing-reason" data-testid="routing-reason">{decision.reason.clone()}</p>
                    <p class="muted small">"Routed " <LocalTime ts=decision.decided_at/></p>
                    <ul class="viewer-list" aria-label="Everyone considered">
                        {candidates}
                    </ul>
                </details>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn a_routing_decision_reads_with_each_verdict_in_words() {
        let decision: RoutingDecision = json::from_str(
            r#"{"decided_at": "2026-03-04T09:15:00Z", "chosen": "u1",
                "reason": "Sam Rivera received a work item longest ago.",
                "candidates": [
                  {"user_id": "u1", "name": "Sam Rivera", "verdict": "chosen",
                   "last_assigned_at": "2026-03-01T08:00:00Z"},
                  {"user_id": "u2", "name": "Taylor Chen", "verdict": "eligible"},
                  {"user_id": "u3", "name": "Ann Away", "verdict": "away"},
                  {"user_id": "u4", "name": "Cat Capped", "verdict": "at_cap", "open": 25, "cap": 25},
                  {"user_id": "u5", "name": "Nell Out", "verdict": "not_in_pool"},
                  {"user_id": "u6", "name": "Dee Gone", "verdict": "disabled"}
                ]}"#,
        )
        .unwrap();
        let words: Vec<String> = decision
            .candidates
            .iter()
            .map(|c| verdict_text(&c.verdict))
            .collect();
        assert_eq!(
            words,
            [
                "Chosen",
                "eligible",
                "skipped: Away",
                "skipped: at cap 25/25",
                "skipped: not in the pool",
                "skipped: disabled"
            ]
        );
        assert!(decision.candidates[0].last_assigned_at.is_some());
        assert!(decision.candidates[1].last_assigned_at.is_none());
    }

    #[test]
    fn an_origin_of_each_kind_reads() {
        let origin: WorkItemOrigin = json::from_str(
            r#"{"reference": {"kind": "faq_request", "asked_by": "Ann", "email": "ann@example.com",
                "asked_at": "2026-03-04T09:15:00Z", "question": "Do you ship abroad?",
                "state": "waiting"}}"#,
        )
        .unwrap();
        assert!(matches!(
            origin.reference,
            Some(WorkItemReference::FaqRequest(_))
        ));
        assert!(origin.routing.is_none());
        let empty: WorkItemOrigin = json::from_str("{}").unwrap();
        assert_eq!(empty, WorkItemOrigin::default());
    }
}
