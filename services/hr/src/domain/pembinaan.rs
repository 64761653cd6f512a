//! Pembinaan (manual §4.1.4): coaching and counseling, warning letters SP1 → SP2 → SP3
//! and the termination review an SP3 opens, as plain types and functions.
//!
//! The rules:
//! - a letter is valid from its issue day for the validity in months set when it is
//!   issued (`TAM_WARNING_LETTER_VALIDITY_MONTHS`, 6 by default): its last day in force
//!   is [`valid_until`];
//! - a letter is in force on a day when it is between its issue day and its last day
//!   and its status is issued, acknowledged or approved (a direct letter pending HR's
//!   approval or rejected is not; a revoked letter never is);
//! - the ladder ([`ladder_met`]): an SP1 needs nothing, an SP2 a letter of SP1 or
//!   higher in force on its issue day, an SP3 a letter of SP2 or higher; a letter whose
//!   ladder is unmet is refused (422 `warning-letter-sequence`) unless it is a direct
//!   letter with a stated reason, which waits for HR's approval;
//! - "in pembinaan" on a day ([`in_pembinaan`]): a letter in force then, or a
//!   counseling record whose plan is open then (from its day until the day it is
//!   closed, not included). A coaching record (skills) never puts anyone in pembinaan.

use chrono::{DateTime, Months, NaiveDate, Utc};
use tam_kernel::{Role, Site};
use uuid::Uuid;

/// The default validity of a letter, in months.
pub const DEFAULT_VALIDITY_MONTHS: u32 = 6;

/// A warning letter's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Sp1,
    Sp2,
    Sp3,
}

pub const LEVEL_CODES: &[&str] = &["SP1", "SP2", "SP3"];

impl Level {
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Sp1 => "SP1",
            Level::Sp2 => "SP2",
            Level::Sp3 => "SP3",
        }
    }

    /// The level a letter in force must have (at least) for this one to follow the
    /// ladder; `None` for an SP1.
    pub const fn requires(self) -> Option<Level> {
        match self {
            Level::Sp1 => None,
            Level::Sp2 => Some(Level::Sp1),
            Level::Sp3 => Some(Level::Sp2),
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "SP1" => Ok(Level::Sp1),
            "SP2" => Ok(Level::Sp2),
            "SP3" => Ok(Level::Sp3),
            _ => Err(format!("must be one of: {}", LEVEL_CODES.join(", "))),
        }
    }
}

/// Where a letter is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterStatus {
    /// A direct letter waiting for HR's approval: not in force.
    PendingApproval,
    /// A direct letter HR refused: never in force.
    Rejected,
    /// Issued on the ladder, not yet acknowledged by HR: in force.
    Issued,
    /// Issued and acknowledged by HR: in force.
    Acknowledged,
    /// A direct letter HR approved (the approval is its acknowledgement): in force.
    Approved,
    /// Revoked with a reason: never in force.
    Revoked,
}

pub const LETTER_STATUS_CODES: &[&str] = &[
    "pending_approval",
    "rejected",
    "issued",
    "acknowledged",
    "approved",
    "revoked",
];

impl LetterStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            LetterStatus::PendingApproval => "pending_approval",
            LetterStatus::Rejected => "rejected",
            LetterStatus::Issued => "issued",
            LetterStatus::Acknowledged => "acknowledged",
            LetterStatus::Approved => "approved",
            LetterStatus::Revoked => "revoked",
        }
    }

    /// Whether a letter of this status counts (between its days).
    pub const fn counts(self) -> bool {
        matches!(
            self,
            LetterStatus::Issued | LetterStatus::Acknowledged | LetterStatus::Approved
        )
    }

    /// The statuses that count, as stored.
    pub const COUNTING: &'static [&'static str] = &["issued", "acknowledged", "approved"];
}

impl std::fmt::Display for LetterStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for LetterStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        [
            LetterStatus::PendingApproval,
            LetterStatus::Rejected,
            LetterStatus::Issued,
            LetterStatus::Acknowledged,
            LetterStatus::Approved,
            LetterStatus::Revoked,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
        .ok_or_else(|| format!("must be one of: {}", LETTER_STATUS_CODES.join(", ")))
    }
}

