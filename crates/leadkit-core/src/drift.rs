//! Notices of API drift: enum values and fields a model does not know.
//!
//! Decoding never fails on them (that is the point of open enums and extra-field maps), but a
//! maintainer wants to hear about them. While [`watch`] runs a closure, every unknown value an
//! [`open_enum!`](crate::open_enum) meets and every field an [`Extra`](crate::lenient::Extra)
//! map collects is recorded on the current thread. Outside [`watch`] nothing is recorded and
//! the cost is one thread-local read on the unknown path only.
//!
//! ```
//! leadkit_core::open_enum! {
//!     /// A colour.
//!     pub enum Colour {
//!         /// Red.
//!         Red = "RED",
//!     }
//! }
//! let (colours, drift) = leadkit_core::drift::watch(|| {
//!     serde_json::from_str::<Vec<Colour>>(r#"["RED","MAUVE"]"#).unwrap()
//! });
//! assert_eq!(colours.len(), 2);
//! assert_eq!(drift.unknown_values, vec![("Colour".to_string(), "MAUVE".to_string())]);
//! ```

use std::cell::RefCell;

/// What one [`watch`] saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// `(enum type, value)` for every value kept as `Unknown`.
    pub unknown_values: Vec<(String, String)>,
    /// Field names collected into `Extra` maps.
    pub extra_fields: Vec<String>,
    /// `(model, reason)` for every part of an answer kept raw because it could not be decoded
    /// (see [`Decoded`](crate::lenient::Decoded)); the reason has its values masked.
    pub undecodable_parts: Vec<(String, String)>,
}

impl Drift {
    /// Whether nothing unknown was seen.
    pub fn is_empty(&self) -> bool {
        self.unknown_values.is_empty()
            && self.extra_fields.is_empty()
            && self.undecodable_parts.is_empty()
    }
}

thread_local! {
    static WATCH: RefCell<Option<Drift>> = const { RefCell::new(None) };
}

/// Runs `f`, recording every unknown enum value and extra field decoded on this thread.
pub fn watch<T>(f: impl FnOnce() -> T) -> (T, Drift) {
    let previous = WATCH.with(|cell| cell.borrow_mut().replace(Drift::default()));
    let value = f();
    let drift = WATCH
        .with(|cell| std::mem::replace(&mut *cell.borrow_mut(), previous))
        .unwrap_or_default();
    (value, drift)
}

/// Records an unknown enum value (called by [`open_enum!`](crate::open_enum)).
#[doc(hidden)]
pub fn unknown_value(type_name: &str, value: &str) {
    WATCH.with(|cell| {
        if let Some(drift) = cell.borrow_mut().as_mut() {
            drift
                .unknown_values
                .push((type_name.to_owned(), value.to_owned()));
        }
    });
}

/// Records a field a model keeps untyped (called by [`Extra`](crate::lenient::Extra); vendor
/// models with their own extra-field maps call it too).
pub fn record_extra_field(name: &str) {
    WATCH.with(|cell| {
        if let Some(drift) = cell.borrow_mut().as_mut() {
            drift.extra_fields.push(name.to_owned());
        }
    });
}

/// Records a part of an answer kept raw (called by [`Decoded`](crate::lenient::Decoded)).
pub fn record_undecodable_part(model: &str, reason: &str) {
    WATCH.with(|cell| {
        if let Some(drift) = cell.borrow_mut().as_mut() {
            drift
                .undecodable_parts
                .push((model.to_owned(), reason.to_owned()));
        }
    });
}
