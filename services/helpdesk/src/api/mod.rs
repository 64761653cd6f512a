//! helpdesk's HTTP API: routes (the pattern strings are exactly those of its
//! `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod cabut;
pub mod calendars;
pub mod channels;
pub mod daily_counts;
pub mod disruptions;
pub mod escalations;
pub mod import;
pub mod issues;
pub mod sla_policies;
pub mod tickets;
pub mod validation;

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
    // IT disruptions to IOC (§4.2.1).
    cfg.route(
        "/api/v1/helpdesk/disruptions",
        web::get().to(disruptions::list),
    )
    .route(
        "/api/v1/helpdesk/disruptions",
        web::post().to(disruptions::report),
    )
    .route(
        "/api/v1/helpdesk/disruptions/{id}",
        web::get().to(disruptions::get),
    )
    .route(
        "/api/v1/helpdesk/disruptions/{id}/status",
        web::post().to(disruptions::status),
    )
    .route(
        "/api/v1/helpdesk/disruptions/{id}/severity",
        web::post().to(disruptions::severity),
    )
    .route(
        "/api/v1/helpdesk/disruptions/{id}/updates",
        web::post().to(disruptions::update),
    );
    // QC Tier 2: sampling plans, checklists, the draw, the validations, the stats.
    cfg.route(
        "/api/v1/helpdesk/validation-plans",
        web::get().to(validation::plans),
    )
    .route(
        "/api/v1/helpdesk/validation-plans/{channel}",
        web::put().to(validation::put_plan),
    )
    .route(
        "/api/v1/helpdesk/validation-checklists",
        web::get().to(validation::checklists),
    )
    .route(
        "/api/v1/helpdesk/validation-checklists/{channel}",
        web::put().to(validation::put_checklist),
    )
    .route(
        "/api/v1/helpdesk/validation-samples/draw",
        web::post().to(validation::draw),
    )
    .route(
        "/api/v1/helpdesk/validations",
        web::get().to(validation::list),
    )
    .route(
        "/api/v1/helpdesk/validations/claim",
        web::post().to(validation::claim),
    )
    .route(
        "/api/v1/helpdesk/validations/{id}",
        web::get().to(validation::get),
    )
    .route(
        "/api/v1/helpdesk/validations/{id}/result",
        web::post().to(validation::result),
    )
    .route(
        "/api/v1/helpdesk/validation-stats",
        web::get().to(validation::stats),
    );
    cfg.route(
        "/api/v1/helpdesk/cabut/reasons",
        web::get().to(cabut::reasons),
    )
    .route(
        "/api/v1/helpdesk/cabut/reasons",
        web::put().to(cabut::put_reasons),
    )
    .route("/api/v1/helpdesk/cabut/cases", web::get().to(cabut::list))
    .route("/api/v1/helpdesk/cabut/cases", web::post().to(cabut::file))
    .route(
        "/api/v1/helpdesk/cabut/cases/claim",
        web::post().to(cabut::claim),
    )
    .route(
        "/api/v1/helpdesk/cabut/cases/{id}",
        web::get().to(cabut::get),
    )
    .route(
        "/api/v1/helpdesk/cabut/cases/{id}/attempts",
        web::post().to(cabut::attempt),
    )
    .route(
        "/api/v1/helpdesk/cabut/cases/{id}/survey",
        web::post().to(cabut::survey),
    )
    .route(
        "/api/v1/helpdesk/cabut/imports",
        web::post().to(cabut::import),
    )
    .route(
        "/api/v1/helpdesk/cabut/imports/{id}",
        web::get().to(cabut::get_import),
    )
    .route("/api/v1/helpdesk/cabut/stats", web::get().to(cabut::stats));
    cfg.route(
        "/api/v1/helpdesk/daily-counts",
        web::get().to(daily_counts::daily_counts),
    );
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
        disruptions::report,
        disruptions::list,
        disruptions::get,
        disruptions::status,
        disruptions::severity,
        disruptions::update,
        validation::plans,
        validation::put_plan,
        validation::checklists,
        validation::put_checklist,
        validation::draw,
        validation::list,
        validation::claim,
        validation::get,
        validation::result,
        validation::stats,
        cabut::reasons,
        cabut::put_reasons,
        cabut::list,
        cabut::file,
        cabut::claim,
        cabut::get,
        cabut::attempt,
        cabut::survey,
        cabut::import,
        cabut::get_import,
        cabut::stats,
        daily_counts::daily_counts,
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
        disruptions::DisruptionBody,
        disruptions::TimelineEntryBody,
        disruptions::DisruptionClockBody,
        disruptions::BreachBody,
        disruptions::DisruptionSlaBody,
        disruptions::DisruptionDetailBody,
        disruptions::DisruptionPage,
        disruptions::ReportRequest,
        disruptions::DisruptionStatusRequest,
        disruptions::SeverityRequest,
        disruptions::UpdateRequest,
        validation::PlanBody,
        validation::PlanList,
        validation::PlanRequest,
        validation::ChecklistItemBody,
        validation::ChecklistBody,
        validation::ChecklistList,
        validation::ChecklistItemRequest,
        validation::ChecklistRequest,
        validation::DrawRequest,
        validation::DrawBody,
        validation::ValidationBody,
        validation::AnswerBody,
        validation::ValidationDetailBody,
        validation::ValidationPage,
        validation::AnswerRequest,
        validation::ResultRequest,
        validation::ChannelMonthBody,
        validation::ValidationStats,
        cabut::SaleBody,
        cabut::AttemptBody,
        cabut::ReasonBody,
        cabut::CaseBody,
        cabut::CaseDetailBody,
        cabut::CasePage,
        cabut::CaseRequest,
        cabut::AttemptRequest,
        cabut::SurveyRequest,
        cabut::ReasonDefBody,
        cabut::TaxonomyBody,
        cabut::TaxonomyRequest,
        cabut::CabutImportErrorBody,
        cabut::CabutImportDuplicateBody,
        cabut::CabutImportCreatedBody,
        cabut::CabutImportBody,
        cabut::ReasonCountBody,
        cabut::StatsGroupBody,
        cabut::StatsBody,
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
        (name = "cabut", description = "QC Tier 2's CABUT survey: why customers cancel an \
                                        AddOn; cases, contact attempts, reasons, mis-sales"),
        (name = "imports", description = "The other channels' daily order lists (CSV), each \
                                          new order a ticket, with a row-level report"),
        (name = "disruptions", description = "IT disruptions of the sites escalated to IOC \
                                              (manual §4.2.1): report, severity, timeline, \
                                              SLA per severity, confirmation"),
        (name = "qc", description = "QC Tier 2: sampling plans and checklists per channel, the \
                                     draw, the validation of sampled activations, the stats")
    )
)]
pub struct ApiDoc;
