//! How far a superior's view reaches ("Superior Visible Data Scope").

use leptos::prelude::*;
use worklane_domain::{OrgChart, SuperiorScope};

#[component]
pub fn ScopeChoice(draft: RwSignal<OrgChart>) -> impl IntoView {
    view! {
        <section class="card">
            <fieldset class="choice-group">
                <legend>"Superior Visible Data Scope"</legend>
                {SuperiorScope::ALL
                    .into_iter()
                    .map(|scope| {
                        let id = format!("scope-{}", scope.key());
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="superior-scope"
                                    id=id.clone()
                                    data-testid=id
                                    value=scope.key()
                                    prop:checked=Signal::derive(move || draft.with(|c| c.superior_scope == scope))
                                    on:change=move |_| draft.update(|c| c.superior_scope = scope)
                                />
                                <span>
                                    <strong>{scope.label()}</strong>
                                    <span class="muted">" — " {explain(scope)}</span>
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
    }
}

fn explain(scope: SuperiorScope) -> &'static str {
    match scope {
        SuperiorScope::Direct => {
            "a superior sees their direct subordinates' records; a head, their own department's."
        }
        SuperiorScope::All => {
            "a superior sees the records of everyone below them; a head, their department's and \
             every sub-department's."
        }
    }
}
