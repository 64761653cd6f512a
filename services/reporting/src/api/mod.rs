//! reporting's HTTP API: routes (the pattern strings are exactly those of its
//! `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod cabut_reasons;
pub mod charts;
pub mod packs;
pub mod params;
pub mod reconciliation;
pub mod reports;

use std::sync::Arc;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use tam_db::DbPool;
use tam_runtime::Config;
use utoipa::OpenApi;

pub(crate) use tam_runtime::request;

/// What every handler reads (`web::Data<Reporting>`).
pub struct Reporting {
    /// The pool on reporting's schema.
    pub pool: DbPool,
    pub config: Arc<Config>,
}

/// Registers every route of reporting.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/reporting/kpis", web::get().to(reports::kpis));
    cfg.route(
        "/api/v1/reporting/outbound",
        web::get().to(reports::outbound),
    )
    .route("/api/v1/reporting/quality", web::get().to(reports::quality))
    .route(
        "/api/v1/reporting/activation",
        web::get().to(reports::activation),
    )
    .route(
        "/api/v1/reporting/disruptions",
        web::get().to(reports::disruptions),
    )
    .route(
        "/api/v1/reporting/workforce",
        web::get().to(reports::workforce),
    );
    // Reconciliation (api::reconciliation).
    cfg.route(
        "/api/v1/reporting/reconciliation",
        web::get().to(reconciliation::check),
    )
    .route(
        "/api/v1/reporting/reconciliation/runs",
        web::get().to(reconciliation::runs),
    );
    // The CABUT reasons breakdown of the activation report (api::cabut_reasons).
    cfg.route(
        "/api/v1/reporting/cabut-reasons",
        web::get().to(cabut_reasons::cabut_reasons),
    );
    // Charts and scheduled packs (api::charts, api::packs).
    cfg.route(
        "/api/v1/reporting/charts/{kpi}",
        web::get().to(charts::chart),
    )
    .route("/api/v1/reporting/packs", web::get().to(packs::list))
    .route(
        "/api/v1/reporting/packs/{id}",
        web::get().to(packs::download),
    );
}

/// reporting's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam reporting",
        description = "KPIs of agents, teams, sites and programs from every event: the \
                       KPI definitions, the family reports (JSON, CSV, XLSX), charts, \
                       scheduled packs and reconciliation."
    ),
    paths(
        reports::kpis,
        reports::outbound,
        reports::quality,
        reports::activation,
        reports::disruptions,
        reports::workforce,
        reconciliation::check,
        reconciliation::runs,
        cabut_reasons::cabut_reasons,
        charts::chart,
        packs::list,
        packs::download,
    ),
    components(schemas(
        reports::KpiList,
        reports::ReportBody,
        reports::RowBody,
        crate::kpi::KpiDef,
        crate::kpi::Unit,
        crate::kpi::Better,
        crate::kpi::Target,
        crate::kpi::GroupKey,
        crate::reconcile::Reconciliation,
        crate::reconcile::Figure,
        crate::reconcile::Run,
        reconciliation::RunList,
        cabut_reasons::CabutReasons,
        crate::families::activation::CabutReasonRow,
        packs::PackList,
        crate::packs::store::PackInfo,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "reconciliation", description = "Reporting's totals of a day against the \
                                                 source services' own counts"),
        (name = "reports", description = "The KPI definitions and the family reports, \
                                          scoped to the caller, by period and grouping, \
                                          as JSON, CSV or XLSX"),
        (name = "charts", description = "A KPI's daily trend against its target, as PNG or SVG"),
        (name = "packs", description = "Scheduled daily, weekly and monthly XLSX packs per site and for management")
    )
)]
pub struct ApiDoc;
