//! The record an imported work item came from, on its Reference tab: a Body Type Quiz, a
//! Health Evaluation Quiz, an FAQ question or an abandoned cart. Everything the person typed is
//! shown as text; links are only made of addresses that start with http:// or https://.

use leptos::prelude::*;
use worklane_domain::{
    CartReference, Detail, FaqReference, HealthReference, QuizReference, StatusKind,
    WorkItemReference, WorkItemView, format_money,
};

use crate::{
    components::{
        status::{ErrorNotice, LocalTime},
        work_item::origin::Origin,
    },
    state::{Session, use_session},
};

/// `url` when it is a web address (the server keeps only those; this keeps it so).
pub fn web_link(url: Option<&str>) -> Option<String> {
    url.map(str::trim)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(str::to_string)
}

/// An address from the record: clicking it writes to it from the Action tab.
fn email_button(address: String, on_email: Callback<String>) -> impl IntoView {
    let chosen = address.clone();
    view! {
        <button
            type="button"
            class="link-button"
            data-testid="reference-email"
            title="Write an email to this address"
            on:click=move |_| on_email.run(chosen.clone())
        >
            "✉ "
            {address}
        </button>
    }
}

/// A label and its value, in a `facts` list.
fn fact(label: &'static str, testid: &'static str, value: AnyView) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd data-testid=testid>{value}</dd>
        </div>
    }
}

