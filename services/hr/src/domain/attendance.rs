//! Attendance as plain rules: a site's shifts, the classification of a check-in as late
//! and of a check-out as an early leave, one check-in per day, check-out only after a
//! check-in, corrections with a reason, and the summary of a period.
//!
//! Every day and time of day is on the WIB clock (Asia/Jakarta), like the operating
//! hours and the gate of prospect's `next`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use super::Rejection;

/// The slugs of attendance's rules (the `type` of its 422 problems).
pub mod rules {
    /// A shift whose end is not after its start (names `ends_at`).
    pub const SHIFT_ENDS_BEFORE_START: &str = "shift-ends-before-start";
    /// A second check-in on the same WIB day.
    pub const ALREADY_CHECKED_IN: &str = "already-checked-in";
    /// A check-out on a WIB day without a check-in.
    pub const NOT_CHECKED_IN: &str = "not-checked-in";
    /// A second check-out on the same WIB day.
    pub const ALREADY_CHECKED_OUT: &str = "already-checked-out";
    /// A roster assignment the caller or the employee does not fit (another site, a
    /// shift of another site, an employee outside the caller's team).
    pub const ROSTER_MISMATCH: &str = "roster-mismatch";
    /// A roster range that ends before it starts or is longer than 62 days.
    pub const INVALID_ROSTER_RANGE: &str = "invalid-roster-range";
    /// A correction that does not make a valid day (a check-out before the check-in,
    /// a time outside the day, a day in the future, no reason).
    pub const INVALID_CORRECTION: &str = "invalid-correction";
    /// The shift code is already used at the site.
    pub const SHIFT_CODE_TAKEN: &str = "shift-code-taken";
    /// The shift does not exist (or belongs to another site).
    pub const SHIFT_NOT_FOUND: &str = "shift-not-found";
}

/// The longest roster range one request assigns (days, both ends included).
pub const MAX_ROSTER_DAYS: i64 = 62;

/// A shift of a site: from `starts_at` to `ends_at` (WIB), the same day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub id: Uuid,
    pub site: Site,
    pub code: String,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A shift to create, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShift {
    pub site: Site,
    pub code: String,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
}

/// A shift ends after it starts: 422 `shift-ends-before-start` naming `ends_at`.
pub fn check_shift(starts_at: NaiveTime, ends_at: NaiveTime) -> Result<(), Rejection> {
    if ends_at <= starts_at {
        return Err(Rejection::rule(
            rules::SHIFT_ENDS_BEFORE_START,
            format!(
                "ends_at: the shift must end after it starts ({} is not after {}); \
                 a shift does not run past midnight",
                ends_at.format("%H:%M"),
                starts_at.format("%H:%M")
            ),
        ));
    }
    Ok(())
}

/// A roster range: `to` not before `from`, at most [`MAX_ROSTER_DAYS`] days.
pub fn check_roster_range(from: NaiveDate, to: NaiveDate) -> Result<(), Rejection> {
    let days = (to - from).num_days() + 1;
    if days < 1 {
        return Err(Rejection::rule(
            rules::INVALID_ROSTER_RANGE,
            format!("to: {to} is before from ({from})"),
        ));
    }
    if days > MAX_ROSTER_DAYS {
        return Err(Rejection::rule(
            rules::INVALID_ROSTER_RANGE,
            format!("to: one assignment covers at most {MAX_ROSTER_DAYS} days, not {days}"),
        ));
    }
    Ok(())
}

/// The late and early-leave thresholds (minutes of grace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// A check-in more than this many minutes after the shift starts is late.
    pub late_after_minutes: u32,
    /// A check-out more than this many minutes before the shift ends is an early leave.
    pub early_leave_minutes: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            late_after_minutes: 5,
            early_leave_minutes: 0,
        }
    }
}

/// How many minutes after `starts_at` a check-in at `at` (WIB time) is, and whether that
/// is late (more than the threshold). Without a rostered shift nothing is late.
pub fn classify_check_in(
    shift: Option<(NaiveTime, NaiveTime)>,
    at: NaiveTime,
    thresholds: Thresholds,
) -> (u32, bool) {
    let Some((starts_at, _)) = shift else {
        return (0, false);
    };
    let minutes = (at - starts_at).num_minutes();
    let minutes = u32::try_from(minutes.max(0)).unwrap_or(u32::MAX);
    (minutes, minutes > thresholds.late_after_minutes)
}

