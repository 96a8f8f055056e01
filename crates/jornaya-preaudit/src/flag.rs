//! Flag colours: the overall result and each reason's value.

use std::cmp::Ordering;

leadkit_core::open_enum! {
    /// A flag colour, as the vendor numbers it: `1` green, `2` yellow, `3` red.
    ///
    /// Used for the overall `result` and for each reason's value. The vendor sends numbers as
    /// `3` or `"3"`; both decode the same. Any other value is kept as
    /// [`Flag::Unknown`] and counts as flagged (not green), ranked below yellow.
    ///
    /// ```
    /// use jornaya_preaudit::Flag;
    /// assert_eq!(Flag::from_vendor("3"), Flag::Red);
    /// assert!(Flag::Yellow.is_flagged());
    /// assert!(Flag::Red > Flag::Yellow && Flag::Yellow > Flag::Green);
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

    /// Severity used for ordering: green 0, unknown 1, yellow 2, red 3.
    pub fn severity(&self) -> u8 {
        match self {
            Self::Green => 0,
            Self::Unknown(_) => 1,
            Self::Yellow => 2,
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

/// Normalises a flag value as sent (`3`, `"3"`, ` 3 `) to the form [`Flag::from_vendor`]
/// knows.
pub(crate) fn parse_flag(text: &str) -> Flag {
    Flag::from_vendor(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(parse_flag(" 2\n"), Flag::Yellow);
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
                Flag::Yellow,
                Flag::Unknown("7".into()),
                Flag::Green
            ]
        );
        assert!(!Flag::Green.is_flagged());
        assert!(Flag::Unknown("0".into()).is_flagged());
        assert_eq!(Flag::default(), Flag::Green);
    }
}
