//! The Quality Validation Score (manual ch. III: valid AGREE / all AGREE, 95% a month).
//!
//! What counts (also in the README):
//! - every AGREE call quality received (one tapping task each) counts once, in the month
//!   of the call's WIB date (`started_at` of the call in Asia/Jakarta);
//! - its current verdict (the latest revision, so a supervisor's correction after QA
//!   counts, not the QCO's first verdict) makes it `valid` or `returned`;
//! - a call without a verdict yet is `pending`: reported, but in neither the numerator
//!   nor the denominator, so the score is `valid / (valid + returned)`, `null` while no
//!   call of the month has a verdict;
//! - a re-called sale is a new AGREE call with its own task and counts on its own: a
//!   sale returned once and valid on the re-call is one `returned` and one `valid`.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tam_kernel::{Program, Site};
use uuid::Uuid;

use super::scope::CallScope;

/// The client's target (manual ch. III).
pub const TARGET_PCT: f64 = 95.0;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    pub fn parse(value: &str) -> Result<Month, String> {
        let bad = || "must be a month, YYYY-MM".to_owned();
        let (y, m) = value.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        NaiveDate::from_ymd_opt(year, month, 1)
            .map(|first| Month { first })
            .ok_or_else(bad)
    }

    /// The WIB business days of the month: `[first, next month's first)`.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        let next = if self.first.month() == 12 {
            NaiveDate::from_ymd_opt(self.first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.first.year(), self.first.month() + 1, 1)
        };
        (self.first, next.unwrap_or(NaiveDate::MAX))
    }

    pub fn label(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }
}

/// The optional narrowing of a score query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScoreFilters {
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
}

/// A filter names something outside the caller's scope (answered 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfScope;

/// The filters a query applies: the requested ones within the caller's scope. A filter
/// naming another site, team or agent than the caller's own is refused (404), as is any
/// query from a caller whose token lacks the site or team their role needs. An agent
/// filter from a team leader is applied together with their team, so another team's
/// agent counts nothing (quality keeps no roster to tell).
pub fn effective(scope: CallScope, wanted: ScoreFilters) -> Result<ScoreFilters, OutOfScope> {
    fn same<T: PartialEq + Copy>(wanted: Option<T>, own: T) -> Result<Option<T>, OutOfScope> {
        match wanted {
            Some(w) if w != own => Err(OutOfScope),
            _ => Ok(Some(own)),
        }
    }
    match scope {
        CallScope::All => Ok(wanted),
        CallScope::Site(site) => Ok(ScoreFilters {
            site: same(wanted.site, site)?,
            ..wanted
        }),
        CallScope::Team(site, team) => Ok(ScoreFilters {
            site: same(wanted.site, site)?,
            team: same(wanted.team, team)?,
            ..wanted
        }),
        CallScope::Agent(agent) => {
            if wanted.site.is_some() || wanted.team.is_some() {
                // An agent's own calls are all at their site and in their team; a site or
                // team filter adds nothing but a way to probe others.
                return Err(OutOfScope);
            }
            Ok(ScoreFilters {
                agent: same(wanted.agent, agent)?,
                ..wanted
            })
        }
        CallScope::Nothing => Err(OutOfScope),
    }
}

/// The counts of a month's AGREE calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub valid: u64,
    pub returned: u64,
    pub pending: u64,
}

/// The score of `counts`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub agree_total: u64,
    pub valid: u64,
    pub returned: u64,
    pub pending: u64,
    /// valid / (valid + returned) in percent, two decimals; `None` with no verdict.
    pub score_pct: Option<f64>,
    pub target_pct: f64,
    /// `None` when there is no score.
    pub met: Option<bool>,
}

pub fn score(counts: Counts) -> Score {
    let judged = counts.valid + counts.returned;
    let score_pct = (judged > 0).then(|| {
        let hundredths = (counts.valid * 10_000 + judged / 2) / judged;
        hundredths as f64 / 100.0
    });
    Score {
        agree_total: judged + counts.pending,
        valid: counts.valid,
        returned: counts.returned,
        pending: counts.pending,
        score_pct,
        target_pct: TARGET_PCT,
        met: score_pct.map(|pct| pct >= TARGET_PCT),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!(
            m.days(),
            (
                NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
            )
        );
        assert_eq!(
            Month::parse("2026-12").unwrap().days().1,
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert_eq!(m.label(), "2026-02");
        for bad in ["2026-13", "2026-2", "26-02", "2026/02", "", "2026-02-01"] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pending_calls_are_outside_the_denominator() {
        let s = score(Counts {
            valid: 19,
            returned: 1,
            pending: 5,
        });
        assert_eq!(s.agree_total, 25);
        assert_eq!(s.score_pct, Some(95.0));
        assert_eq!(s.met, Some(true));
        let s = score(Counts {
            valid: 2,
            returned: 1,
            pending: 0,
        });
        assert_eq!(s.score_pct, Some(66.67));
        assert_eq!(s.met, Some(false));
        let s = score(Counts {
            pending: 3,
            ..Counts::default()
        });
        assert_eq!(s.score_pct, None);
        assert_eq!(s.met, None);
        assert_eq!(s.agree_total, 3);
    }

    #[test]
    fn filters_outside_the_scope_are_refused() {
        let team = Uuid::now_v7();
        let me = Uuid::now_v7();
        let other = Uuid::now_v7();
        let site = CallScope::Site(Site::Medan);
        let f = effective(site, ScoreFilters::default()).unwrap();
        assert_eq!(f.site, Some(Site::Medan));
        let bandung = ScoreFilters {
            site: Some(Site::Bandung),
            ..Default::default()
        };
        assert_eq!(effective(site, bandung), Err(OutOfScope));
        assert_eq!(effective(CallScope::All, bandung), Ok(bandung));

        let tl = CallScope::Team(Site::Medan, team);
        let f = effective(tl, ScoreFilters::default()).unwrap();
        assert_eq!((f.site, f.team), (Some(Site::Medan), Some(team)));
        let other_team = ScoreFilters {
            team: Some(other),
            ..Default::default()
        };
        assert_eq!(effective(tl, other_team), Err(OutOfScope));

        let agent = CallScope::Agent(me);
        assert_eq!(
            effective(agent, ScoreFilters::default()).unwrap().agent,
            Some(me)
        );
        let someone = ScoreFilters {
            agent: Some(other),
            ..Default::default()
        };
        assert_eq!(effective(agent, someone), Err(OutOfScope));
        assert_eq!(effective(agent, bandung), Err(OutOfScope));
        assert_eq!(
            effective(CallScope::Nothing, ScoreFilters::default()),
            Err(OutOfScope)
        );
    }
}
