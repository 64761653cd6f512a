//! The quality family: QC's verdicts on tapped AGREE calls (quality.call.validated) and
//! the AGREE calls themselves (calling.call.completed with outcome agree).
//!
//! Facts: one row per AGREE call, one row per verdict revision. A task's verdict is its
//! highest revision's (a correction moves the task from valid to returned, it is never
//! counted twice), and the task counts on the WIB day of its first verdict, so that a
//! day's number of verdicts stays put when one is corrected later.

use chrono::NaiveDate;
use diesel::sql_types::{Array, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_contracts::calling::CallCompleted;
use tam_contracts::quality::CallValidated;
use tam_events::{decode, Envelope, Event, HandlerError};
use tam_kernel::{wib_date, Outcome};

use super::facts::{assemble, day_sums, ProgramColumn};
use super::Family;
use crate::kpi::{ratio, Better, KpiDef, Report, Target, Unit};
use crate::query::{Grouping, ReportQuery};

const fn kpi(
    key: &'static str,
    name: &'static str,
    unit: Unit,
    definition: &'static str,
) -> KpiDef {
    KpiDef {
        key,
        family: "quality",
        name,
        unit,
        definition,
        target: None,
    }
}

pub const KPIS: &[KpiDef] = &[
    kpi(
        "agree_validated",
        "AGREE calls validated",
        Unit::Count,
        "Tapped AGREE calls QC gave a verdict on (quality.call.validated, one per tapping task \
         whatever its corrections), on the WIB day of the task's first verdict.",
    ),
    kpi(
        "valid",
        "VALID",
        Unit::Count,
        "Validated AGREE calls whose verdict is VALID: the highest revision of the task's \
         verdict counts, on the WIB day of its first verdict (a correction moves the call \
         between VALID and RETURN on that day, never counting it twice).",
    ),
    kpi(
        "returned",
        "RETURN",
        Unit::Count,
        "Validated AGREE calls whose verdict is RETURN (highest revision), on the WIB day of \
         the task's first verdict.",
    ),
    KpiDef {
        target: Some(Target {
            value: 0.95,
            better: Better::Higher,
        }),
        ..kpi(
            "quality_validation_score",
            "Quality Validation Score",
            Unit::Ratio,
            "VALID AGREE calls ÷ AGREE calls given a verdict (valid ÷ agree_validated), by the \
             day of the first verdict; target 0.95.",
        )
    },
    kpi(
        "recalled_after_return",
        "Re-called after RETURN",
        Unit::Count,
        "RETURN calls whose prospect was called again with a new AGREE (another AGREE call \
         or another tapped call of the prospect after the RETURN's first verdict), on the \
         day of the RETURN's first verdict.",
    ),
    kpi(
        "recall_success",
        "Re-call success",
        Unit::Ratio,
        "RETURN calls whose prospect later had a VALID AGREE (another call of the prospect \
         whose verdict is VALID, first judged after the RETURN) ÷ RETURN calls, by the day \
         of the RETURN's first verdict.",
    ),
    kpi(
        "tapping_coverage",
        "Tapping coverage",
        Unit::Ratio,
        "AGREE calls with a QC verdict ÷ AGREE calls (calling.call.completed with outcome \
         agree), on the WIB day the AGREE call was recorded.",
    ),
    kpi(
        "avg_tapping_turnaround",
        "Average tapping turnaround",
        Unit::Seconds,
        "Mean of (the first verdict's validated_at − the AGREE call's ended_at) over the \
         validated calls whose completion is known, on the day of the first verdict.",
    ),
];

pub const FAMILY: Family = Family {
    key: "quality",
    title: "Quality validation",
    kpis: KPIS,
    groupings: &[
        Grouping::Total,
        Grouping::Agent,
        Grouping::Team,
        Grouping::Site,
        Grouping::Program,
    ],
};

/// Folds an AGREE call or a verdict revision (each stored once, keyed by what it is
/// about, so a replayed or reordered event changes nothing).
pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    let day = wib_date(event.occurred_at);
    if event.event_type == CallCompleted::TYPE {
        let call: CallCompleted = decode(event)?;
        if call.outcome != Outcome::Agree {
            return Ok(());
        }
        let c = &call.call;
        diesel::sql_query(
            "INSERT INTO quality_agree_calls
                 (call_id, prospect_id, work_order_id, agent_id, team_id, site, program, ended_at, day)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (call_id) DO NOTHING",
        )
        .bind::<SqlUuid, _>(c.call_id)
        .bind::<SqlUuid, _>(c.prospect_id)
        .bind::<SqlUuid, _>(c.work_order_id)
        .bind::<SqlUuid, _>(c.agent_id)
        .bind::<Nullable<SqlUuid>, _>(c.team_id)
        .bind::<Text, _>(c.site.as_str())
        .bind::<Text, _>(c.program.as_str())
        .bind::<Timestamptz, _>(call.ended_at)
        .bind::<Date, _>(day)
        .execute(conn)
        .await?;
    } else if event.event_type == CallValidated::TYPE {
        let v: CallValidated = decode(event)?;
        diesel::sql_query(
            "INSERT INTO quality_verdicts
                 (task_id, revision, call_id, prospect_id, work_order_id, agent_id, team_id,
                  site, program, verdict, validated_at, day)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (task_id, revision) DO NOTHING",
        )
        .bind::<SqlUuid, _>(v.task_id)
        .bind::<Integer, _>(i32::try_from(v.revision).unwrap_or(i32::MAX))
        .bind::<SqlUuid, _>(v.call_id)
        .bind::<SqlUuid, _>(v.prospect_id)
        .bind::<SqlUuid, _>(v.work_order_id)
        .bind::<SqlUuid, _>(v.agent_id)
        .bind::<Nullable<SqlUuid>, _>(v.team_id)
        .bind::<Text, _>(v.site.as_str())
        .bind::<Text, _>(v.program.as_str())
        .bind::<Text, _>(v.verdict.as_str())
        .bind::<Timestamptz, _>(v.validated_at)
        .bind::<Date, _>(day)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// A statement sent, its answer awaited later (pipelined with others on the connection).
pub type Pending =
    std::pin::Pin<Box<dyn std::future::Future<Output = diesel::QueryResult<usize>> + Send>>;

/// The AGREE calls of a batch (`calling.call.completed` with outcome agree), as one
/// statement built now and not yet sent: the batch fold sends it pipelined with
/// outbound's statements, since it needs nothing of them ([`apply`] does the same one
/// event at a time). `None` when the batch has no AGREE call.
pub fn agree_calls(
    conn: &mut AsyncPgConnection,
    events: &[&Envelope],
) -> Result<Option<Pending>, HandlerError> {
    let mut rows = Vec::new();
    for event in events {
        if event.event_type != CallCompleted::TYPE {
            continue;
        }
        let call: CallCompleted = decode(event)?;
        if call.outcome == Outcome::Agree {
            rows.push((call, wib_date(event.occurred_at)));
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    // ON CONFLICT DO NOTHING: a call twice in the batch is stored once, the first time.
    let query = diesel::sql_query(
        "INSERT INTO quality_agree_calls
             (call_id, prospect_id, work_order_id, agent_id, team_id, site, program, ended_at, day)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::text[], $7::text[], $8::timestamptz[], $9::date[])
         ON CONFLICT (call_id) DO NOTHING",
    )
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|(c, _)| c.call.call_id).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(
        rows.iter()
            .map(|(c, _)| c.call.prospect_id)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<SqlUuid>, _>(
        rows.iter()
            .map(|(c, _)| c.call.work_order_id)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<SqlUuid>, _>(
        rows.iter()
            .map(|(c, _)| c.call.agent_id)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<SqlUuid>>, _>(
        rows.iter().map(|(c, _)| c.call.team_id).collect::<Vec<_>>(),
    )
    .bind::<Array<Text>, _>(
        rows.iter()
            .map(|(c, _)| c.call.site.as_str().to_owned())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Text>, _>(
        rows.iter()
            .map(|(c, _)| c.call.program.as_str().to_owned())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|(c, _)| c.ended_at).collect::<Vec<_>>())
    .bind::<Array<Date>, _>(rows.iter().map(|(_, d)| *d).collect::<Vec<_>>());
    Ok(Some(query.execute(conn)))
}

/// Forgets the facts of days >= `from` (all for `None`): every figure is derived from
/// them at report time, so replaying those days' events restores it exactly.
pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    for table in ["quality_verdicts", "quality_agree_calls"] {
        diesel::sql_query(format!(
            "DELETE FROM {table} WHERE $1::date IS NULL OR day >= $1"
        ))
        .bind::<Nullable<Date>, _>(from)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The facts: one row per tapping task (its latest verdict, on its first verdict's
/// day) and one per AGREE call. Measures m0..m8: validated, valid, returned, re-called,
/// re-call succeeded, AGREE calls, AGREE calls with a verdict, turnaround seconds,
/// turnarounds measured.
const FACTS: &str = "
    WITH judged AS MATERIALIZED (
        -- One row per task: its highest revision's verdict and dimensions, the day and
        -- time of its first revision. A task whose first verdict falls in the report's
        -- days ($1 and $2 are its first and last day) has a revision in them: the rest
        -- cannot count. One pass (a window, then DISTINCT ON) and MATERIALIZED, so that
        -- the report's day filter is applied to its result: pushed into a grouped
        -- `MIN(day)` it made PostgreSQL estimate one row and re-scan the aggregate for
        -- every task (seconds for a month).
        SELECT DISTINCT ON (task_id) task_id, call_id, prospect_id, verdict, site, program,
               team_id, agent_id, work_order_id,
               MIN(day) OVER w AS day, MIN(validated_at) OVER w AS first_at
        FROM quality_verdicts
        WHERE task_id IN (SELECT task_id FROM quality_verdicts WHERE day BETWEEN $1 AND $2)
        WINDOW w AS (PARTITION BY task_id)
        ORDER BY task_id, revision DESC
    )
    SELECT j.day, j.site, j.program, j.team_id, j.agent_id, j.work_order_id,
           1::float8 AS m0,
           (j.verdict = 'valid')::int::float8 AS m1,
           (j.verdict = 'returned')::int::float8 AS m2,
           (j.verdict = 'returned' AND (
               EXISTS (SELECT 1 FROM quality_agree_calls c
                       WHERE c.prospect_id = j.prospect_id AND c.call_id <> j.call_id
                         AND c.ended_at > j.first_at)
               -- another call of the prospect first judged after the RETURN
               OR EXISTS (SELECT 1 FROM quality_verdicts l
                          WHERE l.prospect_id = j.prospect_id AND l.call_id <> j.call_id
                            AND l.validated_at > j.first_at
                            AND NOT EXISTS (SELECT 1 FROM quality_verdicts e
                                            WHERE e.task_id = l.task_id
                                              AND e.validated_at <= j.first_at))))::int::float8 AS m3,
           -- ... whose highest revision is VALID
           (j.verdict = 'returned' AND EXISTS (
               SELECT 1 FROM quality_verdicts l
               WHERE l.prospect_id = j.prospect_id AND l.call_id <> j.call_id
                 AND l.verdict = 'valid'
                 AND NOT EXISTS (SELECT 1 FROM quality_verdicts h
                                 WHERE h.task_id = l.task_id AND h.revision > l.revision)
                 AND NOT EXISTS (SELECT 1 FROM quality_verdicts e
                                 WHERE e.task_id = l.task_id
                                   AND e.validated_at <= j.first_at)))::int::float8 AS m4,
           0::float8 AS m5,
           0::float8 AS m6,
           COALESCE(EXTRACT(EPOCH FROM j.first_at - c.ended_at), 0)::float8 AS m7,
           (c.call_id IS NOT NULL)::int::float8 AS m8
    FROM judged j LEFT JOIN quality_agree_calls c ON c.call_id = j.call_id
    UNION ALL
    SELECT c.day, c.site, c.program, c.team_id, c.agent_id, c.work_order_id,
           0, 0, 0, 0, 0,
           1,
           (EXISTS (SELECT 1 FROM quality_verdicts v WHERE v.call_id = c.call_id))::int::float8,
           0, 0
    FROM quality_agree_calls c WHERE c.day BETWEEN $1 AND $2";

const MEASURES: usize = 9;

/// The KPI values (in `KPIS` order) of one bucket's sums.
pub fn values(m: &[f64]) -> Vec<Option<f64>> {
    let at = |i: usize| m.get(i).copied().unwrap_or(0.0);
    vec![
        Some(at(0)),
        Some(at(1)),
        Some(at(2)),
        ratio(at(1), at(0)),
        Some(at(3)),
        ratio(at(4), at(2)),
        ratio(at(6), at(5)),
        ratio(at(7), at(8)),
    ]
}

pub async fn report(conn: &mut AsyncPgConnection, query: &ReportQuery) -> crate::Result<Report> {
    let days = day_sums(conn, query, FACTS, MEASURES, ProgramColumn::One).await?;
    Ok(Report {
        family: FAMILY.key,
        columns: KPIS.iter().collect(),
        rows: assemble(query, days, values),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_valid_over_verdicts_and_undefined_without_any() {
        // 4 verdicts, 3 valid, 1 returned (re-called, successfully), 5 AGREE calls of
        // which 4 judged, 2 turnarounds of 600 s and 1200 s.
        let v = values(&[4.0, 3.0, 1.0, 1.0, 1.0, 5.0, 4.0, 1800.0, 2.0]);
        assert_eq!(
            v,
            vec![
                Some(4.0),
                Some(3.0),
                Some(1.0),
                Some(0.75),
                Some(1.0),
                Some(1.0),
                Some(0.8),
                Some(900.0)
            ]
        );
        let none = values(&[0.0; MEASURES]);
        assert_eq!(none[3], None);
        assert_eq!(none[5], None);
        assert_eq!(none[6], None);
        assert_eq!(none[7], None);
    }

    #[test]
    fn one_value_per_kpi() {
        assert_eq!(values(&[0.0; MEASURES]).len(), KPIS.len());
        assert_eq!(
            KPIS.iter()
                .find(|k| k.key == "quality_validation_score")
                .and_then(|k| k.target)
                .map(|t| t.value),
            Some(0.95)
        );
    }
}
