//! The problems every service answers for its database's failures, in one place: the
//! services map their own errors and name their own unique constraints.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use tam_kernel::Problem;

/// 503 with `Retry-After`: the database (or its pool) cannot be reached.
pub fn database_unavailable(cause: &dyn std::fmt::Display) -> Problem {
    tracing::warn!(%cause, "database unavailable");
    Problem::service_unavailable("the database is unavailable; retry shortly").with_retry_after(5)
}

/// A failed query: a unique violation is 409, with the service's words for the
/// constraint (`conflict_detail`) or a general one; a lost connection 503; anything else
/// 500 (logged).
pub fn from_db(err: DieselError, conflict_detail: fn(&str) -> Option<&'static str>) -> Problem {
    match &err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Problem::conflict(
            info.constraint_name()
                .and_then(conflict_detail)
                .unwrap_or("the change conflicts with an existing record"),
        ),
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
            database_unavailable(&err)
        }
        _ => Problem::internal_logged(&err),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn failures_map_to_their_statuses() {
        assert_eq!(database_unavailable(&"down").status, 503);
        assert_eq!(from_db(DieselError::NotFound, |_| None).status, 500);
    }
}
