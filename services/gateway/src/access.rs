//! The gateway's check of every `/api/v1` request against the policy table, before any
//! service (or the gateway's own routes) sees it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage as _, HttpResponse, ResponseError as _};
use tam_auth::{Decision, Policy, Row};
use tam_kernel::Problem;

use crate::Shared;

/// Answers the policy's problem (404, 401 or 403) or lets the request through with the
/// verified claims in its extensions.
pub async fn authorize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(shared) = req.app_data::<web::Data<Shared>>().cloned() else {
        let problem = Problem::internal_logged(&"the gateway's shared state is missing");
        return Ok(req.into_response(problem.error_response()));
    };
    let path = req.path();
    // A dot segment (even percent-encoded) would name one route here and maybe another
    // behind a normalizing server; no public route has one.
    if path.split('/').any(is_dot_segment) {
        let problem =
            Problem::not_found(format!("no route for {} {path}", req.method())).with_instance(path);
        return Ok(req.into_response(problem.error_response()));
    }
    // The row is found once here; the proxy reads it from the request's extensions.
    let Some(row) = shared.policy().find(req.method().as_str(), path).copied() else {
        let response = method_not_allowed(shared.policy(), &req).unwrap_or_else(|| {
            Problem::not_found(format!("no route for {} {path}", req.method()))
                .with_instance(path)
                .error_response()
        });
        return Ok(req.into_response(response));
    };
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    // A token naming a key the gateway does not hold waits for the keys to be fetched
    // again (a site whose keys come from central's JWKS).
    match tam_auth::authorize_fetching_keys(
        shared.verifier(),
        shared.policy(),
        req.method().as_str(),
        path,
        authorization,
    )
    .await
    {
        Decision::Allow(claims) => {
            {
                let mut extensions = req.extensions_mut();
                extensions.insert(Matched(row));
                if let Some(claims) = claims {
                    extensions.insert(claims);
                }
            }
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Decision::Deny(problem) => Ok(req.into_response(problem.error_response())),
    }
}

/// The policy row an authorized request matched, for the proxy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Matched(pub Row);

/// A path the policy knows with a method it does not have: `405` with `Allow` (RFC 9110
/// §15.5.6), before the token is looked at (the methods of a path are public, in the
/// API document). `None` when the path is unknown (404 follows). Asked only when no
/// route has the method and path.
fn method_not_allowed(policy: &Policy, req: &ServiceRequest) -> Option<HttpResponse> {
    let (method, path) = (req.method().as_str(), req.path());
    let allowed = policy.allowed_methods(path);
    if allowed.is_empty() {
        return None;
    }
    let mut response = Problem::method_not_allowed(format!("{path} does not take {method}"))
        .with_instance(path)
        .error_response();
    if let Ok(value) = header::HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    Some(response)
}

/// `.` or `..`, with any dot written as `%2e`.
fn is_dot_segment(segment: &str) -> bool {
    // Nearly every segment has neither: no allocation for those.
    if !segment.contains(['.', '%']) {
        return false;
    }
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}

#[cfg(test)]
mod tests {
    use super::is_dot_segment;

    #[test]
    fn dot_segments_are_recognised_however_written() {
        for dot in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(dot), "{dot}");
        }
        for not in ["", "...", "a.b", "%2e%2e%2e", "v1"] {
            assert!(!is_dot_segment(not), "{not}");
        }
    }
}
