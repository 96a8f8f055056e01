//! `leadkit jornaya …`: SinglePreAudit and the reason table.

use jornaya_preaudit::{HttpMethod, LeadData, PreAudit, PreAuditRequest, ResponseFormat};
use serde_json::{Value, json};

use crate::cli::{JornayaArgs, JornayaCommand, PreauditArgs};
use crate::clients::{self, Context};
use crate::output::{Failure, Report};

pub async fn run(context: &Context, args: &JornayaArgs) -> Result<Report, Failure> {
    match &args.command {
        JornayaCommand::Reasons => Ok(Report::new(
            json!({"markdown": jornaya_preaudit::reason_table_markdown()}),
            jornaya_preaudit::reason_table_markdown(),
        )),
        JornayaCommand::Preaudit(preaudit) => {
            let request = request(preaudit)?;
            request.validate()?;
            let client = clients::jornaya(context, args)?;
            let answer = client.single_pre_audit(&request).await?;
            Ok(Report::new(answer_json(&answer), answer.explain()))
        }
    }
}

fn request(args: &PreauditArgs) -> Result<PreAuditRequest, Failure> {
    let mut request = PreAuditRequest::new(&args.token, &args.entity);
    if let Some(provider) = &args.provider {
        request = request.provider_code(provider);
    }
    if args.xml {
        request = request.format(ResponseFormat::Xml);
    }
    if args.post {
        request = request.method(HttpMethod::Post);
    }
    let mut data = LeadData::new();
    let fields = [
        (&args.email, "email"),
        (&args.first_name, "f_name"),
        (&args.last_name, "l_name"),
        (&args.phone, "phone1"),
        (&args.address, "address1"),
        (&args.city, "city"),
        (&args.state, "state"),
        (&args.zip, "zip"),
    ];
    for (value, label) in fields {
        if let Some(value) = value {
            data = data.field(label, value.clone());
        }
    }
    for pair in &args.data {
        let Some((label, value)) = pair.split_once('=') else {
            return Err(Failure::input("--data takes LABEL=VALUE"));
        };
        data = data.field(label.to_owned(), value.to_owned());
    }
    if !data.is_empty() {
        request = request.data(data);
    }
    Ok(request)
}

/// The answer as JSON: the result, the buyer's labels and each flagged reason.
pub fn answer_json(answer: &PreAudit) -> Value {
    let reasons: Vec<Value> = answer
        .reasons
        .worst_first()
        .into_iter()
        .map(|reason| {
            let info = reason.code.info();
            json!({
                "code": reason.code.to_string(),
                "flag": reason.flag.colour(),
                "value": reason.flag.as_str(),
                "name": info.map(|i| i.name),
                "group": info.map(|i| i.group.to_string()),
                "description": info.map(|i| i.description),
            })
        })
        .collect();
    json!({
        "result": answer.result.colour(),
        "result_value": answer.result.as_str(),
        "meaning": answer.result.meaning(),
        "label": answer.result_label(),
        "labels": {
            "green": answer.labels.green,
            "yellow": answer.labels.yellow,
            "red": answer.labels.red,
        },
        "reasons": reasons,
    })
}
