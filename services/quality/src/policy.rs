//! quality's rows of the one policy table: assessment parameters, tapping tasks and
//! verdicts, QA verification, the Quality Validation Score and tapping coverage. Deny
//! by default: a route not listed here is not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, Manager, QaOfficer, QcOfficer, SupervisorOps, SupervisorQuality,
    TeamLeader, Trainer,
};

/// Who may read the assessment parameters.
const PARAMETER_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
    TeamLeader,
    Trainer,
];
/// Who owns the assessment parameters.
const PARAMETER_OWNERS: &[Role] = &[SupervisorQuality];
/// Who may read tapping tasks (each within their site).
const TASK_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];
/// Who taps calls and gives verdicts.
const TAPPERS: &[Role] = &[QcOfficer];
/// Who may read the QA verification queue.
const REVIEW_READERS: &[Role] = &[SupervisorQuality, QaOfficer];
/// Who verifies QC verdicts.
const VERIFIERS: &[Role] = &[QaOfficer];
/// Who settles a QA disagreement (final).
const ARBITERS: &[Role] = &[SupervisorQuality];
/// Who may read the mis-sale reviews (each within their site): the quality supervisor
/// who decides them, QA, and the all-site roles.
const MIS_SALE_READERS: &[Role] = &[SupervisorQuality, QaOfficer, Manager, Coordinator, Admin];
/// Who decides a mis-sale review: the site's quality supervisor.
const MIS_SALE_DECIDERS: &[Role] = &[SupervisorQuality];
/// Who may read the Quality Validation Score (each within their scope).
const SCORE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
    TeamLeader,
    Agent,
];
/// Who may read tapping coverage.
const COVERAGE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];

/// Every route quality serves and who may call it.
/// Who may read a day's counts (reporting's reconciliation, with its service account):
/// the all-site roles.
const DAILY_COUNT_READERS: &[Role] = &[Manager, Coordinator, Admin];

pub const ROUTES: &[Route] = &[
    // Assessment parameters.
    route(
        "GET",
        "/api/v1/quality/parameters",
        Access::Roles(PARAMETER_READERS),
    ),
    route(
        "GET",
        "/api/v1/quality/parameters/{program}",
        Access::Roles(PARAMETER_READERS),
    ),
    route(
        "PUT",
        "/api/v1/quality/parameters/{program}",
        Access::Roles(PARAMETER_OWNERS),
    ),
    route(
        "GET",
        "/api/v1/quality/parameters/{program}/versions",
        Access::Roles(PARAMETER_READERS),
    ),
    // Tapping tasks and verdicts.
    route("GET", "/api/v1/quality/tasks", Access::Roles(TASK_READERS)),
    route(
        "GET",
        "/api/v1/quality/tasks/{id}",
        Access::Roles(TASK_READERS),
    ),
    route(
        "POST",
        "/api/v1/quality/tasks/claim",
        Access::Roles(TAPPERS),
    ),
    route(
        "POST",
        "/api/v1/quality/tasks/{id}/verdict",
        Access::Roles(TAPPERS),
    ),
    // QA verification.
    route(
        "GET",
        "/api/v1/quality/reviews",
        Access::Roles(REVIEW_READERS),
    ),
    route(
        "POST",
        "/api/v1/quality/reviews/{id}/opinion",
        Access::Roles(VERIFIERS),
    ),
    route(
        "POST",
        "/api/v1/quality/reviews/{id}/decision",
        Access::Roles(ARBITERS),
    ),
    // Mis-sale reviews (from helpdesk's CABUT survey).
    route(
        "GET",
        "/api/v1/quality/mis-sale-reviews",
        Access::Roles(MIS_SALE_READERS),
    ),
    route(
        "POST",
        "/api/v1/quality/mis-sale-reviews/{id}/decision",
        Access::Roles(MIS_SALE_DECIDERS),
    ),
    // The Quality Validation Score and tapping coverage.
    route("GET", "/api/v1/quality/score", Access::Roles(SCORE_READERS)),
    route(
        "GET",
        "/api/v1/quality/coverage",
        Access::Roles(COVERAGE_READERS),
    ),
    route(
        "GET",
        "/api/v1/quality/daily-counts",
        Access::Roles(DAILY_COUNT_READERS),
    ),
];
