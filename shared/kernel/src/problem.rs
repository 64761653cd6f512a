//! RFC 9457 problem details: the one error body every TAM service returns over HTTP.
//!
//! A client (the gateway, another team's UI, a test) can rely on every non-2xx answer
//! being `application/problem+json` with a stable `type` URI it can branch on, the HTTP
//! `status`, a `title` naming the kind of problem and a `detail` a person can act on;
//! validation problems add an `errors` list naming each bad field.
//!
//! A service keeps its own error type with the cause and maps it to a [`Problem`] in one
//! place (STYLE.md); domain code never builds HTTP responses. The constructors below are
//! the statuses ARCHITECTURE.md assigns: 400 malformed, 401 no/bad token, 403 role not
//! allowed, 404 missing or out of scope, 409 state conflict, 422 rule violated, 429 rate
//! limited, and 5xx for our own or upstream failures (never for bad input).

use std::fmt;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};

/// The prefix of every problem `type` URI; the rest is a slug from [`slug`].
///
/// The URIs are identifiers, not links: they are stable across versions and
/// environments so clients can compare them. `tam.example` is reserved for documentation
/// use (RFC 2606 `.example`), so the URI can never point at someone else's page; the slug
/// list is documented in this module.
pub const PROBLEM_TYPE_BASE: &str = "https://tam.example/problems/";

/// The media type of a problem body (RFC 9457 §3).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The stable slugs of the problem types this crate defines. A 422 uses a slug naming
/// the business rule instead (chosen by the service, documented in its OpenAPI).
pub mod slug {
    /// 400: the request is wrong in a way no field list describes.
    pub const BAD_REQUEST: &str = "bad-request";
    /// 400: the body is not JSON or does not have the expected shape.
    pub const MALFORMED_BODY: &str = "malformed-body";
    /// 400: the query string does not have the expected shape.
    pub const INVALID_QUERY: &str = "invalid-query";
    /// 400: a path parameter does not have the expected shape.
    pub const INVALID_PATH: &str = "invalid-path";
    /// 400: one or more fields are invalid; `errors` names them.
    pub const VALIDATION: &str = "validation";
    /// 401: no token, or a token that is invalid or expired.
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// 403: the caller's role may not do this.
    pub const FORBIDDEN: &str = "forbidden";
    /// 404: missing, or outside the caller's scope.
    pub const NOT_FOUND: &str = "not-found";
    /// 405: the path exists, the method does not (`Allow` lists those that do).
    pub const METHOD_NOT_ALLOWED: &str = "method-not-allowed";
    /// 409: the object's state does not allow the change.
    pub const CONFLICT: &str = "conflict";
    /// 413: the body is larger than allowed.
    pub const PAYLOAD_TOO_LARGE: &str = "payload-too-large";
    /// 415: the body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported-media-type";
    /// 429: rate limited; `Retry-After` says when to come back.
    pub const RATE_LIMITED: &str = "rate-limited";
    /// 500: our fault; the cause is logged, never returned.
    pub const INTERNAL: &str = "internal";
    /// 502: an upstream service answered with an error or garbage.
    pub const BAD_GATEWAY: &str = "bad-gateway";
    /// 503: a dependency (database, broker, upstream) is unavailable.
    pub const SERVICE_UNAVAILABLE: &str = "service-unavailable";
    /// 504: an upstream service did not answer in time.
    pub const GATEWAY_TIMEOUT: &str = "gateway-timeout";
}

/// The full `type` URI for a slug.
pub fn type_uri(slug: &str) -> String {
    format!("{PROBLEM_TYPE_BASE}{slug}")
}

/// One invalid field of a validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field as the client wrote it (JSON member or query parameter name; a nested
    /// field as a dotted path, e.g. `customer.phone`).
    pub field: String,
    /// What is wrong with it, phrased so the client can fix it ("must be between 1 and 200").
    pub reason: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// The members of an RFC 9457 problem; reached through [`Problem`], which boxes it.
///
/// Serialized with the members `type`, `title`, `status`, `detail`, `instance` (only when
/// set) and `errors` (only when not empty). `retry_after_secs` is not part of the body:
/// it becomes the `Retry-After` header of a 429 or 503.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemDetails {
    /// `PROBLEM_TYPE_BASE` + a slug; what a client branches on.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the problem type; the same for every occurrence of a type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words a person can act on.
    pub detail: String,
    /// The request path (or another URI reference) of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The invalid fields of a validation problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds after which a 429 or 503 may be retried (`Retry-After`).
    #[serde(skip)]
    pub retry_after_secs: Option<u32>,
}

