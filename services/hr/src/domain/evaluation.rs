//! The monthly evaluation of an agent (manual §4.1.5): its figures, its life
//! (computed → reviewed → approved → locked) and who moves it.
//!
//! - reviewed by the team leader of the agent's team or a supervisor_ops of its site;
//! - approved by a supervisor_ops of its site;
//! - locked by HR (hr_recruiter) or a manager once payroll has taken it.
//!
//! From approval on the figures never change: a verdict correction of a call of an
//! approved month lands on a later open month as an adjustment ([`adjustment_delta`]).

use chrono::{DateTime, Months, NaiveDate, Utc};
use tam_kernel::{Actor, Program, Role, Site};
use uuid::Uuid;

use super::incentive::TierReason;
use super::{rules, Rejection};

/// Where an evaluation is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Computed,
    Reviewed,
    Approved,
    Locked,
}

impl Status {
    pub const CODES: &'static [&'static str] = &["computed", "reviewed", "approved", "locked"];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Computed => "computed",
            Status::Reviewed => "reviewed",
            Status::Approved => "approved",
            Status::Locked => "locked",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Status::Computed,
            Status::Reviewed,
            Status::Approved,
            Status::Locked,
        ]
        .into_iter()
        .find(|s| s.as_str() == code)
    }

    /// Whether the figures are final (approved or locked): corrections become
    /// adjustments.
    pub fn is_final(self) -> bool {
        self >= Status::Approved
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the evaluation's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Review,
    Approve,
    Lock,
}

impl Step {
    /// The status the step needs and the one it gives.
    pub fn moves(self) -> (Status, Status) {
        match self {
            Step::Review => (Status::Computed, Status::Reviewed),
            Step::Approve => (Status::Reviewed, Status::Approved),
            Step::Lock => (Status::Approved, Status::Locked),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Review => "review",
            Step::Approve => "approve",
            Step::Lock => "lock",
        }
    }
}

/// One agent's evaluation of one month.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub id: Uuid,
    pub employee_id: Uuid,
    /// The first day of the month.
    pub month: NaiveDate,
    pub site: Site,
    pub program: Program,
    pub team_id: Option<Uuid>,
    /// VALID AGREE calls of the month, by their latest revision.
    pub validated_sales: u32,
    /// Corrections of approved months landing on this one.
    pub adjustment: i32,
    /// AGREE calls judged in the month.
    pub agree_total: u32,
    /// valid ÷ total AGREE, in percent.
    pub quality_score: Option<f64>,
    pub rostered_days: u32,
    pub present_days: u32,
    pub late_days: u32,
    pub letters_in_force: u32,
    pub in_pembinaan: bool,
    pub table_version: Option<u32>,
    pub tier: Option<String>,
    pub tier_reason: TierReason,
    pub status: Status,
    pub computed_at: DateTime<Utc>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
    pub locked_by: Option<Uuid>,
    pub locked_at: Option<DateTime<Utc>>,
}

impl Evaluation {
    /// The validated sales the tier reads: the month's plus its adjustments.
    pub fn payable_sales(&self) -> i64 {
        i64::from(self.validated_sales) + i64::from(self.adjustment)
    }
}

/// The first day of the month of `day`: the one rule, kept with the CAPLAN months.
pub use super::caplan::month_of;

/// The first day of the month after `month`'s.
pub fn next_month(month: NaiveDate) -> NaiveDate {
    month_of(month)
        .checked_add_months(Months::new(1))
        .unwrap_or(month)
}

/// The last day of `month`.
pub fn last_day(month: NaiveDate) -> NaiveDate {
    next_month(month).pred_opt().unwrap_or(month)
}

/// The Quality Validation Score: valid AGREE ÷ total AGREE, in percent.
pub fn quality_score(valid: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(valid) * 100.0 / f64::from(total))
}

/// What a verdict revision changes in the validated sales of its call: +1 when a
/// returned call becomes valid, -1 the other way, 0 otherwise.
pub fn adjustment_delta(was_valid: bool, is_valid: bool) -> i32 {
    i32::from(is_valid) - i32::from(was_valid)
}

/// Whether `actor` may take `step` on `evaluation` (a team leader knows the agent's
/// team's leader: `leads_team`). 403 naming who may.
pub fn check_step(
    actor: &Actor,
    evaluation: &Evaluation,
    step: Step,
    leads_team: bool,
) -> Result<(), Rejection> {
    let at_site = actor.site == Some(evaluation.site);
    let allowed = match (step, actor.role) {
        (Step::Review, Role::TeamLeader) => leads_team,
        (Step::Review | Step::Approve, Role::SupervisorOps) => at_site,
        (Step::Lock, Role::HrRecruiter | Role::Manager) => true,
        _ => false,
    };
    if allowed {
        return Ok(());
    }
    Err(Rejection::Forbidden(
        match step {
            Step::Review => {
                "an evaluation is reviewed by the team leader of the agent's team or a \
             supervisor_ops of its site"
            }
            Step::Approve => "an evaluation is approved by a supervisor_ops of its site",
            Step::Lock => "an evaluation is locked by HR (hr_recruiter) or a manager",
        }
        .to_owned(),
    ))
}

