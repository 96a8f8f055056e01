//! HTTP-dates (RFC 9110 §5.6.7), the date form of `Retry-After`, read and written with chrono
//! (already a dependency) rather than a crate of their own.

use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Reads an HTTP-date in any of its three forms: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37
/// GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). `None` for anything else.
pub(crate) fn parse(value: &str) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(at) = DateTime::parse_from_rfc2822(value) {
        return Some(at.with_timezone(&Utc).into());
    }
    let naive = NaiveDateTime::parse_from_str(value, "%A, %d-%b-%y %H:%M:%S GMT")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y"))
        .ok()?;
    Some(naive.and_utc().into())
}

/// `at` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), for test servers.
#[cfg(any(test, feature = "test-support"))]
pub(crate) fn format(at: SystemTime) -> String {
    DateTime::<Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn reads_the_three_forms_and_writes_the_fixed_one() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        for written in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            " Sun, 06 Nov 1994 08:49:37 GMT ",
        ] {
            assert_eq!(parse(written), Some(at), "{written}");
        }
        assert_eq!(format(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        for bad in ["soon", "", "Sun, 31 Nov 1994 08:49:37 GMT", "1994-11-06"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
