//! Jornaya: SinglePreAudit of the row's LeadiD token for one buyer entity.

use jornaya_preaudit::{PreAuditClient, PreAuditRequest, Verdict};
use leadkit_core::Error;

use super::{Answer, BoxFuture, OnStarted, Screener, invalid, to_json};
use crate::input::Lead;
use crate::verdict::{Finding, Signal};

/// Jornaya pre-audit: its own verdict (green accept, yellow review, red decline, anything
/// else review), the worst flagged data point as the reason.
pub struct JornayaScreener {
    client: PreAuditClient,
    entity: String,
    provider: Option<String>,
}

impl JornayaScreener {
    /// Screens with `client` for the buyer entity `entity` (`lec`), and your provider code
    /// (`lpc`) if given.
    pub fn new(
        client: PreAuditClient,
        entity: impl Into<String>,
        provider: Option<String>,
    ) -> Self {
        Self {
            client,
            entity: entity.into(),
            provider,
        }
    }

    fn request(&self, token: &str) -> PreAuditRequest {
        let request = PreAuditRequest::new(token, &self.entity);
        match &self.provider {
            Some(provider) => request.provider_code(provider),
            None => request,
        }
    }
}

impl Screener for JornayaScreener {
    fn vendor(&self) -> &'static str {
        "jornaya"
    }

    fn check(&self, lead: &Lead) -> Result<(), String> {
        let token = lead
            .leadid_token
            .as_deref()
            .ok_or("jornaya needs a LeadiD token")?;
        self.request(token)
            .validate()
            .map_err(|error| match error.field() {
                Some("id") => "jornaya: the LeadiD token is not a UUID".to_owned(),
                _ => invalid("jornaya", &error),
            })
    }

    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        _resume: Option<&'a str>,
        _on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(async move {
            let token = lead
                .leadid_token
                .as_deref()
                .ok_or_else(|| Error::invalid_input("id", "a LeadiD token is needed"))?;
            let answer = self.client.single_pre_audit(&self.request(token)).await?;
            let colour = answer.result.colour();
            let worst = answer.verdict_reasons().first().map(|reason| {
                let name = reason
                    .code
                    .info()
                    .map_or_else(|| reason.code.to_string(), |info| info.name.to_owned());
                format!("{name} flagged {}", reason.flag.colour())
            });
            let reason = match worst {
                Some(worst) => format!("jornaya: pre-audit {colour}: {worst}"),
                None => format!("jornaya: pre-audit {colour}"),
            };
            let signal = match answer.verdict() {
                Verdict::Accept => Signal::Accept,
                Verdict::Reject => Signal::Decline,
                _ => Signal::Review,
            };
            let json = serde_json::json!({
                "result": colour,
                "verdict": format!("{:?}", answer.verdict()).to_lowercase(),
                "label": answer.result_label(),
                "reasons": answer.reasons.worst_first().iter().map(|r| serde_json::json!({
                    "code": r.code.to_string(),
                    "flag": r.flag.colour(),
                })).collect::<Vec<_>>(),
                "labels": to_json(&answer.labels),
            });
            Ok(Answer {
                json,
                finding: Finding::new(signal, reason),
            })
        })
    }
}
