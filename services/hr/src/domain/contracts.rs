//! Employment contracts (not event contracts): the terms an employee works under. Hiring
//! makes the first one; HR adds others; near its end a fixed-term one is extended,
//! converted to permanent or ended by a decision (issue 15).

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{code_enum, FieldError};
use uuid::Uuid;

code_enum! {
    /// The kind of an employment contract (Indonesian labour law).
    pub enum ContractKind as "contract kind" {
        /// PKWT, fixed term: it has an end date.
        Pkwt => "pkwt",
        /// PKWTT, permanent: no end date.
        Pkwtt => "pkwtt",
    }
}

/// A contract's terms: a fixed-term contract ends after it starts; a permanent one has
/// no end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractTerms {
    pub kind: ContractKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl ContractTerms {
    /// The terms, or the field errors (`contract.ends_on`).
    pub fn new(
        kind: ContractKind,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    ) -> Result<Self, FieldError> {
        match (kind, ends_on) {
            (ContractKind::Pkwt, None) => Err(FieldError::new(
                "contract.ends_on",
                "is required for a fixed-term (pkwt) contract",
            )),
            (ContractKind::Pkwtt, Some(_)) => Err(FieldError::new(
                "contract.ends_on",
                "must be absent for a permanent (pkwtt) contract",
            )),
            (_, Some(end)) if end <= starts_on => Err(FieldError::new(
                "contract.ends_on",
                "must be after the hire date",
            )),
            _ => Ok(Self {
                kind,
                starts_on,
                ends_on,
            }),
        }
    }
}

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub applicant_id: Option<Uuid>,
    pub terms: ContractTerms,
    pub created_at: DateTime<Utc>,
    /// The contract this one continues (an extension or a conversion).
    pub previous_id: Option<Uuid>,
}

// ---- The contract lifecycle (issue 15): overlap, the fixed-term limit, the ending
// thresholds and the extension decision.

/// The days before a fixed-term contract's end at which it is announced (queue and
/// `hr.contract.ending`), once each.
pub const ENDING_THRESHOLDS: [u32; 4] = [60, 30, 15, 7];

/// The default limit on the total fixed-term duration of one employee, in months: PP
/// 35/2021 art. 8 (a PKWT and its extensions at most five years). The manual's §4.1.6
/// names none. `TAM_MAX_FIXED_TERM_MONTHS` changes it.
pub const DEFAULT_MAX_FIXED_TERM_MONTHS: u32 = 60;

/// Whether two contracts' periods share a day (`None`: open-ended, a permanent one).
pub fn overlaps(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let a_before_b_ends = b.1.is_none_or(|end| a.0 <= end);
    let b_before_a_ends = a.1.is_none_or(|end| b.0 <= end);
    a_before_b_ends && b_before_a_ends
}

/// The first of `existing` that `new` overlaps.
pub fn first_overlap<'a>(new: &ContractTerms, existing: &'a [Contract]) -> Option<&'a Contract> {
    existing.iter().find(|c| {
        overlaps(
            (new.starts_on, new.ends_on),
            (c.terms.starts_on, c.terms.ends_on),
        )
    })
}

/// The months a fixed-term period spans, from its first to its last day (inclusive):
/// a begun month counts whole (1 January to 31 December is 12; to 1 January the next
/// year 13).
pub fn months_spanned(starts_on: NaiveDate, ends_on: NaiveDate) -> u32 {
    let Some(after) = ends_on.succ_opt() else {
        return u32::MAX;
    };
    let mut months = 0u32;
    let mut at = starts_on;
    while at < after {
        months = months.saturating_add(1);
        match starts_on.checked_add_months(chrono::Months::new(months)) {
            Some(next) => at = next,
            None => return u32::MAX,
        }
    }
    months
}

/// The total fixed-term months of `contracts` (their pkwt ones) and `new`.
pub fn fixed_term_months(contracts: &[ContractTerms], new: Option<&ContractTerms>) -> u32 {
    contracts
        .iter()
        .chain(new)
        .filter_map(|t| match (t.kind, t.ends_on) {
            (ContractKind::Pkwt, Some(end)) => Some(months_spanned(t.starts_on, end)),
            _ => None,
        })
        .fold(0u32, u32::saturating_add)
}

