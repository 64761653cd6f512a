//! prospect's rows of the one policy table: work orders, the do-not-call list, DAPROS
//! imports, distribution, progress, prospects and the agent's next customer. Deny by
//! default: a route not listed here is not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, Manager, QaOfficer, QcOfficer, SupervisorOps, SupervisorQuality,
    TeamLeader,
};

/// Who may create and manage work orders (site roles at their own site).
const WORK_ORDER_MANAGERS: &[Role] = &[SupervisorOps, Coordinator, Manager];
/// Who may read work orders (each within their scope).
const WORK_ORDER_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    QcOfficer,
    QaOfficer,
];
/// Who may read and change the do-not-call list (suite-wide).
const DNC_KEEPERS: &[Role] = &[Admin, Manager, Coordinator, SupervisorOps];
/// Who may hand a work order's prospects to agents (a team leader to their team).
const DISTRIBUTORS: &[Role] = &[SupervisorOps, TeamLeader];
/// Who may read one prospect and its attempts (an agent: those they hold or held).
const PROSPECT_READERS: &[Role] = &[
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
/// Who takes the next customer: agents only.
const CALLERS: &[Role] = &[Agent];

/// Every route prospect serves and who may call it.
pub const ROUTES: &[Route] = &[
    // Work orders.
    route(
        "POST",
        "/api/v1/prospect/work-orders",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "PATCH",
        "/api/v1/prospect/work-orders/{id}",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/activate",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/close",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    // The do-not-call list.
    route("POST", "/api/v1/prospect/dnc", Access::Roles(DNC_KEEPERS)),
    route("GET", "/api/v1/prospect/dnc", Access::Roles(DNC_KEEPERS)),
    // An entry with its history; taking a number off the list (never a deletion) is
    // further limited by the service to all-site roles and the adding site's supervisor.
    route(
        "GET",
        "/api/v1/prospect/dnc/{number}",
        Access::Roles(DNC_KEEPERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/dnc/{number}/remove",
        Access::Roles(DNC_KEEPERS),
    ),
    // DAPROS import: the call list is a file streamed through the gateway.
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/dapros",
        Access::Roles(WORK_ORDER_MANAGERS),
    )
    .upload(),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/imports",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/imports/{id}",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/imports/{id}/rejected",
        Access::Roles(WORK_ORDER_READERS),
    ),
    // Distribution, progress and prospects.
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/distribute",
        Access::Roles(DISTRIBUTORS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/progress",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/prospects",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/prospects/{id}",
        Access::Roles(PROSPECT_READERS),
    ),
    route("POST", "/api/v1/prospect/next", Access::Roles(CALLERS)),
];
