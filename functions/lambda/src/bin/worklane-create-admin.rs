//! `worklane-create-admin`: creates the first admin of a new deployment's table, the one
//! user nobody can create through the API. Refused once the table has any user.
//!
//! ```sh
//! WORKLANE_TABLE=worklane-prod WORKLANE_ADMIN_EMAIL=ada@example.com \
//! WORKLANE_ADMIN_NAME="Ada Admin" WORKLANE_ADMIN_PASSWORD=… worklane-create-admin
//! ```

use std::process::ExitCode;
use std::sync::Arc;

use worklane_core::Worklane;
use worklane_domain::{NewUserRequest, Role};
use worklane_store_dynamo::DynamoStore;

fn required(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

async fn run() -> Result<String, String> {
    let request = NewUserRequest {
        email: required("WORKLANE_ADMIN_EMAIL")?,
        name: required("WORKLANE_ADMIN_NAME")?,
        role: Some(Role::Admin),
        extension: None,
        password: required("WORKLANE_ADMIN_PASSWORD")?,
    };
    let new = request.validate().map_err(|errors| errors.to_string())?;
    let store = DynamoStore::from_env().await.map_err(|e| e.to_string())?;
    let admin = Worklane::local(Arc::new(store))
        .users()
        .create_first_admin(new)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("created admin {} <{}>", admin.name, admin.email))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("worklane-create-admin: {message}");
            ExitCode::FAILURE
        }
    }
}
