//! What calling's own failures answer, and what its unique constraints mean; the
//! failures every service shares are mapped by `tam_runtime::ServiceError`.

use tam_kernel::Problem;
use tam_runtime::OwnError;

use crate::error::Own;

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {
            Own::UnsupportedMedia(detail) => Problem::unsupported_media_type(detail),
            Own::TooLarge(max) => Problem::payload_too_large(format!(
                "a recording may be at most {max} bytes (TAM_RECORDING_MAX_BYTES)"
            )),
            Own::Upload(detail) => Problem::bad_request(detail),
            Own::Store(err) => {
                tracing::warn!(error = %err, "recordings store failed");
                Problem::service_unavailable("the recordings store is unavailable; retry shortly")
                    .with_retry_after(5)
            }
        }
    }

    fn conflict_detail(constraint: &str) -> Option<&'static str> {
        Some(match constraint {
            "calls_one_per_claim" => {
                "a call was already made on this claim; take the next prospect"
            }
            "calls_one_open_per_prospect" => "a call is already open on this prospect",
            "recordings_pkey" => "the call already has a recording",
            "idempotency_keys_pkey" => {
                "a request with this Idempotency-Key is being answered; retry shortly"
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::{rules, Rejection};
    use crate::error::Error;

    #[test]
    fn errors_map_to_their_statuses() {
        let cases = [
            (Own::UnsupportedMedia("text/plain".into()).into(), 415),
            (Own::TooLarge(10).into(), 413),
            (Own::Upload("cut".into()).into(), 400),
            (
                Own::Store(object_store::Error::Generic {
                    store: "test",
                    source: "down".into(),
                })
                .into(),
                503,
            ),
            (Error::NotFound("call"), 404),
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

    #[test]
    fn a_replay_race_is_named_in_words() {
        assert!(Own::conflict_detail("idempotency_keys_pkey")
            .is_some_and(|detail| detail.contains("Idempotency-Key")));
        assert_eq!(Own::conflict_detail("some_other_key"), None);
    }
}
