//! The incentive table of a program (manual §4.1.5) and the one function that reads a
//! month's figures against it.
//!
//! A table is data, versioned (each manager's PUT a new version): tiers, the best
//! first, each with thresholds on validated sales, the Quality Validation Score, late
//! days and attendance; and what an agent in pembinaan gets: at most one tier
//! (`cap`) or none (`exclude`). [`evaluate`] gives the first tier whose every threshold
//! the figures meet, then applies the pembinaan rule.

use serde::{Deserialize, Serialize};
use tam_kernel::Program;

use super::Rejection;

/// The most tiers a table holds.
pub const MAX_TIERS: usize = 20;
/// The most validated sales a threshold asks.
pub const MAX_SALES_THRESHOLD: u32 = 100_000;
/// The most late days a threshold allows (a month has at most 31 days).
pub const MAX_LATE_DAYS: u32 = 31;

/// Whether `code` is a tier code: 1–32 of a–z, 0–9, `_` and `-`.
pub fn is_code(code: &str) -> bool {
    (1..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// One tier: its code (what payroll pays by) and its thresholds (each optional; an
/// absent threshold always holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    pub code: String,
    /// At least this many validated sales (after adjustments).
    pub min_validated_sales: u32,
    /// At least this Quality Validation Score, in percent (a month without AGREE calls
    /// meets no minimum above 0).
    pub min_score: Option<f64>,
    /// At most this many late arrivals.
    pub max_late_days: Option<u32>,
    /// At least this share of rostered days present, in percent.
    pub min_attendance_percent: Option<f64>,
}

/// What an agent in pembinaan gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PembinaanRule {
    /// At most this tier (by its code; a lower tier they reach stays).
    Cap(String),
    /// No tier at all.
    Exclude,
}

/// A program's incentive table, one version.
#[derive(Debug, Clone, PartialEq)]
pub struct IncentiveTable {
    pub program: Program,
    pub version: u32,
    /// The best tier first.
    pub tiers: Vec<Tier>,
    pub pembinaan: PembinaanRule,
    pub set_by: uuid::Uuid,
    pub set_at: chrono::DateTime<chrono::Utc>,
}

/// A month's figures of one agent, as the table reads them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Validated sales of the month plus the adjustments landing on it.
    pub validated_sales: i64,
    /// The Quality Validation Score in percent; `None` without AGREE calls.
    pub score: Option<f64>,
    pub late_days: u32,
    pub rostered_days: u32,
    pub present_days: u32,
    pub in_pembinaan: bool,
}

impl Figures {
    /// Days present against the roster, in percent (100 without rostered days).
    pub fn attendance_percent(&self) -> f64 {
        if self.rostered_days == 0 {
            100.0
        } else {
            f64::from(self.present_days) * 100.0 / f64::from(self.rostered_days)
        }
    }
}

/// Why the tier is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierReason {
    /// The figures reach the tier.
    Qualified,
    /// In pembinaan: capped at the table's tier.
    Capped,
    /// In pembinaan, and the table excludes them.
    Excluded,
    /// The figures reach no tier.
    NoTier,
    /// The program has no incentive table.
    NoTable,
}

impl TierReason {
    pub const CODES: &'static [&'static str] =
        &["qualified", "capped", "excluded", "no-tier", "no-table"];

    pub fn as_str(self) -> &'static str {
        match self {
            TierReason::Qualified => "qualified",
            TierReason::Capped => "capped",
            TierReason::Excluded => "excluded",
            TierReason::NoTier => "no-tier",
            TierReason::NoTable => "no-table",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            TierReason::Qualified,
            TierReason::Capped,
            TierReason::Excluded,
            TierReason::NoTier,
            TierReason::NoTable,
        ]
        .into_iter()
        .find(|r| r.as_str() == code)
    }
}

/// The tier the table gives the figures, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub tier: Option<String>,
    pub reason: TierReason,
}

/// Whether the figures meet every threshold of `tier`.
fn reaches(tier: &Tier, f: &Figures) -> bool {
    f.validated_sales >= i64::from(tier.min_validated_sales)
        && tier
            .min_score
            .is_none_or(|min| f.score.unwrap_or(0.0) >= min)
        && tier.max_late_days.is_none_or(|max| f.late_days <= max)
        && tier
            .min_attendance_percent
            .is_none_or(|min| f.attendance_percent() >= min)
}

