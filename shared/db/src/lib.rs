//! Database access shared by every service: one diesel-async pool per service whose
//! connections live in the service's own schema, the service's embedded migrations,
//! and throw-away test databases cloned from a migrated template.

pub mod column;
mod lock;
mod migrations;
mod pool;
mod statement;
pub mod testing;
mod url;

pub use lock::{lock_until_commit, LOCK_UNTIL_COMMIT_SQL};
pub use migrations::{migrate, pending_versions, SchemaMigrations};
pub use pool::{connect, connect_pool, DbConn, DbError, DbPool, PoolSettings};
pub use statement::{Bind, Statement};
pub use url::with_database;

/// Re-exported so that services name one diesel-async and one diesel everywhere.
pub use diesel;
pub use diesel_async;
