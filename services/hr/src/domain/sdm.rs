//! SDM fulfilment, the manual's KPI (DOMAIN.md, "KPIs"): staff available ÷ CAPLAN
//! target per (site, program, role) and day, target 95%.
//!
//! Available on a day: active, not suspended and, for agents, certified for the
//! program that day. A target of 0 (nothing planned) has no ratio (`None`) and is
//! never under target: nobody is missing.

use chrono::NaiveDate;

/// The KPI's target, in percent.
pub const TARGET_PERCENT: u64 = 95;

/// The longest period one read covers, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// available ÷ target; `None` when the target is 0.
pub fn ratio(available: u32, target: u32) -> Option<f64> {
    (target > 0).then(|| f64::from(available) / f64::from(target))
}

/// Whether the day is under 95% (exactly, in integers); never with target 0.
pub fn below_target(available: u32, target: u32) -> bool {
    target > 0 && u64::from(available) * 100 < TARGET_PERCENT * u64::from(target)
}

/// The people recruitment still has to find for a plan: the target less those
/// available and less the positions already open in requisitions; 0 when covered.
pub fn gap(target: u32, available: u32, open_positions: u32) -> u32 {
    target
        .saturating_sub(available)
        .saturating_sub(open_positions)
}

/// A period's bounds, checked: `from` ≤ `to`, at most [`MAX_PERIOD_DAYS`] days.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if to < from {
        return Err("must not be before from".to_owned());
    }
    if (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(format!("the period is at most {MAX_PERIOD_DAYS} days"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_available_over_target() {
        assert_eq!(ratio(3, 4), Some(0.75));
        assert_eq!(ratio(4, 4), Some(1.0));
        assert_eq!(ratio(5, 4), Some(1.25));
        assert_eq!(ratio(0, 4), Some(0.0));
        assert_eq!(ratio(3, 0), None);
        assert_eq!(ratio(0, 0), None);
    }

    #[test]
    fn under_95_percent_is_below_target() {
        // 19 of 20 is exactly 95%: met.
        assert!(!below_target(19, 20));
        assert!(below_target(18, 20));
        assert!(below_target(3, 4));
        assert!(!below_target(4, 4));
        // 94 of 99 is 94.9%.
        assert!(below_target(94, 99));
        // Nothing planned: nobody is missing.
        assert!(!below_target(0, 0));
        assert!(!below_target(2, 0));
    }

    #[test]
    fn the_gap_counts_the_positions_already_open() {
        assert_eq!(gap(6, 3, 0), 3);
        assert_eq!(gap(6, 3, 1), 2);
        assert_eq!(gap(6, 3, 5), 0);
        assert_eq!(gap(4, 5, 0), 0);
    }

    #[test]
    fn periods_are_bounded() {
        let d = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        assert!(check_period(d(2, 1), d(2, 28)).is_ok());
        assert!(check_period(d(2, 1), d(2, 1)).is_ok());
        assert!(check_period(d(2, 2), d(2, 1)).is_err());
        assert!(check_period(d(1, 1), NaiveDate::from_ymd_opt(2028, 1, 1).unwrap()).is_ok());
        assert!(check_period(d(1, 1), NaiveDate::from_ymd_opt(2028, 1, 2).unwrap()).is_err());
    }
}
