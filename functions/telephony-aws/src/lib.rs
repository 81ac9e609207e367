//! The core's telephony port on AWS: click-to-call through Amazon Connect's
//! `StartOutboundVoiceContact` (the instance's outbound contact flow rings the contact and
//! connects the rep; the call's contact events then drive the Call Slat), and hanging up
//! through `StopContact`; and who an agent in a contact event is ([`ConnectDirectory`]). The only
//! crate that compiles the Connect SDK.
//!
//! Settings come from the environment: `WORKLANE_CONNECT_INSTANCE_ID` (none: no phone system,
//! click-to-call is refused as not set up), `WORKLANE_CONNECT_CONTACT_FLOW_ID`, and optionally
//! `WORKLANE_CONNECT_QUEUE_ID`, `WORKLANE_CONNECT_SOURCE_NUMBER` and
//! `WORKLANE_CONNECT_COUNTRY_CODE` (the calling code of numbers typed without one; `1` when
//! unset).

mod directory;

pub use directory::ConnectDirectory;

use async_trait::async_trait;
use worklane_core::calls::ports::{Dialed, Telephony, TelephonyError};
use worklane_domain::{Phone, UserId};

/// Where outbound calls start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectSettings {
    pub instance_id: String,
    pub contact_flow_id: String,
    pub queue_id: Option<String>,
    pub source_number: Option<String>,
    /// The calling code of numbers stored without one (`1`: North America).
    pub country_code: String,
}

impl ConnectSettings {
    /// The settings in the environment; none when no instance is named.
    pub fn from_env() -> Result<Option<Self>, String> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let Some(instance_id) = var("WORKLANE_CONNECT_INSTANCE_ID") else {
            return Ok(None);
        };
        let contact_flow_id = var("WORKLANE_CONNECT_CONTACT_FLOW_ID").ok_or(
            "WORKLANE_CONNECT_CONTACT_FLOW_ID must name the outbound contact flow when WORKLANE_CONNECT_INSTANCE_ID is set",
        )?;
        let country_code = var("WORKLANE_CONNECT_COUNTRY_CODE").unwrap_or_else(|| "1".into());
        if !country_code.chars().all(|c| c.is_ascii_digit())
            || !(1..=3).contains(&country_code.len())
        {
            return Err(format!(
                "WORKLANE_CONNECT_COUNTRY_CODE \"{country_code}\" is not a calling code (1 to 3 digits)"
            ));
        }
        Ok(Some(Self {
            instance_id,
            contact_flow_id,
            queue_id: var("WORKLANE_CONNECT_QUEUE_ID"),
            source_number: var("WORKLANE_CONNECT_SOURCE_NUMBER"),
            country_code,
        }))
    }

    /// The number in E.164, as Connect dials it.
    pub fn e164(&self, phone: &Phone) -> String {
        let number = phone.as_str();
        if number.starts_with('+') {
            number.to_string()
        } else {
            format!("+{}{}", self.country_code, number.trim_start_matches('0'))
        }
    }
}

/// Starts and stops calls on one Amazon Connect instance.
#[derive(Debug, Clone)]
pub struct ConnectTelephony {
    client: aws_sdk_connect::Client,
    settings: ConnectSettings,
}

impl ConnectTelephony {
    pub fn new(client: aws_sdk_connect::Client, settings: ConnectSettings) -> Self {
        Self { client, settings }
    }

    /// The instance the environment names, with the usual credentials chain (the Lambda
    /// role); none when no instance is named.
    pub async fn from_env() -> Result<Option<Self>, String> {
        let Some(settings) = ConnectSettings::from_env()? else {
            return Ok(None);
        };
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Ok(Some(Self::new(
            aws_sdk_connect::Client::new(&config),
            settings,
        )))
    }
}

fn refused(what: &str, error: impl std::error::Error) -> TelephonyError {
    let detail = aws_sdk_connect::error::DisplayErrorContext(&error).to_string();
    tracing::warn!(what, error = %detail, "Amazon Connect refused a request");
    TelephonyError(format!("Amazon Connect refused to {what}: {error}"))
}

#[async_trait]
impl Telephony for ConnectTelephony {
    async fn dial(&self, agent: &UserId, to: &Phone) -> Result<Dialed, TelephonyError> {
        let settings = &self.settings;
        let answer = self
            .client
            .start_outbound_voice_contact()
            .instance_id(&settings.instance_id)
            .contact_flow_id(&settings.contact_flow_id)
            .destination_phone_number(settings.e164(to))
            .set_queue_id(settings.queue_id.clone())
            .set_source_phone_number(settings.source_number.clone())
            // The contact flow connects the call to this rep (their agent queue).
            .attributes("worklane_user", agent.as_str())
            .send()
            .await
            .map_err(|e| refused("start the call", e))?;
        let provider_id = answer
            .contact_id()
            .map(str::to_string)
            .ok_or_else(|| TelephonyError("Amazon Connect started a call without an id".into()))?;
        Ok(Dialed {
            provider_id,
            answered: false,
        })
    }

    async fn hang_up(&self, provider_id: &str) -> Result<(), TelephonyError> {
        self.client
            .stop_contact()
            .instance_id(&self.settings.instance_id)
            .contact_id(provider_id)
            .send()
            .await
            .map_err(|e| refused("end the call", e))?;
        Ok(())
    }
}
