//! Click-to-call against a fake Amazon Connect endpoint (wiremock): the requests go out as the
//! Connect API takes them, and its answers and refusals read back as the port says.

use serde_json::json;
use wiremock::matchers::{body_partial_json, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use worklane_core::calls::ports::Telephony;
use worklane_domain::{Phone, UserId};
use worklane_telephony_aws::{ConnectSettings, ConnectTelephony};

fn settings() -> ConnectSettings {
    ConnectSettings {
        instance_id: "11111111-2222-3333-4444-555555555555".into(),
        contact_flow_id: "flow-1".into(),
        queue_id: Some("queue-1".into()),
        source_number: Some("+15550100000".into()),
        country_code: "1".into(),
    }
}

fn telephony(endpoint: &str) -> ConnectTelephony {
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(aws_sdk_connect::config::BehaviorVersion::latest())
        .region(aws_sdk_connect::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_connect::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .endpoint_url(endpoint)
        .build();
    ConnectTelephony::new(aws_sdk_connect::Client::from_conf(config), settings())
}

#[tokio::test]
async fn click_to_call_starts_an_outbound_voice_contact_for_the_rep() {
    let connect = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/contact/outbound-voice"))
        .and(header_exists("authorization"))
        .and(body_partial_json(json!({
            "InstanceId": "11111111-2222-3333-4444-555555555555",
            "ContactFlowId": "flow-1",
            "DestinationPhoneNumber": "+15550102030",
            "QueueId": "queue-1",
            "SourcePhoneNumber": "+15550100000",
            "Attributes": {"worklane_user": "u-1"},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ContactId": "contact-9"})))
        .expect(1)
        .mount(&connect)
        .await;
    let dialed = telephony(&connect.uri())
        .dial(
            &UserId::from_raw("u-1"),
            &Phone::parse("(555) 010-2030").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(dialed.provider_id, "contact-9");
    assert!(
        !dialed.answered,
        "Connect's events say when the contact answers"
    );
}

#[tokio::test]
async fn hanging_up_stops_the_contact() {
    let connect = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contact/stop"))
        .and(body_partial_json(json!({
            "ContactId": "contact-9",
            "InstanceId": "11111111-2222-3333-4444-555555555555",
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&connect)
        .await;
    telephony(&connect.uri())
        .hang_up("contact-9")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refusal_says_what_connect_refused() {
    let connect = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/contact/outbound-voice"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-ErrorType", "DestinationNotAllowedException")
                .set_body_json(json!({"message": "The destination is not allowed"})),
        )
        .mount(&connect)
        .await;
    let refused = telephony(&connect.uri())
        .dial(
            &UserId::from_raw("u-1"),
            &Phone::parse("+44 20 7946 0958").unwrap(),
        )
        .await
        .unwrap_err();
    assert!(refused.0.contains("start the call"), "{refused}");
}

#[test]
fn a_number_without_its_country_code_gets_the_default_one() {
    let settings = settings();
    assert_eq!(
        settings.e164(&Phone::parse("555 010 2030").unwrap()),
        "+15550102030"
    );
    assert_eq!(
        settings.e164(&Phone::parse("+44 20 7946 0958").unwrap()),
        "+442079460958"
    );
}

#[tokio::test]
async fn an_agent_is_named_by_its_connect_username_once_asked() {
    let connect = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/i-1/a-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "User": {"Id": "a-2", "Arn": "arn:aws:connect:us-east-1:1:instance/i-1/agent/a-2",
                "Username": "rep1@worklane.test"}
        })))
        .expect(1)
        .mount(&connect)
        .await;
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(aws_sdk_connect::config::BehaviorVersion::latest())
        .region(aws_sdk_connect::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_connect::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .endpoint_url(connect.uri())
        .build();
    let agents =
        worklane_telephony_aws::ConnectDirectory::new(aws_sdk_connect::Client::from_conf(config));
    let arn = "arn:aws:connect:us-east-1:1:instance/i-1/agent/a-2";
    for _ in 0..2 {
        assert_eq!(
            agents.username(arn).await.unwrap().as_deref(),
            Some("rep1@worklane.test")
        );
    }
    assert_eq!(agents.username("not an arn").await.unwrap(), None);
}

#[tokio::test]
async fn a_callers_number_the_event_left_out_is_asked_of_connect() {
    let connect = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts/i-1/contact-9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Contact": {"Id": "contact-9", "Channel": "VOICE",
                "CustomerEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+15550102030"}}
        })))
        .expect(1)
        .mount(&connect)
        .await;
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(aws_sdk_connect::config::BehaviorVersion::latest())
        .region(aws_sdk_connect::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_connect::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .endpoint_url(connect.uri())
        .build();
    let directory =
        worklane_telephony_aws::ConnectDirectory::new(aws_sdk_connect::Client::from_conf(config));
    assert_eq!(
        directory
            .caller_number("i-1", "contact-9")
            .await
            .unwrap()
            .as_deref(),
        Some("+15550102030")
    );
}
