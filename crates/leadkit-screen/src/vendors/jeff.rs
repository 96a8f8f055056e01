//! Jeff: Lead Data by email and/or phone.

use jeff_client::{Contact, JeffClient, LeadDataOutcome};
use leadkit_core::Error;

use super::{Answer, BoxFuture, OnStarted, Screener, international_digits, invalid, to_json};
use crate::input::Lead;
use crate::verdict::{Finding, Signal};

/// Jeff Lead Data: a lead or fraud data marked by partners sends the row to review.
pub struct JeffScreener {
    client: JeffClient,
}

impl JeffScreener {
    /// Screens with `client`.
    pub fn new(client: JeffClient) -> Self {
        Self { client }
    }

    fn contact(lead: &Lead) -> Option<Contact> {
        let phone = lead.phone.as_deref().map(international_digits);
        match (&lead.email, phone) {
            (Some(email), Some(phone)) => Some(Contact::email_and_phone(email, phone)),
            (Some(email), None) => Some(Contact::email(email)),
            (None, Some(phone)) => Some(Contact::phone(phone)),
            (None, None) => None,
        }
    }
}

impl Screener for JeffScreener {
    fn vendor(&self) -> &'static str {
        "jeff"
    }

    fn check(&self, lead: &Lead) -> Result<(), String> {
        let contact = Self::contact(lead).ok_or("jeff needs an email or a phone")?;
        contact.validate().map_err(|error| invalid("jeff", &error))
    }

    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        _resume: Option<&'a str>,
        _on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(async move {
            let contact = Self::contact(lead)
                .ok_or_else(|| Error::invalid_input("contact", "an email or a phone is needed"))?;
            let outcome = self.client.lead_data(&contact).await?;
            let fraud = match &outcome {
                LeadDataOutcome::Lead(lead) => {
                    lead.fraud_data().is_some_and(|f| f.is_marked_fraud())
                }
                LeadDataOutcome::NonLeadMatch(data) => {
                    data.fraud_data().is_some_and(|f| f.is_marked_fraud())
                }
                LeadDataOutcome::NoMatch => false,
            };
            let (json, finding) = match &outcome {
                LeadDataOutcome::Lead(found) => (
                    serde_json::json!({"outcome": "lead", "lead": to_json(found)}),
                    if fraud {
                        Finding::new(
                            Signal::Review,
                            "jeff: partners marked the email or phone as fraud",
                        )
                    } else {
                        Finding::new(Signal::Accept, "jeff: a known lead without fraud marks")
                    },
                ),
                LeadDataOutcome::NonLeadMatch(data) => (
                    serde_json::json!({"outcome": "non_lead_match", "fraud_data": data.fraud_data.as_ref().map(to_json)}),
                    if fraud {
                        Finding::new(
                            Signal::Review,
                            "jeff: partners marked the email or phone as fraud",
                        )
                    } else {
                        Finding::new(Signal::Accept, "jeff: no fraud marks")
                    },
                ),
                LeadDataOutcome::NoMatch => (
                    serde_json::json!({"outcome": "no_match"}),
                    Finding::new(Signal::Accept, "jeff: no match"),
                ),
            };
            Ok(Answer { json, finding })
        })
    }
}

#[cfg(test)]
mod tests {
    use jeff_client::JeffClient;
    use leadkit_core::SecretString;

    use super::{JeffScreener, Screener};
    use crate::input::Lead;

    fn lead(phone: &str) -> Lead {
        Lead {
            line: 2,
            key: "k".into(),
            email: None,
            phone: Some(phone.into()),
            name: None,
            country: None,
            leadid_token: None,
            partner_id: None,
        }
    }

    fn screener() -> JeffScreener {
        let client = JeffClient::builder("partner", SecretString::from("secret"))
            .build()
            .expect("a client");
        JeffScreener::new(client)
    }

    #[test]
    fn a_phone_written_with_plus_and_separators_is_sent_as_its_digits() {
        let lead = lead("+84 876-543-287");
        assert_eq!(screener().check(&lead), Ok(()));
        let contact = JeffScreener::contact(&lead).expect("a contact");
        assert_eq!(contact.phone_number(), Some("84876543287"));
    }

    #[test]
    fn a_refused_phone_gets_the_clients_reason_without_the_value() {
        for (written, hint) in [
            (
                "+44 (0)20 7946 0958",
                "the international form with the country code",
            ),
            ("0912345678", "replace the leading 0 with the country code"),
            ("+44 7800 0000 0000 0000", "8 to 15 digits"),
        ] {
            let reason = screener().check(&lead(written)).expect_err(written);
            assert!(
                reason.starts_with("jeff: invalid input `phone`: "),
                "{reason}"
            );
            assert!(reason.contains(hint), "{written}: {reason}");
            let digits: String = written.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !reason.contains(written) && !reason.contains(&digits),
                "{reason}"
            );
        }
    }
}
