//! SDK errors turned into a short reason a rep can read on a failed interaction. The full
//! error goes to the log; the reason says what happened and whether retrying may help.

use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use worklane_core::messaging::SendError;

/// What kind of failure an `SdkError` was, with the service's own code and message if it
/// answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No answer in time (the SDK's timeout, or the connection's).
    Timeout,
    /// The service could not be reached (DNS, TLS, connection refused, no credentials…).
    Unreachable,
    /// It answered something the SDK could not read.
    Unreadable,
    /// The request could not be built (an invalid input the SDK caught itself).
    Construction,
    /// The service answered with an error.
    Service {
        code: Option<String>,
        message: Option<String>,
    },
}

pub(crate) fn classify<E, R>(error: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata,
{
    match error {
        SdkError::TimeoutError(_) => Failure::Timeout,
        SdkError::DispatchFailure(failure) if failure.is_timeout() => Failure::Timeout,
        SdkError::DispatchFailure(_) => Failure::Unreachable,
        SdkError::ResponseError(_) => Failure::Unreadable,
        SdkError::ConstructionFailure(_) => Failure::Construction,
        SdkError::ServiceError(context) => Failure::Service {
            code: context.err().code().map(str::to_owned),
            message: context.err().message().map(str::to_owned),
        },
        _ => Failure::Unreachable,
    }
}

/// Which service failed: the words differ a little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    Ses,
    Sns,
}

impl Service {
    fn name(self) -> &'static str {
        match self {
            Service::Ses => "SES",
            Service::Sns => "SNS",
        }
    }
}

/// At most 200 characters of the service's message.
fn clipped(message: &str) -> String {
    const MAX: usize = 200;
    let message = message.trim();
    if message.chars().count() <= MAX {
        message.to_owned()
    } else {
        let mut short: String = message.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

pub(crate) fn reason(service: Service, failure: &Failure) -> String {
    let name = service.name();
    let (code, message) = match failure {
        Failure::Timeout => return format!("{name} did not answer in time, retry later"),
        Failure::Unreachable => return format!("could not reach {name}, retry later"),
        Failure::Unreadable => {
            return format!("{name} gave an answer that could not be read, retry later");
        }
        Failure::Construction => return format!("the message could not be prepared for {name}"),
        Failure::Service { code, message } => (code.as_deref().unwrap_or(""), message.as_deref()),
    };
    let detail = message
        .map(clipped)
        .filter(|m| !m.is_empty())
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    let with_code = |text: String| {
        if code.is_empty() {
            text
        } else {
            format!("{text} ({code})")
        }
    };

    if code.contains("Throttl")
        || matches!(
            code,
            "TooManyRequestsException" | "LimitExceededException" | "RequestLimitExceeded"
        )
    {
        return format!("throttled by {name}, retry later");
    }
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "AuthorizationError"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "SignatureDoesNotMatch" => with_code(format!(
            "{name} did not allow Worklane to send; an administrator must check its permissions"
        )),
        "InternalError" | "InternalFailure" | "InternalErrorException" | "ServiceUnavailable" => {
            format!("{name} failed on its side, retry later")
        }
        // SES v2 SendEmail.
        "MessageRejected" => with_code(format!("SES refused the message{detail}")),
        "MailFromDomainNotVerifiedException" => {
            with_code("SES has not verified the sender's MAIL FROM domain".to_owned())
        }
        "AccountSuspendedException" => {
            with_code("SES has suspended sending for this account".to_owned())
        }
        "SendingPausedException" => with_code("SES sending is paused for this account".to_owned()),
        "NotFoundException" => with_code(format!("SES has no such sending configuration{detail}")),
        // SNS Publish to a phone number.
        "InvalidParameter" | "InvalidParameterValue" | "ValidationException"
            if service == Service::Sns =>
        {
            with_code(format!("SNS refused the number or the text{detail}"))
        }
        _ => with_code(format!("{name} refused the message{detail}")),
    }
}

/// The reason for `error`, logging the whole of it.
pub(crate) fn send_error<E, R>(service: Service, error: &SdkError<E, R>) -> SendError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let reason = reason(service, &classify(error));
    tracing::warn!(
        service = service.name(),
        error = %DisplayErrorContext(error),
        "send failed: {reason}"
    );
    SendError(reason)
}

#[cfg(test)]
mod tests {
    use aws_sdk_sesv2::error::{ConnectorError, ErrorMetadata};
    use aws_sdk_sesv2::operation::send_email::SendEmailError;
    use aws_sdk_sns::operation::publish::PublishError;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn service(code: &str, message: &str) -> Failure {
        Failure::Service {
            code: Some(code.into()),
            message: Some(message.into()),
        }
    }

    fn response(status: u16) -> Response {
        Response::new(StatusCode::try_from(status).unwrap(), SdkBody::empty())
    }

