//! What the OBC consumer reads and writes of a ticket besides its status: whether it
//! has kendala, and its flag for HD Support.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::{issues, sale_reversals, tickets};

/// How many kendala (open or resolved) the ticket has.
pub async fn issue_count(conn: &mut AsyncPgConnection, ticket_id: Uuid) -> crate::Result<i64> {
    Ok(issues::table
        .filter(issues::ticket_id.eq(ticket_id))
        .count()
        .get_result(conn)
        .await?)
}

/// Flags the ticket for HD Support with `reason` (the caller holds the row lock and
/// appends the `flagged` history entry).
pub async fn flag(
    conn: &mut AsyncPgConnection,
    ticket_id: Uuid,
    reason: &str,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(tickets::table.find(ticket_id))
        .set((tickets::flag_reason.eq(reason), tickets::updated_at.eq(at)))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that prospect took back the sale of `call_id` at `revision` (the highest
/// revision is kept).
pub async fn record_reversal(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    revision: u32,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    // The highest revision wins, whatever the order the corrections are read in.
    diesel::sql_query(
        "INSERT INTO sale_reversals (call_id, revision, reason, reverted_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (call_id) DO UPDATE SET revision = EXCLUDED.revision, \
         reason = EXCLUDED.reason, reverted_at = EXCLUDED.reverted_at \
         WHERE sale_reversals.revision < EXCLUDED.revision",
    )
    .bind::<diesel::sql_types::Uuid, _>(call_id)
    .bind::<diesel::sql_types::Integer, _>(tam_db::column::int(revision))
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(reason)
    .bind::<diesel::sql_types::Timestamptz, _>(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The highest revision at which the sale of `call_id` was taken back, if it was.
pub async fn reversal(conn: &mut AsyncPgConnection, call_id: Uuid) -> crate::Result<Option<u32>> {
    let revision: Option<i32> = sale_reversals::table
        .find(call_id)
        .select(sale_reversals::revision)
        .first(conn)
        .await
        .optional()?;
    Ok(revision.and_then(|r| u32::try_from(r).ok()))
}
