//! The secret store against moto's Parameter Store (`WORKLANE_MOTO_ENDPOINT`, set by
//! `scripts/with-moto.sh`): a real round trip through the SDK.

use worklane_core::imports::ports::Secrets;
use worklane_secrets_aws::SsmSecrets;

fn endpoint() -> String {
    std::env::var("WORKLANE_MOTO_ENDPOINT").unwrap_or_else(|_| {
        panic!("WORKLANE_MOTO_ENDPOINT is not set: run `scripts/with-moto.sh cargo test` or `make test`, which start moto")
    })
}

#[tokio::test]
async fn a_secret_is_kept_encrypted_and_read_back_and_a_missing_one_is_none() {
    let prefix = format!("/worklane/test-{}/", std::process::id());
    let secrets = SsmSecrets::local(&endpoint(), &prefix);
    assert_eq!(
        secrets.get("imports/faq-requests/token").await.unwrap(),
        None
    );
    secrets
        .put("imports/faq-requests/token", "first")
        .await
        .unwrap();
    secrets
        .put("imports/faq-requests/token", "second")
        .await
        .unwrap();
    assert_eq!(
        secrets
            .get("imports/faq-requests/token")
            .await
            .unwrap()
            .as_deref(),
        Some("second")
    );
}
