//! FriendlyScore 200 answers, decoded as the client does: show-user (`User`), list-users
//! (`UsersPage`), the undocumented user-data reads (`UserData`: social, IP address, data
//! points, heat map, fraud, Gmail lists) and `Notices`.
//!
//! Checks: no panic; decode errors print no personal data from the body; `Debug` of a user
//! hides the name, email, mobile and address, and `Debug` of user data, pages and untyped
//! fields shows keys only, never values.

#![no_main]

use friendlyscore_client::{Notices, User, UserData, UsersPage};
use leadkit_fuzz::{assert_hidden, blank, debug, decode, strings};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check_user(user: &User) {
    let printed = debug(user);
    let mut hidden = user.clone();
    hidden.name = None;
    hidden.email = None;
    hidden.mobile = None;
    hidden.address = None;
    let baseline = debug(&hidden);
    let personal = [&user.name, &user.email, &user.mobile, &user.address];
    assert_hidden(
        "User Debug",
        &printed,
        &baseline,
        personal.into_iter().flatten().map(String::as_str),
    );
    // Untyped fields print their keys only.
    let extra = Value::Object(user.extra.clone().into_map());
    let extra_baseline = debug(&serde_json::from_value::<User>(blank(&extra)).expect("blank user"));
    assert_hidden(
        "User extra Debug",
        &printed,
        &(baseline + &extra_baseline),
        strings(&extra),
    );
}

fuzz_target!(|input: &[u8]| {
    if let Some(user) = decode::<User>(input) {
        check_user(&user);
    }
    if let Some(page) = decode::<UsersPage>(input) {
        let _ = debug(&page);
        for user in page.typed_users() {
            check_user(user);
        }
    }
    if let Some(data) = decode::<UserData>(input) {
        let printed = debug(&data);
        let blanked: UserData = serde_json::from_value(blank(data.value())).expect("blank data");
        let baseline = debug(&blanked) + &debug(data.notices());
        assert_hidden("UserData Debug", &printed, &baseline, strings(data.value()));
        let _ = (
            data.fields(),
            data.items(),
            data.get("notices"),
            data.notices().is_empty(),
        );
    }
    if let Some(notices) = decode::<Notices>(input) {
        let _ = (debug(&notices), notices.is_empty());
    }
});
