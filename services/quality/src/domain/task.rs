//! Tapping tasks: one per AGREE call, scored by a QC officer against the parameter
//! version in force when the task was created.
//!
//! Status: `awaiting_recording` (no recording yet) → `waiting` → `claimed` (a QCO holds
//! it under a lease) → `valid` | `returned` (the verdict; a supervisor's decision after
//! QA may switch between the two). A claimed task whose lease has expired may be claimed
//! again by anyone of the site.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::{FieldError, Program, Role, Site};
use uuid::Uuid;

use super::parameters::ParameterItem;
use super::{rules, Rejection};

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            pub const CODES: &'static [&'static str] = &[$($code,)+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(format!("must be one of: {}", Self::CODES.join(", "))),
                }
            }
        }
    };
}

pub(crate) use text_enum;

text_enum! {
    /// Where a tapping task is.
    TaskStatus {
        /// The call has no recording yet.
        AwaitingRecording => "awaiting_recording",
        /// Ready to be claimed.
        Waiting => "waiting",
        /// A QCO holds it (see `lease_expires_at`).
        Claimed => "claimed",
        /// Judged VALID (current revision).
        Valid => "valid",
        /// Judged RETURN (current revision).
        Returned => "returned",
    }
}

text_enum! {
    /// A verdict as published and stored.
    Verdict {
        Valid => "valid",
        Returned => "returned",
    }
}

impl Verdict {
    pub const fn status(self) -> TaskStatus {
        match self {
            Verdict::Valid => TaskStatus::Valid,
            Verdict::Returned => TaskStatus::Returned,
        }
    }

    /// The verdicts as a request names them ([`Verdict::parse_request`]).
    pub const REQUEST_CODES: &'static [&'static str] = &["valid", "return"];

    /// A verdict as a request names it: `valid` or `return` (the manual's word; the
    /// stored and published form is `returned`).
    pub fn parse_request(value: &str) -> Result<Verdict, String> {
        match value.trim() {
            "valid" => Ok(Verdict::Valid),
            "return" => Ok(Verdict::Returned),
            _ => Err("must be one of: valid, return".into()),
        }
    }
}

/// A QCO's score of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScore {
    pub code: String,
    pub passed: bool,
    pub note: Option<String>,
}

/// A verdict as given (by a QCO, or by a supervisor's decision): checked at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
}

/// A RETURN needs a reason: it is what the agent reads before the re-call.
pub fn check_reason(verdict: Verdict, reason: Option<&str>) -> Result<(), String> {
    match (verdict, reason) {
        (Verdict::Returned, None) => Err("is required when the verdict is return".into()),
        _ => Ok(()),
    }
}

/// Every item of the version scored exactly once: missing, unknown and repeated codes
/// are each named (400), with the field `scores`.
pub fn check_coverage(items: &[ParameterItem], scores: &[ItemScore]) -> Result<(), Rejection> {
    let known: HashSet<&str> = items.iter().map(|i| i.code.as_str()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in scores {
        *counts.entry(s.code.as_str()).or_default() += 1;
    }
    let mut errors = Vec::new();
    let missing: Vec<&str> = items
        .iter()
        .map(|i| i.code.as_str())
        .filter(|c| !counts.contains_key(c))
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            "scores",
            format!("items not scored: {}", missing.join(", ")),
        ));
    }
    let mut unknown: Vec<&str> = counts
        .keys()
        .copied()
        .filter(|c| !known.contains(c))
        .collect();
    unknown.sort_unstable();
    if !unknown.is_empty() {
        errors.push(FieldError::new(
            "scores",
            format!(
                "not items of this task's parameter version: {}",
                unknown.join(", ")
            ),
        ));
    }
    let mut repeated: Vec<&str> = counts
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(c, _)| *c)
        .collect();
    repeated.sort_unstable();
    if !repeated.is_empty() {
        errors.push(FieldError::new(
            "scores",
            format!("scored more than once: {}", repeated.join(", ")),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Rejection::Invalid(errors))
    }
}

