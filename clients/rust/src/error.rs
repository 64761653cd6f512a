//! What a call can fail with: the API's problem (RFC 9457, the services' own
//! [`tam_kernel::Problem`] type, field errors included), the transport, or a body that
//! does not decode.

use reqwest::StatusCode;

/// The API's problem+json body, deserialized into the type every service answers with
/// (no second copy of it): `type`, `title`, `status`, `detail`, `instance` and the field
/// errors (`errors[].field`, `errors[].reason`) through `Deref`.
pub use tam_kernel::{FieldError, Problem, ProblemDetails};

/// Everything a client call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with a problem (4xx/5xx). A non-problem error body (a proxy's
    /// HTML page) becomes a problem of type `about:blank` with the body as its detail.
    #[error("{} {}: {}", .0.status, .0.title, .0.detail)]
    Problem(Problem),
    /// The request did not reach the API or its answer did not arrive.
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The answer arrived but is not the documented body.
    #[error("{method} {path}: the {status} answer does not decode: {reason}")]
    Decode {
        method: String,
        path: String,
        status: u16,
        reason: String,
    },
    /// A file to upload (or save a download to) could not be read or written.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The call needs a session and there is none (never logged in, or logged out).
    #[error("not logged in")]
    NotLoggedIn,
    /// The base URL and a path do not make a URL.
    #[error("bad url: {0}")]
    Url(String),
}

impl ClientError {
    /// The problem, if the API answered with one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Problem(p) => Some(p),
            _ => None,
        }
    }

    /// The HTTP status of the API's answer, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Problem(p) => StatusCode::from_u16(p.status).ok(),
            ClientError::Decode { status, .. } => StatusCode::from_u16(*status).ok(),
            _ => None,
        }
    }

    /// The problem type's slug (`"validation"`, `"not-found"`, ...): the last path
    /// segment of `type`, what a caller branches on.
    pub fn slug(&self) -> Option<&str> {
        self.problem()
            .map(|p| p.type_uri.rsplit('/').next().unwrap_or(&p.type_uri))
    }

    /// The reason given for `field`, if the problem names it.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.problem()?
            .errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.reason.as_str())
    }
}

/// A problem from an error answer's status and body (a problem+json body when it is
/// one, else `about:blank` carrying the body).
pub(crate) fn problem_from(status: StatusCode, body: &[u8]) -> Problem {
    if let Ok(problem) = serde_json::from_slice::<Problem>(body) {
        return problem;
    }
    ProblemDetails {
        type_uri: "about:blank".to_owned(),
        title: status
            .canonical_reason()
            .unwrap_or("Unknown status")
            .to_owned(),
        status: status.as_u16(),
        detail: String::from_utf8_lossy(&body[..body.len().min(2000)]).into_owned(),
        instance: None,
        errors: Vec::new(),
        retry_after_secs: None,
    }
    .into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_body_keeps_its_field_errors() {
        let body = br#"{"type":"https://tam.example/problems/validation","title":"Invalid request",
            "status":422,"detail":"2 fields are invalid","instance":"/api/v1/hr/teams",
            "errors":[{"field":"name","reason":"must not be empty"}]}"#;
        let error = ClientError::Problem(problem_from(StatusCode::UNPROCESSABLE_ENTITY, body));
        assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
        assert_eq!(error.slug(), Some("validation"));
        assert_eq!(error.field_error("name"), Some("must not be empty"));
        assert_eq!(
            error.problem().unwrap().instance.as_deref(),
            Some("/api/v1/hr/teams")
        );
    }

    #[test]
    fn a_body_that_is_no_problem_becomes_about_blank() {
        let p = problem_from(StatusCode::BAD_GATEWAY, b"<html>down</html>");
        assert_eq!(p.type_uri, "about:blank");
        assert_eq!(p.status, 502);
        assert_eq!(p.detail, "<html>down</html>");
    }
}
