//! `/contacts/:id/edit`: change a contact, refusing to overwrite someone else's change.

use leptos::prelude::*;

use crate::{
    api,
    components::{
        contact_form::ContactForm,
        status::{Loading, load_failed},
    },
    pages::contact_detail::contact_id_param,
};

#[component]
pub fn ContactEdit() -> impl IntoView {
    let id = contact_id_param();
    let contact = LocalResource::new(move || api::get_contact(id.get()));
    let back = move || format!("/contacts/{}", api::encode(id.get().as_str()));

    view! {
        <div class="page page-narrow">
            <p class="breadcrumb">
                <a href=back>"← Back to contact"</a>
            </p>
            <Transition fallback=|| view! { <Loading label="Loading contact…"/> }>
                {move || {
                    contact
                        .get()
                        .map(|result| match result {
                            Ok(c) => {
                                view! {
                                    <h1>"Edit " {c.name.to_string()}</h1>
                                    <ContactForm existing=c/>
                                }
                                    .into_any()
                            }
                            Err(error) => load_failed(error, move || contact.refetch()),
                        })
                }}
            </Transition>
        </div>
    }
}
