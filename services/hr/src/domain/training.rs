//! Training classes and certifications: what a valid class is (its sessions never
//! overlap another class of the same trainer), who passes, and how long a certification
//! lasts.
//!
//! The manual (§2.1, chapter IV) names initial training (before an agent goes live),
//! refreshment training and new-product briefings, but no pass rule, attendance rule or
//! validity: a class carries its own pass mark, an agent recorded absent from a session
//! does not pass, and the validity is a setting (`TAM_CERTIFICATION_VALIDITY_DAYS`).

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use tam_kernel::{Program, Site};
use uuid::Uuid;

use super::{rules, Rejection};

tam_kernel::code_enum! {
    /// What a class is for.
    pub enum ClassKind as "class kind" {
        /// Before an agent goes live: passing certifies them for the program.
        Initial => "initial",
        /// For staff already certified: passing renews the certification.
        Refreshment => "refreshment",
        /// A new product of the program: records who attended, no score.
        ProductBriefing => "product_briefing",
    }
}

impl ClassKind {
    /// Whether a final score (and a pass mark) belongs to the class.
    pub const fn is_scored(self) -> bool {
        !matches!(self, ClassKind::ProductBriefing)
    }

    /// Whether passing it grants a certification.
    pub const fn certifies(self) -> bool {
        matches!(self, ClassKind::Initial | ClassKind::Refreshment)
    }
}

tam_kernel::code_enum! {
    /// Where a certification comes from.
    pub enum CertificationSource as "certification source" {
        /// Passing an initial or refreshment class of the suite.
        Class => "class",
        /// Training before the suite, recorded by a trainer or an admin with a reason.
        Prior => "prior",
    }
}

/// The highest score and pass mark.
pub const MAX_SCORE: u8 = 100;

/// The default validity of a certification, in days (the manual names none).
pub const DEFAULT_VALIDITY_DAYS: u32 = 365;

/// The days ahead in which an expiring certification is listed.
pub const EXPIRING_WITHIN_DAYS: u32 = 30;

/// Which training records a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingScope {
    /// Admins, managers, coordinators.
    All,
    /// Trainers and operations supervisors: their site's.
    Site(Site),
    /// Agents and team leaders: their own.
    Own(Uuid),
    Nothing,
}

impl TrainingScope {
    /// The scope of `actor` (its role and site).
    pub fn of(role: tam_kernel::Role, site: Option<Site>, id: Uuid) -> Self {
        use tam_kernel::Role;
        match (role, site) {
            (Role::Admin | Role::Manager | Role::Coordinator, _) => TrainingScope::All,
            (Role::Trainer | Role::SupervisorOps, Some(site)) => TrainingScope::Site(site),
            (Role::Agent | Role::TeamLeader, _) => TrainingScope::Own(id),
            _ => TrainingScope::Nothing,
        }
    }
}

/// One session of a class: a WIB date and times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Session {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Session {
    /// Whether the two share any time (touching ends do not overlap).
    pub fn overlaps(&self, other: &Session) -> bool {
        self.date == other.date && self.start < other.end && other.start < self.end
    }
}

/// A class to be made, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClass {
    pub kind: ClassKind,
    pub program: Program,
    pub site: Site,
    pub title: String,
    pub trainer_id: Uuid,
    pub pass_mark: Option<u8>,
    /// In date and start order.
    pub sessions: Vec<Session>,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSession {
    pub id: Uuid,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl StoredSession {
    pub fn session(&self) -> Session {
        Session {
            date: self.date,
            start: self.start,
            end: self.end,
        }
    }
}

/// A class as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub id: Uuid,
    pub kind: ClassKind,
    pub program: Program,
    pub site: Site,
    pub title: String,
    pub trainer_id: Uuid,
    pub pass_mark: Option<u8>,
    pub sessions: Vec<StoredSession>,
    pub created_at: DateTime<Utc>,
}

impl Class {
    /// The date of its first session.
    pub fn starts_on(&self) -> Option<NaiveDate> {
        self.sessions.iter().map(|s| s.date).min()
    }
}

