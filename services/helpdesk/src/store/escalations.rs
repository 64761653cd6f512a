//! The escalation poller's reads and writes: the tickets whose timer is due (locked,
//! skipping those another replica holds), their status histories and fired levels in
//! one query each for the whole batch, the `escalations` rows (unique per ticket, clock
//! and level) and the notifications still to send.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{decode, int, uint};
use tam_kernel::Site;
use uuid::Uuid;

use super::schema::{escalations, issue_categories, issues, ticket_history, tickets};
use crate::domain::escalation::Recipient;
use crate::domain::policy::{Channel, Priority};
use crate::domain::sla::{ClockKind, StatusChange, TicketStatus};

/// What the SLA engine reads of a ticket.
#[derive(Debug, Clone)]
pub struct TicketSla {
    pub id: Uuid,
    pub number: i64,
    pub channel: Channel,
    /// The product code, or the product key for retention (what policies name).
    pub policy_product: String,
    pub priority: Priority,
    pub site: Option<Site>,
    pub status: TicketStatus,
    pub assignee_id: Option<Uuid>,
    pub first_responded_at: Option<DateTime<Utc>>,
}

type TicketSlaRow = (
    Uuid,
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    Option<Uuid>,
    Option<DateTime<Utc>>,
);

fn ticket_columns() -> (
    tickets::id,
    tickets::number,
    tickets::channel,
    tickets::product_code,
    tickets::product_key,
    tickets::priority,
    tickets::site,
    tickets::status,
    tickets::assignee_id,
    tickets::first_responded_at,
) {
    (
        tickets::id,
        tickets::number,
        tickets::channel,
        tickets::product_code,
        tickets::product_key,
        tickets::priority,
        tickets::site,
        tickets::status,
        tickets::assignee_id,
        tickets::first_responded_at,
    )
}

fn decode_ticket(row: TicketSlaRow) -> crate::Result<TicketSla> {
    let (id, number, channel, product_code, product_key, priority, site, status, assignee, fr) =
        row;
    Ok(TicketSla {
        id,
        number,
        channel: decode("tickets.channel", &channel)?,
        policy_product: product_code.unwrap_or(product_key),
        priority: decode("tickets.priority", &priority)?,
        site: site.map(|s| decode("tickets.site", &s)).transpose()?,
        status: decode("tickets.status", &status)?,
        assignee_id: assignee,
        first_responded_at: fr,
    })
}

/// Up to `limit` tickets whose next escalation is due at `now`, earliest first, locked
/// for this transaction; rows another transaction (another replica's sweep, a status
/// change) holds are skipped, not waited for. Reads the partial index on
/// `next_escalation_at`.
pub async fn lock_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> crate::Result<Vec<TicketSla>> {
    let rows: Vec<TicketSlaRow> = tickets::table
        .filter(tickets::next_escalation_at.le(now))
        .order(tickets::next_escalation_at)
        .limit(i64::from(limit))
        .select(ticket_columns())
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    rows.into_iter().map(decode_ticket).collect()
}

/// The SQL of [`lock_due`], for the benchmark's EXPLAIN.
pub fn lock_due_sql(now: DateTime<Utc>, limit: u32) -> String {
    let query = tickets::table
        .filter(tickets::next_escalation_at.le(now))
        .order(tickets::next_escalation_at)
        .limit(i64::from(limit))
        .select(ticket_columns())
        .for_update()
        .skip_locked();
    diesel::debug_query::<diesel::pg::Pg, _>(&query).to_string()
}

/// Up to `limit` open tickets with an id after `after`, by id, locked (waiting for a
/// change in progress: a recomputation must see every open ticket).
pub async fn lock_open_page(
    conn: &mut AsyncPgConnection,
    after: Option<Uuid>,
    limit: u32,
) -> crate::Result<Vec<TicketSla>> {
    // The nil id is below every ticket's (v7 ids).
    let rows: Vec<TicketSlaRow> = tickets::table
        .filter(tickets::resolved_at.is_null())
        .filter(tickets::id.gt(after.unwrap_or(Uuid::nil())))
        .order(tickets::id)
        .limit(i64::from(limit))
        .select(ticket_columns())
        .for_update()
        .load(conn)
        .await?;
    rows.into_iter().map(decode_ticket).collect()
}

