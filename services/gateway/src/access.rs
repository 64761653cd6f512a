//! The gateway's check of every `/api/v1` request against the policy table, before any
//! service (or the gateway's own routes) sees it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage as _, HttpResponse, ResponseError as _};
use tam_auth::{bearer_token, Access, Decision, Policy, Row, Verifier};
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
    // The row is found once here, in the indexed table; the proxy reads it from the
    // request's extensions.
    let Some(row) = shared.router().find(req.method().as_str(), path).copied() else {
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
    match decide(
        shared.verifier(),
        &row,
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

/// [`tam_auth::authorize_fetching_keys`] for the row already found: the same decision
/// (the unit tests compare the two), without the two scans of the table it makes to
/// find the row again. A token naming a key the gateway does not hold waits for the
/// keys to be fetched again (a site whose keys come from central's JWKS).
async fn decide(
    verifier: &Verifier,
    row: &Row,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> Decision {
    let access = row.route.access;
    if access == Access::Public {
        return Decision::Allow(None);
    }
    let token = bearer_token(authorization);
    if let Ok(token) = token {
        verifier.fetch_key_for(token).await;
    }
    let claims = match token.and_then(|token| verifier.verify(token)) {
        Ok(claims) => claims,
        Err(err) => {
            tracing::debug!(error = %err, %method, %path, "request refused: no valid token");
            return Decision::Deny(err.problem().with_instance(path));
        }
    };
    if !access.allows(Some(claims.role)) {
        tracing::debug!(role = %claims.role, %method, %path, "request refused: role not allowed");
        return Decision::Deny(Problem::forbidden().with_instance(path));
    }
    Decision::Allow(Some(claims))
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{decide, is_dot_segment};
    use std::time::Duration;
    use tam_auth::{route, Access, Policy, Route, Subject, TokenSettings, Verifier};
    use tam_kernel::Role;

    const ROUTES: &[Route] = &[
        route("GET", "/api/v1/open", Access::Public),
        route("GET", "/api/v1/any/{id}", Access::AnyRole),
        route("POST", "/api/v1/admins", Access::Roles(&[Role::Admin])),
    ];

    /// The gateway's decision for a row it found is the decision of
    /// `tam_auth::authorize_fetching_keys`, for every row and every kind of header:
    /// none, malformed, a valid token of an allowed role and of another, a revoked one.
    #[test]
    fn deciding_on_the_found_row_is_deciding_as_tam_auth() {
        let dir = std::env::temp_dir().join(format!("tam-gateway-{}", uuid::Uuid::now_v7()));
        tam_auth::generate_key_pair(&dir, "k1").unwrap();
        let verifier = Verifier::new(
            tam_auth::load_public_keys(&dir).unwrap(),
            "tam-hr",
            "tam-api",
        );
        let key = tam_auth::load_signing_key(&dir, "k1").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let settings = TokenSettings {
            issuer: "tam-hr".into(),
            audience: "tam-api".into(),
            access_ttl: Duration::from_secs(900),
        };
        let token = |role: Role| {
            let subject = Subject {
                id: uuid::Uuid::now_v7(),
                role,
                site: None,
                team: None,
            };
            tam_auth::issue_access_token(&key, &settings, &subject).unwrap()
        };
        let revoked_subject = uuid::Uuid::now_v7();
        let revoked = tam_auth::issue_access_token(
            &key,
            &settings,
            &Subject {
                id: revoked_subject,
                role: Role::Admin,
                site: None,
                team: None,
            },
        )
        .unwrap();
        // Remembered as verified first: the revocation must still refuse it.
        assert!(verifier.verify(&revoked).is_ok());
        verifier.deny_list().revoke(revoked_subject, i64::MAX / 2);
        let headers: Vec<Option<String>> = vec![
            None,
            Some(String::new()),
            Some("Bearer".into()),
            Some("Basic abc".into()),
            Some("Bearer not.a.jwt".into()),
            Some(format!("Bearer {}", token(Role::Admin))),
            Some(format!("bearer  {}", token(Role::Admin))),
            Some(format!("Bearer {} x", token(Role::Admin))),
            Some(format!("Bearer {}", token(Role::Agent))),
            Some(format!("Bearer {revoked}")),
        ];
        let policy = Policy::new([("hr", ROUTES)]).unwrap();
        for row in policy.rows() {
            let path = row.route.path.replace("{id}", "7");
            for header in &headers {
                let method = row.route.method;
                let ours = futures::executor::block_on(decide(
                    &verifier,
                    row,
                    method,
                    &path,
                    header.as_deref(),
                ));
                let theirs = futures::executor::block_on(tam_auth::authorize_fetching_keys(
                    &verifier,
                    &policy,
                    method,
                    &path,
                    header.as_deref(),
                ));
                assert_eq!(ours, theirs, "{method} {path} {header:?}");
            }
        }
    }

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
