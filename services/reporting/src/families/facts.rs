//! The report machinery of the fact-table families (quality, activation, disruptions):
//! each family writes one SQL query listing its facts — a WIB `day`, the dimension
//! columns (`site`, `program`, `team_id`, `agent_id`, `work_order_id`) and one numeric
//! column per base measure — and this module filters it by the caller's scope and the
//! query's filters (in SQL), sums the measures per day and group, buckets the days into
//! the query's periods and lets the family turn the sums into KPI values.
//!
//! Why facts and not running counters: verdicts are corrected (the highest revision
//! wins), tickets are joined to the sale that made them whichever arrives first and a
//! disruption's minutes are known only once it ends. Deriving the figures from facts
//! keyed by their event makes `apply` order-independent and `reset(from)` exact (delete
//! the facts of days >= from, replay them).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::sql_types::{Array, Date, Double, Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::kpi::{GroupKey, ReportRow};
use crate::query::{bucket, Grouping, ReportQuery, Scope};

/// How a family's fact rows match a program filter: `program = $p` for facts of one
/// program, `$p = ANY(programs)` for facts that hit several (a disruption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramColumn {
    One,
    Any,
}

/// A day's sums of one group: (day, group id, sums).
pub type DaySums = (NaiveDate, Option<String>, Vec<f64>);

/// A day's sums of one group and key: (day, group id, key, sums).
pub type KeyedDaySums = (NaiveDate, Option<String>, Option<String>, Vec<f64>);

#[derive(Debug, QueryableByName)]
struct SumRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    grp: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    k: Option<String>,
    #[diesel(sql_type = Array<Double>)]
    sums: Vec<f64>,
}

/// The SQL expression of a grouping's id over the fact columns.
fn group_expression(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Total => "NULL::text",
        Grouping::Agent => "agent_id::text",
        Grouping::Team => "team_id::text",
        Grouping::Site => "site",
        Grouping::Program => "program",
        Grouping::WorkOrder => "work_order_id::text",
    }
}

/// The scope's narrowing as (site, team, agent): a fact without the column the scope
/// needs (a ticket with no site under a site scope, a disruption under a team scope)
/// is outside it, because `NULL = x` is not true.
pub fn scope_bounds(scope: Scope) -> (Option<String>, Option<Uuid>, Option<Uuid>) {
    match scope {
        Scope::All => (None, None, None),
        Scope::Site(site) => (Some(site.as_str().to_owned()), None, None),
        Scope::Team { site, team } => (Some(site.as_str().to_owned()), Some(team), None),
        Scope::Agent { site, agent } => (Some(site.as_str().to_owned()), None, Some(agent)),
    }
}

/// The fact query wrapped with the period, scope and filters: one row per day and
/// group with the sums of `measures` measure columns (named `m0`, `m1`, ... in `facts`).
/// With `key`, rows are split by that text column of the facts too (a CABUT reason).
fn wrapped(
    facts: &str,
    measures: usize,
    grouping: Grouping,
    program: ProgramColumn,
    key: Option<&str>,
) -> String {
    let sums = (0..measures)
        .map(|i| format!("COALESCE(SUM(m{i}), 0)::float8"))
        .collect::<Vec<_>>()
        .join(", ");
    let program_match = match program {
        ProgramColumn::One => "program = $7",
        ProgramColumn::Any => "$7 = ANY(programs)",
    };
    format!(
        "SELECT day, {group} AS grp, {key} AS k, ARRAY[{sums}]::float8[] AS sums
         FROM ({facts}) f
         WHERE day BETWEEN $1 AND $2
           AND ($3::text IS NULL OR site = $3)
           AND ($4::uuid IS NULL OR team_id = $4)
           AND ($5::uuid IS NULL OR agent_id = $5)
           AND ($6::text IS NULL OR site = $6)
           AND ($7::text IS NULL OR {program_match})
           AND ($8::uuid IS NULL OR team_id = $8)
           AND ($9::uuid IS NULL OR agent_id = $9)
           AND ($10::uuid IS NULL OR work_order_id = $10)
         GROUP BY 1, 2, 3",
        group = group_expression(grouping),
        key = key.unwrap_or("NULL::text"),
    )
}

/// Sums of the measures per day and group id, within the query's days, scope and
/// filters.
pub async fn day_sums(
    conn: &mut AsyncPgConnection,
    query: &ReportQuery,
    facts: &str,
    measures: usize,
    program: ProgramColumn,
) -> crate::Result<Vec<DaySums>> {
    let rows = keyed_day_sums(conn, query, facts, measures, program, None).await?;
    Ok(rows
        .into_iter()
        .map(|(day, g, _, sums)| (day, g, sums))
        .collect())
}

