//! How a user is addressed: by FriendlyScore's own id or by the partner's id.

use std::fmt;

use leadkit_core::{Error, Result};

/// The two `{id-type}`s of the user endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdType {
    /// `id`: FriendlyScore's internal identifier, known only after the first scoring call.
    Id,
    /// `partner-id`: the identifier from the partner's own database (always usable).
    PartnerId,
}

impl IdType {
    /// The value as it appears in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::PartnerId => "partner-id",
        }
    }
}

impl fmt::Display for IdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user of the vendor, addressed by FriendlyScore id or partner id.
///
/// The id is one percent-encoded path segment: `/`, spaces or `?` in it cannot change the
/// path. Ids are checked before any request is sent (not empty, not `.` or `..`, no control
/// characters).
///
/// ```
/// use friendlyscore_client::{IdType, UserId};
/// let user = UserId::partner("customer-42");
/// assert_eq!(user.id_type(), IdType::PartnerId);
/// assert_eq!(user.value(), "customer-42");
/// let scored = UserId::friendlyscore("1187");
/// assert_eq!(scored.id_type().as_str(), "id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserId {
    id_type: IdType,
    value: String,
}

impl UserId {
    /// A user addressed by FriendlyScore's id (`{id-type}` = `id`).
    pub fn friendlyscore(id: impl Into<String>) -> Self {
        Self::new(IdType::Id, id)
    }

    /// A user addressed by the partner's own id (`{id-type}` = `partner-id`).
    pub fn partner(id: impl Into<String>) -> Self {
        Self::new(IdType::PartnerId, id)
    }

    /// A user id of the given type.
    pub fn new(id_type: IdType, id: impl Into<String>) -> Self {
        Self {
            id_type,
            value: id.into(),
        }
    }

    /// The kind of id.
    pub fn id_type(&self) -> IdType {
        self.id_type
    }

    /// The id itself.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Checks the id can address a user; the error names the field, never the value.
    pub(crate) fn validate(&self) -> Result<()> {
        let field = "user_id";
        leadkit_core::validate::non_empty(field, &self.value)?;
        if matches!(self.value.as_str(), "." | "..") {
            return Err(Error::invalid_input(field, "must not be `.` or `..`"));
        }
        if self.value.chars().any(char::is_control) {
            return Err(Error::invalid_input(
                field,
                "must not contain control characters",
            ));
        }
        Ok(())
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.id_type, self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_ids_that_cannot_be_a_path_segment() {
        for bad in ["", "  ", ".", "..", "a\nb"] {
            let error = UserId::partner(bad).validate().unwrap_err();
            assert_eq!(error.field(), Some("user_id"), "{bad:?}");
        }
        assert!(UserId::partner("a/b c?d").validate().is_ok());
    }
}