/// Whether `step` fits the evaluation's status: a locked evaluation never changes (422
/// `evaluation-locked`), other steps out of order are 422 `evaluation-not-ready`.
pub fn check_status(evaluation: &Evaluation, step: Step) -> Result<(), Rejection> {
    let (from, _) = step.moves();
    if evaluation.status == Status::Locked {
        return Err(Rejection::rule(
            rules::EVALUATION_LOCKED,
            format!(
                "the evaluation of {} is locked; nothing of it changes (a later correction \
                 lands on the next month as an adjustment)",
                evaluation.month.format("%Y-%m")
            ),
        ));
    }
    if evaluation.status != from {
        return Err(Rejection::rule(
            rules::EVALUATION_NOT_READY,
            format!(
                "to {} an evaluation must be {from}; this one is {}",
                step.as_str(),
                evaluation.status
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn evaluation(status: Status) -> Evaluation {
        Evaluation {
            id: Uuid::nil(),
            employee_id: Uuid::nil(),
            month: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            team_id: None,
            validated_sales: 40,
            adjustment: 0,
            agree_total: 40,
            quality_score: Some(92.5),
            rostered_days: 22,
            present_days: 22,
            late_days: 2,
            letters_in_force: 0,
            in_pembinaan: false,
            table_version: Some(1),
            tier: Some("gold".into()),
            tier_reason: TierReason::Qualified,
            status,
            computed_at: DateTime::UNIX_EPOCH,
            reviewed_by: None,
            reviewed_at: None,
            approved_by: None,
            approved_at: None,
            locked_by: None,
            locked_at: None,
        }
    }

    fn actor(role: Role, site: Option<Site>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team: None,
        }
    }

    #[test]
    fn months() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 17).unwrap();
        assert_eq!(month_of(d), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(next_month(d), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(last_day(d), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    }

    #[test]
    fn the_score_is_valid_over_total_agree() {
        assert_eq!(quality_score(37, 40), Some(92.5));
        assert_eq!(quality_score(0, 0), None);
    }

    #[test]
    fn a_correction_moves_validated_sales_by_one_or_not_at_all() {
        assert_eq!(adjustment_delta(true, false), -1);
        assert_eq!(adjustment_delta(false, true), 1);
        assert_eq!(adjustment_delta(true, true), 0);
        assert_eq!(adjustment_delta(false, false), 0);
    }

    #[test]
    fn the_life_goes_in_order_and_a_locked_one_never_changes() {
        assert_eq!(
            check_status(&evaluation(Status::Computed), Step::Review),
            Ok(())
        );
        assert_eq!(
            check_status(&evaluation(Status::Reviewed), Step::Approve),
            Ok(())
        );
        assert_eq!(
            check_status(&evaluation(Status::Approved), Step::Lock),
            Ok(())
        );
        let rule = |r: Result<(), Rejection>| match r {
            Err(Rejection::Rule { rule, .. }) => rule,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            rule(check_status(&evaluation(Status::Computed), Step::Approve)),
            "evaluation-not-ready"
        );
        for step in [Step::Review, Step::Approve, Step::Lock] {
            assert_eq!(
                rule(check_status(&evaluation(Status::Locked), step)),
                "evaluation-locked"
            );
        }
        assert!(Status::Approved.is_final() && Status::Locked.is_final());
        assert!(!Status::Reviewed.is_final());
    }

    #[test]
    fn who_moves_it() {
        let e = evaluation(Status::Computed);
        let forbidden = |r: Result<(), Rejection>| matches!(r, Err(Rejection::Forbidden(_)));
        let leader = actor(Role::TeamLeader, Some(Site::Medan));
        assert_eq!(check_step(&leader, &e, Step::Review, true), Ok(()));
        assert!(forbidden(check_step(&leader, &e, Step::Review, false)));
        assert!(forbidden(check_step(&leader, &e, Step::Approve, true)));
        let sup = actor(Role::SupervisorOps, Some(Site::Medan));
        assert_eq!(check_step(&sup, &e, Step::Review, false), Ok(()));
        assert_eq!(check_step(&sup, &e, Step::Approve, false), Ok(()));
        assert!(forbidden(check_step(&sup, &e, Step::Lock, false)));
        let elsewhere = actor(Role::SupervisorOps, Some(Site::Bandung));
        assert!(forbidden(check_step(&elsewhere, &e, Step::Approve, false)));
        let hr = actor(Role::HrRecruiter, None);
        assert_eq!(check_step(&hr, &e, Step::Lock, false), Ok(()));
        assert!(forbidden(check_step(&hr, &e, Step::Approve, false)));
    }
}
