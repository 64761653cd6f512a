//! The one place where hr's errors become HTTP problems.

use actix_web::http::StatusCode;
use tam_kernel::Problem;

use crate::error::Error;

/// Problem type slugs of hr's own (non-422) problems.
pub mod slug {
    /// 401 from login or password change: unknown username or wrong password.
    pub const INVALID_CREDENTIALS: &str = "invalid-credentials";
    /// 403 from login: the password was set by HR and must be changed first.
    pub const PASSWORD_CHANGE_REQUIRED: &str = "password-change-required";
    /// 401 from refresh: the refresh token is not (or no longer) valid.
    pub const INVALID_REFRESH_TOKEN: &str = "invalid-refresh-token";
    /// 401 from refresh: the session is older than the absolute session lifetime.
    pub const SESSION_EXPIRED: &str = "session-expired";
    /// 401 from activation: no pending activation has this username and code.
    pub const INVALID_ACTIVATION_CODE: &str = "invalid-activation-code";
}

impl From<Error> for Problem {
    fn from(err: Error) -> Self {
        match err {
            Error::Rejected(rejection) => rejection.into(),
            Error::NotFound(what) => Problem::not_found(format!("no such {what}")),
            Error::InvalidCredentials => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_CREDENTIALS,
                "Invalid credentials",
                "the username or the password is wrong",
            ),
            Error::PasswordChangeRequired => Problem::new(
                StatusCode::FORBIDDEN,
                slug::PASSWORD_CHANGE_REQUIRED,
                "Password change required",
                "the password was set by HR and must be changed before it is used: \
                 POST /api/v1/auth/password",
            ),
            Error::Throttled { retry_after_secs } => Problem::too_many_requests(retry_after_secs)
                .with_detail(format!(
                "too many failed logins for this username; retry after {retry_after_secs} seconds"
            )),
            Error::InvalidRefreshToken => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_REFRESH_TOKEN,
                "Invalid refresh token",
                "the refresh token is unknown, expired or revoked; log in again",
            ),
            Error::InvalidActivationCode => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_ACTIVATION_CODE,
                "Invalid activation code",
                "the username and activation code match no pending activation (the code \
                 is wrong, used or expired); ask HR for a new code",
            ),
            Error::SessionExpired => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::SESSION_EXPIRED,
                "Session expired",
                "the session has reached its maximum lifetime and cannot be refreshed; \
                 log in again",
            ),
            Error::Unavailable(cause) => tam_runtime::problems::database_unavailable(&cause),
            Error::Db(err) => tam_runtime::problems::from_db(err, conflict_detail),
            Error::Internal(err) => Problem::internal_logged(&format_args!("{err:#}")),
        }
    }
}

/// What a clash with each of the service's unique constraints means, in words.
fn conflict_detail(constraint: &str) -> Option<&'static str> {
    Some(match constraint {
        "employees_nik_key" => "an employee with this nik already exists",
        "employees_username_key" => "this username is already taken",
        "teams_site_name_key" => "a team with this name already exists at the site",
        "teams_team_leader_key" => "this team leader already leads a team",
        "activations_code_hash_key" => "an activation code clashed; try again",
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
            (Rejection::Invalid(vec![FieldError::new("nik", "bad")]), 400),
            (Rejection::rule("program-not-at-site", "x"), 422),
            (Rejection::Forbidden("no".into()), 403),
            (Rejection::Conflict("again".into()), 409),
        ];
        for (rejection, status) in cases {
            assert_eq!(Problem::from(rejection).status, status);
        }
        let problem = Problem::from(Rejection::rule("team-mismatch", "x"));
        assert!(problem.is("team-mismatch"));
    }

    #[test]
    fn login_errors() {
        let problem = Problem::from(Error::InvalidCredentials);
        assert_eq!(problem.status, 401);
        assert!(problem.is(slug::INVALID_CREDENTIALS));
        let problem = Problem::from(Error::PasswordChangeRequired);
        assert_eq!(problem.status, 403);
        assert!(problem.is(slug::PASSWORD_CHANGE_REQUIRED));
        let problem = Problem::from(Error::Throttled {
            retry_after_secs: 8,
        });
        assert_eq!(problem.status, 429);
        assert_eq!(problem.retry_after_secs, Some(8));
        assert_eq!(Problem::from(Error::NotFound("team")).status, 404);
        assert_eq!(Problem::from(Error::Unavailable("down".into())).status, 503);
    }
}
