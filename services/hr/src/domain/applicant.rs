//! Applicants: the people recruitment considers, what they bring (education, experience,
//! test results) and what a valid record is. Whether they may be hired is
//! [`super::eligibility`]'s; where they are in the pipeline is [`super::applicant_stage`]'s.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{code_enum, Role};
use uuid::Uuid;

use super::applicant_stage::Stage;
use super::employee::EducationLevel;
use super::{rules, Rejection};

code_enum! {
    /// The kind of job an experience record is of (what §2.1's experience rules count).
    pub enum ExperienceRole as "experience role" {
        /// Agent (OBC, telesales or any contact center).
        Agent => "agent",
        /// Team leader of agents.
        TeamLeader => "team_leader",
        /// Supervisor of a contact center, sales or retention team.
        Supervisor => "supervisor",
        /// Quality control officer (QCO).
        QcOfficer => "qc_officer",
        /// Quality assurance officer.
        QaOfficer => "qa_officer",
        /// Anything else.
        Other => "other",
    }
}

impl ExperienceRole {
    /// What a suite role counts as, for an internal candidate's time in the suite.
    pub const fn of_role(role: Role) -> ExperienceRole {
        match role {
            Role::Agent => ExperienceRole::Agent,
            Role::TeamLeader => ExperienceRole::TeamLeader,
            Role::SupervisorOps | Role::SupervisorQuality | Role::SupervisorHd => {
                ExperienceRole::Supervisor
            }
            Role::QcOfficer => ExperienceRole::QcOfficer,
            Role::QaOfficer => ExperienceRole::QaOfficer,
            _ => ExperienceRole::Other,
        }
    }
}

code_enum! {
    /// A test an applicant takes (§2.1: psychological assessment, medically fit, the
    /// written test; for agents good Indonesian and a clear voice).
    pub enum TestKind as "test kind" {
        /// Psychological assessment.
        Psychological => "psychological",
        /// Medical examination (a doctor's certificate of health).
        Medical => "medical",
        /// Written test.
        Written => "written",
        /// Voice and language test (agents: good Indonesian, a clear voice).
        VoiceLanguage => "voice_language",
    }
}

/// A national identity number (NIK, Nomor Induk Kependudukan): exactly 16 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApplicantNik(String);

impl ApplicantNik {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.len() != 16 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err("must be exactly 16 digits (the national identity number)".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: 8 to 15 digits, optionally after a `+`.
pub fn parse_phone(value: &str) -> Result<String, String> {
    let value = value.trim();
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be 8 to 15 digits, optionally after a '+'".to_owned());
    }
    Ok(value.to_owned())
}

/// An e-mail address: something@something.something, at most 200 characters.
pub fn parse_email(value: &str) -> Result<String, String> {
    let value = value.trim();
    let valid = value.len() <= 200
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && value
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !valid {
        return Err("must be an e-mail address".to_owned());
    }
    Ok(value.to_owned())
}

/// A short free text (an employer's name, a reason): 1 to `max` characters, trimmed.
pub fn parse_text(value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    let len = value.chars().count();
    if len == 0 || len > max || value.chars().any(char::is_control) {
        return Err(format!("must be 1 to {max} characters"));
    }
    Ok(value.to_owned())
}

/// The months of an experience record: 0 or more (at most 600).
pub fn parse_months(value: i64) -> Result<u32, String> {
    if value < 0 {
        return Err("must be 0 or more (a duration cannot be negative)".to_owned());
    }
    u32::try_from(value)
        .ok()
        .filter(|m| *m <= 600)
        .ok_or_else(|| "must be at most 600".to_owned())
}

/// A test score: 0 to 100.
pub fn parse_score(value: i64) -> Result<u8, String> {
    u8::try_from(value)
        .ok()
        .filter(|s| *s <= 100)
        .ok_or_else(|| "must be 0 to 100".to_owned())
}

/// One earlier job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experience {
    pub role: ExperienceRole,
    pub employer: String,
    pub months: u32,
}

/// A test's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub kind: TestKind,
    pub passed: bool,
    pub score: Option<u8>,
    pub taken_on: NaiveDate,
}

