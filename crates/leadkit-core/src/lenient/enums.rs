//! Open enums: known values as variants, anything else kept as sent.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes an open enum from a string without allocating for known values; used by
/// [`open_enum!`](crate::open_enum).
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D, T>(
    deserializer: D,
    from_str: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct OpenVisitor<T>(fn(&str) -> T);

    impl<'de, T> Visitor<'de> for OpenVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        /// Surrounding whitespace is not part of a value: `" 3"` reads as `3`.
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v.trim()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        /// A float without a fraction reads as the integer (`3.0` is `3`).
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok((self.0)(if v { "true" } else { "false" }))
        }
    }

    deserializer.deserialize_any(OpenVisitor(from_str))
}

/// Declares an open enum: known values as variants, anything else kept as `Unknown(String)`
/// and serialised back unchanged.
///
/// ```
/// leadkit_core::open_enum! {
///     /// A loan's state.
///     pub enum LoanStatus {
///         /// Being repaid.
///         Active = "active",
///         /// Paid off.
///         Paid = "paid",
///     }
/// }
///
/// let known: LoanStatus = serde_json::from_str(r#""paid""#).unwrap();
/// assert_eq!(known, LoanStatus::Paid);
/// let unknown: LoanStatus = serde_json::from_str(r#""written_off""#).unwrap();
/// assert_eq!(unknown, LoanStatus::Unknown("written_off".into()));
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""written_off""#);
/// assert_eq!(LoanStatus::Active.as_str(), "active");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the client does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value this version of the client knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as the vendor writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(value) => value,
                }
            }

            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            /// Reads a value as the vendor writes it; unknown values are kept.
            pub fn from_vendor(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => {
                        $crate::drift::unknown_value(stringify!($name), other);
                        $name::Unknown(other.to_owned())
                    }
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_vendor(value))
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::lenient::deserialize_open_enum(deserializer, Self::from_vendor)
            }
        }
    };
}
