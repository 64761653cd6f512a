//! prospect's one error type: the failures every service shares
//! ([`tam_runtime::ServiceError`]); prospect has none of its own, and `api::error` names
//! its unique constraints.

/// What a prospect operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// prospect's own failures besides the common ones: none.
#[derive(Debug, thiserror::Error)]
pub enum Own {}
