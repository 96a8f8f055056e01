//! `leadkit friendlyscore …`: every FriendlyScore v2 endpoint.

use std::io::Read as _;

use friendlyscore_client::chrono::NaiveDateTime;
use friendlyscore_client::{
    AccessTokens, Acknowledgement, Answer, ApplicationStatus, CalculateScore, Comments, Decoded,
    FriendlyScoreClient, GmailList, ListUsers, LoanStatus, PerformanceData, Settled, User,
    UserAgent, UserData, UserId, UserStatus, UsersPage,
};
use serde_json::{Map, Value, json};

use crate::cli::{
    FriendlyScoreArgs, FriendlyScoreCommand, GmailName, ListArgs, PerformanceArgs, PollArgs,
    ScoreArgs, UserAction, Who,
};
use crate::clients::{self, Context};
use crate::output::{Failure, Report, grid, opt, table};
use crate::progress::{with_deadline, with_spinner};

pub async fn run(context: &Context, args: &FriendlyScoreArgs) -> Result<Report, Failure> {
    // Inputs read from files are checked before any credential is needed.
    let score = match &args.command {
        FriendlyScoreCommand::User {
            action: UserAction::Score(score),
        } => Some(calculate_request(score)?),
        _ => None,
    };
    let client = clients::friendlyscore(context, args.base_url.as_deref(), args.sandbox)?;
    match &args.command {
        FriendlyScoreCommand::Users(list) => users(&client, list).await,
        FriendlyScoreCommand::User { action } => match action {
            UserAction::Show(who) => {
                let answer = client.show_user(&user_id(who)).await?;
                Ok(answer_report(answer, user_json, user_text))
            }
            UserAction::Social(who) => data(client.show_user_social(&user_id(who)).await?),
            UserAction::IpAddr(who) => data(client.show_user_ip_addr(&user_id(who)).await?),
            UserAction::DataPoints(who) => data(client.show_user_data_points(&user_id(who)).await?),
            UserAction::HeatMap(who) => data(client.show_user_heat_map(&user_id(who)).await?),
            UserAction::MinFraud(who) => data(client.min_fraud_data(&user_id(who)).await?),
            UserAction::FraudAlerts(who) => data(client.show_fraud_alerts(&user_id(who)).await?),
            UserAction::Gmail { list, who } => {
                data(client.show_gmail(&user_id(who), gmail(*list)).await?)
            }
            UserAction::Score(args) => {
                let request = score.ok_or_else(|| Failure::internal("score request not built"))?;
                let user = user_id(&args.who);
                let ack = client.calculate_score(&user, &request).await?;
                if !args.wait {
                    return Ok(ack_report(&ack));
                }
                wait(&client, &user, &args.poll).await
            }
            UserAction::Wait { who, poll } => wait(&client, &user_id(who), poll).await,
            UserAction::Performance(args) => {
                let ack = client
                    .performance_data(&user_id(&args.who), &performance(args)?)
                    .await?;
                Ok(ack_report(&ack))
            }
            UserAction::Positive { who, positive } => Ok(ack_report(
                &client.set_positive(&user_id(who), *positive).await?,
            )),
            UserAction::Status {
                who,
                status,
                description,
            } => {
                let mut status = UserStatus::new(status);
                if let Some(description) = description {
                    status = status.description(description);
                }
                Ok(ack_report(
                    &client.set_status(&user_id(who), &status).await?,
                ))
            }
        },
    }
}

pub fn user_id(who: &Who) -> UserId {
    match (&who.partner_id, &who.id) {
        (Some(partner), _) => UserId::partner(partner),
        (None, Some(id)) => UserId::friendlyscore(id),
        // clap requires exactly one.
        (None, None) => UserId::partner(""),
    }
}

fn gmail(name: GmailName) -> GmailList {
    match name {
        GmailName::Places => GmailList::Places,
        GmailName::DaysOfBirth => GmailList::DaysOfBirth,
        GmailName::Skills => GmailList::Skills,
        GmailName::Phones => GmailList::Phones,
        GmailName::WorkPeriods => GmailList::WorkPeriods,
        GmailName::Universities => GmailList::Universities,
        GmailName::Emails => GmailList::Emails,
    }
}

