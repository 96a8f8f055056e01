//! A client error told in the command's terms: the flag instead of the library's field, the
//! host and port and the cause of a network failure, the time and attempts it took, durations
//! rounded, the vendor's text once, and what to do next.

use std::time::Duration;

use jeff_client::Error;

use crate::output::Failure;

/// What a command adds to a client error.
#[derive(Debug, Default)]
pub struct CallContext {
    /// The library's input fields and the flags that set them.
    pub flags: &'static [(&'static str, &'static str)],
    /// `host:port` of the vendor called.
    pub endpoint: Option<String>,
    /// `--timeout`, when given.
    pub timeout: Option<Duration>,
    /// How long the command ran.
    pub elapsed: Option<Duration>,
    /// Attempts the clients made.
    pub attempts: Option<u32>,
    /// The command that resumes a poll, ending in the id flag (`leadkit bureau poll --id`).
    pub resume_with: Option<&'static str>,
}

/// Jeff's fields and their flags.
pub const JEFF_FLAGS: &[(&str, &str)] = &[
    ("email", "--email"),
    ("phone", "--phone"),
    ("contact", "--email/--phone"),
    ("max_wait_time_seconds", "--max-wait"),
    ("platforms", "--platform"),
    ("platform", "--platform"),
    ("api_version", "--api-version"),
    ("version", "--api-version"),
    ("username", "LEADKIT_JEFF_USERNAME"),
    ("password", "LEADKIT_JEFF_PASSWORD"),
    ("lead-id", "--lead-id"),
    ("lead_id", "--lead-id"),
    ("lead-s2s-id", "--lead-s2s-id"),
    ("lead-marketing-api-id", "--lead-marketing-api-id"),
    ("external-id", "--external-id"),
    ("external_id", "--external-id"),
    ("rejection_reason", "--reason"),
    ("reason", "--reason"),
    ("price_group", "--price-group"),
    ("price-group", "--price-group"),
    ("repeated", "--repeated"),
];

/// Jornaya's fields and their flags.
pub const JORNAYA_FLAGS: &[(&str, &str)] = &[
    ("id", "--token"),
    ("token", "--token"),
    ("lec", "--entity"),
    ("entity_code", "--entity"),
    ("lpc", "--provider"),
    ("provider_code", "--provider"),
    ("lac", "LEADKIT_JORNAYA_ACCOUNT_CODE"),
    ("account_code", "LEADKIT_JORNAYA_ACCOUNT_CODE"),
    ("data", "--data"),
    ("email", "--email"),
    ("data.email", "--email"),
    ("f_name", "--first-name"),
    ("data.f_name", "--first-name"),
    ("l_name", "--last-name"),
    ("data.l_name", "--last-name"),
    ("phone1", "--phone"),
    ("data.phone1", "--phone"),
    ("address1", "--address"),
    ("data.address1", "--address"),
    ("city", "--city"),
    ("data.city", "--city"),
    ("state", "--state"),
    ("data.state", "--state"),
    ("zip", "--zip"),
    ("data.zip", "--zip"),
];

/// FriendlyScore's fields and their flags.
pub const FRIENDLYSCORE_FLAGS: &[(&str, &str)] = &[
    ("partner-id", "--partner-id"),
    ("partner_id", "--partner-id"),
    ("id", "--id"),
    ("user", "--id/--partner-id"),
    ("ip", "--ip"),
    ("webhook", "--webhook"),
    ("page", "--page"),
    ("max_results", "--max-results"),
    ("status", "--status"),
    ("description", "--description"),
    ("loan_currency", "--currency"),
    ("loan_application_customer_id", "--customer-id"),
    ("loan_application_date", "--application-date"),
    ("loan_application_status", "--application-status"),
    ("loan_value", "--loan-value"),
    ("loan_term", "--term"),
    ("loan_status", "--loan-status"),
    ("loan_paid_capital", "--paid-capital"),
    ("loan_arrears_days", "--arrears-days"),
    ("loan_arrears_amount_overdue", "--arrears-amount"),
    ("comments", "--comments"),
    ("access_tokens", "--access-tokens"),
    ("user_agent.os", "--ua-os"),
    ("user_agent.browser", "--ua-browser"),
    ("client_id", "LEADKIT_FRIENDLYSCORE_CLIENT_ID"),
    ("client_secret", "LEADKIT_FRIENDLYSCORE_CLIENT_SECRET"),
];

