//! The do-not-call list: numbers never to be called again, suite-wide.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A checked request to put a number on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDnc {
    /// E.164 (`+62…`), see [`super::phone::normalize_phone`].
    pub number: String,
    pub reason: String,
}

/// A number on the list, who put it there, why and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DncEntry {
    pub id: Uuid,
    pub number: String,
    pub reason: String,
    pub added_by: Uuid,
    pub added_at: DateTime<Utc>,
}

/// Parses the reason: 1 to 500 characters.
pub fn reason(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 500 {
        Err("must be 1 to 500 characters".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(reason(" customer asked "), Ok("customer asked".to_owned()));
        assert!(reason(" ").is_err());
        assert!(reason(&"x".repeat(501)).is_err());
    }
}
