//! Extractor configuration that turns actix's own extractor errors into problems.
//!
//! Without it, a malformed body, a bad query string or path parameter, or an unknown
//! route answers with actix's plain-text errors (or an empty 404). Every service
//! registers these once on its `App`:
//!
//! ```
//! use actix_web::{web, App};
//!
//! let app = App::new()
//!     .app_data(tam_kernel::json_config())
//!     .app_data(tam_kernel::query_config())
//!     .app_data(tam_kernel::path_config())
//!     .default_service(web::to(tam_kernel::route_not_found));
//! # drop(app);
//! ```

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde_json::error::Category;

use crate::nul::NulInBody;
use crate::problem::Problem;

impl Problem {
    /// The problem for a `web::Json` extraction failure: 415 for a wrong or missing
    /// content type, 413 for a body over the limit, 400 `malformed-body` with serde's
    /// message (which names the line and column, or the missing/unknown field) otherwise.
    pub fn from_json_error(err: &JsonPayloadError) -> Self {
        match err {
            JsonPayloadError::ContentType => {
                Problem::unsupported_media_type("the body must be JSON sent as `application/json`")
            }
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
                Problem::payload_too_large(err.to_string())
            }
            JsonPayloadError::Deserialize(serde_err) => {
                let detail = match serde_err.classify() {
                    Category::Data => {
                        format!("the body does not have the expected shape: {serde_err}")
                    }
                    Category::Syntax | Category::Eof | Category::Io => {
                        format!("the body is not valid JSON: {serde_err}")
                    }
                };
                Problem::malformed_body(detail)
            }
            // A NUL in a string, refused by `nul::refuse_nul` as the body streamed in.
            JsonPayloadError::Payload(payload_err)
                if NulInBody::from_payload_error(payload_err).is_some() =>
            {
                NulInBody::from_payload_error(payload_err)
                    .map_or_else(|| Problem::bad_request("invalid body"), NulInBody::problem)
            }
            JsonPayloadError::Payload(payload_err) => {
                Problem::bad_request(format!("could not read the request body: {payload_err}"))
            }
            other => Problem::malformed_body(other.to_string()),
        }
    }

    /// The problem for a `web::Query` extraction failure: 400 `invalid-query`.
    pub fn from_query_error(err: &QueryPayloadError) -> Self {
        match err {
            QueryPayloadError::Deserialize(de_err) => {
                Problem::invalid_query(format!("invalid query string: {de_err}"))
            }
            other => Problem::invalid_query(other.to_string()),
        }
    }

    /// The problem for a `web::Path` extraction failure: 400 `invalid-path`.
    pub fn from_path_error(err: &PathError) -> Self {
        match err {
            PathError::Deserialize(de_err) => {
                Problem::invalid_path(format!("invalid path parameter: {de_err}"))
            }
            other => Problem::invalid_path(other.to_string()),
        }
    }
}

/// `web::Json` configuration answering extraction errors with problems (see
/// [`Problem::from_json_error`]). Keeps actix's default body limit (2 MiB); chain
/// `.limit(..)` to change it.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().error_handler(|err, req| {
        Problem::from_json_error(&err)
            .with_instance(req.path())
            .into()
    })
}

/// `web::Query` configuration answering extraction errors with 400 `invalid-query`.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, req| {
        Problem::from_query_error(&err)
            .with_instance(req.path())
            .into()
    })
}

/// `web::Path` configuration answering extraction errors with 400 `invalid-path`.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, req| {
        Problem::from_path_error(&err)
            .with_instance(req.path())
            .into()
    })
}

/// A default service answering unknown routes with a 404 problem instead of actix's
/// empty 404.
pub async fn route_not_found(req: HttpRequest) -> HttpResponse {
    Problem::not_found(format!("no route for {} {}", req.method(), req.path()))
        .with_instance(req.path())
        .error_response()
}

/// The header that carries a request's id (set by the gateway, or kept from the client).
pub const REQUEST_ID: &str = "x-request-id";