/// The limit on the total fixed-term duration: `Err` with the 422's detail when the
/// employee's fixed-term contracts with `new` would exceed `max_months`.
pub fn check_fixed_term_limit(
    contracts: &[ContractTerms],
    new: &ContractTerms,
    max_months: u32,
) -> Result<(), String> {
    if new.kind != ContractKind::Pkwt {
        return Ok(());
    }
    let total = fixed_term_months(contracts, Some(new));
    if total > max_months {
        return Err(format!(
            "the employee's fixed-term (pkwt) contracts would total {total} months, more than \
             TAM_MAX_FIXED_TERM_MONTHS = {max_months}: convert to permanent (pkwtt) or end it"
        ));
    }
    Ok(())
}

/// The threshold (days before the end) at which a fixed-term contract ending on
/// `ends_on` is on `today`: the smallest of [`ENDING_THRESHOLDS`] not below the days
/// left; `None` past the end or more than 60 days before it. A sweep that missed days
/// announces only the current threshold, never the ones it skipped.
pub fn threshold_due(ends_on: NaiveDate, today: NaiveDate) -> Option<u32> {
    let left = ends_on.signed_duration_since(today).num_days();
    if left < 0 {
        return None;
    }
    ENDING_THRESHOLDS
        .iter()
        .rev()
        .copied()
        .find(|t| i64::from(*t) >= left)
}

code_enum! {
    /// What is decided about a fixed-term contract near its end.
    pub enum DecisionOutcome as "decision outcome" {
        /// Another fixed-term contract from the day after the end to `new_ends_on`.
        Extend => "extend",
        /// A permanent (pkwtt) contract from the day after the end.
        Convert => "convert",
        /// No successor: the employee is deactivated after the end date.
        End => "end",
    }
}

/// An extension decision: proposed by the site's supervisor_ops, confirmed by HR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractDecision {
    pub contract_id: Uuid,
    pub outcome: DecisionOutcome,
    pub new_ends_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub proposed_by: Uuid,
    pub proposed_at: DateTime<Utc>,
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub successor_id: Option<Uuid>,
    pub deactivated_at: Option<DateTime<Utc>>,
}

/// The successor contract's terms a decision makes for `contract`, checked: only a
/// fixed-term contract is decided; an extension ends after the current end. `Ok(None)`
/// for `end` (no successor). `Err` is the 422's detail (rule `invalid-decision`).
pub fn successor_terms(
    contract: &ContractTerms,
    outcome: DecisionOutcome,
    new_ends_on: Option<NaiveDate>,
) -> Result<Option<ContractTerms>, String> {
    let Some(end) = contract
        .ends_on
        .filter(|_| contract.kind == ContractKind::Pkwt)
    else {
        return Err("only a fixed-term (pkwt) contract is extended, converted or ended".to_owned());
    };
    let Some(start) = end.succ_opt() else {
        return Err(format!("no day follows {end}"));
    };
    match (outcome, new_ends_on) {
        (DecisionOutcome::Extend, Some(new_end)) if new_end > end => Ok(Some(ContractTerms {
            kind: ContractKind::Pkwt,
            starts_on: start,
            ends_on: Some(new_end),
        })),
        (DecisionOutcome::Extend, Some(new_end)) => Err(format!(
            "`new_ends_on` {new_end} must be after the contract's end {end}"
        )),
        (DecisionOutcome::Extend, None) => {
            Err("`new_ends_on` is required to extend a contract".to_owned())
        }
        (_, Some(_)) => Err("`new_ends_on` is only for `extend`".to_owned()),
        (DecisionOutcome::Convert, None) => Ok(Some(ContractTerms {
            kind: ContractKind::Pkwtt,
            starts_on: start,
            ends_on: None,
        })),
        (DecisionOutcome::End, None) => Ok(None),
    }
}

