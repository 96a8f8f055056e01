//! Jeff: Lead Data by email and/or phone.

use jeff_client::{Contact, JeffClient, LeadDataOutcome};
use leadkit_core::Error;

use super::{Answer, BoxFuture, OnStarted, Screener, to_json};
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
        match (&lead.email, &lead.phone) {
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
        contact.validate().map_err(|error| match error.field() {
            Some(field) => format!("jeff: invalid {field}"),
            None => "jeff: invalid contact".to_owned(),
        })
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
