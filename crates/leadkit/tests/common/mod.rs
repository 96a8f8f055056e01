//! Runs the built `leadkit` binary against a mock started in the test.

#![allow(dead_code)]

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use leadkit_mock::{MockCredentials, MockServer};

/// Distinctive secrets, so that a leak is unmistakable.
pub const JEFF_PASSWORD: &str = "JEFF-SECRET-pw-7c1e";
pub const JORNAYA_BEARER: &str = "JORNAYA-SECRET-bearer-51aa";
pub const FS_SECRET: &str = "FS-SECRET-client-93d0";
pub const BUREAU_SECRET: &str = "BUREAU-SECRET-cred-2b8f";
/// An applicant's social access token (read from a file by the CLI).
pub const FACEBOOK_TOKEN: &str = "FB-SECRET-token-6e42";
/// Every credential (secrets, and the ids and account code that go with them) that must never
/// appear in any output.
pub const SECRETS: [&str; 10] = [
    "cli-partner",
    "CLI-ACCOUNT",
    "cli-client",
    "cli-credential",
    JEFF_PASSWORD,
    JORNAYA_BEARER,
    FS_SECRET,
    BUREAU_SECRET,
    FACEBOOK_TOKEN,
    "mock-fs-access-token",
];

pub const WORKFLOW: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";

pub fn credentials() -> MockCredentials {
    MockCredentials {
        jeff_username: "cli-partner".into(),
        jeff_password: JEFF_PASSWORD.into(),
        jornaya_account_code: "CLI-ACCOUNT".into(),
        jornaya_bearer_token: Some(JORNAYA_BEARER.into()),
        friendlyscore_client_id: "cli-client".into(),
        friendlyscore_client_secret: FS_SECRET.into(),
        bureau_credential_id: "cli-credential".into(),
        bureau_credential_secret: BUREAU_SECRET.into(),
    }
}

pub fn server() -> MockServer {
    MockServer::builder()
        .credentials(credentials())
        .retry_after(Duration::ZERO)
        .slow_delay(Duration::from_secs(3))
        .start_in_background()
        .expect("mock starts")
}

/// The credentials as environment variables.
pub fn env() -> Vec<(&'static str, String)> {
    let c = credentials();
    vec![
        ("LEADKIT_JEFF_USERNAME", c.jeff_username),
        ("LEADKIT_JEFF_PASSWORD", c.jeff_password),
        ("LEADKIT_JORNAYA_ACCOUNT_CODE", c.jornaya_account_code),
        ("LEADKIT_JORNAYA_BEARER_TOKEN", JORNAYA_BEARER.into()),
        ("LEADKIT_FRIENDLYSCORE_CLIENT_ID", c.friendlyscore_client_id),
        (
            "LEADKIT_FRIENDLYSCORE_CLIENT_SECRET",
            c.friendlyscore_client_secret,
        ),
        ("LEADKIT_BUREAU_CREDENTIAL_ID", c.bureau_credential_id),
        (
            "LEADKIT_BUREAU_CREDENTIAL_SECRET",
            c.bureau_credential_secret,
        ),
        ("LEADKIT_BUREAU_WORKFLOW_ID", WORKFLOW.into()),
    ]
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The JSON error on stderr (with --json): its last line, after any `--verbose` logs.
    pub fn json_error(&self) -> serde_json::Value {
        let last = self.stderr.trim().lines().last().unwrap_or_default();
        serde_json::from_str(last)
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}):\n{}", self.stderr))
    }

    /// Asserts the exit code, showing the output when it differs.
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that no secret appears anywhere in the output.
    pub fn assert_no_secret(&self) {
        for secret in SECRETS {
            assert!(
                !self.stdout.contains(secret) && !self.stderr.contains(secret),
                "{secret} leaked\nstdout:\n{}\nstderr:\n{}",
                self.stdout,
                self.stderr
            );
        }
    }
}

/// Runs `leadkit` with only the given environment (no inherited config or credentials).
pub fn leadkit_with_env(args: &[&str], env: &[(&str, String)]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_leadkit"))
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .output()
        .expect("leadkit runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_no_secret();
    run
}

/// Runs `leadkit` with the credentials in the environment.
pub fn leadkit(args: &[&str]) -> Run {
    leadkit_with_env(args, &env())
}

/// A temporary file holding `text`, removed on drop.
pub struct TempFile {
    pub path: std::path::PathBuf,
}

impl TempFile {
    pub fn new(name: &str, text: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("leadkit-cli-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Self { path }
    }

    pub fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A loopback address nothing listens on.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