/// Bureau's fields and their flags.
pub const BUREAU_FLAGS: &[(&str, &str)] = &[
    ("workflowId", "--workflow-id"),
    ("transactionId", "--transaction-id"),
    ("data.phoneNumber", "--phone"),
    ("phoneNumber", "--phone"),
    ("data.email", "--email"),
    ("email", "--email"),
    ("data.name", "--name"),
    ("name", "--name"),
    ("data.countryCode", "--country"),
    ("countryCode", "--country"),
    ("credential_id", "LEADKIT_BUREAU_CREDENTIAL_ID"),
    ("credential_secret", "LEADKIT_BUREAU_CREDENTIAL_SECRET"),
];

/// Rounds a duration for people: `350 ms`, `1.0 s`, `2 min 5 s`.
pub fn duration(d: Duration) -> String {
    let millis = d.as_millis();
    if millis < 1_000 {
        format!("{millis} ms")
    } else if millis < 60_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        let secs = d.as_secs();
        format!("{} min {} s", secs / 60, secs % 60)
    }
}

/// `n attempt(s)`.
fn attempts(n: u32) -> String {
    if n == 1 {
        "1 attempt".into()
    } else {
        format!("{n} attempts")
    }
}

impl Failure {
    /// This failure told in the command's terms (a failure without a client error is kept).
    pub fn explain(mut self, context: &CallContext) -> Self {
        let Some(error) = self.error.take() else {
            return self;
        };
        self.attempts = context.attempts.filter(|n| *n > 0);
        self.elapsed = self.attempts.and(context.elapsed);
        let host = context.endpoint.as_deref().unwrap_or("the vendor");
        let spent = match (self.elapsed, self.attempts) {
            (Some(elapsed), Some(n)) => format!(" ({} in {})", attempts(n), duration(elapsed)),
            _ => String::new(),
        };
        let root = error.root_cause();
        let (message, hint): (String, Option<String>) = match root {
            Error::InvalidInput { field, reason } => {
                let flag = context
                    .flags
                    .iter()
                    .find(|(name, _)| *name == field.as_ref())
                    .map(|(_, flag)| (*flag).to_owned());
                let shown = flag.clone().unwrap_or_else(|| format!("`{field}`"));
                self.flag = flag;
                (format!("invalid {shown}: {reason}"), None)
            }
            Error::Connect {
                vendor,
                operation,
                source,
            } => (
                format!(
                    "{vendor} {operation}: could not connect to {host}: {}{spent}",
                    connect_cause(source.as_ref())
                ),
                Some(format!(
                    "check the base URL ({host}), the network and any proxy settings"
                )),
            ),
            Error::Transport {
                vendor, operation, ..
            } => (
                format!(
                    "{vendor} {operation}: the connection to {host} broke during the exchange{spent}"
                ),
                None,
            ),
            Error::Timeout {
                vendor,
                operation,
                after,
            } => (
                if context.timeout == Some(*after) {
                    format!(
                        "{vendor} {operation}: no answer from {host} within --timeout {}{spent}",
                        duration(*after)
                    )
                } else {
                    format!(
                        "{vendor} {operation}: no answer from {host} within {} per attempt{spent}",
                        duration(*after)
                    )
                },
                Some("raise --timeout, or try again later".into()),
            ),
            Error::Deadline {
                vendor,
                operation,
                deadline,
            } => {
                let limit = match context.timeout {
                    Some(timeout) => format!("--timeout {}", duration(timeout)),
                    None => format!("its deadline of {}", duration(*deadline)),
                };
                (
                    format!("{vendor} {operation}: gave up on {host} at {limit}{spent}"),
                    Some("raise --timeout, or try again later".into()),
                )
            }
            Error::Status {
                vendor,
                operation,
                status,
                ..
            } => (
                format!("{vendor} {operation}: HTTP {}", status.as_u16()),
                None,
            ),
            Error::Auth {
                vendor,
                operation,
                status,
                ..
            } => (
                match status {
                    Some(status) => format!(
                        "{vendor} {operation}: authentication failed (HTTP {})",
                        status.as_u16()
                    ),
                    None => format!("{vendor} {operation}: authentication failed"),
                },
                Some("check the credentials (environment or config file) and the base URL".into()),
            ),
            Error::RateLimited {
                vendor,
                operation,
                retry_after,
                ..
            } => (
                match retry_after {
                    Some(delay) => format!(
                        "{vendor} {operation}: rate limited (HTTP 429); the vendor asks to wait {}",
                        duration(*delay)
                    ),
                    None => format!("{vendor} {operation}: rate limited (HTTP 429)"),
                },
                Some("wait and try again".into()),
            ),
            Error::PollTimeout {
                vendor,
                operation,
                resource_id,
                polls,
                waited,
                ..
            } => {
                self.resume_id = Some(resource_id.to_string());
                (
                    format!(
                        "{vendor} {operation}: still pending after {} and {polls} poll(s)",
                        duration(*waited)
                    ),
                    Some(match context.resume_with {
                        Some(command) => format!(
                            "it may still finish at the vendor: resume with `{command} {resource_id}`"
                        ),
                        None => {
                            "it may still finish at the vendor: resume it later with its id".into()
                        }
                    }),
                )
            }
            _ => (error.to_string(), None),
        };
        // A poll that failed keeps its id, whatever ended it.
        if let Error::Polling {
            resource_id, polls, ..
        } = &error
        {
            self.resume_id = Some(resource_id.to_string());
            self.message = format!("{message} (while polling, after {polls} poll(s))");
            self.hint = Some(match context.resume_with {
                Some(command) => format!(
                    "the operation exists at the vendor: resume with `{command} {resource_id}`"
                ),
                None => "the operation exists at the vendor: resume or check it later with its id"
                    .into(),
            });
        } else {
            self.message = message;
            self.hint = hint;
        }
        if error.outcome_unknown() {
            self.message = format!("{}; the request may have reached the vendor", self.message);
            self.hint = Some(
                "the vendor may have acted on this request (and billed it): check before sending it again"
                    .into(),
            );
        }
        self.error = Some(error);
        self
    }
}

