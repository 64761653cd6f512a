//! The do-not-call list.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit};
use uuid::Uuid;

use super::schema::dnc_numbers;
use crate::domain::dnc::{DncEntry, NewDnc};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = dnc_numbers, check_for_backend(Pg))]
struct DncRow {
    id: Uuid,
    number: String,
    reason: String,
    added_by: Uuid,
    added_at: DateTime<Utc>,
}

impl From<DncRow> for DncEntry {
    fn from(r: DncRow) -> Self {
        DncEntry {
            id: r.id,
            number: r.number,
            reason: r.reason,
            added_by: r.added_by,
            added_at: r.added_at,
        }
    }
}

/// Adds the number unless it is listed already: `(entry, true)` when added now,
/// `(the existing entry, false)` otherwise.
pub async fn add(
    conn: &mut AsyncPgConnection,
    new: &NewDnc,
    added_by: Uuid,
) -> crate::Result<(DncEntry, bool)> {
    let inserted: Option<DncRow> = diesel::insert_into(dnc_numbers::table)
        .values((
            dnc_numbers::id.eq(tam_kernel::new_id()),
            dnc_numbers::number.eq(&new.number),
            dnc_numbers::reason.eq(&new.reason),
            dnc_numbers::added_by.eq(added_by),
        ))
        .on_conflict(dnc_numbers::number)
        .do_nothing()
        .returning(DncRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    if let Some(row) = inserted {
        return Ok((row.into(), true));
    }
    let existing: DncRow = dnc_numbers::table
        .filter(dnc_numbers::number.eq(&new.number))
        .select(DncRow::as_select())
        .first(conn)
        .await?;
    Ok((existing.into(), false))
}

/// Removes the number; whether it was listed.
pub async fn remove(conn: &mut AsyncPgConnection, number: &str) -> crate::Result<bool> {
    let n = diesel::delete(dnc_numbers::table.filter(dnc_numbers::number.eq(number)))
        .execute(conn)
        .await?;
    Ok(n > 0)
}

/// One page of the list, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<DncEntry>> {
    let mut query = dnc_numbers::table.select(DncRow::as_select()).into_boxed();
    if let Some(cursor) = after {
        query = query.filter(
            dnc_numbers::added_at.gt(cursor.at).or(dnc_numbers::added_at
                .eq(cursor.at)
                .and(dnc_numbers::id.gt(cursor.id))),
        );
    }
    let rows: Vec<DncRow> = query
        .order((dnc_numbers::added_at.asc(), dnc_numbers::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(DncEntry::from).collect())
}
