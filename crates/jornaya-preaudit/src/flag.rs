//! Flag colours: the overall result and each reason's value.

use std::cmp::Ordering;

leadkit_core::open_enum! {
    /// A flag colour, as the vendor numbers it: `1` green, `2` yellow, `3` red.
    ///
    /// Used for the overall `result` and for each reason's value. The vendor sends numbers as
    /// `3` or `"3"`; both decode the same, and the answer readers also trim the value and read
    /// `3.0` as `3` ([`PreAudit::from_slice`](crate::PreAudit::from_slice)). Any other value is
    /// kept as [`Flag::Unknown`] and counts as flagged (not green).
    ///
    /// Flags order by severity: green < yellow < unknown < red. A value this client cannot
    /// read is never better than yellow, so no threshold (`flag <= Flag::Yellow`,
    /// `flag < Flag::Red`, `max()`) can pass an unknown result as acceptable; and it is not red,
    /// since the vendor did not say reject. When an answer gives a value twice, the worse is
    /// kept by the same order ([`Reasons::insert`](crate::Reasons::insert)). To decide on a
    /// lead, prefer [`PreAudit::verdict`](crate::PreAudit::verdict), which also accounts for an
    /// answer without flag labels.
    ///
    /// ```
    /// use jornaya_preaudit::Flag;
    /// assert_eq!(Flag::from_vendor("3"), Flag::Red);
    /// assert!(Flag::Yellow.is_flagged());
    /// assert!(Flag::Red > Flag::Yellow && Flag::Yellow > Flag::Green);
    /// let unknown = Flag::from_vendor("9");
    /// assert!(unknown > Flag::Yellow && unknown < Flag::Red);
    /// assert!(!(unknown <= Flag::Yellow), "never passes as acceptable");
    /// assert_eq!(Flag::Red.colour(), "red");
    /// ```
    pub enum Flag {
        /// `1`: the buyer's profile would accept the lead (on this point).
        Green = "1",
        /// `2`: the buyer's profile would review the lead.
        Yellow = "2",
        /// `3`: the buyer's profile would reject the lead.
        Red = "3",
    }
}

impl Flag {
    /// The colour in plain words: `green`, `yellow`, `red`, or `unknown`.
    pub fn colour(&self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Red => "red",
            Self::Unknown(_) => "unknown",
        }
    }

    /// What the colour means for the lead: `accept`, `review`, `reject`, or
    /// `unknown flag value`.
    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Green => "accept",
            Self::Yellow => "review",
            Self::Red => "reject",
            Self::Unknown(_) => "unknown flag value",
        }
    }

    /// Whether this is anything but green (an unknown value counts as flagged).
    pub fn is_flagged(&self) -> bool {
        !matches!(self, Self::Green)
    }

    /// Severity used for ordering: green 0, yellow 1, unknown 2, red 3 (an unknown value is
    /// never better than yellow, nor as bad as the red the vendor did not send).
    pub fn severity(&self) -> u8 {
        match self {
            Self::Green => 0,
            Self::Yellow => 1,
            Self::Unknown(_) => 2,
            Self::Red => 3,
        }
    }
}

impl Default for Flag {
    /// Green: a data point the answer leaves out is green.
    fn default() -> Self {
        Self::Green
    }
}

