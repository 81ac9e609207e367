//! The Call Slat's calls: an inbound call reported by the phone system, an unknown number
//! made a lead, click-to-call on the simulated phone, Save and the filed interaction, Create
//! work item, and calls that are one rep's alone.

use std::sync::Arc;

use worklane_domain::{
    CallLeadRequest, CallOutcome, ContactInput, ContactKind, ContactView, DialRequest, LinkState,
    LiveCallState, Role, SaveCallRequest, Timestamp, UserView, WorkItemFromInteraction,
};
use worklane_store::EmbeddedStore;

use super::events::{ContactEvent, EventOutcome};
use crate::imports::tests::user;
use crate::{Access, Actor, CoreError, Worklane};

struct Desk {
    app: Worklane,
    rep: (UserView, Access),
    other: Access,
    jane: ContactView,
}

async fn desk() -> Desk {
    let app = Worklane::local(Arc::new(EmbeddedStore::in_memory().unwrap()));
    app.catalog().ensure_presets().await.unwrap();
    let admin = app
        .users()
        .create_first_admin(user("admin@example.com", "Ada Admin", Role::Admin))
        .await
        .unwrap();
    let admin = app.access_for(Actor::from(admin)).await.unwrap();
    let mut reps = Vec::new();
    for (email, name) in [
        ("sam@example.com", "Sam Rivera"),
        ("riley@example.com", "Riley Rep"),
    ] {
        let view = app
            .users()
            .create(&admin, user(email, name, Role::Rep))
            .await
            .unwrap();
        let access = app.access_for(Actor::from(view.clone())).await.unwrap();
        reps.push((view, access));
    }
    let other = reps.pop().unwrap().1;
    let rep = reps.pop().unwrap();
    let jane = ContactInput {
        name: "Jane Doe".into(),
        kind: Some(ContactKind::Customer),
        phones: vec!["+1 555 010 2030".into()],
        owner_id: Some(rep.0.id.clone()),
        ..ContactInput::default()
    };
    let jane = app
        .contacts()
        .create(&admin, jane.validate().unwrap())
        .await
        .unwrap();
    Desk {
        app,
        rep,
        other,
        jane,
    }
}

fn event(kind: &str, contact_id: &str, agent: &str, number: &str) -> ContactEvent {
    ContactEvent {
        event_type: kind.into(),
        contact_id: contact_id.into(),
        initiation_method: "INBOUND".into(),
        channel: "VOICE".into(),
        agent: Some(format!(
            "arn:aws:connect:us-east-1:000000000000:instance/i-1/agent/{agent}"
        )),
        number: Some(number.into()),
        instance_id: None,
        initiated_at: Some(Timestamp::now()),
        connected_at: Some(Timestamp::now()),
        disconnected_at: Some(Timestamp::now()),
        recording_url: None,
    }
}

