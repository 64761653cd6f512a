//! What hr's own failures answer, and what its unique constraints mean; the failures
//! every service shares are mapped by `tam_runtime::ServiceError`.

use actix_web::http::StatusCode;
use tam_kernel::Problem;
use tam_runtime::OwnError;

use crate::error::Own;

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

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {
            Own::InvalidCredentials => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_CREDENTIALS,
                "Invalid credentials",
                "the username or the password is wrong",
            ),
            Own::PasswordChangeRequired => Problem::new(
                StatusCode::FORBIDDEN,
                slug::PASSWORD_CHANGE_REQUIRED,
                "Password change required",
                "the password was set by HR and must be changed before it is used: \
                 POST /api/v1/auth/password",
            ),
            Own::Throttled { retry_after_secs } => Problem::too_many_requests(retry_after_secs)
                .with_detail(format!(
                "too many failed logins for this username; retry after {retry_after_secs} seconds"
            )),
            Own::InvalidRefreshToken => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_REFRESH_TOKEN,
                "Invalid refresh token",
                "the refresh token is unknown, expired or revoked; log in again",
            ),
            Own::InvalidActivationCode => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::INVALID_ACTIVATION_CODE,
                "Invalid activation code",
                "the username and activation code match no pending activation (the code \
                 is wrong, used or expired); ask HR for a new code",
            ),
            Own::Ineligible(failures) => {
                let list: Vec<String> = failures
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.reason))
                    .collect();
                let mut problem = Problem::unprocessable(
                    crate::domain::rules::APPLICANT_INELIGIBLE,
                    format!(
                        "the applicant does not meet the hiring rules: {}",
                        list.join("; ")
                    ),
                );
                problem.errors = failures;
                problem
            }
            Own::SessionExpired => Problem::new(
                StatusCode::UNAUTHORIZED,
                slug::SESSION_EXPIRED,
                "Session expired",
                "the session has reached its maximum lifetime and cannot be refreshed; \
                 log in again",
            ),
        }
    }

    fn conflict_detail(constraint: &str) -> Option<&'static str> {
        Some(match constraint {
            "employees_nik_key" => "an employee with this nik already exists",
            "employees_username_key" => "this username is already taken",
            "teams_site_name_key" => "a team with this name already exists at the site",
            "teams_team_leader_key" => "this team leader already leads a team",
            "activations_code_hash_key" => "an activation code clashed; try again",
            "applicants_nik_requisition_key" => {
                "an applicant with this nik already applied to this requisition"
            }
            "applicants_hired_employee_key" => "the applicant is already hired",
            _ => return None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn login_errors() {
        let problem = Problem::from(Error::from(Own::InvalidCredentials));
        assert_eq!(problem.status, 401);
        assert!(problem.is(slug::INVALID_CREDENTIALS));
        let problem = Problem::from(Error::from(Own::PasswordChangeRequired));
        assert_eq!(problem.status, 403);
        assert!(problem.is(slug::PASSWORD_CHANGE_REQUIRED));
        let problem = Problem::from(Error::from(Own::Throttled {
            retry_after_secs: 8,
        }));
        assert_eq!(problem.status, 429);
        assert_eq!(problem.retry_after_secs, Some(8));
    }

    #[test]
    fn token_and_activation_errors_are_401_with_their_own_types() {
        for (own, slug) in [
            (Own::InvalidRefreshToken, slug::INVALID_REFRESH_TOKEN),
            (Own::SessionExpired, slug::SESSION_EXPIRED),
            (Own::InvalidActivationCode, slug::INVALID_ACTIVATION_CODE),
        ] {
            let problem = Problem::from(Error::from(own));
            assert_eq!(problem.status, 401);
            assert!(problem.is(slug), "{slug}");
        }
    }

    #[test]
    fn hrs_constraints_are_named_in_words() {
        assert_eq!(
            Own::conflict_detail("employees_username_key"),
            Some("this username is already taken")
        );
        assert_eq!(Own::conflict_detail("some_other_key"), None);
    }
}
