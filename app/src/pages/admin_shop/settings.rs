//! The shop's settings: the order and customer admin link patterns, the storefront, and how an
//! order names its advisor. Admins edit them (saved on the version they were loaded at; a
//! conflict shows what the other admin changed); managers read them.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use worklane_domain::{Attribution, FieldError, ShopSettings, ShopSettingsEdit};

use crate::{
    api::{self, ApiError},
    components::{
        fields::{FormActions, TextField},
        status::{
            Change, ConflictNotice, FailureNotice, FieldMessage, OtherFieldErrors, differences,
            field_message, show_refusal,
        },
    },
};

const ADMIN_PANEL: &str = "Admin panel comment (Order Placed by … using Admin Panel)";

fn attribution_text(attribution: &Attribution) -> String {
    match attribution {
        Attribution::AdminPanelComment => ADMIN_PANEL.into(),
        Attribution::Attribute { name } => format!("Order attribute \"{name}\""),
    }
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "(not set)".into()
    } else {
        text.to_string()
    }
}

/// What another admin changed: what a conflict notice lists.
fn changes(before: &ShopSettings, after: &ShopSettings) -> Vec<Change> {
    differences([
        (
            "Order link",
            or_none(&before.order_url),
            or_none(&after.order_url),
        ),
        (
            "Customer link",
            or_none(&before.customer_url),
            or_none(&after.customer_url),
        ),
        (
            "Storefront",
            or_none(&before.storefront_url),
            or_none(&after.storefront_url),
        ),
        (
            "Advisor attribution",
            attribution_text(&before.attribution),
            attribution_text(&after.attribution),
        ),
    ])
}

fn known_field(field: &str) -> bool {
    matches!(
        field,
        "order_url" | "customer_url" | "storefront_url" | "attribution"
    )
}

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct Draft {
    order_url: RwSignal<String>,
    customer_url: RwSignal<String>,
    storefront_url: RwSignal<String>,
    /// True for an order attribute, false for the admin panel's comment.
    by_attribute: RwSignal<bool>,
    attribute: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        Self {
            order_url: RwSignal::new(String::new()),
            customer_url: RwSignal::new(String::new()),
            storefront_url: RwSignal::new(String::new()),
            by_attribute: RwSignal::new(false),
            attribute: RwSignal::new(String::new()),
        }
    }

    fn show(&self, settings: &ShopSettings) {
        self.order_url.set(settings.order_url.clone());
        self.customer_url.set(settings.customer_url.clone());
        self.storefront_url.set(settings.storefront_url.clone());
        match &settings.attribution {
            Attribution::AdminPanelComment => self.by_attribute.set(false),
            Attribution::Attribute { name } => {
                self.by_attribute.set(true);
                self.attribute.set(name.clone());
            }
        }
    }

    fn edit(&self, version: u64) -> ShopSettingsEdit {
        ShopSettingsEdit {
            order_url: self.order_url.get_untracked(),
            customer_url: self.customer_url.get_untracked(),
            storefront_url: self.storefront_url.get_untracked(),
            attribution: if self.by_attribute.get_untracked() {
                Attribution::Attribute {
                    name: self.attribute.get_untracked(),
                }
            } else {
                Attribution::AdminPanelComment
            },
            version,
        }
    }
}