/// A letter in force on a day (what other parts of hr read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterInForce {
    pub id: Uuid,
    pub level: Level,
    pub issued_on: NaiveDate,
    /// The last day in force.
    pub valid_until: NaiveDate,
}

/// The last day in force of a letter issued on `issued_on` valid for `months`: the
/// day before the same day `months` later (issued 2027-01-10 for 6 months: in force
/// to 2027-07-09). `None` past the calendar.
pub fn valid_until(issued_on: NaiveDate, months: u32) -> Option<NaiveDate> {
    issued_on
        .checked_add_months(Months::new(months))?
        .pred_opt()
        .map(|day| day.max(issued_on))
}

/// Whether a letter of `status` issued on `issued_on`, in force to `valid_until`, is in
/// force on `on`.
pub fn in_force_on(
    status: LetterStatus,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    on: NaiveDate,
) -> bool {
    status.counts() && issued_on <= on && on <= valid_until
}

/// Whether a letter of `level` follows the ladder given the letters in force on its
/// issue day.
pub fn ladder_met(level: Level, in_force: &[LetterInForce]) -> bool {
    match level.requires() {
        None => true,
        Some(needed) => in_force.iter().any(|l| l.level >= needed),
    }
}

/// What issuing a letter leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    /// On the ladder: issued, in force now.
    Issued,
    /// Off the ladder with a stated reason: waits for HR's approval.
    PendingApproval,
    /// Off the ladder without a reason: refused.
    Refused,
}

/// The outcome of issuing a letter of `level` with the letters in force on its issue
/// day and whether a direct reason is stated.
pub fn issue(level: Level, in_force: &[LetterInForce], direct_reason: bool) -> Issue {
    if ladder_met(level, in_force) {
        Issue::Issued
    } else if direct_reason {
        Issue::PendingApproval
    } else {
        Issue::Refused
    }
}

/// A coaching record's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoachingKind {
    Coaching,
    Counseling,
}

pub const COACHING_KIND_CODES: &[&str] = &["coaching", "counseling"];

impl CoachingKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            CoachingKind::Coaching => "coaching",
            CoachingKind::Counseling => "counseling",
        }
    }
}

impl std::str::FromStr for CoachingKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "coaching" => Ok(CoachingKind::Coaching),
            "counseling" => Ok(CoachingKind::Counseling),
            _ => Err(format!(
                "must be one of: {}",
                COACHING_KIND_CODES.join(", ")
            )),
        }
    }
}

/// Whether a coaching record puts its employee in pembinaan on `on`: a counseling
/// record with a plan, from its day until the day the plan closed (not included).
pub fn plan_open_on(
    kind: CoachingKind,
    plan: bool,
    held_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    on: NaiveDate,
) -> bool {
    kind == CoachingKind::Counseling
        && plan
        && held_on <= on
        && closed_on.is_none_or(|closed| on < closed)
}

/// "In pembinaan" on a day: a letter in force, or an open counseling plan.
pub fn in_pembinaan(letters_in_force: &[LetterInForce], open_plans: usize) -> bool {
    !letters_in_force.is_empty() || open_plans > 0
}

/// A warning letter as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningLetter {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub site: Site,
    pub level: Level,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub reason: String,
    pub direct_reason: Option<String>,
    pub status: LetterStatus,
    pub issued_by: Uuid,
    pub issued_by_role: Role,
    pub issued_at: DateTime<Utc>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub revoked_by: Option<Uuid>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revocation_reason: Option<String>,
}

/// A termination review as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminationReview {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub letter_id: Uuid,
    pub site: Site,
    /// open or decided.
    pub status: String,
    pub opened_at: DateTime<Utc>,
    /// terminate or retain, once decided.
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// What a coaching record links to as evidence.
pub const EVIDENCE_KIND_CODES: &[&str] =
    &["call", "quality_return", "cabut_mis_sale", "attendance_day"];

/// One piece of evidence: a kind and the id of the record in its service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub kind: String,
    pub id: String,
}

