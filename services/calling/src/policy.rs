//! calling's rows of the one policy table: calls, results and recordings. Deny by
//! default: a route not listed here is not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, Manager, QaOfficer, QcOfficer, SupervisorOps, SupervisorQuality,
    TeamLeader,
};

/// Who makes calls: agents only.
const CALLERS: &[Role] = &[Agent];
/// Who may read calls (agent: own; team leader: team; site roles: site; all-site: any).
const CALL_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    QcOfficer,
    QaOfficer,
    Agent,
];
/// Who may close a stuck call without a result: the team leader of the call's team and
/// the site's operations supervisor, who run the floor.
const CALL_CLOSERS: &[Role] = &[SupervisorOps, TeamLeader];
/// Who may listen to a recording: the agent, the agent's team leader, and the site's
/// supervisors, QC and QA officers; nobody else (issue 4).
const RECORDING_LISTENERS: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];

/// Who may read a day's call counts (reporting's reconciliation, with its service
/// account): the all-site roles.
const DAILY_COUNT_READERS: &[Role] = &[Manager, Coordinator, Admin];

/// Every route calling serves and who may call it.
pub const ROUTES: &[Route] = &[
    route("POST", "/api/v1/calling/calls", Access::Roles(CALLERS)),
    route("GET", "/api/v1/calling/calls", Access::Roles(CALL_READERS)),
    route(
        "GET",
        "/api/v1/calling/calls/{id}",
        Access::Roles(CALL_READERS),
    ),
    route(
        "POST",
        "/api/v1/calling/calls/{id}/result",
        Access::Roles(CALLERS),
    ),
    route(
        "POST",
        "/api/v1/calling/calls/{id}/abandon",
        Access::Roles(CALL_CLOSERS),
    ),
    // The recording is a file streamed through the gateway.
    route(
        "PUT",
        "/api/v1/calling/calls/{id}/recording",
        Access::Roles(CALLERS),
    )
    .upload(),
    route(
        "GET",
        "/api/v1/calling/calls/{id}/recording",
        Access::Roles(RECORDING_LISTENERS),
    ),
    route(
        "GET",
        "/api/v1/calling/daily-counts",
        Access::Roles(DAILY_COUNT_READERS),
    ),
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_stuck_call_is_closed_by_the_floor_not_by_its_agent() {
        let policy = tam_auth::Policy::new([("calling", ROUTES)]).unwrap();
        let access = policy
            .find("POST", "/api/v1/calling/calls/x/abandon")
            .unwrap()
            .route
            .access;
        assert_eq!(access, Access::Roles(CALL_CLOSERS));
        for role in Role::ALL {
            assert_eq!(
                access.allows(Some(*role)),
                [Role::SupervisorOps, Role::TeamLeader].contains(role),
                "{role}"
            );
        }
    }
}
