//! How Jeff's error bodies become a [`VendorMessage`].
//!
//! The data APIs answer 400 with `{"errorMessage": "…"}`. Partner Events answer an illogical
//! event with HTTP 400 whose body the documentation does not show; whatever text it carries
//! (JSON or plain) is kept as the error's message, with emails and phone numbers masked.

use leadkit_core::{StatusCode, VendorMessage, default_error_parser};

/// Longest plain-text body kept as a message.
const PLAIN_MESSAGE_LIMIT: usize = 500;

/// Reads `{"errorMessage": …}` (and the other shapes leadkit-core knows), else a short
/// plain-text body as the message. HTML pages from proxies are left to the body excerpt.
pub(crate) fn jeff_error_parser(status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    if let Some(message) = default_error_parser(status, body) {
        return Some(message);
    }
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() || text.starts_with('<') || text.starts_with('{') || text.starts_with('[') {
        return None;
    }
    let cut = text
        .char_indices()
        .nth(PLAIN_MESSAGE_LIMIT)
        .map_or(text.len(), |(index, _)| index);
    Some(VendorMessage::new(&text[..cut]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: StatusCode = StatusCode::BAD_REQUEST;

    #[test]
    fn reads_the_documented_json_shape() {
        let message = jeff_error_parser(
            BAD,
            br#"{"errorMessage": "Wrong phone number format. Please check the documentation"}"#,
        )
        .unwrap();
        assert_eq!(
            message.message(),
            Some("Wrong phone number format. Please check the documentation")
        );
    }

    #[test]
    fn keeps_plain_text_and_masks_personal_data() {
        let message = jeff_error_parser(
            BAD,
            b"Loan issued event cannot follow loan rejected for 84912345678\n",
        )
        .unwrap();
        assert_eq!(
            message.message(),
            Some("Loan issued event cannot follow loan rejected for 8491*****78")
        );
    }

    #[test]
    fn ignores_html_empty_and_unknown_json() {
        assert!(jeff_error_parser(BAD, b"<html><body>502</body></html>").is_none());
        assert!(jeff_error_parser(BAD, b"   ").is_none());
        assert!(jeff_error_parser(BAD, br#"{"unexpected": true}"#).is_none());
        assert!(jeff_error_parser(BAD, &[0xff, 0xfe]).is_none());
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x ".repeat(1000);
        let message = jeff_error_parser(BAD, long.as_bytes()).unwrap();
        assert!(message.message().unwrap().len() <= PLAIN_MESSAGE_LIMIT);
    }
}
