//! The one error type of every service's operations and its one mapping to problems.
//!
//! Every service fails the same ways besides its own: the domain refuses the request,
//! the object is not in the caller's scope, the database cannot be reached, a query
//! fails, something else is our fault. Those arms, their `From` conversions and their
//! problems live here once; a service names only its own failures (`Own`, an enum of its
//! own, empty when it has none) and the words for its unique constraints, through
//! [`OwnError`]. A service writes `pub type Error = tam_runtime::ServiceError<Own>;` and
//! keeps writing `Error::NotFound("call")`, `Error::Rejected(..)`.

use tam_db::diesel_async::pooled_connection::deadpool::PoolError;
use tam_db::DbError;
use tam_kernel::{Problem, Rejection};

/// What a service's own failures answer, and what its unique constraints mean.
pub trait OwnError: std::error::Error + Send + Sync + 'static {
    /// The problem of one of the service's own failures.
    fn problem(self) -> Problem;

    /// What a clash with each of the service's unique constraints means, in words
    /// (`None`: the general "conflicts with an existing record").
    fn conflict_detail(_constraint: &str) -> Option<&'static str> {
        None
    }
}

/// What a service operation can fail with: the common arms, and `Own(E)` for the
/// service's own.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError<E> {
    /// The domain refused the request (400, 403, 409 or 422).
    #[error("rejected: {0:?}")]
    Rejected(Rejection),
    /// No such object in the caller's scope (404); names what was looked for.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The database cannot be reached (503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A query failed; unique violations become 409 (in the service's words), a lost
    /// connection 503, the rest 500.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    /// Anything else that is our fault (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
    /// One of the service's own failures.
    #[error(transparent)]
    Own(E),
}

impl<E: OwnError> From<E> for ServiceError<E> {
    fn from(own: E) -> Self {
        ServiceError::Own(own)
    }
}

impl<E> From<Rejection> for ServiceError<E> {
    fn from(rejection: Rejection) -> Self {
        ServiceError::Rejected(rejection)
    }
}

impl<E> From<DbError> for ServiceError<E> {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Unavailable(cause) => ServiceError::Unavailable(cause),
            DbError::Query(err) => ServiceError::Db(err),
        }
    }
}

impl<E> From<PoolError> for ServiceError<E> {
    fn from(err: PoolError) -> Self {
        ServiceError::Unavailable(err.to_string())
    }
}

impl<E: OwnError> From<ServiceError<E>> for Problem {
    fn from(err: ServiceError<E>) -> Self {
        match err {
            ServiceError::Rejected(rejection) => rejection.into(),
            ServiceError::NotFound(what) => Problem::not_found(format!("no such {what}")),
            ServiceError::Unavailable(cause) => crate::problems::database_unavailable(&cause),
            ServiceError::Db(err) => crate::problems::from_db(err, E::conflict_detail),
            ServiceError::Internal(err) => Problem::internal_logged(&format_args!("{err:#}")),
            ServiceError::Own(own) => own.problem(),
        }
    }
}

/// Who a request comes from (the verified caller) and its request id, for a use case.
pub fn request(caller: &tam_auth::Caller, req: &actix_web::HttpRequest) -> tam_kernel::Request {
    tam_kernel::Request {
        actor: tam_kernel::Actor {
            id: caller.id,
            role: caller.role,
            site: caller.site,
            team: caller.team,
        },
        correlation_id: tam_kernel::request_id(req),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind};
    use tam_kernel::FieldError;

    /// A service with one failure of its own and one named constraint.
    #[derive(Debug, thiserror::Error)]
    enum Own {
        #[error("too late")]
        TooLate,
    }

    impl OwnError for Own {
        fn problem(self) -> Problem {
            match self {
                Own::TooLate => Problem::new(StatusCode::GONE, "too-late", "Too late", "x"),
            }
        }

        fn conflict_detail(constraint: &str) -> Option<&'static str> {
            (constraint == "things_name_key").then_some("a thing with this name exists")
        }
    }

    type Error = ServiceError<Own>;

    struct Violation(&'static str);

    impl DatabaseErrorInformation for Violation {
        fn message(&self) -> &str {
            "duplicate key value violates unique constraint"
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            Some(self.0)
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn unique(constraint: &'static str) -> Error {
        Error::Db(diesel::result::Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new(Violation(constraint)),
        ))
    }

    #[test]
    fn the_common_failures_map_to_their_statuses() {
        let cases = [
            (
                Error::from(Rejection::Invalid(vec![FieldError::new("f", "x")])),
                400,
            ),
            (Error::from(Rejection::rule("some-rule", "x")), 422),
            (Error::from(Rejection::Forbidden("no".into())), 403),
            (Error::from(Rejection::Conflict("again".into())), 409),
            (Error::NotFound("thing"), 404),
            (Error::Unavailable("down".into()), 503),
            (Error::from(DbError::Unavailable("down".into())), 503),
            (Error::Db(diesel::result::Error::NotFound), 500),
            (Error::Internal(anyhow::anyhow!("bug")), 500),
        ];
        for (err, status) in cases {
            assert_eq!(Problem::from(err).status, status);
        }
        let problem = Problem::from(Error::NotFound("thing"));
        assert_eq!(problem.detail, "no such thing");
    }

    #[test]
    fn a_unique_violation_is_a_conflict_in_the_services_words() {
        let named = Problem::from(unique("things_name_key"));
        assert_eq!(named.status, 409);
        assert_eq!(named.detail, "a thing with this name exists");
        let other = Problem::from(unique("other_key"));
        assert_eq!(other.detail, "the change conflicts with an existing record");
    }

    #[test]
    fn the_services_own_failures_answer_its_own_problems() {
        let err = Error::from(Own::TooLate);
        assert_eq!(err.to_string(), "too late");
        let problem = Problem::from(err);
        assert_eq!(problem.status, 410);
        assert!(problem.is("too-late"));
    }
}