/// Whether an employee whose contract was decided to end is deactivated on `today`:
/// from the first WIB day after its end date (the end date is their last working day).
pub fn ended_by(ends_on: NaiveDate, today: NaiveDate) -> bool {
    today > ends_on
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn pkwt(start: NaiveDate, end: NaiveDate) -> ContractTerms {
        ContractTerms::new(ContractKind::Pkwt, start, Some(end)).unwrap()
    }

    #[test]
    fn periods_overlap_when_they_share_a_day_and_a_permanent_one_never_ends() {
        let jan = (d(2027, 1, 1), Some(d(2027, 1, 31)));
        assert!(overlaps(jan, (d(2027, 1, 31), Some(d(2027, 2, 28)))));
        assert!(!overlaps(jan, (d(2027, 2, 1), Some(d(2027, 2, 28)))));
        assert!(overlaps(jan, (d(2026, 6, 1), None)));
        assert!(!overlaps(jan, (d(2027, 2, 1), None)));
        assert!(overlaps(
            (d(2027, 2, 1), None),
            (d(2027, 3, 1), Some(d(2027, 3, 2)))
        ));
    }

    #[test]
    fn a_begun_month_counts_whole_and_the_limit_names_its_variable() {
        assert_eq!(months_spanned(d(2027, 1, 1), d(2027, 12, 31)), 12);
        assert_eq!(months_spanned(d(2027, 1, 1), d(2028, 1, 1)), 13);
        assert_eq!(months_spanned(d(2027, 1, 15), d(2027, 1, 16)), 1);
        let history = [pkwt(d(2022, 1, 1), d(2025, 12, 31))]; // 48 months
        let twelve = pkwt(d(2026, 1, 1), d(2026, 12, 31));
        assert!(check_fixed_term_limit(&history, &twelve, 60).is_ok());
        let thirteen = pkwt(d(2026, 1, 1), d(2027, 1, 1));
        let err = check_fixed_term_limit(&history, &thirteen, 60).unwrap_err();
        assert!(
            err.contains("TAM_MAX_FIXED_TERM_MONTHS") && err.contains("61"),
            "{err}"
        );
        let permanent = ContractTerms::new(ContractKind::Pkwtt, d(2026, 1, 1), None).unwrap();
        assert!(check_fixed_term_limit(&history, &permanent, 1).is_ok());
    }

    #[test]
    fn each_threshold_is_due_from_its_day_until_the_next_one() {
        let end = d(2027, 6, 30);
        let on = |left: u64| end.checked_sub_days(chrono::Days::new(left)).unwrap();
        assert_eq!(threshold_due(end, on(61)), None);
        assert_eq!(threshold_due(end, on(60)), Some(60));
        assert_eq!(threshold_due(end, on(31)), Some(60));
        assert_eq!(threshold_due(end, on(30)), Some(30));
        assert_eq!(threshold_due(end, on(16)), Some(30));
        assert_eq!(threshold_due(end, on(15)), Some(15));
        assert_eq!(threshold_due(end, on(7)), Some(7));
        assert_eq!(threshold_due(end, on(0)), Some(7));
        assert_eq!(threshold_due(end, d(2027, 7, 1)), None);
    }

    #[test]
    fn a_decision_makes_the_successor_from_the_day_after_the_end() {
        let current = pkwt(d(2027, 1, 1), d(2027, 6, 30));
        let extended =
            successor_terms(&current, DecisionOutcome::Extend, Some(d(2027, 12, 31))).unwrap();
        assert_eq!(extended, Some(pkwt(d(2027, 7, 1), d(2027, 12, 31))));
        let converted = successor_terms(&current, DecisionOutcome::Convert, None)
            .unwrap()
            .unwrap();
        assert_eq!(
            (converted.kind, converted.starts_on),
            (ContractKind::Pkwtt, d(2027, 7, 1))
        );
        assert_eq!(
            successor_terms(&current, DecisionOutcome::End, None),
            Ok(None)
        );
        assert!(successor_terms(&current, DecisionOutcome::Extend, Some(d(2027, 6, 30))).is_err());
        assert!(successor_terms(&current, DecisionOutcome::Extend, None).is_err());
        assert!(successor_terms(&current, DecisionOutcome::End, Some(d(2027, 12, 31))).is_err());
        let permanent = ContractTerms::new(ContractKind::Pkwtt, d(2027, 1, 1), None).unwrap();
        assert!(successor_terms(&permanent, DecisionOutcome::End, None).is_err());
        assert!(!ended_by(d(2027, 6, 30), d(2027, 6, 30)));
        assert!(ended_by(d(2027, 6, 30), d(2027, 7, 1)));
    }

    #[test]
    fn a_fixed_term_ends_after_it_starts_and_a_permanent_one_never() {
        let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let end = NaiveDate::from_ymd_opt(2028, 1, 3).unwrap();
        assert!(ContractTerms::new(ContractKind::Pkwt, start, Some(end)).is_ok());
        assert!(ContractTerms::new(ContractKind::Pkwt, start, None).is_err());
        assert!(ContractTerms::new(ContractKind::Pkwt, start, Some(start)).is_err());
        assert!(ContractTerms::new(ContractKind::Pkwtt, start, None).is_ok());
        assert!(ContractTerms::new(ContractKind::Pkwtt, start, Some(end)).is_err());
    }
}
