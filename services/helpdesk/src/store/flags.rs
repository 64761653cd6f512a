//! What the OBC consumer reads and writes of a ticket besides its status: whether it
//! has kendala, and its flag for HD Support.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::{issues, tickets};

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
