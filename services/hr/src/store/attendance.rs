//! Shifts, the roster, check-ins and check-outs, corrections and the site policy. Reads
//! of days take the caller's [`Scope`] as SQL, so a day outside it is never loaded.
//!
//! [`summary`] is the period summary other parts of hr read (the monthly evaluation,
//! the contract extension).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel::sql_types::{Bool, Date, Integer, Nullable, Text, Time, Timestamptz, Uuid as SqlUuid};
use diesel::OptionalExtension;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Site;
use uuid::Uuid;

use super::decode;
use crate::domain::attendance::{
    summarize, AttendanceSummary, Correction, Day, NewShift, Recorded, Shift,
};
use crate::domain::scope::Scope;

pub use crate::domain::attendance::AttendanceSummary as Summary;

/// The SQL condition on `e` (an `employees` row) for what `scope` sees. Every value
/// formatted in is a typed code or a UUID, never caller text.
fn scope_sql(scope: Scope) -> String {
    match scope {
        Scope::All => "TRUE".to_owned(),
        Scope::Site(site) => format!("e.site = '{}'", site.as_str()),
        Scope::LedTeams { leader } => format!(
            "(e.id = '{leader}' OR e.team_id IN \
             (SELECT id FROM teams WHERE team_leader_id = '{leader}'))"
        ),
        Scope::Own(id) => format!("e.id = '{id}'"),
        Scope::Nothing => "FALSE".to_owned(),
    }
}

/// Which employees a read of days covers (within the scope; every filter given must
/// hold, none: everyone in the scope).
#[derive(Debug, Clone, Copy, Default)]
pub struct Whose {
    /// One employee.
    pub employee: Option<Uuid>,
    /// One team's members.
    pub team: Option<Uuid>,
    /// One site's employees.
    pub site: Option<Site>,
}

impl Whose {
    /// One employee's days.
    pub fn one(id: Uuid) -> Self {
        Self {
            employee: Some(id),
            ..Self::default()
        }
    }
}

fn whose_sql(whose: Whose) -> String {
    let mut parts = vec!["TRUE".to_owned()];
    if let Some(id) = whose.employee {
        parts.push(format!("e.id = '{id}'"));
    }
    if let Some(team) = whose.team {
        parts.push(format!("e.team_id = '{team}'"));
    }
    if let Some(site) = whose.site {
        parts.push(format!("e.site = '{}'", site.as_str()));
    }
    parts.join(" AND ")
}

#[derive(Debug, diesel::QueryableByName)]
struct ShiftRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = Time)]
    starts_at: NaiveTime,
    #[diesel(sql_type = Time)]
    ends_at: NaiveTime,
    #[diesel(sql_type = SqlUuid)]
    created_by: Uuid,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

impl TryFrom<ShiftRow> for Shift {
    type Error = anyhow::Error;

