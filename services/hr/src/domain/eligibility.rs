//! Who may be hired into which role: manual §2.1 (DOMAIN.md's "Hiring requirements") as
//! ONE versioned rule table ([`RULES`]) and ONE generic function that evaluates an
//! applicant against it ([`evaluate`]). No role has code of its own: a role's
//! requirements are the rows naming it plus the rows for every role.
//!
//! A row is a requirement kind with its parameters. Rows sharing an `alternatives`
//! group are alternatives ("≥ 2 years agent, or ≥ 1 year team leader"): the group is met
//! when one of them is, and when none is, every one of them is named as failing.
//! A new edition of the rules is a new `version` with its `effective_from`: a hire is
//! judged by the newest version in effect on the hire date, so a hire judged before the
//! change keeps its judgement.

use chrono::{Datelike, NaiveDate};
use tam_kernel::Role;

use super::applicant::{ExperienceRole, TestKind, TestResult};
use super::employee::EducationLevel;

/// What a rule requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// At least this many full years old on the hire date.
    MinAge(u32),
    /// At most this many full years old on the hire date ("Usia Max.30 Thn pada saat
    /// diterima bekerja").
    MaxAge(u32),
    /// This education level or higher.
    MinEducation(EducationLevel),
    /// A field of study containing one of these words (lower case).
    EducationField(&'static [&'static str]),
    /// At least this many months of experience in the role (records plus, for an
    /// internal candidate, their time in the suite in their current role).
    Experience { role: ExperienceRole, months: u32 },
    /// A passed result of the test.
    PassedTest(TestKind),
    /// No test taken was failed ("lulus semua tes").
    NoFailedTest,
    /// Not in pembinaan on the hire date (internal candidates).
    NotInPembinaan,
}

impl Requirement {
    /// The requirement kind's code, as the API writes it.
    pub const fn kind(&self) -> &'static str {
        match self {
            Requirement::MinAge(_) => "min_age",
            Requirement::MaxAge(_) => "max_age",
            Requirement::MinEducation(_) => "min_education",
            Requirement::EducationField(_) => "education_field",
            Requirement::Experience { .. } => "experience",
            Requirement::PassedTest(_) => "passed_test",
            Requirement::NoFailedTest => "no_failed_test",
            Requirement::NotInPembinaan => "not_in_pembinaan",
        }
    }

    /// The applicant's field the requirement reads.
    pub const fn field(&self) -> &'static str {
        match self {
            Requirement::MinAge(_) | Requirement::MaxAge(_) => "birth_date",
            Requirement::MinEducation(_) => "education_level",
            Requirement::EducationField(_) => "education_field",
            Requirement::Experience { .. } => "experiences",
            Requirement::PassedTest(_) | Requirement::NoFailedTest => "tests",
            Requirement::NotInPembinaan => "employee_id",
        }
    }

    /// What is required, in words.
    pub fn describe(&self) -> String {
        match self {
            Requirement::MinAge(years) => format!("at least {years} years old at hire"),
            Requirement::MaxAge(years) => format!("at most {years} years old at hire"),
            Requirement::MinEducation(level) => format!("education {level} or higher"),
            Requirement::EducationField(words) => {
                format!("a field of study in {}", words.join(" / "))
            }
            Requirement::Experience { role, months } => {
                format!("at least {months} months as {role}")
            }
            Requirement::PassedTest(kind) => format!("passed the {kind} test"),
            Requirement::NoFailedTest => "passed every test taken".to_owned(),
            Requirement::NotInPembinaan => "not in pembinaan".to_owned(),
        }
    }
}

/// One row of the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, e.g. `agent.max_age`.
    pub id: &'static str,
    /// The role it applies to; `None` for every role.
    pub role: Option<Role>,
    pub requirement: Requirement,
    /// Rows of one role sharing a group are alternatives: one of them suffices.
    pub alternatives: Option<&'static str>,
    /// The edition of the rules the row belongs to.
    pub version: u32,
    /// The first hire date the edition judges (`YYYY, M, D`).
    pub effective_from: (i32, u32, u32),
}