/// A coaching or counseling record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachingRecord {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub site: Option<Site>,
    pub team_id: Option<Uuid>,
    pub kind: CoachingKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub agreed: String,
    pub follow_up_on: Option<NaiveDate>,
    pub plan_open: bool,
    pub plan_closed_on: Option<NaiveDate>,
    pub evidence: Vec<Evidence>,
    pub recorded_by: Uuid,
    pub recorded_by_role: Role,
    pub recorded_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn letter(level: Level) -> LetterInForce {
        LetterInForce {
            id: Uuid::nil(),
            level,
            issued_on: d(2027, 1, 10),
            valid_until: d(2027, 7, 9),
        }
    }

    #[test]
    fn a_letter_is_valid_six_months_from_its_issue_day() {
        assert_eq!(valid_until(d(2027, 1, 10), 6), Some(d(2027, 7, 9)));
        assert_eq!(valid_until(d(2027, 8, 31), 6), Some(d(2028, 2, 28)));
        assert_eq!(valid_until(d(2027, 1, 10), 1), Some(d(2027, 2, 9)));
        let until = d(2027, 7, 9);
        let on = |day| in_force_on(LetterStatus::Issued, d(2027, 1, 10), until, day);
        assert!(!on(d(2027, 1, 9)));
        assert!(on(d(2027, 1, 10)));
        assert!(on(d(2027, 7, 9)));
        assert!(!on(d(2027, 7, 10)));
    }

    #[test]
    fn only_issued_acknowledged_and_approved_letters_are_in_force() {
        let on = d(2027, 2, 1);
        for (status, counts) in [
            (LetterStatus::PendingApproval, false),
            (LetterStatus::Rejected, false),
            (LetterStatus::Issued, true),
            (LetterStatus::Acknowledged, true),
            (LetterStatus::Approved, true),
            (LetterStatus::Revoked, false),
        ] {
            assert_eq!(
                in_force_on(status, d(2027, 1, 10), d(2027, 7, 9), on),
                counts,
                "{status}"
            );
            assert_eq!(status.as_str().parse::<LetterStatus>(), Ok(status));
            assert_eq!(LetterStatus::COUNTING.contains(&status.as_str()), counts);
        }
    }

    #[test]
    fn the_ladder_sp1_then_sp2_then_sp3() {
        assert_eq!(issue(Level::Sp1, &[], false), Issue::Issued);
        assert_eq!(issue(Level::Sp2, &[], false), Issue::Refused);
        assert_eq!(issue(Level::Sp2, &[], true), Issue::PendingApproval);
        assert_eq!(
            issue(Level::Sp2, &[letter(Level::Sp1)], false),
            Issue::Issued
        );
        assert_eq!(
            issue(Level::Sp3, &[letter(Level::Sp1)], false),
            Issue::Refused
        );
        assert_eq!(
            issue(Level::Sp3, &[letter(Level::Sp2)], false),
            Issue::Issued
        );
        // A higher letter in force meets a lower requirement.
        assert_eq!(
            issue(Level::Sp2, &[letter(Level::Sp3)], false),
            Issue::Issued
        );
        assert_eq!(
            issue(Level::Sp3, &[letter(Level::Sp1)], true),
            Issue::PendingApproval
        );
        for code in LEVEL_CODES {
            assert_eq!(code.parse::<Level>().unwrap().as_str(), *code);
        }
        assert!("SP4".parse::<Level>().is_err());
    }

    #[test]
    fn an_open_counseling_plan_is_pembinaan_a_coaching_is_not() {
        let held = d(2027, 3, 1);
        let c = CoachingKind::Counseling;
        assert!(plan_open_on(c, true, held, None, d(2027, 3, 1)));
        assert!(!plan_open_on(c, true, held, None, d(2027, 2, 28)));
        assert!(plan_open_on(
            c,
            true,
            held,
            Some(d(2027, 3, 5)),
            d(2027, 3, 4)
        ));
        assert!(!plan_open_on(
            c,
            true,
            held,
            Some(d(2027, 3, 5)),
            d(2027, 3, 5)
        ));
        assert!(!plan_open_on(c, false, held, None, d(2027, 3, 2)));
        assert!(!plan_open_on(
            CoachingKind::Coaching,
            true,
            held,
            None,
            d(2027, 3, 2)
        ));
        assert!(!in_pembinaan(&[], 0));
        assert!(in_pembinaan(&[], 1));
        assert!(in_pembinaan(&[letter(Level::Sp1)], 0));
    }
}
