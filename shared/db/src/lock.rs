//! Transaction-scoped advisory locks: the one way a service makes concurrent
//! transactions about the same thing take turns when there is no row to lock yet
//! (an event handled beside another about the same prospect or call, a first login).

use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// The statement behind [`lock_until_commit`], for connections diesel does not drive
/// (the DAPROS import's `tokio-postgres` transaction): bind the key as `$1` (text).
pub const LOCK_UNTIL_COMMIT_SQL: &str = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

/// Waits until no other transaction holds `key`, then holds it until this
/// transaction ends. Keys are namespaced by their caller (`"calling-claim:<id>"`);
/// a hash collision between two keys only makes them take turns needlessly.
pub async fn lock_until_commit(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(LOCK_UNTIL_COMMIT_SQL)
        .bind::<Text, _>(key)
        .execute(conn)
        .await?;
    Ok(())
}
