//! helpdesk's rows of the one policy table. Deny by default: a route not listed here is
//! not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, HdSupport, Ioc, Manager, QcTier2, SupervisorHd, SupervisorOps,
    SupervisorQuality, TeamLeader,
};

/// Who works the desk or reads it: HD Support and its supervisor, QC Tier 2 (who
/// validates activations from every channel, DOMAIN.md), and the all-site managers.
const DESK_READERS: &[Role] = &[HdSupport, SupervisorHd, QcTier2, Manager, Admin];

/// Who reads the SLA configuration (calendars, policies, the escalation ladder).
const SLA_READERS: &[Role] = &[HdSupport, SupervisorHd, Manager, Admin];

/// Who changes it: the HD Support supervisor.
const SLA_ADMINS: &[Role] = &[SupervisorHd];

/// Who reads the escalations fired (each can ask for those that reached them).
const ESCALATION_READERS: &[Role] = &[HdSupport, SupervisorHd, Manager, Ioc, Admin];

/// Who reads activation tickets, each within their scope (`domain::scope`): the desk
/// and the all-site roles every ticket; the sales side their own sales' activations (a
/// site supervisor their site's, a team leader their team's, an agent their own).
const TICKET_READERS: &[Role] = &[
    HdSupport,
    SupervisorHd,
    QcTier2,
    Manager,
    Admin,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    Agent,
];

/// Who opens tickets for the channels other than OBC.
const TICKET_OPENERS: &[Role] = &[HdSupport, SupervisorHd];

/// Who moves tickets (which change each may make: `domain::ticket::check_status_change`).
const TICKET_WORKERS: &[Role] = &[HdSupport, SupervisorHd, QcTier2];

/// Who claims a ticket.
const CLAIMERS: &[Role] = &[HdSupport];

/// Who assigns and reassigns tickets, and keeps the kendala categories.
const DESK_SUPERVISORS: &[Role] = &[SupervisorHd];

/// Who records kendala and their follow-ups.
const ISSUE_WORKERS: &[Role] = &[HdSupport, SupervisorHd, QcTier2];

/// Every route helpdesk serves and who may call it.
pub const ROUTES: &[Route] = &[
    route(
        "GET",
        "/api/v1/helpdesk/channels",
        Access::Roles(DESK_READERS),
    ),
    // Activation tickets.
    route(
        "GET",
        "/api/v1/helpdesk/tickets",
        Access::Roles(TICKET_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/tickets",
        Access::Roles(TICKET_OPENERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/tickets/{id}",
        Access::Roles(TICKET_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/tickets/{id}/status",
        Access::Roles(TICKET_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/tickets/{id}/claim",
        Access::Roles(CLAIMERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/tickets/{id}/assign",
        Access::Roles(DESK_SUPERVISORS),
    ),
    // Kendala.
    route(
        "GET",
        "/api/v1/helpdesk/issue-categories",
        Access::Roles(ISSUE_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/issue-categories",
        Access::Roles(DESK_SUPERVISORS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/tickets/{id}/issues",
        Access::Roles(ISSUE_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/issues/{id}/followups",
        Access::Roles(ISSUE_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/issues/{id}/resolve",
        Access::Roles(ISSUE_WORKERS),
    ),
    // The SLA administration and the escalations.
    route(
        "GET",
        "/api/v1/helpdesk/calendars",
        Access::Roles(SLA_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/calendars/{code}",
        Access::Roles(SLA_ADMINS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/sla-policies",
        Access::Roles(SLA_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/sla-policies",
        Access::Roles(SLA_ADMINS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/escalation-ladder",
        Access::Roles(SLA_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/escalation-ladder",
        Access::Roles(SLA_ADMINS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/escalations",
        Access::Roles(ESCALATION_READERS),
    ),
    // The other channels' order lists: a file streamed through the gateway.
    route(
        "POST",
        "/api/v1/helpdesk/imports",
        Access::Roles(TICKET_OPENERS),
    )
    .upload(),
    route(
        "GET",
        "/api/v1/helpdesk/imports/{id}",
        Access::Roles(TICKET_OPENERS),
    ),
];
