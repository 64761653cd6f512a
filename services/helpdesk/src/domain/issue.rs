//! Kendala: the activation problems a ticket carries, each in a category the
//! supervisor keeps, with follow-ups until resolved.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Rejection;

/// A category of kendala.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueCategory {
    pub code: String,
    pub name: String,
    /// An IT cause: escalations of its tickets also go to IOC.
    pub it_cause: bool,
    pub active: bool,
}

/// A category code: trimmed, lower case, 1 to 50 of `a-z 0-9 _`.
pub fn category_code(raw: &str) -> Result<String, String> {
    let code = raw.trim().to_lowercase();
    if code.is_empty() {
        return Err("is required".to_owned());
    }
    if code.len() > 50
        || !code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(format!(
            "{raw:?} is not a category code (1 to 50 of a-z, 0-9 and _)"
        ));
    }
    Ok(code)
}

/// One kendala.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub category: String,
    pub description: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Uuid,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Uuid>,
    pub resolution: Option<String>,
}

/// What was done about a kendala.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followup {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author_id: Uuid,
    pub action: String,
    /// Whether the customer (or the provider) was tried on the phone.
    pub contact_attempt: bool,
    pub result: Option<String>,
}

/// A kendala with its follow-ups, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueDetail {
    pub issue: Issue,
    pub followups: Vec<Followup>,
}

/// A resolved kendala takes no more follow-ups and is not resolved twice (409).
pub fn check_open(issue: &Issue) -> Result<(), Rejection> {
    match issue.resolved_at {
        Some(at) => Err(Rejection::Conflict(format!(
            "the issue was resolved at {at}: open a new one if the problem came back"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn category_codes_are_snake_case() {
        assert_eq!(category_code(" Payment ").unwrap(), "payment");
        assert!(category_code("address mismatch").is_err());
        assert!(category_code("").is_err());
    }

    #[test]
    fn a_resolved_issue_is_closed() {
        let mut issue = Issue {
            id: Uuid::nil(),
            ticket_id: Uuid::nil(),
            category: "payment".into(),
            description: "unpaid bill".into(),
            opened_at: Utc::now(),
            opened_by: Uuid::nil(),
            resolved_at: None,
            resolved_by: None,
            resolution: None,
        };
        assert!(check_open(&issue).is_ok());
        issue.resolved_at = Some(Utc::now());
        assert!(matches!(check_open(&issue), Err(Rejection::Conflict(_))));
    }
}
