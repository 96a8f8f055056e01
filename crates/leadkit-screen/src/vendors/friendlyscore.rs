//! FriendlyScore: the user's score by your partner id (show-user).

use friendlyscore_client::{Answer as FsAnswer, FriendlyScoreClient, UserId};
use leadkit_core::Error;

use super::{Answer, BoxFuture, OnStarted, Screener};
use crate::input::Lead;
use crate::verdict::{Finding, Signal};

/// FriendlyScore show-user: a score accepts (marked not positive: review); a score still
/// being calculated or no data sends the row to review.
pub struct FriendlyScoreScreener {
    client: FriendlyScoreClient,
}

impl FriendlyScoreScreener {
    /// Screens with `client`.
    pub fn new(client: FriendlyScoreClient) -> Self {
        Self { client }
    }
}

impl Screener for FriendlyScoreScreener {
    fn vendor(&self) -> &'static str {
        "friendlyscore"
    }

    fn check(&self, lead: &Lead) -> Result<(), String> {
        match lead.partner_id.as_deref() {
            Some(id) if !id.trim().is_empty() => Ok(()),
            _ => Err("friendlyscore needs a partner id".to_owned()),
        }
    }

    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        _resume: Option<&'a str>,
        _on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(async move {
            let id = lead
                .partner_id
                .as_deref()
                .ok_or_else(|| Error::invalid_input("partner-id", "a partner id is needed"))?;
            let answer = self.client.show_user(&UserId::partner(id)).await?;
            Ok(match answer {
                FsAnswer::Ready(user) => {
                    let finding = match (user.friendlyscore, user.positive) {
                        (Some(score), Some(false)) => Finding::new(
                            Signal::Review,
                            format!("friendlyscore: score {score}, marked not positive"),
                        ),
                        (Some(score), _) => {
                            Finding::new(Signal::Accept, format!("friendlyscore: score {score}"))
                        }
                        (None, _) => Finding::new(Signal::Review, "friendlyscore: no score yet"),
                    };
                    Answer {
                        json: serde_json::json!({
                            "answer": "ready",
                            "friendlyscore": user.friendlyscore,
                            "positive": user.positive,
                            "status": user.status,
                        }),
                        finding,
                    }
                }
                FsAnswer::Scheduled { .. } => Answer {
                    json: serde_json::json!({"answer": "scheduled"}),
                    finding: Finding::new(
                        Signal::Review,
                        "friendlyscore: score still being calculated",
                    ),
                },
                FsAnswer::NoData => Answer {
                    json: serde_json::json!({"answer": "no_data"}),
                    finding: Finding::new(Signal::Review, "friendlyscore: no data for this user"),
                },
            })
        })
    }
}
