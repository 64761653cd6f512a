//! quality's rules as plain types and functions, without I/O: assessment parameter sets,
//! what a verdict must carry and how it is scored, which VALIDs QA samples, how a review
//! moves, who sees what, and what the Quality Validation Score counts.
//!
//! Request bodies become these types at the edge (`TryFrom` in `api`), so a handler
//! never holds an unchecked value.

pub mod invalid_activation;
pub mod mis_sale;
pub mod parameters;
pub mod review;
pub mod sampling;
pub mod scope;
pub mod score;
pub mod task;

pub use tam_kernel::{parse_code, Fields, Rejection};

/// A free text of at most `max` characters, trimmed; empty is `None`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > max => {
            Err(format!("must be at most {max} characters"))
        }
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// The slugs of quality's business rules (the `type` of its 422 problems).
pub mod rules {
    /// A verdict VALID although a critical parameter item failed.
    pub const CRITICAL_ITEM_FAILED: &str = "critical-item-failed";
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn optional_texts_are_trimmed_and_bounded() {
        assert_eq!(optional_text(None, 5), Ok(None));
        assert_eq!(optional_text(Some("  "), 5), Ok(None));
        assert_eq!(optional_text(Some(" ab "), 5), Ok(Some("ab".into())));
        assert!(optional_text(Some("abcdef"), 5).is_err());
    }
}