/// The status histories of `ids` (opened and status entries, in order).
pub async fn status_histories(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<StatusChange>>> {
    let rows: Vec<(Uuid, DateTime<Utc>, Option<String>)> = ticket_history::table
        .filter(ticket_history::ticket_id.eq_any(ids))
        .filter(ticket_history::status.is_not_null())
        .order((
            ticket_history::ticket_id,
            ticket_history::at,
            ticket_history::id,
        ))
        .select((
            ticket_history::ticket_id,
            ticket_history::at,
            ticket_history::status,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<StatusChange>> = HashMap::new();
    for (ticket, at, status) in rows {
        let Some(status) = status else { continue };
        out.entry(ticket).or_default().push(StatusChange {
            at,
            status: decode("ticket_history.status", &status)?,
        });
    }
    Ok(out)
}

/// The levels already fired for `ids`: (clock, level code) per ticket.
pub async fn fired(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Vec<(ClockKind, String)>>> {
    let rows: Vec<(Uuid, String, String)> = escalations::table
        .filter(escalations::ticket_id.eq_any(ids))
        .select((
            escalations::ticket_id,
            escalations::clock,
            escalations::level,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<(ClockKind, String)>> = HashMap::new();
    for (ticket, clock, level) in rows {
        out.entry(ticket)
            .or_default()
            .push((decode("escalations.clock", &clock)?, level));
    }
    Ok(out)
}

/// Which of `ids` have an unresolved kendala of an IT-cause category (their
/// escalations also go to IOC).
pub async fn it_causes(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> crate::Result<HashSet<Uuid>> {
    let rows: Vec<Uuid> = issues::table
        .inner_join(issue_categories::table.on(issue_categories::code.eq(issues::category)))
        .filter(issues::ticket_id.eq_any(ids))
        .filter(issues::resolved_at.is_null())
        .filter(issue_categories::it_cause)
        .select(issues::ticket_id)
        .distinct()
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Sets each ticket's timer (`None`: nothing will fire without a change).
pub async fn set_timers(
    conn: &mut AsyncPgConnection,
    timers: &[(Uuid, Option<DateTime<Utc>>)],
) -> crate::Result<()> {
    if timers.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = timers.iter().map(|t| t.0).collect();
    let ats: Vec<Option<DateTime<Utc>>> = timers.iter().map(|t| t.1).collect();
    // One statement for the batch; only rows whose timer changes are written.
    diesel::sql_query(
        "UPDATE tickets SET next_escalation_at = t.at \
         FROM unnest($1, $2) AS t(id, at) \
         WHERE tickets.id = t.id AND tickets.next_escalation_at IS DISTINCT FROM t.at",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Array<Nullable<Timestamptz>>, _>(ats)
    .execute(conn)
    .await?;
    Ok(())
}

/// A level to record.
#[derive(Debug, Clone)]
pub struct NewEscalation<'a> {
    pub ticket_id: Uuid,
    pub clock: ClockKind,
    pub level: &'a str,
    pub percent: u32,
    pub breach: bool,
    pub reached_at: DateTime<Utc>,
    pub fired_at: DateTime<Utc>,
    pub recipients: &'a [Recipient],
    pub assignee_id: Option<Uuid>,
    pub notify_at: DateTime<Utc>,
    /// Set when the notification goes out in the same transaction.
    pub notified_at: Option<DateTime<Utc>>,
}

/// Records a level unless it was recorded already (by this replica's earlier sweep or
/// another's): its id if this call recorded it.
pub async fn record(
    conn: &mut AsyncPgConnection,
    e: &NewEscalation<'_>,
) -> crate::Result<Option<i64>> {
    let id: Option<i64> = diesel::insert_into(escalations::table)
        .values((
            escalations::ticket_id.eq(e.ticket_id),
            escalations::clock.eq(e.clock.as_str()),
            escalations::level.eq(e.level),
            escalations::percent.eq(int(e.percent)),
            escalations::breach.eq(e.breach),
            escalations::reached_at.eq(e.reached_at),
            escalations::fired_at.eq(e.fired_at),
            escalations::recipients.eq(e
                .recipients
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect::<Vec<_>>()),
            escalations::assignee_id.eq(e.assignee_id),
            escalations::notify_at.eq(e.notify_at),
            escalations::notified_at.eq(e.notified_at),
        ))
        .on_conflict((
            escalations::ticket_id,
            escalations::clock,
            escalations::level,
        ))
        .do_nothing()
        .returning(escalations::id)
        .get_result(conn)
        .await
        .optional()?;
    Ok(id)
}

/// The `escalated` entry of a ticket's history.
pub async fn write_history(
    conn: &mut AsyncPgConnection,
    ticket_id: Uuid,
    at: DateTime<Utc>,
    details: serde_json::Value,
) -> crate::Result<()> {
    diesel::insert_into(ticket_history::table)
        .values((
            ticket_history::ticket_id.eq(ticket_id),
            ticket_history::at.eq(at),
            ticket_history::kind.eq("escalated"),
            ticket_history::details.eq(Some(details)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A recorded escalation, with what its notification names of the ticket.
#[derive(Debug, Clone)]
pub struct Escalation {
    pub id: i64,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
    pub site: Option<Site>,
    pub clock: ClockKind,
    pub level: String,
    pub percent: u32,
    pub breach: bool,
    pub reached_at: DateTime<Utc>,
    pub fired_at: DateTime<Utc>,
    pub recipients: Vec<Recipient>,
    pub assignee_id: Option<Uuid>,
    pub notify_at: DateTime<Utc>,
    pub notified_at: Option<DateTime<Utc>>,
}

type EscalationRow = (
    i64,
    Uuid,
    i64,
    Option<String>,
    String,
    String,
    i32,
    bool,
    DateTime<Utc>,
    DateTime<Utc>,
    Vec<String>,
    Option<Uuid>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// The columns of [`EscalationRow`].
type EscalationColumns = (
    escalations::id,
    escalations::ticket_id,
    tickets::number,
    tickets::site,
    escalations::clock,
    escalations::level,
    escalations::percent,
    escalations::breach,
    escalations::reached_at,
    escalations::fired_at,
    escalations::recipients,
    escalations::assignee_id,
    escalations::notify_at,
    escalations::notified_at,
);

fn escalation_columns() -> EscalationColumns {
    (
        escalations::id,
        escalations::ticket_id,
        tickets::number,
        tickets::site,
        escalations::clock,
        escalations::level,
        escalations::percent,
        escalations::breach,
        escalations::reached_at,
        escalations::fired_at,
        escalations::recipients,
        escalations::assignee_id,
        escalations::notify_at,
        escalations::notified_at,
    )
}

fn decode_escalation(row: EscalationRow) -> crate::Result<Escalation> {
    let (
        id,
        ticket_id,
        number,
        site,
        clock,
        level,
        percent,
        breach,
        reached,
        fired,
        rec,
        who,
        nat,
        ned,
    ) = row;
    Ok(Escalation {
        id,
        ticket_id,
        ticket_number: number,
        site: site.map(|s| decode("tickets.site", &s)).transpose()?,
        clock: decode("escalations.clock", &clock)?,
        level,
        percent: uint("escalations.percent", percent)?,
        breach,
        reached_at: reached,
        fired_at: fired,
        recipients: rec
            .iter()
            .map(|r| decode("escalations.recipients", r))
            .collect::<anyhow::Result<_>>()?,
        assignee_id: who,
        notify_at: nat,
        notified_at: ned,
    })
}

/// Up to `limit` notifications due at `now` and not sent, earliest first, locked
/// (skipping those another replica is sending).
pub async fn lock_pending(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> crate::Result<Vec<Escalation>> {
    // The escalation rows only are locked (a ticket's row is the status changes' and
    // the sweep's), then read with their tickets.
    let ids: Vec<i64> = escalations::table
        .filter(escalations::notified_at.is_null())
        .filter(escalations::notify_at.le(now))
        .order(escalations::notify_at)
        .limit(i64::from(limit))
        .select(escalations::id)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<EscalationRow> = escalations::table
        .inner_join(tickets::table)
        .filter(escalations::id.eq_any(&ids))
        .order(escalations::notify_at)
        .select(escalation_columns())
        .load(conn)
        .await?;
    rows.into_iter().map(decode_escalation).collect()
}

/// Marks notifications sent.
pub async fn mark_notified(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(escalations::table.filter(escalations::id.eq_any(ids)))
        .set(escalations::notified_at.eq(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// What a list of escalations asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only those notifying this recipient (and sent).
    pub recipient: Option<Recipient>,
    /// Only those whose assignee is this employee (with `recipient` = assignee).
    pub assignee: Option<Uuid>,
    /// Only breaches.
    pub breach: Option<bool>,
    /// Only older than this id (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

/// Escalations, newest first.
pub async fn list(conn: &mut AsyncPgConnection, filter: &Filter) -> crate::Result<Vec<Escalation>> {
    let mut query = escalations::table
        .inner_join(tickets::table)
        .select(escalation_columns())
        .order(escalations::id.desc())
        .limit(i64::from(filter.limit))
        .into_boxed();
    if let Some(recipient) = filter.recipient {
        query = query
            .filter(escalations::recipients.contains(vec![recipient.as_str().to_owned()]))
            .filter(escalations::notified_at.is_not_null());
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(escalations::assignee_id.eq(assignee));
    }
    if let Some(breach) = filter.breach {
        query = query.filter(escalations::breach.eq(breach));
    }
    if let Some(before) = filter.before {
        query = query.filter(escalations::id.lt(before));
    }
    let rows: Vec<EscalationRow> = query.load(conn).await?;
    rows.into_iter().map(decode_escalation).collect()
}
