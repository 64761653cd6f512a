//! The verified caller, as an actix extractor for service handlers.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};
use tam_kernel::{Problem, Role, RoleScope, Site};
use uuid::Uuid;

use crate::claims::Claims;
use crate::decision::{authorize_fetching_keys, Decision};
use crate::policy::Policy;
use crate::tokens::Verifier;

/// The verified caller of a non-public route.
///
/// Extracting it runs [`authorize`] on the request (method, path, `Authorization`
/// header) with the app's `web::Data<Verifier>` and `web::Data<Policy>` (the runtime puts
/// both there): a handler that takes a `Caller` is only reached by a caller whose token
/// is valid and whose role the policy allows for the route. A refused request gets the
/// 401/403/404 problem. Without a verifier or a policy in the app data, or on a public route (whose handlers must not ask for a caller), extraction
/// fails with a 500 problem: both are programming errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The employee id.
    pub id: Uuid,
    /// The employee's role.
    pub role: Role,
    /// The employee's site, for site-bound roles.
    pub site: Option<Site>,
    /// The employee's team, where one applies.
    pub team: Option<Uuid>,
}

impl Caller {
    /// How far the caller sees: the scope of their role.
    pub fn scope(&self) -> RoleScope {
        self.role.scope()
    }
}

impl From<Claims> for Caller {
    fn from(claims: Claims) -> Self {
        Self {
            id: claims.sub,
            role: claims.role,
            site: claims.site,
            team: claims.team,
        }
    }
}

impl FromRequest for Caller {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Problem>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { caller(&req).await })
    }
}

async fn caller(req: &HttpRequest) -> Result<Caller, Problem> {
    let Some(verifier) = req.app_data::<web::Data<Verifier>>() else {
        return Err(Problem::internal_logged(
            &"no web::Data<Verifier> in the app data: the Caller extractor cannot verify tokens",
        ));
    };
    let Some(policy) = req.app_data::<web::Data<Policy>>() else {
        return Err(Problem::internal_logged(
            &"no web::Data<Policy> in the app data: the Caller extractor cannot check the route",
        ));
    };
    // A header that is not visible ASCII cannot hold a bearer token: read it as empty,
    // which is malformed (401), rather than as absent.
    let authorization = req
        .headers()
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or_default());
    match authorize_fetching_keys(
        verifier,
        policy,
        req.method().as_str(),
        req.path(),
        authorization,
    )
    .await
    {
        Decision::Allow(Some(claims)) => Ok(Caller::from(claims)),
        Decision::Allow(None) => Err(Problem::internal_logged(&format_args!(
            "the handler of public route {} {} asks for a Caller",
            req.method(),
            req.path()
        ))),
        Decision::Deny(problem) => Err(problem),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::testing::{header, payload, sign, TempDir};
    use actix_web::http::header::CONTENT_TYPE;
    use actix_web::http::StatusCode;
    use actix_web::{test, App, HttpResponse};
    use serde_json::{json, Value};

    async fn whoami(caller: Caller) -> HttpResponse {
        HttpResponse::Ok().json(json!({
            "id": caller.id,
            "role": caller.role,
            "site": caller.site,
            "team": caller.team,
            "scope": caller.scope(),
        }))
    }

    fn app(
        verifier: Option<Verifier>,
    ) -> App<
        impl actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        let app = App::new()
            .app_data(web::Data::new(crate::policy::tests::table()))
            .route("/api/v1/hr/employees/{id}", web::get().to(whoami))
            .route("/api/v1/hr/employees", web::post().to(whoami))
            .route("/api/v1/auth/login", web::post().to(whoami));
        match verifier {
            Some(verifier) => app.app_data(web::Data::new(verifier)),
            None => app,
        }
    }

    async fn call(
        verifier: Option<Verifier>,
        req: test::TestRequest,
    ) -> (StatusCode, Option<String>, Value) {
        let service = test::init_service(app(verifier)).await;
        let response = test::call_service(&service, req.to_request()).await;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned());
        let body: Value = test::read_body_json(response).await;
        (status, content_type, body)
    }

    fn bearer(dir: &TempDir, claims: &Value) -> (actix_web::http::header::HeaderName, String) {
        let token = sign(&header("k1"), claims, &dir.private_der("k1"));
        (AUTHORIZATION, format!("Bearer {token}"))
    }

    #[actix_web::test]
    async fn a_caller_with_an_allowed_role_reaches_the_handler() {
        let dir = TempDir::with_keys(&["k1"]);
        let claims = payload();
        let req = test::TestRequest::get()
            .uri("/api/v1/hr/employees/abc")
            .insert_header(bearer(&dir, &claims));
        let (status, _, body) = call(Some(dir.verifier()), req).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body,
            json!({
                "id": claims["sub"],
                "role": "agent",
                "site": "bandung",
                "team": claims["team"],
                "scope": "own",
            })
        );
    }

    #[actix_web::test]
    async fn no_token_is_a_401_problem() {
        let dir = TempDir::with_keys(&["k1"]);
        let req = test::TestRequest::get().uri("/api/v1/hr/employees/abc");
        let (status, content_type, body) = call(Some(dir.verifier()), req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert_eq!(body["status"], 401);
    }

    #[actix_web::test]
    async fn a_non_ascii_header_is_a_401_problem() {
        let dir = TempDir::with_keys(&["k1"]);
        let value = actix_web::http::header::HeaderValue::from_bytes(b"Bearer \xff").unwrap();
        let req = test::TestRequest::get()
            .uri("/api/v1/hr/employees/abc")
            .insert_header((AUTHORIZATION, value));
        let (status, _, _) = call(Some(dir.verifier()), req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    #[actix_web::test]
    async fn a_role_not_allowed_is_a_403_problem() {
        let dir = TempDir::with_keys(&["k1"]);
        let req = test::TestRequest::post()
            .uri("/api/v1/hr/employees")
            .insert_header(bearer(&dir, &payload()));
        let (status, _, body) = call(Some(dir.verifier()), req).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["status"], 403);
    }

    #[actix_web::test]
    async fn without_a_verifier_or_on_a_public_route_it_is_a_500() {
        let dir = TempDir::with_keys(&["k1"]);
        let req = test::TestRequest::get()
            .uri("/api/v1/hr/employees/abc")
            .insert_header(bearer(&dir, &payload()));
        let (status, _, _) = call(None, req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let req = test::TestRequest::post()
            .uri("/api/v1/auth/login")
            .insert_header(bearer(&dir, &payload()));
        let (status, _, body) = call(Some(dir.verifier()), req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["status"], 500);
    }
}
