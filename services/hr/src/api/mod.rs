//! hr's HTTP API: routes (the pattern strings are exactly those of its `policy::ROUTES`),
//! request and response types, and the OpenAPI document.

pub mod activation;
pub mod auth;
pub mod employees;
pub mod error;
pub mod schema;
pub mod teams;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// The JWK set served at `/api/v1/auth/jwks`.
#[derive(Debug, Clone)]
pub struct Jwks(pub serde_json::Value);

/// Registers every route of hr.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/login", web::post().to(auth::login))
        .route(
            "/api/v1/auth/password",
            web::post().to(auth::change_password),
        )
        .route("/api/v1/auth/refresh", web::post().to(auth::refresh))
        .route("/api/v1/auth/logout", web::post().to(auth::logout))
        .route(
            "/api/v1/auth/activate",
            web::post().to(activation::activate),
        )
        .route("/api/v1/auth/me", web::get().to(auth::me))
        .route("/api/v1/auth/logout-all", web::post().to(auth::logout_all))
        .route(
            "/api/v1/hr/employees/{id}/logout-all",
            web::post().to(auth::logout_employee),
        )
        .route("/api/v1/auth/jwks", web::get().to(auth::jwks))
        .route("/api/v1/hr/employees", web::post().to(employees::create))
        .route("/api/v1/hr/employees", web::get().to(employees::list))
        .route("/api/v1/hr/employees/{id}", web::get().to(employees::get))
        .route(
            "/api/v1/hr/employees/{id}",
            web::patch().to(employees::update),
        )
        .route(
            "/api/v1/hr/employees/{id}/deactivate",
            web::post().to(employees::deactivate),
        )
        .route(
            "/api/v1/hr/employees/{id}/activation",
            web::post().to(employees::reissue_activation),
        )
        .route("/api/v1/hr/teams", web::post().to(teams::create))
        .route("/api/v1/hr/teams", web::get().to(teams::list))
        .route("/api/v1/hr/teams/{id}", web::get().to(teams::get));
}

pub(crate) use tam_runtime::request;

/// hr's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam hr",
        description = "Employees (the users), teams, identity and login."
    ),
    paths(
        auth::login,
        auth::change_password,
        auth::refresh,
        auth::logout,
        activation::activate,
        auth::me,
        auth::logout_all,
        auth::logout_employee,
        auth::jwks,
        employees::create,
        employees::list,
        employees::get,
        employees::update,
        employees::deactivate,
        employees::reissue_activation,
        teams::create,
        teams::list,
        teams::get,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "login, tokens and the caller's own record"),
        (name = "employees", description = "employees, who are the users"),
        (name = "teams", description = "teams of agents under a team leader"),
    )
)]
pub struct ApiDoc;
