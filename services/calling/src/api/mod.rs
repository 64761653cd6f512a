//! calling's HTTP API: routes (the pattern strings are exactly those of
//! its `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod calls;
pub mod daily_counts;
pub mod error;
pub mod recordings;
pub mod schema;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// Registers every route of calling.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/calling/calls", web::post().to(calls::start))
        .route("/api/v1/calling/calls", web::get().to(calls::list))
        .route("/api/v1/calling/calls/{id}", web::get().to(calls::get))
        .route(
            "/api/v1/calling/calls/{id}/result",
            web::post().to(calls::record_result),
        )
        .route(
            "/api/v1/calling/calls/{id}/abandon",
            web::post().to(calls::abandon),
        )
        .route(
            "/api/v1/calling/calls/{id}/recording",
            web::put().to(recordings::put),
        )
        .route(
            "/api/v1/calling/calls/{id}/recording",
            web::get().to(recordings::get),
        )
        .route(
            "/api/v1/calling/daily-counts",
            web::get().to(daily_counts::daily_counts),
        );
}

pub(crate) use tam_runtime::request;

/// calling's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam calling",
        description = "Calls on claimed prospects, their results, and their recordings."
    ),
    paths(
        calls::start,
        calls::list,
        calls::get,
        calls::record_result,
        calls::abandon,
        recordings::put,
        recordings::get,
        daily_counts::daily_counts,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "calls", description = "calls, their results, closing a stuck one"),
        (name = "recordings", description = "the voice recording of a call"),
    )
)]
pub struct ApiDoc;
