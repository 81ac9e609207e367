//! `/contacts/:id/interactions`: everything about the contact — emails, SMS, calls, notes and
//! reminders — newest first, and where a rep writes or records a new one.

use leptos::prelude::*;

use crate::{
    components::{interaction::timeline::ContactTimeline, tabs::TabPanel},
    pages::contact_detail::contact_id_param,
};

#[component]
pub fn ContactInteractions() -> impl IntoView {
    let contact = contact_id_param();
    view! {
        <TabPanel id="interactions">
            {move || view! { <ContactTimeline contact=contact.get()/> }}
        </TabPanel>
    }
}
