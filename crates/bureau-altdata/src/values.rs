//! Numeric signals with Bureau's `-1` "unknown" sentinel, and the epoch-millisecond timestamps
//! of the envelope. Personal data and raw JSON use leadkit-core's holders
//! ([`PersonalData`](leadkit_core::personal::PersonalData),
//! [`RawJson`](leadkit_core::personal::RawJson)); numbers are read by
//! [`leadkit_core::lenient::option_number`].

use std::fmt;
use std::str::FromStr;

use leadkit_core::lenient;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A number type a [`Signal`] can hold.
pub trait SignalNumber: Copy + PartialEq + fmt::Display + FromStr + sealed::Sealed {
    /// The value Bureau sends for "unknown".
    const UNKNOWN: Self;

    #[doc(hidden)]
    fn is_usable(self) -> bool;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i64 {}
    impl Sealed for f64 {}
}

impl SignalNumber for i64 {
    const UNKNOWN: Self = -1;

    fn is_usable(self) -> bool {
        true
    }
}

impl SignalNumber for f64 {
    const UNKNOWN: Self = -1.0;

    /// `"NaN"` and `"inf"` parse as `f64` but are not signals.
    fn is_usable(self) -> bool {
        self.is_finite()
    }
}

/// A numeric signal as Bureau sends it: `-1` means "unknown", `null` or a missing field means
/// "not returned".
///
/// [`Signal::value`] gives the usable number (neither unknown nor absent);
/// [`Signal::raw`] keeps exactly what was sent.
///
/// ```
/// use bureau_altdata::Signal;
/// let age: Signal<i64> = serde_json::from_str("-1").unwrap();
/// assert_eq!(age.value(), None);
/// assert_eq!(age.raw(), Some(-1));
/// assert!(age.is_unknown());
/// let score: Signal<f64> = serde_json::from_str("57.5").unwrap();
/// assert_eq!(score.value(), Some(57.5));
/// ```
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Signal<T> {
    raw: Option<T>,
}

impl<T: SignalNumber> Signal<T> {
    /// A signal holding `raw` as sent (`-1` stays "unknown").
    pub fn new(raw: T) -> Self {
        Self { raw: Some(raw) }
    }

    /// A signal the answer did not contain (or sent as `null`).
    pub fn absent() -> Self {
        Self { raw: None }
    }

    /// The number, unless Bureau sent `-1` ("unknown") or nothing.
    pub fn value(&self) -> Option<T> {
        self.raw.filter(|value| *value != T::UNKNOWN)
    }

    /// Exactly what Bureau sent, `-1` included.
    pub fn raw(&self) -> Option<T> {
        self.raw
    }

    /// Whether Bureau sent `-1` ("unknown").
    pub fn is_unknown(&self) -> bool {
        self.raw == Some(T::UNKNOWN)
    }

    /// Whether the answer had no value at all (missing or `null`).
    pub fn is_absent(&self) -> bool {
        self.raw.is_none()
    }

    /// This signal, or `other` when this one is absent: for a signal Bureau spells two ways
    /// (`ndr_score.or(phone_ndr_score)`). A `-1` ("unknown") is a value, not an absence.
    ///
    /// ```
    /// use bureau_altdata::Signal;
    /// let sent = Signal::new(0.75);
    /// assert_eq!(Signal::absent().or(sent), sent);
    /// assert_eq!(Signal::new(-1.0).or(sent).raw(), Some(-1.0));
    /// ```
    pub fn or(self, other: Self) -> Self {
        if self.is_absent() { other } else { self }
    }
}

impl<T: SignalNumber> fmt::Debug for Signal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.raw {
            None => f.write_str("Signal(absent)"),
            Some(raw) if raw == T::UNKNOWN => f.write_str("Signal(unknown)"),
            Some(raw) => write!(f, "Signal({raw})"),
        }
    }
}

impl<T: SignalNumber + Serialize> Serialize for Signal<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de, T: SignalNumber> Deserialize<'de> for Signal<T> {
    /// Reads what [`lenient::option_number`] reads: `3`, `3.0` (a count without a fraction),
    /// `"3"`; `null` and `""` are absent.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match lenient::option_number::deserialize::<D, T>(deserializer)? {
            Some(value) if !value.is_usable() => Err(de::Error::invalid_value(
                de::Unexpected::Other("number"),
                &"a finite number",
            )),
            raw => Ok(Self { raw }),
        }
    }
}

/// `Option<DateTime<Utc>>` sent as epoch milliseconds (`1684999151234`), read with
/// [`lenient::option_number`] (so `"1684999151234"` and `1684999151234.0` are read too;
/// `null` and `""` are `None`); a timestamp in text (`2023-05-25T08:41:35Z`, any form
/// [`lenient::parse_rfc3339`] reads) is read too. Written back as epoch milliseconds.
pub(crate) mod option_epoch_millis {
    use chrono::{DateTime, Utc};
    use serde_json::Value;

    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Some(at) = value.as_str().and_then(lenient::parse_rfc3339) {
            return Ok(Some(at.to_utc()));
        }
        lenient::option_number::deserialize::<_, i64>(value)
            .map_err(de::Error::custom)?
            .map(|millis| {
                DateTime::from_timestamp_millis(millis).ok_or_else(|| {
                    de::Error::invalid_value(
                        de::Unexpected::Other("number"),
                        &"epoch milliseconds within chrono's range",
                    )
                })
            })
            .transpose()
    }

    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        chrono::serde::ts_milliseconds_option::serialize(value, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_keep_the_sentinel_reachable() {
        let cases: [(&str, Option<i64>, Option<i64>); 6] = [
            ("-1", None, Some(-1)),
            ("1556", Some(1556), Some(1556)),
            ("12.0", Some(12), Some(12)),
            (r#""42""#, Some(42), Some(42)),
            ("null", None, None),
            (r#""""#, None, None),
        ];
        for (json, value, raw) in cases {
            let signal: Signal<i64> = serde_json::from_str(json).unwrap();
            assert_eq!(signal.value(), value, "{json}");
            assert_eq!(signal.raw(), raw, "{json}");
        }
        assert!(serde_json::from_str::<Signal<i64>>("12.5").is_err());
        assert!(serde_json::from_str::<Signal<i64>>(r#""many""#).is_err());
        let unknown: Signal<f64> = serde_json::from_str("-1").unwrap();
        assert!(unknown.is_unknown());
        assert_eq!(format!("{unknown:?}"), "Signal(unknown)");
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "-1.0");
    }
}
