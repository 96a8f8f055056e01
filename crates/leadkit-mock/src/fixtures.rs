//! The vendor answers the mock serves: the workspace's `fixtures/` files, embedded at build
//! time so the mock needs no files at run time.

macro_rules! fixtures {
    ($($name:ident = $path:literal;)+) => {
        $(pub(crate) const $name: &str = include_str!(concat!("../fixtures/", $path));)+
    };
}

fixtures! {
    JEFF_LEAD_FULL = "jeff/lead_full.json";
    JEFF_LEAD_NON_LEAD_MATCH = "jeff/lead_non_lead_match.json";
    JEFF_LEAD_ERROR_400 = "jeff/lead_error_400.json";
    JEFF_FRAUD = "jeff/fraud.json";
    JEFF_FRAUD_ERROR_400 = "jeff/fraud_error_400.json";
    JEFF_SOCIAL = "jeff/social_presence.json";
    JEFF_SOCIAL_ERROR_400 = "jeff/social_presence_error_400.json";

    JORNAYA_GREEN_JSON = "jornaya/green.json";
    JORNAYA_GREEN_XML = "jornaya/green.xml";
    JORNAYA_YELLOW_JSON = "jornaya/yellow.json";
    JORNAYA_YELLOW_XML = "jornaya/yellow.xml";
    JORNAYA_RED_JSON = "jornaya/red.json";
    JORNAYA_RED_XML = "jornaya/red.xml";
    JORNAYA_TCPA_JSON = "jornaya/tcpa-guardian.json";
    JORNAYA_TCPA_XML = "jornaya/tcpa-guardian.xml";
    JORNAYA_UNKNOWN_JSON = "jornaya/unknown-values.json";
    JORNAYA_UNKNOWN_XML = "jornaya/unknown-values.xml";
    JORNAYA_NO_FLAGS_JSON = "jornaya/no-flags.json";
    JORNAYA_NO_FLAGS_XML = "jornaya/no-flags.xml";

    FS_TOKEN = "friendlyscore/token_success.json";
    FS_TOKEN_INVALID_CLIENT = "friendlyscore/token_invalid_client.json";
    FS_UNAUTHORIZED = "friendlyscore/unauthorized.json";
    FS_CALCULATE_SUCCESS = "friendlyscore/calculate_score_success.json";
    FS_CALCULATE_MISSING_IP = "friendlyscore/calculate_score_missing_ip.json";
    FS_CALCULATE_MISSING_TOKENS = "friendlyscore/calculate_score_missing_tokens.json";
    FS_SHOW_USER = "friendlyscore/show_user.json";
    FS_SHOW_SOCIAL = "friendlyscore/show_user_social.json";
    FS_SHOW_IP = "friendlyscore/show_user_ip_addr.json";
    FS_SHOW_DATA_POINTS = "friendlyscore/show_user_data_points.json";
    FS_SHOW_HEAT_MAP = "friendlyscore/show_user_heat_map.json";
    FS_MIN_FRAUD = "friendlyscore/min_fraud_data.json";
    FS_FRAUD_ALERTS = "friendlyscore/show_fraudalerts.json";
    FS_PERFORMANCE = "friendlyscore/performance_data.json";
    FS_SET_POSITIVE = "friendlyscore/set_positive.json";
    FS_SET_STATUS = "friendlyscore/set_status.json";
    FS_LIST_PAGE1 = "friendlyscore/list_users_page1.json";
    FS_LIST_PAGE2 = "friendlyscore/list_users_page2.json";
    FS_LIST_PAGE3 = "friendlyscore/list_users_page3.json";
    FS_GMAIL_PLACES = "friendlyscore/gmail_places.json";
    FS_GMAIL_DAYS_OF_BIRTH = "friendlyscore/gmail_days_of_birth.json";
    FS_GMAIL_SKILLS = "friendlyscore/gmail_skills.json";
    FS_GMAIL_PHONES = "friendlyscore/gmail_phones.json";
    FS_GMAIL_WORK_PERIODS = "friendlyscore/gmail_work_periods.json";
    FS_GMAIL_UNIVERSITIES = "friendlyscore/gmail_universities.json";
    FS_GMAIL_EMAILS = "friendlyscore/gmail_emails.json";

    BUREAU_INITIATE = "bureau/initiate.json";
    BUREAU_AWAITING = "bureau/fetch_awaiting.json";
    BUREAU_FINAL = "bureau/fetch_final.json";
    BUREAU_ERROR_401 = "bureau/error_401.json";
    BUREAU_ERROR_503 = "bureau/error_503.json";
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_json_fixture_parses() {
        for body in [
            super::JEFF_LEAD_FULL,
            super::FS_SHOW_USER,
            super::BUREAU_FINAL,
            super::BUREAU_ERROR_503,
            super::FS_LIST_PAGE1,
        ] {
            serde_json::from_str::<serde_json::Value>(body).expect("fixture is JSON");
        }
    }
}