/// An RFC 9457 problem: the body and status of every error response, and the error
/// type of every handler.
///
/// The members live in a boxed [`ProblemDetails`] and are read and written through
/// `Deref` (`problem.status`, `problem.errors`). The box keeps `Problem` one pointer
/// wide, so `Result<_, Problem>` and service error enums that wrap it stay small (the
/// six members alone are 128 bytes, over clippy's `result_large_err` limit); an error
/// path can afford the allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problem(Box<ProblemDetails>);

const _: () = assert!(std::mem::size_of::<Problem>() == std::mem::size_of::<usize>());

impl std::ops::Deref for Problem {
    type Target = ProblemDetails;

    fn deref(&self) -> &ProblemDetails {
        &self.0
    }
}

impl std::ops::DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut ProblemDetails {
        &mut self.0
    }
}

impl From<ProblemDetails> for Problem {
    fn from(details: ProblemDetails) -> Self {
        Problem(Box::new(details))
    }
}

impl Problem {
    /// A problem of any type; prefer the named constructors.
    pub fn new(
        status: StatusCode,
        slug: &str,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        ProblemDetails {
            type_uri: type_uri(slug),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            instance: None,
            errors: Vec::new(),
            retry_after_secs: None,
        }
        .into()
    }

    /// The members, unboxed.
    pub fn into_details(self) -> ProblemDetails {
        *self.0
    }

    /// 400: the request is wrong in a way that is not about particular fields.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            slug::BAD_REQUEST,
            "Bad request",
            detail,
        )
    }

    /// 400: the body is not JSON or does not fit the expected shape.
    pub fn malformed_body(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            slug::MALFORMED_BODY,
            "Malformed request body",
            detail,
        )
    }

    /// 400: the query string does not fit the expected shape.
    pub fn invalid_query(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            slug::INVALID_QUERY,
            "Invalid query string",
            detail,
        )
    }

    /// 400: a path parameter does not fit the expected shape.
    pub fn invalid_path(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            slug::INVALID_PATH,
            "Invalid path parameter",
            detail,
        )
    }

    /// 400: the listed fields are invalid. The detail repeats them in one sentence for
    /// people who only read `detail`.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = if errors.is_empty() {
            "the request is invalid".to_owned()
        } else {
            let list: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.reason))
                .collect();
            format!("invalid fields: {}", list.join("; "))
        };
        let mut problem = Self::new(
            StatusCode::BAD_REQUEST,
            slug::VALIDATION,
            "Invalid request",
            detail,
        );
        problem.errors = errors;
        problem
    }

    /// 400 for a single invalid field.
    pub fn invalid_field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, reason)])
    }

    /// 401: no bearer token, or one that is invalid or expired. The response carries
    /// `WWW-Authenticate: Bearer` (RFC 6750).
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            slug::UNAUTHORIZED,
            "Authentication required",
            "a valid bearer token is required",
        )
    }

    /// 403: the caller is known but their role may not do this.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            slug::FORBIDDEN,
            "Forbidden",
            "your role is not allowed to do this",
        )
    }

    /// 404: the object does not exist or is outside the caller's scope (the two are not
    /// told apart, so that scope does not leak existence).
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, slug::NOT_FOUND, "Not found", detail)
    }

    /// 405: a known path with a method it does not have. The caller sets `Allow`.
    pub fn method_not_allowed(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            slug::METHOD_NOT_ALLOWED,
            "Method not allowed",
            detail,
        )
    }

    /// 409: the object's current state does not allow the change (e.g. a call already
    /// tapped, a duplicate import).
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, slug::CONFLICT, "Conflict", detail)
    }

    /// 413: the body is larger than the service accepts.
    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            slug::PAYLOAD_TOO_LARGE,
            "Payload too large",
            detail,
        )
    }

    /// 415: the body has the wrong content type.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            slug::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            detail,
        )
    }

    /// 422: the request is well-formed but breaks a business rule; `rule` is the rule's
    /// stable slug (e.g. `outside-operating-hours`, `in-pembinaan`) and becomes the type.
    pub fn unprocessable(rule: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            rule,
            "Business rule violated",
            detail,
        )
    }

    /// 429: rate limited; the response carries `Retry-After: <retry_after_secs>`.
    pub fn too_many_requests(retry_after_secs: u32) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            slug::RATE_LIMITED,
            "Too many requests",
            format!("rate limit exceeded; retry after {retry_after_secs} seconds"),
        )
        .with_retry_after(retry_after_secs)
    }

    /// 500 with a generic detail. The cause is never put in the body; log it where it is
    /// known, or use [`Problem::internal_logged`].
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            slug::INTERNAL,
            "Internal error",
            "an unexpected error occurred; it has been logged",
        )
    }

    /// [`Problem::internal`], after logging `cause` at error level.
    pub fn internal_logged(cause: &dyn fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::internal()
    }

    /// 502: an upstream service answered with an error or an unreadable answer.
    pub fn bad_gateway() -> Self {
        Self::new(
            StatusCode::BAD_GATEWAY,
            slug::BAD_GATEWAY,
            "Bad gateway",
            "an upstream service answered with an error",
        )
    }

    /// 503: a dependency is down; add [`Problem::with_retry_after`] when a wait is known.
    pub fn service_unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            slug::SERVICE_UNAVAILABLE,
            "Service unavailable",
            detail,
        )
    }

    /// 504: an upstream service did not answer in time.
    pub fn gateway_timeout() -> Self {
        Self::new(
            StatusCode::GATEWAY_TIMEOUT,
            slug::GATEWAY_TIMEOUT,
            "Gateway timeout",
            "an upstream service did not answer in time",
        )
    }

    /// Replaces the detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Sets `instance`, usually the request path.
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Sets the `Retry-After` seconds (sent on 429 and 503 only).
    #[must_use]
    pub fn with_retry_after(mut self, secs: u32) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// The slug of the type URI, or `None` if the type is not under [`PROBLEM_TYPE_BASE`].
    pub fn slug(&self) -> Option<&str> {
        self.type_uri.strip_prefix(PROBLEM_TYPE_BASE)
    }

    /// Whether the problem is of the type `slug`.
    pub fn is(&self, slug: &str) -> bool {
        self.slug() == Some(slug)
    }

    /// The status as an actix status code (500 if `status` is not a valid code).
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

