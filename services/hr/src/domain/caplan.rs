//! CAPLAN, the capacity plan: the target headcount of a (site, program, role) per
//! month, effective-dated. A revision sets the target from a month on; the target of a
//! month is the headcount of the revision made last among those effective from that
//! month or earlier, so a revision replaces every later month and keeps the earlier
//! ones as they were (history is kept: revisions are never changed).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use super::{rules, Rejection};

/// The roles a CAPLAN plans: those that work on a program at a site.
pub const PLANNED_ROLES: [Role; 2] = [Role::Agent, Role::TeamLeader];
pub const PLANNED_ROLE_CODES: &[&str] = &["agent", "team_leader"];

/// The largest target headcount accepted.
pub const MAX_HEADCOUNT: i64 = 10_000;

/// What a plan is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanKey {
    pub site: Site,
    pub program: Program,
    pub role: Role,
}

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A month: `YYYY-MM` (or its first day, `YYYY-MM-01`).
pub fn parse_month(value: &str) -> Result<NaiveDate, String> {
    let full = if value.len() == 7 {
        format!("{value}-01")
    } else {
        value.to_owned()
    };
    match NaiveDate::parse_from_str(&full, "%Y-%m-%d") {
        Ok(day) if day.day() == 1 => Ok(day),
        _ => Err("must be a month, YYYY-MM".to_owned()),
    }
}

/// A planned role: agent or team_leader.
pub fn parse_planned_role(value: &str) -> Result<Role, String> {
    PLANNED_ROLES
        .into_iter()
        .find(|role| role.as_str() == value)
        .ok_or_else(|| format!("must be one of: {}", PLANNED_ROLE_CODES.join(", ")))
}

/// One revision as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: Uuid,
    pub key: PlanKey,
    /// The first day of the first month it applies to.
    pub effective_from: NaiveDate,
    pub headcount: u32,
    pub note: Option<String>,
    pub set_by: Uuid,
    pub set_by_role: Role,
    pub set_at: DateTime<Utc>,
}

/// The target of `month` from the revisions of one key (any order): the headcount of
/// the one made last (set_at, then id) among those effective from `month` or earlier;
/// `None` when there is none.
pub fn target_of(revisions: &[Revision], month: NaiveDate) -> Option<u32> {
    revisions
        .iter()
        .filter(|r| r.effective_from <= month)
        .max_by_key(|r| (r.set_at, r.id))
        .map(|r| r.headcount)
}

/// A revision asked for (parsed at the edge; the headcount is checked here so that a
/// negative one is the 422 the issue asks for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRevision {
    pub key: PlanKey,
    pub effective_from: NaiveDate,
    pub headcount: i64,
    pub note: Option<String>,
}

