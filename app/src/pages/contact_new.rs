//! `/contacts/new`: create a contact.

use leptos::prelude::*;

use crate::components::contact_form::ContactForm;

#[component]
pub fn ContactNew() -> impl IntoView {
    view! {
        <div class="page page-narrow">
            <p class="breadcrumb">
                <a href="/contacts">"← Contacts"</a>
            </p>
            <h1>"New contact"</h1>
            <ContactForm/>
        </div>
    }
}
