//! The workforce family: SDM fulfilment against CAPLAN (hr.sdm.day_closed), attendance
//! (hr.attendance.*) and sales per hour present (AGREE calls of the outbound family ÷
//! agents' hours present).
//!
//! SDM rows are site-level facts per (site, program, role): they answer the Total, Site
//! and Program groupings and the All and Site scopes. Attendance is per employee and
//! day: it answers Total, Site, Team and Agent. A KPI whose dimension a grouping (or a
//! filter, or the caller's scope) does not have is null in that report.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_contracts::hr::{EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated};
use tam_contracts::hr_attendance::{
    AttendanceCheckedIn, AttendanceCheckedOut, AttendanceCorrected,
};
use tam_contracts::hr_caplan::SdmDayClosed;
use tam_events::{decode, Envelope, Event, HandlerError};
use tam_kernel::wib_date;
use uuid::Uuid;

use super::Family;
use crate::kpi::{ratio, Better, GroupKey, KpiDef, Report, ReportRow, Target, Unit};
use crate::query::{bucket, Grouping, ReportQuery, Scope};

const F: &str = "workforce";

pub const KPIS: &[KpiDef] = &[
    KpiDef {
        key: "sdm_available",
        family: F,
        name: "SDM available",
        unit: Unit::Number,
        definition: "Staff available (active, not suspended and, for agents, certified for the program) on a closed WIB day, as hr closed the day (hr.sdm.day_closed), summed over roles and the sites and programs in the row; over several days, the mean per closed day. It lands on the day the close describes (the payload's day), not on the day the close ran after midnight: the figure is that day's staffing.",
        target: None,
    },
    KpiDef {
        key: "sdm_target",
        family: F,
        name: "SDM target (CAPLAN)",
        unit: Unit::Number,
        definition: "The CAPLAN target headcount of each closed WIB day (hr.sdm.day_closed), summed over roles and the sites and programs in the row; over several days, the mean per closed day. Lands on the day the close describes.",
        target: None,
    },
    KpiDef {
        key: "sdm_fulfilment",
        family: F,
        name: "SDM fulfilment",
        unit: Unit::Ratio,
        definition: "Staff available ÷ CAPLAN target, summed over the closed WIB days, roles, sites and programs in the row (hr.sdm.day_closed, landing on the day it describes); undefined when the target is 0. Target 95%.",
        target: Some(Target {
            value: 0.95,
            better: Better::Higher,
        }),
    },
    KpiDef {
        key: "check_ins",
        family: F,
        name: "Check-ins",
        unit: Unit::Count,
        definition: "Employee-days with a check-in (hr.attendance.checked_in), corrections applied (a day corrected to absent does not count, one corrected to present does), on the WIB day checked in for.",
        target: None,
    },
    KpiDef {
        key: "late_check_ins",
        family: F,
        name: "Late check-ins",
        unit: Unit::Count,
        definition: "Check-ins more than the late threshold after the rostered shift's start (hr.attendance.checked_in's late), corrections applied, on the WIB day checked in for.",
        target: Some(Target {
            value: 0.0,
            better: Better::Lower,
        }),
    },
    KpiDef {
        key: "hours_present",
        family: F,
        name: "Hours present",
        unit: Unit::Number,
        definition: "Hours from check-in to check-out summed over employee-days that have both, corrections applied (the latest correction of a day is the day; a check-out made after it still counts), on the WIB day checked in for.",
        target: None,
    },
    KpiDef {
        key: "sales_per_hour_present",
        family: F,
        name: "Sales per hour present",
        unit: Unit::PerHour,
        definition: "AGREE calls (the outbound family's agree, on the WIB day of the call) ÷ hours present of agents (employees whose hr role that day is agent), per agent, team, site or in total; undefined without hours present.",
        target: None,
    },
];

pub const FAMILY: Family = Family {
    key: "workforce",
    title: "Workforce (hr)",
    kpis: KPIS,
    groupings: &[
        Grouping::Total,
        Grouping::Site,
        Grouping::Program,
        Grouping::Team,
        Grouping::Agent,
    ],
};

/// The role whose hours sales per hour present divides by.
const AGENT: &str = "agent";

pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    let recorded_on = wib_date(event.occurred_at);
    match event.event_type.as_str() {
        SdmDayClosed::TYPE => {
            let sdm: SdmDayClosed = decode(event)?;
            // Written once per day by hr; should two closes of a key ever arrive, the
            // later one (by occurred_at) is the day's, whatever order they come in.
            diesel::sql_query(
                "INSERT INTO workforce_sdm_day
                     (day, site, program, role, available, target, occurred_at, recorded_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (site, program, role, day) DO UPDATE SET
                     available = EXCLUDED.available, target = EXCLUDED.target,
                     occurred_at = EXCLUDED.occurred_at, recorded_on = EXCLUDED.recorded_on
                 WHERE workforce_sdm_day.occurred_at <= EXCLUDED.occurred_at",
            )
            .bind::<Date, _>(sdm.day)
            .bind::<Text, _>(sdm.site.as_str())
            .bind::<Text, _>(sdm.program.as_str())
            .bind::<Text, _>(sdm.role.as_str())
            .bind::<Integer, _>(clamp(sdm.available))
            .bind::<Integer, _>(clamp(sdm.target))
            .bind::<Timestamptz, _>(event.occurred_at)
            .bind::<Date, _>(recorded_on)
            .execute(conn)
            .await?;
        }
        AttendanceCheckedIn::TYPE => {
            let x: AttendanceCheckedIn = decode(event)?;
            diesel::sql_query(
                "INSERT INTO workforce_attendance_day
                     (employee_id, day, site, checked_in_at, late, check_in_recorded_on)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (employee_id, day) DO UPDATE SET
                     checked_in_at = EXCLUDED.checked_in_at, late = EXCLUDED.late,
                     check_in_recorded_on = EXCLUDED.check_in_recorded_on",
            )
            .bind::<diesel::sql_types::Uuid, _>(x.employee_id)
            .bind::<Date, _>(x.day)
            .bind::<Text, _>(x.site.as_str())
            .bind::<Timestamptz, _>(x.checked_in_at)
            .bind::<Bool, _>(x.late)
            .bind::<Date, _>(recorded_on)
            .execute(conn)
            .await?;
        }
        AttendanceCheckedOut::TYPE => {
            let x: AttendanceCheckedOut = decode(event)?;
            diesel::sql_query(
                "INSERT INTO workforce_attendance_day
                     (employee_id, day, site, checked_out_at, check_out_recorded_on)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (employee_id, day) DO UPDATE SET
                     checked_out_at = EXCLUDED.checked_out_at,
                     check_out_recorded_on = EXCLUDED.check_out_recorded_on",
            )
            .bind::<diesel::sql_types::Uuid, _>(x.employee_id)
            .bind::<Date, _>(x.day)
            .bind::<Text, _>(x.site.as_str())
            .bind::<Timestamptz, _>(x.checked_out_at)
            .bind::<Date, _>(recorded_on)
            .execute(conn)
            .await?;
        }
        AttendanceCorrected::TYPE => {
            let x: AttendanceCorrected = decode(event)?;
            diesel::sql_query(
                "INSERT INTO workforce_attendance_correction
                     (correction_id, employee_id, day, site, check_in_at, check_out_at, late,
                      corrected_at, recorded_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (correction_id) DO NOTHING",
            )
            .bind::<diesel::sql_types::Uuid, _>(x.correction_id)
            .bind::<diesel::sql_types::Uuid, _>(x.employee_id)
            .bind::<Date, _>(x.day)
            .bind::<Text, _>(x.site.as_str())
            .bind::<Nullable<Timestamptz>, _>(x.check_in_at)
            .bind::<Nullable<Timestamptz>, _>(x.check_out_at)
            .bind::<Bool, _>(x.late)
            .bind::<Timestamptz, _>(x.corrected_at)
            .bind::<Date, _>(recorded_on)
            .execute(conn)
            .await?;
        }
        EmployeeCreated::TYPE => {
            let x: EmployeeCreated = decode(event)?;
            roster(conn, event, &x.employee).await?;
        }
        EmployeeUpdated::TYPE => {
            let x: EmployeeUpdated = decode(event)?;
            roster(conn, event, &x.employee).await?;
        }
        EmployeeDeactivated::TYPE => {
            let x: EmployeeDeactivated = decode(event)?;
            roster(conn, event, &x.employee).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Keeps the roster an hr.employee.* event gave, from the event's time on (the team and
/// role of an attendance day are read at report time, so arrival order does not matter).
async fn roster(
    conn: &mut AsyncPgConnection,
    event: &Envelope,
    employee: &EmployeeRoster,
) -> Result<(), HandlerError> {
    diesel::sql_query(
        "INSERT INTO workforce_roster
             (event_id, employee_id, valid_from, role, site, program, team_id, recorded_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind::<diesel::sql_types::Uuid, _>(event.id)
    .bind::<diesel::sql_types::Uuid, _>(employee.employee_id)
    .bind::<Timestamptz, _>(event.occurred_at)
    .bind::<Text, _>(employee.role.as_str())
    .bind::<Nullable<Text>, _>(employee.site.map(|s| s.as_str()))
    .bind::<Nullable<Text>, _>(employee.program.map(|p| p.as_str()))
    .bind::<Nullable<diesel::sql_types::Uuid>, _>(employee.team_id)
    .bind::<Date, _>(wib_date(event.occurred_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// A headcount as the column holds it (hr's are far below i32::MAX).
fn clamp(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    let Some(from) = from else {
        for table in [
            "workforce_sdm_day",
            "workforce_attendance_day",
            "workforce_attendance_correction",
            "workforce_roster",
        ] {
            diesel::sql_query(format!("DELETE FROM {table}"))
                .execute(conn)
                .await?;
        }
        return Ok(());
    };
    // Everything is keyed by the WIB day of the event it came from (`recorded_on`):
    // an SDM close or a correction of an earlier day goes with the event, which the
    // rebuild replays.
    for statement in [
        "DELETE FROM workforce_sdm_day WHERE recorded_on >= $1",
        "DELETE FROM workforce_attendance_correction WHERE recorded_on >= $1",
        "DELETE FROM workforce_roster WHERE recorded_on >= $1",
        "UPDATE workforce_attendance_day
         SET checked_in_at = NULL, late = false, check_in_recorded_on = NULL
         WHERE check_in_recorded_on >= $1",
        "UPDATE workforce_attendance_day
         SET checked_out_at = NULL, check_out_recorded_on = NULL
         WHERE check_out_recorded_on >= $1",
    ] {
        diesel::sql_query(statement)
            .bind::<Date, _>(from)
            .execute(conn)
            .await?;
    }
    // A day whose check-in and check-out both came from those events is gone.
    diesel::sql_query(
        "DELETE FROM workforce_attendance_day
         WHERE check_in_recorded_on IS NULL AND check_out_recorded_on IS NULL",
    )
    .execute(conn)
    .await?;
    Ok(())
}

// ---- the rules ------------------------------------------------------------------

/// Hours present of one employee-day: check-in to check-out, when it has both and the
/// check-out is after the check-in.
pub fn hours_between(check_in: Option<DateTime<Utc>>, check_out: Option<DateTime<Utc>>) -> f64 {
    match (check_in, check_out) {
        (Some(i), Some(o)) if o > i => (o - i).num_seconds() as f64 / 3600.0,
        _ => 0.0,
    }
}

/// What a grouping reads of this family: SDM rows (site-level), attendance rows
/// (employee-level), neither.
pub fn dimensions(group_by: Grouping) -> (bool, bool) {
    match group_by {
        Grouping::Total | Grouping::Site => (true, true),
        Grouping::Program => (true, false),
        Grouping::Team | Grouping::Agent => (false, true),
        Grouping::WorkOrder => (false, false),
    }
}

/// A narrowing the scope and a filter agree on: `None` when they exclude each other
/// (nothing is in the report), the tighter of the two otherwise (`Some(None)`: no
/// narrowing).
pub fn narrow<T: PartialEq + Copy>(scope: Option<T>, filter: Option<T>) -> Option<Option<T>> {
    match (scope, filter) {
        (Some(s), Some(f)) if s != f => None,
        (Some(s), _) => Some(Some(s)),
        (None, f) => Some(f),
    }
}

/// The constraints a report's SQL binds: site, team, employee; `None` when the
/// employee-level (attendance) facts are outside the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Narrowing {
    pub site: Option<String>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
}

/// Which SDM rows a query may read: the scope (SDM is site-level: Team and Agent scopes
/// see none) and the filters (a team, agent or work order filter leaves none).
pub fn sdm_narrowing(query: &ReportQuery) -> Option<(Option<String>, Option<String>)> {
    let scope_site = match query.scope {
        Scope::All => None,
        Scope::Site(site) => Some(site),
        Scope::Team { .. } | Scope::Agent { .. } => return None,
    };
    if query.team.is_some() || query.agent.is_some() || query.work_order.is_some() {
        return None;
    }
    let site = narrow(scope_site, query.site)?;
    Some((
        site.map(|s| s.as_str().to_owned()),
        query.program.map(|p| p.as_str().to_owned()),
    ))
}

/// Which attendance rows a query may read (no program or work order on them: such a
/// filter leaves none).
pub fn attendance_narrowing(query: &ReportQuery) -> Option<Narrowing> {
    if query.program.is_some() || query.work_order.is_some() {
        return None;
    }
    let (scope_site, scope_team, scope_agent) = match query.scope {
        Scope::All => (None, None, None),
        Scope::Site(site) => (Some(site), None, None),
        Scope::Team { site, team } => (Some(site), Some(team), None),
        Scope::Agent { site, agent } => (Some(site), None, Some(agent)),
    };
    Some(Narrowing {
        site: narrow(scope_site, query.site)?.map(|s| s.as_str().to_owned()),
        team: narrow(scope_team, query.team)?,
        agent: narrow(scope_agent, query.agent)?,
    })
}

/// What a row adds up before its KPIs are computed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    pub sdm_days: i64,
    pub available: i64,
    pub target: i64,
    pub check_ins: i64,
    pub late: i64,
    pub hours: f64,
    pub agent_hours: f64,
    pub agree: i64,
}

/// A row's KPIs, in KPIS order; `sdm`/`attendance`: whether the row's grouping and
/// scope have that dimension (a KPI without it is null).
pub fn values(sums: &Sums, sdm: bool, attendance: bool) -> Vec<Option<f64>> {
    let days = sums.sdm_days as f64;
    let sdm_value = |v: Option<f64>| if sdm { v } else { None };
    let att = |v: f64| attendance.then_some(v);
    vec![
        sdm_value(ratio(sums.available as f64, days)),
        sdm_value(ratio(sums.target as f64, days)),
        sdm_value(ratio(sums.available as f64, sums.target as f64)),
        att(sums.check_ins as f64),
        att(sums.late as f64),
        att(sums.hours),
        if attendance {
            ratio(sums.agree as f64, sums.agent_hours)
        } else {
            None
        },
    ]
}

// ---- the report -----------------------------------------------------------------

#[derive(QueryableByName)]
struct SdmRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    grp: Option<String>,
    #[diesel(sql_type = BigInt)]
    available: i64,
    #[diesel(sql_type = BigInt)]
    target: i64,
}

#[derive(QueryableByName)]
struct AttendanceRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    grp: Option<String>,
    #[diesel(sql_type = BigInt)]
    check_ins: i64,
    #[diesel(sql_type = BigInt)]
    late: i64,
    #[diesel(sql_type = Double)]
    hours: f64,
    #[diesel(sql_type = Double)]
    agent_hours: f64,
}

#[derive(QueryableByName)]
struct AgreeRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    grp: Option<String>,
    #[diesel(sql_type = BigInt)]
    agree: i64,
}

fn group_key(group_by: Grouping, id: Option<String>) -> GroupKey {
    match group_by {
        Grouping::Total => GroupKey::total(),
        Grouping::Site | Grouping::Program => match id {
            Some(code) => GroupKey::of_code(group_by.as_str(), &code),
            None => GroupKey::of_uuid(group_by.as_str(), None),
        },
        _ => GroupKey::of_uuid(
            group_by.as_str(),
            id.and_then(|id| Uuid::parse_str(&id).ok()),
        ),
    }
}

type Buckets = BTreeMap<(NaiveDate, NaiveDate, GroupKey), Sums>;

pub async fn report(conn: &mut AsyncPgConnection, query: &ReportQuery) -> crate::Result<Report> {
    let (sdm_dim, att_dim) = dimensions(query.group_by);
    let sdm_scope = sdm_narrowing(query).filter(|_| sdm_dim);
    let att_scope = attendance_narrowing(query).filter(|_| att_dim);
    let mut buckets: Buckets = BTreeMap::new();
    let slot = |day: NaiveDate, grp: Option<String>| {
        let (start, end) = bucket(query.period, day, query.from, query.to);
        (start, end, group_key(query.group_by, grp))
    };

    if let Some((site, program)) = &sdm_scope {
        let grp = match query.group_by {
            Grouping::Site => "site",
            Grouping::Program => "program",
            _ => "NULL::text",
        };
        let rows: Vec<SdmRow> = diesel::sql_query(format!(
            "SELECT day, {grp} AS grp, SUM(available)::bigint AS available,
                    SUM(target)::bigint AS target
             FROM workforce_sdm_day
             WHERE day BETWEEN $1 AND $2
               AND ($3::text IS NULL OR site = $3)
               AND ($4::text IS NULL OR program = $4)
             GROUP BY 1, 2"
        ))
        .bind::<Date, _>(query.from)
        .bind::<Date, _>(query.to)
        .bind::<Nullable<Text>, _>(site.as_deref())
        .bind::<Nullable<Text>, _>(program.as_deref())
        .load(conn)
        .await?;
        for row in rows {
            let sums = buckets.entry(slot(row.day, row.grp)).or_default();
            sums.sdm_days += 1;
            sums.available += row.available;
            sums.target += row.target;
        }
    }

    if let Some(n) = &att_scope {
        let (grp, agree_grp) = match query.group_by {
            Grouping::Site => ("site", "site"),
            Grouping::Team => ("team_id::text", "team_id::text"),
            Grouping::Agent => ("employee_id::text", "agent_id::text"),
            _ => ("NULL::text", "NULL::text"),
        };
        let rows: Vec<AttendanceRow> = diesel::sql_query(format!(
            "SELECT day, {grp} AS grp,
                    COUNT(*) FILTER (WHERE check_in_at IS NOT NULL) AS check_ins,
                    COUNT(*) FILTER (WHERE check_in_at IS NOT NULL AND late) AS late,
                    COALESCE(SUM(hours), 0)::float8 AS hours,
                    COALESCE(SUM(hours) FILTER (WHERE role = '{AGENT}'), 0)::float8
                        AS agent_hours
             FROM (SELECT *,
                          CASE WHEN check_out_at > check_in_at
                               THEN EXTRACT(EPOCH FROM check_out_at - check_in_at) / 3600.0
                               ELSE 0 END AS hours
                   FROM workforce_presence
                   WHERE day BETWEEN $1 AND $2) p
             WHERE ($3::text IS NULL OR site = $3)
               AND ($4::uuid IS NULL OR team_id = $4)
               AND ($5::uuid IS NULL OR employee_id = $5)
             GROUP BY 1, 2"
        ))
        .bind::<Date, _>(query.from)
        .bind::<Date, _>(query.to)
        .bind::<Nullable<Text>, _>(n.site.as_deref())
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(n.team)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(n.agent)
        .load(conn)
        .await?;
        for row in rows {
            let sums = buckets.entry(slot(row.day, row.grp)).or_default();
            sums.check_ins += row.check_ins;
            sums.late += row.late;
            sums.hours += row.hours;
            sums.agent_hours += row.agent_hours;
        }
        // The AGREE calls are the outbound family's (its day rollup), in the same
        // scope; a group with calls but no hours present has no rate.
        let rows: Vec<AgreeRow> = diesel::sql_query(format!(
            "SELECT day, {agree_grp} AS grp, COALESCE(SUM(agree), 0)::bigint AS agree
             FROM outbound_day
             WHERE day BETWEEN $1 AND $2
               AND ($3::text IS NULL OR site = $3)
               AND ($4::uuid IS NULL OR team_id = $4)
               AND ($5::uuid IS NULL OR agent_id = $5)
             GROUP BY 1, 2"
        ))
        .bind::<Date, _>(query.from)
        .bind::<Date, _>(query.to)
        .bind::<Nullable<Text>, _>(n.site.as_deref())
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(n.team)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(n.agent)
        .load(conn)
        .await?;
        for row in rows {
            let key = slot(row.day, row.grp);
            // Only groups present in attendance get a rate: calls of a group with no
            // attendance day would only add rows of nulls.
            if let Some(sums) = buckets.get_mut(&key) {
                sums.agree += row.agree;
            }
        }
    }

    let sdm = sdm_scope.is_some();
    let attendance = att_scope.is_some();
    let rows = buckets
        .into_iter()
        .map(|((period_start, period_end, group), sums)| ReportRow {
            period_start,
            period_end,
            group,
            values: values(&sums, sdm, attendance),
        })
        .collect();
    Ok(Report {
        family: FAMILY.key,
        columns: KPIS.iter().collect(),
        rows,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use tam_kernel::{Program, Site};

    fn query(scope: Scope, group_by: Grouping) -> ReportQuery {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        ReportQuery {
            from: d,
            to: d,
            period: crate::query::Period::Range,
            group_by,
            scope,
            site: None,
            program: None,
            team: None,
            agent: None,
            work_order: None,
        }
    }

    #[test]
    fn hours_run_from_check_in_to_check_out_only_when_both_exist() {
        let at = |h, m| Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap();
        assert_eq!(hours_between(Some(at(1, 0)), Some(at(9, 30))), 8.5);
        assert_eq!(hours_between(Some(at(1, 0)), None), 0.0);
        assert_eq!(hours_between(None, Some(at(9, 0))), 0.0);
        assert_eq!(hours_between(Some(at(9, 0)), Some(at(1, 0))), 0.0);
    }

    #[test]
    fn sdm_fulfilment_is_summed_available_over_summed_target() {
        let sums = Sums {
            sdm_days: 2,
            available: 19 + 18,
            target: 20 + 20,
            ..Sums::default()
        };
        let v = values(&sums, true, false);
        assert_eq!(v[0], Some(18.5));
        assert_eq!(v[1], Some(20.0));
        assert_eq!(v[2], Some(37.0 / 40.0));
        // No attendance dimension: its KPIs are null, not 0.
        assert_eq!(&v[3..], &[None, None, None, None]);
    }

    #[test]
    fn sales_per_hour_present_divides_agree_by_agents_hours() {
        let sums = Sums {
            check_ins: 2,
            hours: 16.0,
            agent_hours: 8.0,
            agree: 4,
            ..Sums::default()
        };
        let v = values(&sums, false, true);
        assert_eq!(&v[..3], &[None, None, None]);
        assert_eq!(v[3], Some(2.0));
        assert_eq!(v[5], Some(16.0));
        assert_eq!(v[6], Some(0.5));
        let idle = Sums {
            agree: 3,
            ..Sums::default()
        };
        assert_eq!(values(&idle, false, true)[6], None);
    }

    #[test]
    fn sdm_is_site_level_and_attendance_has_no_program() {
        assert_eq!(dimensions(Grouping::Program), (true, false));
        assert_eq!(dimensions(Grouping::Team), (false, true));
        let team = Uuid::now_v7();
        let q = query(
            Scope::Team {
                site: Site::Medan,
                team,
            },
            Grouping::Total,
        );
        assert_eq!(sdm_narrowing(&q), None);
        assert_eq!(
            attendance_narrowing(&q),
            Some(Narrowing {
                site: Some("medan".into()),
                team: Some(team),
                agent: None
            })
        );
        let mut by_program = query(Scope::All, Grouping::Total);
        by_program.program = Some(Program::ALL[0]);
        assert_eq!(attendance_narrowing(&by_program), None);
        assert!(sdm_narrowing(&by_program).is_some());
    }

    #[test]
    fn a_filter_outside_the_scope_leaves_nothing() {
        let mut q = query(Scope::Site(Site::Medan), Grouping::Site);
        q.site = Some(Site::Bandung);
        assert_eq!(sdm_narrowing(&q), None);
        assert_eq!(attendance_narrowing(&q), None);
        assert_eq!(narrow(Some(1), Some(1)), Some(Some(1)));
        assert_eq!(narrow(None, Some(2)), Some(Some(2)));
        assert_eq!(narrow(Some(1), Some(2)), None);
    }
}
