//! reporting's rows of the one policy table. Deny by default: a route not listed here is
//! not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, HdSupport, HrRecruiter, Ioc, IocManager, Manager, QaOfficer,
    QcOfficer, QcTier2, SupervisorHd, SupervisorOps, SupervisorQuality, TeamLeader, Trainer,
};

/// Who reads the reports and the KPI definitions: every role, each within their scope
/// (`api::params::scope_of`: all-site roles every site, site roles their site, a team
/// leader their team, an agent their own figures). Listed rather than "any role", so
/// that a new role reads nothing until it is given a scope here.
pub const REPORT_READERS: &[Role] = &[
    Manager,
    Coordinator,
    Admin,
    SupervisorOps,
    SupervisorQuality,
    SupervisorHd,
    TeamLeader,
    Agent,
    QcOfficer,
    QaOfficer,
    Trainer,
    HdSupport,
    QcTier2,
    Ioc,
    IocManager,
    HrRecruiter,
];

/// Who reads the scheduled packs: managers, coordinators and admins every pack, an
/// operations supervisor their site's (`packs::store::PackScope`).
pub const PACK_READERS: &[Role] = &[Manager, Coordinator, Admin, SupervisorOps];

/// Who runs and reads the reconciliation of reporting's totals with the source
/// services' counts: the all-site managers (it compares every site).
pub const RECONCILERS: &[Role] = &[Manager, Coordinator, Admin];

/// Every route reporting serves and who may call it.
pub const ROUTES: &[Route] = &[
    route(
        "GET",
        "/api/v1/reporting/kpis",
        Access::Roles(REPORT_READERS),
    ),
    // The family reports: one literal route each (see api::reports).
    route(
        "GET",
        "/api/v1/reporting/outbound",
        Access::Roles(REPORT_READERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/quality",
        Access::Roles(REPORT_READERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/activation",
        Access::Roles(REPORT_READERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/disruptions",
        Access::Roles(REPORT_READERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/workforce",
        Access::Roles(REPORT_READERS),
    ),
    // Reconciliation (api::reconciliation): a day checked live, the daily runs.
    route(
        "GET",
        "/api/v1/reporting/reconciliation",
        Access::Roles(RECONCILERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/reconciliation/runs",
        Access::Roles(RECONCILERS),
    ),
    // The CABUT reasons breakdown of the activation report (api::cabut_reasons): the
    // same readers and scope as the activation report.
    route(
        "GET",
        "/api/v1/reporting/cabut-reasons",
        Access::Roles(REPORT_READERS),
    ),
    // A KPI's trend chart (api::charts): every report reader, within their scope.
    route(
        "GET",
        "/api/v1/reporting/charts/{kpi}",
        Access::Roles(REPORT_READERS),
    ),
    // The scheduled packs (api::packs).
    route(
        "GET",
        "/api/v1/reporting/packs",
        Access::Roles(PACK_READERS),
    ),
    route(
        "GET",
        "/api/v1/reporting/packs/{id}",
        Access::Roles(PACK_READERS),
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_role_reads_reports() {
        for role in tam_kernel::Role::ALL {
            assert!(super::REPORT_READERS.contains(role), "{role}");
        }
    }
}