/// Why a connection could not be made: refused, DNS, TLS, proxy, timeout. Only these words and
/// the operating system's error are shown, never a URL.
fn connect_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = Vec::new();
    let mut io = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        chain.push(cause.to_string().to_ascii_lowercase());
        if let Some(found) = cause.downcast_ref::<std::io::Error>() {
            io = Some(found);
        }
        current = cause.source();
    }
    let text = chain.join(" | ");
    if let Some(io) = io {
        match io.kind() {
            std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
            std::io::ErrorKind::TimedOut => return "timed out connecting".into(),
            std::io::ErrorKind::ConnectionReset => return "connection reset".into(),
            std::io::ErrorKind::HostUnreachable | std::io::ErrorKind::NetworkUnreachable => {
                return "host or network unreachable".into();
            }
            _ => {}
        }
    }
    if text.contains("dns") || text.contains("lookup") || text.contains("resolve") {
        "DNS lookup failed (is the host name right?)".into()
    } else if text.contains("proxy") {
        "the proxy failed".into()
    } else if text.contains("certificate")
        || text.contains("tls")
        || text.contains("handshake")
        || text.contains("ssl")
    {
        "TLS handshake failed (certificate or protocol)".into()
    } else if text.contains("refused") {
        "connection refused".into()
    } else if text.contains("timed out") || text.contains("timeout") {
        "timed out connecting".into()
    } else {
        "the connection failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_rounded() {
        assert_eq!(duration(Duration::from_micros(1_003_113)), "1.0 s");
        assert_eq!(duration(Duration::from_millis(350)), "350 ms");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 5 s");
    }

    #[test]
    fn invalid_input_names_the_flag() {
        let failure = Failure::from(Error::invalid_input("id", "is not a LeadiD token")).explain(
            &CallContext {
                flags: JORNAYA_FLAGS,
                ..CallContext::default()
            },
        );
        assert_eq!(failure.flag.as_deref(), Some("--token"));
        assert_eq!(failure.message, "invalid --token: is not a LeadiD token");
        let failure = Failure::from(Error::invalid_input("max_wait_time_seconds", "1 to 90"))
            .explain(&CallContext {
                flags: JEFF_FLAGS,
                ..CallContext::default()
            });
        assert_eq!(failure.message, "invalid --max-wait: 1 to 90");
    }
}
