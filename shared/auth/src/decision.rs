//! The decision the gateway and the services take on every request.

use tam_kernel::Problem;

use crate::claims::Claims;
use crate::policy::{Access, Policy};
use crate::tokens::{AuthError, Verifier};

/// Whether a request may proceed.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// It may: with the verified claims, or `None` for a public route.
    Allow(Option<Claims>),
    /// It may not: the problem to answer with (401, 403 or 404).
    Deny(Problem),
}

/// Decides a request from the one table, `policy`.
///
/// - No route for `method` and `path`: `Deny(404)`.
/// - A public route: `Allow(None)`; a token, if presented, is ignored (not verified).
/// - Otherwise `authorization` must be `Bearer <access token>` with a token `verifier`
///   accepts (else `Deny(401)`, or `Deny(503)` while the verifier has no keys), whose role the route allows (else `Deny(403)`); then
///   `Allow(Some(claims))`.
pub fn authorize(
    verifier: &Verifier,
    policy: &Policy,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> Decision {
    let Some(route) = policy.find(method, path).map(|row| row.route) else {
        return Decision::Deny(
            Problem::not_found(format!("no route for {method} {path}")).with_instance(path),
        );
    };
    if route.access == Access::Public {
        return Decision::Allow(None);
    }
    let claims = match bearer_token(authorization).and_then(|token| verifier.verify(token)) {
        Ok(claims) => claims,
        Err(err) => {
            tracing::debug!(error = %err, %method, %path, "request refused: no valid token");
            return Decision::Deny(err.problem().with_instance(path));
        }
    };
    if !route.access.allows(Some(claims.role)) {
        tracing::debug!(role = %claims.role, %method, %path, "request refused: role not allowed");
        return Decision::Deny(Problem::forbidden().with_instance(path));
    }
    Decision::Allow(Some(claims))
}

/// As [`authorize`], after letting `verifier` fetch the key of the token of a
/// non-public route when the token names a key it does not hold (a verifier whose keys
/// come from central's JWKS: see [`Verifier::fetch_key_for`]); the gateway and the
/// [`crate::Caller`] extractor decide with this.
pub async fn authorize_fetching_keys(
    verifier: &Verifier,
    policy: &Policy,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> Decision {
    let protected = policy
        .find(method, path)
        .is_some_and(|row| row.route.access != Access::Public);
    if protected {
        if let Ok(token) = bearer_token(authorization) {
            verifier.fetch_key_for(token).await;
        }
    }
    authorize(verifier, policy, method, path, authorization)
}

/// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme is
/// case-insensitive). The gateway reads the header with it too.
pub fn bearer_token(authorization: Option<&str>) -> Result<&str, AuthError> {
    let value = authorization.ok_or(AuthError::Missing)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(AuthError::Malformed)?;
    let token = token.trim_start_matches(' ');
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.contains(' ') {
        return Err(AuthError::Malformed);
    }
    Ok(token)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::testing::{header, payload, sign, TempDir};
    use serde_json::json;

    struct Fixture {
        _dir: TempDir,
        verifier: Verifier,
        policy: Policy,
        der: Vec<u8>,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = TempDir::with_keys(&["k1"]);
            Self {
                verifier: dir.verifier(),
                policy: crate::policy::tests::table(),
                der: dir.private_der("k1"),
                _dir: dir,
            }
        }

        fn bearer(&self, role: &str) -> String {
            let mut claims = payload();
            claims["role"] = json!(role);
            format!("Bearer {}", sign(&header("k1"), &claims, &self.der))
        }

        fn decide(&self, method: &str, path: &str, authorization: Option<&str>) -> Decision {
            authorize(&self.verifier, &self.policy, method, path, authorization)
        }

        fn status(&self, method: &str, path: &str, authorization: Option<&str>) -> u16 {
            match self.decide(method, path, authorization) {
                Decision::Allow(_) => 200,
                Decision::Deny(problem) => problem.status,
            }
        }
    }

    #[test]
    fn an_unknown_route_is_404_whatever_the_token() {
        let fx = Fixture::new();
        let admin = fx.bearer("admin");
        for (method, path) in [
            ("GET", "/api/v1/hr/nothing"),
            ("DELETE", "/api/v1/hr/employees/x"),
            ("GET", "/api/v1/auth/login"),
            ("GET", "/health/live"),
        ] {
            let Decision::Deny(problem) = fx.decide(method, path, Some(&admin)) else {
                panic!("{method} {path} allowed");
            };
            assert_eq!(problem.status, 404);
            assert!(problem.is("not-found"), "{problem:?}");
            assert_eq!(problem.instance.as_deref(), Some(path));
        }
    }

    #[test]
    fn a_public_route_ignores_the_token() {
        let fx = Fixture::new();
        for authorization in [
            None,
            Some("Bearer garbage"),
            Some("Basic x"),
            Some(&*fx.bearer("agent")),
        ] {
            assert_eq!(
                fx.decide("POST", "/api/v1/auth/login", authorization),
                Decision::Allow(None)
            );
        }
    }

    #[test]
    fn a_protected_route_without_a_valid_bearer_token_is_401() {
        let fx = Fixture::new();
        let token = fx.bearer("admin");
        let raw = token.strip_prefix("Bearer ").unwrap();
        for authorization in [
            None,
            Some(""),
            Some("Bearer"),
            Some("Bearer "),
            Some("Bearer garbage"),
            Some(raw),
            Some(&*format!("Basic {raw}")),
            Some(&*format!("Bearer {raw} extra")),
            Some(&*format!("Bearer{raw}")),
        ] {
            let Decision::Deny(problem) = fx.decide("GET", "/api/v1/auth/me", authorization) else {
                panic!("{authorization:?} allowed");
            };
            assert_eq!(problem.status, 401, "{authorization:?}");
            assert!(problem.is("unauthorized"), "{problem:?}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        let fx = Fixture::new();
        let token = fx.bearer("agent");
        let raw = token.strip_prefix("Bearer ").unwrap();
        for authorization in [format!("bearer {raw}"), format!("BEARER  {raw}")] {
            assert_eq!(
                fx.status("GET", "/api/v1/auth/me", Some(&authorization)),
                200,
                "{authorization}"
            );
        }
    }

    #[test]
    fn a_role_the_route_does_not_list_is_403() {
        let fx = Fixture::new();
        let agent = fx.bearer("agent");
        let Decision::Deny(problem) = fx.decide("POST", "/api/v1/hr/employees", Some(&agent))
        else {
            panic!("agent may create employees");
        };
        assert_eq!(problem.status, 403);
        assert!(problem.is("forbidden"), "{problem:?}");
        assert_eq!(fx.status("GET", "/api/v1/hr/teams", Some(&agent)), 403);
        assert_eq!(
            fx.status("GET", "/api/v1/hr/teams", Some(&fx.bearer("ioc"))),
            403
        );
    }

    #[test]
    fn an_allowed_role_gets_its_claims() {
        let fx = Fixture::new();
        let Decision::Allow(Some(claims)) = fx.decide(
            "POST",
            "/api/v1/hr/employees",
            Some(&fx.bearer("hr_recruiter")),
        ) else {
            panic!("hr_recruiter may not create employees");
        };
        assert_eq!(claims.role, tam_kernel::Role::HrRecruiter);
        assert_eq!(
            fx.status("GET", "/api/v1/auth/me", Some(&fx.bearer("ioc"))),
            200
        );
        assert_eq!(
            fx.status("GET", "/api/v1/hr/employees/x", Some(&fx.bearer("agent"))),
            200
        );
    }

    #[test]
    fn an_expired_token_says_to_refresh() {
        let fx = Fixture::new();
        let mut claims = payload();
        claims["exp"] = json!(crate::testing::now() - 3600);
        let authorization = format!("Bearer {}", sign(&header("k1"), &claims, &fx.der));
        let Decision::Deny(problem) = fx.decide("GET", "/api/v1/auth/me", Some(&authorization))
        else {
            panic!("expired token allowed");
        };
        assert_eq!(problem.status, 401);
        assert!(problem.detail.contains("expired"), "{problem:?}");
    }
}