impl PartialOrd for Flag {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Flag {
    /// Orders by [`Flag::severity`], then unknown values by their text.
    fn cmp(&self, other: &Self) -> Ordering {
        self.severity()
            .cmp(&other.severity())
            .then_with(|| self.as_str().cmp(other.as_str()))
    }
}

impl Flag {
    /// Whether `self`, met again for a data point (or the result) that already has `kept`,
    /// replaces it: the worse flag is kept, where an unknown value counts as worse than yellow
    /// (a value this client cannot read must never make a lead look better) and a second
    /// unknown value does not replace the first. The order is [`Flag::severity`]'s.
    pub(crate) fn replaces(&self, kept: &Flag) -> bool {
        self.severity() > kept.severity()
    }
}

/// A flag value as both formats send it, in the form [`Flag::from_vendor`] knows; `None`
/// when empty (an empty value is the same as an absent one).
///
/// The vendor's flags are numbers, so the value is read as a number when it is one: spaces
/// around it are trimmed, and an integer value is written plainly (`" 3"`, `"3.0"`, `"03"`
/// and `3e0` are all `3`). Any other number is kept in its shortest form (`2.50` → `2.5`,
/// as the JSON reader sees it), and text that is no number is kept as sent, trimmed.
pub(crate) fn flag_text(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(integer) = text.parse::<i128>() {
        return Some(integer.to_string());
    }
    match text.parse::<f64>() {
        // Below 2^53 every integer is exact in an f64.
        Ok(number) if number.is_finite() && number.fract() == 0.0 && number.abs() < 9.0e15 => {
            Some((number as i64).to_string())
        }
        Ok(number) if number.is_finite() => Some(number.to_string()),
        _ => Some(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_flag(text: &str) -> Option<Flag> {
        flag_text(text).map(|text| Flag::from_vendor(&text))
    }

    #[test]
    fn numbers_and_strings_decode_alike() {
        let as_number: Flag = serde_json::from_str("3").unwrap();
        let as_string: Flag = serde_json::from_str(r#""3""#).unwrap();
        assert_eq!(as_number, Flag::Red);
        assert_eq!(as_string, Flag::Red);
        assert_eq!(serde_json::from_str::<Flag>("1").unwrap(), Flag::Green);
        assert_eq!(
            serde_json::from_str::<Flag>(r#""2""#).unwrap(),
            Flag::Yellow
        );
        assert_eq!(
            serde_json::from_str::<Flag>("4").unwrap(),
            Flag::Unknown("4".into())
        );
        assert_eq!(parse_flag(" 2\n"), Some(Flag::Yellow));
    }

    #[test]
    fn flag_values_are_read_as_numbers() {
        for (sent, read) in [
            ("3", Some("3")),
            (" 3", Some("3")),
            ("3.0", Some("3")),
            ("3.00 ", Some("3")),
            ("03", Some("3")),
            ("+3", Some("3")),
            ("3e0", Some("3")),
            ("-0.0", Some("0")),
            ("2.50", Some("2.5")),
            ("18446744073709551616", Some("18446744073709551616")),
            ("1e300", Some(&*format!("1{}", "0".repeat(300)))),
            ("inf", Some("inf")),
            ("red", Some("red")),
            (" true ", Some("true")),
            ("", None),
            (" \n\t", None),
        ] {
            assert_eq!(flag_text(sent).as_deref(), read, "{sent:?}");
        }
        assert_eq!(parse_flag("3.0"), Some(Flag::Red));
        assert_eq!(parse_flag("1.0"), Some(Flag::Green));
        assert_eq!(parse_flag("4"), Some(Flag::Unknown("4".into())));
        assert_eq!(parse_flag(" "), None);
    }

    #[test]
    fn the_worse_flag_replaces_and_unknown_is_worse_than_yellow() {
        let unknown = || Flag::Unknown("7".into());
        assert!(Flag::Red.replaces(&Flag::Yellow));
        assert!(Flag::Red.replaces(&unknown()));
        assert!(unknown().replaces(&Flag::Yellow));
        assert!(unknown().replaces(&Flag::Green));
        assert!(Flag::Yellow.replaces(&Flag::Green));
        assert!(!Flag::Green.replaces(&Flag::Red));
        assert!(!Flag::Yellow.replaces(&unknown()));
        assert!(!Flag::Unknown("8".into()).replaces(&unknown()));
        assert!(!Flag::Red.replaces(&Flag::Red));
    }

    #[test]
    fn ordering_puts_red_first_when_reversed() {
        let mut flags = vec![
            Flag::Green,
            Flag::Red,
            Flag::Unknown("7".into()),
            Flag::Yellow,
        ];
        flags.sort_by(|a, b| b.cmp(a));
        assert_eq!(
            flags,
            vec![
                Flag::Red,
                Flag::Unknown("7".into()),
                Flag::Yellow,
                Flag::Green
            ]
        );
        assert!(!Flag::Green.is_flagged());
        assert!(Flag::Unknown("0".into()).is_flagged());
        assert_eq!(Flag::default(), Flag::Green);
    }

    #[test]
    // The comparisons are written as a caller would write them.
    #[allow(clippy::nonminimal_bool)]
    fn an_unknown_flag_never_compares_better_than_yellow() {
        let unknown = Flag::Unknown("9".into());
        // The mistake the old order invited: `result < Flag::Yellow` sold an unknown result.
        assert!(!(unknown < Flag::Yellow));
        assert!(!(unknown <= Flag::Yellow));
        assert!(unknown > Flag::Yellow && unknown >= Flag::Yellow);
        assert!(unknown < Flag::Red, "the vendor did not say reject");
        assert_eq!(
            [Flag::Yellow, unknown.clone(), Flag::Green].iter().max(),
            Some(&unknown)
        );
        assert_eq!([Flag::Red, unknown.clone()].iter().max(), Some(&Flag::Red));
        // One order for comparing and for merging a value given twice.
        for a in [Flag::Green, Flag::Yellow, unknown.clone(), Flag::Red] {
            for b in [
                Flag::Green,
                Flag::Yellow,
                Flag::Unknown("8".into()),
                Flag::Red,
            ] {
                assert_eq!(a.replaces(&b), a.severity() > b.severity(), "{a:?} {b:?}");
            }
        }
    }
}
