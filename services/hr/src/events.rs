//! What hr publishes: the roster facts other services keep (who works where, in which
//! role, program and team, and whether they still work). Each event is written to the
//! outbox in the transaction of the change it describes.

use serde::{Deserialize, Serialize};
use tam_events::{Event, Producer};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::domain::employee::{Employee, EmployeeStatus};
use crate::domain::team::Team;

/// `hr.access.revoked`: the one type hr publishes and every verifier reads (the runtime
/// keeps the verifiers' deny-lists).
pub use tam_runtime::revocations::{AccessRevoked, RevocationReason};

/// The producer name on every hr event.
pub const PRODUCER: Producer = Producer("hr");

/// An employee as rosters need them; the payload of every `hr.employee.*` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeRoster {
    pub employee_id: Uuid,
    pub nik: String,
    pub full_name: String,
    pub username: String,
    pub role: Role,
    /// Absent for all-site roles.
    pub site: Option<Site>,
    pub program: Option<Program>,
    /// Agents only.
    pub team_id: Option<Uuid>,
    pub status: EmployeeStatus,
}

impl From<&Employee> for EmployeeRoster {
    fn from(e: &Employee) -> Self {
        Self {
            employee_id: e.id,
            nik: e.nik.clone(),
            full_name: e.full_name.clone(),
            username: e.username.clone(),
            role: e.role,
            site: e.site,
            program: e.program,
            team_id: e.team_id,
            status: e.status,
        }
    }
}

/// `hr.employee.created`: a new employee (and user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeCreated {
    #[serde(flatten)]
    pub employee: EmployeeRoster,
}

impl Event for EmployeeCreated {
    const TYPE: &'static str = "hr.employee.created";
    const VERSION: u16 = 1;
}

/// `hr.employee.updated`: a roster field changed (full name, role, site, program, team
/// or status: suspended or reactivated). `changed` names them; the rest is the employee
/// as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeUpdated {
    #[serde(flatten)]
    pub employee: EmployeeRoster,
    pub changed: Vec<String>,
}

impl Event for EmployeeUpdated {
    const TYPE: &'static str = "hr.employee.updated";
    const VERSION: u16 = 1;
}

/// `hr.employee.deactivated`: the employee left; they can no longer log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeDeactivated {
    #[serde(flatten)]
    pub employee: EmployeeRoster,
}

impl Event for EmployeeDeactivated {
    const TYPE: &'static str = "hr.employee.deactivated";
    const VERSION: u16 = 1;
}

/// How a role was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantedBy {
    /// With a new employee.
    Created,
    /// By a change of an existing employee.
    Edited,
}

/// `hr.role.granted`: the audit of an all-site or supervisory role given to someone
/// (`tam_auth::is_privileged`), by whom, written with the change itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGranted {
    pub employee_id: Uuid,
    pub username: String,
    pub role: Role,
    /// Absent for all-site roles.
    pub site: Option<Site>,
    /// The role and site before an edit (absent on create).
    pub previous_role: Option<Role>,
    pub previous_site: Option<Site>,
    pub granted_by: Uuid,
    pub granted_by_role: Role,
    pub how: GrantedBy,
}

impl Event for RoleGranted {
    const TYPE: &'static str = "hr.role.granted";
    const VERSION: u16 = 1;
}

/// Why a team event was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamChange {
    Created,
    LeaderChanged,
}

/// `hr.team.changed`: a team was created or got another leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamChanged {
    pub team_id: Uuid,
    pub name: String,
    pub site: Site,
    pub program: Program,
    pub team_leader_id: Uuid,
    pub change: TeamChange,
}

impl TeamChanged {
    pub fn new(team: &Team, change: TeamChange) -> Self {
        Self {
            team_id: team.id,
            name: team.name.clone(),
            site: team.site,
            program: team.program,
            team_leader_id: team.team_leader_id,
            change,
        }
    }
}

impl Event for TeamChanged {
    const TYPE: &'static str = "hr.team.changed";
    const VERSION: u16 = 1;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::employee::tests::employee;

    #[test]
    fn payloads_carry_the_roster_fields_flat() {
        let e = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));
        let json = serde_json::to_value(EmployeeUpdated {
            employee: EmployeeRoster::from(&e),
            changed: vec!["team_id".into()],
        })
        .unwrap();
        for field in [
            "employee_id",
            "nik",
            "full_name",
            "role",
            "site",
            "program",
            "team_id",
            "status",
            "changed",
        ] {
            assert!(json.get(field).is_some(), "{field} missing in {json}");
        }
        assert_eq!(json["role"], "agent");
        assert_eq!(json["site"], "medan");
        assert_eq!(json["status"], "active");
        let back: EmployeeUpdated = serde_json::from_value(json).unwrap();
        assert_eq!(back.employee.employee_id, e.id);
    }

    #[test]
    fn every_type_is_in_the_catalog() {
        for ty in [
            EmployeeCreated::TYPE,
            EmployeeUpdated::TYPE,
            EmployeeDeactivated::TYPE,
            TeamChanged::TYPE,
            AccessRevoked::TYPE,
            RoleGranted::TYPE,
        ] {
            let spec = tam_events::catalog::CATALOG
                .iter()
                .find(|spec| spec.event_type == ty)
                .unwrap_or_else(|| panic!("{ty} is not in the catalog"));
            assert_eq!(spec.producer, PRODUCER.0);
        }
    }
}
