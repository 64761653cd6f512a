//! quality's HTTP API: routes (the pattern strings are exactly those of
//! its `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod daily_counts;
pub mod error;
pub mod mis_sales;
pub mod parameters;
pub mod reviews;
pub mod schema;
pub mod stats;
pub mod tasks;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// Registers every route of quality.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/api/v1/quality/parameters",
        web::get().to(parameters::list_current),
    )
    .route(
        "/api/v1/quality/parameters/{program}",
        web::get().to(parameters::get_current),
    )
    .route(
        "/api/v1/quality/parameters/{program}",
        web::put().to(parameters::replace),
    )
    .route(
        "/api/v1/quality/parameters/{program}/versions",
        web::get().to(parameters::versions),
    )
    .route("/api/v1/quality/tasks", web::get().to(tasks::list))
    .route("/api/v1/quality/tasks/claim", web::post().to(tasks::claim))
    .route("/api/v1/quality/tasks/{id}", web::get().to(tasks::get))
    .route(
        "/api/v1/quality/tasks/{id}/verdict",
        web::post().to(tasks::verdict),
    )
    .route("/api/v1/quality/reviews", web::get().to(reviews::list))
    .route(
        "/api/v1/quality/reviews/{id}/opinion",
        web::post().to(reviews::opinion),
    )
    .route(
        "/api/v1/quality/reviews/{id}/decision",
        web::post().to(reviews::decision),
    )
    .route(
        "/api/v1/quality/mis-sale-reviews",
        web::get().to(mis_sales::list),
    )
    .route(
        "/api/v1/quality/mis-sale-reviews/{id}/decision",
        web::post().to(mis_sales::decision),
    )
    .route("/api/v1/quality/score", web::get().to(stats::score))
    .route("/api/v1/quality/coverage", web::get().to(stats::coverage));
    cfg.route(
        "/api/v1/quality/daily-counts",
        web::get().to(daily_counts::daily_counts),
    );
}

pub(crate) use tam_runtime::request;

pub(crate) use tam_kernel::{parse_date as date, parse_uuid as id};

/// quality's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam quality",
        description = "Assessment parameters, tapping tasks and VALID/RETURN verdicts, QA \
                       verification, the Quality Validation Score and tapping coverage."
    ),
    paths(
        parameters::list_current,
        parameters::get_current,
        parameters::replace,
        parameters::versions,
        tasks::list,
        tasks::get,
        tasks::claim,
        tasks::verdict,
        reviews::list,
        reviews::opinion,
        reviews::decision,
        mis_sales::list,
        mis_sales::decision,
        stats::score,
        stats::coverage,
        daily_counts::daily_counts,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "parameters", description = "assessment parameter sets per program, versioned"),
        (name = "tasks", description = "tapping tasks: one per AGREE call"),
        (name = "reviews", description = "QA verification of QC verdicts, and mis-sale reviews \
                                          of calls from helpdesk's CABUT survey"),
        (name = "score", description = "the Quality Validation Score and tapping coverage"),
    )
)]
pub struct ApiDoc;
