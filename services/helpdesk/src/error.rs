//! helpdesk's one error type: the failures every service shares
//! ([`tam_runtime::ServiceError`]); helpdesk has none of its own yet.

use tam_kernel::Problem;
use tam_runtime::OwnError;

/// What a helpdesk operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// helpdesk's own failures besides the common ones: none.
#[derive(Debug, thiserror::Error)]
pub enum Own {}

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {}
    }
}