/// Reads the access tokens (a JSON object of secrets) from a file or stdin.
fn calculate_request(args: &ScoreArgs) -> Result<CalculateScore, Failure> {
    let text = if args.access_tokens.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::input(format!("cannot read access tokens from stdin: {e}")))?;
        text
    } else {
        std::fs::read_to_string(&args.access_tokens).map_err(|e| {
            Failure::input(format!("cannot read {}: {e}", args.access_tokens.display()))
        })?
    };
    let map: Map<String, Value> = serde_json::from_str(&text).map_err(|_| {
        Failure::input("--access-tokens must hold a JSON object such as {\"facebook\": \"…\"}")
    })?;
    let mut tokens = AccessTokens::new();
    for (name, value) in map {
        let Some(value) = value.as_str().map(str::to_owned) else {
            return Err(Failure::input(format!(
                "access token `{name}` must be a string"
            )));
        };
        tokens = match name.as_str() {
            "facebook" => tokens.facebook(value),
            "linkedin" => tokens.linkedin(value),
            "twitter_user_id" => tokens.twitter_user_id(value),
            "twitter_screen_name" => tokens.twitter_screen_name(value),
            "google" => tokens.google(value),
            "paypal" => tokens.paypal(value),
            "instagram" => tokens.instagram(value),
            _ => {
                return Err(Failure::input(format!(
                    "unknown access token `{name}` (facebook, linkedin, twitter_user_id, \
                     twitter_screen_name, google, paypal, instagram)"
                )));
            }
        };
    }
    let mut request = CalculateScore::new(tokens, &args.ip);
    if let Some(webhook) = &args.webhook {
        request = request.webhook(webhook);
    }
    if args.ua_os.is_some() || args.ua_browser.is_some() || args.ua_mobile.is_some() {
        let mut agent = UserAgent::new();
        if let Some(os) = &args.ua_os {
            agent = agent.os(os);
        }
        if let Some(browser) = &args.ua_browser {
            agent = agent.browser(browser);
        }
        if let Some(mobile) = args.ua_mobile {
            agent = agent.mobile(mobile);
        }
        request = request.user_agent(agent);
    }
    Ok(request)
}

async fn wait(
    client: &FriendlyScoreClient,
    user: &UserId,
    poll: &PollArgs,
) -> Result<Report, Failure> {
    let policy = clients::poll_policy(poll, FriendlyScoreClient::score_poll_policy())?;
    let settled = with_deadline(
        "waiting for the FriendlyScore score",
        policy.deadline_after(),
        client.wait_for_score(user, &policy),
    )
    .await?;
    Ok(match settled {
        Settled::Ready(user) => Report::new(
            json!({"answer": "ready", "user": user_json(&user)}),
            user_text(&user),
        ),
        Settled::NoData => no_data(),
    })
}

fn performance(args: &PerformanceArgs) -> Result<PerformanceData, Failure> {
    let mut data = PerformanceData::new();
    if let Some(id) = &args.customer_id {
        data = data.loan_application_customer_id(id);
    }
    if let Some(date) = &args.application_date {
        let parsed = NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M:%S")
            .map_err(|_| Failure::input("--application-date must be YYYY-MM-DD HH:MM:SS"))?;
        data = data.loan_application_date(parsed);
    }
    if let Some(status) = &args.application_status {
        data = data.loan_application_status(ApplicationStatus::from_vendor(status));
    }
    if let Some(value) = args.loan_value {
        data = data.loan_value(value);
    }
    if let Some(currency) = &args.currency {
        data = data.loan_currency(currency);
    }
    if let Some(term) = args.term {
        data = data.loan_term(term);
    }
    if let Some(status) = &args.loan_status {
        data = data.loan_status(LoanStatus::from_vendor(status));
    }
    if let Some(capital) = args.paid_capital {
        data = data.loan_paid_capital(capital);
    }
    if let Some(days) = args.arrears_days {
        data = data.loan_arrears_days(days);
    }
    if let Some(amount) = args.arrears_amount {
        data = data.loan_arrears_amount_overdue(amount);
    }
    if let Some(installment) = args.installment {
        data = data.loan_is_installment(installment);
    }
    if let Some(comments) = &args.comments {
        let counts: Vec<u32> = comments
            .split(',')
            .map(|n| n.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|_| Failure::input("--comments takes POSITIVE,NEGATIVE,NEUTRAL counts"))?;
        let [positive, negative, neutral] = counts[..] else {
            return Err(Failure::input(
                "--comments takes POSITIVE,NEGATIVE,NEUTRAL counts",
            ));
        };
        data = data.comments(Comments::new(positive, negative, neutral));
    }
    Ok(data)
}

async fn users(client: &FriendlyScoreClient, args: &ListArgs) -> Result<Report, Failure> {
    let mut request = ListUsers::new();
    if let Some(page) = args.page {
        request = request.page(page);
    }
    if let Some(max) = args.max_results {
        request = request.max_results(max);
    }
    if args.all {
        let everyone = with_spinner(
            "listing every FriendlyScore user",
            client.list_users_pager(request).collect_all(),
        )
        .await?;
        let everyone: Vec<User> = everyone
            .into_iter()
            .filter_map(Decoded::into_typed)
            .collect();
        return Ok(users_report(&everyone));
    }
    let answer = client.list_users(request).await?;
    Ok(answer_report(answer, page_json, |page: &UsersPage| {
        users_report(&page.typed_users().cloned().collect::<Vec<_>>()).text
    }))
}