/// The critical items that failed, in the version's order.
pub fn failed_critical<'a>(items: &'a [ParameterItem], scores: &[ItemScore]) -> Vec<&'a str> {
    items
        .iter()
        .filter(|i| i.critical)
        .filter(|i| scores.iter().any(|s| s.code == i.code && !s.passed))
        .map(|i| i.code.as_str())
        .collect()
}

/// A failed critical item fails the call: VALID is refused (422).
pub fn check_verdict(
    items: &[ParameterItem],
    scores: &[ItemScore],
    verdict: Verdict,
) -> Result<(), Rejection> {
    let failed = failed_critical(items, scores);
    if verdict == Verdict::Valid && !failed.is_empty() {
        return Err(Rejection::rule(
            rules::CRITICAL_ITEM_FAILED,
            format!(
                "critical items failed ({}): the call cannot be valid",
                failed.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The weighted share of passed items, in percent with two decimals: Σ weight of passed
/// items / Σ weight of all items × 100. Scores must cover the items
/// ([`check_coverage`]).
pub fn weighted_score(items: &[ParameterItem], scores: &[ItemScore]) -> f64 {
    let total: u64 = items.iter().map(|i| u64::from(i.weight)).sum();
    if total == 0 {
        return 0.0;
    }
    let passed: u64 = items
        .iter()
        .filter(|i| scores.iter().any(|s| s.code == i.code && s.passed))
        .map(|i| u64::from(i.weight))
        .sum();
    // Exact in integers up to the rounding to hundredths.
    let hundredths = (passed * 10_000 + total / 2) / total;
    hundredths as f64 / 100.0
}

/// Who holds a task and until when: what the verdict checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub status: TaskStatus,
    pub claimed_by: Option<Uuid>,
    pub lease_expires_at: Option<DateTime<Utc>>,
}

/// Only the QCO holding the task under an unexpired lease may judge it, once (409
/// otherwise).
pub fn check_holder(hold: Hold, qco: Uuid, now: DateTime<Utc>) -> Result<(), Rejection> {
    match hold.status {
        TaskStatus::Valid | TaskStatus::Returned => {
            Err(Rejection::Conflict("the task already has a verdict".into()))
        }
        TaskStatus::AwaitingRecording | TaskStatus::Waiting => Err(Rejection::Conflict(
            "claim the task before giving a verdict".into(),
        )),
        TaskStatus::Claimed if hold.claimed_by != Some(qco) => Err(Rejection::Conflict(
            "another QC officer holds the task".into(),
        )),
        TaskStatus::Claimed => match hold.lease_expires_at {
            Some(until) if now < until => Ok(()),
            _ => Err(Rejection::Conflict(
                "your claim on the task expired; claim a task again".into(),
            )),
        },
    }
}

/// A tapping task.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: Uuid,
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub call_started_at: DateTime<Utc>,
    pub call_ended_at: DateTime<Utc>,
    /// The WIB date of `call_started_at`.
    pub call_day: NaiveDate,
    pub parameter_version_id: Uuid,
    pub previous_task_id: Option<Uuid>,
    pub status: TaskStatus,
    pub claimed_by: Option<Uuid>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    pub verdict: Option<Verdict>,
    pub score: Option<f64>,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub judged_by: Option<Uuid>,
    pub judged_at: Option<DateTime<Utc>>,
    /// 0 before the verdict, 1 with the QCO's, +1 for each correction.
    pub revision: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Task {
    pub fn hold(&self) -> Hold {
        Hold {
            status: self.status,
            claimed_by: self.claimed_by,
            lease_expires_at: self.lease_expires_at,
        }
    }
}

/// One verdict of a task: revision 1 the QCO's, later ones a supervisor's correction.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictRecord {
    pub revision: u32,
    pub verdict: Verdict,
    pub score: f64,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub decided_by: Uuid,
    pub decided_role: Role,
    pub decided_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn item(code: &str, weight: u32, critical: bool) -> ParameterItem {
        ParameterItem {
            code: code.into(),
            description: code.into(),
            weight,
            critical,
        }
    }

    fn score(code: &str, passed: bool) -> ItemScore {
        ItemScore {
            code: code.into(),
            passed,
            note: None,
        }
    }

    fn items() -> Vec<ParameterItem> {
        vec![
            item("A", 10, false),
            item("B", 30, true),
            item("C", 60, false),
        ]
    }

    #[test]
    fn the_score_is_the_weighted_share_of_passed_items() {
        let all = [score("A", true), score("B", true), score("C", true)];
        assert_eq!(weighted_score(&items(), &all), 100.0);
        let some = [score("A", true), score("B", false), score("C", true)];
        assert_eq!(weighted_score(&items(), &some), 70.0);
        let none = [score("A", false), score("B", false), score("C", false)];
        assert_eq!(weighted_score(&items(), &none), 0.0);
        let thirds = vec![
            item("X", 1, false),
            item("Y", 1, false),
            item("Z", 1, false),
        ];
        let one = [score("X", true), score("Y", false), score("Z", false)];
        assert_eq!(weighted_score(&thirds, &one), 33.33);
        let two = [score("X", true), score("Y", true), score("Z", false)];
        assert_eq!(weighted_score(&thirds, &two), 66.67);
    }

    #[test]
    fn coverage_names_missing_unknown_and_repeated_codes() {
        assert!(check_coverage(
            &items(),
            &[score("A", true), score("B", true), score("C", true)]
        )
        .is_ok());
        let Err(Rejection::Invalid(errors)) = check_coverage(
            &items(),
            &[score("A", true), score("A", false), score("Z", true)],
        ) else {
            panic!("expected a 400");
        };
        assert_eq!(errors.len(), 3);
        assert!(errors[0].reason.contains("B, C"), "{}", errors[0].reason);
        assert!(errors[1].reason.contains('Z'));
        assert!(errors[2].reason.contains('A'));
        assert!(errors.iter().all(|e| e.field == "scores"));
    }

    #[test]
    fn a_failed_critical_item_cannot_be_valid() {
        let failed = [score("A", true), score("B", false), score("C", true)];
        let Err(Rejection::Rule { rule, detail }) =
            check_verdict(&items(), &failed, Verdict::Valid)
        else {
            panic!("expected a 422");
        };
        assert_eq!(rule, rules::CRITICAL_ITEM_FAILED);
        assert!(detail.contains('B'));
        assert!(check_verdict(&items(), &failed, Verdict::Returned).is_ok());
        // A failed non-critical item does not stop a VALID.
        let minor = [score("A", false), score("B", true), score("C", true)];
        assert!(check_verdict(&items(), &minor, Verdict::Valid).is_ok());
    }

    #[test]
    fn a_return_needs_a_reason() {
        assert!(check_reason(Verdict::Returned, None).is_err());
        assert!(check_reason(Verdict::Returned, Some("no consent")).is_ok());
        assert!(check_reason(Verdict::Valid, None).is_ok());
    }

    #[test]
    fn verdict_words() {
        assert_eq!(Verdict::parse_request("return"), Ok(Verdict::Returned));
        for code in Verdict::REQUEST_CODES {
            assert!(Verdict::parse_request(code).is_ok(), "{code}");
        }
        assert_eq!(Verdict::parse_request("valid"), Ok(Verdict::Valid));
        assert!(Verdict::parse_request("returned").is_err());
        assert_eq!(Verdict::Returned.as_str(), "returned");
        assert_eq!(Verdict::Returned.status(), TaskStatus::Returned);
        assert_eq!("claimed".parse::<TaskStatus>(), Ok(TaskStatus::Claimed));
    }

    #[test]
    fn only_the_holder_judges_before_the_lease_ends() {
        let now = Utc::now();
        let qco = Uuid::now_v7();
        let held = Hold {
            status: TaskStatus::Claimed,
            claimed_by: Some(qco),
            lease_expires_at: Some(now + Duration::minutes(5)),
        };
        assert!(check_holder(held, qco, now).is_ok());
        assert!(check_holder(held, Uuid::now_v7(), now).is_err());
        assert!(check_holder(held, qco, now + Duration::minutes(5)).is_err());
        for status in [
            TaskStatus::Waiting,
            TaskStatus::AwaitingRecording,
            TaskStatus::Valid,
            TaskStatus::Returned,
        ] {
            let hold = Hold { status, ..held };
            assert!(matches!(
                check_holder(hold, qco, now),
                Err(Rejection::Conflict(_))
            ));
        }
    }
}
