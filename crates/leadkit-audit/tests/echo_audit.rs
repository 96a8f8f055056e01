//! The echo audit: vendors repeat what they were sent, so a loopback vendor here answers every
//! public call of the four vendor crates with error bodies that echo the request it received
//! (its path, query string raw, decoded and re-encoded, its form or JSON body, its headers with
//! `Authorization`, and its values as vendors write them back: JSON-escaped the PHP way, phone
//! numbers spaced and dashed), under 400, 401, 404, 429, 500 and a 200 that is an error
//! document, in five formats (JSON under `message`, `errorMessage` and `error_description`,
//! XML, plain text). The same runs through the `leadkit` CLI, with and without `--json`.
//!
//! An oracle written here, independent of leadkit-core's masking, knows every value each
//! request carried (emails, phone numbers, names, ids, tokens, secrets, Basic credentials) and
//! looks for it in the forms an echo takes (plain, URL-encoded with `+` and with `%20`,
//! JSON-escaped, PHP-escaped, digits with any separators, an 8-character-or-longer fragment,
//! and a prefix cut at the end of a truncated body excerpt), ignoring ASCII case, in each
//! error's `Display`, `Debug`, `{:#?}`, source chain and body excerpt, in a successful answer's
//! `Debug`, in the progress reports of a Bureau run, in Jornaya evidence, in everything logged
//! at TRACE, in panic messages, and in the CLI's stdout and stderr.
//!
//! Every leak is reported precisely (call, fault and format, value, form, where). The leaks
//! known today are listed in [`KNOWN_LEAKS`]: the audit fails on a leak not listed there, and
//! on a listed leak that no longer happens, so the list stays true.
//!
//! Alone in its test binary (with the CLI run, which logs nothing in this process, and the
//! table check): tracing caches each call site's interest process-wide.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as _;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use leadkit_core::testing::faults::retry_policy;
use leadkit_core::testing::{LogCapture, fixture, test_http_client};
use leadkit_core::{Error, HttpClient, PollPolicy};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// The calls
// ---------------------------------------------------------------------------------------------

/// Every public async call of the four vendor crates, as `crate::Type::method`. A `pub async
/// fn` in their sources without a row here fails `every_public_async_call_has_a_row`; a row the
/// matrix does not run fails the matrix.
const CALLS: &[&str] = &[
    "jeff-client::JeffClient::lead_data",
    "jeff-client::JeffClient::fraud_data",
    "jeff-client::JeffClient::social_presence",
    "jeff-client::JeffClient::send_event",
    "jornaya-preaudit::PreAuditClient::single_pre_audit",
    "jornaya-preaudit::PreAuditClient::single_pre_audit_with_evidence",
    "friendlyscore-client::FriendlyScoreClient::show_user",
    "friendlyscore-client::FriendlyScoreClient::show_user_social",
    "friendlyscore-client::FriendlyScoreClient::show_user_ip_addr",
    "friendlyscore-client::FriendlyScoreClient::show_user_data_points",
    "friendlyscore-client::FriendlyScoreClient::show_user_heat_map",
    "friendlyscore-client::FriendlyScoreClient::list_users",
    "friendlyscore-client::UserPager::next_page",
    "friendlyscore-client::UserPager::collect_all",
    "friendlyscore-client::PageStream::next",
    "friendlyscore-client::UserStream::next",
    "friendlyscore-client::FriendlyScoreClient::min_fraud_data",
    "friendlyscore-client::FriendlyScoreClient::show_fraud_alerts",
    "friendlyscore-client::FriendlyScoreClient::show_gmail",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_places",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_days_of_birth",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_skills",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_phones",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_work_periods",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_universities",
    "friendlyscore-client::FriendlyScoreClient::show_gmail_emails",
    "friendlyscore-client::FriendlyScoreClient::calculate_score",
    "friendlyscore-client::FriendlyScoreClient::wait_for_score",
    "friendlyscore-client::FriendlyScoreClient::performance_data",
    "friendlyscore-client::FriendlyScoreClient::set_positive",
    "friendlyscore-client::FriendlyScoreClient::set_status",
    "bureau-altdata::BureauClient::initiate",
    "bureau-altdata::BureauClient::fetch",
    "bureau-altdata::BureauClient::transaction",
    "bureau-altdata::BureauClient::run",
    "bureau-altdata::BureauClient::run_with",
    "bureau-altdata::BureauClient::run_with_progress",
    "bureau-altdata::BureauClient::poll",
    "bureau-altdata::BureauClient::poll_by_id",
    "bureau-altdata::BureauClient::poll_by_id_with_progress",
];

/// The vendor crates whose sources are searched for `pub async fn`.
const VENDOR_CRATES: &[&str] = &[
    "jeff-client",
    "jornaya-preaudit",
    "friendlyscore-client",
    "bureau-altdata",
];

/// How a call is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// Jeff with HTTP Basic.
    Basic,
    /// Jeff with `username`/`password` query parameters.
    Query,
    /// Jornaya over GET.
    Get,
    /// Jornaya over POST (form body).
    Post,
    /// FriendlyScore with a working token endpoint: the API echoes (a 401 makes the client
    /// fetch a fresh token and try once more).
    Api,
    /// FriendlyScore whose token endpoint echoes the token request (client secret included).
    TokenEndpoint,
    /// The only way (Bureau).
    Plain,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Self::Basic => "basic",
            Self::Query => "query credentials",
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Api => "api",
            Self::TokenEndpoint => "token endpoint",
            Self::Plain => "-",
        }
    }
}

fn variants(row: &str) -> Vec<Variant> {
    let vendor = row.split("::").next().unwrap_or_default();
    match vendor {
        "jeff-client" => vec![Variant::Basic, Variant::Query],
        "jornaya-preaudit" => vec![Variant::Get, Variant::Post],
        "friendlyscore-client" => {
            if row.ends_with("::show_user") || row.ends_with("::calculate_score") {
                vec![Variant::Api, Variant::TokenEndpoint]
            } else {
                vec![Variant::Api]
            }
        }
        _ => vec![Variant::Plain],
    }
}

// ---------------------------------------------------------------------------------------------
// Faults and formats
// ---------------------------------------------------------------------------------------------

/// How the echoing vendor answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    S400,
    S401,
    S404,
    S429,
    S500,
    /// A 200 whose body is an error document.
    ErrorDocument200,
    /// A 200 with the expected answer plus an `echo` member (Jornaya only: its evidence keeps
    /// the body, masked).
    Answer200WithEcho,
}

impl Fault {
    const ECHOES: [Fault; 6] = [
        Fault::S400,
        Fault::S401,
        Fault::S404,
        Fault::S429,
        Fault::S500,
        Fault::ErrorDocument200,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::S400 => "400",
            Self::S401 => "401",
            Self::S404 => "404",
            Self::S429 => "429",
            Self::S500 => "500",
            Self::ErrorDocument200 => "200-error",
            Self::Answer200WithEcho => "200-echo",
        }
    }

    fn status(self) -> u16 {
        match self {
            Self::S400 => 400,
            Self::S401 => 401,
            Self::S404 => 404,
            Self::S429 => 429,
            Self::S500 => 500,
            Self::ErrorDocument200 | Self::Answer200WithEcho => 200,
        }
    }
}

/// The format of an echoing body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonMessage,
    JsonErrorMessage,
    JsonErrorDescription,
    Xml,
    Text,
}

impl Format {
    const ALL: [Format; 5] = [
        Format::JsonMessage,
        Format::JsonErrorMessage,
        Format::JsonErrorDescription,
        Format::Xml,
        Format::Text,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::JsonMessage => "json:message",
            Self::JsonErrorMessage => "json:errorMessage",
            Self::JsonErrorDescription => "json:error_description",
            Self::Xml => "xml",
            Self::Text => "text",
        }
    }

    fn json_key(self) -> Option<&'static str> {
        match self {
            Self::JsonMessage => Some("message"),
            Self::JsonErrorMessage => Some("errorMessage"),
            Self::JsonErrorDescription => Some("error_description"),
            Self::Xml | Self::Text => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Xml => "application/xml",
            Self::Text => "text/plain; charset=utf-8",
            _ => "application/json",
        }
    }
}

