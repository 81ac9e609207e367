//! The core's [`Messaging`] port on AWS: email through Amazon SES v2 (`SendEmail`, simple
//! content, UTF-8 text) and SMS through Amazon SNS (`Publish` to a phone number). Together with
//! `worklane-store-dynamo`, the only crates that compile the AWS SDK.
//!
//! A failed send becomes a [`SendError`] whose text a rep can read ("SES refused the message:
//! Email address is not verified… (MessageRejected)", "throttled by SNS, retry later"); the
//! whole SDK error goes to the log.
//!
//! ```no_run
//! # async fn wire() {
//! use worklane_messaging_aws::{AwsMessaging, Messaging, OutgoingSms};
//!
//! let messaging = AwsMessaging::from_env().await; // the Lambda role's credentials
//! let sent = messaging
//!     .send_sms(&OutgoingSms { to: "+15551234567".into(), body: "See you at 10".into() })
//!     .await;
//! # }
//! ```

mod errors;

use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use aws_sdk_sns::types::MessageAttributeValue;

use crate::errors::{Service, send_error};
pub use worklane_core::messaging::{Messaging, OutgoingEmail, OutgoingSms, SendError};

/// SNS's `AWS.SNS.SMS.SMSType`: transactional messages (what a CRM sends) are delivered with
/// the higher reliability AWS offers; promotional ones are cheaper and may be throttled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmsType {
    #[default]
    Transactional,
    Promotional,
}

impl SmsType {
    fn as_str(self) -> &'static str {
        match self {
            SmsType::Transactional => "Transactional",
            SmsType::Promotional => "Promotional",
        }
    }
}

/// Sends email through SES v2 and SMS through SNS.
#[derive(Debug, Clone)]
pub struct AwsMessaging {
    ses: aws_sdk_sesv2::Client,
    sns: aws_sdk_sns::Client,
    configuration_set: Option<String>,
    sms_type: SmsType,
    sms_sender_id: Option<String>,
    sms_origination_number: Option<String>,
}

impl AwsMessaging {
    pub fn new(ses: aws_sdk_sesv2::Client, sns: aws_sdk_sns::Client) -> Self {
        Self {
            ses,
            sns,
            configuration_set: None,
            sms_type: SmsType::default(),
            sms_sender_id: None,
            sms_origination_number: None,
        }
    }

    /// Clients for the region and credentials `config` names.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> Self {
        Self::new(
            aws_sdk_sesv2::Client::new(config),
            aws_sdk_sns::Client::new(config),
        )
    }

    /// Clients configured by the usual chain (environment, profile, the Lambda role).
    pub async fn from_env() -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Self::from_sdk_config(&config)
    }

    /// Clients for a local AWS emulator at `endpoint` (moto): region us-east-1 and static test
    /// credentials, nothing read from the environment.
    pub fn local(endpoint: &str) -> Self {
        let credentials = aws_sdk_sesv2::config::Credentials::new(
            "worklane-test",
            "worklane-test",
            None,
            None,
            "worklane-local",
        );
        let ses = aws_sdk_sesv2::Config::builder()
            .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
            .region(aws_sdk_sesv2::config::Region::new("us-east-1"))
            .credentials_provider(credentials.clone())
            .endpoint_url(endpoint)
            .build();
        let sns = aws_sdk_sns::Config::builder()
            .behavior_version(aws_sdk_sns::config::BehaviorVersion::latest())
            .region(aws_sdk_sns::config::Region::new("us-east-1"))
            .credentials_provider(credentials)
            .endpoint_url(endpoint)
            .build();
        Self::new(
            aws_sdk_sesv2::Client::from_conf(ses),
            aws_sdk_sns::Client::from_conf(sns),
        )
    }

    /// Sends every email with this SES configuration set (event publishing, tracking).
    pub fn with_configuration_set(mut self, name: impl Into<String>) -> Self {
        self.configuration_set = Some(name.into());
        self
    }

    pub fn with_sms_type(mut self, sms_type: SmsType) -> Self {
        self.sms_type = sms_type;
        self
    }

    /// The alphanumeric sender ID (`AWS.SNS.SMS.SenderID`) where the destination country allows one.
    pub fn with_sms_sender_id(mut self, sender_id: impl Into<String>) -> Self {
        self.sms_sender_id = Some(sender_id.into());
        self
    }

    /// The number SMS are sent from (`AWS.MM.SMS.OriginationNumber`), one the account owns.
    pub fn with_sms_origination_number(mut self, number: impl Into<String>) -> Self {
        self.sms_origination_number = Some(number.into());
        self
    }

    /// The SNS message attributes every SMS carries.
    #[expect(
        clippy::expect_used,
        reason = "the builder fails only without data_type, which is set"
    )]
    fn sms_attributes(&self) -> Vec<(&'static str, MessageAttributeValue)> {
        let string = |value: &str| {
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .expect("data_type is set")
        };
        let mut attributes = vec![("AWS.SNS.SMS.SMSType", string(self.sms_type.as_str()))];
        if let Some(sender_id) = &self.sms_sender_id {
            attributes.push(("AWS.SNS.SMS.SenderID", string(sender_id)));
        }
        if let Some(number) = &self.sms_origination_number {
            attributes.push(("AWS.MM.SMS.OriginationNumber", string(number)));
        }
        attributes
    }
}

