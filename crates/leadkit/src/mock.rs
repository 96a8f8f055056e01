//! `leadkit mock serve`: the mock in the foreground.

use std::io::Write as _;

use bureau_altdata::BureauClient;
use friendlyscore_client::FriendlyScoreClient;
use jeff_client::{HttpClient, JeffClient, SecretString};
use jornaya_preaudit::PreAuditClient;
use leadkit_mock::MockServer;

use crate::clients;
use crate::output::Failure;

pub async fn serve(port: u16, as_json: bool) -> Result<(), Failure> {
    let server = MockServer::start_on(port)
        .await
        .map_err(|e| Failure::internal(format!("cannot start the mock on port {port}: {e}")))?;
    let credentials = server.credentials();
    let mut out = std::io::stdout().lock();
    let exports = [
        (clients::JEFF_USERNAME, credentials.jeff_username.as_str()),
        (clients::JEFF_PASSWORD, credentials.jeff_password.as_str()),
        (clients::JEFF_BASE_URL, &server.jeff_api_url()),
        (clients::JEFF_DATA_BASE_URL, &server.jeff_data_url()),
        (
            clients::JORNAYA_ACCOUNT_CODE,
            &credentials.jornaya_account_code,
        ),
        (clients::JORNAYA_BASE_URL, &server.jornaya_url()),
        (clients::FS_CLIENT_ID, &credentials.friendlyscore_client_id),
        (
            clients::FS_CLIENT_SECRET,
            &credentials.friendlyscore_client_secret,
        ),
        (clients::FS_BASE_URL, &server.friendlyscore_url()),
        (
            clients::BUREAU_CREDENTIAL_ID,
            &credentials.bureau_credential_id,
        ),
        (
            clients::BUREAU_CREDENTIAL_SECRET,
            &credentials.bureau_credential_secret,
        ),
        (clients::BUREAU_BASE_URL, &server.bureau_url()),
        (clients::BUREAU_WORKFLOW_ID, WORKFLOW_ID),
    ];
    if as_json {
        let environment: serde_json::Map<String, serde_json::Value> = exports
            .iter()
            .map(|(key, value)| ((*key).to_owned(), serde_json::json!(value)))
            .collect();
        let document = serde_json::json!({
            "addr": server.addr().to_string(),
            "base_urls": {
                "jeff": server.jeff_api_url(),
                "jeff_data": server.jeff_data_url(),
                "jornaya": server.jornaya_url(),
                "friendlyscore": server.friendlyscore_url(),
                "bureau": server.bureau_url(),
            },
            "environment": environment,
        });
        let _ = writeln!(out, "{document}");
        let _ = out.flush();
        drop(out);
        std::future::pending::<()>().await;
        return Ok(());
    }
    let _ = writeln!(
        out,
        "leadkit mock listening on {} (Ctrl-C stops it)\n\n\
         base URLs:\n  jeff           {}\n  jeff (data)    {}\n  jornaya        {}\n  friendlyscore  {}\n  bureau         {}\n\n\
         The mock accepts fixed, public test credentials (docs/mock.md). To point the CLI at it:\n",
        server.addr(),
        server.jeff_api_url(),
        server.jeff_data_url(),
        server.jornaya_url(),
        server.friendlyscore_url(),
        server.bureau_url(),
    );
    let exports = exports
        .map(|(key, value)| format!("export {key}={value}\n"))
        .concat();
    let _ = write!(out, "{exports}");
    let _ = out.flush();
    drop(out);
    std::future::pending::<()>().await;
    Ok(())
}

/// The workflow id the mock accepts for Bureau.
pub const WORKFLOW_ID: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";

/// A Jeff client pointed at `server`, with its test credentials.
pub fn jeff(server: &MockServer, http: &HttpClient) -> Result<JeffClient, Failure> {
    let credentials = server.credentials();
    Ok(JeffClient::builder(
        credentials.jeff_username.clone(),
        SecretString::from(credentials.jeff_password.clone()),
    )
    .api_base_url(server.jeff_api_url())?
    .data_base_url(server.jeff_data_url())?
    .http_client(http.clone())
    .build()?)
}

/// A Jornaya client pointed at `server`.
pub fn jornaya(server: &MockServer, http: &HttpClient) -> Result<PreAuditClient, Failure> {
    Ok(
        PreAuditClient::builder(server.credentials().jornaya_account_code.clone())
            .base_url(server.jornaya_url())?
            .http_client(http.clone())
            .build()?,
    )
}

/// A FriendlyScore client pointed at `server`, with its test credentials.
pub fn friendlyscore(
    server: &MockServer,
    http: &HttpClient,
) -> Result<FriendlyScoreClient, Failure> {
    let credentials = server.credentials();
    Ok(FriendlyScoreClient::builder(
        credentials.friendlyscore_client_id.clone(),
        SecretString::from(credentials.friendlyscore_client_secret.clone()),
    )
    .base_url(server.friendlyscore_url())?
    .http_client(http.clone())
    .build()?)
}

/// A Bureau client pointed at `server`, with its test credentials.
pub fn bureau(server: &MockServer, http: &HttpClient) -> Result<BureauClient, Failure> {
    let credentials = server.credentials();
    Ok(BureauClient::builder(
        credentials.bureau_credential_id.clone(),
        SecretString::from(credentials.bureau_credential_secret.clone()),
    )
    .base_url(server.bureau_url())?
    .http_client(http.clone())
    .build()?)
}