fn faults_for(row: &str) -> Vec<Fault> {
    let mut faults = Fault::ECHOES.to_vec();
    if row.starts_with("jornaya-preaudit::") {
        faults.push(Fault::Answer200WithEcho);
    }
    faults
}

fn formats_for(fault: Fault) -> &'static [Format] {
    match fault {
        // The answer is JSON whatever the format: one run is enough.
        Fault::Answer200WithEcho => &[Format::JsonMessage],
        _ => &Format::ALL,
    }
}

// ---------------------------------------------------------------------------------------------
// What the requests carry
// ---------------------------------------------------------------------------------------------

mod jeff {
    pub const USER: &str = "jeff-partner";
    pub const PASSWORD: &str = "Jf-pass-7Q2w9Z";
    pub const EMAIL: &str = "oq.lender77@example.org";
    pub const PHONE: &str = "84987654321";
    pub const LEAD_ID: &str = "lead-9XK2QF7M";
    pub const EXTERNAL_ID: &str = "ext-448172";
    pub const REASON: &str = "Orla Quennell declined the offer";
}

mod jornaya {
    pub const ACCOUNT: &str = "ACCT-5521";
    pub const BEARER: &str = "jn-bearer-Z8R2M4T6";
    pub const LEADID: &str = "7C9E6679-7425-40DE-944B-E07FC1F90AE7";
    pub const ENTITY: &str = "ENT-QX7731";
    pub const PROVIDER: &str = "PRV-ZZ0915";
    pub const EMAIL: &str = "mv.consent@example.net";
    pub const PHONE: &str = "5557201938";
    pub const FIRST: &str = "Mirela";
    pub const LAST: &str = "Vostríkova";
}

mod fs {
    pub const CLIENT_ID: &str = "fs-client-7731";
    pub const SECRET: &str = "fs-secret-Q7w2E9";
    pub const PARTNER_ID: &str = "tr.applicant@example.com";
    pub const FACEBOOK: &str = "EAAB-fb-token-4f9c2b7e1d8a6035";
    pub const SCREEN_NAME: &str = "lark_watcher";
    pub const IP: &str = "198.51.100.23";
    pub const STATUS_DESCRIPTION: &str = "Tobiah Rennick missed two payments";
    pub const CUSTOMER_ID: &str = "cust-58213";
    /// The n-th access token the loopback token endpoint issues.
    pub fn access_token(n: usize) -> String {
        format!("fs-access-{n}-Hq82Kd0PzLmN")
    }
}

mod bureau {
    pub const CREDENTIAL: &str = "bureau-cred-01";
    pub const SECRET: &str = "bu-secret-R4t8Y2";
    pub const WORKFLOW: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";
    pub const EMAIL: &str = "kr.1987@example.in";
    pub const NAME: &str = "Kavya Raghunathan";
    pub const PHONE: &str = "919876543210";
    pub const TRANSACTION: &str = "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07";
}

/// `Basic` credentials as the header carries them, encoded here (not by leadkit).
fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Personal,
    Phone,
    Secret,
}

/// One value a request carried.
#[derive(Debug, Clone)]
struct Sensitive {
    label: String,
    text: String,
    kind: Kind,
}

fn value(label: &str, text: &str, kind: Kind) -> Sensitive {
    Sensitive {
        label: label.to_owned(),
        text: text.to_owned(),
        kind,
    }
}