    fn try_from(r: ShiftRow) -> anyhow::Result<Self> {
        Ok(Shift {
            id: r.id,
            site: decode("shifts.site", &r.site)?,
            code: r.code,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

const SHIFT_COLUMNS: &str = "id, site, code, starts_at, ends_at, created_by, created_at";

/// Inserts a shift; `None` when the site already has one with that code.
pub async fn insert_shift(
    conn: &mut AsyncPgConnection,
    new: &NewShift,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Option<Shift>> {
    let row: Option<ShiftRow> = diesel::sql_query(format!(
        "INSERT INTO shifts (id, site, code, starts_at, ends_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (site, code) DO NOTHING
         RETURNING {SHIFT_COLUMNS}"
    ))
    .bind::<SqlUuid, _>(tam_kernel::new_id())
    .bind::<Text, _>(new.site.as_str())
    .bind::<Text, _>(&new.code)
    .bind::<Time, _>(new.starts_at)
    .bind::<Time, _>(new.ends_at)
    .bind::<SqlUuid, _>(created_by)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(Shift::try_from).transpose()?)
}

/// The shifts of `site` (all sites: `None`), by site and start.
pub async fn shifts(conn: &mut AsyncPgConnection, site: Option<Site>) -> crate::Result<Vec<Shift>> {
    let rows: Vec<ShiftRow> = diesel::sql_query(format!(
        "SELECT {SHIFT_COLUMNS} FROM shifts
          WHERE ($1::text IS NULL OR site = $1)
          ORDER BY site, starts_at, code"
    ))
    .bind::<Nullable<Text>, _>(site.map(|s| s.as_str()))
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(Shift::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// One shift.
pub async fn shift(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<Shift>> {
    let row: Option<ShiftRow> =
        diesel::sql_query(format!("SELECT {SHIFT_COLUMNS} FROM shifts WHERE id = $1"))
            .bind::<SqlUuid, _>(id)
            .get_result(conn)
            .await
            .optional()?;
    Ok(row.map(Shift::try_from).transpose()?)
}

/// Assigns `shift` to `employee_id` on every day from `from` to `to` (a day's earlier
/// assignment is replaced). Answers the number of days.
pub async fn assign(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    shift: &Shift,
    from: NaiveDate,
    to: NaiveDate,
    assigned_by: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    Ok(diesel::sql_query(
        "INSERT INTO roster_entries (employee_id, day, shift_id, site, assigned_by, assigned_at)
         SELECT $1, d::date, $2, $3, $4, $5
           FROM generate_series($6::date, $7::date, interval '1 day') AS d
         ON CONFLICT (employee_id, day) DO UPDATE SET
             shift_id = EXCLUDED.shift_id, site = EXCLUDED.site,
             assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<SqlUuid, _>(shift.id)
    .bind::<Text, _>(shift.site.as_str())
    .bind::<SqlUuid, _>(assigned_by)
    .bind::<Timestamptz, _>(now)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .execute(conn)
    .await?)
}

/// The shift rostered to `employee_id` on `day`.
pub async fn rostered_shift(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
) -> crate::Result<Option<Shift>> {
    let row: Option<ShiftRow> = diesel::sql_query(
        "SELECT s.id, s.site, s.code, s.starts_at, s.ends_at, s.created_by, s.created_at
           FROM roster_entries r JOIN shifts s ON s.id = r.shift_id
          WHERE r.employee_id = $1 AND r.day = $2",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(Shift::try_from).transpose()?)
}

#[derive(Debug, diesel::QueryableByName)]
struct RecordedRow {
    #[diesel(sql_type = Timestamptz)]
    check_in_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    check_out_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Time>)]
    starts_at: Option<NaiveTime>,
    #[diesel(sql_type = Nullable<Time>)]
    ends_at: Option<NaiveTime>,
}

/// The employee's own record of `day`, locked until the transaction ends, with the
/// times of the shift it was classified against.
pub async fn recorded_for_update(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
) -> crate::Result<Option<(Recorded, Option<(NaiveTime, NaiveTime)>)>> {
    let row: Option<RecordedRow> = diesel::sql_query(
        "SELECT a.check_in_at, a.check_out_at, s.starts_at, s.ends_at
           FROM attendance_days a LEFT JOIN shifts s ON s.id = a.shift_id
          WHERE a.employee_id = $1 AND a.day = $2
          FOR UPDATE OF a",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(|r| {
        (
            Recorded {
                check_in_at: r.check_in_at,
                check_out_at: r.check_out_at,
            },
            r.starts_at.zip(r.ends_at),
        )
    }))
}

/// Records a check-in; `false` when the day already has one (a concurrent request).
#[allow(clippy::too_many_arguments)]
pub async fn check_in(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
    site: Site,
    shift_id: Option<Uuid>,
    at: DateTime<Utc>,
    late_minutes: u32,
    late: bool,
) -> crate::Result<bool> {
    let inserted = diesel::sql_query(
        "INSERT INTO attendance_days
             (employee_id, day, site, shift_id, check_in_at, late_minutes, late)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (employee_id, day) DO NOTHING",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .bind::<Text, _>(site.as_str())
    .bind::<Nullable<SqlUuid>, _>(shift_id)
    .bind::<Timestamptz, _>(at)
    .bind::<Integer, _>(tam_db::column::int(late_minutes))
    .bind::<Bool, _>(late)
    .execute(conn)
    .await?;
    Ok(inserted == 1)
}

/// Records the check-out of a day checked in.
pub async fn check_out(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
    at: DateTime<Utc>,
    early_minutes: u32,
    early_leave: bool,
) -> crate::Result<()> {
    diesel::sql_query(
        "UPDATE attendance_days
            SET check_out_at = $3, early_minutes = $4, early_leave = $5
          WHERE employee_id = $1 AND day = $2 AND check_out_at IS NULL",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .bind::<Timestamptz, _>(at)
    .bind::<Integer, _>(tam_db::column::int(early_minutes))
    .bind::<Bool, _>(early_leave)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts a correction.
pub async fn insert_correction(conn: &mut AsyncPgConnection, c: &Correction) -> crate::Result<()> {
    diesel::sql_query(
        "INSERT INTO attendance_corrections
             (id, employee_id, day, site, check_in_at, check_out_at, late, early_leave,
              reason, corrected_by, corrected_by_role, corrected_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind::<SqlUuid, _>(c.id)
    .bind::<SqlUuid, _>(c.employee_id)
    .bind::<Date, _>(c.day)
    .bind::<Text, _>(c.site.as_str())
    .bind::<Nullable<Timestamptz>, _>(c.check_in_at)
    .bind::<Nullable<Timestamptz>, _>(c.check_out_at)
    .bind::<Bool, _>(c.late)
    .bind::<Bool, _>(c.early_leave)
    .bind::<Text, _>(&c.reason)
    .bind::<SqlUuid, _>(c.corrected_by)
    .bind::<Text, _>(c.corrected_by_role.as_str())
    .bind::<Timestamptz, _>(c.corrected_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, diesel::QueryableByName)]
struct RosterRow {
    #[diesel(sql_type = SqlUuid)]
    employee_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = Time)]
    starts_at: NaiveTime,
    #[diesel(sql_type = Time)]
    ends_at: NaiveTime,
}

#[derive(Debug, diesel::QueryableByName)]
struct DayRow {
    #[diesel(sql_type = SqlUuid)]
    employee_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Timestamptz)]
    check_in_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    check_out_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    late: bool,
    #[diesel(sql_type = Bool)]
    early_leave: bool,
}

#[derive(Debug, diesel::QueryableByName)]
struct CorrectionRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    employee_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    check_in_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    check_out_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    late: bool,
    #[diesel(sql_type = Bool)]
    early_leave: bool,
    #[diesel(sql_type = Text)]
    reason: String,
    #[diesel(sql_type = SqlUuid)]
    corrected_by: Uuid,
    #[diesel(sql_type = Text)]
    corrected_by_role: String,
    #[diesel(sql_type = Timestamptz)]
    corrected_at: DateTime<Utc>,
}

/// The most days one read answers.
pub const MAX_DAYS: i64 = 5000;

/// The days (rostered, recorded or corrected) from `from` to `to` of the employees
/// `whose` names within `scope`, by employee and day; the newest correction decides a
/// day, its original and every correction kept beside it.
pub async fn days(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    whose: Whose,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<(Vec<NaiveDate>, Vec<Day>)> {
    let cond = format!("{} AND {}", scope_sql(scope), whose_sql(whose));
    let roster: Vec<RosterRow> = diesel::sql_query(format!(
        "SELECT r.employee_id, r.day, r.site, s.code, s.starts_at, s.ends_at
           FROM roster_entries r
           JOIN shifts s ON s.id = r.shift_id
           JOIN employees e ON e.id = r.employee_id
          WHERE {cond} AND r.day BETWEEN $1 AND $2
          ORDER BY r.employee_id, r.day LIMIT {MAX_DAYS}"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
    .await?;
    let recorded: Vec<DayRow> = diesel::sql_query(format!(
        "SELECT a.employee_id, a.day, a.site, a.check_in_at, a.check_out_at, a.late,
                a.early_leave
           FROM attendance_days a JOIN employees e ON e.id = a.employee_id
          WHERE {cond} AND a.day BETWEEN $1 AND $2
          ORDER BY a.employee_id, a.day LIMIT {MAX_DAYS}"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
    .await?;
    let corrections: Vec<CorrectionRow> = diesel::sql_query(format!(
        "SELECT c.id, c.employee_id, c.day, c.site, c.check_in_at, c.check_out_at, c.late,
                c.early_leave, c.reason, c.corrected_by, c.corrected_by_role, c.corrected_at
           FROM attendance_corrections c JOIN employees e ON e.id = c.employee_id
          WHERE {cond} AND c.day BETWEEN $1 AND $2
          ORDER BY c.employee_id, c.day, c.corrected_at, c.id LIMIT {MAX_DAYS}"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
    .await?;

    let mut rostered = Vec::new();
    let mut days: BTreeMap<(Uuid, NaiveDate), Day> = BTreeMap::new();
    let blank = |employee_id: Uuid, day: NaiveDate, site: Site| Day {
        employee_id,
        day,
        site,
        shift_code: None,
        shift_starts_at: None,
        shift_ends_at: None,
        check_in_at: None,
        check_out_at: None,
        late: false,
        early_leave: false,
        corrected: false,
        original: None,
        corrections: Vec::new(),
    };
    for r in roster {
        let site: Site = decode("roster_entries.site", &r.site)?;
        rostered.push(r.day);
        let day = days
            .entry((r.employee_id, r.day))
            .or_insert_with(|| blank(r.employee_id, r.day, site));
        day.shift_code = Some(r.code);
        day.shift_starts_at = Some(r.starts_at);
        day.shift_ends_at = Some(r.ends_at);
    }
    for r in recorded {
        let site: Site = decode("attendance_days.site", &r.site)?;
        let day = days
            .entry((r.employee_id, r.day))
            .or_insert_with(|| blank(r.employee_id, r.day, site));
        day.check_in_at = Some(r.check_in_at);
        day.check_out_at = r.check_out_at;
        day.late = r.late;
        day.early_leave = r.early_leave;
        day.original = Some(Recorded {
            check_in_at: r.check_in_at,
            check_out_at: r.check_out_at,
        });
    }
    for r in corrections {
        let site: Site = decode("attendance_corrections.site", &r.site)?;
        let day = days
            .entry((r.employee_id, r.day))
            .or_insert_with(|| blank(r.employee_id, r.day, site));
        day.check_in_at = r.check_in_at;
        day.check_out_at = r.check_out_at;
        day.late = r.late;
        day.early_leave = r.early_leave;
        day.corrected = true;
        day.corrections.push(Correction {
            id: r.id,
            employee_id: r.employee_id,
            day: r.day,
            site,
            check_in_at: r.check_in_at,
            check_out_at: r.check_out_at,
            late: r.late,
            early_leave: r.early_leave,
            reason: r.reason,
            corrected_by: r.corrected_by,
            corrected_by_role: decode(
                "attendance_corrections.corrected_by_role",
                &r.corrected_by_role,
            )?,
            corrected_at: r.corrected_at,
        });
    }
    Ok((rostered, days.into_values().collect()))
}

/// The attendance of `employee_id` from `from` to `to` (WIB days, both included):
/// rostered days, days present, late arrivals, early leaves, absences (rostered days
/// without a check-in, as corrected) and corrected days. A rostered day still to come
/// counts as an absence: ask for days that are over.
pub async fn summary(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<AttendanceSummary> {
    let (rostered, days) = days(conn, Scope::All, Whose::one(employee_id), from, to).await?;
    Ok(summarize(&rostered, &days))
}

#[derive(Debug, diesel::QueryableByName)]
struct PolicyRow {
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Bool)]
    check_in_required: bool,
    #[diesel(sql_type = SqlUuid)]
    set_by: Uuid,
    #[diesel(sql_type = Text)]
    set_by_role: String,
    #[diesel(sql_type = Timestamptz)]
    set_at: DateTime<Utc>,
}

/// A site's attendance policy as set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub site: Site,
    pub check_in_required: bool,
    /// Null for a site whose policy was never set (the default: not required).
    pub set_by: Option<Uuid>,
    pub set_by_role: Option<tam_kernel::Role>,
    pub set_at: Option<DateTime<Utc>>,
}

impl TryFrom<PolicyRow> for Policy {
    type Error = anyhow::Error;

    fn try_from(r: PolicyRow) -> anyhow::Result<Self> {
        Ok(Policy {
            site: decode("site_attendance_policies.site", &r.site)?,
            check_in_required: r.check_in_required,
            set_by: Some(r.set_by),
            set_by_role: Some(decode(
                "site_attendance_policies.set_by_role",
                &r.set_by_role,
            )?),
            set_at: Some(r.set_at),
        })
    }
}

/// The policy of every site that has one.
pub async fn policies(conn: &mut AsyncPgConnection) -> crate::Result<Vec<Policy>> {
    let rows: Vec<PolicyRow> = diesel::sql_query(
        "SELECT site, check_in_required, set_by, set_by_role, set_at
           FROM site_attendance_policies ORDER BY site",
    )
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(Policy::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Sets a site's policy.
pub async fn set_policy(
    conn: &mut AsyncPgConnection,
    site: Site,
    check_in_required: bool,
    set_by: Uuid,
    set_by_role: tam_kernel::Role,
    now: DateTime<Utc>,
) -> crate::Result<Policy> {
    let row: PolicyRow = diesel::sql_query(
        "INSERT INTO site_attendance_policies (site, check_in_required, set_by, set_by_role, set_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (site) DO UPDATE SET
             check_in_required = EXCLUDED.check_in_required, set_by = EXCLUDED.set_by,
             set_by_role = EXCLUDED.set_by_role, set_at = EXCLUDED.set_at
         RETURNING site, check_in_required, set_by, set_by_role, set_at",
    )
    .bind::<Text, _>(site.as_str())
    .bind::<Bool, _>(check_in_required)
    .bind::<SqlUuid, _>(set_by)
    .bind::<Text, _>(set_by_role.as_str())
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await?;
    Ok(row.try_into()?)
}
