//! prospect's HTTP API: routes (the pattern strings are exactly those of
//! `tam_auth::POLICY`), request and response types, and the OpenAPI document.

pub mod dnc;
pub mod error;
pub mod import;
pub mod prospects;
pub mod schema;
pub mod work_orders;

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
    .route(
        "/api/v1/prospect/dnc/{number}",
        web::delete().to(dnc::remove),
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

/// prospect's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam prospect",
        description = "Work orders, the do-not-call list, and (next) DAPROS import and \
                       distribution to agents."
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_route_of_prospect_is_documented_and_nothing_else() {
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
            .filter(|route| tam_auth::owning_service(route.path) == Some("prospect"))
            .map(|route| (route.method.to_owned(), route.path.to_owned()))
            .collect();
        policy.sort();
        assert_eq!(documented, policy);
    }
}
