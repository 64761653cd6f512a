//! The `calendars` table: each calendar's spec (the domain's `CalendarSpec` as JSON).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::calendars;
use crate::domain::calendar::{Calendar, CalendarSpec};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = calendars, check_for_backend(diesel::pg::Pg))]
struct CalendarRow {
    code: String,
    name: String,
    spec: serde_json::Value,
    updated_at: DateTime<Utc>,
    updated_by: Option<Uuid>,
}

/// A stored calendar, checked.
#[derive(Debug, Clone)]
pub struct StoredCalendar {
    pub code: String,
    pub name: String,
    pub calendar: Calendar,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

fn decode(row: CalendarRow) -> crate::Result<StoredCalendar> {
    // The service checks a spec before storing it: one that does not read is corrupt.
    let spec: CalendarSpec = serde_json::from_value(row.spec)
        .map_err(|e| anyhow::anyhow!("calendars.spec of {}: {e}", row.code))?;
    let calendar = Calendar::new(spec).map_err(|errors| {
        anyhow::anyhow!(
            "calendars.spec of {} is not a valid calendar: {}",
            row.code,
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    Ok(StoredCalendar {
        code: row.code,
        name: row.name,
        calendar,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    })
}

/// Every calendar, by code.
pub async fn all(conn: &mut AsyncPgConnection) -> crate::Result<Vec<StoredCalendar>> {
    let rows: Vec<CalendarRow> = calendars::table
        .order(calendars::code)
        .select(CalendarRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(decode).collect()
}

/// Every calendar as the clocks use them, by code.
pub async fn by_code(conn: &mut AsyncPgConnection) -> crate::Result<HashMap<String, Calendar>> {
    Ok(all(conn)
        .await?
        .into_iter()
        .map(|c| (c.code, c.calendar))
        .collect())
}

/// One calendar, locked for a change (`FOR UPDATE`).
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    code: &str,
) -> crate::Result<Option<StoredCalendar>> {
    let row: Option<CalendarRow> = calendars::table
        .find(code)
        .select(CalendarRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    row.map(decode).transpose()
}

/// Writes a calendar (new or changed).
pub async fn save(
    conn: &mut AsyncPgConnection,
    code: &str,
    name: &str,
    calendar: &Calendar,
    at: DateTime<Utc>,
    by: Uuid,
) -> crate::Result<StoredCalendar> {
    let spec = serde_json::to_value(calendar.spec())
        .map_err(|e| anyhow::anyhow!("encoding calendar {code}: {e}"))?;
    let row: CalendarRow = diesel::insert_into(calendars::table)
        .values((
            calendars::code.eq(code),
            calendars::name.eq(name),
            calendars::spec.eq(&spec),
            calendars::updated_at.eq(at),
            calendars::updated_by.eq(by),
        ))
        .on_conflict(calendars::code)
        .do_update()
        .set((
            calendars::name.eq(name),
            calendars::spec.eq(&spec),
            calendars::updated_at.eq(at),
            calendars::updated_by.eq(by),
        ))
        .returning(CalendarRow::as_returning())
        .get_result(conn)
        .await?;
    decode(row)
}
