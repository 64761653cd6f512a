//! quality's one error type: the failures every service shares
//! ([`tam_runtime::ServiceError`]); quality has none of its own, and `api::error` names
//! its unique constraints.

/// What a quality operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// quality's own failures besides the common ones: none.
#[derive(Debug, thiserror::Error)]
pub enum Own {}
