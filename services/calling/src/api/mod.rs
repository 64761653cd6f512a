//! calling's HTTP API: routes (the pattern strings are exactly those of
//! `tam_auth::POLICY`), request and response types, and the OpenAPI document.

pub mod calls;
pub mod error;
pub mod recordings;
pub mod schema;

use actix_web::{web, HttpRequest};
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, PageRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::app::Request;
use crate::domain::scope::Actor;
use crate::domain::Fields;

/// The header whose value becomes the `correlation_id` of the events a request causes.
pub const REQUEST_ID: &str = "x-request-id";

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
            "/api/v1/calling/calls/{id}/recording",
            web::put().to(recordings::put),
        )
        .route(
            "/api/v1/calling/calls/{id}/recording",
            web::get().to(recordings::get),
        );
}

/// The caller of a request and its request id.
pub(crate) fn request(caller: &Caller, req: &HttpRequest) -> Request {
    Request {
        actor: Actor {
            id: caller.id,
            role: caller.role,
            site: caller.site,
            team: caller.team,
        },
        correlation_id: req
            .headers()
            .get(REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty() && value.len() <= 200)
            .map(str::to_owned),
    }
}

/// The `limit` and `cursor` of a list query, errors recorded in `f`.
pub(crate) fn parse_page(
    f: &mut Fields,
    limit: Option<&str>,
    cursor: Option<String>,
) -> Option<(Limit, Option<Cursor>)> {
    let limit = match limit {
        None => None,
        Some(v) => Some(
            f.check(
                "limit",
                v.trim()
                    .parse::<u32>()
                    .map_err(|_| "must be a whole number between 1 and 200".to_owned()),
            )?,
        ),
    };
    match (PageRequest { limit, cursor }).validate() {
        Ok(page) => Some(page),
        Err(problem) => {
            f.extend(problem.errors.iter().cloned());
            None
        }
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
        recordings::put,
        recordings::get,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "calls", description = "calls, their results"),
        (name = "recordings", description = "the voice recording of a call"),
    )
)]
pub struct ApiDoc;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_route_of_calling_is_documented_and_nothing_else() {
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
            .filter(|route| tam_auth::owning_service(route.path) == Some("calling"))
            .map(|route| (route.method.to_owned(), route.path.to_owned()))
            .collect();
        policy.sort();
        assert_eq!(documented, policy);
    }
}