/// Whether a request id may be kept, logged and passed on: 1 to 128 of
/// `[A-Za-z0-9-_.]`. A client writes the header, so anything else (quotes, spaces, line
/// breaks, a megabyte) never reaches a log line or an event.
pub fn sane_request_id(value: &[u8]) -> bool {
    !value.is_empty()
        && value.len() <= 128
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The request's id, which becomes the `correlation_id` of the events it causes; a
/// value that is not [`sane_request_id`] is ignored.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(REQUEST_ID)
        .filter(|value| sane_request_id(value.as_bytes()))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// The header with which the gateway tells a service the client's address as it
/// resolved it (`TAM_TRUSTED_PROXIES` applied); it replaces whatever a client sent. A
/// service believes it because only the gateway reaches the services.
pub const CLIENT_ADDRESS: &str = "x-real-ip";

/// The address a request comes from: the gateway's [`CLIENT_ADDRESS`], or the peer of
/// the connection when the request did not come through the gateway (or the header does
/// not hold an address).
pub fn client_address(req: &HttpRequest) -> Option<std::net::IpAddr> {
    req.headers()
        .get(CLIENT_ADDRESS)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
        .or_else(|| req.peer_addr().map(|peer| peer.ip()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::problem::slug;
    use actix_web::http::{header, StatusCode};
    use actix_web::{test, App};
    use serde::Deserialize;
    use uuid::Uuid;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        count: u32,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Filter {
        site: crate::Site,
    }

    async fn create(_body: web::Json<Body>) -> HttpResponse {
        HttpResponse::Created().finish()
    }

    async fn list(_query: web::Query<Filter>) -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    async fn get(_id: web::Path<Uuid>) -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    async fn call(req: test::TestRequest) -> (StatusCode, Option<String>, Problem) {
        let app = test::init_service(
            App::new()
                .app_data(json_config().limit(64))
                .app_data(query_config())
                .app_data(path_config())
                .route("/things", web::post().to(create))
                .route("/things", web::get().to(list))
                .route("/things/{id}", web::get().to(get))
                .default_service(web::to(route_not_found)),
        )
        .await;
        let response = test::call_service(&app, req.to_request()).await;
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = test::read_body(response).await;
        let problem: Problem = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("not a problem ({e}): {}", String::from_utf8_lossy(&body)));
        (status, content_type, problem)
    }

    fn post_json(body: &'static str) -> test::TestRequest {
        test::TestRequest::post()
            .uri("/things")
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload(body)
    }

    #[actix_web::test]
    async fn syntactically_broken_json_is_malformed_body() {
        let (status, content_type, problem) = call(post_json("{\"name\": ")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(problem.is(slug::MALFORMED_BODY));
        assert!(
            problem.detail.contains("not valid JSON"),
            "{}",
            problem.detail
        );
        assert_eq!(problem.instance.as_deref(), Some("/things"));
    }

    #[actix_web::test]
    async fn wrong_shape_is_malformed_body_with_serdes_message() {
        let (status, _, problem) = call(post_json(r#"{"name":"a"}"#)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(problem.is(slug::MALFORMED_BODY));
        assert!(
            problem.detail.contains("missing field `count`"),
            "{}",
            problem.detail
        );

        let (_, _, problem) = call(post_json(r#"{"name":"a","count":-1}"#)).await;
        assert!(
            problem.detail.contains("expected u32"),
            "{}",
            problem.detail
        );
    }

    #[actix_web::test]
    async fn wrong_content_type_is_415() {
        let req = test::TestRequest::post()
            .uri("/things")
            .insert_header((header::CONTENT_TYPE, "text/plain"))
            .set_payload(r#"{"name":"a","count":1}"#);
        let (status, content_type, problem) = call(req).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(problem.is(slug::UNSUPPORTED_MEDIA_TYPE));
    }

    #[actix_web::test]
    async fn body_over_the_limit_is_413() {
        let (status, _, problem) = call(post_json(
            r#"{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","count":1}"#,
        ))
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(problem.is(slug::PAYLOAD_TOO_LARGE));
    }

    #[actix_web::test]
    async fn bad_query_is_400_invalid_query_naming_the_valid_values() {
        let (status, content_type, problem) =
            call(test::TestRequest::get().uri("/things?site=jakarta")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(problem.is(slug::INVALID_QUERY));
        assert!(
            problem.detail.contains("unknown site `jakarta`"),
            "{}",
            problem.detail
        );
        assert!(problem.detail.contains("makassar"), "{}", problem.detail);
    }

    #[actix_web::test]
    async fn bad_path_is_400_invalid_path() {
        let (status, _, problem) = call(test::TestRequest::get().uri("/things/not-a-uuid")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(problem.is(slug::INVALID_PATH));
        assert_eq!(problem.instance.as_deref(), Some("/things/not-a-uuid"));
    }

    #[actix_web::test]
    async fn good_requests_pass() {
        let app = test::init_service(
            App::new()
                .app_data(json_config())
                .app_data(query_config())
                .route("/things", web::post().to(create))
                .route("/things", web::get().to(list)),
        )
        .await;
        let resp =
            test::call_service(&app, post_json(r#"{"name":"a","count":1}"#).to_request()).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/things?site=medan")
                .to_request(),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }

    #[actix_web::test]
    async fn unknown_route_is_a_404_problem() {
        let (status, content_type, problem) = call(test::TestRequest::get().uri("/nowhere")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(problem.is(slug::NOT_FOUND));
        assert_eq!(problem.detail, "no route for GET /nowhere");
    }

    #[::core::prelude::v1::test]
    fn request_ids_are_checked_before_anyone_logs_them() {
        assert!(sane_request_id(b"abc-DEF_1.2"));
        assert!(sane_request_id(&[b'a'; 128]));
        assert!(!sane_request_id(&[b'a'; 129]));
        assert!(!sane_request_id(b""));
        assert!(!sane_request_id(b"a b"));
        assert!(!sane_request_id(b"a\"<script>"));
        assert!(!sane_request_id(b"id\n{\"level\":\"ERROR\"}"));
    }
}
