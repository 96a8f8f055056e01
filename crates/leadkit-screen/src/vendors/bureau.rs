//! Bureau: the Alt Data workflow. The transaction id is handed to the journal as soon as
//! initiate answers; a rerun resumes polling by that id instead of paying for a new one.

use bureau_altdata::{BureauClient, PollPolicy, Transaction, TransactionRequest};
use leadkit_core::Error;

use super::{Answer, BoxFuture, OnStarted, Screener, international_digits, invalid, to_json};
use crate::input::Lead;
use crate::verdict::{Finding, Signal};

/// Bureau Alt Data: a final transaction accepts, unless its risk model says high telecom risk
/// or low identity confidence (review).
pub struct BureauScreener {
    client: BureauClient,
    workflow_id: String,
    default_country: String,
    policy: PollPolicy,
}

impl BureauScreener {
    /// Screens with `client` and Bureau's `workflow_id`; rows without a country use
    /// `default_country` (ISO 3166-1 alpha-3, `IND` say); polls follow `policy`.
    pub fn new(
        client: BureauClient,
        workflow_id: impl Into<String>,
        default_country: impl Into<String>,
        policy: PollPolicy,
    ) -> Self {
        Self {
            client,
            workflow_id: workflow_id.into(),
            default_country: default_country.into(),
            policy,
        }
    }

    fn request(&self, lead: &Lead) -> Option<TransactionRequest> {
        Some(TransactionRequest::new(
            self.workflow_id.clone(),
            lead.email.as_deref()?,
            lead.name.as_deref()?,
            international_digits(lead.phone.as_deref()?),
            lead.country.as_deref().unwrap_or(&self.default_country),
        ))
    }

    fn answer(transaction: &Transaction) -> Answer {
        let risk = transaction.services.risk_model();
        let level = |l: Option<&bureau_altdata::Level>| l.map(|l| l.as_str().to_ascii_lowercase());
        let telecom = risk.and_then(|r| level(r.telecom_risk.as_ref()));
        let identity = risk.and_then(|r| level(r.identity_confidence.as_ref()));
        let finding = if telecom.as_deref() == Some("high") {
            Finding::new(Signal::Review, "bureau: high telecom risk")
        } else if identity.as_deref() == Some("low") {
            Finding::new(Signal::Review, "bureau: low identity confidence")
        } else {
            let score = risk
                .and_then(|r| r.alternate_risk_score.value())
                .map(|s| format!(", alternate risk score {s:.2}"))
                .unwrap_or_default();
            Finding::new(Signal::Accept, format!("bureau: done{score}"))
        };
        Answer {
            json: to_json(transaction),
            finding,
        }
    }
}

impl Screener for BureauScreener {
    fn vendor(&self) -> &'static str {
        "bureau"
    }

    fn check(&self, lead: &Lead) -> Result<(), String> {
        let request = self
            .request(lead)
            .ok_or("bureau needs an email, a name and a phone")?;
        request
            .validate()
            .map_err(|error| invalid("bureau", &error))
    }

    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        resume: Option<&'a str>,
        on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(async move {
            let id = match resume {
                Some(id) => id.to_owned(),
                None => {
                    let request = self.request(lead).ok_or_else(|| {
                        Error::invalid_input("data", "an email, a name and a phone are needed")
                    })?;
                    let started = self.client.initiate(&request).await?;
                    on_started(&started.transaction_id);
                    if started.is_done() {
                        return Ok(Self::answer(&started));
                    }
                    started.transaction_id
                }
            };
            let transaction = self.client.poll_by_id(&id, &self.policy).await?;
            Ok(Self::answer(&transaction))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bureau_altdata::BureauClient;
    use leadkit_core::{PollPolicy, SecretString};

    use super::{BureauScreener, Screener};
    use crate::input::Lead;

    fn check(phone: &str) -> Result<(), String> {
        let client = BureauClient::builder("id", SecretString::from("secret"))
            .build()
            .expect("a client");
        let policy = PollPolicy::new(Duration::from_secs(1), Duration::from_secs(10));
        let screener = BureauScreener::new(
            client,
            "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
            "IND",
            policy,
        );
        screener.check(&Lead {
            line: 2,
            key: "k".into(),
            email: Some("asha@example.com".into()),
            phone: Some(phone.into()),
            name: Some("Asha Rao".into()),
            country: None,
            leadid_token: None,
            partner_id: None,
        })
    }

    #[test]
    fn a_phone_written_with_plus_and_separators_is_checked_as_its_digits() {
        assert_eq!(check("+91 98123-45678"), Ok(()));
        let reason = check("+91 (0) 98123 45678").expect_err("a trunk 0 is refused");
        assert!(
            reason.starts_with("bureau: invalid input `data.phoneNumber`: "),
            "{reason}"
        );
        assert!(!reason.contains("9812345678"), "{reason}");
    }
}
