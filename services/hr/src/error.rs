//! hr's one error type: the failures every service shares ([`tam_runtime::ServiceError`])
//! and hr's own ([`Own`]: login, tokens, activation). `api::error` says what hr's own
//! failures and constraints answer.

/// What an hr operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// hr's own failures, besides the common ones.
#[derive(Debug, thiserror::Error)]
pub enum Own {
    /// Unknown username or wrong password (401, the same answer for both).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The password is right but was set by HR and must be changed first (403).
    #[error("password change required")]
    PasswordChangeRequired,
    /// Too many failed logins for the username (429).
    #[error("login throttled for {retry_after_secs} s")]
    Throttled { retry_after_secs: u32 },
    /// The refresh token is unknown, expired, revoked or was reused (401).
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    /// The session (refresh token family) is older than the absolute session lifetime
    /// (401): log in again.
    #[error("session expired")]
    SessionExpired,
    /// The username and activation code match no pending activation: unknown, wrong,
    /// used or expired code, or an account no longer active (401, one answer for all).
    #[error("invalid activation code")]
    InvalidActivationCode,
    /// The applicant does not meet the hiring rules for the role (422
    /// `applicant-ineligible`): one entry per failing rule, under the applicant field it
    /// read, naming the rule and the value that failed it.
    #[error("applicant ineligible: {0:?}")]
    Ineligible(Vec<tam_kernel::FieldError>),
}
