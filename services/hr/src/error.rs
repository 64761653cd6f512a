//! hr's one error type: what went wrong, with the cause. `api::error` maps it to a
//! problem in one place.

use tam_db::DbError;

use crate::domain::Rejection;

/// What an hr operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The domain refused the request (400, 403, 409 or 422).
    #[error("rejected: {0:?}")]
    Rejected(Rejection),
    /// No such object in the caller's scope (404); names what was looked for.
    #[error("{0} not found")]
    NotFound(&'static str),
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
    /// The database cannot be reached (503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A query failed; unique violations become 409, the rest 500.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    /// Anything else that is our fault (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<Rejection> for Error {
    fn from(rejection: Rejection) -> Self {
        Error::Rejected(rejection)
    }
}

impl From<DbError> for Error {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Unavailable(cause) => Error::Unavailable(cause),
            DbError::Query(err) => Error::Db(err),
        }
    }
}

impl From<tam_db::diesel_async::pooled_connection::deadpool::PoolError> for Error {
    fn from(err: tam_db::diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        Error::Unavailable(err.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
