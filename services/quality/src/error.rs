//! quality's one error type: what went wrong, with the cause. `api::error` maps it to a
//! problem in one place.

use tam_db::DbError;

use crate::domain::Rejection;

/// What a quality operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The domain refused the request (400, 403, 409 or 422).
    #[error("rejected: {0:?}")]
    Rejected(Rejection),
    /// No such object in the caller's scope (404); names what was looked for.
    #[error("{0} not found")]
    NotFound(&'static str),
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