/// A new applicant, checked field by field.
#[derive(Debug, Clone)]
pub struct NewApplicant {
    pub nik: ApplicantNik,
    pub full_name: super::employee::FullName,
    pub birth_date: NaiveDate,
    pub phone: String,
    pub email: Option<String>,
    pub education_level: EducationLevel,
    pub education_field: String,
    pub experiences: Vec<Experience>,
    /// An internal candidate: their employee record.
    pub employee_id: Option<Uuid>,
    /// The requisition they apply to.
    pub requisition_id: Uuid,
}

/// The check of a new applicant that needs today: a birth date not in the future (422
/// `birth-date-in-future`, naming `birth_date`).
pub fn check_birth_date(birth_date: NaiveDate, today: NaiveDate) -> Result<(), Rejection> {
    if birth_date > today {
        return Err(Rejection::rule(
            rules::BIRTH_DATE_IN_FUTURE,
            format!("birth_date: {birth_date} is in the future (today is {today})"),
        ));
    }
    Ok(())
}

/// An education level code; an unknown one is 422 `unknown-education-level` (naming
/// `education_level`).
pub fn parse_education_level(value: &str) -> Result<EducationLevel, Rejection> {
    value.parse().map_err(|reason: String| {
        Rejection::rule(
            rules::UNKNOWN_EDUCATION_LEVEL,
            format!("education_level: {value:?} is not a known level; {reason}"),
        )
    })
}

/// An experience record's months: below 0 is 422 `negative-duration` (naming the
/// record's `months`), above 600 a malformed field.
pub fn check_months(field: &str, value: i64) -> Result<u32, Rejection> {
    if value < 0 {
        return Err(Rejection::rule(
            rules::NEGATIVE_DURATION,
            format!("{field}: {value} months; a duration cannot be negative"),
        ));
    }
    parse_months(value).map_err(|reason| Rejection::field(field, reason))
}

/// A stored applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub id: Uuid,
    pub nik: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub phone: String,
    pub email: Option<String>,
    pub education_level: EducationLevel,
    pub education_field: String,
    pub employee_id: Option<Uuid>,
    pub requisition_id: Uuid,
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    pub hired_employee_id: Option<Uuid>,
    pub experiences: Vec<Experience>,
    pub tests: Vec<TestResult>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_nik_is_sixteen_digits() {
        assert!(ApplicantNik::parse("3201234567890001").is_ok());
        assert!(ApplicantNik::parse("320123456789000").is_err());
        assert!(ApplicantNik::parse("32012345678900012").is_err());
        assert!(ApplicantNik::parse("32012345678900x1").is_err());
    }

    #[test]
    fn months_and_scores_have_bounds() {
        assert_eq!(parse_months(0), Ok(0));
        assert!(parse_months(-1).unwrap_err().contains("negative"));
        assert_eq!(parse_score(100), Ok(100));
        assert!(parse_score(101).is_err());
        assert!(parse_score(-1).is_err());
    }

    #[test]
    fn a_birth_date_in_the_future_an_unknown_level_and_negative_months_are_422() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        assert!(check_birth_date(today, today).is_ok());
        let tomorrow = today.succ_opt().unwrap();
        let rule_of = |r: Rejection| match r {
            Rejection::Rule { rule, detail } => (rule, detail),
            other => panic!("{other:?}"),
        };
        let (rule, detail) = rule_of(check_birth_date(tomorrow, today).unwrap_err());
        assert_eq!(rule, rules::BIRTH_DATE_IN_FUTURE);
        assert!(detail.starts_with("birth_date"));
        let (rule, detail) = rule_of(parse_education_level("S4").unwrap_err());
        assert_eq!(rule, rules::UNKNOWN_EDUCATION_LEVEL);
        assert!(detail.starts_with("education_level"));
        assert_eq!(parse_education_level("D3").unwrap(), EducationLevel::D3);
        let (rule, detail) = rule_of(check_months("experiences[1].months", -3).unwrap_err());
        assert_eq!(rule, rules::NEGATIVE_DURATION);
        assert!(detail.starts_with("experiences[1].months"));
        assert_eq!(check_months("m", 0).unwrap(), 0);
        assert!(matches!(check_months("m", 601), Err(Rejection::Invalid(_))));
    }

    #[test]
    fn contacts_are_checked() {
        assert!(parse_phone("+6281234567890").is_ok());
        assert!(parse_phone("12ab").is_err());
        assert!(parse_email("siti@example.co.id").is_ok());
        assert!(parse_email("siti").is_err());
    }
}