    #[test]
    fn an_unverified_sender_says_ses_refused_the_message_and_why() {
        assert_eq!(
            reason(
                Service::Ses,
                &service(
                    "MessageRejected",
                    "Email address is not verified. The following identities failed the check in region US-EAST-1: crm@example.com"
                )
            ),
            "SES refused the message: Email address is not verified. The following identities failed the check in region US-EAST-1: crm@example.com (MessageRejected)"
        );
    }

    #[test]
    fn throttling_in_any_spelling_says_retry_later() {
        for (service_name, code) in [
            (Service::Ses, "TooManyRequestsException"),
            (Service::Ses, "LimitExceededException"),
            (Service::Sns, "Throttled"),
            (Service::Sns, "ThrottlingException"),
            (Service::Sns, "KMSThrottling"),
        ] {
            let text = reason(service_name, &service(code, "Rate exceeded"));
            assert!(text.starts_with("throttled by"), "{code}: {text}");
            assert!(text.ends_with("retry later"), "{code}: {text}");
        }
    }

    #[test]
    fn account_and_permission_problems_name_who_must_act() {
        assert_eq!(
            reason(Service::Ses, &service("SendingPausedException", "")),
            "SES sending is paused for this account (SendingPausedException)"
        );
        assert_eq!(
            reason(Service::Ses, &service("AccountSuspendedException", "x")),
            "SES has suspended sending for this account (AccountSuspendedException)"
        );
        assert_eq!(
            reason(
                Service::Ses,
                &service("MailFromDomainNotVerifiedException", "x")
            ),
            "SES has not verified the sender's MAIL FROM domain (MailFromDomainNotVerifiedException)"
        );
        assert_eq!(
            reason(
                Service::Sns,
                &service("AuthorizationError", "User is not authorized")
            ),
            "SNS did not allow Worklane to send; an administrator must check its permissions (AuthorizationError)"
        );
        assert_eq!(
            reason(Service::Ses, &service("InternalFailure", "oops")),
            "SES failed on its side, retry later"
        );
    }

    #[test]
    fn a_bad_phone_number_says_sns_refused_it() {
        assert_eq!(
            reason(
                Service::Sns,
                &service(
                    "InvalidParameter",
                    "Invalid parameter: PhoneNumber Reason: +1 is not valid to publish to"
                )
            ),
            "SNS refused the number or the text: Invalid parameter: PhoneNumber Reason: +1 is not valid to publish to (InvalidParameter)"
        );
    }

    #[test]
    fn unknown_codes_and_missing_messages_still_read_well() {
        assert_eq!(
            reason(Service::Ses, &service("SomethingNew", "  ")),
            "SES refused the message (SomethingNew)"
        );
        assert_eq!(
            reason(
                Service::Sns,
                &Failure::Service {
                    code: None,
                    message: None
                }
            ),
            "SNS refused the message"
        );
        let long = reason(Service::Ses, &service("MessageRejected", &"x".repeat(1000)));
        assert!(long.len() < 260, "{long}");
    }

    #[test]
    fn transport_failures_say_retry_later() {
        assert_eq!(
            reason(Service::Ses, &Failure::Timeout),
            "SES did not answer in time, retry later"
        );
        assert_eq!(
            reason(Service::Sns, &Failure::Unreachable),
            "could not reach SNS, retry later"
        );
        assert!(reason(Service::Ses, &Failure::Unreadable).ends_with("retry later"));
        assert_eq!(
            reason(Service::Sns, &Failure::Construction),
            "the message could not be prepared for SNS"
        );
    }

    #[test]
    fn sdk_errors_are_classified_by_kind_and_code() {
        let rejected: SdkError<SendEmailError, Response> = SdkError::service_error(
            SendEmailError::generic(
                ErrorMetadata::builder()
                    .code("MessageRejected")
                    .message("Email address is not verified.")
                    .build(),
            ),
            response(400),
        );
        assert_eq!(
            classify(&rejected),
            service("MessageRejected", "Email address is not verified.")
        );
        assert_eq!(
            send_error(Service::Ses, &rejected),
            SendError(
                "SES refused the message: Email address is not verified. (MessageRejected)".into()
            )
        );

        let timeout: SdkError<PublishError, Response> = SdkError::timeout_error("too slow");
        assert_eq!(classify(&timeout), Failure::Timeout);
        let connect_timeout: SdkError<PublishError, Response> =
            SdkError::dispatch_failure(ConnectorError::timeout("connect".into()));
        assert_eq!(classify(&connect_timeout), Failure::Timeout);
        let refused: SdkError<PublishError, Response> =
            SdkError::dispatch_failure(ConnectorError::io("connection refused".into()));
        assert_eq!(classify(&refused), Failure::Unreachable);
        let garbled: SdkError<PublishError, Response> =
            SdkError::response_error("not xml", response(200));
        assert_eq!(classify(&garbled), Failure::Unreadable);
        let unbuildable: SdkError<PublishError, Response> =
            SdkError::construction_failure("missing field");
        assert_eq!(classify(&unbuildable), Failure::Construction);
    }
}
