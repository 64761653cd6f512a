//! prospect's HTTP API: routes (the pattern strings are exactly those of
//! its `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod dnc;
pub mod error;
pub mod import;
pub mod prospects;
pub mod schema;
pub mod work_orders;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// Registers every route of prospect.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/api/v1/prospect/work-orders",
        web::post().to(work_orders::create),
    )
    .route(
        "/api/v1/prospect/work-orders",
        web::get().to(work_orders::list),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}",
        web::get().to(work_orders::get),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}",
        web::patch().to(work_orders::update),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/activate",
        web::post().to(work_orders::activate),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/close",
        web::post().to(work_orders::close),
    )
    .route("/api/v1/prospect/dnc", web::post().to(dnc::add))
    .route("/api/v1/prospect/dnc", web::get().to(dnc::list))
    .route("/api/v1/prospect/dnc/{number}", web::get().to(dnc::get))
    .route(
        "/api/v1/prospect/dnc/{number}/remove",
        web::post().to(dnc::remove),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/dapros",
        web::post().to(import::import),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/imports",
        web::get().to(import::list),
    )
    .route("/api/v1/prospect/imports/{id}", web::get().to(import::get))
    .route(
        "/api/v1/prospect/imports/{id}/rejected",
        web::get().to(import::rejected),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/distribute",
        web::post().to(prospects::distribute),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/progress",
        web::get().to(prospects::progress),
    )
    .route(
        "/api/v1/prospect/work-orders/{id}/prospects",
        web::get().to(prospects::list),
    )
    .route(
        "/api/v1/prospect/prospects/{id}",
        web::get().to(prospects::get),
    )
    .route("/api/v1/prospect/next", web::post().to(prospects::next));
}

pub(crate) use tam_runtime::request;

/// prospect's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam prospect",
        description = "Work orders, DAPROS import, the do-not-call list, distribution to \
                       agents and the agent's next customer."
    ),
    paths(
        work_orders::create,
        work_orders::list,
        work_orders::get,
        work_orders::update,
        work_orders::activate,
        work_orders::close,
        dnc::add,
        dnc::list,
        dnc::get,
        dnc::remove,
        import::import,
        import::list,
        import::get,
        import::rejected,
        prospects::distribute,
        prospects::progress,
        prospects::list,
        prospects::get,
        prospects::next,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "work-orders", description = "the client's orders for a campaign"),
        (name = "dnc", description = "numbers never to be called (suite-wide)"),
        (name = "imports", description = "DAPROS files imported into work orders"),
        (name = "prospects", description = "customers to call: distribution, the agent's next customer, progress"),
    )
)]
pub struct ApiDoc;