/// The words of the informatics fields HD Support needs ("Teknik Informatika / Sistem
/// Informasi (atau jurusan komputer lainnya)").
pub const COMPUTING_FIELDS: &[&str] = &[
    "informatika",
    "informatics",
    "sistem informasi",
    "information system",
    "komputer",
    "computer",
    "computing",
];

const V1: (u32, (i32, u32, u32)) = (1, (2020, 1, 1));

const fn row(
    id: &'static str,
    role: Option<Role>,
    requirement: Requirement,
    alternatives: Option<&'static str>,
) -> Rule {
    Rule {
        id,
        role,
        requirement,
        alternatives,
        version: V1.0,
        effective_from: V1.1,
    }
}

const fn exp(role: ExperienceRole, months: u32) -> Requirement {
    Requirement::Experience { role, months }
}

use ExperienceRole as X;
use Requirement as R;
use Role::{
    Agent, HdSupport, QaOfficer, QcOfficer, QcTier2, SupervisorOps, SupervisorQuality, TeamLeader,
    Trainer,
};

/// Manual §2.1, row by row (DOMAIN.md "Hiring requirements").
pub const RULES: &[Rule] = &[
    // All roles: of working age, D3 or higher in any field, medically fit, passed every
    // test (the written test for all).
    row("all.min_age", None, R::MinAge(18), None),
    row(
        "all.min_education",
        None,
        R::MinEducation(EducationLevel::D3),
        None,
    ),
    row("all.medical", None, R::PassedTest(TestKind::Medical), None),
    row(
        "all.written_test",
        None,
        R::PassedTest(TestKind::Written),
        None,
    ),
    row("all.no_failed_test", None, R::NoFailedTest, None),
    // agent: 30; good Indonesian, clear voice.
    row("agent.max_age", Some(Agent), R::MaxAge(30), None),
    row(
        "agent.voice_language",
        Some(Agent),
        R::PassedTest(TestKind::VoiceLanguage),
        None,
    ),
    // team_leader: 35; ≥ 1 year as agent; not in pembinaan; psychological assessment.
    row("team_leader.max_age", Some(TeamLeader), R::MaxAge(35), None),
    row(
        "team_leader.experience_agent",
        Some(TeamLeader),
        exp(X::Agent, 12),
        None,
    ),
    row(
        "team_leader.not_in_pembinaan",
        Some(TeamLeader),
        R::NotInPembinaan,
        None,
    ),
    row(
        "team_leader.psychological",
        Some(TeamLeader),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // supervisor_ops: 35; ≥ 2 years team leader, or ≥ 1 year supervisor; psychological.
    row(
        "supervisor_ops.max_age",
        Some(SupervisorOps),
        R::MaxAge(35),
        None,
    ),
    row(
        "supervisor_ops.experience_team_leader",
        Some(SupervisorOps),
        exp(X::TeamLeader, 24),
        Some("experience"),
    ),
    row(
        "supervisor_ops.experience_supervisor",
        Some(SupervisorOps),
        exp(X::Supervisor, 12),
        Some("experience"),
    ),
    row(
        "supervisor_ops.psychological",
        Some(SupervisorOps),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // qc_officer: 30; ≥ 2 years agent, or ≥ 1 year team leader.
    row("qc_officer.max_age", Some(QcOfficer), R::MaxAge(30), None),
    row(
        "qc_officer.experience_agent",
        Some(QcOfficer),
        exp(X::Agent, 24),
        Some("experience"),
    ),
    row(
        "qc_officer.experience_team_leader",
        Some(QcOfficer),
        exp(X::TeamLeader, 12),
        Some("experience"),
    ),
    // qa_officer: 35; ≥ 1 year QCO; not in pembinaan; psychological.
    row("qa_officer.max_age", Some(QaOfficer), R::MaxAge(35), None),
    row(
        "qa_officer.experience_qco",
        Some(QaOfficer),
        exp(X::QcOfficer, 12),
        None,
    ),
    row(
        "qa_officer.not_in_pembinaan",
        Some(QaOfficer),
        R::NotInPembinaan,
        None,
    ),
    row(
        "qa_officer.psychological",
        Some(QaOfficer),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // supervisor_quality: 35; ≥ 2 years team leader or QA, or ≥ 1 year supervisor;
    // psychological.
    row(
        "supervisor_quality.max_age",
        Some(SupervisorQuality),
        R::MaxAge(35),
        None,
    ),
    row(
        "supervisor_quality.experience_team_leader",
        Some(SupervisorQuality),
        exp(X::TeamLeader, 24),
        Some("experience"),
    ),
    row(
        "supervisor_quality.experience_qa",
        Some(SupervisorQuality),
        exp(X::QaOfficer, 24),
        Some("experience"),
    ),
    row(
        "supervisor_quality.experience_supervisor",
        Some(SupervisorQuality),
        exp(X::Supervisor, 12),
        Some("experience"),
    ),
    row(
        "supervisor_quality.psychological",
        Some(SupervisorQuality),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // trainer: 30; psychological.
    row("trainer.max_age", Some(Trainer), R::MaxAge(30), None),
    row(
        "trainer.psychological",
        Some(Trainer),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // qc_tier2: 35; ≥ 1 year QCO; not in pembinaan; psychological.
    row("qc_tier2.max_age", Some(QcTier2), R::MaxAge(35), None),
    row(
        "qc_tier2.experience_qco",
        Some(QcTier2),
        exp(X::QcOfficer, 12),
        None,
    ),
    row(
        "qc_tier2.not_in_pembinaan",
        Some(QcTier2),
        R::NotInPembinaan,
        None,
    ),
    row(
        "qc_tier2.psychological",
        Some(QcTier2),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
    // hd_support: 35; D3 in informatics / information systems / computing;
    // psychological.
    row("hd_support.max_age", Some(HdSupport), R::MaxAge(35), None),
    row(
        "hd_support.education_field",
        Some(HdSupport),
        R::EducationField(COMPUTING_FIELDS),
        None,
    ),
    row(
        "hd_support.psychological",
        Some(HdSupport),
        R::PassedTest(TestKind::Psychological),
        None,
    ),
];

/// The roles the table has rows for: the roles hr recruits.
pub const RECRUITED_ROLES: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    QcOfficer,
    QaOfficer,
    SupervisorQuality,
    Trainer,
    QcTier2,
    HdSupport,
];

/// What the rules read of an applicant, on the hire date.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub birth_date: NaiveDate,
    pub education_level: EducationLevel,
    pub education_field: &'a str,
    /// Months of experience by role (records plus time in the suite).
    pub experience: &'a [(ExperienceRole, u32)],
    /// The latest result of each test taken.
    pub tests: &'a [TestResult],
    /// Whether the internal candidate is in pembinaan on the hire date (false for an
    /// external one): the app reads it with `store::pembinaan::in_pembinaan`, the one
    /// function that decides it.
    pub in_pembinaan: bool,
}

/// One rule as evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub rule: Rule,
    pub passed: bool,
    /// The applicant's value the rule read ("31 years", "D2", "no result", ...).
    pub value: String,
}

/// The verdict on an applicant for a role at a hire date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub role: Role,
    pub hire_date: NaiveDate,
    /// The edition of the rules that judged.
    pub version: u32,
    /// Every rule of the role, evaluated.
    pub checks: Vec<Check>,
    /// The rules that fail it: every failing rule not met by an alternative.
    pub failures: Vec<Check>,
}

impl Verdict {
    pub fn eligible(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Full years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Full months from `from` to `to` (0 when `to` is not after `from`).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    u32::try_from(months).unwrap_or(0)
}

fn effective(rule: &Rule) -> Option<NaiveDate> {
    let (y, m, d) = rule.effective_from;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The edition of the rules in effect on `date`: the highest version whose
/// `effective_from` is on or before it.
pub fn version_on(table: &[Rule], date: NaiveDate) -> Option<u32> {
    table
        .iter()
        .filter(|r| effective(r).is_some_and(|from| from <= date))
        .map(|r| r.version)
        .max()
}

/// The rows of `table` that judge `role` on `date`.
pub fn rules_for(table: &[Rule], role: Role, date: NaiveDate) -> Vec<Rule> {
    let Some(version) = version_on(table, date) else {
        return Vec::new();
    };
    table
        .iter()
        .filter(|r| r.version == version && r.role.is_none_or(|own| own == role))
        .copied()
        .collect()
}

fn check(requirement: &Requirement, c: &Candidate<'_>, hire_date: NaiveDate) -> (bool, String) {
    match *requirement {
        R::MinAge(years) => {
            let age = age_on(c.birth_date, hire_date);
            (
                i64::from(age) >= i64::from(years),
                format!("{age} years on {hire_date}"),
            )
        }
        R::MaxAge(years) => {
            let age = age_on(c.birth_date, hire_date);
            (
                i64::from(age) <= i64::from(years),
                format!("{age} years on {hire_date}"),
            )
        }
        R::MinEducation(level) => (c.education_level >= level, c.education_level.to_string()),
        R::EducationField(words) => {
            let field = c.education_field.to_lowercase();
            (
                words.iter().any(|w| field.contains(w)),
                c.education_field.to_owned(),
            )
        }
        R::Experience { role, months } => {
            let has: u32 = c
                .experience
                .iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, m)| *m)
                .sum();
            (has >= months, format!("{has} months as {role}"))
        }
        R::PassedTest(kind) => match c.tests.iter().find(|t| t.kind == kind) {
            None => (false, format!("no {kind} result")),
            Some(t) if t.passed => (true, format!("{kind} passed on {}", t.taken_on)),
            Some(t) => (false, format!("{kind} failed on {}", t.taken_on)),
        },
        R::NoFailedTest => {
            let failed: Vec<&str> = c
                .tests
                .iter()
                .filter(|t| !t.passed)
                .map(|t| t.kind.as_str())
                .collect();
            if failed.is_empty() {
                (true, "no failed test".to_owned())
            } else {
                (false, format!("failed: {}", failed.join(", ")))
            }
        }
        R::NotInPembinaan => (
            !c.in_pembinaan,
            if c.in_pembinaan {
                "in pembinaan".to_owned()
            } else {
                "not in pembinaan".to_owned()
            },
        ),
    }
}

/// Evaluates `candidate` against the rules of `table` for `role` on `hire_date`: every
/// rule, and every one that fails (a rule of an alternatives group fails only when no
/// rule of its group passes). `None` when no edition of the rules is in effect then.
pub fn evaluate_with(
    table: &[Rule],
    candidate: &Candidate<'_>,
    role: Role,
    hire_date: NaiveDate,
) -> Option<Verdict> {
    let version = version_on(table, hire_date)?;
    let checks: Vec<Check> = rules_for(table, role, hire_date)
        .into_iter()
        .map(|rule| {
            let (passed, value) = check(&rule.requirement, candidate, hire_date);
            Check {
                rule,
                passed,
                value,
            }
        })
        .collect();
    let group_met = |group: &str| {
        checks
            .iter()
            .any(|c| c.passed && c.rule.alternatives == Some(group))
    };
    let failures = checks
        .iter()
        .filter(|c| !c.passed && !c.rule.alternatives.is_some_and(group_met))
        .cloned()
        .collect();
    Some(Verdict {
        role,
        hire_date,
        version,
        checks,
        failures,
    })
}

/// [`evaluate_with`] the manual's table, [`RULES`].
pub fn evaluate(candidate: &Candidate<'_>, role: Role, hire_date: NaiveDate) -> Option<Verdict> {
    evaluate_with(RULES, candidate, role, hire_date)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    //! The table row by row against DOMAIN.md's hiring table: for every role and every
    //! requirement, an applicant who meets everything passes, and changing the one value
    //! the requirement reads fails exactly that rule.
    use super::*;

    const HIRE: (i32, u32, u32) = (2027, 1, 4);

    fn hire() -> NaiveDate {
        NaiveDate::from_ymd_opt(HIRE.0, HIRE.1, HIRE.2).unwrap()
    }

    fn passed(kind: TestKind) -> TestResult {
        TestResult {
            kind,
            passed: true,
            score: Some(80),
            taken_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        }
    }

    fn failed(kind: TestKind) -> TestResult {
        TestResult {
            passed: false,
            ..passed(kind)
        }
    }

    /// Everything a role could ask for, owned.
    struct Person {
        birth_date: NaiveDate,
        level: EducationLevel,
        field: String,
        experience: Vec<(ExperienceRole, u32)>,
        tests: Vec<TestResult>,
        in_pembinaan: bool,
    }

    impl Person {
        /// Meets every requirement of every role: 25, S1 Teknik Informatika, five years
        /// of everything, every test passed.
        fn ideal() -> Self {
            Person {
                birth_date: NaiveDate::from_ymd_opt(2001, 6, 1).unwrap(),
                level: EducationLevel::S1,
                field: "Teknik Informatika".to_owned(),
                experience: ExperienceRole::ALL.iter().map(|r| (*r, 60)).collect(),
                tests: TestKind::ALL.iter().map(|k| passed(*k)).collect(),
                in_pembinaan: false,
            }
        }

        fn verdict(&self, role: Role) -> Verdict {
            evaluate(
                &Candidate {
                    birth_date: self.birth_date,
                    education_level: self.level,
                    education_field: &self.field,
                    experience: &self.experience,
                    tests: &self.tests,
                    in_pembinaan: self.in_pembinaan,
                },
                role,
                hire(),
            )
            .unwrap()
        }

        fn failing(&self, role: Role) -> Vec<&'static str> {
            self.verdict(role)
                .failures
                .iter()
                .map(|c| c.rule.id)
                .collect()
        }

        fn born(years_before_hire: i32) -> NaiveDate {
            // The day before the birthday: exactly `years_before_hire` full years old.
            NaiveDate::from_ymd_opt(HIRE.0 - years_before_hire, HIRE.1, HIRE.2).unwrap()
        }
    }

    /// DOMAIN.md's table as the test reads it: role, max age, experience alternatives
    /// (role, months), pembinaan, psychological, voice, informatics field.
    struct Expected {
        role: Role,
        max_age: i32,
        experience: &'static [(ExperienceRole, u32)],
        pembinaan: bool,
        psychological: bool,
        voice: bool,
        computing_field: bool,
    }

    const TABLE: &[Expected] = &[
        Expected {
            role: Agent,
            max_age: 30,
            experience: &[],
            pembinaan: false,
            psychological: false,
            voice: true,
            computing_field: false,
        },
        Expected {
            role: TeamLeader,
            max_age: 35,
            experience: &[(X::Agent, 12)],
            pembinaan: true,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: SupervisorOps,
            max_age: 35,
            experience: &[(X::TeamLeader, 24), (X::Supervisor, 12)],
            pembinaan: false,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: QcOfficer,
            max_age: 30,
            experience: &[(X::Agent, 24), (X::TeamLeader, 12)],
            pembinaan: false,
            psychological: false,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: QaOfficer,
            max_age: 35,
            experience: &[(X::QcOfficer, 12)],
            pembinaan: true,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: SupervisorQuality,
            max_age: 35,
            experience: &[(X::TeamLeader, 24), (X::QaOfficer, 24), (X::Supervisor, 12)],
            pembinaan: false,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: Trainer,
            max_age: 30,
            experience: &[],
            pembinaan: false,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: QcTier2,
            max_age: 35,
            experience: &[(X::QcOfficer, 12)],
            pembinaan: true,
            psychological: true,
            voice: false,
            computing_field: false,
        },
        Expected {
            role: HdSupport,
            max_age: 35,
            experience: &[],
            pembinaan: false,
            psychological: true,
            voice: false,
            computing_field: true,
        },
    ];

    #[test]
    fn the_table_covers_exactly_the_recruited_roles() {
        let roles: Vec<Role> = TABLE.iter().map(|e| e.role).collect();
        assert_eq!(roles, RECRUITED_ROLES);
        for rule in RULES {
            assert!(
                rule.role.is_none_or(|r| RECRUITED_ROLES.contains(&r)),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn the_ideal_applicant_passes_every_role() {
        for e in TABLE {
            assert_eq!(
                Person::ideal().failing(e.role),
                Vec::<&str>::new(),
                "{}",
                e.role
            );
        }
    }

    #[test]
    fn max_age_at_hire_by_role() {
        for e in TABLE {
            let mut p = Person::ideal();
            p.birth_date = Person::born(e.max_age);
            assert!(p.failing(e.role).is_empty(), "{} at {}", e.role, e.max_age);
            // One day older: the birthday of max + 1 is the hire date.
            p.birth_date = Person::born(e.max_age + 1);
            let verdict = p.verdict(e.role);
            let ids: Vec<_> = verdict.failures.iter().map(|c| c.rule.id).collect();
            assert_eq!(ids, [format!("{}.max_age", e.role)], "{}", e.role);
            assert_eq!(
                verdict.failures[0].value,
                format!("{} years on 2027-01-04", e.max_age + 1)
            );
        }
    }

    #[test]
    fn every_role_needs_eighteen_years_a_d3_and_a_medical_and_written_test() {
        for e in TABLE {
            let mut p = Person::ideal();
            p.birth_date = Person::born(17);
            assert_eq!(p.failing(e.role), ["all.min_age"], "{}", e.role);

            let mut p = Person::ideal();
            p.level = EducationLevel::D3;
            assert!(p.failing(e.role).is_empty(), "{}", e.role);
            p.level = EducationLevel::D2;
            assert_eq!(p.failing(e.role), ["all.min_education"], "{}", e.role);
            p.level = EducationLevel::Sma;
            assert_eq!(p.verdict(e.role).failures[0].value, "SMA");

            for (kind, rule) in [
                (TestKind::Medical, "all.medical"),
                (TestKind::Written, "all.written_test"),
            ] {
                let mut p = Person::ideal();
                p.tests.retain(|t| t.kind != kind);
                assert_eq!(p.failing(e.role), [rule], "{} without {kind}", e.role);
                p.tests.push(failed(kind));
                assert_eq!(
                    p.failing(e.role),
                    [rule, "all.no_failed_test"],
                    "{}",
                    e.role
                );
            }
        }
    }

    #[test]
    fn a_failed_test_a_role_does_not_need_still_fails_every_test_passed() {
        let mut p = Person::ideal();
        p.tests.retain(|t| t.kind != TestKind::Psychological);
        p.tests.push(failed(TestKind::Psychological));
        // An agent needs no psychological assessment, but the manual asks every test
        // taken passed.
        assert_eq!(p.failing(Agent), ["all.no_failed_test"]);
        assert_eq!(p.verdict(Agent).failures[0].value, "failed: psychological");
    }

    #[test]
    fn psychological_assessment_voice_test_and_pembinaan_by_role() {
        for e in TABLE {
            let mut p = Person::ideal();
            p.tests.retain(|t| t.kind != TestKind::Psychological);
            let expected: Vec<String> = if e.psychological {
                vec![format!("{}.psychological", e.role)]
            } else {
                vec![]
            };
            assert_eq!(p.failing(e.role), expected, "{} psychological", e.role);

            let mut p = Person::ideal();
            p.tests.retain(|t| t.kind != TestKind::VoiceLanguage);
            let expected: Vec<String> = if e.voice {
                vec![format!("{}.voice_language", e.role)]
            } else {
                vec![]
            };
            assert_eq!(p.failing(e.role), expected, "{} voice", e.role);

            let mut p = Person::ideal();
            p.in_pembinaan = true;
            let expected: Vec<String> = if e.pembinaan {
                vec![format!("{}.not_in_pembinaan", e.role)]
            } else {
                vec![]
            };
            assert_eq!(p.failing(e.role), expected, "{} pembinaan", e.role);
        }
    }

    #[test]
    fn experience_by_role_with_its_alternatives() {
        for e in TABLE {
            let mut p = Person::ideal();
            p.experience.clear();
            let failing = p.failing(e.role);
            assert_eq!(failing.len(), e.experience.len(), "{}: {failing:?}", e.role);
            assert!(
                failing.iter().all(|id| id.contains(".experience_")),
                "{}",
                e.role
            );
            // Each alternative alone suffices, at its minimum, and one month less does not.
            for (role, months) in e.experience {
                p.experience = vec![(*role, *months)];
                assert!(
                    p.failing(e.role).is_empty(),
                    "{} with {months} months as {role}",
                    e.role
                );
                p.experience = vec![(*role, months - 1)];
                let verdict = p.verdict(e.role);
                assert_eq!(verdict.failures.len(), e.experience.len(), "{}", e.role);
                assert!(verdict
                    .failures
                    .iter()
                    .any(|c| c.value == format!("{} months as {role}", months - 1)));
            }
            // Experience records of one role add up.
            if let Some((role, months)) = e.experience.first() {
                p.experience = vec![(*role, months / 2), (*role, months - months / 2)];
                assert!(p.failing(e.role).is_empty(), "{}", e.role);
            }
        }
    }

    #[test]
    fn only_hd_support_needs_a_computing_field() {
        for e in TABLE {
            let mut p = Person::ideal();
            p.level = EducationLevel::D3;
            p.field = "Akuntansi".to_owned();
            let expected: Vec<String> = if e.computing_field {
                vec![format!("{}.education_field", e.role)]
            } else {
                vec![]
            };
            assert_eq!(p.failing(e.role), expected, "{}", e.role);
        }
        let mut p = Person::ideal();
        for field in [
            "Sistem Informasi",
            "Ilmu Komputer",
            "Computer Science",
            "Teknik Informatika",
        ] {
            p.field = field.to_owned();
            assert!(p.failing(HdSupport).is_empty(), "{field}");
        }
        p.field = "Akuntansi".to_owned();
        assert_eq!(p.verdict(HdSupport).failures[0].value, "Akuntansi");
    }

    #[test]
    fn every_failing_rule_is_named_at_once() {
        let mut p = Person::ideal();
        p.birth_date = Person::born(36);
        p.level = EducationLevel::Sma;
        p.experience.clear();
        p.tests.clear();
        let failing = p.failing(QcOfficer);
        assert_eq!(
            failing,
            [
                "all.min_education",
                "all.medical",
                "all.written_test",
                "qc_officer.max_age",
                "qc_officer.experience_agent",
                "qc_officer.experience_team_leader",
            ]
        );
    }

    #[test]
    fn the_newest_edition_in_effect_on_the_hire_date_judges() {
        let mut table = RULES.to_vec();
        table.push(Rule {
            id: "agent.max_age",
            role: Some(Agent),
            requirement: R::MaxAge(28),
            alternatives: None,
            version: 2,
            effective_from: (2027, 2, 1),
        });
        let mut p = Person::ideal();
        p.birth_date = Person::born(29);
        let candidate = Candidate {
            birth_date: p.birth_date,
            education_level: p.level,
            education_field: &p.field,
            experience: &p.experience,
            tests: &p.tests,
            in_pembinaan: false,
        };
        let before = evaluate_with(&table, &candidate, Agent, hire()).unwrap();
        assert_eq!(before.version, 1);
        assert!(before.eligible());
        let after = evaluate_with(
            &table,
            &candidate,
            Agent,
            NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(after.version, 2);
        // Version 2 has only its own rows.
        assert_eq!(after.checks.len(), 1);
        assert!(!after.eligible());
        assert!(evaluate_with(
            &table,
            &candidate,
            Agent,
            NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()
        )
        .is_none());
    }

    #[test]
    fn ages_and_months_count_full_units() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(age_on(d(1996, 1, 5), d(2027, 1, 4)), 30);
        assert_eq!(age_on(d(1996, 1, 4), d(2027, 1, 4)), 31);
        assert_eq!(months_between(d(2025, 1, 6), d(2026, 1, 6)), 12);
        assert_eq!(months_between(d(2025, 1, 6), d(2026, 1, 5)), 11);
        assert_eq!(months_between(d(2026, 1, 6), d(2025, 1, 6)), 0);
    }
}
