//! The roster: employees as hr last announced them (written only by the consumer).

use chrono::{DateTime, Utc};
use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::roster::RosterEntry;

/// Writes `entry` as of `as_of` (the event's time), unless a later event already wrote
/// the employee: events may arrive out of order, the newest state wins.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    entry: &RosterEntry,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO agents (employee_id, role, site, program, team_id, status, as_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (employee_id) DO UPDATE SET
             role = EXCLUDED.role, site = EXCLUDED.site, program = EXCLUDED.program,
             team_id = EXCLUDED.team_id, status = EXCLUDED.status, as_of = EXCLUDED.as_of,
             updated_at = now()
         WHERE agents.as_of <= EXCLUDED.as_of",
    )
    .bind::<SqlUuid, _>(entry.employee_id)
    .bind::<Text, _>(entry.role.as_str())
    .bind::<Nullable<Text>, _>(entry.site.map(|s| s.as_str()))
    .bind::<Nullable<Text>, _>(entry.program.map(|p| p.as_str()))
    .bind::<Nullable<SqlUuid>, _>(entry.team_id)
    .bind::<Text, _>(&entry.status)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}