/// The tier `table` gives `figures` (`None`: the program has no table).
pub fn evaluate(table: Option<&IncentiveTable>, figures: &Figures) -> Outcome {
    let Some(table) = table else {
        return Outcome {
            tier: None,
            reason: TierReason::NoTable,
        };
    };
    let reached = table.tiers.iter().position(|t| reaches(t, figures));
    if figures.in_pembinaan {
        match &table.pembinaan {
            PembinaanRule::Exclude => {
                return Outcome {
                    tier: None,
                    reason: TierReason::Excluded,
                }
            }
            PembinaanRule::Cap(code) => {
                let cap = table.tiers.iter().position(|t| &t.code == code);
                if let (Some(at), Some(cap)) = (reached, cap) {
                    if at < cap {
                        return Outcome {
                            tier: Some(table.tiers[cap].code.clone()),
                            reason: TierReason::Capped,
                        };
                    }
                }
            }
        }
    }
    match reached {
        Some(at) => Outcome {
            tier: Some(table.tiers[at].code.clone()),
            reason: TierReason::Qualified,
        },
        None => Outcome {
            tier: None,
            reason: TierReason::NoTier,
        },
    }
}

/// Checks a table before it is kept: 1–[`MAX_TIERS`] tiers with distinct codes, scores
/// and attendance within 0–100, the tiers from the best down (each asks no fewer
/// validated sales than the next), and a cap naming one of the tiers. 422
/// `invalid-incentive-table` naming what is wrong.
pub fn check(tiers: &[Tier], pembinaan: &PembinaanRule) -> Result<(), Rejection> {
    let fail = |why: String| Err(Rejection::rule(super::rules::INVALID_INCENTIVE_TABLE, why));
    if tiers.is_empty() || tiers.len() > MAX_TIERS {
        return fail(format!("tiers: between 1 and {MAX_TIERS} tiers"));
    }
    for (i, tier) in tiers.iter().enumerate() {
        if !is_code(&tier.code) {
            return fail(format!("tiers[{i}].code: 1–32 of a–z, 0–9, _ and -"));
        }
        if tier.min_validated_sales > MAX_SALES_THRESHOLD {
            return fail(format!(
                "tiers[{i}].min_validated_sales: at most {MAX_SALES_THRESHOLD}"
            ));
        }
        if tier.max_late_days.is_some_and(|d| d > MAX_LATE_DAYS) {
            return fail(format!("tiers[{i}].max_late_days: at most {MAX_LATE_DAYS}"));
        }
        if tiers[..i].iter().any(|t| t.code == tier.code) {
            return fail(format!("tiers[{i}].code: {} appears twice", tier.code));
        }
        for (name, value) in [
            ("min_score", tier.min_score),
            ("min_attendance_percent", tier.min_attendance_percent),
        ] {
            if value.is_some_and(|v| !v.is_finite() || !(0.0..=100.0).contains(&v)) {
                return fail(format!("tiers[{i}].{name}: must be within 0–100"));
            }
        }
        if let Some(next) = tiers.get(i + 1) {
            if next.min_validated_sales > tier.min_validated_sales {
                return fail(format!(
                    "tiers[{}].min_validated_sales: the tiers go from the best down, so it \
                     may not ask more than tiers[{i}]",
                    i + 1
                ));
            }
        }
    }
    if let PembinaanRule::Cap(code) = pembinaan {
        if !tiers.iter().any(|t| &t.code == code) {
            return fail(format!("pembinaan_cap: {code} is not one of the tiers"));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub mod tests {
    use super::*;

    fn tier(code: &str, sales: u32, score: f64, late: u32) -> Tier {
        Tier {
            code: code.into(),
            min_validated_sales: sales,
            min_score: Some(score),
            max_late_days: Some(late),
            min_attendance_percent: None,
        }
    }

    /// The table of the examples: gold 40 sales/90%/≤2 late, silver 30/85%/≤3,
    /// bronze 20/80%; pembinaan capped at bronze.
    pub fn table(pembinaan: PembinaanRule) -> IncentiveTable {
        IncentiveTable {
            program: Program::AddOnConsumer,
            version: 1,
            tiers: vec![
                tier("gold", 40, 90.0, 2),
                tier("silver", 30, 85.0, 3),
                Tier {
                    max_late_days: None,
                    ..tier("bronze", 20, 80.0, 0)
                },
            ],
            pembinaan,
            set_by: uuid::Uuid::nil(),
            set_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn figures(sales: i64, score: f64, late: u32) -> Figures {
        Figures {
            validated_sales: sales,
            score: Some(score),
            late_days: late,
            rostered_days: 22,
            present_days: 22,
            in_pembinaan: false,
        }
    }

    fn tier_of(o: &Outcome) -> Option<&str> {
        o.tier.as_deref()
    }

    #[test]
    fn the_first_tier_whose_every_threshold_holds() {
        let t = table(PembinaanRule::Exclude);
        // The case: 40 sales, 92.5%, two late days.
        let o = evaluate(Some(&t), &figures(40, 92.5, 2));
        assert_eq!(
            (tier_of(&o), o.reason),
            (Some("gold"), TierReason::Qualified)
        );
        // A third late day drops gold, silver still holds.
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(40, 92.5, 3))),
            Some("silver")
        );
        // A score under 90 drops gold.
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(40, 89.9, 0))),
            Some("silver")
        );
        // 39 sales are not 40.
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(39, 99.0, 0))),
            Some("silver")
        );
        // Bronze has no late limit.
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(25, 80.0, 9))),
            Some("bronze")
        );
        let none = evaluate(Some(&t), &figures(19, 100.0, 0));
        assert_eq!((tier_of(&none), none.reason), (None, TierReason::NoTier));
    }

    #[test]
    fn a_month_without_agree_calls_meets_no_score_minimum() {
        let t = table(PembinaanRule::Exclude);
        let mut f = figures(40, 0.0, 0);
        f.score = None;
        assert_eq!(evaluate(Some(&t), &f).reason, TierReason::NoTier);
    }

    #[test]
    fn attendance_minimum_counts_present_days_against_the_roster() {
        let mut t = table(PembinaanRule::Exclude);
        t.tiers[0].min_attendance_percent = Some(95.0);
        let mut f = figures(40, 95.0, 0);
        f.rostered_days = 20;
        f.present_days = 19;
        assert_eq!(tier_of(&evaluate(Some(&t), &f)), Some("gold"));
        f.present_days = 18;
        assert_eq!(tier_of(&evaluate(Some(&t), &f)), Some("silver"));
    }

    #[test]
    fn pembinaan_caps_at_the_table_tier_or_excludes() {
        let capped = table(PembinaanRule::Cap("silver".into()));
        let mut f = figures(40, 92.5, 2);
        f.in_pembinaan = true;
        let o = evaluate(Some(&capped), &f);
        assert_eq!(
            (tier_of(&o), o.reason),
            (Some("silver"), TierReason::Capped)
        );
        // Below the cap the cap changes nothing.
        let mut low = figures(25, 80.0, 0);
        low.in_pembinaan = true;
        let o = evaluate(Some(&capped), &low);
        assert_eq!(
            (tier_of(&o), o.reason),
            (Some("bronze"), TierReason::Qualified)
        );
        // Excluded whatever the figures.
        let excluded = table(PembinaanRule::Exclude);
        let o = evaluate(Some(&excluded), &f);
        assert_eq!((tier_of(&o), o.reason), (None, TierReason::Excluded));
        // Not in pembinaan: the full tier.
        f.in_pembinaan = false;
        assert_eq!(tier_of(&evaluate(Some(&excluded), &f)), Some("gold"));
    }

    #[test]
    fn adjustments_count_in_the_validated_sales() {
        let t = table(PembinaanRule::Exclude);
        // 39 of the month plus one correction landing on it reach gold; minus one
        // drops it.
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(39 + 1, 92.5, 2))),
            Some("gold")
        );
        assert_eq!(
            tier_of(&evaluate(Some(&t), &figures(40 - 1, 92.5, 2))),
            Some("silver")
        );
    }

    #[test]
    fn no_table_no_tier() {
        let o = evaluate(None, &figures(100, 100.0, 0));
        assert_eq!((tier_of(&o), o.reason), (None, TierReason::NoTable));
    }

    #[test]
    fn a_table_is_checked_before_it_is_kept() {
        let t = table(PembinaanRule::Cap("bronze".into()));
        assert_eq!(check(&t.tiers, &t.pembinaan), Ok(()));
        let rule_of = |r: Result<(), Rejection>| match r {
            Err(Rejection::Rule { rule, detail }) => (rule, detail),
            other => panic!("{other:?}"),
        };
        let (rule, detail) = rule_of(check(&t.tiers, &PembinaanRule::Cap("platinum".into())));
        assert_eq!(rule, "invalid-incentive-table");
        assert!(detail.starts_with("pembinaan_cap"), "{detail}");
        let mut upside_down = t.tiers.clone();
        upside_down.reverse();
        let (_, detail) = rule_of(check(&upside_down, &t.pembinaan));
        assert!(detail.contains("min_validated_sales"), "{detail}");
        let mut twice = t.tiers.clone();
        twice[1].code = "gold".into();
        assert!(rule_of(check(&twice, &t.pembinaan)).1.contains("twice"));
        let mut score = t.tiers.clone();
        score[0].min_score = Some(101.0);
        assert!(rule_of(check(&score, &t.pembinaan)).1.contains("min_score"));
        assert!(check(&[], &PembinaanRule::Exclude).is_err());
        let mut code = t.tiers.clone();
        code[0].code = "Gold!".into();
        assert!(rule_of(check(&code, &t.pembinaan))
            .1
            .contains("tiers[0].code"));
        let mut late = t.tiers.clone();
        late[0].max_late_days = Some(32);
        assert!(rule_of(check(&late, &t.pembinaan))
            .1
            .contains("max_late_days"));
        let mut many = t.tiers.clone();
        many[0].min_validated_sales = 100_001;
        assert!(rule_of(check(&many, &t.pembinaan))
            .1
            .contains("at most 100000"));
    }
}