/// What the person submitted about themselves.
fn details_list(details: Vec<Detail>) -> impl IntoView {
    if details.is_empty() {
        return view! { <p class="muted">"Nothing submitted."</p> }.into_any();
    }
    view! {
        <dl class="detail-list" data-testid="reference-details">
            {details
                .into_iter()
                .map(|d| view! {
                    <div>
                        <dt>{d.label}</dt>
                        <dd>{d.value}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// A link that opens in a new tab.
fn outside_link(href: String, text: String, testid: &'static str) -> impl IntoView {
    view! {
        <a href=href target="_blank" rel="noopener noreferrer" data-testid=testid>
            {text}
        </a>
    }
}

/// The imported record of `item`, by its kind.
#[component]
pub fn ImportedReference(
    reference: WorkItemReference,
    item: Signal<WorkItemView>,
    origin: Origin,
    on_email: Callback<String>,
) -> impl IntoView {
    match reference {
        WorkItemReference::BodyTypeQuiz(quiz) => quiz_view(quiz, on_email).into_any(),
        WorkItemReference::HealthEvaluationQuiz(health) => health_view(health, on_email).into_any(),
        WorkItemReference::FaqRequest(faq) => faq_view(faq, on_email).into_any(),
        WorkItemReference::AbandonedCart(cart) => {
            view! { <CartView cart item origin on_email/> }.into_any()
        }
    }
}

fn quiz_view(quiz: QuizReference, on_email: Callback<String>) -> impl IntoView {
    let video = web_link(quiz.result_video_url.as_deref()).map(|href| {
        view! {
            " "
            {outside_link(href, "Watch the explanation".into(), "reference-quiz-video")}
        }
    });
    let answers = quiz
        .answers
        .into_iter()
        .map(|a| {
            view! {
                <tr>
                    <td data-label="Question">{a.question}</td>
                    <td data-label="Answer">{a.answer}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="reference-record" data-testid="reference-quiz" aria-label="Body Type Quiz">
            <h3>"Body Type Quiz"</h3>
            <dl class="facts facts-grid">
                {fact("Email", "reference-quiz-email", email_button(quiz.email, on_email).into_any())}
                {fact("Taken", "reference-taken", view! { <LocalTime ts=quiz.taken_at/> }.into_any())}
                {fact("Result", "reference-quiz-result", view! { <strong>{quiz.result}</strong> {video} }.into_any())}
            </dl>
            <h4>"Questions and answers"</h4>
            <div class="table-scroll">
                <table class="table table-compact qa-table" data-testid="reference-quiz-answers">
                    <thead>
                        <tr>
                            <th scope="col">"Question"</th>
                            <th scope="col">"Answer"</th>
                        </tr>
                    </thead>
                    <tbody>{answers}</tbody>
                </table>
            </div>
            <h4>"Submitted details"</h4>
            {details_list(quiz.details)}
        </section>
    }
}

fn health_view(health: HealthReference, on_email: Callback<String>) -> impl IntoView {
    let ratings = health
        .ratings
        .into_iter()
        .map(|r| {
            let score = r.score.min(10);
            view! {
                <li class="rating" data-testid="reference-rating">
                    <span class="rating-aspect">{r.aspect}</span>
                    <span class="rating-bar" aria-hidden="true">
                        <span class="rating-fill" style:width=format!("{}%", u32::from(score) * 10)></span>
                    </span>
                    <span class="rating-score">
                        <span aria-hidden="true">{format!("{score}/10")}</span>
                        <span class="sr-only">{format!("{score} out of 10")}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    let symptoms = health
        .symptoms
        .into_iter()
        .map(|s| {
            let product = s.product.map(|p| {
                let name = p.name.clone();
                let shown = match web_link(p.url.as_deref()) {
                    Some(href) => outside_link(href, name, "reference-product").into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                };
                view! {
                    <p>
                        <strong>"Recommended: "</strong>
                        {shown}
                        <span class="muted small">" (SKU " {p.sku} ")"</span>
                    </p>
                }
            });
            view! {
                <li class="symptom" data-testid="reference-symptom">
                    <h5>{s.name}</h5>
                    <p>{s.explanation}</p>
                    <p><strong>"Cause: "</strong>{s.cause}</p>
                    {product}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="reference-record" data-testid="reference-health" aria-label="Health Evaluation Quiz">
            <h3>"Health Evaluation Quiz"</h3>
            <dl class="facts facts-grid">
                {fact("Email", "reference-health-email", email_button(health.email, on_email).into_any())}
                {fact("Taken", "reference-taken", view! { <LocalTime ts=health.taken_at/> }.into_any())}
            </dl>
            <h4>"Submitted details"</h4>
            {details_list(health.details)}
            <h4>"Ratings"</h4>
            <ul class="ratings" data-testid="reference-ratings" aria-label="Ratings out of 10">
                {ratings}
            </ul>
            <p class="disclaimer muted small" data-testid="reference-disclaimer">{health.disclaimer}</p>
            <h4>"Symptoms"</h4>
            <ul class="symptoms" data-testid="reference-symptoms">{symptoms}</ul>
        </section>
    }
}

fn faq_view(faq: FaqReference, on_email: Callback<String>) -> impl IntoView {
    view! {
        <section class="reference-record" data-testid="reference-faq" aria-label="FAQ Request">
            <h3>"FAQ Request"</h3>
            <dl class="facts facts-grid">
                {fact("Asked by", "reference-asked-by", faq.asked_by.into_any())}
                {fact("Email", "reference-faq-email", email_button(faq.email, on_email).into_any())}
                {fact("Asked", "reference-asked-at", view! { <LocalTime ts=faq.asked_at/> }.into_any())}
            </dl>
            <h4>"Question"</h4>
            <p class="reference-question" data-testid="reference-faq-question">{faq.question}</p>
            <p data-testid="reference-faq-state">
                <span class="chip chip-accent chip-wrap">"Waiting for an admin to answer it in the knowledge base"</span>
            </p>
        </section>
    }
}

/// Whether the item is closed (Closed, Resolved, Sold…): by its workflow, else by the usual
/// names of closed statuses.
fn is_closed(session: &Session, item: &WorkItemView) -> bool {
    session
        .with_catalog(|c| c.status_of(item).map(|s| s.kind != StatusKind::Open))
        .unwrap_or(matches!(
            item.status.as_str(),
            "CLOSED" | "RESOLVED" | "SOLD"
        ))
}

#[component]
fn CartView(
    cart: CartReference,
    item: Signal<WorkItemView>,
    origin: Origin,
    on_email: Callback<String>,
) -> impl IntoView {
    let session = use_session();
    let closed = Memo::new(move |_| item.with(|i| is_closed(&session, i)));
    let cart = StoredValue::new(cart);
    move || {
        if closed.get() {
            cart.with_value(|c| closed_cart(c, item)).into_any()
        } else {
            cart.with_value(|c| open_cart(c.clone(), origin, on_email))
                .into_any()
        }
    }
}

/// A closed item's cart: when it last changed, the order it became, why the item closed.
fn closed_cart(cart: &CartReference, item: Signal<WorkItemView>) -> impl IntoView + use<> {
    let order = match &cart.ordered_as {
        Some(order) => view! { "Order " {order.clone()} }.into_any(),
        None => "No order".into_any(),
    };
    let reason = item.with_untracked(|i| i.closing_reason.clone().unwrap_or_else(|| "—".into()));
    view! {
        <section class="reference-record" data-testid="cart-closed" aria-label="Abandoned Shopping Cart">
            <h3>"Abandoned Shopping Cart"</h3>
            <dl class="facts facts-grid">
                {fact("Cart last updated", "cart-updated", view! { <LocalTime ts=cart.updated_at/> }.into_any())}
                {fact("Order", "cart-order", order)}
                {fact("Closing reason", "cart-closing-reason", reason.into_any())}
            </dl>
        </section>
    }
}

fn open_cart(cart: CartReference, origin: Origin, on_email: Callback<String>) -> impl IntoView {
    let currency = cart.currency.clone();
    let lines = cart
        .lines
        .iter()
        .map(|line| {
            let image = web_link(line.image_url.as_deref()).map(|src| {
                view! { <img class="cart-image" src=src alt=line.name.clone() loading="lazy" width="48" height="48"/> }
            });
            let name = match web_link(line.product_url.as_deref()) {
                Some(href) => outside_link(href, line.name.clone(), "cart-product").into_any(),
                None => line.name.clone().into_any(),
            };
            view! {
                <tr data-testid="cart-line">
                    <td class="cart-image-cell">{image}</td>
                    <td data-label="Product">{name}</td>
                    <td data-label="SKU"><code>{line.sku.clone()}</code></td>
                    <td data-label="Price" class="number">{format_money(line.price_cents, &currency)}</td>
                    <td data-label="Quantity" class="number">{line.quantity}</td>
                    <td data-label="Subtotal" class="number">{format_money(line.subtotal_cents, &currency)}</td>
                </tr>
            }
        })
        .collect_view();
    let admin = web_link(cart.admin_url.as_deref()).map(|href| {
        view! {
            <p>{outside_link(href, "Manage Cart in Magento".into(), "cart-admin")}</p>
        }
    });
    let account = cart
        .customer_id
        .clone()
        .unwrap_or_else(|| "Guest (no shop account)".into());
    let gone = (!cart.active).then(|| {
        view! {
            <p class="alert alert-warning" data-testid="cart-inactive">
                {match &cart.ordered_as {
                    Some(order) => format!("The cart became order {order}."),
                    None => "The cart is no longer open in the shop.".to_string(),
                }}
            </p>
        }
    });
    view! {
        <section class="reference-record" data-testid="reference-cart" aria-label="Abandoned Shopping Cart">
            <h3>"Abandoned Shopping Cart"</h3>
            <dl class="facts facts-grid">
                {fact("Email", "reference-cart-email", email_button(cart.email.clone(), on_email).into_any())}
                {fact("Shop account", "cart-customer", account.into_any())}
                {fact("Products", "cart-count", cart.items_count.into_any())}
                {fact("Created", "cart-created", view! { <LocalTime ts=cart.created_at/> }.into_any())}
                {fact("Last updated", "cart-updated", view! { <LocalTime ts=cart.updated_at/> }.into_any())}
            </dl>
            {gone}
            <div class="cart-sync">
                <button
                    type="button"
                    class="button button-small"
                    data-testid="cart-sync"
                    disabled=move || origin.syncing.get()
                    on:click=move |_| origin.sync()
                >
                    {move || if origin.syncing.get() { "Syncing…" } else { "Sync" }}
                </button>
                <span class="muted small" data-testid="cart-loaded">
                    "Last loaded " <LocalTime ts=cart.loaded_at/>
                </span>
            </div>
            {move || origin.sync_failed.get().map(|error| view! { <ErrorNotice error/> })}
            <div class="table-scroll">
                <table class="table table-compact cart-lines" data-testid="cart-lines">
                    <thead>
                        <tr>
                            <th scope="col"><span class="sr-only">"Image"</span></th>
                            <th scope="col">"Product"</th>
                            <th scope="col">"SKU"</th>
                            <th scope="col" class="number">"Price"</th>
                            <th scope="col" class="number">"Quantity"</th>
                            <th scope="col" class="number">"Subtotal"</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <p class="cart-total" data-testid="cart-total">
                "Cart total: " <strong>{format_money(cart.total_cents, &cart.currency)}</strong>
            </p>
            {admin}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            web_link(Some("https://shop.example.com/p/1")).as_deref(),
            Some("https://shop.example.com/p/1")
        );
        assert_eq!(
            web_link(Some("http://127.0.0.1:8080/x")).as_deref(),
            Some("http://127.0.0.1:8080/x")
        );
        assert_eq!(web_link(Some("javascript:alert(1)")), None);
        assert_eq!(web_link(Some("data:text/html,hi")), None);
        assert_eq!(web_link(None), None);
    }
}
