//! The one place where quality's errors become HTTP problems.

use tam_kernel::Problem;

use crate::error::Error;

impl From<Error> for Problem {
    fn from(err: Error) -> Self {
        match err {
            Error::Rejected(rejection) => rejection.into(),
            Error::NotFound(what) => Problem::not_found(format!("no such {what}")),
            Error::Unavailable(cause) => tam_runtime::problems::database_unavailable(&cause),
            Error::Db(err) => tam_runtime::problems::from_db(err, conflict_detail),
            Error::Internal(err) => Problem::internal_logged(&format_args!("{err:#}")),
        }
    }
}

/// What a clash with each of the service's unique constraints means, in words.
fn conflict_detail(constraint: &str) -> Option<&'static str> {
    Some(match constraint {
        "parameter_versions_program_version_key" => {
            "the parameters were changed at the same moment by someone else; read them and retry"
        }
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::Rejection;
    use tam_kernel::FieldError;

    #[test]
    fn rejections_map_to_their_statuses() {
        let cases = [
            (
                Rejection::Invalid(vec![FieldError::new("scores", "bad")]),
                400,
            ),
            (Rejection::rule("critical-item-failed", "x"), 422),
            (Rejection::Forbidden("no".into()), 403),
            (Rejection::Conflict("again".into()), 409),
        ];
        for (rejection, status) in cases {
            assert_eq!(Problem::from(rejection).status, status);
        }
        assert!(
            Problem::from(Rejection::rule("critical-item-failed", "x")).is("critical-item-failed")
        );
    }

    #[test]
    fn errors_map_to_their_statuses() {
        assert_eq!(Problem::from(Error::NotFound("task")).status, 404);
        assert_eq!(Problem::from(Error::Unavailable("down".into())).status, 503);
        assert_eq!(
            Problem::from(Error::Db(diesel::result::Error::NotFound)).status,
            500
        );
    }
}