impl NewRevision {
    /// The rules: the headcount is 0 or more (422 `negative-target`, naming
    /// `headcount`), the program runs at the site (422 `program-not-at-site`), and the
    /// month is the current one or later (422 `caplan-month-past`: the past stays as
    /// it was planned). Returns the headcount.
    pub fn check(&self, today: NaiveDate) -> Result<u32, Rejection> {
        if self.headcount < 0 {
            return Err(Rejection::rule(
                rules::NEGATIVE_TARGET,
                format!("headcount: must be 0 or more, not {}", self.headcount),
            ));
        }
        let headcount = u32::try_from(self.headcount)
            .ok()
            .filter(|h| i64::from(*h) <= MAX_HEADCOUNT)
            .ok_or_else(|| {
                Rejection::field("headcount", format!("must be at most {MAX_HEADCOUNT}"))
            })?;
        if !self.key.program.runs_at(self.key.site) {
            return Err(Rejection::rule(
                rules::PROGRAM_NOT_AT_SITE,
                format!(
                    "program {} does not run at site {}",
                    self.key.program, self.key.site
                ),
            ));
        }
        let current = month_of(today);
        if self.effective_from < current {
            return Err(Rejection::rule(
                rules::CAPLAN_MONTH_PAST,
                format!(
                    "effective_from: {} is before the current month ({}); past months keep their plan",
                    self.effective_from.format("%Y-%m"),
                    current.format("%Y-%m")
                ),
            ));
        }
        Ok(headcount)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn key() -> PlanKey {
        let site = Site::Medan;
        PlanKey {
            site,
            program: site.programs()[0],
            role: Role::Agent,
        }
    }

    fn revision(from: NaiveDate, headcount: u32, set_hour: u32) -> Revision {
        Revision {
            id: Uuid::now_v7(),
            key: key(),
            effective_from: from,
            headcount,
            note: None,
            set_by: Uuid::nil(),
            set_by_role: Role::Manager,
            set_at: Utc.with_ymd_and_hms(2026, 12, 1, set_hour, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_revision_from_a_month_on_keeps_the_earlier_months() {
        let jan = revision(day(2027, 1, 1), 10, 1);
        let mar = revision(day(2027, 3, 1), 12, 2);
        let revisions = vec![jan.clone(), mar.clone()];
        assert_eq!(target_of(&revisions, day(2026, 12, 1)), None);
        assert_eq!(target_of(&revisions, day(2027, 1, 1)), Some(10));
        assert_eq!(target_of(&revisions, day(2027, 2, 1)), Some(10));
        assert_eq!(target_of(&revisions, day(2027, 3, 1)), Some(12));
        // A later revision from February replaces February on, March included.
        let feb = revision(day(2027, 2, 1), 11, 3);
        let revisions = vec![mar, feb, jan];
        assert_eq!(target_of(&revisions, day(2027, 1, 1)), Some(10));
        assert_eq!(target_of(&revisions, day(2027, 2, 1)), Some(11));
        assert_eq!(target_of(&revisions, day(2027, 6, 1)), Some(11));
    }

    #[test]
    fn months_parse_as_their_first_day() {
        assert_eq!(parse_month("2027-02").unwrap(), day(2027, 2, 1));
        assert_eq!(parse_month("2027-02-01").unwrap(), day(2027, 2, 1));
        assert!(parse_month("2027-02-15").is_err());
        assert!(parse_month("2027-13").is_err());
        assert!(parse_month("feb").is_err());
        assert_eq!(month_of(day(2027, 2, 28)), day(2027, 2, 1));
    }

    #[test]
    fn only_agents_and_team_leaders_are_planned() {
        assert_eq!(parse_planned_role("agent").unwrap(), Role::Agent);
        assert_eq!(parse_planned_role("team_leader").unwrap(), Role::TeamLeader);
        assert!(parse_planned_role("manager").is_err());
    }

    #[test]
    fn a_negative_target_is_a_422_naming_the_field() {
        let today = day(2027, 1, 15);
        let mut new = NewRevision {
            key: key(),
            effective_from: day(2027, 1, 1),
            headcount: -1,
            note: None,
        };
        let Err(Rejection::Rule { rule, detail }) = new.check(today) else {
            panic!("negative target accepted");
        };
        assert_eq!(rule, rules::NEGATIVE_TARGET);
        assert!(detail.starts_with("headcount"), "{detail}");
        new.headcount = 0;
        assert_eq!(new.check(today).unwrap(), 0);
        new.headcount = MAX_HEADCOUNT + 1;
        assert!(matches!(new.check(today), Err(Rejection::Invalid(_))));
    }

    #[test]
    fn past_months_and_programs_elsewhere_are_refused() {
        let today = day(2027, 2, 3);
        let mut new = NewRevision {
            key: key(),
            effective_from: day(2027, 1, 1),
            headcount: 3,
            note: None,
        };
        assert!(matches!(
            new.check(today),
            Err(Rejection::Rule {
                rule: rules::CAPLAN_MONTH_PAST,
                ..
            })
        ));
        new.effective_from = day(2027, 2, 1);
        assert_eq!(new.check(today).unwrap(), 3);
        if let Some(elsewhere) = Program::ALL.iter().find(|p| !p.runs_at(Site::Medan)) {
            new.key.program = *elsewhere;
            assert!(matches!(
                new.check(today),
                Err(Rejection::Rule {
                    rule: rules::PROGRAM_NOT_AT_SITE,
                    ..
                })
            ));
        }
    }
}