/// Like [`day_sums`], split by the text column `key` of the facts as well.
pub async fn keyed_day_sums(
    conn: &mut AsyncPgConnection,
    query: &ReportQuery,
    facts: &str,
    measures: usize,
    program: ProgramColumn,
    key: Option<&str>,
) -> crate::Result<Vec<KeyedDaySums>> {
    let (scope_site, scope_team, scope_agent) = scope_bounds(query.scope);
    let sql = wrapped(facts, measures, query.group_by, program, key);
    let rows: Vec<SumRow> = diesel::sql_query(sql)
        .bind::<Date, _>(query.from)
        .bind::<Date, _>(query.to)
        .bind::<Nullable<Text>, _>(scope_site)
        .bind::<Nullable<SqlUuid>, _>(scope_team)
        .bind::<Nullable<SqlUuid>, _>(scope_agent)
        .bind::<Nullable<Text>, _>(query.site.map(|s| s.as_str().to_owned()))
        .bind::<Nullable<Text>, _>(query.program.map(|p| p.as_str().to_owned()))
        .bind::<Nullable<SqlUuid>, _>(query.team)
        .bind::<Nullable<SqlUuid>, _>(query.agent)
        .bind::<Nullable<SqlUuid>, _>(query.work_order)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.day, r.grp, r.k, r.sums))
        .collect())
}

/// The row label of a group id.
pub fn group_key(grouping: Grouping, id: Option<&str>) -> GroupKey {
    match grouping {
        Grouping::Total => GroupKey::total(),
        _ => {
            let kind = grouping.as_str();
            match id {
                Some(id) => GroupKey::of_code(kind, id),
                None => GroupKey {
                    kind,
                    id: None,
                    label: "(none)".to_owned(),
                },
            }
        }
    }
}

/// Adds the day sums up per period bucket and group (the measures are additive), then
/// turns each bucket's sums into the report's values with `values`. Rows are sorted by
/// period then group.
pub fn assemble(
    query: &ReportQuery,
    days: Vec<DaySums>,
    values: impl Fn(&[f64]) -> Vec<Option<f64>>,
) -> Vec<ReportRow> {
    let mut buckets: BTreeMap<(NaiveDate, NaiveDate, GroupKey), Vec<f64>> = BTreeMap::new();
    for (day, group, sums) in days {
        let (start, end) = bucket(query.period, day, query.from, query.to);
        let key = (start, end, group_key(query.group_by, group.as_deref()));
        let total = buckets.entry(key).or_insert_with(|| vec![0.0; sums.len()]);
        for (t, s) in total.iter_mut().zip(sums) {
            *t += s;
        }
    }
    buckets
        .into_iter()
        .map(|((period_start, period_end, group), sums)| ReportRow {
            period_start,
            period_end,
            group,
            values: values(&sums),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::query::Period;
    use tam_kernel::Site;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn query(period: Period, group_by: Grouping) -> ReportQuery {
        ReportQuery {
            from: d(1),
            to: d(31),
            period,
            group_by,
            scope: Scope::All,
            site: None,
            program: None,
            team: None,
            agent: None,
            work_order: None,
        }
    }

    #[test]
    fn days_add_up_into_their_period_and_group() {
        let rows = assemble(
            &query(Period::Month, Grouping::Site),
            vec![
                (d(3), Some("medan".into()), vec![1.0, 2.0]),
                (d(4), Some("medan".into()), vec![3.0, 2.0]),
                (d(4), None, vec![1.0, 0.0]),
            ],
            |s| vec![Some(s[0]), crate::kpi::ratio(s[0], s[1])],
        );
        assert_eq!(rows.len(), 2);
        let medan = rows.iter().find(|r| r.group.label == "medan").unwrap();
        assert_eq!(medan.values, vec![Some(4.0), Some(1.0)]);
        let none = rows.iter().find(|r| r.group.id.is_none()).unwrap();
        assert_eq!(none.values, vec![Some(1.0), None]);
        assert_eq!((medan.period_start, medan.period_end), (d(1), d(31)));
    }

    #[test]
    fn a_team_scope_needs_the_site_and_the_team() {
        let team = Uuid::now_v7();
        assert_eq!(
            scope_bounds(Scope::Team {
                site: Site::Medan,
                team
            }),
            (Some("medan".into()), Some(team), None)
        );
        assert_eq!(scope_bounds(Scope::All), (None, None, None));
    }

    #[test]
    fn the_program_filter_reads_one_column_or_a_list() {
        let one = wrapped("SELECT 1", 1, Grouping::Total, ProgramColumn::One, None);
        assert!(one.contains("program = $7"), "{one}");
        let any = wrapped("SELECT 1", 1, Grouping::Total, ProgramColumn::Any, None);
        assert!(any.contains("$7 = ANY(programs)"), "{any}");
        assert!(any.contains("work_order_id = $10"), "{any}");
    }
}
