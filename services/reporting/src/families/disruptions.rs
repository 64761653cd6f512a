//! The disruptions family: the sites' IT disruptions escalated to IOC
//! (helpdesk.disruption.*), per site.
//!
//! A disruption is open from its `started_at` until IOC's resolution; a reopening
//! rejects that resolution and the span runs on until the next one, so the span is
//! `started_at` → the latest resolution's `ended_at`, once no reopening follows it. Its
//! minutes are split across the WIB days the span covers (a disruption from 23:00 to
//! 01:00 gives 60 minutes to each day), so that a day's figure is what that day lost
//! and a month is the sum of its days.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Array, Date, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_contracts::helpdesk_ioc::{
    DisruptionAcknowledged, DisruptionConfirmed, DisruptionReopened, DisruptionReported,
    DisruptionResolved, DisruptionSeverity, DisruptionSeveritySet,
};
use tam_events::{decode, Envelope, Event, HandlerError};
use tam_kernel::{wib_date, Program, Site};
use uuid::Uuid;

use super::facts::{assemble, day_sums, ProgramColumn};
use super::Family;
use crate::kpi::{KpiDef, Report, Unit};
use crate::query::{Grouping, ReportQuery};

pub const KPIS: &[KpiDef] = &[
    KpiDef {
        key: "disruptions",
        family: "disruptions",
        name: "IT disruptions",
        unit: Unit::Count,
        definition: "IT disruptions reported to IOC (helpdesk.disruption.reported), on the WIB \
                     day of the report, per site.",
        target: None,
    },
    KpiDef {
        key: "disruption_minutes",
        family: "disruptions",
        name: "Disruption minutes",
        unit: Unit::Minutes,
        definition: "Minutes the site's disruptions were open: from started_at to the latest \
                     resolution's ended_at (a reopening continues the span), split across the \
                     WIB days the span covers; a disruption still open (reported, or reopened \
                     after its last resolution) counts once it is resolved.",
        target: None,
    },
    KpiDef {
        key: "p1_disruptions",
        family: "disruptions",
        name: "P1 disruptions",
        unit: Unit::Count,
        definition: "Disruptions reported whose severity in force (the latest IOC set or the \
                     proposed one) is P1 — a site or program could not call — on the WIB day \
                     of the report.",
        target: None,
    },
];

pub const FAMILY: Family = Family {
    key: "disruptions",
    title: "IT disruptions",
    kpis: KPIS,
    groupings: &[Grouping::Total, Grouping::Site],
};

/// What one event says of its disruption.
struct Fact<'a> {
    disruption_id: Uuid,
    kind: &'a str,
    site: Site,
    programs: &'a [Program],
    severity: Option<DisruptionSeverity>,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
}

async fn store(
    conn: &mut AsyncPgConnection,
    event: &Envelope,
    fact: Fact<'_>,
) -> Result<(), HandlerError> {
    let programs: Vec<&str> = fact.programs.iter().map(|p| p.as_str()).collect();
    diesel::sql_query(
        "INSERT INTO disruption_events
             (event_id, disruption_id, kind, site, programs, severity, started_at, ended_at,
              at, day)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind::<SqlUuid, _>(event.id)
    .bind::<SqlUuid, _>(fact.disruption_id)
    .bind::<Text, _>(fact.kind)
    .bind::<Text, _>(fact.site.as_str())
    .bind::<Array<Text>, _>(programs)
    .bind::<Nullable<Text>, _>(fact.severity.map(DisruptionSeverity::as_str))
    .bind::<Timestamptz, _>(fact.started_at)
    .bind::<Nullable<Timestamptz>, _>(fact.ended_at)
    .bind::<Timestamptz, _>(fact.at)
    .bind::<Date, _>(wib_date(event.occurred_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores each event that tells the span or the severity, once (keyed by the event).
pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    match event.event_type.as_str() {
        DisruptionReported::TYPE => {
            let e: DisruptionReported = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "reported",
                site: e.site,
                programs: &e.programs,
                severity: Some(e.severity),
                started_at: e.started_at,
                ended_at: None,
                at: e.reported_at,
            };
            store(conn, event, fact).await
        }
        DisruptionSeveritySet::TYPE => {
            let e: DisruptionSeveritySet = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "severity_set",
                site: e.site,
                programs: &e.programs,
                severity: Some(e.to),
                started_at: e.started_at,
                ended_at: None,
                at: e.set_at,
            };
            store(conn, event, fact).await
        }
        DisruptionAcknowledged::TYPE => {
            let e: DisruptionAcknowledged = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "acknowledged",
                site: e.site,
                programs: &[],
                severity: Some(e.severity),
                started_at: e.started_at,
                ended_at: None,
                at: e.acknowledged_at,
            };
            store(conn, event, fact).await
        }
        DisruptionResolved::TYPE => {
            let e: DisruptionResolved = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "resolved",
                site: e.site,
                programs: &e.programs,
                severity: Some(e.severity),
                started_at: e.started_at,
                ended_at: Some(e.ended_at),
                at: e.ended_at,
            };
            store(conn, event, fact).await
        }
        DisruptionConfirmed::TYPE => {
            let e: DisruptionConfirmed = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "confirmed",
                site: e.site,
                programs: &e.programs,
                severity: Some(e.severity),
                started_at: e.started_at,
                ended_at: Some(e.ended_at),
                at: e.confirmed_at,
            };
            store(conn, event, fact).await
        }
        DisruptionReopened::TYPE => {
            let e: DisruptionReopened = decode(event)?;
            let fact = Fact {
                disruption_id: e.disruption_id,
                kind: "reopened",
                site: e.site,
                programs: &e.programs,
                severity: Some(e.severity),
                started_at: e.started_at,
                ended_at: None,
                at: e.reopened_at,
            };
            store(conn, event, fact).await
        }
        _ => Ok(()),
    }
}

