//! What hr publishes: the roster facts other services keep (who works where, in which
//! role, program and team, and whether they still work). Each event is written to the
//! outbox in the transaction of the change it describes.

use tam_events::Producer;

use crate::domain::employee::{Employee, EmployeeStatus};
use crate::domain::team::Team;

/// The payloads, typed once in the contracts. `hr.access.revoked` is the one type every
/// verifier reads (the runtime keeps the verifiers' deny-lists from it).
pub use tam_contracts::hr::{
    AccessRevoked, EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated,
    GrantedBy, RevocationReason, RoleGranted, TeamChange, TeamChanged,
};

/// What hr's recruitment publishes.
pub use tam_contracts::hr_recruitment::ApplicantHired;

/// The producer name on every hr event.
pub const PRODUCER: Producer = Producer("hr");

/// An employee's status as the contracts write it.
fn status(status: EmployeeStatus) -> tam_contracts::hr::EmployeeStatus {
    use tam_contracts::hr::EmployeeStatus as Wire;
    match status {
        EmployeeStatus::Active => Wire::Active,
        EmployeeStatus::Suspended => Wire::Suspended,
        EmployeeStatus::Deactivated => Wire::Deactivated,
    }
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
            status: status(e.status),
        }
    }
}

/// The `hr.team.changed` of `team` after `change`.
pub fn team_changed(team: &Team, change: TeamChange) -> TeamChanged {
    TeamChanged {
        team_id: team.id,
        name: team.name.clone(),
        site: team.site,
        program: team.program,
        team_leader_id: team.team_leader_id,
        change,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::employee::tests::employee;
    use tam_events::Event;
    use tam_kernel::{Program, Role, Site};

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
    fn hr_produces_what_its_contracts_name() {
        assert_eq!(
            tam_contracts::produced_by(PRODUCER.0),
            [
                EmployeeCreated::TYPE,
                EmployeeUpdated::TYPE,
                EmployeeDeactivated::TYPE,
                AccessRevoked::TYPE,
                TeamChanged::TYPE,
                RoleGranted::TYPE,
                tam_contracts::hr_caplan::CaplanRevised::TYPE,
                tam_contracts::hr_caplan::RequisitionOpened::TYPE,
                tam_contracts::hr_caplan::RequisitionChanged::TYPE,
                tam_contracts::hr_caplan::SdmDayClosed::TYPE,
                ApplicantHired::TYPE,
                tam_contracts::hr_training::CertificationGranted::TYPE,
                tam_contracts::hr_training::CertificationExpired::TYPE,
                tam_contracts::hr_training::CertificationRevoked::TYPE,
                tam_contracts::hr_pembinaan::WarningLetterIssued::TYPE,
                tam_contracts::hr_pembinaan::WarningLetterAcknowledged::TYPE,
                tam_contracts::hr_pembinaan::WarningLetterDecided::TYPE,
                tam_contracts::hr_pembinaan::WarningLetterRevoked::TYPE,
                tam_contracts::hr_pembinaan::TerminationReviewOpened::TYPE,
                tam_contracts::hr_pembinaan::TerminationReviewDecided::TYPE,
                tam_contracts::hr_pembinaan::CoachingRecorded::TYPE,
                tam_contracts::hr_attendance::AttendanceCheckedIn::TYPE,
                tam_contracts::hr_attendance::AttendanceCheckedOut::TYPE,
                tam_contracts::hr_attendance::AttendanceCorrected::TYPE,
                tam_contracts::hr_attendance::AttendancePolicyChanged::TYPE,
                tam_contracts::hr_contracts::ContractCreated::TYPE,
                tam_contracts::hr_contracts::ContractEnding::TYPE,
                tam_contracts::hr_contracts::ContractExtended::TYPE,
                tam_contracts::hr_contracts::ContractConverted::TYPE,
                tam_contracts::hr_contracts::ContractEnded::TYPE,
                tam_contracts::hr_evaluation::EvaluationComputed::TYPE,
                tam_contracts::hr_evaluation::EvaluationApproved::TYPE,
                tam_contracts::hr_evaluation::EvaluationLocked::TYPE,
                tam_contracts::hr_evaluation::EvaluationAdjusted::TYPE,
            ]
        );
    }

    #[test]
    fn every_status_keeps_its_code_on_the_wire() {
        for s in EmployeeStatus::ALL {
            assert_eq!(status(s).as_str(), s.as_str());
        }
    }
}
