//! helpdesk's HTTP API: routes (the pattern strings are exactly those of its
//! `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod calendars;
pub mod channels;
pub mod escalations;
pub mod import;
pub mod issues;
pub mod sla_policies;
pub mod tickets;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

pub(crate) use tam_runtime::request;

/// Registers every route of helpdesk.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/helpdesk/channels", web::get().to(channels::list));
    cfg.route("/api/v1/helpdesk/tickets", web::get().to(tickets::list))
        .route("/api/v1/helpdesk/tickets", web::post().to(tickets::open))
        .route("/api/v1/helpdesk/tickets/{id}", web::get().to(tickets::get))
        .route(
            "/api/v1/helpdesk/tickets/{id}/status",
            web::post().to(tickets::status),
        )
        .route(
            "/api/v1/helpdesk/tickets/{id}/claim",
            web::post().to(tickets::claim),
        )
        .route(
            "/api/v1/helpdesk/tickets/{id}/assign",
            web::post().to(tickets::assign),
        )
        .route(
            "/api/v1/helpdesk/tickets/{id}/issues",
            web::post().to(issues::open),
        )
        .route(
            "/api/v1/helpdesk/issue-categories",
            web::get().to(issues::categories),
        )
        .route(
            "/api/v1/helpdesk/issue-categories",
            web::post().to(issues::put_category),
        )
        .route(
            "/api/v1/helpdesk/issues/{id}/followups",
            web::post().to(issues::follow_up),
        )
        .route(
            "/api/v1/helpdesk/issues/{id}/resolve",
            web::post().to(issues::resolve),
        );
    cfg.route("/api/v1/helpdesk/calendars", web::get().to(calendars::list));
    cfg.route(
        "/api/v1/helpdesk/calendars/{code}",
        web::put().to(calendars::put),
    );
    cfg.route(
        "/api/v1/helpdesk/sla-policies",
        web::get().to(sla_policies::list),
    )
    .route(
        "/api/v1/helpdesk/sla-policies",
        web::put().to(sla_policies::replace),
    );
    cfg.route(
        "/api/v1/helpdesk/escalation-ladder",
        web::get().to(sla_policies::ladder),
    )
    .route(
        "/api/v1/helpdesk/escalation-ladder",
        web::put().to(sla_policies::replace_ladder),
    );
    cfg.route(
        "/api/v1/helpdesk/escalations",
        web::get().to(escalations::list),
    );
    cfg.route("/api/v1/helpdesk/imports", web::post().to(import::import))
        .route("/api/v1/helpdesk/imports/{id}", web::get().to(import::get));
}

/// helpdesk's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam helpdesk",
        description = "HD Support: AddOn activation tickets from every sales channel, their \
                       kendala, business-hours SLAs and escalation."
    ),
    paths(
        channels::list,
        tickets::list,
        tickets::open,
        tickets::get,
        tickets::status,
        tickets::claim,
        tickets::assign,
        issues::categories,
        issues::put_category,
        issues::open,
        issues::follow_up,
        issues::resolve,
        calendars::list,
        calendars::put,
        sla_policies::list,
        sla_policies::replace,
        sla_policies::ladder,
        sla_policies::replace_ladder,
        escalations::list,
        import::import,
        import::get,
    ),
    components(schemas(
        channels::ChannelBody,
        channels::ChannelList,
        tickets::TicketBody,
        tickets::HistoryBody,
        tickets::SpanBody,
        tickets::ClockBody,
        tickets::SlaBody,
        tickets::TicketDetailBody,
        tickets::TicketPage,
        tickets::OpenTicketRequest,
        tickets::StatusRequest,
        tickets::AssignRequest,
        issues::CategoryBody,
        issues::CategoryList,
        issues::FollowupBody,
        issues::IssueBody,
        issues::CategoryRequest,
        issues::IssueRequest,
        issues::FollowupRequest,
        issues::ResolveRequest,
        calendars::IntervalDoc,
        calendars::WeekDoc,
        calendars::ExceptionDoc,
        calendars::CalendarVersionDoc,
        calendars::CalendarBody,
        calendars::CalendarList,
        calendars::CalendarPut,
        sla_policies::TargetsDoc,
        sla_policies::SlaPolicyDoc,
        sla_policies::SlaPolicies,
        sla_policies::LevelDoc,
        sla_policies::EscalationLadder,
        escalations::EscalationBody,
        escalations::EscalationList,
        import::ImportReportBody,
        import::ImportErrorBody,
        import::ImportDuplicateBody,
        import::ImportOpenedBody,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "channels", description = "The sales channels of AddOns the desk follows"),
        (name = "tickets", description = "AddOn activation tickets: opening, status, SLA, claim, \
                                          assignment, queues"),
        (name = "issues", description = "Kendala: activation problems, their categories and \
                                         follow-ups"),
        (name = "sla", description = "Business-hours calendars, SLA policies, the escalation \
                                      ladder and the escalations fired"),
        (name = "imports", description = "The other channels' daily order lists (CSV), each \
                                          new order a ticket, with a row-level report")
    )
)]
pub struct ApiDoc;
