//! SDK failures as [`StoreError`]s. A service error reads as DynamoDB's code and message; any
//! other failure as its chain of causes, each by its Display text, as the SDK's
//! `DisplayErrorContext` walks it — but without the Debug dump of the whole error (raw HTTP
//! response included) that `DisplayErrorContext` appends.

use std::error::Error;
use std::fmt::{Debug, Write};

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::RequestId;
use aws_sdk_dynamodb::types::CancellationReason;
use worklane_store::StoreError;

/// Any SDK error the port has no better name for.
pub(crate) fn unavailable<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + Error + 'static,
    R: Debug + 'static,
{
    StoreError::Unavailable(describe(&error))
}

/// A request the SDK could not even build (a required field missing).
pub(crate) fn unbuildable(error: impl Error + 'static) -> StoreError {
    StoreError::Unavailable(format!(
        "DynamoDB request could not be built: {}",
        causes(&error)
    ))
}

fn describe<E, R>(error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + Error + 'static,
    R: Debug + 'static,
{
    match error {
        SdkError::ServiceError(_) => {
            let mut text = format!(
                "DynamoDB answered {}: {}",
                error.code().unwrap_or("an unnamed error"),
                error.message().unwrap_or("no message")
            );
            if let Some(id) = error.meta().request_id() {
                let _ = write!(text, " (request id {id})");
            }
            text
        }
        _ => format!("DynamoDB request failed: {}", causes(error)),
    }
}

/// The error's Display text, then each of its sources', joined by ": ".
fn causes(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

/// The write a cancelled transaction failed on: the first whose reason is a failed
/// condition. `None` when the transaction was cancelled for another reason (a conflict,
/// throttling).
pub(crate) fn failed_write(reasons: &[CancellationReason]) -> Option<usize> {
    reasons
        .iter()
        .position(|reason| reason.code() == Some("ConditionalCheckFailed"))
}

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::error::ErrorMetadata;
    use aws_sdk_dynamodb::operation::put_item::PutItemError;

    use super::*;

    fn reason(code: &str) -> CancellationReason {
        CancellationReason::builder().code(code).build()
    }

    #[test]
    fn the_first_failed_condition_names_the_write() {
        let reasons = [
            reason("None"),
            reason("ConditionalCheckFailed"),
            reason("ConditionalCheckFailed"),
        ];
        assert_eq!(failed_write(&reasons), Some(1));
    }

    #[test]
    fn a_conflict_is_not_a_failed_condition() {
        let reasons = [reason("None"), reason("TransactionConflict")];
        assert_eq!(failed_write(&reasons), None);
    }

    #[test]
    fn a_service_error_reads_as_its_code_and_message_without_debug_text() {
        let meta = ErrorMetadata::builder()
            .code("ValidationException")
            .message("Item size has exceeded the maximum allowed size")
            .build();
        let error: SdkError<PutItemError, ()> =
            SdkError::service_error(PutItemError::generic(meta), ());
        let StoreError::Unavailable(text) = unavailable(error) else {
            panic!("not Unavailable");
        };
        assert_eq!(
            text,
            "DynamoDB answered ValidationException: Item size has exceeded the maximum allowed size"
        );
    }

    #[test]
    fn other_failures_read_as_their_chain_of_causes() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let error: SdkError<PutItemError, ()> = SdkError::timeout_error(io);
        let StoreError::Unavailable(text) = unavailable(error) else {
            panic!("not Unavailable");
        };
        assert_eq!(
            text,
            "DynamoDB request failed: request has timed out: connection refused"
        );
        assert!(!text.contains("Custom") && !text.contains('{'), "{text}");
    }
}
