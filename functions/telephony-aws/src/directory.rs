//! What a contact event leaves out, asked of Amazon Connect. Events name the agent by ARN (its
//! last part a generated id) and Worklane knows its reps by email: a Connect user's username
//! is the rep's Worklane email, so `DescribeUser` turns the one into the other (answers kept
//! for the life of the process). Events may not carry the caller's number: `DescribeContact`
//! has it.

use std::collections::HashMap;
use std::sync::Mutex;

use worklane_core::calls::ports::TelephonyError;

pub struct ConnectDirectory {
    client: aws_sdk_connect::Client,
    known: Mutex<HashMap<String, String>>,
}

/// The instance and agent ids in `arn:aws:connect:{region}:{account}:instance/{instance}/agent/{agent}`.
fn ids(arn: &str) -> Option<(&str, &str)> {
    let path = arn.split(':').nth(5)?;
    let mut parts = path.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("instance"), Some(instance), Some("agent"), Some(agent))
            if !instance.is_empty() && !agent.is_empty() =>
        {
            Some((instance, agent))
        }
        _ => None,
    }
}

impl ConnectDirectory {
    pub fn new(client: aws_sdk_connect::Client) -> Self {
        Self {
            client,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The caller's number on `contact`, when Connect knows it.
    pub async fn caller_number(
        &self,
        instance_id: &str,
        contact_id: &str,
    ) -> Result<Option<String>, TelephonyError> {
        let answer = self
            .client
            .describe_contact()
            .instance_id(instance_id)
            .contact_id(contact_id)
            .send()
            .await
            .map_err(|e| {
                TelephonyError(format!(
                    "Amazon Connect could not describe contact {contact_id}: {}",
                    aws_sdk_connect::error::DisplayErrorContext(&e)
                ))
            })?;
        Ok(answer
            .contact()
            .and_then(|c| c.customer_endpoint())
            .and_then(|e| e.address())
            .map(str::to_string))
    }

    /// With the usual credentials chain (the Lambda role).
    pub async fn from_env() -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Self::new(aws_sdk_connect::Client::new(&config))
    }

    /// The agent's username (the rep's email), or none when the ARN names no agent or Connect
    /// has no such user.
    pub async fn username(&self, agent_arn: &str) -> Result<Option<String>, TelephonyError> {
        let Some((instance, agent)) = ids(agent_arn) else {
            return Ok(None);
        };
        if let Some(name) = self
            .known
            .lock()
            .ok()
            .and_then(|k| k.get(agent_arn).cloned())
        {
            return Ok(Some(name));
        }
        let answer = match self
            .client
            .describe_user()
            .instance_id(instance)
            .user_id(agent)
            .send()
            .await
        {
            Ok(answer) => answer,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => {
                return Err(TelephonyError(format!(
                    "Amazon Connect could not say who agent {agent} is: {}",
                    aws_sdk_connect::error::DisplayErrorContext(&e)
                )));
            }
        };
        let name = answer.user().and_then(|u| u.username()).map(str::to_string);
        if let (Some(name), Ok(mut known)) = (&name, self.known.lock()) {
            known.insert(agent_arn.to_string(), name.clone());
        }
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::ids;

    #[test]
    fn an_agent_arn_names_its_instance_and_agent() {
        assert_eq!(
            ids("arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-2"),
            Some(("i-1", "a-2"))
        );
        assert_eq!(
            ids("arn:aws:connect:us-east-1:1:instance/i-1/queue/q"),
            None
        );
        assert_eq!(ids("rep@example.com"), None);
    }
}
