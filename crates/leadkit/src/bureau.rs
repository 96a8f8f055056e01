//! `leadkit bureau …`: the whole workflow, or each step.

use std::time::Duration;

use bureau_altdata::{
    BureauClient, PollPolicy, Transaction, TransactionRequest, default_poll_policy,
};
use serde_json::Value;

use crate::cli::{Applicant, BureauArgs, BureauCommand};
use crate::clients::{self, BUREAU_WORKFLOW_ID, Context};
use crate::output::{Failure, Report, opt, score, table};
use crate::progress::Progress;

pub async fn run(context: &Context, args: &BureauArgs) -> Result<Report, Failure> {
    // Input first: bad input fails before credentials are looked up.
    let request = match &args.command {
        BureauCommand::Run { applicant, .. }
        | BureauCommand::Initiate(applicant)
        | BureauCommand::Fetch { applicant, .. } => {
            let request = transaction_request(context, applicant)?;
            request.validate()?;
            Some(request)
        }
        BureauCommand::Get { transaction_id } | BureauCommand::Poll { transaction_id, .. } => {
            check_transaction_id(transaction_id)?;
            None
        }
    };
    let client = clients::bureau(context, args.base_url.as_deref(), args.live)?;
    let request = request.as_ref();
    let transaction = match (&args.command, request) {
        (BureauCommand::Run { poll, .. }, Some(request)) => {
            let policy = clients::poll_policy(poll, default_poll_policy())?;
            run_workflow(&client, request, &policy).await?
        }
        (BureauCommand::Initiate(_), Some(request)) => client.initiate(request).await?,
        (BureauCommand::Fetch { transaction_id, .. }, Some(request)) => {
            client.fetch(request, transaction_id).await?
        }
        (BureauCommand::Get { transaction_id }, _) => client.transaction(transaction_id).await?,
        (
            BureauCommand::Poll {
                transaction_id,
                poll,
            },
            _,
        ) => {
            let default = default_poll_policy().initial_delay(Duration::ZERO);
            let policy = clients::poll_policy(poll, default)?;
            let progress = Progress::until("Bureau: polling", policy.deadline_after());
            client
                .poll_by_id_with_progress(transaction_id, &policy, |p| progress.bureau(p))
                .await?
        }
        _ => return Err(Failure::internal("no request for this command")),
    };
    Ok(report(&transaction))
}

/// Initiate, then poll, with a progress indicator.
pub async fn run_workflow(
    client: &BureauClient,
    request: &TransactionRequest,
    policy: &PollPolicy,
) -> Result<Transaction, Failure> {
    let progress = Progress::until("Bureau: initiating", policy.deadline_after());
    Ok(client
        .run_with_progress(request, policy, |p| progress.bureau(p))
        .await?)
}

/// A transaction id is a UUID: checked before credentials are needed.
fn check_transaction_id(id: &str) -> Result<(), Failure> {
    leadkit_core::validate::uuid("transactionId", id)
        .map_err(|_| Failure::flag("--transaction-id", "is not a transaction id (a UUID)"))
}

fn transaction_request(
    context: &Context,
    applicant: &Applicant,
) -> Result<TransactionRequest, Failure> {
    let request = |workflow: String| {
        TransactionRequest::new(
            workflow,
            &applicant.email,
            &applicant.name,
            &applicant.phone,
            &applicant.country,
        )
        .derived_signals(applicant.derived_signals)
        .enhanced_coverage(applicant.enhanced_coverage)
    };
    let workflow = match &applicant.workflow_id {
        Some(id) => id.clone(),
        None => match context.settings.value(BUREAU_WORKFLOW_ID) {
            Some(id) => id,
            None => {
                // The applicant's details are checked first: a missing setting never hides a
                // mistyped phone number.
                request(PLACEHOLDER_WORKFLOW.to_owned()).validate()?;
                return Err(context
                    .settings
                    .required(BUREAU_WORKFLOW_ID)
                    .err()
                    .unwrap_or_else(|| {
                        Failure::config(format!("{BUREAU_WORKFLOW_ID} is not set"))
                    }));
            }
        },
    };
    Ok(request(workflow))
}

/// A well-formed workflow id, to check an applicant's details before the real one is known.
const PLACEHOLDER_WORKFLOW: &str = "00000000-0000-4000-8000-000000000000";

/// One line on the risk model, for the demo too.
pub fn risk_summary(transaction: &Transaction) -> String {
    let outcome = transaction
        .outcome
        .as_ref()
        .or(transaction.status.as_ref())
        .map_or("-", |s| s.as_str());
    match transaction.services.risk_model() {
        Some(risk) => format!(
            "{outcome}; alternate risk score {}; telecom risk {}; digital footprint {}; identity confidence {}",
            score(risk.alternate_risk_score.value()),
            opt(risk.telecom_risk.as_ref().map(|l| l.as_str())),
            opt(risk.digital_footprint.as_ref().map(|l| l.as_str())),
            opt(risk.identity_confidence.as_ref().map(|l| l.as_str())),
        ),
        None => format!("{outcome}; no risk model yet"),
    }
}

fn report(transaction: &Transaction) -> Report {
    let json = serde_json::to_value(transaction).unwrap_or(Value::Null);
    let mut rows = vec![
        ("transaction id", transaction.transaction_id.clone()),
        (
            "status",
            opt(transaction.status.as_ref().map(|s| s.as_str())),
        ),
        (
            "outcome",
            opt(transaction.outcome.as_ref().map(|s| s.as_str())),
        ),
        ("summary", risk_summary(transaction)),
    ];
    if transaction.is_awaiting() {
        let pending: Vec<&str> = transaction.awaits.keys().map(String::as_str).collect();
        if !pending.is_empty() {
            rows.push(("awaiting", pending.join(", ")));
        }
        rows.push((
            "next",
            format!(
                "still AWAITING: `leadkit bureau poll --id {}`",
                transaction.transaction_id
            ),
        ));
    }
    Report::new(json, table(&rows))
}
