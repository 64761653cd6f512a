//! hr's HTTP API: routes (the pattern strings are exactly those of `tam_auth::POLICY`),
//! request and response types, and the OpenAPI document.

pub mod auth;
pub mod employees;
pub mod error;
pub mod schema;
pub mod teams;

use actix_web::{web, HttpRequest};
use tam_auth::Caller;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::app::Request;
use crate::domain::scope::Actor;

/// The JWK set served at `/api/v1/auth/jwks`.
#[derive(Debug, Clone)]
pub struct Jwks(pub serde_json::Value);

/// The header whose value becomes the `correlation_id` of the events a request causes.
pub const REQUEST_ID: &str = "x-request-id";

/// Registers every route of hr.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/login", web::post().to(auth::login))
        .route(
            "/api/v1/auth/password",
            web::post().to(auth::change_password),
        )
        .route("/api/v1/auth/refresh", web::post().to(auth::refresh))
        .route("/api/v1/auth/logout", web::post().to(auth::logout))
        .route("/api/v1/auth/me", web::get().to(auth::me))
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
        .route("/api/v1/hr/teams", web::post().to(teams::create))
        .route("/api/v1/hr/teams", web::get().to(teams::list))
        .route("/api/v1/hr/teams/{id}", web::get().to(teams::get));
}

/// The caller of a request and its request id.
pub(crate) fn request(caller: &Caller, req: &HttpRequest) -> Request {
    Request {
        actor: Actor {
            id: caller.id,
            role: caller.role,
            site: caller.site,
        },
        correlation_id: req
            .headers()
            .get(REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty() && value.len() <= 200)
            .map(str::to_owned),
    }
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

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
        auth::me,
        auth::jwks,
        employees::create,
        employees::list,
        employees::get,
        employees::update,
        employees::deactivate,
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_route_of_hr_is_documented_and_nothing_else() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        let mut documented: Vec<(String, String)> = paths
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (method.to_uppercase(), path.clone()))
            })
            .collect();
        documented.sort();
        let mut policy: Vec<(String, String)> = tam_auth::POLICY
            .iter()
            .filter(|route| tam_auth::owning_service(route.path) == Some("hr"))
            .map(|route| (route.method.to_owned(), route.path.to_owned()))
            .collect();
        policy.sort();
        assert_eq!(documented, policy);
    }
}
