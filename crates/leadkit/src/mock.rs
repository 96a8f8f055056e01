//! `leadkit mock serve`: the mock in the foreground.

use std::io::Write as _;

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
        (
            clients::BUREAU_WORKFLOW_ID,
            "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
        ),
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