#[tokio::test]
async fn an_inbound_call_opens_the_slat_with_its_contact_and_saving_files_it_with_the_order() {
    let d = desk().await;
    let agent = d.rep.0.email.to_string();
    let outcome = d
        .app
        .calls()
        .contact_event(event("CONNECTED_TO_AGENT", "c-1", &agent, "(555) 010-2030"))
        .await
        .unwrap();
    let EventOutcome::Applied(call) = outcome else {
        panic!("the call reached a known agent: {outcome:?}")
    };
    assert_eq!(call.state, LiveCallState::Connected);
    assert_eq!(call.contact_id.as_ref(), Some(&d.jane.id));
    let slat = d.app.calls().on_slat(&d.rep.1).await.unwrap();
    assert_eq!(slat.len(), 1);
    assert!(d.app.calls().on_slat(&d.other).await.unwrap().is_empty());

    let save = SaveCallRequest {
        note: "Ordered two bottles".into(),
        order_id: Some("000000123".into()),
    };
    let saved = d.app.calls().save(&d.rep.1, &call.id, save).await.unwrap();
    let filed = saved.interaction_id.clone().expect("Save files the call");
    let view = d.app.interactions().get(&d.rep.1, &filed).await.unwrap();
    assert_eq!(view.body, "Ordered two bottles");
    let linked = view.linked_order.expect("the linked order");
    assert_eq!(
        (linked.order_id.as_str(), linked.state),
        ("000000123", LinkState::Pending)
    );

    // The phone system ends it, twice (at least once delivery): one interaction, answered.
    for _ in 0..2 {
        d.app
            .calls()
            .contact_event(event("DISCONNECTED", "c-1", &agent, "(555) 010-2030"))
            .await
            .unwrap();
    }
    let timeline = d
        .app
        .interactions()
        .for_contact(&d.rep.1, &d.jane.id, None)
        .await
        .unwrap();
    assert_eq!(timeline.items.len(), 1);
    assert_eq!(
        timeline.items[0].call.as_ref().unwrap().outcome,
        CallOutcome::Answered
    );
    let closed = d.app.calls().close(&d.rep.1, &call.id).await.unwrap();
    assert_eq!(closed.state, LiveCallState::Ended);
    assert!(d.app.calls().on_slat(&d.rep.1).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unknown_number_is_made_a_lead_from_the_slat_and_the_call_filed_on_it() {
    let d = desk().await;
    let agent = d.rep.0.id.to_string();
    let EventOutcome::Applied(call) = d
        .app
        .calls()
        .contact_event(event(
            "CONNECTED_TO_AGENT",
            "c-2",
            &agent,
            "+1 555 999 0001",
        ))
        .await
        .unwrap()
    else {
        panic!("applied")
    };
    assert_eq!(call.contact_id, None, "unknown number");
    d.app
        .calls()
        .contact_event(event("DISCONNECTED", "c-2", &agent, "+1 555 999 0001"))
        .await
        .unwrap();
    let lead = d
        .app
        .calls()
        .create_lead(
            &d.rep.1,
            &call.id,
            CallLeadRequest {
                name: "Walter Walkin".into(),
            },
        )
        .await
        .unwrap();
    let contact = lead.contact_id.clone().expect("a lead");
    let contact = d.app.contacts().get(&d.rep.1, &contact).await.unwrap();
    assert!(contact.new_lead);
    assert_eq!(contact.owner_id, d.rep.0.id);
    assert!(
        lead.interaction_id.is_some(),
        "the ended call is filed on the lead"
    );
}

#[tokio::test]
async fn click_to_call_rings_on_the_simulated_phone_and_hanging_up_files_the_call() {
    let d = desk().await;
    let call = d
        .app
        .calls()
        .dial(
            &d.rep.1,
            DialRequest {
                to: "+1 555 010 2030".into(),
                contact_id: Some(d.jane.id.clone()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        call.state,
        LiveCallState::Connected,
        "the simulated contact answers"
    );
    assert_eq!(call.contact_name.as_deref(), Some("Jane Doe"));
    let ended = d.app.calls().end(&d.rep.1, &call.id).await.unwrap();
    assert_eq!(ended.state, LiveCallState::Ended);
    assert!(ended.interaction_id.is_some());

    // Another rep's call is not theirs to see, save or end.
    let save = SaveCallRequest {
        note: "Mine now".into(),
        order_id: None,
    };
    let refused = d
        .app
        .calls()
        .save(&d.other, &call.id, save)
        .await
        .unwrap_err();
    assert!(matches!(refused, CoreError::NotFound(_)), "{refused:?}");
    let bad = d
        .app
        .calls()
        .dial(
            &d.rep.1,
            DialRequest {
                to: "call me".into(),
                contact_id: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(bad, CoreError::Invalid(ref e) if e.for_field("to").is_some()));
}

#[tokio::test]
async fn a_call_creates_a_support_ticket_with_the_call_attached() {
    let d = desk().await;
    let call = d
        .app
        .calls()
        .dial(
            &d.rep.1,
            DialRequest {
                to: "+1 555 010 2030".into(),
                contact_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        call.contact_id.as_ref(),
        Some(&d.jane.id),
        "found by the number"
    );
    let request = |type_key: &str| WorkItemFromInteraction {
        type_key: type_key.into(),
        description: "Wants the shipping changed".into(),
    };
    let refused = d
        .app
        .calls()
        .create_work_item(&d.rep.1, &call.id, request("fraud-review"))
        .await
        .unwrap_err();
    assert!(matches!(refused, CoreError::Invalid(_)));
    let item = d
        .app
        .calls()
        .create_work_item(&d.rep.1, &call.id, request("support-ticket"))
        .await
        .unwrap();
    assert_eq!(item.contact_id, d.jane.id);
    let attached = d
        .app
        .interactions()
        .for_work_item(&d.rep.1, item.number, None)
        .await
        .unwrap();
    assert_eq!(attached.items.len(), 1, "the call is on the ticket");
    let slat = d.app.calls().on_slat(&d.rep.1).await.unwrap();
    assert_eq!(slat[0].work_items, [item.number]);
}

#[test]
fn a_contact_event_is_read_however_aws_spells_it_and_other_events_are_left_alone() {
    let lower = serde_json::json!({
        "source": "aws.connect", "detail-type": "Amazon Connect Contact Event",
        "detail": {"eventType": "CONNECTED_TO_AGENT", "contactId": "c-9", "channel": "VOICE",
            "instanceArn": "arn:aws:connect:us-east-1:1:instance/i-77",
            "initiationMethod": "INBOUND",
            "agentInfo": {"agentArn": "arn:aws:connect:::instance/i/agent/u-1",
                "connectedToAgentTimestamp": "2026-12-03T10:00:05.123Z"},
            "customerEndpoint": {"address": "+15550102030"}, "newField": 1}
    });
    let event = ContactEvent::from_eventbridge(&lower).unwrap().unwrap();
    assert_eq!(
        event.agent.as_deref(),
        Some("arn:aws:connect:::instance/i/agent/u-1")
    );
    assert_eq!(event.number.as_deref(), Some("+15550102030"));
    assert_eq!(event.instance_id.as_deref(), Some("i-77"));
    assert_eq!(
        event.connected_at.map(|t| t.to_string()).as_deref(),
        Some("2026-12-03T10:00:05.123Z")
    );
    let upper = serde_json::json!({
        "source": "aws.connect", "detail-type": "Amazon Connect Contact Event",
        "detail": {"eventType": "DISCONNECTED", "contactId": "c-9", "channel": "Voice",
            "AgentInfo": {"AgentArn": "arn:aws:connect:::instance/i/agent/u-1"}}
    });
    let event = ContactEvent::from_eventbridge(&upper).unwrap().unwrap();
    assert_eq!(
        event.agent.as_deref(),
        Some("arn:aws:connect:::instance/i/agent/u-1")
    );
    let other = serde_json::json!({"source": "aws.ec2", "detail-type": "EC2 Instance State",
        "detail": {"eventType": "x", "contactId": "y", "channel": "z"}});
    assert_eq!(ContactEvent::from_eventbridge(&other).unwrap(), None);
    let broken = serde_json::json!({"source": "aws.connect", "detail": {"eventType": 1}});
    assert!(ContactEvent::from_eventbridge(&broken).is_err());
}
