//! The one place where calling's errors become HTTP problems.

use tam_kernel::Problem;

use crate::error::Error;

impl From<Error> for Problem {
    fn from(err: Error) -> Self {
        match err {
            Error::Rejected(rejection) => rejection.into(),
            Error::NotFound(what) => Problem::not_found(format!("no such {what}")),
            Error::UnsupportedMedia(detail) => Problem::unsupported_media_type(detail),
            Error::TooLarge(max) => Problem::payload_too_large(format!(
                "a recording may be at most {max} bytes (TAM_RECORDING_MAX_BYTES)"
            )),
            Error::Upload(detail) => Problem::bad_request(detail),
            Error::Unavailable(cause) => tam_runtime::problems::database_unavailable(&cause),
            Error::Store(err) => {
                tracing::warn!(error = %err, "recordings store failed");
                Problem::service_unavailable("the recordings store is unavailable; retry shortly")
                    .with_retry_after(5)
            }
            Error::Db(err) => tam_runtime::problems::from_db(err, conflict_detail),
            Error::Internal(err) => Problem::internal_logged(&format_args!("{err:#}")),
        }
    }
}

/// What a clash with each of the service's unique constraints means, in words.
fn conflict_detail(constraint: &str) -> Option<&'static str> {
    Some(match constraint {
        "calls_one_per_claim" => "a call was already made on this claim; take the next prospect",
        "calls_one_open_per_prospect" => "a call is already open on this prospect",
        "recordings_pkey" => "the call already has a recording",
        "idempotency_keys_pkey" => {
            "a request with this Idempotency-Key is being answered; retry shortly"
        }
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::{rules, Rejection};
    use tam_kernel::FieldError;

    #[test]
    fn errors_map_to_their_statuses() {
        let cases = [
            (
                Error::Rejected(Rejection::Invalid(vec![FieldError::new("outcome", "x")])),
                400,
            ),
            (
                Error::Rejected(Rejection::rule(rules::OUTSIDE_OPERATING_HOURS, "x")),
                422,
            ),
            (Error::Rejected(Rejection::Conflict("again".into())), 409),
            (Error::NotFound("call"), 404),
            (Error::UnsupportedMedia("text/plain".into()), 415),
            (Error::TooLarge(10), 413),
            (Error::Upload("cut".into()), 400),
            (Error::Unavailable("down".into()), 503),
            (Error::Db(diesel::result::Error::NotFound), 500),
        ];
        for (err, status) in cases {
            assert_eq!(Problem::from(err).status, status);
        }
        assert!(Problem::from(Error::Rejected(Rejection::rule(
            rules::OUTSIDE_OPERATING_HOURS,
            "x"
        )))
        .is(rules::OUTSIDE_OPERATING_HOURS));
    }
}
