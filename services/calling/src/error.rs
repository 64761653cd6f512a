//! calling's one error type: what went wrong, with the cause. `api::error` maps it to a
//! problem in one place.

use tam_db::DbError;

use crate::domain::Rejection;

/// What a calling operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The domain refused the request (400, 403, 409 or 422).
    #[error("rejected: {0:?}")]
    Rejected(Rejection),
    /// No such object in the caller's scope (404); names what was looked for.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A recording that is not one of the accepted audio types (415).
    #[error("unsupported media type: {0}")]
    UnsupportedMedia(String),
    /// A recording over the size limit (413); the limit in bytes.
    #[error("recording larger than {0} bytes")]
    TooLarge(u64),
    /// The client's upload broke off (400).
    #[error("the upload broke off: {0}")]
    Upload(String),
    /// The database cannot be reached (503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The recordings store failed (503).
    #[error("recordings store: {0}")]
    Store(#[from] object_store::Error),
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
