//! The `disruptions`, `disruption_timeline` and `disruption_breaches` tables: the
//! disruptions in a caller's scope (in SQL: out of scope is not found), their timeline,
//! the escalation poller's due timers (locked, skipping those another replica holds)
//! and the breaches (unique per disruption and clock).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{decode, int, uint};
use tam_kernel::{Cursor, Limit, Page, Program, Role};
use uuid::Uuid;

use super::schema::{disruption_breaches, disruption_timeline, disruptions};
use crate::domain::disruption::{
    Breach, ClockKind, Disruption, DisruptionScope, EntryKind, Severity, Status, StatusChange,
    TimelineEntry,
};
use crate::domain::ticket::Idempotency;

#[derive(Queryable, Selectable)]
#[diesel(table_name = disruptions)]
#[diesel(check_for_backend(diesel::pg::Pg))]
struct Row {
    id: Uuid,
    number: i64,
    site: String,
    category: String,
    programs: Vec<String>,
    agents_affected: i32,
    description: String,
    proposed_severity: String,
    severity: String,
    status: String,
    reported_by: Uuid,
    reporter_role: String,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    reported_at: DateTime<Utc>,
    acknowledged_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

fn disruption(r: Row) -> crate::Result<Disruption> {
    Ok(Disruption {
        id: r.id,
        number: r.number,
        site: decode("disruptions.site", &r.site)?,
        category: decode("disruptions.category", &r.category)?,
        programs: r
            .programs
            .iter()
            .map(|p| decode::<Program>("disruptions.programs", p))
            .collect::<anyhow::Result<Vec<_>>>()?,
        agents_affected: uint("disruptions.agents_affected", r.agents_affected)?,
        description: r.description,
        proposed_severity: decode("disruptions.proposed_severity", &r.proposed_severity)?,
        severity: decode("disruptions.severity", &r.severity)?,
        status: decode("disruptions.status", &r.status)?,
        reported_by: r.reported_by,
        reporter_role: decode("disruptions.reporter_role", &r.reporter_role)?,
        started_at: r.started_at,
        ended_at: r.ended_at,
        reported_at: r.reported_at,
        acknowledged_at: r.acknowledged_at,
        closed_at: r.closed_at,
        updated_at: r.updated_at,
    })
}

/// The statuses in which IOC still works a disruption.
const OPEN: [&str; 3] = ["reported", "acknowledged", "reopened"];

/// The disruption `reporter` reported with Idempotency-Key `key`, and the hash of that
/// request.
pub async fn by_idempotency_key(
    conn: &mut AsyncPgConnection,
    reporter: Uuid,
    key: &str,
) -> crate::Result<Option<(Uuid, Option<String>)>> {
    Ok(disruptions::table
        .filter(disruptions::reported_by.eq(reporter))
        .filter(disruptions::idempotency_key.eq(key))
        .select((disruptions::id, disruptions::request_hash))
        .first(conn)
        .await
        .optional()?)
}

/// Inserts a new disruption (with the Idempotency-Key and request hash of its report,
/// if any); answers its number.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    d: &Disruption,
    idempotency: Option<&Idempotency>,
) -> crate::Result<i64> {
    let programs: Vec<&str> = d.programs.iter().map(|p| p.as_str()).collect();
    let number = diesel::insert_into(disruptions::table)
        .values((
            disruptions::id.eq(d.id),
            disruptions::site.eq(d.site.as_str()),
            disruptions::category.eq(d.category.as_str()),
            disruptions::programs.eq(programs),
            disruptions::agents_affected.eq(int(d.agents_affected)),
            disruptions::description.eq(&d.description),
            disruptions::proposed_severity.eq(d.proposed_severity.as_str()),
            disruptions::severity.eq(d.severity.as_str()),
            disruptions::status.eq(d.status.as_str()),
            disruptions::reported_by.eq(d.reported_by),
            disruptions::reporter_role.eq(d.reporter_role.as_str()),
            disruptions::started_at.eq(d.started_at),
            disruptions::ended_at.eq(d.ended_at),
            disruptions::reported_at.eq(d.reported_at),
            disruptions::acknowledged_at.eq(d.acknowledged_at),
            disruptions::closed_at.eq(d.closed_at),
            disruptions::updated_at.eq(d.updated_at),
            disruptions::idempotency_key.eq(idempotency.map(|i| i.key.as_str())),
            disruptions::request_hash.eq(idempotency.map(|i| i.request_hash.as_str())),
        ))
        .returning(disruptions::number)
        .get_result(conn)
        .await?;
    Ok(number)
}