#[expect(
    clippy::expect_used,
    reason = "the builder fails only without data, which is set"
)]
fn utf8(text: &str) -> Content {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .expect("data is set")
}

/// SES v2 simple content: the subject and a plain-text body, both UTF-8.
fn email_content(email: &OutgoingEmail) -> EmailContent {
    EmailContent::builder()
        .simple(
            Message::builder()
                .subject(utf8(&email.subject))
                .body(Body::builder().text(utf8(&email.body)).build())
                .build(),
        )
        .build()
}

fn blank(value: &str) -> bool {
    value.trim().is_empty()
}

#[async_trait::async_trait]
impl Messaging for AwsMessaging {
    async fn send_email(&self, email: &OutgoingEmail) -> Result<String, SendError> {
        if blank(&email.from) {
            return Err(SendError("no sender address is configured".into()));
        }
        if blank(&email.to) {
            return Err(SendError("the email has no recipient".into()));
        }
        let output = self
            .ses
            .send_email()
            .from_email_address(&email.from)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(email_content(email))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(|error| send_error(Service::Ses, &error))?;
        output
            .message_id()
            .map(str::to_owned)
            .ok_or_else(|| SendError("SES accepted the email but returned no message id".into()))
    }

    async fn send_sms(&self, sms: &OutgoingSms) -> Result<String, SendError> {
        if blank(&sms.to) {
            return Err(SendError("the SMS has no phone number".into()));
        }
        let mut request = self
            .sns
            .publish()
            .phone_number(sms.to.trim())
            .message(&sms.body);
        for (name, value) in self.sms_attributes() {
            request = request.message_attributes(name, value);
        }
        let output = request
            .send()
            .await
            .map_err(|error| send_error(Service::Sns, &error))?;
        output
            .message_id()
            .map(str::to_owned)
            .ok_or_else(|| SendError("SNS accepted the SMS but returned no message id".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            from: "Worklane <crm@example.com>".into(),
            to: "ada@example.org".into(),
            subject: "Your order — été".into(),
            body: "Hello Ada,\nyour order shipped.".into(),
        }
    }

    #[test]
    fn email_content_is_utf8_text_with_the_subject() {
        let content = email_content(&email());
        let simple = content.simple().expect("simple content");
        let subject = simple.subject().expect("subject");
        assert_eq!(subject.data(), "Your order — été");
        assert_eq!(subject.charset(), Some("UTF-8"));
        let body = simple.body().expect("body").text().expect("text part");
        assert_eq!(body.data(), "Hello Ada,\nyour order shipped.");
        assert_eq!(body.charset(), Some("UTF-8"));
        assert!(simple.body().unwrap().html().is_none());
        assert!(content.raw().is_none() && content.template().is_none());
    }

    #[test]
    fn sms_are_transactional_unless_told_otherwise() {
        let messaging = AwsMessaging::local("http://127.0.0.1:1");
        let attributes = messaging.sms_attributes();
        assert_eq!(attributes.len(), 1);
        assert_eq!(attributes[0].0, "AWS.SNS.SMS.SMSType");
        assert_eq!(attributes[0].1.data_type(), "String");
        assert_eq!(attributes[0].1.string_value(), Some("Transactional"));

        let messaging = messaging
            .with_sms_type(SmsType::Promotional)
            .with_sms_sender_id("Worklane")
            .with_sms_origination_number("+15550001111");
        let attributes: Vec<(&str, Option<String>)> = messaging
            .sms_attributes()
            .into_iter()
            .map(|(name, value)| (name, value.string_value().map(str::to_owned)))
            .collect();
        assert_eq!(
            attributes,
            vec![
                ("AWS.SNS.SMS.SMSType", Some("Promotional".into())),
                ("AWS.SNS.SMS.SenderID", Some("Worklane".into())),
                ("AWS.MM.SMS.OriginationNumber", Some("+15550001111".into())),
            ]
        );
    }

    #[tokio::test]
    async fn blank_addresses_are_refused_before_calling_aws() {
        // Port 1 refuses connections: reaching it would be "could not reach", not these.
        let messaging = AwsMessaging::local("http://127.0.0.1:1");
        let no_sender = OutgoingEmail {
            from: " ".into(),
            ..email()
        };
        assert_eq!(
            messaging.send_email(&no_sender).await,
            Err(SendError("no sender address is configured".into()))
        );
        let no_recipient = OutgoingEmail {
            to: String::new(),
            ..email()
        };
        assert_eq!(
            messaging.send_email(&no_recipient).await,
            Err(SendError("the email has no recipient".into()))
        );
        let no_number = OutgoingSms {
            to: "  ".into(),
            body: "hi".into(),
        };
        assert_eq!(
            messaging.send_sms(&no_number).await,
            Err(SendError("the SMS has no phone number".into()))
        );
    }

    #[tokio::test]
    async fn an_unreachable_endpoint_says_retry_later() {
        let messaging = AwsMessaging::local("http://127.0.0.1:1");
        let sms = OutgoingSms {
            to: "+15551234567".into(),
            body: "hi".into(),
        };
        let error = messaging.send_sms(&sms).await.unwrap_err();
        assert!(error.0.ends_with("retry later"), "{error:?}");
    }
}
