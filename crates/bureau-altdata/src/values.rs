//! Value types shared by the models: numeric signals with Bureau's `-1` "unknown" sentinel,
//! personal data that never prints itself, raw JSON that never prints its contents, and the
//! lenient field readers Bureau's answers need.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A number type a [`Signal`] can hold.
pub trait SignalNumber: Copy + PartialEq + fmt::Display + sealed::Sealed {
    /// The value Bureau sends for "unknown".
    const UNKNOWN: Self;

    #[doc(hidden)]
    fn from_i64(value: i64) -> Option<Self>;
    #[doc(hidden)]
    fn from_f64(value: f64) -> Option<Self>;
    #[doc(hidden)]
    fn parse(text: &str) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i64 {}
    impl Sealed for f64 {}
}

impl SignalNumber for i64 {
    const UNKNOWN: Self = -1;

    fn from_i64(value: i64) -> Option<Self> {
        Some(value)
    }

    fn from_f64(value: f64) -> Option<Self> {
        // A whole number sent as `12.0` is still a count.
        (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as i64)
    }

    fn parse(text: &str) -> Option<Self> {
        text.parse()
            .ok()
            .or_else(|| text.parse().ok().and_then(Self::from_f64))
    }
}

impl SignalNumber for f64 {
    const UNKNOWN: Self = -1.0;

    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }

    fn from_f64(value: f64) -> Option<Self> {
        value.is_finite().then_some(value)
    }

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok().and_then(Self::from_f64)
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
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SignalVisitor<T>(PhantomData<T>);

        impl<T: SignalNumber> SignalVisitor<T> {
            fn number<E: de::Error>(value: Option<T>) -> Result<Signal<T>, E> {
                value
                    .map(Signal::new)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Other("number"), &"a number"))
            }
        }

        impl<'de, T: SignalNumber> Visitor<'de> for SignalVisitor<T> {
            type Value = Signal<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a string holding a number, or null")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Signal<T>, E> {
                Self::number(T::from_i64(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Signal<T>, E> {
                Self::number(i64::try_from(v).ok().and_then(T::from_i64))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Signal<T>, E> {
                Self::number(T::from_f64(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Signal<T>, E> {
                let text = v.trim();
                if text.is_empty() {
                    return Ok(Signal::absent());
                }
                Self::number(T::parse(text))
            }

            fn visit_none<E: de::Error>(self) -> Result<Signal<T>, E> {
                Ok(Signal::absent())
            }

            fn visit_unit<E: de::Error>(self) -> Result<Signal<T>, E> {
                Ok(Signal::absent())
            }
        }

        deserializer.deserialize_any(SignalVisitor(PhantomData))
    }
}

/// Personal data from an answer (a name, email, phone number, address part or SIM identifier).
///
/// It has no `Display`, and its `Debug` shows only its length, so it cannot reach a log line by
/// accident; read it on purpose with [`PersonalData::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct PersonalData(String);

impl PersonalData {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for PersonalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalData({} chars)", self.0.chars().count())
    }
}

impl PartialEq<str> for PersonalData {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PersonalData {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de> Deserialize<'de> for PersonalData {
    /// Reads a string, or a number or boolean as its text (pincodes and phone numbers arrive
    /// in either form).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = PersonalData;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text or a number")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<PersonalData, E> {
                Ok(PersonalData(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// JSON kept as Bureau sent it (an unknown service, tags, documents, a service's `error`).
///
/// Its `Debug` shows the JSON's shape only, since the contents may be personal data; read the
/// value with [`RawJson::value`].
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(serde_json::Value);

impl RawJson {
    /// Wraps a value.
    pub fn new(value: serde_json::Value) -> Self {
        Self(value)
    }

    /// The JSON value.
    pub fn value(&self) -> &serde_json::Value {
        &self.0
    }

    /// The JSON value, owned.
    pub fn into_value(self) -> serde_json::Value {
        self.0
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use serde_json::Value;
        match &self.0 {
            Value::Null => f.write_str("RawJson(null)"),
            Value::Bool(_) => f.write_str("RawJson(bool)"),
            Value::Number(_) => f.write_str("RawJson(number)"),
            Value::String(text) => write!(f, "RawJson(string, {} chars)", text.chars().count()),
            Value::Array(items) => write!(f, "RawJson(array, {} items)", items.len()),
            Value::Object(map) => {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                write!(f, "RawJson(object {keys:?})")
            }
        }
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

    #[test]
    fn personal_data_never_prints_itself() {
        let name: PersonalData = serde_json::from_str(r#""Asha Verma""#).unwrap();
        assert_eq!(name, "Asha Verma");
        assert_eq!(format!("{name:?}"), "PersonalData(10 chars)");
        let pin: PersonalData = serde_json::from_str("560001").unwrap();
        assert_eq!(pin.as_str(), "560001");
        let raw = RawJson::new(serde_json::json!({"email": "asha@example.com"}));
        assert_eq!(format!("{raw:?}"), r#"RawJson(object ["email"])"#);
    }
}