/// Everything a vendor's requests carry that must never be printed; `issued` are the access
/// tokens the loopback token endpoint handed out.
fn sensitive_values(vendor: &str, issued: &[String]) -> Vec<Sensitive> {
    use Kind::{Personal, Phone, Secret};
    match vendor {
        "jeff" => vec![
            value("jeff password", jeff::PASSWORD, Secret),
            value(
                "jeff Basic credentials (base64)",
                &basic(jeff::USER, jeff::PASSWORD),
                Secret,
            ),
            value("jeff email", jeff::EMAIL, Personal),
            value("jeff phone", jeff::PHONE, Phone),
            value("jeff lead id", jeff::LEAD_ID, Personal),
            value("jeff external id", jeff::EXTERNAL_ID, Personal),
            value("jeff rejection reason", jeff::REASON, Personal),
            value("jeff reason name (first)", "Orla", Personal),
            value("jeff reason name (last)", "Quennell", Personal),
        ],
        // The account, entity and provider codes identify businesses, not the consumer: the
        // client logs the entity code on purpose, so they are not counted here.
        "jornaya" => vec![
            value("jornaya bearer token", jornaya::BEARER, Secret),
            value("jornaya LeadiD token", jornaya::LEADID, Personal),
            value("jornaya email", jornaya::EMAIL, Personal),
            value("jornaya phone", jornaya::PHONE, Phone),
            value("jornaya first name", jornaya::FIRST, Personal),
            value("jornaya last name", jornaya::LAST, Personal),
        ],
        "friendlyscore" => {
            let mut values = vec![
                value("friendlyscore client secret", fs::SECRET, Secret),
                value("friendlyscore partner id (email)", fs::PARTNER_ID, Personal),
                value("friendlyscore facebook token", fs::FACEBOOK, Secret),
                value(
                    "friendlyscore twitter screen name (access token)",
                    fs::SCREEN_NAME,
                    Secret,
                ),
                value("friendlyscore ip", fs::IP, Personal),
                value(
                    "friendlyscore status description",
                    fs::STATUS_DESCRIPTION,
                    Personal,
                ),
                value("friendlyscore description name (first)", "Tobiah", Personal),
                value("friendlyscore description name (last)", "Rennick", Personal),
                value("friendlyscore customer id", fs::CUSTOMER_ID, Personal),
            ];
            for (index, token) in issued.iter().enumerate() {
                values.push(value(
                    &format!("friendlyscore access token #{}", index + 1),
                    token,
                    Secret,
                ));
            }
            values
        }
        "bureau" => vec![
            value("bureau secret", bureau::SECRET, Secret),
            value(
                "bureau Basic credentials (base64)",
                &basic(bureau::CREDENTIAL, bureau::SECRET),
                Secret,
            ),
            value("bureau email", bureau::EMAIL, Personal),
            value("bureau name", bureau::NAME, Personal),
            value("bureau name (first)", "Kavya", Personal),
            value("bureau name (last)", "Raghunathan", Personal),
            value("bureau phone", bureau::PHONE, Phone),
        ],
        other => panic!("no values for vendor {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Written forms, computed here (never with leadkit-core's masking code)
// ---------------------------------------------------------------------------------------------

/// Percent-encodes all but ASCII letters, digits and `-._~`; a space becomes `space`.
fn url_encode(text: &str, space: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push_str(space),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` (and `+` as a space when `plus` is set).
fn url_decode(text: &str, plus: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|b| (*b as char).to_digit(16))
                .map(|d| d as u8)
        };
        match byte {
            b'+' if plus => out.push(b' '),
            b'%' => match (hex(index + 1), hex(index + 2)) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    index += 2;
                }
                _ => out.push(byte),
            },
            _ => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The content of a JSON string as serde writes it.
fn json_escape(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serialises");
    quoted[1..quoted.len() - 1].to_owned()
}

/// The content of a JSON string as PHP's `json_encode` writes it (`\uXXXX`, `\/`).
fn php_json_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// `84987654321` as `+84 987 654 321`.
fn spaced(digits: &str) -> String {
    let (code, rest) = digits.split_at(2.min(digits.len()));
    let groups: Vec<String> = rest
        .as_bytes()
        .chunks(3)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    format!("+{code} {}", groups.join(" "))
}

/// `84987654321` as `849-876-543-21`.
fn dashed(digits: &str) -> String {
    let groups: Vec<String> = digits
        .as_bytes()
        .chunks(3)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    groups.join("-")
}

/// The forms of one value the oracle looks for, lower-cased (ASCII), without repeats.
fn written_forms(value: &Sensitive) -> Vec<(&'static str, String)> {
    let text = value.text.as_str();
    let candidates = [
        ("plain", text.to_owned()),
        ("URL-encoded (+)", url_encode(text, "+")),
        ("URL-encoded (%20)", url_encode(text, "%20")),
        ("JSON-escaped", json_escape(text)),
        ("JSON-escaped (\\u, \\/)", php_json_escape(text)),
    ];
    let mut forms: Vec<(&'static str, String)> = Vec::new();
    for (name, form) in candidates {
        let form = form.to_ascii_lowercase();
        if !forms.iter().any(|(_, known)| *known == form) {
            forms.push((name, form));
        }
    }
    forms
}

/// The oracle for one run: every value and its forms.
struct Oracle {
    values: Vec<(Sensitive, Vec<(&'static str, String)>)>,
}

/// One leak found in one text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    value: String,
    form: &'static str,
}

impl Oracle {
    fn new(values: Vec<Sensitive>) -> Self {
        Self {
            values: values
                .into_iter()
                .map(|value| {
                    let forms = written_forms(&value);
                    (value, forms)
                })
                .collect(),
        }
    }

    /// How many (value, form) pairs each text is checked for.
    fn checks_per_text(&self) -> usize {
        self.values
            .iter()
            .map(|(value, forms)| {
                forms.len() + 1 + usize::from(value.kind == Kind::Phone) // + fragment
            })
            .sum()
    }

    /// The values found in `text`, in any of their forms.
    fn scan(&self, text: &str) -> Vec<Hit> {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        for (value, forms) in &self.values {
            let mut found = false;
            for (name, form) in forms {
                if lower.contains(form.as_str()) {
                    hits.push(Hit {
                        value: value.label.clone(),
                        form: name,
                    });
                    found = true;
                }
            }
            if value.kind == Kind::Phone && !found && separated_digits(&lower, &value.text) {
                hits.push(Hit {
                    value: value.label.clone(),
                    form: "digits with separators",
                });
                found = true;
            }
            if !found && fragment(&lower, &value.text) {
                hits.push(Hit {
                    value: value.label.clone(),
                    form: "fragment",
                });
            }
        }
        hits
    }

    /// The values a truncated body excerpt ends with the start of.
    fn scan_cut_end(&self, text: &str) -> Vec<Hit> {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        for (value, forms) in &self.values {
            let cut = forms.iter().any(|(_, form)| {
                (4..form.len())
                    .any(|len| form.is_char_boundary(len) && lower.ends_with(&form[..len]))
            });
            if cut {
                hits.push(Hit {
                    value: value.label.clone(),
                    form: "cut at the excerpt's end",
                });
            }
        }
        hits
    }
}

/// Whether a run of digits and phone separators (`+ -.()` and spaces) in `text` holds the
/// phone number's digits after its first two (the number without a two-digit country code).
fn separated_digits(text: &str, phone: &str) -> bool {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let tail = &digits[2.min(digits.len())..];
    let mut run = String::new();
    let check = |run: &mut String| {
        let found = run.len() >= tail.len() && run.contains(tail);
        run.clear();
        found
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else if !matches!(c, ' ' | '+' | '-' | '.' | '(' | ')') && check(&mut run) {
            return true;
        }
    }
    check(&mut run)
}

/// Whether `text` holds a piece of the value at least 8 characters (and 60 %) long. A piece
/// of an email must hold some of its local part: a masked email (`k***@example.in`) keeps
/// the domain on purpose.
fn fragment(text: &str, value: &str) -> bool {
    let chars: Vec<char> = value.to_ascii_lowercase().chars().collect();
    let len = 8.max((chars.len() * 3).div_ceil(5));
    if chars.len() <= len {
        return false;
    }
    let starts_before = chars.iter().position(|c| *c == '@').unwrap_or(chars.len());
    chars
        .windows(len)
        .take(starts_before)
        .any(|window| text.contains(&window.iter().collect::<String>()))
}

// ---------------------------------------------------------------------------------------------
// The echoing vendor
// ---------------------------------------------------------------------------------------------

/// What the loopback vendor does with the n-th API request (the last step repeats).
#[derive(Debug, Clone)]
enum Step {
    /// A normal JSON answer.
    Answer(u16, String),
    /// The fault, echoing the request.
    Echo,
}

/// What the token endpoint (`/oauth/v2/token`) does.
#[derive(Debug, Clone, Copy)]
enum TokenStep {
    /// Issues a new token (a different one each time).
    Issue,
    /// The fault, echoing the token request.
    Echo,
}

#[derive(Debug, Clone)]
struct Script {
    api: Vec<Step>,
    token: TokenStep,
    fault: Fault,
    format: Format,
    /// `Retry-After` of a 429.
    retry_after: &'static str,
    /// The answer a `200-echo` adds its `echo` member to.
    answer: Option<String>,
}

use leadkit_core::testing::{RecordedRequest as Received, read_request};

#[derive(Debug, Default)]
struct Seen {
    api: usize,
    token: usize,
    issued: Vec<String>,
}

struct EchoServer {
    url: String,
    seen: Arc<Mutex<Seen>>,
    task: tokio::task::JoinHandle<()>,
}

impl EchoServer {
    async fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let shared = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                let reply = respond(&script, &shared, &request);
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            }
        });
        Self { url, seen, task }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Echo\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

fn respond(script: &Script, seen: &Mutex<Seen>, request: &Received) -> Vec<u8> {
    let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
    if request.target.starts_with("/oauth/v2/token") {
        seen.token += 1;
        return match script.token {
            TokenStep::Issue => {
                let token = fs::access_token(seen.token);
                seen.issued.push(token.clone());
                let body = serde_json::json!({
                    "access_token": token,
                    "expires_in": 3600,
                    "token_type": "bearer",
                });
                http(
                    200,
                    &[("content-type", "application/json")],
                    body.to_string().as_bytes(),
                )
            }
            TokenStep::Echo => echo_answer(script, request),
        };
    }
    let index = seen.api.min(script.api.len() - 1);
    seen.api += 1;
    match &script.api[index] {
        Step::Answer(status, body) => http(
            *status,
            &[("content-type", "application/json")],
            body.as_bytes(),
        ),
        Step::Echo => echo_answer(script, request),
    }
}

/// The fault's answer, its body repeating the request in the script's format.
fn echo_answer(script: &Script, request: &Received) -> Vec<u8> {
    let echo = echo_text(request);
    let format = script.format;
    let body = match (script.fault, format.json_key()) {
        (Fault::Answer200WithEcho, _) => {
            let answer = script.answer.as_deref().unwrap_or("{}");
            let mut document: serde_json::Value =
                serde_json::from_str(answer).expect("the answer is JSON");
            if let Some(object) = document.as_object_mut() {
                object.insert("echo".into(), serde_json::Value::String(echo));
            }
            document.to_string()
        }
        (Fault::ErrorDocument200, Some(key)) => serde_json::json!({
            "result": "error",
            "statusCode": 400,
            "transactionId": "txn-echo-0001",
            "error": echo,
            key: echo,
        })
        .to_string(),
        (_, Some(key)) => serde_json::json!({ key: echo }).to_string(),
        (_, None) if format == Format::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><error><message>{}</message></error>",
            echo.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ),
        (_, None) => echo,
    };
    let content_type = if script.fault == Fault::Answer200WithEcho {
        "application/json"
    } else {
        format.content_type()
    };
    let mut headers = vec![("content-type", content_type)];
    if script.fault == Fault::S429 {
        headers.push(("retry-after", script.retry_after));
    }
    http(script.fault.status(), &headers, body.as_bytes())
}

/// Name/value pairs of a query string or form body, decoded.
fn decode_pairs(encoded: &str) -> Vec<(String, String)> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (url_decode(name, true), url_decode(value, true))
        })
        .collect()
}

fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Number(number) => out.push(number.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, out)),
        serde_json::Value::Object(map) => map.values().for_each(|item| json_strings(item, out)),
        _ => {}
    }
}

/// The request as the vendor repeats it: one part per line.
fn echo_text(request: &Received) -> String {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    let mut lines = vec![format!("rejected {} {}", request.method, request.target)];
    // Every value received, decoded, to be written back as vendors do.
    let mut values: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| url_decode(segment, false))
        .collect();
    lines.push(format!("path: {}", url_decode(path, false)));
    if !query.is_empty() {
        let pairs = decode_pairs(query);
        lines.push(format!("query: {}", show_pairs(&pairs, None)));
        lines.push(format!(
            "query (re-encoded): {}",
            show_pairs(&pairs, Some("%20"))
        ));
        values.extend(pairs.into_iter().map(|(_, value)| value));
    }
    if !request.body.is_empty() {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        lines.push(format!("body: {body}"));
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) {
            let mut strings = Vec::new();
            json_strings(&json, &mut strings);
            lines.push(format!("body values: {}", strings.join(", ")));
            values.extend(strings);
        } else {
            let pairs = decode_pairs(&body);
            lines.push(format!("form: {}", show_pairs(&pairs, None)));
            lines.push(format!(
                "form (re-encoded): {}",
                show_pairs(&pairs, Some("%20"))
            ));
            values.extend(pairs.into_iter().map(|(_, value)| value));
        }
    }
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    lines.push(format!("headers: {}", headers.join("; ")));
    // Values inside values (Jornaya's `label;value|label;value`) are values too.
    let pieces: Vec<String> = values
        .iter()
        .flat_map(|value| {
            value
                .split(['|', ';'])
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|piece| !piece.is_empty())
        .collect();
    let written: Vec<String> = pieces.iter().map(|piece| php_json_escape(piece)).collect();
    lines.push(format!("as written back: {}", written.join(", ")));
    let numbers: Vec<String> = pieces
        .iter()
        .filter(|piece| {
            piece.chars().filter(char::is_ascii_digit).count() >= 7
                && piece.chars().all(|c| c.is_ascii_digit() || c == '+')
        })
        .flat_map(|piece| {
            let digits: String = piece.chars().filter(char::is_ascii_digit).collect();
            [spaced(&digits), dashed(&digits)]
        })
        .collect();
    if !numbers.is_empty() {
        lines.push(format!("numbers: {}", numbers.join(", ")));
    }
    lines.join("\n")
}

fn show_pairs(pairs: &[(String, String)], encode_space: Option<&str>) -> String {
    pairs
        .iter()
        .map(|(name, value)| match encode_space {
            Some(space) => format!("{}={}", url_encode(name, space), url_encode(value, space)),
            None => format!("{name}={value}"),
        })
        .collect::<Vec<_>>()
        .join("&")
}

// ---------------------------------------------------------------------------------------------
// Running each call
// ---------------------------------------------------------------------------------------------

/// What a call gave back, as text for the oracle.
struct Outcome {
    result: Result<String, Error>,
    /// Other things the call handed out: evidence, progress reports.
    extra: Vec<(&'static str, String)>,
}

fn shown<T: Debug>(result: Result<T, Error>) -> Outcome {
    Outcome {
        result: result.map(|value| format!("{value:?}\n{value:#?}")),
        extra: Vec::new(),
    }
}

/// A short poll policy: the first poll at once, 3 s at most (paused clock).
fn short_polls() -> PollPolicy {
    PollPolicy::new(Duration::ZERO, Duration::from_secs(3))
        .interval(Duration::from_millis(100), Duration::from_millis(200))
        .max_polls(5)
}

fn vendor_of(row: &str) -> &'static str {
    match row.split("::").next().unwrap_or_default() {
        "jeff-client" => "jeff",
        "jornaya-preaudit" => "jornaya",
        "friendlyscore-client" => "friendlyscore",
        "bureau-altdata" => "bureau",
        other => panic!("unknown crate {other}"),
    }
}

/// The API script and token endpoint of a call.
fn script(row: &str, variant: Variant, fault: Fault, format: Format) -> Script {
    let method = row.rsplit("::").next().unwrap_or_default();
    let ok = |vendor: &str, name: &str| Step::Answer(200, fixture(vendor, name));
    let (api, token) = match (vendor_of(row), variant) {
        ("friendlyscore", Variant::TokenEndpoint) => {
            let answer = if method == "calculate_score" {
                "calculate_score_success.json"
            } else {
                "show_user.json"
            };
            (vec![ok("friendlyscore", answer)], TokenStep::Echo)
        }
        ("friendlyscore", _) if method == "collect_all" => (
            vec![ok("friendlyscore", "list_users_page1.json"), Step::Echo],
            TokenStep::Issue,
        ),
        ("bureau", _) if method.starts_with("run") => (
            vec![ok("bureau", "initiate.json"), Step::Echo],
            TokenStep::Issue,
        ),
        _ => (vec![Step::Echo], TokenStep::Issue),
    };
    Script {
        api,
        token,
        fault,
        format,
        retry_after: "1",
        answer: Some(fixture("jornaya", "green.json")),
    }
}

fn jeff_client(url: &str, variant: Variant, http: &HttpClient) -> jeff_client::JeffClient {
    let mut builder = jeff_client::JeffClient::builder(
        jeff::USER,
        jeff_client::SecretString::from(jeff::PASSWORD),
    )
    .http_client(http.clone())
    .retry_policy(retry_policy())
    .api_base_url(url)
    .expect("base url")
    .data_base_url(url)
    .expect("data base url");
    if variant == Variant::Query {
        builder = builder.query_credentials();
    }
    builder.build().expect("jeff client")
}

fn jornaya_request(variant: Variant) -> jornaya_preaudit::PreAuditRequest {
    let method = if variant == Variant::Post {
        jornaya_preaudit::HttpMethod::Post
    } else {
        jornaya_preaudit::HttpMethod::Get
    };
    jornaya_preaudit::PreAuditRequest::new(jornaya::LEADID, jornaya::ENTITY)
        .provider_code(jornaya::PROVIDER)
        .data(
            jornaya_preaudit::LeadData::new()
                .email(jornaya::EMAIL)
                .first_name(jornaya::FIRST)
                .last_name(jornaya::LAST)
                .phone1(jornaya::PHONE),
        )
        .method(method)
}

fn bureau_request() -> bureau_altdata::TransactionRequest {
    bureau_altdata::TransactionRequest::new(
        bureau::WORKFLOW,
        bureau::EMAIL,
        bureau::NAME,
        bureau::PHONE,
        "IND",
    )
    .derived_signals(true)
}

fn score_request() -> friendlyscore_client::CalculateScore {
    let tokens = friendlyscore_client::AccessTokens::new()
        .facebook(friendlyscore_client::SecretString::from(fs::FACEBOOK))
        .twitter_screen_name(friendlyscore_client::SecretString::from(fs::SCREEN_NAME));
    friendlyscore_client::CalculateScore::new(tokens, fs::IP)
}

async fn run_call(row: &'static str, variant: Variant, url: String, http: HttpClient) -> Outcome {
    let method = row.rsplit("::").next().unwrap_or_default();
    match vendor_of(row) {
        "jeff" => {
            let client = jeff_client(&url, variant, &http);
            let contact = jeff_client::Contact::email_and_phone(jeff::EMAIL, jeff::PHONE);
            match method {
                "lead_data" => shown(client.lead_data(&contact).await),
                "fraud_data" => shown(client.fraud_data(&contact).await),
                "social_presence" => shown(
                    client
                        .social_presence(&jeff_client::SocialPresenceQuery::new(contact))
                        .await,
                ),
                "send_event" => shown(
                    client
                        .send_event(&jeff_client::PartnerEvent::loan_rejected_with_reason(
                            jeff::LEAD_ID,
                            jeff::EXTERNAL_ID,
                            jeff::REASON,
                        ))
                        .await,
                ),
                other => panic!("no runner for jeff {other}"),
            }
        }
        "jornaya" => {
            let client = jornaya_preaudit::PreAuditClient::builder(jornaya::ACCOUNT)
                .bearer_token(jornaya_preaudit::SecretString::from(jornaya::BEARER))
                .base_url(&url)
                .expect("base url")
                .http_client(http)
                .retry_policy(retry_policy())
                .build()
                .expect("jornaya client");
            let request = jornaya_request(variant);
            match method {
                "single_pre_audit" => shown(client.single_pre_audit(&request).await),
                "single_pre_audit_with_evidence" => {
                    match client.single_pre_audit_with_evidence(&request).await {
                        Ok(evidence) => Outcome {
                            extra: vec![
                                ("evidence raw_body", evidence.raw_body.clone()),
                                (
                                    "evidence JSON",
                                    serde_json::to_string(&evidence).expect("evidence JSON"),
                                ),
                            ],
                            result: Ok(format!("{evidence:?}\n{evidence:#?}")),
                        },
                        Err(error) => shown::<()>(Err(error)),
                    }
                }
                other => panic!("no runner for jornaya {other}"),
            }
        }
        "friendlyscore" => {
            use friendlyscore_client::{ListUsers, UserId};
            let client = friendlyscore_client::FriendlyScoreClient::builder(
                fs::CLIENT_ID,
                friendlyscore_client::SecretString::from(fs::SECRET),
            )
            .base_url(&url)
            .expect("base url")
            .http_client(http)
            .retry_policy(retry_policy())
            .build()
            .expect("friendlyscore client");
            let user = UserId::partner(fs::PARTNER_ID);
            match method {
                "show_user" => shown(client.show_user(&user).await),
                "show_user_social" => shown(client.show_user_social(&user).await),
                "show_user_ip_addr" => shown(client.show_user_ip_addr(&user).await),
                "show_user_data_points" => shown(client.show_user_data_points(&user).await),
                "show_user_heat_map" => shown(client.show_user_heat_map(&user).await),
                "list_users" => shown(client.list_users(ListUsers::new()).await),
                "next_page" => shown(client.list_users_pager(ListUsers::new()).next_page().await),
                "collect_all" => shown(
                    client
                        .list_users_pager(ListUsers::new().max_results(2))
                        .collect_all()
                        .await,
                ),
                "next" if row.contains("::PageStream::") => {
                    let mut pages = client.list_users_pager(ListUsers::new()).into_page_stream();
                    shown(pages.next().await.transpose())
                }
                "next" => {
                    let mut users = client.list_users_stream(ListUsers::new());
                    shown(users.next().await.transpose())
                }
                "min_fraud_data" => shown(client.min_fraud_data(&user).await),
                "show_fraud_alerts" => shown(client.show_fraud_alerts(&user).await),
                "show_gmail" => shown(
                    client
                        .show_gmail(&user, friendlyscore_client::GmailList::Phones)
                        .await,
                ),
                "show_gmail_places" => shown(client.show_gmail_places(&user).await),
                "show_gmail_days_of_birth" => shown(client.show_gmail_days_of_birth(&user).await),
                "show_gmail_skills" => shown(client.show_gmail_skills(&user).await),
                "show_gmail_phones" => shown(client.show_gmail_phones(&user).await),
                "show_gmail_work_periods" => shown(client.show_gmail_work_periods(&user).await),
                "show_gmail_universities" => shown(client.show_gmail_universities(&user).await),
                "show_gmail_emails" => shown(client.show_gmail_emails(&user).await),
                "calculate_score" => shown(client.calculate_score(&user, &score_request()).await),
                "wait_for_score" => shown(client.wait_for_score(&user, &short_polls()).await),
                "performance_data" => shown(
                    client
                        .performance_data(
                            &user,
                            &friendlyscore_client::PerformanceData::new()
                                .loan_application_customer_id(fs::CUSTOMER_ID)
                                .loan_value(1200.0)
                                .loan_currency("GBP"),
                        )
                        .await,
                ),
                "set_positive" => shown(client.set_positive(&user, true).await),
                "set_status" => shown(
                    client
                        .set_status(
                            &user,
                            &friendlyscore_client::UserStatus::new("declined")
                                .description(fs::STATUS_DESCRIPTION),
                        )
                        .await,
                ),
                other => panic!("no runner for friendlyscore {other}"),
            }
        }
        "bureau" => {
            let client = bureau_altdata::BureauClient::builder(
                bureau::CREDENTIAL,
                bureau_altdata::SecretString::from(bureau::SECRET),
            )
            .base_url(&url)
            .expect("base url")
            .http_client(http)
            .retry_policy(retry_policy())
            .poll_policy(short_polls())
            .build()
            .expect("bureau client");
            let request = bureau_request();
            let id = bureau::TRANSACTION;
            match method {
                "initiate" => shown(client.initiate(&request).await),
                "fetch" => shown(client.fetch(&request, id).await),
                "transaction" => shown(client.transaction(id).await),
                "run" => shown(client.run(&request).await),
                "run_with" => shown(client.run_with(&request, &short_polls()).await),
                "run_with_progress" => {
                    let mut reports = Vec::new();
                    let result = client
                        .run_with_progress(&request, &short_polls(), |progress| {
                            reports.push(format!("{progress:?}\n{progress:#?}"));
                        })
                        .await;
                    let mut outcome = shown(result);
                    outcome.extra.push(("progress reports", reports.join("\n")));
                    outcome
                }
                "poll" => shown(client.poll(&request, id, &short_polls()).await),
                "poll_by_id" => shown(client.poll_by_id(id, &short_polls()).await),
                "poll_by_id_with_progress" => {
                    let mut reports = Vec::new();
                    let result = client
                        .poll_by_id_with_progress(id, &short_polls(), |progress| {
                            reports.push(format!("{progress:?}\n{progress:#?}"));
                        })
                        .await;
                    let mut outcome = shown(result);
                    outcome.extra.push(("progress reports", reports.join("\n")));
                    outcome
                }
                other => panic!("no runner for bureau {other}"),
            }
        }
        other => panic!("no runner for {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/// One value found in one output of one run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    call: String,
    value: String,
    form: &'static str,
    place: &'static str,
    case: String,
}

/// The findings as lines: `calls | value | form | places @ cases; …`, one line per value and
/// form that leaks the same way from the same calls (places with the same cases listed
/// together).
fn finding_lines(findings: &[Finding], all_formats: &[&str]) -> BTreeSet<String> {
    let mut grouped: BTreeMap<(String, String, &str), BTreeMap<&str, BTreeSet<String>>> =
        BTreeMap::new();
    for finding in findings {
        grouped
            .entry((finding.call.clone(), finding.value.clone(), finding.form))
            .or_default()
            .entry(finding.place)
            .or_default()
            .insert(finding.case.clone());
    }
    let mut calls_by_leak: BTreeMap<(String, &str, String), Vec<String>> = BTreeMap::new();
    for ((call, value, form), places) in grouped {
        let mut by_cases: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (place, cases) in places {
            by_cases
                .entry(compress_cases(&cases, all_formats))
                .or_default()
                .push(place);
        }
        let wheres: Vec<String> = by_cases
            .into_iter()
            .map(|(cases, places)| format!("{} @ {cases}", places.join(", ")))
            .collect();
        calls_by_leak
            .entry((value, form, wheres.join("; ")))
            .or_default()
            .push(call);
    }
    calls_by_leak
        .into_iter()
        .map(|((value, form, wheres), calls)| {
            format!("{} | {value} | {form} | {wheres}", calls.join(", "))
        })
        .collect()
}

/// `fault:format` cases as `faults[formats]`: `*` is every format, `json` the three JSON ones;
/// faults with the same formats are listed together (`400,404[*] 200-error[json,xml]`).
fn compress_cases(cases: &BTreeSet<String>, all_formats: &[&str]) -> String {
    let mut by_fault: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for case in cases {
        let (fault, format) = case.split_once(':').unwrap_or((case, ""));
        by_fault.entry(fault).or_default().push(format);
    }
    let mut faults_by_formats: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (fault, formats) in by_fault {
        let text = if all_formats.iter().all(|f| formats.contains(f)) {
            "*".to_owned()
        } else {
            let json: Vec<&&str> = all_formats
                .iter()
                .filter(|f| f.starts_with("json:"))
                .collect();
            let all_json = json.len() > 1 && json.iter().all(|f| formats.contains(f));
            let mut shown: Vec<&str> = formats
                .iter()
                .copied()
                .filter(|f| !(all_json && f.starts_with("json:")))
                .collect();
            if all_json {
                shown.insert(0, "json");
            }
            shown.join(",")
        };
        faults_by_formats.entry(text).or_default().push(fault);
    }
    faults_by_formats
        .into_iter()
        .map(|(formats, faults)| format!("{}[{formats}]", faults.join(",")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compares the leaks found with the known ones: every leak must be listed, and every listed
/// leak must still happen.
fn check_against_known(found: &BTreeSet<String>, known: &[&str], what: &str) {
    let known: BTreeSet<String> = known.iter().map(|line| (*line).to_owned()).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(found).collect();
    if !new.is_empty() || !gone.is_empty() {
        let mut report = format!("{what}: the leaks found differ from the known list\n");
        for line in &new {
            report.push_str(&format!("  NEW LEAK: {line}\n"));
        }
        for line in &gone {
            report.push_str(&format!(
                "  NO LONGER LEAKS (remove it from the list): {line}\n"
            ));
        }
        panic!("{report}");
    }
}

/// The leaks the library audit finds today, as `calls | value | form | where @ faults[formats]`
/// (see [`finding_lines`]), grouped by cause. Fix the cause, then remove its lines: the audit
/// fails while a listed line no longer happens, and on any leak not listed.
const KNOWN_LEAKS: &[&str] = &[];

/// The leaks the CLI audit finds today, in the same form (`where` is stdout or stderr): the
/// library's leaks that reach what the CLI prints, and the CLI's own.
const KNOWN_CLI_LEAKS: &[&str] = &[];

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Totals {
    runs: usize,
    errors: usize,
    texts: usize,
    checks: usize,
    echoed: usize,
    rows_run: BTreeSet<&'static str>,
    refetches: usize,
}

fn error_texts(error: &Error) -> Vec<(&'static str, String)> {
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    let mut texts = vec![
        ("Display", error.to_string()),
        ("Debug", format!("{error:?}")),
        ("Debug (pretty)", format!("{error:#?}")),
        ("source chain", chain),
    ];
    if let Some(excerpt) = error.body_excerpt() {
        texts.push(("body excerpt", excerpt.text().into_owned()));
    }
    texts
}

/// What the logs must mention somewhere: the audit saw the calls' spans for every vendor.
const LOG_MARKS: &[&str] = &[
    "leadkit.call",
    "call failed",
    "retrying",
    "fetched access token",
    "vendor=\"jeff\"",
    "vendor=\"jornaya\"",
    "vendor=\"friendlyscore\"",
    "vendor=\"bureau\"",
];

#[tokio::test(start_paused = true)]
async fn vendor_echoes_of_every_call_leak_only_the_known_values() {
    let this_thread = std::thread::current().id();
    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = Arc::clone(&panics);
    let default_hook = std::panic::take_hook();
    // Panics on this test's thread (the calls run there) are recorded; every panic is still
    // reported as usual.
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == this_thread {
            recorded
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(info.to_string());
        }
        default_hook(info);
    }));
    let http = test_http_client();
    let mut logged = BTreeSet::new();
    let all_formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    let mut totals = Totals::default();
    let mut findings: Vec<Finding> = Vec::new();

    for &row in CALLS {
        for variant in variants(row) {
            for fault in faults_for(row) {
                for &format in formats_for(fault) {
                    // A capture per run: its log is the run's alone.
                    let capture = LogCapture::start();
                    let server = EchoServer::start(script(row, variant, fault, format)).await;
                    let panics_before = panics.lock().unwrap_or_else(|p| p.into_inner()).len();
                    let joined =
                        tokio::spawn(run_call(row, variant, server.url.clone(), http.clone()))
                            .await;
                    let call = format!(
                        "{} [{}]",
                        row.split_once("::").map_or(row, |(_, rest)| rest),
                        variant.name()
                    );
                    let case = format!("{}:{}", fault.name(), format.name());
                    let Ok(outcome) = joined else {
                        panic!("{call} {case} panicked");
                    };
                    totals.runs += 1;
                    totals.rows_run.insert(row);

                    let (issued, requests, token_requests) = {
                        let seen = server.seen();
                        (seen.issued.clone(), seen.api, seen.token)
                    };
                    assert!(
                        requests + token_requests > 0,
                        "{call} {case}: nothing reached the vendor"
                    );
                    if vendor_of(row) == "friendlyscore"
                        && variant == Variant::Api
                        && fault == Fault::S401
                    {
                        assert!(
                            token_requests >= 2,
                            "{call} {case}: a 401 did not fetch a fresh token"
                        );
                        totals.refetches += 1;
                    }
                    let oracle = Oracle::new(sensitive_values(vendor_of(row), &issued));

                    let mut texts: Vec<(&'static str, String)> = Vec::new();
                    match &outcome.result {
                        Ok(debug) => texts.push(("answer Debug", debug.clone())),
                        Err(error) => {
                            totals.errors += 1;
                            texts.extend(error_texts(error));
                            // A value cut at the end of a truncated excerpt, unless the
                            // excerpt shows it whole anyway.
                            if let Some(excerpt) = error.body_excerpt()
                                && excerpt.is_truncated()
                            {
                                let text = excerpt.text();
                                let whole = oracle.scan(&text);
                                for hit in oracle
                                    .scan_cut_end(&text)
                                    .into_iter()
                                    .filter(|hit| !whole.iter().any(|w| w.value == hit.value))
                                {
                                    findings.push(Finding {
                                        call: call.clone(),
                                        value: hit.value,
                                        form: hit.form,
                                        place: "body excerpt",
                                        case: case.clone(),
                                    });
                                }
                            }
                        }
                    }
                    texts.extend(outcome.extra.iter().cloned());
                    let logs = capture.contents();
                    drop(capture);
                    logged.extend(
                        LOG_MARKS
                            .iter()
                            .filter(|mark| logs.contains(*mark))
                            .copied(),
                    );
                    texts.push(("log (TRACE)", logs));
                    let new_panics = panics.lock().unwrap_or_else(|p| p.into_inner())
                        [panics_before..]
                        .join("\n");
                    texts.push(("panic message", new_panics));

                    // `ECHO_AUDIT_SHOW=<part of "call fault:format">` prints a run's outputs
                    // (the values are this file's placeholders).
                    if let Ok(wanted) = std::env::var("ECHO_AUDIT_SHOW")
                        && format!("{call} {case}").contains(&wanted)
                    {
                        for (place, text) in &texts {
                            println!("--- {call} {case} {place}:\n{text}");
                        }
                    }
                    if texts.iter().any(|(_, text)| text.contains("headers: ")) {
                        totals.echoed += 1;
                    }
                    for (place, text) in &texts {
                        totals.texts += 1;
                        totals.checks += oracle.checks_per_text();
                        for hit in oracle.scan(text) {
                            findings.push(Finding {
                                call: call.clone(),
                                value: hit.value,
                                form: hit.form,
                                place,
                                case: case.clone(),
                            });
                        }
                    }
                }
            }
        }
    }

    let _ = std::panic::take_hook();
    let panics = panics.lock().unwrap_or_else(|p| p.into_inner()).clone();

    // The audit looked at something.
    let expected_rows: BTreeSet<&str> = CALLS.iter().copied().collect();
    assert_eq!(totals.rows_run, expected_rows, "every row of CALLS runs");
    assert!(
        totals.errors * 10 > totals.runs * 9,
        "{} errors in {} runs",
        totals.errors,
        totals.runs
    );
    assert!(
        totals.echoed * 2 > totals.runs,
        "only {} of {} runs carried the echo anywhere",
        totals.echoed,
        totals.runs
    );
    let expected: BTreeSet<&str> = LOG_MARKS.iter().copied().collect();
    assert_eq!(logged, expected, "what the logs mention");
    assert!(panics.is_empty(), "{} panic(s): {panics:#?}", panics.len());

    findings.sort();
    findings.dedup();
    let lines = finding_lines(&findings, &all_formats);
    let variants_run: usize = CALLS.iter().map(|row| variants(row).len()).sum();
    println!(
        "echo audit (library): {} calls ({} call variants) x {} faults x {} formats (and a \
         200 answer carrying the echo for Jornaya) = {} runs \
         ({} failed, {} carried the echo, {} FriendlyScore 401s refetched a token); \
         {} outputs checked, {} value-form checks; {} leak findings in {} lines",
        CALLS.len(),
        variants_run,
        Fault::ECHOES.len(),
        Format::ALL.len(),
        totals.runs,
        totals.errors,
        totals.echoed,
        totals.refetches,
        totals.texts,
        totals.checks,
        findings.len(),
        lines.len(),
    );
    for line in &lines {
        println!("  leak: {line}");
    }
    check_against_known(&lines, KNOWN_LEAKS, "library echo audit");
}

#[test]
fn the_oracle_finds_every_written_form_and_nothing_masked() {
    let oracle = Oracle::new(vec![
        value("email", "oq.lender77@example.org", Kind::Personal),
        value("phone", "84987654321", Kind::Phone),
        value("name", "Orla Quennell", Kind::Personal),
        value("last name", "Vostríkova", Kind::Personal),
    ]);
    for (text, value, form) in [
        ("to OQ.Lender77@Example.org.", "email", "plain"),
        (
            "email=oq.lender77%40example.org",
            "email",
            "URL-encoded (+)",
        ),
        ("n=Orla+Quennell", "name", "URL-encoded (+)"),
        ("n=Orla%20Quennell", "name", "URL-encoded (%20)"),
        ("Vostr%C3%ADkova", "last name", "URL-encoded (+)"),
        (
            r#"{"l":"Vostr\u00edkova"}"#,
            "last name",
            "JSON-escaped (\\u, \\/)",
        ),
        (
            "call +84 987 654 321 now",
            "phone",
            "digits with separators",
        ),
        ("(849) 876-543-21", "phone", "digits with separators"),
        ("987654321", "phone", "digits with separators"),
        ("for oq.lender77@exa…", "email", "fragment"),
        ("dear Orla Quenn", "name", "fragment"),
    ] {
        let hit = Hit {
            value: value.to_owned(),
            form,
        };
        assert!(oracle.scan(text).contains(&hit), "{text}: {hit:?}");
    }
    for masked in [
        "o***@example.org, ***@example.org",
        "8498*****21, +84 *** and 849-***",
        "Orla? Quen*** *** Vostr***",
        "order 8765432",
    ] {
        assert_eq!(oracle.scan(masked), [], "{masked}");
    }
    let cut = |text: &str| oracle.scan_cut_end(text).into_iter().map(|hit| hit.value);
    assert_eq!(cut("…, \"oq.lend").collect::<Vec<_>>(), ["email"]);
    assert_eq!(cut("…, \"oq.").count(), 0);
}

// ---------------------------------------------------------------------------------------------
// The table of calls
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The type an `impl` line is for: `impl Stream for PageStream {` → `PageStream`.
fn impl_target(line: &str) -> Option<String> {
    let rest = line.strip_prefix("impl")?;
    let rest = match rest.split_once(" for ") {
        Some((_, target)) => target,
        None => rest.trim_start_matches(|c: char| c != ' ').trim(),
    };
    let name: String = rest
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    name.rsplit("::").next().map(str::to_owned)
}

/// Every `pub async fn` of the vendor crates as `crate::Type::method`.
fn public_async_calls() -> BTreeSet<String> {
    let mut calls = BTreeSet::new();
    for krate in VENDOR_CRATES {
        let mut files = Vec::new();
        rust_files(
            &workspace_root().join("crates").join(krate).join("src"),
            &mut files,
        );
        assert!(!files.is_empty(), "no sources for {krate}");
        for file in files {
            let source = std::fs::read_to_string(&file).expect("source");
            let mut target = None;
            for line in source.lines() {
                if line.starts_with("impl") {
                    target = impl_target(line);
                }
                if line.starts_with("mod tests") || line.starts_with("#[cfg(test)]") {
                    break;
                }
                let trimmed = line.trim_start();
                if let Some(rest) = trimmed.strip_prefix("pub async fn ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    let owner = target.clone().unwrap_or_else(|| "<free>".to_owned());
                    calls.insert(format!("{krate}::{owner}::{name}"));
                }
            }
        }
    }
    calls
}

#[test]
fn every_public_async_call_has_a_row() {
    let found = public_async_calls();
    assert!(
        found.len() >= 30,
        "only {} calls found: {found:#?}",
        found.len()
    );
    let rows: BTreeSet<String> = CALLS.iter().map(|row| (*row).to_owned()).collect();
    let missing: Vec<&String> = found.difference(&rows).collect();
    let stale: Vec<&String> = rows.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "public async calls without a row in CALLS (add a row and a runner): {missing:#?}"
    );
    assert!(
        stale.is_empty(),
        "rows in CALLS for calls that no longer exist: {stale:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------

/// The `leadkit` binary of this test's profile, brought up to date first: `cargo build -p
/// leadkit` is a no-op when it is fresh, and the binary's age says nothing about the sources it
/// was built from.
fn leadkit_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/echo_audit-… → target/<profile>/leadkit
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("profile directory");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args(["build", "-p", "leadkit", "--quiet"])
        .current_dir(workspace_root())
        .status()
        .expect("cargo build -p leadkit");
    assert!(status.success(), "cargo build -p leadkit failed");
    let binary = profile_dir.join(format!("leadkit{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "no leadkit binary at {}", binary.display());
    binary
}

/// One CLI command: its vendor, arguments and API script.
struct CliCommand {
    name: &'static str,
    vendor: &'static str,
    args: Vec<String>,
    api: Vec<Step>,
}

fn cli_commands(tokens_file: &Path) -> Vec<CliCommand> {
    let strings = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    let echo = || vec![Step::Echo];
    let bureau_applicant = [
        "--workflow-id",
        bureau::WORKFLOW,
        "--phone",
        bureau::PHONE,
        "--email",
        bureau::EMAIL,
        "--name",
        bureau::NAME,
    ];
    let jornaya_lead = [
        "preaudit",
        "--token",
        jornaya::LEADID,
        "--entity",
        jornaya::ENTITY,
        "--provider",
        jornaya::PROVIDER,
        "--email",
        jornaya::EMAIL,
        "--first-name",
        jornaya::FIRST,
        "--last-name",
        jornaya::LAST,
        "--phone",
        jornaya::PHONE,
    ];
    let mut jornaya_post = strings(&jornaya_lead);
    jornaya_post.push("--post".to_owned());
    let mut bureau_run = strings(&["run"]);
    bureau_run.extend(strings(&bureau_applicant));
    bureau_run.extend(strings(&[
        "--first-poll",
        "0",
        "--poll-interval",
        "0.05",
        "--max-wait",
        "0.3",
    ]));
    let mut bureau_fetch = strings(&["fetch", "--transaction-id", bureau::TRANSACTION]);
    bureau_fetch.extend(strings(&bureau_applicant));
    vec![
        CliCommand {
            name: "jeff lead",
            vendor: "jeff",
            args: strings(&["lead", "--email", jeff::EMAIL, "--phone", jeff::PHONE]),
            api: echo(),
        },
        CliCommand {
            name: "jeff --query-credentials lead",
            vendor: "jeff",
            args: strings(&[
                "--query-credentials",
                "lead",
                "--email",
                jeff::EMAIL,
                "--phone",
                jeff::PHONE,
            ]),
            api: echo(),
        },
        CliCommand {
            name: "jeff event loan-rejected",
            vendor: "jeff",
            args: strings(&[
                "event",
                "loan-rejected",
                "--lead-id",
                jeff::LEAD_ID,
                "--external-id",
                jeff::EXTERNAL_ID,
                "--reason",
                jeff::REASON,
            ]),
            api: echo(),
        },
        CliCommand {
            name: "jornaya preaudit",
            vendor: "jornaya",
            args: strings(&jornaya_lead),
            api: echo(),
        },
        CliCommand {
            name: "jornaya preaudit --post",
            vendor: "jornaya",
            args: jornaya_post,
            api: echo(),
        },
        CliCommand {
            name: "friendlyscore user show",
            vendor: "friendlyscore",
            args: strings(&["user", "show", "--partner-id", fs::PARTNER_ID]),
            api: echo(),
        },
        CliCommand {
            name: "friendlyscore user status",
            vendor: "friendlyscore",
            args: strings(&[
                "user",
                "status",
                "--partner-id",
                fs::PARTNER_ID,
                "--status",
                "declined",
                "--description",
                fs::STATUS_DESCRIPTION,
            ]),
            api: echo(),
        },
        CliCommand {
            name: "friendlyscore user score",
            vendor: "friendlyscore",
            args: vec![
                "user".into(),
                "score".into(),
                "--partner-id".into(),
                fs::PARTNER_ID.into(),
                "--ip".into(),
                fs::IP.into(),
                "--access-tokens".into(),
                tokens_file.display().to_string(),
            ],
            api: echo(),
        },
        CliCommand {
            name: "bureau run",
            vendor: "bureau",
            args: bureau_run,
            api: vec![
                Step::Answer(200, fixture("bureau", "initiate.json")),
                Step::Echo,
            ],
        },
        CliCommand {
            name: "bureau fetch",
            vendor: "bureau",
            args: bureau_fetch,
            api: echo(),
        },
    ]
}

/// The formats the CLI is run with (one of each kind: the CLI prints what the library gives).
const CLI_FORMATS: [Format; 3] = [Format::JsonMessage, Format::Xml, Format::Text];

fn cli_env(vendor: &str, url: &str, home: &Path) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOME".to_owned(), home.display().to_string()),
        ("XDG_CONFIG_HOME".to_owned(), home.display().to_string()),
    ];
    let mut set = |key: &str, value: &str| env.push((key.to_owned(), value.to_owned()));
    match vendor {
        "jeff" => {
            set("LEADKIT_JEFF_USERNAME", jeff::USER);
            set("LEADKIT_JEFF_PASSWORD", jeff::PASSWORD);
            set("LEADKIT_JEFF_BASE_URL", url);
            set("LEADKIT_JEFF_DATA_BASE_URL", url);
        }
        "jornaya" => {
            set("LEADKIT_JORNAYA_ACCOUNT_CODE", jornaya::ACCOUNT);
            set("LEADKIT_JORNAYA_BEARER_TOKEN", jornaya::BEARER);
            set("LEADKIT_JORNAYA_BASE_URL", url);
        }
        "friendlyscore" => {
            set("LEADKIT_FRIENDLYSCORE_CLIENT_ID", fs::CLIENT_ID);
            set("LEADKIT_FRIENDLYSCORE_CLIENT_SECRET", fs::SECRET);
            set("LEADKIT_FRIENDLYSCORE_BASE_URL", url);
        }
        "bureau" => {
            set("LEADKIT_BUREAU_CREDENTIAL_ID", bureau::CREDENTIAL);
            set("LEADKIT_BUREAU_CREDENTIAL_SECRET", bureau::SECRET);
            set("LEADKIT_BUREAU_BASE_URL", url);
        }
        other => panic!("no settings for {other}"),
    }
    env
}

/// What one CLI run showed.
struct CliRun {
    findings: Vec<Finding>,
    checks: usize,
    echoed: bool,
}

/// Runs one command against an echoing vendor and checks its stdout and stderr.
fn run_cli(
    binary: &Path,
    runtime: &tokio::runtime::Runtime,
    home: &Path,
    command: &CliCommand,
    json: bool,
    fault: Fault,
    format: Format,
) -> CliRun {
    let server = runtime.block_on(EchoServer::start(Script {
        api: command.api.clone(),
        token: TokenStep::Issue,
        fault,
        format,
        // Real time here: a 429 is retried at once.
        retry_after: "0",
        answer: None,
    }));
    let mut args: Vec<String> = vec![if json { "--json" } else { "-vv" }.into()];
    args.push(command.vendor.into());
    args.extend(command.args.iter().cloned());
    let output = std::process::Command::new(binary)
        .args(&args)
        .env_clear()
        .envs(cli_env(command.vendor, &server.url, home))
        .output()
        .expect("run leadkit");
    let issued = server.seen().issued.clone();
    drop(server);
    let oracle = Oracle::new(sensitive_values(command.vendor, &issued));
    let call = format!(
        "cli: {}{}",
        command.name,
        if json { " --json" } else { " -vv" }
    );
    let case = format!("{}:{}", fault.name(), format.name());
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{call} {case} panicked: {stderr}"
    );
    let mut run = CliRun {
        findings: Vec::new(),
        checks: 0,
        // The echo's first line, as the vendor's message or the answer printed.
        echoed: stdout.contains("rejected ") || stderr.contains("rejected "),
    };
    for (place, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        run.checks += oracle.checks_per_text();
        for hit in oracle.scan(text) {
            run.findings.push(Finding {
                call: call.clone(),
                value: hit.value,
                form: hit.form,
                place,
                case: case.clone(),
            });
        }
    }
    run
}

#[test]
fn the_cli_prints_no_echoed_value_but_the_known_ones() {
    let binary = leadkit_binary();
    let home = std::env::temp_dir().join(format!("leadkit-echo-audit-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temporary home");
    let tokens_file = home.join("tokens.json");
    std::fs::write(
        &tokens_file,
        serde_json::json!({"facebook": fs::FACEBOOK, "twitter_screen_name": fs::SCREEN_NAME})
            .to_string(),
    )
    .expect("tokens file");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let cli_formats: Vec<&str> = CLI_FORMATS.iter().map(|f| f.name()).collect();
    let commands = cli_commands(&tokens_file);
    let mut jobs = Vec::new();
    for command in &commands {
        for json in [false, true] {
            for fault in Fault::ECHOES {
                for format in CLI_FORMATS {
                    jobs.push((command, json, fault, format));
                }
            }
        }
    }
    let runs = jobs.len();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    // A few processes at a time: each spends most of its life starting up.
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&(command, json, fault, format)) = jobs.get(index) else {
                        break;
                    };
                    let result = run_cli(&binary, &runtime, &home, command, json, fault, format);
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(result);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    let outputs = results.len() * 2;
    let checks: usize = results.iter().map(|r| r.checks).sum();
    let echoed = results.iter().filter(|r| r.echoed).count();
    let mut findings: Vec<Finding> = results.into_iter().flat_map(|r| r.findings).collect();
    let _ = std::fs::remove_dir_all(&home);

    assert!(
        echoed * 2 > runs,
        "only {echoed} of {runs} CLI runs showed a vendor answer"
    );
    findings.sort();
    findings.dedup();
    let lines = finding_lines(&findings, &cli_formats);
    println!(
        "echo audit (CLI): {} commands x 2 output modes x {} faults x {} formats = {runs} runs; \
         {echoed} showed the echo; {outputs} outputs checked, {checks} value-form checks; {} leak \
         findings in {} lines",
        commands.len(),
        Fault::ECHOES.len(),
        CLI_FORMATS.len(),
        findings.len(),
        lines.len(),
    );
    for line in &lines {
        println!("  leak: {line}");
    }
    check_against_known(&lines, KNOWN_CLI_LEAKS, "CLI echo audit");
}
