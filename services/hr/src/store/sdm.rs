//! The employees' effective-dated state (what "available on a day" reads), the SDM
//! rows of closed days and the close bookmark.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Date, Integer, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{employee_status_history, sdm_close, sdm_days};
use crate::domain::caplan::PlanKey;
use crate::domain::employee::Employee;

/// Records `employee`'s state (status, role, site, program) from `day` on, in the
/// transaction of the change: it replaces a state recorded for the same day (the last
/// change of a day holds for it) and any recorded for a later day (a start date not
/// reached yet).
pub async fn record_state(
    conn: &mut AsyncPgConnection,
    employee: &Employee,
    day: NaiveDate,
    by: Option<Uuid>,
) -> crate::Result<()> {
    diesel::delete(
        employee_status_history::table
            .filter(employee_status_history::employee_id.eq(employee.id))
            .filter(employee_status_history::effective_on.gt(day)),
    )
    .execute(conn)
    .await?;
    let values = (
        employee_status_history::employee_id.eq(employee.id),
        employee_status_history::effective_on.eq(day),
        employee_status_history::status.eq(employee.status.as_str()),
        employee_status_history::role.eq(employee.role.as_str()),
        employee_status_history::site.eq(employee.site.map(Site::as_str)),
        employee_status_history::program.eq(employee.program.map(Program::as_str)),
        employee_status_history::changed_by.eq(by),
        employee_status_history::changed_at.eq(diesel::dsl::now),
    );
    diesel::insert_into(employee_status_history::table)
        .values(values)
        .on_conflict((
            employee_status_history::employee_id,
            employee_status_history::effective_on,
        ))
        .do_update()
        .set((
            employee_status_history::status.eq(employee.status.as_str()),
            employee_status_history::role.eq(employee.role.as_str()),
            employee_status_history::site.eq(employee.site.map(Site::as_str)),
            employee_status_history::program.eq(employee.program.map(Program::as_str)),
            employee_status_history::changed_by.eq(by),
            employee_status_history::changed_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    program: String,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Integer)]
    available: i32,
}

/// The staff available on `day` per planned (site, program, role): each employee's
/// state that day is their latest recorded on or before it; available means active
/// (not suspended, not deactivated) and, for an agent, holding a certification for the
/// program valid that day (`valid_from` ≤ day ≤ `valid_until`, not revoked by then).
pub async fn available_on(
    conn: &mut AsyncPgConnection,
    day: NaiveDate,
) -> crate::Result<BTreeMap<PlanKey, u32>> {
    let rows: Vec<CountRow> = diesel::sql_query(
        "SELECT h.site, h.program, h.role, count(*)::int AS available \
         FROM employee_status_history h \
         WHERE h.effective_on = (SELECT max(h2.effective_on) FROM employee_status_history h2 \
                                 WHERE h2.employee_id = h.employee_id AND h2.effective_on <= $1) \
           AND h.status = 'active' AND h.site IS NOT NULL AND h.program IS NOT NULL \
           AND h.role IN ('agent', 'team_leader') \
           AND (h.role <> 'agent' OR EXISTS ( \
                SELECT 1 FROM certifications c \
                WHERE c.employee_id = h.employee_id AND c.program = h.program \
                  AND c.valid_from <= $1 AND c.valid_until >= $1 \
                  AND (c.revoked_at IS NULL \
                       OR (c.revoked_at AT TIME ZONE 'Asia/Jakarta')::date > $1))) \
         GROUP BY h.site, h.program, h.role",
    )
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    let mut out = BTreeMap::new();
    for row in rows {
        let key = PlanKey {
            site: decode("employee_status_history.site", &row.site)?,
            program: decode("employee_status_history.program", &row.program)?,
            role: decode("employee_status_history.role", &row.role)?,
        };
        out.insert(key, u32::try_from(row.available).unwrap_or(0));
    }
    Ok(out)
}

/// A closed day of one key, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub day: NaiveDate,
    pub available: u32,
    pub target: u32,
    pub closed_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = sdm_days, check_for_backend(Pg))]
struct DayRow {
    day: NaiveDate,
    available: i32,
    target: i32,
    closed_at: DateTime<Utc>,
}

/// Writes a closed day once; `false` when it was written already.
pub async fn insert_day(
    conn: &mut AsyncPgConnection,
    key: PlanKey,
    day: NaiveDate,
    available: u32,
    target: u32,
) -> crate::Result<bool> {
    let written = diesel::insert_into(sdm_days::table)
        .values((
            sdm_days::site.eq(key.site.as_str()),
            sdm_days::program.eq(key.program.as_str()),
            sdm_days::role.eq(key.role.as_str()),
            sdm_days::day.eq(day),
            sdm_days::available.eq(i32::try_from(available).map_err(anyhow::Error::from)?),
            sdm_days::target.eq(i32::try_from(target).map_err(anyhow::Error::from)?),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(written == 1)
}

/// The closed days of `key` from `from` to `to`, oldest first.
pub async fn closed_days(
    conn: &mut AsyncPgConnection,
    key: PlanKey,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<ClosedDay>> {
    let rows: Vec<DayRow> = sdm_days::table
        .filter(sdm_days::site.eq(key.site.as_str()))
        .filter(sdm_days::program.eq(key.program.as_str()))
        .filter(sdm_days::role.eq(key.role.as_str()))
        .filter(sdm_days::day.between(from, to))
        .select(DayRow::as_select())
        .order(sdm_days::day.asc())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ClosedDay {
            day: r.day,
            available: u32::try_from(r.available).unwrap_or(0),
            target: u32::try_from(r.target).unwrap_or(0),
            closed_at: r.closed_at,
        })
        .collect())
}

/// The last closed day, locking the bookmark until the transaction ends; when there is
/// none yet, it is created at `initial` (and locked).
pub async fn lock_last_closed(
    conn: &mut AsyncPgConnection,
    initial: NaiveDate,
) -> crate::Result<NaiveDate> {
    diesel::insert_into(sdm_close::table)
        .values((sdm_close::id.eq(true), sdm_close::last_closed.eq(initial)))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(sdm_close::table
        .select(sdm_close::last_closed)
        .for_update()
        .first(conn)
        .await?)
}

/// The last closed day, without locking (`None`: nothing closed yet).
pub async fn last_closed(conn: &mut AsyncPgConnection) -> crate::Result<Option<NaiveDate>> {
    Ok(sdm_close::table
        .select(sdm_close::last_closed)
        .first(conn)
        .await
        .optional()?)
}

/// Moves the bookmark to `day`.
pub async fn set_last_closed(conn: &mut AsyncPgConnection, day: NaiveDate) -> crate::Result<()> {
    diesel::update(sdm_close::table)
        .set(sdm_close::last_closed.eq(day))
        .execute(conn)
        .await?;
    Ok(())
}
