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

/// Who works the CABUT survey (files, claims, calls, records reasons) and reads its
/// cases: QC Tier 2 and their supervisor; the all-site managers read.
const CABUT_WORKERS: &[Role] = &[QcTier2, SupervisorHd];
const CABUT_READERS: &[Role] = &[QcTier2, SupervisorHd, Manager, Admin];
/// Who keeps the CABUT reason taxonomy.
const CABUT_OWNERS: &[Role] = &[SupervisorHd];
/// Who claims and surveys cases.
const CABUT_SURVEYORS: &[Role] = &[QcTier2];
/// Who reads the CABUT stats, each within their scope (`app::cabut::stats`).
const CABUT_STATS_READERS: &[Role] = &[
    QcTier2,
    SupervisorHd,
    Manager,
    Admin,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
];

/// Who reads QC Tier 2's plans, checklists, validations and stats: the desk and the
/// all-site managers.
const QC_READERS: &[Role] = &[QcTier2, SupervisorHd, HdSupport, Manager, Admin];
/// Who keeps the sampling plans and the checklists: the HD Support supervisor.
const QC_PLANNERS: &[Role] = &[SupervisorHd];
/// Who draws a period's sample (deterministic, so either may run it).
const QC_DRAWERS: &[Role] = &[SupervisorHd, QcTier2];
/// Who claims and validates sampled activations.
const QC_VALIDATORS: &[Role] = &[QcTier2];

/// Who reports IT disruptions to IOC: anyone at a site with operations duties
/// (`domain::disruption::REPORTERS`).
const DISRUPTION_REPORTERS: &[Role] = &[SupervisorOps, TeamLeader, Agent, Role::QcOfficer];

/// Who reads disruptions, each within their scope (`domain::disruption::disruption_scope`):
/// the reporting roles their own site's; IOC, its manager and the all-site managers all.
const DISRUPTION_READERS: &[Role] = &[
    SupervisorOps,
    TeamLeader,
    Agent,
    Role::QcOfficer,
    Ioc,
    Role::IocManager,
    Manager,
    Coordinator,
    Admin,
];

/// Who works disruptions: IOC and its manager.
const IOC_WORKERS: &[Role] = &[Ioc, Role::IocManager];

/// Who moves a disruption (which change each may make:
/// `domain::disruption::check_status_change`): IOC, and the site's operations
/// supervisor who confirms or reopens.
const DISRUPTION_MOVERS: &[Role] = &[Ioc, Role::IocManager, SupervisorOps];

/// Every route helpdesk serves and who may call it.
/// Who may read a day's counts (reporting's reconciliation, with its service account):
/// the all-site roles.
const DAILY_COUNT_READERS: &[Role] = &[Manager, Coordinator, Admin];

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
    // QC Tier 2's validation of activations.
    route(
        "GET",
        "/api/v1/helpdesk/validation-plans",
        Access::Roles(QC_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/validation-plans/{channel}",
        Access::Roles(QC_PLANNERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/validation-checklists",
        Access::Roles(QC_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/validation-checklists/{channel}",
        Access::Roles(QC_PLANNERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/validation-samples/draw",
        Access::Roles(QC_DRAWERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/validations",
        Access::Roles(QC_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/validations/claim",
        Access::Roles(QC_VALIDATORS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/validations/{id}",
        Access::Roles(QC_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/validations/{id}/result",
        Access::Roles(QC_VALIDATORS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/validation-stats",
        Access::Roles(QC_READERS),
    ),
    // QC Tier 2's CABUT survey.
    route(
        "GET",
        "/api/v1/helpdesk/cabut/reasons",
        Access::Roles(CABUT_READERS),
    ),
    route(
        "PUT",
        "/api/v1/helpdesk/cabut/reasons",
        Access::Roles(CABUT_OWNERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/cabut/cases",
        Access::Roles(CABUT_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/cabut/cases",
        Access::Roles(CABUT_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/cabut/cases/claim",
        Access::Roles(CABUT_SURVEYORS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/cabut/cases/{id}",
        Access::Roles(CABUT_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/cabut/cases/{id}/attempts",
        Access::Roles(CABUT_SURVEYORS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/cabut/cases/{id}/survey",
        Access::Roles(CABUT_SURVEYORS),
    ),
    // The client's cancellation lists: a file streamed through the gateway.
    route(
        "POST",
        "/api/v1/helpdesk/cabut/imports",
        Access::Roles(CABUT_WORKERS),
    )
    .upload(),
    route(
        "GET",
        "/api/v1/helpdesk/cabut/imports/{id}",
        Access::Roles(CABUT_WORKERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/cabut/stats",
        Access::Roles(CABUT_STATS_READERS),
    ),
    // IT disruptions to IOC (§4.2.1).
    route(
        "GET",
        "/api/v1/helpdesk/disruptions",
        Access::Roles(DISRUPTION_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/disruptions",
        Access::Roles(DISRUPTION_REPORTERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/disruptions/{id}",
        Access::Roles(DISRUPTION_READERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/status",
        Access::Roles(DISRUPTION_MOVERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/severity",
        Access::Roles(IOC_WORKERS),
    ),
    route(
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/updates",
        Access::Roles(IOC_WORKERS),
    ),
    route(
        "GET",
        "/api/v1/helpdesk/daily-counts",
        Access::Roles(DAILY_COUNT_READERS),
    ),
];
