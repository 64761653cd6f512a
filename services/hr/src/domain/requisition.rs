//! Requisitions: a need for people of a role (at a site, on a program) by a date, opened
//! by hand or by the CAPLAN gap, filled by hiring.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use super::employee::Assignment;
use super::{rules, Rejection};

/// Where a requisition is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequisitionStatus {
    /// Recruitment runs against it.
    Open,
    /// As many people as its headcount were hired against it.
    Filled,
    /// Withdrawn by hand.
    Cancelled,
}

impl RequisitionStatus {
    pub const ALL: [RequisitionStatus; 3] = [
        RequisitionStatus::Open,
        RequisitionStatus::Filled,
        RequisitionStatus::Cancelled,
    ];
    pub const CODES: &'static [&'static str] = &["open", "filled", "cancelled"];

    pub const fn as_str(self) -> &'static str {
        match self {
            RequisitionStatus::Open => "open",
            RequisitionStatus::Filled => "filled",
            RequisitionStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for RequisitionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequisitionStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("must be one of: {}", Self::CODES.join(", ")))
    }
}

/// Who opened a requisition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequisitionOrigin {
    /// A person, by hand.
    Manual,
    /// The gap between a CAPLAN target and the staff available.
    CaplanGap,
}

impl RequisitionOrigin {
    pub const ALL: [RequisitionOrigin; 2] =
        [RequisitionOrigin::Manual, RequisitionOrigin::CaplanGap];
    pub const CODES: &'static [&'static str] = &["manual", "caplan_gap"];

    pub const fn as_str(self) -> &'static str {
        match self {
            RequisitionOrigin::Manual => "manual",
            RequisitionOrigin::CaplanGap => "caplan_gap",
        }
    }
}

impl fmt::Display for RequisitionOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequisitionOrigin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("must be one of: {}", Self::CODES.join(", ")))
    }
}

/// A requisition as stored, with the number hired against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requisition {
    pub id: Uuid,
    pub role: Role,
    /// Absent for the roles that work at every site.
    pub site: Option<Site>,
    /// Present for agents and team leaders (and any site-bound role it was given for).
    pub program: Option<Program>,
    pub headcount: i32,
    pub needed_by: NaiveDate,
    pub reason: String,
    pub origin: RequisitionOrigin,
    pub status: RequisitionStatus,
    /// Who opened it (none for the CAPLAN gap).
    pub opened_by: Option<Uuid>,
    /// How many were hired against it.
    pub hired: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Requisition {
    /// How many people it still needs.
    pub fn open_positions(&self) -> i64 {
        (i64::from(self.headcount) - self.hired).max(0)
    }

    /// Whether a hire may still be marked against it (409 otherwise).
    pub fn check_open(&self) -> Result<(), Rejection> {
        if self.status != RequisitionStatus::Open {
            return Err(Rejection::Conflict(format!(
                "requisition {} is {}",
                self.id, self.status
            )));
        }
        Ok(())
    }
}

/// The reason of a requisition: 1 to 500 characters, not only blanks.
pub fn parse_reason(value: &str) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 500 {
        return Err("must be 1 to 500 characters, not only blanks".to_owned());
    }
    if trimmed.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(trimmed.to_owned())
}

/// The headcount of a requisition: 1 to 1000.
pub fn parse_headcount(value: i64) -> Result<i32, String> {
    match i32::try_from(value) {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        _ => Err("must be a whole number from 1 to 1000".to_owned()),
    }
}

/// A requisition opened by hand (checked at the edge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequisition {
    pub role: Role,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub headcount: i32,
    pub needed_by: NaiveDate,
    pub reason: String,
}

impl NewRequisition {
    /// The site and program fit the role like an employee's do (422
    /// `requisition-assignment` naming each field, then `program-not-at-site`), and the
    /// needed-by date is not in the past (422 `needed-by-past`).
    pub fn validate(&self, today: NaiveDate) -> Result<(), Rejection> {
        let assignment = Assignment {
            role: self.role,
            site: self.site,
            program: self.program,
            team_id: None,
        };
        let errors = assignment.field_errors();
        if !errors.is_empty() {
            return Err(Rejection::rule(
                rules::REQUISITION_ASSIGNMENT,
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.reason))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        assignment.check_rules()?;
        if self.needed_by < today {
            return Err(Rejection::rule(
                rules::NEEDED_BY_PAST,
                format!("needed_by: must be today ({today}) or later"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in RequisitionStatus::ALL {
            assert_eq!(s.as_str().parse::<RequisitionStatus>().unwrap(), s);
        }
        for o in RequisitionOrigin::ALL {
            assert_eq!(o.as_str().parse::<RequisitionOrigin>().unwrap(), o);
        }
        assert!("closed".parse::<RequisitionStatus>().is_err());
    }

    #[test]
    fn headcount_and_reason_bounds() {
        assert!(parse_headcount(0).is_err());
        assert!(parse_headcount(-3).is_err());
        assert_eq!(parse_headcount(4).unwrap(), 4);
        assert!(parse_headcount(1001).is_err());
        assert!(parse_reason("  ").is_err());
        assert_eq!(parse_reason(" more agents ").unwrap(), "more agents");
    }

    #[test]
    fn an_agent_requisition_needs_a_program_that_runs_at_the_site() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let mut new = NewRequisition {
            role: Role::Agent,
            site: Some(Site::Medan),
            program: None,
            headcount: 2,
            needed_by: day,
            reason: "growth".into(),
        };
        let Err(Rejection::Rule { rule, detail }) = new.validate(day) else {
            panic!("an agent requisition without a program is refused");
        };
        assert_eq!(rule, rules::REQUISITION_ASSIGNMENT);
        assert!(detail.starts_with("program"), "{detail}");
        new.program = Some(Site::Medan.programs()[0]);
        new.validate(day).unwrap();
        new.needed_by = day.pred_opt().unwrap();
        let Err(Rejection::Rule { rule, detail }) = new.validate(day) else {
            panic!("a past needed-by date is refused");
        };
        assert_eq!(rule, rules::NEEDED_BY_PAST);
        assert!(detail.starts_with("needed_by"), "{detail}");
    }
}
