//! The Magento Linked Order pop-up: the order linked to a call, its verdict and, for an invalid
//! one, every reason; what the nightly check compared; a link to the order in Magento; and for
//! the call's author and admins, the order id to change.

use leptos::prelude::*;
use worklane_domain::{InteractionView, LinkState, LinkedOrder};

use super::{check::CheckDetails, edit::EditOrderId, may_edit, state_class};
use crate::{
    components::{
        availability::MemberName, dialog::Modal, status::LocalTime, work_item::reference::web_link,
    },
    state::use_session,
};

/// The pop-up for `call`. `on_close` gets the call as it is now when its order was changed
/// here, so the card shows the change once the pop-up is closed.
#[component]
pub fn LinkedOrderPopup(
    call: InteractionView,
    on_close: Callback<Option<InteractionView>>,
) -> impl IntoView {
    let session = use_session();
    let editable = may_edit(&session, &call);
    let current = RwSignal::new(call);
    let changed = RwSignal::new(false);
    let closed = Callback::new(move |_| {
        let call = changed.get_untracked().then(|| current.get_untracked());
        on_close.run(call);
    });
    let body = move || {
        current.with(|call| match &call.linked_order {
            Some(order) => order_view(call, order).into_any(),
            None => view! {
                <p class="muted" data-testid="linked-order-none">"No order is linked to this call."</p>
            }
            .into_any(),
        })
    };
    view! {
        <Modal title_id="linked-order-title" title="Magento Linked Order" testid="linked-order-dialog" on_close=closed>
            {body}
            {editable.then(|| view! { <EditOrderId current changed/> })}
        </Modal>
    }
}

/// What a pending, valid or invalid verdict means, in a sentence.
fn verdict_note(state: LinkState) -> &'static str {
    match state {
        LinkState::Pending => {
            "Not confirmed yet. Linked orders are checked every night after the shop's sync: \
             an order turns Valid once it is found placed by the call's author within the \
             call's window (its start to its end plus 2 hours), and Invalid only after that \
             window has closed."
        }
        LinkState::Valid => {
            "The order exists, was placed by the call's author within the call's window, and is \
             linked to this call only."
        }
        LinkState::Invalid => "The order does not pass the nightly check:",
    }
}

fn order_view(call: &InteractionView, order: &LinkedOrder) -> impl IntoView + use<> {
    let state = order.state;
    let by = call.by.clone().map_or_else(
        || "—".into_any(),
        |id| view! { <MemberName id/> }.into_any(),
    );
    let checked = match &order.check {
        Some(check) => view! { <LocalTime ts=check.checked_at/> }.into_any(),
        None => "Not checked yet".into_any(),
    };
    let problems = (state == LinkState::Invalid).then(|| {
        let problems = order
            .check
            .as_ref()
            .map(|c| c.problems.clone())
            .unwrap_or_default();
        view! {
            <ul data-testid="linked-order-problems">
                {problems
                    .iter()
                    .map(|p| view! { <li data-problem=p.key()>{p.words()}</li> })
                    .collect_view()}
            </ul>
        }
    });
    let check = order.check.clone().map(|check| {
        view! { <CheckDetails check author=call.by.clone()/> }
    });
    // Only an order the shop has can be opened there.
    let exists = order.check.as_ref().is_none_or(|c| c.order.is_some());
    let magento = web_link(order.admin_url.as_deref())
        .filter(|_| exists)
        .map(|href| {
            view! {
                <p>
                    <a class="button" href=href target="_blank" rel="noopener noreferrer" data-testid="view-order-in-magento">
                        "View Order in Magento"
                    </a>
                </p>
            }
        });
    view! {
        <dl class="facts facts-grid">
            <div>
                <dt>"Order Id"</dt>
                <dd data-testid="linked-order-id">{format!("#{}", order.order_id)}</dd>
            </div>
            <div>
                <dt>"Verdict"</dt>
                <dd>
                    <span class=state_class(state) data-testid="linked-order-state">{state.label()}</span>
                </dd>
            </div>
            <div>
                <dt>"Call"</dt>
                <dd><LocalTime ts=call.at/> " by " {by}</dd>
            </div>
            <div>
                <dt>"Checked"</dt>
                <dd data-testid="linked-order-checked">{checked}</dd>
            </div>
        </dl>
        <p data-testid="linked-order-note">{verdict_note(state)}</p>
        {problems}
        {check}
        {magento}
    }
}