/// Writes what a change may change: severity, status and its instants.
pub async fn update(conn: &mut AsyncPgConnection, d: &Disruption) -> crate::Result<()> {
    diesel::update(disruptions::table.find(d.id))
        .set((
            disruptions::severity.eq(d.severity.as_str()),
            disruptions::status.eq(d.status.as_str()),
            disruptions::ended_at.eq(d.ended_at),
            disruptions::acknowledged_at.eq(d.acknowledged_at),
            disruptions::closed_at.eq(d.closed_at),
            disruptions::updated_at.eq(d.updated_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets the escalation timers of disruptions.
pub async fn set_timers(
    conn: &mut AsyncPgConnection,
    timers: &[(Uuid, Option<DateTime<Utc>>)],
) -> crate::Result<()> {
    for (id, at) in timers {
        diesel::update(disruptions::table.find(*id))
            .set(disruptions::next_escalation_at.eq(*at))
            .execute(conn)
            .await?;
    }
    Ok(())
}

type Boxed<'a> = disruptions::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped<'a>(scope: DisruptionScope) -> Boxed<'a> {
    let query = disruptions::table.into_boxed();
    match scope {
        DisruptionScope::All => query,
        DisruptionScope::Site(site) => query.filter(disruptions::site.eq(site.as_str())),
        DisruptionScope::Nothing => query.filter(disruptions::id.is_null()),
    }
}

/// The disruption `id` if `scope` covers it (else `None`, as for a missing one);
/// `lock`: `FOR UPDATE`, for a change.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: DisruptionScope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<Disruption>> {
    if lock {
        // Lock first (a boxed query cannot carry FOR UPDATE), then read within scope.
        let locked: Option<Uuid> = disruptions::table
            .find(id)
            .select(disruptions::id)
            .for_update()
            .first(conn)
            .await
            .optional()?;
        if locked.is_none() {
            return Ok(None);
        }
    }
    let row: Option<Row> = scoped(scope)
        .filter(disruptions::id.eq(id))
        .select(Row::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(disruption).transpose()
}

/// A new timeline entry.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub disruption_id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub status: Option<Status>,
    pub note: Option<&'a str>,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<Role>,
    pub details: Option<serde_json::Value>,
}

pub async fn append(conn: &mut AsyncPgConnection, e: &NewEntry<'_>) -> crate::Result<()> {
    diesel::insert_into(disruption_timeline::table)
        .values((
            disruption_timeline::disruption_id.eq(e.disruption_id),
            disruption_timeline::at.eq(e.at),
            disruption_timeline::kind.eq(e.kind.as_str()),
            disruption_timeline::status.eq(e.status.map(|s| s.as_str())),
            disruption_timeline::note.eq(e.note),
            disruption_timeline::actor_id.eq(e.actor_id),
            disruption_timeline::actor_role.eq(e.actor_role.map(|r| r.as_str())),
            disruption_timeline::details.eq(&e.details),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

type EntryRow = (
    i64,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
    Option<serde_json::Value>,
);

/// A disruption's timeline, oldest first.
pub async fn timeline(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Vec<TimelineEntry>> {
    let rows: Vec<EntryRow> = disruption_timeline::table
        .filter(disruption_timeline::disruption_id.eq(id))
        .order(disruption_timeline::id)
        .select((
            disruption_timeline::id,
            disruption_timeline::at,
            disruption_timeline::kind,
            disruption_timeline::status,
            disruption_timeline::note,
            disruption_timeline::actor_id,
            disruption_timeline::actor_role,
            disruption_timeline::details,
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(
            |(id, at, kind, status, note, actor_id, actor_role, details)| {
                Ok(TimelineEntry {
                    id,
                    at,
                    kind: decode("disruption_timeline.kind", &kind)?,
                    status: status
                        .map(|s| decode("disruption_timeline.status", &s))
                        .transpose()?,
                    note,
                    actor_id,
                    actor_role: actor_role
                        .map(|r| decode("disruption_timeline.actor_role", &r))
                        .transpose()?,
                    details,
                })
            },
        )
        .collect()
}

/// The status histories of `ids` (reported and status entries, in order).
pub async fn status_histories(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<StatusChange>>> {
    let rows: Vec<(Uuid, DateTime<Utc>, Option<String>)> = disruption_timeline::table
        .filter(disruption_timeline::disruption_id.eq_any(ids))
        .filter(disruption_timeline::status.is_not_null())
        .order((
            disruption_timeline::disruption_id,
            disruption_timeline::at,
            disruption_timeline::id,
        ))
        .select((
            disruption_timeline::disruption_id,
            disruption_timeline::at,
            disruption_timeline::status,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<StatusChange>> = HashMap::new();
    for (id, at, status) in rows {
        let Some(status) = status else { continue };
        out.entry(id).or_default().push(StatusChange {
            at,
            status: decode("disruption_timeline.status", &status)?,
        });
    }
    Ok(out)
}

type BreachRow = (
    Uuid,
    String,
    String,
    String,
    i32,
    DateTime<Utc>,
    DateTime<Utc>,
    String,
);

/// The breaches recorded for `ids`.
pub async fn breaches(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<Breach>>> {
    let rows: Vec<BreachRow> = disruption_breaches::table
        .filter(disruption_breaches::disruption_id.eq_any(ids))
        .order(disruption_breaches::id)
        .select((
            disruption_breaches::disruption_id,
            disruption_breaches::clock,
            disruption_breaches::severity,
            disruption_breaches::calendar,
            disruption_breaches::target_minutes,
            disruption_breaches::due_at,
            disruption_breaches::fired_at,
            disruption_breaches::escalated_to,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<Breach>> = HashMap::new();
    for (id, clock, severity, calendar, target, due_at, fired_at, to) in rows {
        out.entry(id).or_default().push(Breach {
            clock: decode("disruption_breaches.clock", &clock)?,
            severity: decode("disruption_breaches.severity", &severity)?,
            calendar,
            target_minutes: uint("disruption_breaches.target_minutes", target)?,
            due_at,
            fired_at,
            escalated_to: decode("disruption_breaches.escalated_to", &to)?,
        });
    }
    Ok(out)
}

/// Records a breach once: `false` if this disruption's clock has one already (another
/// sweep recorded it).
pub async fn record_breach(
    conn: &mut AsyncPgConnection,
    disruption_id: Uuid,
    b: &Breach,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(disruption_breaches::table)
        .values((
            disruption_breaches::disruption_id.eq(disruption_id),
            disruption_breaches::clock.eq(b.clock.as_str()),
            disruption_breaches::severity.eq(b.severity.as_str()),
            disruption_breaches::calendar.eq(&b.calendar),
            disruption_breaches::target_minutes.eq(int(b.target_minutes)),
            disruption_breaches::due_at.eq(b.due_at),
            disruption_breaches::fired_at.eq(b.fired_at),
            disruption_breaches::escalated_to.eq(b.escalated_to.as_str()),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Up to `limit` disruptions whose timer is due at `now`, earliest first, locked for
/// this transaction; rows another transaction holds are skipped, not waited for.
pub async fn lock_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> crate::Result<Vec<Disruption>> {
    let rows: Vec<Row> = disruptions::table
        .filter(disruptions::next_escalation_at.le(now))
        .order(disruptions::next_escalation_at)
        .limit(i64::from(limit))
        .select(Row::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    rows.into_iter().map(disruption).collect()
}

/// The list filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub site: Option<tam_kernel::Site>,
    /// Only those IOC still works (reported, acknowledged, reopened).
    pub open: bool,
    /// Only those with a breach recorded.
    pub breached: bool,
}

/// One page of the disruptions `scope` covers, newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: DisruptionScope,
    filter: &Filter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Page<Disruption>> {
    let mut query = scoped(scope);
    if let Some(status) = filter.status {
        query = query.filter(disruptions::status.eq(status.as_str()));
    }
    if let Some(severity) = filter.severity {
        query = query.filter(disruptions::severity.eq(severity.as_str()));
    }
    if let Some(site) = filter.site {
        query = query.filter(disruptions::site.eq(site.as_str()));
    }
    if filter.open {
        query = query.filter(disruptions::status.eq_any(OPEN));
    }
    if filter.breached {
        query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "EXISTS (SELECT 1 FROM disruption_breaches b WHERE b.disruption_id = disruptions.id)",
        ));
    }
    if let Some(c) = cursor {
        query = query.filter(
            disruptions::reported_at
                .lt(c.at)
                .or(disruptions::reported_at
                    .eq(c.at)
                    .and(disruptions::id.lt(c.id))),
        );
    }
    let rows: Vec<Row> = query
        .order((disruptions::reported_at.desc(), disruptions::id.desc()))
        .limit(limit.fetch())
        .select(Row::as_select())
        .load(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(disruption)
        .collect::<crate::Result<Vec<_>>>()?;
    Ok(Page::from_fetched(items, limit, |d| {
        Cursor::new(d.reported_at, d.id)
    }))
}

/// How many open P1s one list shows at its top, at most.
pub const ACTIVE_P1_MAX: i64 = 100;

/// The open P1s `scope` covers, oldest first (the longest outage on top).
pub async fn active_p1(
    conn: &mut AsyncPgConnection,
    scope: DisruptionScope,
) -> crate::Result<Vec<Disruption>> {
    let rows: Vec<Row> = scoped(scope)
        .filter(disruptions::severity.eq(Severity::P1.as_str()))
        .filter(disruptions::status.eq_any(OPEN))
        .order((disruptions::started_at, disruptions::id))
        .limit(ACTIVE_P1_MAX)
        .select(Row::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(disruption).collect()
}

/// The clock kinds of `breaches` (what the poller must not record again).
pub fn recorded(breaches: &[Breach]) -> Vec<ClockKind> {
    breaches.iter().map(|b| b.clock).collect()
}
