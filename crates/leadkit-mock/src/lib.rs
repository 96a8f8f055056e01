#![doc = include_str!("../README.md")]

mod bureau;
mod fixtures;
mod friendlyscore;
mod http;
mod jeff;
mod jornaya;
mod server;

pub use server::{
    BUREAU_PREFIX, FRIENDLYSCORE_PREFIX, JEFF_API_PREFIX, JEFF_DATA_PREFIX, JORNAYA_PREFIX,
    MockServer, MockServerBuilder, RecordedRequest,
};

/// The vendor APIs the mock serves (Jeff has two hosts, so two entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vendor {
    /// Jeff's Partner Events, Lead Data and Fraud Data (`/jeff/partners-api`).
    Jeff,
    /// Jeff's Social Presence (`/jeff-data/partner-api`).
    JeffData,
    /// Jornaya's Pre-Audit (`/jornaya`).
    Jornaya,
    /// FriendlyScore API v2 (`/friendlyscore`).
    FriendlyScore,
    /// Bureau's transactions (`/bureau`).
    Bureau,
}

impl Vendor {
    /// Every vendor API, in the order of [`MockServer::base_url`]'s documentation.
    pub const ALL: [Vendor; 5] = [
        Vendor::Jeff,
        Vendor::JeffData,
        Vendor::Jornaya,
        Vendor::FriendlyScore,
        Vendor::Bureau,
    ];

    /// The vendor a request path belongs to.
    pub fn from_path(path: &str) -> Option<Vendor> {
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under(JEFF_API_PREFIX) {
            Some(Vendor::Jeff)
        } else if under(JEFF_DATA_PREFIX) {
            Some(Vendor::JeffData)
        } else if under(JORNAYA_PREFIX) {
            Some(Vendor::Jornaya)
        } else if under(FRIENDLYSCORE_PREFIX) {
            Some(Vendor::FriendlyScore)
        } else if under(BUREAU_PREFIX) {
            Some(Vendor::Bureau)
        } else {
            None
        }
    }
}

/// The credentials the mock accepts. The defaults are fixed, public placeholders (see
/// `docs/mock.md`): the mock is a local fake, never a place for real credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct MockCredentials {
    /// Jeff partner user name (HTTP Basic, or the `username` query parameter).
    pub jeff_username: String,
    /// Jeff partner password (HTTP Basic, or the `password` query parameter).
    pub jeff_password: String,
    /// Jornaya account code (`lac`).
    pub jornaya_account_code: String,
    /// Jornaya API Authentication token: when set, `Authorization: Bearer <token>` is required.
    pub jornaya_bearer_token: Option<String>,
    /// FriendlyScore OAuth2 client id.
    pub friendlyscore_client_id: String,
    /// FriendlyScore OAuth2 client secret.
    pub friendlyscore_client_secret: String,
    /// Bureau credential id (HTTP Basic user).
    pub bureau_credential_id: String,
    /// Bureau credential secret (HTTP Basic password).
    pub bureau_credential_secret: String,
}

impl MockCredentials {
    /// Default Jeff user name.
    pub const JEFF_USERNAME: &'static str = "mock-partner";
    /// Default Jeff password.
    pub const JEFF_PASSWORD: &'static str = "mock-jeff-password";
    /// Default Jornaya account code.
    pub const JORNAYA_ACCOUNT_CODE: &'static str = "MOCK-ACCOUNT-CODE";
    /// Default FriendlyScore client id.
    pub const FRIENDLYSCORE_CLIENT_ID: &'static str = "mock-client-id";
    /// Default FriendlyScore client secret.
    pub const FRIENDLYSCORE_CLIENT_SECRET: &'static str = "mock-friendlyscore-secret";
    /// Default Bureau credential id.
    pub const BUREAU_CREDENTIAL_ID: &'static str = "mock-credential-id";
    /// Default Bureau credential secret.
    pub const BUREAU_CREDENTIAL_SECRET: &'static str = "mock-bureau-secret";
}

impl Default for MockCredentials {
    fn default() -> Self {
        Self {
            jeff_username: Self::JEFF_USERNAME.into(),
            jeff_password: Self::JEFF_PASSWORD.into(),
            jornaya_account_code: Self::JORNAYA_ACCOUNT_CODE.into(),
            jornaya_bearer_token: None,
            friendlyscore_client_id: Self::FRIENDLYSCORE_CLIENT_ID.into(),
            friendlyscore_client_secret: Self::FRIENDLYSCORE_CLIENT_SECRET.into(),
            bureau_credential_id: Self::BUREAU_CREDENTIAL_ID.into(),
            bureau_credential_secret: Self::BUREAU_CREDENTIAL_SECRET.into(),
        }
    }
}

impl std::fmt::Debug for MockCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockCredentials")
            .field("jeff_username", &self.jeff_username)
            .field("jornaya_account_code", &self.jornaya_account_code)
            .field("friendlyscore_client_id", &self.friendlyscore_client_id)
            .field("bureau_credential_id", &self.bureau_credential_id)
            .finish_non_exhaustive()
    }
}
