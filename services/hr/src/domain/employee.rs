//! Employees: who they are, where they work, and what a valid record is.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::{FieldError, Program, Role, Site};
use uuid::Uuid;

use super::{rules, Rejection};

/// Whether an employee works (and may log in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmployeeStatus {
    /// Works and may log in.
    Active,
    /// Temporarily barred (e.g. during a disciplinary case); may be reactivated.
    Suspended,
    /// Left the company; final.
    Deactivated,
}

impl EmployeeStatus {
    pub const ALL: [EmployeeStatus; 3] = [
        EmployeeStatus::Active,
        EmployeeStatus::Suspended,
        EmployeeStatus::Deactivated,
    ];
    pub const CODES: &'static [&'static str] = &["active", "suspended", "deactivated"];

    pub const fn as_str(self) -> &'static str {
        match self {
            EmployeeStatus::Active => "active",
            EmployeeStatus::Suspended => "suspended",
            EmployeeStatus::Deactivated => "deactivated",
        }
    }
}

impl fmt::Display for EmployeeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EmployeeStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| one_of(Self::CODES))
    }
}

/// The highest education an employee completed (Indonesian levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EducationLevel {
    /// Senior high school.
    #[serde(rename = "SMA")]
    Sma,
    D1,
    D2,
    /// Diploma 3, the minimum for every role at hire (manual §2.1).
    D3,
    D4,
    /// Bachelor.
    S1,
    /// Master.
    S2,
    /// Doctorate.
    S3,
}

impl EducationLevel {
    pub const ALL: [EducationLevel; 8] = [
        EducationLevel::Sma,
        EducationLevel::D1,
        EducationLevel::D2,
        EducationLevel::D3,
        EducationLevel::D4,
        EducationLevel::S1,
        EducationLevel::S2,
        EducationLevel::S3,
    ];
    pub const CODES: &'static [&'static str] = &["SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"];

    pub const fn as_str(self) -> &'static str {
        match self {
            EducationLevel::Sma => "SMA",
            EducationLevel::D1 => "D1",
            EducationLevel::D2 => "D2",
            EducationLevel::D3 => "D3",
            EducationLevel::D4 => "D4",
            EducationLevel::S1 => "S1",
            EducationLevel::S2 => "S2",
            EducationLevel::S3 => "S3",
        }
    }
}

impl fmt::Display for EducationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EducationLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| one_of(Self::CODES))
    }
}

fn one_of(codes: &[&str]) -> String {
    format!("must be one of: {}", codes.join(", "))
}

pub use tam_kernel::parse_code;

/// An employee number (NIK): digits only, 1 to 20 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

