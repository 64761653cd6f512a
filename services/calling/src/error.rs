//! calling's one error type: the failures every service shares
//! ([`tam_runtime::ServiceError`]) and calling's own ([`Own`]: recordings). `api::error`
//! says what calling's own failures and constraints answer.

/// What a calling operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// calling's own failures, besides the common ones.
#[derive(Debug, thiserror::Error)]
pub enum Own {
    /// A recording that is not one of the accepted audio types (415).
    #[error("unsupported media type: {0}")]
    UnsupportedMedia(String),
    /// A recording over the size limit (413); the limit in bytes.
    #[error("recording larger than {0} bytes")]
    TooLarge(u64),
    /// The client's upload broke off (400).
    #[error("the upload broke off: {0}")]
    Upload(String),
    /// The recordings store failed (503).
    #[error("recordings store: {0}")]
    Store(#[from] object_store::Error),
}