#[component]
pub fn SettingsForm(settings: ShopSettings) -> impl IntoView {
    let draft = Draft::new();
    draft.show(&settings);
    let saved = RwSignal::new(settings);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<ShopSettings>);
    let notice = RwSignal::new(false);
    let saving = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        notice.set(false);
        errors.set(Vec::new());
        failure.set(None);
        conflict.set(None);
        let edit = draft.edit(saved.with_untracked(|s| s.version));
        spawn_local(async move {
            match api::shop::save_settings(edit).await {
                Ok(now) => {
                    draft.show(&now);
                    saved.set(now);
                    notice.set(true);
                }
                Err(error) => show_refusal(error, conflict, failure, errors),
            }
            let _ = saving.try_set(false);
        });
    };
    let conflict_view = move || {
        conflict.get().map(|current| {
            let changes = saved.with_untracked(|before| changes(before, &current));
            let reload = Callback::new(move |_| {
                draft.show(&current);
                saved.set(current.clone());
                conflict.set(None);
            });
            view! {
                <ConflictNotice
                    title="Another admin changed the shop settings first"
                    note="Your change was not saved. Reload to see their version, then make your change again.".into()
                    changes
                    on_reload=reload
                />
            }
        })
    };
    view! {
        <form class="card form" data-testid="shop-settings-form" on:submit=submit novalidate>
            <h2>"Settings"</h2>
            {conflict_view}
            <FailureNotice failure/>
            <TextField
                id="shop-order-url"
                label="Order admin link"
                name="order_url"
                value=draft.order_url
                message=field_message(errors, "order_url")
                input_type="url"
                hint=Some("An order's page in the shop's admin, with {entity_id} or {increment_id} where the order goes, e.g. …/admin/sales/order/view/order_id/{entity_id}/")
            />
            <TextField
                id="shop-customer-url"
                label="Customer admin link"
                name="customer_url"
                value=draft.customer_url
                message=field_message(errors, "customer_url")
                input_type="url"
                hint=Some("A customer's page in the shop's admin, with {customer_id} where the customer goes, e.g. …/admin/customer/index/edit/id/{customer_id}/")
            />
            <TextField
                id="shop-storefront-url"
                label="Storefront"
                name="storefront_url"
                value=draft.storefront_url
                message=field_message(errors, "storefront_url")
                input_type="url"
                hint=Some("The shop's home page, e.g. https://shop.example.com/")
            />
            <AttributionChoice draft errors/>
            <OtherFieldErrors errors known=known_field/>
            <FormActions testid="save-shop-settings" label="Save" busy="Saving…" saving/>
            {move || notice.get().then(|| view! {
                <div class="alert alert-success" role="status" data-testid="notice">"Shop settings saved."</div>
            })}
        </form>
    }
}

/// How an order names the advisor who placed it: the admin panel's comment, or an attribute.
#[component]
fn AttributionChoice(draft: Draft, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let message = field_message(errors, "attribution");
    // Under the attribute's name when it is asked for, else under the choice.
    let choice_message = Signal::derive(move || {
        if draft.by_attribute.get() {
            None
        } else {
            message.get()
        }
    });
    view! {
        <fieldset class="choice-group">
            <legend>"Who placed an order"</legend>
            <label class="choice">
                <input
                    type="radio"
                    name="attribution"
                    data-testid="attribution-comment"
                    prop:checked=move || !draft.by_attribute.get()
                    on:change=move |_| draft.by_attribute.set(false)
                />
                <span>
                    <strong>{ADMIN_PANEL}</strong>
                    <span class="muted">
                        " — the comment Magento writes on an order placed in its admin panel, "
                        "matched to the Worklane user of that name."
                    </span>
                </span>
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name="attribution"
                    data-testid="attribution-attribute"
                    prop:checked=move || draft.by_attribute.get()
                    on:change=move |_| draft.by_attribute.set(true)
                />
                <span>
                    <strong>"Order attribute"</strong>
                    <span class="muted">
                        " — a custom attribute of the order holding the advisor's name, email or "
                        "Worklane user id."
                    </span>
                </span>
            </label>
            <Show when=move || draft.by_attribute.get()>
                <TextField
                    id="shop-attribute"
                    label="Attribute name"
                    name="attribution"
                    value=draft.attribute
                    message
                    hint=Some("Letters, digits and underscores, e.g. placed_by")
                />
            </Show>
            <FieldMessage id="shop-attribution-error".into() message=choice_message/>
        </fieldset>
    }
}

/// The settings as managers see them.
#[component]
pub fn SettingsSummary(settings: ShopSettings) -> impl IntoView {
    view! {
        <section class="card" data-testid="shop-settings" aria-labelledby="shop-settings-title">
            <h2 id="shop-settings-title">"Settings"</h2>
            <dl class="facts">
                <div>
                    <dt>"Order admin link"</dt>
                    <dd>{or_none(&settings.order_url)}</dd>
                </div>
                <div>
                    <dt>"Customer admin link"</dt>
                    <dd>{or_none(&settings.customer_url)}</dd>
                </div>
                <div>
                    <dt>"Storefront"</dt>
                    <dd>{or_none(&settings.storefront_url)}</dd>
                </div>
                <div>
                    <dt>"Who placed an order"</dt>
                    <dd>{attribution_text(&settings.attribution)}</dd>
                </div>
            </dl>
            <p class="muted small">"Only admins change the shop settings."</p>
        </section>
    }
}