/// An enrolled employee and their result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub class_id: Uuid,
    pub employee_id: Uuid,
    pub enrolled_at: DateTime<Utc>,
    pub score: Option<u8>,
    pub passed: Option<bool>,
    pub scored_at: Option<DateTime<Utc>>,
}

/// A certification as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certification {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub program: Program,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub source: CertificationSource,
    pub class_id: Option<Uuid>,
    pub reason: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Certification {
    /// Whether it lets its holder call on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.revoked_at.is_none() && self.valid_from <= day && day <= self.valid_until
    }
}

/// The last day of a certification that starts on `from` and lasts `validity_days`
/// days (both ends inclusive: 365 days from 1 Jan 2027 end on 31 Dec 2027).
pub fn valid_until(from: NaiveDate, validity_days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(validity_days.max(1)) - 1))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether a final score passes: at or above the pass mark and not recorded absent
/// from any session.
pub fn passes(score: u8, pass_mark: u8, absences: usize) -> bool {
    score >= pass_mark && absences == 0
}

/// Checks a score or pass mark (0–100) named `field`: outside the range is a 422
/// naming the field.
pub fn check_score(field: &str, value: i64) -> Result<u8, Rejection> {
    u8::try_from(value)
        .ok()
        .filter(|v| *v <= MAX_SCORE)
        .ok_or_else(|| {
            Rejection::rule(
                rules::SCORE_OUT_OF_RANGE,
                format!("`{field}` is {value}: it must be between 0 and {MAX_SCORE}"),
            )
        })
}

/// The first pair of `sessions` (the class's own, in order) that overlap, as indexes.
pub fn own_overlap(sessions: &[Session]) -> Option<(usize, usize)> {
    for (i, a) in sessions.iter().enumerate() {
        for (j, b) in sessions.iter().enumerate().skip(i + 1) {
            if a.overlaps(b) {
                return Some((i, j));
            }
        }
    }
    None
}