impl std::error::Error for Problem {}

/// The body sent if the problem itself cannot be serialized (it always can; this keeps
/// the response a problem even so).
const FALLBACK_BODY: &str = r#"{"type":"https://tam.example/problems/internal","title":"Internal error","status":500,"detail":"an unexpected error occurred; it has been logged"}"#;

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        Problem::status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        let status = Problem::status_code(self);
        let body = match serde_json::to_vec(self) {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(error = %err, "could not serialize a problem");
                return HttpResponse::InternalServerError()
                    .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
                    .body(FALLBACK_BODY);
            }
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if let Some(secs) = self.retry_after_secs {
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
            {
                response.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(body)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;
    use serde_json::{json, Value};

    async fn respond(problem: &Problem) -> (StatusCode, actix_web::http::header::HeaderMap, Value) {
        let response = problem.error_response();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body()).await.unwrap();
        (status, headers, serde_json::from_slice(&bytes).unwrap())
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn json_members_are_exactly_the_rfc_names() {
        let problem = Problem::validation(vec![FieldError::new("limit", "must be positive")])
            .with_instance("/api/v1/calling/calls");
        let value = serde_json::to_value(&problem).unwrap();
        let mut names = keys(&value);
        names.sort_unstable();
        assert_eq!(
            names,
            vec!["detail", "errors", "instance", "status", "title", "type"]
        );
        assert_eq!(
            value,
            json!({
                "type": "https://tam.example/problems/validation",
                "title": "Invalid request",
                "status": 400,
                "detail": "invalid fields: limit: must be positive",
                "instance": "/api/v1/calling/calls",
                "errors": [{"field": "limit", "reason": "must be positive"}],
            })
        );
    }

    #[test]
    fn members_serialize_in_rfc_order() {
        let problem = Problem::invalid_field("cursor", "bad").with_instance("/x");
        let text = serde_json::to_string(&problem).unwrap();
        let order: Vec<usize> = [
            "\"type\"",
            "\"title\"",
            "\"status\"",
            "\"detail\"",
            "\"instance\"",
            "\"errors\"",
        ]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn empty_errors_and_missing_instance_are_omitted() {
        let value = serde_json::to_value(Problem::not_found("no such call")).unwrap();
        let mut names = keys(&value);
        names.sort_unstable();
        assert_eq!(names, vec!["detail", "status", "title", "type"]);
    }

    #[test]
    fn round_trips_through_json() {
        let problem =
            Problem::validation(vec![FieldError::new("a", "x"), FieldError::new("b", "y")]);
        let text = serde_json::to_string(&problem).unwrap();
        assert_eq!(serde_json::from_str::<Problem>(&text).unwrap(), problem);
        let minimal: Problem = serde_json::from_str(
            r#"{"type":"https://tam.example/problems/conflict","title":"Conflict","status":409,"detail":"d"}"#,
        )
        .unwrap();
        assert!(minimal.is(slug::CONFLICT));
        assert!(minimal.errors.is_empty());
    }

    #[test]
    fn constructors_set_status_and_type() {
        let cases = [
            (Problem::bad_request("x"), 400, slug::BAD_REQUEST),
            (Problem::malformed_body("x"), 400, slug::MALFORMED_BODY),
            (Problem::invalid_query("x"), 400, slug::INVALID_QUERY),
            (Problem::invalid_path("x"), 400, slug::INVALID_PATH),
            (Problem::validation(vec![]), 400, slug::VALIDATION),
            (Problem::unauthorized(), 401, slug::UNAUTHORIZED),
            (Problem::forbidden(), 403, slug::FORBIDDEN),
            (Problem::not_found("x"), 404, slug::NOT_FOUND),
            (Problem::conflict("x"), 409, slug::CONFLICT),
            (
                Problem::payload_too_large("x"),
                413,
                slug::PAYLOAD_TOO_LARGE,
            ),
            (
                Problem::unsupported_media_type("x"),
                415,
                slug::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                Problem::unprocessable("outside-operating-hours", "x"),
                422,
                "outside-operating-hours",
            ),
            (Problem::too_many_requests(30), 429, slug::RATE_LIMITED),
            (Problem::internal(), 500, slug::INTERNAL),
            (Problem::bad_gateway(), 502, slug::BAD_GATEWAY),
            (
                Problem::service_unavailable("x"),
                503,
                slug::SERVICE_UNAVAILABLE,
            ),
            (Problem::gateway_timeout(), 504, slug::GATEWAY_TIMEOUT),
        ];
        for (problem, status, slug) in cases {
            assert_eq!(problem.status, status, "{slug}");
            assert_eq!(
                problem.type_uri,
                format!("https://tam.example/problems/{slug}")
            );
            assert_eq!(problem.slug(), Some(slug));
            assert!(!problem.title.is_empty());
            assert!(!problem.detail.is_empty());
        }
    }

    #[test]
    fn problem_is_one_pointer_and_its_members_are_reachable() {
        assert_eq!(std::mem::size_of::<Problem>(), std::mem::size_of::<usize>());
        let mut problem = Problem::conflict("x");
        problem.detail = "call already tapped".into();
        assert_eq!(problem.status, 409);
        let details = problem.clone().into_details();
        assert_eq!(details.detail, "call already tapped");
        assert_eq!(Problem::from(details), problem);
    }

    #[test]
    fn internal_never_carries_a_cause() {
        let problem = Problem::internal_logged(&"connection refused to 10.0.0.3:5432");
        assert_eq!(problem, Problem::internal());
        assert!(!problem.detail.contains("10.0.0.3"));
    }

    #[test]
    fn display_is_status_title_detail() {
        assert_eq!(
            Problem::conflict("call already tapped").to_string(),
            "409 Conflict: call already tapped"
        );
        let err: Box<dyn std::error::Error> = Box::new(Problem::forbidden());
        assert!(err.to_string().starts_with("403"));
    }

    #[actix_web::test]
    async fn response_has_status_content_type_and_body() {
        let problem = Problem::not_found("no such work order");
        let (status, headers, body) = respond(&problem).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "application/problem+json"
        );
        assert!(headers.get(header::RETRY_AFTER).is_none());
        assert_eq!(body, serde_json::to_value(&problem).unwrap());
    }

    #[actix_web::test]
    async fn rate_limited_response_has_retry_after() {
        let (status, headers, body) = respond(&Problem::too_many_requests(42)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers.get(header::RETRY_AFTER).unwrap(), "42");
        assert_eq!(body["status"], 429);
    }

    #[actix_web::test]
    async fn unavailable_response_has_retry_after_only_when_set() {
        let (_, headers, _) = respond(&Problem::service_unavailable("database down")).await;
        assert!(headers.get(header::RETRY_AFTER).is_none());
        let (status, headers, _) =
            respond(&Problem::service_unavailable("database down").with_retry_after(5)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(headers.get(header::RETRY_AFTER).unwrap(), "5");
    }

    #[actix_web::test]
    async fn retry_after_is_not_sent_on_other_statuses() {
        let (_, headers, _) = respond(&Problem::conflict("x").with_retry_after(5)).await;
        assert!(headers.get(header::RETRY_AFTER).is_none());
    }

    #[actix_web::test]
    async fn unauthorized_response_asks_for_a_bearer_token() {
        let (status, headers, _) = respond(&Problem::unauthorized()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    }

    #[test]
    fn response_error_status_comes_from_the_struct() {
        let problem = Problem::unprocessable("in-pembinaan", "the employee is in pembinaan");
        assert_eq!(
            ResponseError::status_code(&problem),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let mut odd = Problem::internal();
        odd.status = 42;
        assert_eq!(odd.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn fallback_body_is_a_valid_internal_problem() {
        let fallback: Problem = serde_json::from_str(FALLBACK_BODY).unwrap();
        assert_eq!(fallback, Problem::internal());
    }
}