/// Forgets the facts of days >= `from` (all for `None`): the spans, severities and
/// counts are derived from them at report time.
pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    diesel::sql_query("DELETE FROM disruption_events WHERE $1::date IS NULL OR day >= $1")
        .bind::<Nullable<Date>, _>(from)
        .execute(conn)
        .await?;
    Ok(())
}

/// Measures m0..m2: disruptions reported, P1 among them, minutes open. Site-level
/// facts: no team, agent or work order (outside a team's or an agent's scope).
const FACTS: &str = "
    WITH severity AS (
        SELECT DISTINCT ON (disruption_id) disruption_id, severity
        FROM disruption_events WHERE severity IS NOT NULL
        ORDER BY disruption_id, at DESC, event_id DESC
    ), reported AS (
        SELECT DISTINCT ON (disruption_id) disruption_id, day, site, programs
        FROM disruption_events WHERE kind = 'reported'
        ORDER BY disruption_id, at
    ), fix AS (
        SELECT DISTINCT ON (disruption_id) disruption_id, site, programs, started_at, ended_at
        FROM disruption_events WHERE kind IN ('resolved', 'confirmed')
        ORDER BY disruption_id, ended_at DESC
    ), reopened AS (
        SELECT disruption_id, MAX(at) AS at FROM disruption_events
        WHERE kind = 'reopened' GROUP BY disruption_id
    ), span AS (
        SELECT f.* FROM fix f LEFT JOIN reopened r USING (disruption_id)
        WHERE r.at IS NULL OR r.at <= f.ended_at
    )
    SELECT r.day, r.site, r.programs, NULL::text AS program, NULL::uuid AS team_id,
           NULL::uuid AS agent_id, NULL::uuid AS work_order_id,
           1::float8 AS m0, (s.severity = 'p1')::int::float8 AS m1, 0::float8 AS m2
    FROM reported r LEFT JOIN severity s USING (disruption_id)
    UNION ALL
    SELECT g.day::date, s.site, s.programs, NULL::text, NULL::uuid, NULL::uuid, NULL::uuid,
           0, 0,
           GREATEST(EXTRACT(EPOCH FROM
               LEAST(s.ended_at, (g.day + interval '1 day' - interval '7 hours') AT TIME ZONE 'UTC')
               - GREATEST(s.started_at, (g.day - interval '7 hours') AT TIME ZONE 'UTC')), 0) / 60.0
    FROM span s
    CROSS JOIN LATERAL generate_series(
        ((s.started_at AT TIME ZONE 'UTC') + interval '7 hours')::date,
        ((s.ended_at AT TIME ZONE 'UTC') + interval '7 hours')::date,
        interval '1 day') AS g(day)";

/// The KPI values (in `KPIS` order) of one bucket's sums.
pub fn values(m: &[f64]) -> Vec<Option<f64>> {
    let at = |i: usize| m.get(i).copied().unwrap_or(0.0);
    vec![Some(at(0)), Some(at(2)), Some(at(1))]
}

pub async fn report(conn: &mut AsyncPgConnection, query: &ReportQuery) -> crate::Result<Report> {
    let days = day_sums(conn, query, FACTS, 3, ProgramColumn::Any).await?;
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
    fn the_values_follow_the_kpi_columns() {
        assert_eq!(
            values(&[2.0, 1.0, 90.0]),
            vec![Some(2.0), Some(90.0), Some(1.0)]
        );
        assert_eq!(KPIS[1].key, "disruption_minutes");
        assert_eq!(KPIS[2].key, "p1_disruptions");
    }
}