/// Refuses a class whose session `index` overlaps `other` (another session of the same
/// trainer: of another class, or of this one).
pub fn overlap_rejection(index: usize, other: &str) -> Rejection {
    Rejection::rule(
        rules::TRAINER_SESSIONS_OVERLAP,
        format!("`sessions[{index}]` overlaps {other} of the same trainer"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(date: &str, start: &str, end: &str) -> Session {
        Session {
            date: day(date),
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
        }
    }

    fn cert(from: &str, until: &str) -> Certification {
        Certification {
            id: Uuid::nil(),
            employee_id: Uuid::nil(),
            program: Program::AddOnConsumer,
            valid_from: day(from),
            valid_until: day(until),
            source: CertificationSource::Class,
            class_id: Some(Uuid::nil()),
            reason: None,
            revoked_at: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn passing_is_the_pass_mark_or_above_and_never_absent() {
        assert!(passes(70, 70, 0));
        assert!(passes(100, 70, 0));
        assert!(!passes(69, 70, 0));
        assert!(!passes(95, 70, 1), "recorded absent from a session");
        assert!(passes(0, 0, 0));
    }

    #[test]
    fn a_validity_counts_its_first_day() {
        assert_eq!(valid_until(day("2027-01-01"), 365), day("2027-12-31"));
        assert_eq!(valid_until(day("2027-01-01"), 1), day("2027-01-01"));
        assert_eq!(
            valid_until(day("2028-02-01"), 30),
            day("2028-03-01"),
            "leap year"
        );
        assert_eq!(DEFAULT_VALIDITY_DAYS, 365);
    }

    #[test]
    fn a_certification_is_valid_on_its_days_both_ends_included_until_revoked() {
        let c = cert("2027-01-01", "2027-01-30");
        assert!(!c.valid_on(day("2026-12-31")));
        assert!(c.valid_on(day("2027-01-01")));
        assert!(c.valid_on(day("2027-01-30")));
        assert!(!c.valid_on(day("2027-01-31")));
        let revoked = Certification {
            revoked_at: Some(Utc::now()),
            ..c
        };
        assert!(!revoked.valid_on(day("2027-01-15")));
    }

    #[test]
    fn a_renewal_is_a_new_certification_from_the_day_it_is_passed() {
        // Passed a refreshment class on 2027-12-20, before the first ends on 12-31: the
        // renewal runs a full validity from its own day, and the two cover every day.
        let first = cert(
            "2027-01-01",
            &valid_until(day("2027-01-01"), 365).to_string(),
        );
        let renewed_from = day("2027-12-20");
        let renewal = cert(
            &renewed_from.to_string(),
            &valid_until(renewed_from, 365).to_string(),
        );
        assert_eq!(renewal.valid_until, day("2028-12-18"));
        for d in ["2027-06-01", "2027-12-25", "2028-01-01", "2028-12-18"] {
            assert!(first.valid_on(day(d)) || renewal.valid_on(day(d)), "{d}");
        }
        assert!(!renewal.valid_on(day("2028-12-19")));
        assert!(ClassKind::Refreshment.certifies() && ClassKind::Initial.certifies());
        assert!(!ClassKind::ProductBriefing.certifies());
        assert!(!ClassKind::ProductBriefing.is_scored());
    }

    #[test]
    fn sessions_overlap_when_they_share_time_on_one_day() {
        let morning = at("2027-01-04", "08:00", "12:00");
        assert!(morning.overlaps(&at("2027-01-04", "11:59", "13:00")));
        assert!(
            morning.overlaps(&at("2027-01-04", "09:00", "10:00")),
            "inside"
        );
        assert!(
            !morning.overlaps(&at("2027-01-04", "12:00", "13:00")),
            "touching"
        );
        assert!(
            !morning.overlaps(&at("2027-01-05", "08:00", "12:00")),
            "another day"
        );
        let own = [
            morning,
            at("2027-01-04", "13:00", "16:00"),
            at("2027-01-04", "15:00", "17:00"),
        ];
        assert_eq!(own_overlap(&own), Some((1, 2)));
        assert_eq!(own_overlap(&own[..2]), None);
        let rejection = overlap_rejection(2, "another session of this class");
        assert!(matches!(
            rejection,
            Rejection::Rule { rule: rules::TRAINER_SESSIONS_OVERLAP, ref detail }
                if detail.contains("sessions[2]")
        ));
    }

    #[test]
    fn scores_are_zero_to_a_hundred_and_others_name_the_field() {
        assert_eq!(check_score("score", 0), Ok(0));
        assert_eq!(check_score("score", 100), Ok(100));
        for bad in [-1, 101, 256, i64::MAX] {
            let Err(Rejection::Rule { rule, detail }) = check_score("pass_mark", bad) else {
                panic!("{bad} accepted");
            };
            assert_eq!(rule, rules::SCORE_OUT_OF_RANGE);
            assert!(detail.contains("`pass_mark`"), "{detail}");
        }
    }

    #[test]
    fn who_sees_which_training_records() {
        use tam_kernel::Role;
        let me = Uuid::now_v7();
        assert_eq!(
            TrainingScope::of(Role::Manager, None, me),
            TrainingScope::All
        );
        assert_eq!(
            TrainingScope::of(Role::Trainer, Some(Site::Medan), me),
            TrainingScope::Site(Site::Medan)
        );
        assert_eq!(
            TrainingScope::of(Role::SupervisorOps, Some(Site::Bandung), me),
            TrainingScope::Site(Site::Bandung)
        );
        assert_eq!(
            TrainingScope::of(Role::Agent, Some(Site::Medan), me),
            TrainingScope::Own(me)
        );
        assert_eq!(
            TrainingScope::of(Role::TeamLeader, Some(Site::Medan), me),
            TrainingScope::Own(me)
        );
        assert_eq!(
            TrainingScope::of(Role::Trainer, None, me),
            TrainingScope::Nothing
        );
        assert_eq!(
            TrainingScope::of(Role::QcOfficer, Some(Site::Medan), me),
            TrainingScope::Nothing
        );
    }
}