fn users_report(users: &[User]) -> Report {
    let rows = users
        .iter()
        .map(|user| {
            vec![
                opt(user.id.as_deref()),
                opt(user.friendlyscore),
                opt(user.positive),
                opt(user.status.as_deref()),
            ]
        })
        .collect();
    let mut text = grid(&["id", "friendlyscore", "positive", "status"], rows);
    text.push_str(&format!("{} user(s)\n", users.len()));
    Report::new(
        json!({"users": users.iter().map(user_json).collect::<Vec<_>>(), "count": users.len()}),
        text,
    )
}

fn page_json(page: &UsersPage) -> Value {
    json!({
        "users": page.typed_users().map(user_json).collect::<Vec<_>>(),
        "notices": notices_json(&page.notices),
        "extra": masked_extra(&page.extra),
    })
}

fn no_data() -> Report {
    Report::new(
        json!({"answer": "no_data"}),
        "FriendlyScore has no data for this user (204).\n",
    )
}

/// A read's 200/202/204 answer as a report.
fn answer_report<T>(
    answer: Answer<T>,
    to_json: fn(&T) -> Value,
    to_text: fn(&T) -> String,
) -> Report {
    match answer {
        Answer::Ready(value) => Report::new(
            json!({"answer": "ready", "data": to_json(&value)}),
            to_text(&value),
        ),
        Answer::Scheduled { retry_after } => Report::new(
            json!({"answer": "scheduled", "retry_after_seconds": retry_after.map(|d| d.as_secs_f64())}),
            "Scheduled: FriendlyScore is still calculating; try again soon (202).\n",
        ),
        Answer::NoData => no_data(),
    }
}

fn data(answer: Answer<UserData>) -> Result<Report, Failure> {
    Ok(answer_report(
        answer,
        |data| data.value().clone(),
        |data| {
            format!(
                "{}\n",
                serde_json::to_string_pretty(data.value()).unwrap_or_default()
            )
        },
    ))
}

fn ack_report(ack: &Acknowledgement) -> Report {
    let result = ack.result.as_ref().map(|r| r.as_str().to_owned());
    Report::new(
        json!({
            "status": ack.status.as_u16(),
            "result": result,
            "message": ack.message,
            "user_id": ack.user_id,
            "extra": masked_extra(&ack.extra),
        }),
        table(&[
            ("status", ack.status.as_u16().to_string()),
            ("result", opt(result.as_deref())),
            ("message", opt(ack.message.as_deref())),
            ("user id", opt(ack.user_id.as_deref())),
        ]),
    )
}

fn notices_json(notices: &friendlyscore_client::Notices) -> Value {
    json!({
        "google_scopes_notice": notices.google_scopes_notice,
        "ip_address_notice": notices.ip_address_notice,
        "extra": masked_extra(&notices.extra),
    })
}

/// Every typed field of a user, plus the fields kept as sent.
pub fn user_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "mobile": user.mobile,
        "address": user.address,
        "age": user.age,
        "gender": user.gender,
        "city_name": user.city_name,
        "education_average": user.education_average,
        "education_best_find": user.education_best_find,
        "educations": user.educations,
        "facebook_id": user.facebook_id,
        "family": user.family,
        "family_members_in_home": user.family_members_in_home,
        "friendlyscore": user.friendlyscore,
        "has_kids": user.has_kids,
        "in_relationship": user.in_relationship,
        "lead": user.lead,
        "loan_amount": user.loan_amount,
        "loan_currency": user.loan_currency,
        "loan_description": user.loan_description,
        "loan_duration_in_days": user.loan_duration_in_days,
        "positive": user.positive,
        "scoreyourself_mobile": user.scoreyourself_mobile,
        "skills": user.skills,
        "status": user.status,
        "status_description": user.status_description,
        "working": user.working,
        "notices": notices_json(&user.notices),
        "extra": masked_extra(&user.extra),
    })
}

/// Fields the client does not type, as sent but with emails, phone numbers and long tokens
/// masked: they may be an error document echoing the request.
fn masked_extra(extra: &friendlyscore_client::Extra) -> Value {
    fn mask(value: &Value) -> Value {
        match value {
            Value::String(text) => Value::String(leadkit_core::redact::redact_text(text)),
            Value::Array(items) => Value::Array(items.iter().map(mask).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, item)| (leadkit_core::redact::redact_text(key), mask(item)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    mask(&Value::Object((**extra).clone()))
}

fn user_text(user: &User) -> String {
    let mut rows = vec![
        ("user id", opt(user.id.as_deref())),
        ("friendlyscore", opt(user.friendlyscore)),
        ("positive", opt(user.positive)),
        ("status", opt(user.status.as_deref())),
        (
            "status description",
            opt(user.status_description.as_deref()),
        ),
        ("age", opt(user.age)),
        ("city", opt(user.city_name.as_deref())),
        ("working", opt(user.working)),
    ];
    if let Some(notice) = &user.notices.google_scopes_notice {
        rows.push(("notice", notice.clone()));
    }
    if let Some(notice) = &user.notices.ip_address_notice {
        rows.push(("notice", notice.clone()));
    }
    table(&rows)
}
