//! reporting's one error type: the failures every service shares.

use tam_kernel::Problem;
use tam_runtime::OwnError;

/// What a reporting operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// reporting's own failures besides the common ones (none yet).
#[derive(Debug, thiserror::Error)]
pub enum Own {}

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {}
    }

    fn conflict_detail(_constraint: &str) -> Option<&'static str> {
        None
    }
}
