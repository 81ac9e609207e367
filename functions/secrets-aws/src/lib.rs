//! The import sources' credentials on AWS: SecureString parameters in Systems Manager
//! Parameter Store under one prefix per stage (`/worklane/<stage>/imports/...`), encrypted
//! with the account's `aws/ssm` key, readable only by the functions the template grants.
//! Never in the table, never in a function's configuration.

use async_trait::async_trait;
use aws_sdk_ssm::error::{DisplayErrorContext, SdkError};
use aws_sdk_ssm::operation::get_parameter::GetParameterError;
use aws_sdk_ssm::types::ParameterType;
use worklane_core::imports::ports::{SecretError, Secrets};

pub struct SsmSecrets {
    client: aws_sdk_ssm::Client,
    /// Put before every name, e.g. `/worklane/prod/`.
    prefix: String,
}

impl SsmSecrets {
    pub fn new(client: aws_sdk_ssm::Client, prefix: impl Into<String>) -> Self {
        let mut prefix = prefix.into();
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        Self { client, prefix }
    }

    /// The client of the function's role, and the prefix in `WORKLANE_SECRETS_PREFIX`
    /// (`/worklane/` when unset).
    pub async fn from_env() -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let prefix =
            std::env::var("WORKLANE_SECRETS_PREFIX").unwrap_or_else(|_| "/worklane/".into());
        Self::new(aws_sdk_ssm::Client::new(&config), prefix)
    }

    /// A client of a local AWS emulator at `endpoint` (moto), with static test credentials.
    pub fn local(endpoint: &str, prefix: &str) -> Self {
        let credentials = aws_sdk_ssm::config::Credentials::new(
            "worklane-test",
            "worklane-test",
            None,
            None,
            "worklane-local",
        );
        let config = aws_sdk_ssm::Config::builder()
            .behavior_version(aws_sdk_ssm::config::BehaviorVersion::latest())
            .region(aws_sdk_ssm::config::Region::new("us-east-1"))
            .credentials_provider(credentials)
            .endpoint_url(endpoint)
            .build();
        Self::new(aws_sdk_ssm::Client::from_conf(config), prefix)
    }

    fn name(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name.trim_start_matches('/'))
    }
}

#[async_trait]
impl Secrets for SsmSecrets {
    async fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        let answer = self
            .client
            .get_parameter()
            .name(self.name(name))
            .with_decryption(true)
            .send()
            .await;
        match answer {
            Ok(found) => Ok(found.parameter.and_then(|p| p.value)),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), GetParameterError::ParameterNotFound(_)) =>
            {
                Ok(None)
            }
            Err(e) => Err(SecretError(format!(
                "Parameter Store did not give {name}: {}",
                DisplayErrorContext(e)
            ))),
        }
    }

    async fn put(&self, name: &str, value: &str) -> Result<(), SecretError> {
        self.client
            .put_parameter()
            .name(self.name(name))
            .value(value)
            .r#type(ParameterType::SecureString)
            .overwrite(true)
            .send()
            .await
            .map_err(|e| {
                SecretError(format!(
                    "Parameter Store did not keep {name}: {}",
                    DisplayErrorContext(e)
                ))
            })?;
        Ok(())
    }
}