/// How many minutes before `ends_at` a check-out at `at` (WIB time) is, and whether that
/// is an early leave (more than the threshold).
pub fn classify_check_out(
    shift: Option<(NaiveTime, NaiveTime)>,
    at: NaiveTime,
    thresholds: Thresholds,
) -> (u32, bool) {
    let Some((_, ends_at)) = shift else {
        return (0, false);
    };
    let minutes = (ends_at - at).num_minutes();
    let minutes = u32::try_from(minutes.max(0)).unwrap_or(u32::MAX);
    (minutes, minutes > thresholds.early_leave_minutes)
}

/// A day as its employee recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub check_in_at: DateTime<Utc>,
    pub check_out_at: Option<DateTime<Utc>>,
}

/// One check-in per WIB day: 422 `already-checked-in` when the day has one.
pub fn check_check_in(day: NaiveDate, existing: Option<&Recorded>) -> Result<(), Rejection> {
    if let Some(existing) = existing {
        return Err(Rejection::rule(
            rules::ALREADY_CHECKED_IN,
            format!(
                "you already checked in on {day} (at {} WIB); one check-in per day",
                tam_kernel::to_wib(existing.check_in_at).format("%H:%M")
            ),
        ));
    }
    Ok(())
}

/// A check-out needs the day's check-in (422 `not-checked-in`) and happens once (422
/// `already-checked-out`).
pub fn check_check_out(day: NaiveDate, existing: Option<&Recorded>) -> Result<(), Rejection> {
    match existing {
        None => Err(Rejection::rule(
            rules::NOT_CHECKED_IN,
            format!("you have not checked in on {day}: check in before checking out"),
        )),
        Some(Recorded {
            check_out_at: Some(out),
            ..
        }) => Err(Rejection::rule(
            rules::ALREADY_CHECKED_OUT,
            format!(
                "you already checked out on {day} (at {} WIB)",
                tam_kernel::to_wib(*out).format("%H:%M")
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// A correction as asked: the day's times (WIB, on the day; no check-in: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCorrection {
    pub employee_id: Uuid,
    pub day: NaiveDate,
    pub check_in: Option<NaiveTime>,
    pub check_out: Option<NaiveTime>,
    pub reason: String,
}

/// A corrected day's check-in and check-out instants (null: none).
pub type CorrectedTimes = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A correction's times, checked against the day and today: not a day after today, a
/// check-out only with a check-in and not before it, a reason. Answers the instants.
pub fn check_correction(
    new: &NewCorrection,
    today: NaiveDate,
) -> Result<CorrectedTimes, Rejection> {
    let invalid = |detail: String| Rejection::rule(rules::INVALID_CORRECTION, detail);
    if new.reason.trim().is_empty() {
        return Err(invalid("reason: a correction needs a reason".to_owned()));
    }
    if new.day > today {
        return Err(invalid(format!(
            "day: {} is in the future (today is {today})",
            new.day
        )));
    }
    match (new.check_in, new.check_out) {
        (None, Some(_)) => Err(invalid(
            "check_out: a day without a check-in has no check-out".to_owned(),
        )),
        (Some(check_in), Some(check_out)) if check_out < check_in => Err(invalid(format!(
            "check_out: {} is before the check-in ({})",
            check_out.format("%H:%M"),
            check_in.format("%H:%M")
        ))),
        (check_in, check_out) => Ok((
            check_in.map(|t| tam_kernel::wib_to_utc(new.day, t)),
            check_out.map(|t| tam_kernel::wib_to_utc(new.day, t)),
        )),
    }
}

/// A correction as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub day: NaiveDate,
    pub site: Site,
    pub check_in_at: Option<DateTime<Utc>>,
    pub check_out_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub early_leave: bool,
    pub reason: String,
    pub corrected_by: Uuid,
    pub corrected_by_role: Role,
    pub corrected_at: DateTime<Utc>,
}

/// A day of an employee as it stands: their own record, overridden by the newest
/// correction when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub employee_id: Uuid,
    pub day: NaiveDate,
    pub site: Site,
    /// The rostered shift's code (null: not rostered).
    pub shift_code: Option<String>,
    pub shift_starts_at: Option<NaiveTime>,
    pub shift_ends_at: Option<NaiveTime>,
    pub check_in_at: Option<DateTime<Utc>>,
    pub check_out_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub early_leave: bool,
    /// Whether a correction decides the day.
    pub corrected: bool,
    /// The employee's own record, when there is one (kept when corrected).
    pub original: Option<Recorded>,
    /// The corrections, oldest first.
    pub corrections: Vec<Correction>,
}

/// The attendance of an employee over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttendanceSummary {
    /// Days with a rostered shift.
    pub rostered_days: u32,
    /// Days with a check-in (as corrected).
    pub days_present: u32,
    /// Days present with a late check-in.
    pub late_arrivals: u32,
    /// Days present with an early leave.
    pub early_leaves: u32,
    /// Rostered days without a check-in (as corrected).
    pub absences: u32,
    /// Days decided by a correction.
    pub corrected_days: u32,
}

/// The summary of `rostered` days and the `days` recorded or corrected (each day once).
pub fn summarize(rostered: &[NaiveDate], days: &[Day]) -> AttendanceSummary {
    let present: std::collections::BTreeSet<NaiveDate> = days
        .iter()
        .filter(|d| d.check_in_at.is_some())
        .map(|d| d.day)
        .collect();
    let rostered_set: std::collections::BTreeSet<NaiveDate> = rostered.iter().copied().collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    AttendanceSummary {
        rostered_days: count(rostered_set.len()),
        days_present: count(present.len()),
        late_arrivals: count(
            days.iter()
                .filter(|d| d.check_in_at.is_some() && d.late)
                .count(),
        ),
        early_leaves: count(
            days.iter()
                .filter(|d| d.check_in_at.is_some() && d.early_leave)
                .count(),
        ),
        absences: count(rostered_set.difference(&present).count()),
        corrected_days: count(days.iter().filter(|d| d.corrected).count()),
    }
}

/// Who corrects an employee's day: a supervisor_ops of the employee's site, or the team
/// leader of the employee's team (403 otherwise; the store already hid employees
/// outside the caller's scope).
pub fn check_corrector(role: Role) -> Result<(), Rejection> {
    match role {
        Role::SupervisorOps | Role::TeamLeader | Role::Admin => Ok(()),
        other => Err(Rejection::Forbidden(format!(
            "a {other} does not correct attendance; the team leader or the site's \
             supervisor_ops does"
        ))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn slug(r: Result<impl std::fmt::Debug, Rejection>) -> &'static str {
        match r {
            Err(Rejection::Rule { rule, .. }) => rule,
            other => panic!("expected a rule, got {other:?}"),
        }
    }

    #[test]
    fn a_shift_ends_after_it_starts_and_the_refusal_names_ends_at() {
        assert_eq!(check_shift(t(8, 0), t(17, 0)), Ok(()));
        let Err(Rejection::Rule { rule, detail }) = check_shift(t(17, 0), t(8, 0)) else {
            panic!("an end before the start passed");
        };
        assert_eq!(rule, rules::SHIFT_ENDS_BEFORE_START);
        assert!(detail.starts_with("ends_at:"), "{detail}");
        assert_eq!(
            slug(check_shift(t(8, 0), t(8, 0))),
            rules::SHIFT_ENDS_BEFORE_START
        );
    }

    #[test]
    fn late_is_more_than_the_threshold_after_the_start() {
        let shift = Some((t(8, 0), t(17, 0)));
        let th = Thresholds::default();
        assert_eq!(classify_check_in(shift, t(7, 50), th), (0, false));
        assert_eq!(classify_check_in(shift, t(8, 5), th), (5, false));
        assert_eq!(classify_check_in(shift, t(8, 6), th), (6, true));
        assert_eq!(classify_check_in(None, t(11, 0), th), (0, false));
        let strict = Thresholds {
            late_after_minutes: 0,
            early_leave_minutes: 0,
        };
        assert_eq!(classify_check_in(shift, t(8, 1), strict), (1, true));
    }

    #[test]
    fn early_leave_is_more_than_the_threshold_before_the_end() {
        let shift = Some((t(8, 0), t(17, 0)));
        let th = Thresholds {
            late_after_minutes: 5,
            early_leave_minutes: 10,
        };
        assert_eq!(classify_check_out(shift, t(17, 30), th), (0, false));
        assert_eq!(classify_check_out(shift, t(16, 50), th), (10, false));
        assert_eq!(classify_check_out(shift, t(16, 49), th), (11, true));
        assert_eq!(classify_check_out(None, t(9, 0), th), (0, false));
    }

    #[test]
    fn one_check_in_per_day_and_a_check_out_needs_one() {
        let at = tam_kernel::wib_to_utc(d(3), t(8, 0));
        let open = Recorded {
            check_in_at: at,
            check_out_at: None,
        };
        assert_eq!(check_check_in(d(3), None), Ok(()));
        assert_eq!(
            slug(check_check_in(d(3), Some(&open))),
            rules::ALREADY_CHECKED_IN
        );
        assert_eq!(slug(check_check_out(d(3), None)), rules::NOT_CHECKED_IN);
        assert_eq!(check_check_out(d(3), Some(&open)), Ok(()));
        let closed = Recorded {
            check_out_at: Some(at),
            ..open
        };
        assert_eq!(
            slug(check_check_out(d(3), Some(&closed))),
            rules::ALREADY_CHECKED_OUT
        );
    }

    #[test]
    fn a_correction_needs_a_reason_a_past_day_and_ordered_times() {
        let new = NewCorrection {
            employee_id: Uuid::nil(),
            day: d(2),
            check_in: Some(t(8, 0)),
            check_out: Some(t(17, 0)),
            reason: "fingerprint reader broken".into(),
        };
        let (check_in, check_out) = check_correction(&new, d(3)).unwrap();
        assert_eq!(check_in, Some(tam_kernel::wib_to_utc(d(2), t(8, 0))));
        assert_eq!(check_out, Some(tam_kernel::wib_to_utc(d(2), t(17, 0))));
        let blank = NewCorrection {
            reason: "  ".into(),
            ..new.clone()
        };
        assert_eq!(
            slug(check_correction(&blank, d(3))),
            rules::INVALID_CORRECTION
        );
        let future = NewCorrection {
            day: d(4),
            ..new.clone()
        };
        assert_eq!(
            slug(check_correction(&future, d(3))),
            rules::INVALID_CORRECTION
        );
        let reversed = NewCorrection {
            check_out: Some(t(7, 0)),
            ..new.clone()
        };
        assert_eq!(
            slug(check_correction(&reversed, d(3))),
            rules::INVALID_CORRECTION
        );
        let absent = NewCorrection {
            check_in: None,
            check_out: None,
            ..new
        };
        assert_eq!(check_correction(&absent, d(3)), Ok((None, None)));
    }

    #[test]
    fn roster_ranges_are_ordered_and_bounded() {
        assert_eq!(check_roster_range(d(1), d(1)), Ok(()));
        assert_eq!(
            slug(check_roster_range(d(2), d(1))),
            rules::INVALID_ROSTER_RANGE
        );
        let far = d(1) + chrono::Days::new(70);
        assert_eq!(
            slug(check_roster_range(d(1), far)),
            rules::INVALID_ROSTER_RANGE
        );
    }

    fn day(n: u32, check_in: bool, late: bool, early: bool, corrected: bool) -> Day {
        Day {
            employee_id: Uuid::nil(),
            day: d(n),
            site: Site::Medan,
            shift_code: None,
            shift_starts_at: None,
            shift_ends_at: None,
            check_in_at: check_in.then(|| tam_kernel::wib_to_utc(d(n), t(8, 0))),
            check_out_at: None,
            late,
            early_leave: early,
            corrected,
            original: None,
            corrections: vec![],
        }
    }

    #[test]
    fn the_summary_counts_presence_against_the_roster() {
        let rostered = [d(1), d(2), d(3), d(4)];
        let days = [
            day(1, true, true, false, false),
            day(2, true, false, true, false),
            // Corrected to absent: not present, counts as an absence and a correction.
            day(3, false, false, false, true),
            // Present on a day without a roster.
            day(5, true, false, false, false),
        ];
        assert_eq!(
            summarize(&rostered, &days),
            AttendanceSummary {
                rostered_days: 4,
                days_present: 3,
                late_arrivals: 1,
                early_leaves: 1,
                absences: 2,
                corrected_days: 1,
            }
        );
        assert_eq!(summarize(&[], &[]), AttendanceSummary::default());
    }

    #[test]
    fn correctors_are_team_leaders_and_supervisors_ops() {
        assert_eq!(check_corrector(Role::TeamLeader), Ok(()));
        assert_eq!(check_corrector(Role::SupervisorOps), Ok(()));
        assert!(matches!(
            check_corrector(Role::Agent),
            Err(Rejection::Forbidden(_))
        ));
    }
}