impl Nik {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() || value.len() > 20 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err("must be 1 to 20 digits".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A login name: 3 to 32 of lowercase letters, digits, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(value: &str) -> Result<Self, String> {
        let valid_chars = value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !(3..=32).contains(&value.len()) || !valid_chars {
            return Err(
                "must be 3 to 32 characters of lowercase letters, digits, '.', '_' or '-'"
                    .to_owned(),
            );
        }
        Ok(Self(value.to_owned()))
    }

    /// The form a login name is looked up by: trimmed and lower-cased, so that `Budi.S`
    /// finds `budi.s`. `None` when it cannot be any employee's username.
    pub fn normalize_login(value: &str) -> Option<Self> {
        Self::parse(&value.trim().to_lowercase()).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name: 1 to 200 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FullName(String);

impl FullName {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        let len = value.chars().count();
        if len == 0 || len > 200 {
            return Err("must be 1 to 200 characters".to_owned());
        }
        if value.chars().any(char::is_control) {
            return Err("must not contain control characters".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A field of study (e.g. `Manajemen`, `Teknik Informatika`): 1 to 100 characters.
pub fn parse_education_field(value: &str) -> Result<String, String> {
    let value = value.trim();
    let len = value.chars().count();
    if len == 0 || len > 100 || value.chars().any(char::is_control) {
        return Err("must be 1 to 100 characters".to_owned());
    }
    Ok(value.to_owned())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| "must be a date written YYYY-MM-DD".to_owned())
}

/// Where an employee works and in which role: the fields whose combination the rules
/// constrain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub role: Role,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team_id: Option<Uuid>,
}

/// Whether a role's work is tied to a program (they call, or lead those who call).
pub fn needs_program(role: Role) -> bool {
    matches!(role, Role::Agent | Role::TeamLeader)
}

impl Assignment {
    /// The shape rules (400, one error per bad field): a site for site-bound roles and
    /// none for all-site roles; a program for agents and team leaders and none for
    /// all-site roles; a team for agents only.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let role = self.role;
        let mut errors = Vec::new();
        match (role.is_site_bound(), self.site) {
            (true, None) => errors.push(FieldError::new(
                "site",
                format!("is required for role {role}"),
            )),
            (false, Some(_)) => errors.push(FieldError::new(
                "site",
                format!("must be absent for role {role}, which works at every site"),
            )),
            _ => {}
        }
        if needs_program(role) && self.program.is_none() {
            errors.push(FieldError::new(
                "program",
                format!("is required for role {role}"),
            ));
        }
        if !role.is_site_bound() && self.program.is_some() {
            errors.push(FieldError::new(
                "program",
                format!("must be absent for role {role}, which works at every site"),
            ));
        }
        if role != Role::Agent && self.team_id.is_some() {
            errors.push(FieldError::new(
                "team_id",
                format!("must be absent for role {role}: only agents belong to a team"),
            ));
        }
        errors
    }

    /// The rules past the shape: the program runs at the site (422).
    pub fn check_rules(&self) -> Result<(), Rejection> {
        if let (Some(program), Some(site)) = (self.program, self.site) {
            if !program.runs_at(site) {
                return Err(Rejection::rule(
                    rules::PROGRAM_NOT_AT_SITE,
                    format!("program {program} does not run at site {site}"),
                ));
            }
        }
        Ok(())
    }

    /// Both checks: 400 for the shape first, then 422 for the rules.
    pub fn validate(&self) -> Result<(), Rejection> {
        let errors = self.field_errors();
        if !errors.is_empty() {
            return Err(Rejection::Invalid(errors));
        }
        self.check_rules()
    }

    /// An agent's team must be of the agent's site and program (422).
    pub fn check_team(&self, team_site: Site, team_program: Program) -> Result<(), Rejection> {
        if self.site != Some(team_site) || self.program != Some(team_program) {
            return Err(Rejection::rule(
                rules::TEAM_MISMATCH,
                format!(
                    "the team works at {team_site} on {team_program}; the agent must have the same site and program"
                ),
            ));
        }
        Ok(())
    }
}

/// A stored employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub id: Uuid,
    pub nik: String,
    pub full_name: String,
    pub username: String,
    pub role: Role,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team_id: Option<Uuid>,
    pub birth_date: Option<NaiveDate>,
    pub education_level: Option<EducationLevel>,
    pub education_field: Option<String>,
    pub hire_date: NaiveDate,
    pub status: EmployeeStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Employee {
    pub fn assignment(&self) -> Assignment {
        Assignment {
            role: self.role,
            site: self.site,
            program: self.program,
            team_id: self.team_id,
        }
    }
}

/// A valid employee to hire (without a password: the employee sets it, see
/// `app::activation`).
#[derive(Debug, Clone)]
pub struct NewEmployee {
    pub nik: Nik,
    pub full_name: FullName,
    pub username: Username,
    pub assignment: Assignment,
    pub birth_date: NaiveDate,
    pub education_level: EducationLevel,
    pub education_field: String,
    pub hire_date: NaiveDate,
}

/// The dates of a hire make sense: born before hired.
pub fn check_dates(birth_date: NaiveDate, hire_date: NaiveDate) -> Option<FieldError> {
    (hire_date <= birth_date).then(|| FieldError::new("hire_date", "must be after birth_date"))
}

/// A change to an employee; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployeeChanges {
    pub full_name: Option<FullName>,
    pub role: Option<Role>,
    pub site: Option<Option<Site>>,
    pub program: Option<Option<Program>>,
    pub team_id: Option<Option<Uuid>>,
    pub education_level: Option<EducationLevel>,
    pub education_field: Option<String>,
    /// `active` or `suspended` (deactivation has its own request).
    pub status: Option<EmployeeStatus>,
}

impl EmployeeChanges {
    /// The employee as it would be after the change.
    pub fn apply_to(&self, current: &Employee) -> Employee {
        let mut next = current.clone();
        if let Some(name) = &self.full_name {
            next.full_name = name.as_str().to_owned();
        }
        if let Some(role) = self.role {
            next.role = role;
        }
        if let Some(site) = self.site {
            next.site = site;
        }
        if let Some(program) = self.program {
            next.program = program;
        }
        if let Some(team_id) = self.team_id {
            next.team_id = team_id;
        }
        if let Some(level) = self.education_level {
            next.education_level = Some(level);
        }
        if let Some(field) = &self.education_field {
            next.education_field = Some(field.clone());
        }
        if let Some(status) = self.status {
            next.status = status;
        }
        next
    }
}

/// The fields other services keep in their rosters that differ between two versions
/// of an employee; a change of any of them is announced (`hr.employee.updated`).
pub fn roster_changes(before: &Employee, after: &Employee) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.full_name != after.full_name {
        changed.push("full_name");
    }
    if before.role != after.role {
        changed.push("role");
    }
    if before.site != after.site {
        changed.push("site");
    }
    if before.program != after.program {
        changed.push("program");
    }
    if before.team_id != after.team_id {
        changed.push("team_id");
    }
    if before.status != after.status {
        changed.push("status");
    }
    changed
}

/// An employee who leads a team keeps the role, site, program and active status the
/// team needs; appoint another leader first (422).
pub fn check_leader_unchanged(
    before: &Employee,
    after: &Employee,
    leads_team: bool,
) -> Result<(), Rejection> {
    if !leads_team {
        return Ok(());
    }
    let still_fits = after.role == Role::TeamLeader
        && after.site == before.site
        && after.program == before.program
        && after.status == EmployeeStatus::Active;
    if still_fits {
        Ok(())
    } else {
        Err(Rejection::rule(
            rules::LEADS_A_TEAM,
            "the employee leads a team: their role, site, program and status cannot change until the team has another leader",
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    fn assignment(
        role: Role,
        site: Option<Site>,
        program: Option<Program>,
        team: bool,
    ) -> Assignment {
        Assignment {
            role,
            site,
            program,
            team_id: team.then(Uuid::now_v7),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    pub(crate) fn employee(role: Role, site: Option<Site>, program: Option<Program>) -> Employee {
        let at = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
        Employee {
            id: Uuid::now_v7(),
            nik: "1001".into(),
            full_name: "Budi Santoso".into(),
            username: "budi".into(),
            role,
            site,
            program,
            team_id: None,
            birth_date: NaiveDate::from_ymd_opt(1998, 5, 1),
            education_level: Some(EducationLevel::D3),
            education_field: Some("Manajemen".into()),
            hire_date: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            status: EmployeeStatus::Active,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn nik_is_digits() {
        assert_eq!(Nik::parse(" 2024001 ").unwrap().as_str(), "2024001");
        for bad in ["", "12a", "-1", "1 2", "123456789012345678901"] {
            assert!(Nik::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn username_format() {
        for good in ["abc", "agent.medan", "a_b-c.9", &"x".repeat(32)] {
            assert!(Username::parse(good).is_ok(), "{good}");
        }
        for bad in ["ab", "Agent", "a b", "budi@x", &"x".repeat(33), "bü.di"] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Username::normalize_login("  Agent.Medan ")
                .unwrap()
                .as_str(),
            "agent.medan"
        );
        assert!(Username::normalize_login("a").is_none());
    }

    #[test]
    fn full_name_and_education_field() {
        assert_eq!(FullName::parse("  Siti  ").unwrap().as_str(), "Siti");
        assert!(FullName::parse("   ").is_err());
        assert!(FullName::parse(&"x".repeat(201)).is_err());
        assert!(FullName::parse("a\nb").is_err());
        assert!(parse_education_field("Teknik Informatika").is_ok());
        assert!(parse_education_field("").is_err());
    }

    #[test]
    fn codes_round_trip() {
        for status in EmployeeStatus::ALL {
            assert_eq!(status.as_str().parse::<EmployeeStatus>().unwrap(), status);
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::json!(status.as_str())
            );
        }
        for level in EducationLevel::ALL {
            assert_eq!(level.as_str().parse::<EducationLevel>().unwrap(), level);
            assert_eq!(
                serde_json::to_value(level).unwrap(),
                serde_json::json!(level.as_str())
            );
        }
        assert!("s1".parse::<EducationLevel>().is_err());
        assert!(EducationLevel::D3 < EducationLevel::S1);
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2000-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2000, 2, 29).unwrap()
        );
        assert!(parse_date("2001-02-29").is_err());
        assert!(parse_date("01/02/2000").is_err());
        let birth = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        assert!(check_dates(birth, NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()).is_none());
        assert_eq!(check_dates(birth, birth).unwrap().field, "hire_date");
    }

    #[test]
    fn site_bound_roles_need_a_site_all_site_roles_have_none() {
        let a = assignment(Role::QcOfficer, None, None, false);
        assert_eq!(fields(&a.field_errors()), ["site"]);
        let a = assignment(Role::HrRecruiter, Some(Site::Medan), None, false);
        assert_eq!(fields(&a.field_errors()), ["site"]);
        assert!(assignment(Role::Admin, None, None, false)
            .field_errors()
            .is_empty());
        assert!(assignment(Role::Trainer, Some(Site::Malang), None, false)
            .field_errors()
            .is_empty());
    }

    #[test]
    fn agents_and_team_leaders_need_a_program_only_agents_a_team() {
        let a = assignment(Role::Agent, Some(Site::Medan), None, false);
        assert_eq!(fields(&a.field_errors()), ["program"]);
        let a = assignment(Role::TeamLeader, Some(Site::Medan), None, true);
        assert_eq!(fields(&a.field_errors()), ["program", "team_id"]);
        let a = assignment(Role::Manager, None, Some(Program::AddOnConsumer), true);
        assert_eq!(fields(&a.field_errors()), ["program", "team_id"]);
        let a = assignment(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            true,
        );
        assert_eq!(a.validate(), Ok(()));
        // A site-bound non-calling role may name a program.
        let a = assignment(
            Role::SupervisorOps,
            Some(Site::Bandung),
            Some(Program::Ct0Pranpc),
            false,
        );
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn the_program_must_run_at_the_site() {
        let a = assignment(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::Ct0Pranpc),
            false,
        );
        assert!(a.field_errors().is_empty());
        let Err(Rejection::Rule { rule, .. }) = a.validate() else {
            panic!("expected a rule violation");
        };
        assert_eq!(rule, rules::PROGRAM_NOT_AT_SITE);
    }

    #[test]
    fn an_agents_team_has_the_agents_site_and_program() {
        let a = assignment(
            Role::Agent,
            Some(Site::Semarang),
            Some(Program::WifiAddonDigital),
            true,
        );
        assert_eq!(
            a.check_team(Site::Semarang, Program::WifiAddonDigital),
            Ok(())
        );
        assert!(a
            .check_team(Site::Semarang, Program::AddOnConsumer)
            .is_err());
        assert!(a
            .check_team(Site::Tangerang, Program::WifiAddonDigital)
            .is_err());
    }

    #[test]
    fn changes_apply_and_roster_changes_are_named() {
        let before = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));
        let team = Uuid::now_v7();
        let changes = EmployeeChanges {
            team_id: Some(Some(team)),
            education_level: Some(EducationLevel::S1),
            ..Default::default()
        };
        let after = changes.apply_to(&before);
        assert_eq!(after.team_id, Some(team));
        assert_eq!(after.education_level, Some(EducationLevel::S1));
        assert_eq!(roster_changes(&before, &after), ["team_id"]);

        let cleared = EmployeeChanges {
            team_id: Some(None),
            status: Some(EmployeeStatus::Suspended),
            ..Default::default()
        }
        .apply_to(&after);
        assert_eq!(cleared.team_id, None);
        assert_eq!(roster_changes(&after, &cleared), ["team_id", "status"]);
        assert!(roster_changes(&before, &before).is_empty());
    }

    #[test]
    fn a_team_leader_who_leads_keeps_what_the_team_needs() {
        let before = employee(
            Role::TeamLeader,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
        );
        let mut renamed = before.clone();
        renamed.full_name = "Budi S.".into();
        assert_eq!(check_leader_unchanged(&before, &renamed, true), Ok(()));
        let mut demoted = before.clone();
        demoted.role = Role::Agent;
        assert!(check_leader_unchanged(&before, &demoted, true).is_err());
        assert_eq!(check_leader_unchanged(&before, &demoted, false), Ok(()));
        let mut suspended = before.clone();
        suspended.status = EmployeeStatus::Suspended;
        assert!(check_leader_unchanged(&before, &suspended, true).is_err());
    }
}
