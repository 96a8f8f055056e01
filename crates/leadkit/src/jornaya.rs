//! `leadkit jornaya …`: SinglePreAudit and the reason table.

use jornaya_preaudit::{
    HttpMethod, LeadData, PreAudit, PreAuditRequest, ReasonCode, ResponseFormat,
};
use serde_json::{Value, json};

use crate::cli::{JornayaArgs, JornayaCommand, PreauditArgs};
use crate::clients::{self, Context};
use crate::output::{Failure, Report, grid};
use crate::style;

pub async fn run(context: &Context, args: &JornayaArgs) -> Result<Report, Failure> {
    match &args.command {
        JornayaCommand::Reasons => reasons(args),
        JornayaCommand::Preaudit(preaudit) => {
            let request = request(preaudit)?;
            request.validate()?;
            let base_url = preaudit.base_url.as_deref().or(args.base_url.as_deref());
            let client = clients::jornaya(context, base_url)?;
            let answer = client.single_pre_audit(&request).await?;
            Ok(Report::new(answer_json(&answer), answer_text(&answer)))
        }
    }
}

/// `jornaya reasons`: every reason code Jornaya documents, as a table (no network).
pub fn reasons(args: &JornayaArgs) -> Result<Report, Failure> {
    if args.base_url.is_some() {
        return Err(Failure::usage(
            "--base-url does nothing for `jornaya reasons`: it calls no vendor",
        ));
    }
    let mut rows = Vec::new();
    let mut json_rows = Vec::new();
    let mut codes: Vec<&ReasonCode> = ReasonCode::KNOWN.iter().collect();
    codes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for info in codes.into_iter().filter_map(ReasonCode::info) {
        rows.push(vec![
            info.code.to_owned(),
            info.group.to_string(),
            info.name.to_owned(),
            info.description.to_owned(),
        ]);
        json_rows.push(json!({
            "code": info.code,
            "xml_code": info.code.get(1..),
            "group": info.group.to_string(),
            "name": info.name,
            "description": info.description,
        }));
    }
    let count = rows.len();
    Ok(Report::new(
        json!({"reasons": json_rows, "count": count}),
        grid(&["code", "group", "name", "description"], rows),
    ))
}

/// The answer for people: the result coloured, the buyer's label, each flagged reason.
fn answer_text(answer: &PreAudit) -> String {
    let result = match answer.result.colour() {
        "green" => style::good("green"),
        "yellow" => style::caution("yellow"),
        "red" => style::bad("red"),
        other => style::bold(other),
    };
    let mut text = format!(
        "Jornaya pre-audit: {result} ({})\n",
        answer.result.meaning()
    );
    if let Some(label) = answer.result_label() {
        text.push_str(&format!("buyer's label: {label}\n"));
    }
    let reasons = answer.reasons.worst_first();
    if reasons.is_empty() {
        text.push_str("no reason flagged\n");
        return text;
    }
    let rows = reasons
        .into_iter()
        .map(|reason| {
            let info = reason.code.info();
            vec![
                reason.code.to_string(),
                reason.flag.colour().to_owned(),
                info.map_or_else(|| "-".to_owned(), |i| i.name.to_owned()),
                info.map_or_else(|| "-".to_owned(), |i| i.group.to_string()),
            ]
        })
        .collect();
    text.push_str(&grid(&["code", "flag", "name", "group"], rows));
    text
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
