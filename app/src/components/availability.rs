//! The signed-in user's availability (Available / Busy / Away), in the top bar.

use leptos::{prelude::*, task::spawn_local};
use worklane_domain::Availability;

use crate::{
    api,
    components::fields::{SelectField, label_choices},
    state::use_session,
};

/// A colleague's name with their availability beside it, as every user sees it.
#[component]
pub fn MemberName(id: worklane_domain::UserId) -> impl IntoView {
    let session = use_session();
    let for_dot = id.clone();
    let dot = move || {
        session.member_availability(&for_dot).map(|a| {
            view! { <span class=availability_class(a) role="img" aria-label=a.label() title=a.label()></span> }
        })
    };
    view! {
        <span class="member-name">
            {dot}
            {move || session.member_name(&id)}
        </span>
    }
}

pub fn availability_class(availability: Availability) -> &'static str {
    match availability {
        Availability::Available => "dot dot-available",
        Availability::Busy => "dot dot-busy",
        Availability::Away => "dot dot-away",
    }
}

fn parse(value: &str) -> Option<Availability> {
    Availability::ALL.into_iter().find(|a| a.label() == value)
}

#[component]
pub fn AvailabilitySelect() -> impl IntoView {
    let session = use_session();
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| {
        session
            .user
            .with(|u| u.as_ref().map(|u| u.availability).unwrap_or_default())
    });

    let on_change = move |value: String| {
        let Some(chosen) = parse(&value) else {
            return;
        };
        let previous = current.get_untracked();
        // Show the choice at once; put it back if the server refuses it.
        session.user.update(|u| {
            if let Some(u) = u {
                u.availability = chosen;
            }
        });
        saving.set(true);
        error.set(None);
        spawn_local(async move {
            match api::set_availability(chosen).await {
                Ok(user) => session.user.set(Some(user)),
                Err(e) => {
                    session.user.update(|u| {
                        if let Some(u) = u {
                            u.availability = previous;
                        }
                    });
                    error.set(Some(e.message()));
                }
            }
            saving.set(false);
        });
    };

    let choices = label_choices(None, &Availability::ALL, Availability::label);
    view! {
        <div class="availability" title=move || error.get().unwrap_or_default()>
            <span class=move || availability_class(current.get()) aria-hidden="true"></span>
            <SelectField
                id="availability"
                label="Availability"
                hide_label=true
                choices=Signal::stored(choices)
                selected=Signal::derive(move || current.get().label().to_string())
                on_change=Callback::new(on_change)
                message=error
                disabled=saving
            />
        </div>
    }
}
