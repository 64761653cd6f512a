//! The `tickets` and `ticket_history` tables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{decode, int, uint};
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::schema::{ticket_history, tickets};
use crate::domain::policy::Channel;
use crate::domain::scope::TicketScope;
use crate::domain::sla::{StatusChange, TicketStatus};
use crate::domain::ticket::{HistoryEntry, HistoryKind, NewTicket, Opener, Ticket};

/// The statuses of a resolved ticket, as the `tickets_one_open` index lists them.
pub const RESOLVED: [&str; 3] = ["activated", "failed", "cancelled"];

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = tickets, check_for_backend(diesel::pg::Pg))]
pub(crate) struct TicketRow {
    id: Uuid,
    number: i64,
    channel: String,
    indihome_number: String,
    customer_name: String,
    contact_number: String,
    product_code: Option<String>,
    negotiation_step: Option<i32>,
    product_key: String,
    priority: String,
    site: Option<String>,
    program: Option<String>,
    work_order_id: Option<Uuid>,
    call_id: Option<Uuid>,
    prospect_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    team_id: Option<Uuid>,
    status: String,
    stage: String,
    provisioning_order_number: Option<String>,
    assignee_id: Option<Uuid>,
    opened_at: DateTime<Utc>,
    opened_by: Option<Uuid>,
    resolved_at: Option<DateTime<Utc>>,
    flag_reason: Option<String>,
    next_escalation_at: Option<DateTime<Utc>>,
    first_responded_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = anyhow::Error;

    fn try_from(r: TicketRow) -> anyhow::Result<Ticket> {
        Ok(Ticket {
            id: r.id,
            number: r.number,
            channel: decode("tickets.channel", &r.channel)?,
            indihome_number: r.indihome_number,
            customer_name: r.customer_name,
            contact_number: r.contact_number,
            product_code: r.product_code,
            negotiation_step: r
                .negotiation_step
                .map(|s| uint("tickets.negotiation_step", s))
                .transpose()?,
            product_key: r.product_key,
            priority: decode("tickets.priority", &r.priority)?,
            site: r.site.map(|s| decode("tickets.site", &s)).transpose()?,
            program: r
                .program
                .map(|p| decode("tickets.program", &p))
                .transpose()?,
            work_order_id: r.work_order_id,
            call_id: r.call_id,
            prospect_id: r.prospect_id,
            agent_id: r.agent_id,
            team_id: r.team_id,
            status: decode("tickets.status", &r.status)?,
            stage: decode("tickets.stage", &r.stage)?,
            provisioning_order_number: r.provisioning_order_number,
            assignee_id: r.assignee_id,
            opened_at: r.opened_at,
            opened_by: r.opened_by,
            resolved_at: r.resolved_at,
            flag_reason: r.flag_reason,
            next_escalation_at: r.next_escalation_at,
            first_responded_at: r.first_responded_at,
            updated_at: r.updated_at,
        })
    }
}

fn ticket(row: TicketRow) -> crate::Result<Ticket> {
    Ok(Ticket::try_from(row)?)
}

/// Inserts a checked new ticket in `validation` (the caller checked the references and
/// the one-open-ticket rule; the unique indexes still decide a race).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    new: &NewTicket,
    opener: &Opener,
) -> crate::Result<Ticket> {
    let status = TicketStatus::Validation.as_str();
    let sale = new.sale;
    let row: TicketRow = diesel::insert_into(tickets::table)
        .values((
            tickets::id.eq(id),
            tickets::channel.eq(new.channel.as_str()),
            tickets::indihome_number.eq(&new.indihome_number),
            tickets::customer_name.eq(&new.customer_name),
            tickets::contact_number.eq(&new.contact_number),
            tickets::product_code.eq(new.subject.product_code()),
            tickets::negotiation_step.eq(new.subject.negotiation_step().map(int)),
            tickets::product_key.eq(new.subject.product_key()),
            tickets::priority.eq(new.priority.as_str()),
            tickets::site.eq(new.site.map(|s| s.as_str())),
            tickets::program.eq(new.program.map(|p| p.as_str())),
            tickets::work_order_id.eq(sale.map(|s| s.work_order_id)),
            tickets::call_id.eq(sale.map(|s| s.call_id)),
            tickets::prospect_id.eq(sale.map(|s| s.prospect_id)),
            tickets::agent_id.eq(sale.map(|s| s.agent_id)),
            tickets::team_id.eq(sale.and_then(|s| s.team_id)),
            tickets::status.eq(status),
            tickets::stage.eq(status),
            tickets::provisioning_order_number.eq(&new.provisioning_order_number),
            tickets::opened_at.eq(new.opened_at),
            tickets::opened_by.eq(opener.actor_id()),
            tickets::updated_at.eq(new.opened_at),
            tickets::idempotency_key.eq(new.idempotency.as_ref().map(|i| &i.key)),
            tickets::request_hash.eq(new.idempotency.as_ref().map(|i| &i.request_hash)),
        ))
        .returning(TicketRow::as_returning())
        .get_result(conn)
        .await?;
    ticket(row)
}

/// The SQL filter of a scope.
fn scoped<'a>(scope: TicketScope) -> tickets::BoxedQuery<'a, diesel::pg::Pg> {
    let query = tickets::table.into_boxed();
    match scope {
        TicketScope::All => query,
        TicketScope::Site(site) => query.filter(tickets::site.eq(site.as_str())),
        TicketScope::Team(site, team) => query
            .filter(tickets::site.eq(site.as_str()))
            .filter(tickets::team_id.eq(team)),
        TicketScope::Agent(agent) => query.filter(tickets::agent_id.eq(agent)),
        // No row has a nil id.
        TicketScope::Nothing => query.filter(tickets::id.eq(Uuid::nil())),
    }
}

/// The ticket `id` if `scope` covers it; `for_update` locks it for the transaction.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: TicketScope,
    id: Uuid,
    for_update: bool,
) -> crate::Result<Option<Ticket>> {
    if for_update {
        // Lock first (a boxed query cannot carry FOR UPDATE), then read within scope.
        let locked: Option<Uuid> = tickets::table
            .find(id)
            .select(tickets::id)
            .for_update()
            .first(conn)
            .await
            .optional()?;
        if locked.is_none() {
            return Ok(None);
        }
    }
    scoped(scope)
        .filter(tickets::id.eq(id))
        .select(TicketRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(ticket)
        .transpose()
}

/// The open ticket of (IndiHome number, product key), if any.
pub async fn open_for(
    conn: &mut AsyncPgConnection,
    indihome_number: &str,
    product_key: &str,
) -> crate::Result<Option<Uuid>> {
    Ok(tickets::table
        .filter(tickets::indihome_number.eq(indihome_number))
        .filter(tickets::product_key.eq(product_key))
        .filter(tickets::status.ne_all(RESOLVED))
        .select(tickets::id)
        .first(conn)
        .await
        .optional()?)
}

/// The ticket opened by `opener_id` with Idempotency-Key `key`, and the hash of what
/// that request asked.
pub async fn by_idempotency_key(
    conn: &mut AsyncPgConnection,
    opener_id: Uuid,
    key: &str,
) -> crate::Result<Option<(Ticket, Option<String>)>> {
    let row: Option<(TicketRow, Option<String>)> = tickets::table
        .filter(tickets::opened_by.eq(opener_id))
        .filter(tickets::idempotency_key.eq(key))
        .select((TicketRow::as_select(), tickets::request_hash))
        .first(conn)
        .await
        .optional()?;
    row.map(|(row, hash)| Ok((ticket(row)?, hash))).transpose()
}

/// The ticket of an OBC sale, if one was opened.
pub async fn by_call(conn: &mut AsyncPgConnection, call_id: Uuid) -> crate::Result<Option<Ticket>> {
    tickets::table
        .filter(tickets::call_id.eq(call_id))
        .select(TicketRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(ticket)
        .transpose()
}

/// What a status change writes on the ticket.
#[derive(Debug, Clone)]
pub struct StatusUpdate<'a> {
    pub status: TicketStatus,
    pub stage: TicketStatus,
    pub provisioning_order_number: Option<&'a str>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub next_escalation_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// Writes a status change (the caller holds the row lock).
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    u: &StatusUpdate<'_>,
) -> crate::Result<Ticket> {
    let row: TicketRow = diesel::update(tickets::table.find(id))
        .set((
            tickets::status.eq(u.status.as_str()),
            tickets::stage.eq(u.stage.as_str()),
            tickets::provisioning_order_number.eq(u.provisioning_order_number),
            tickets::resolved_at.eq(u.resolved_at),
            tickets::first_responded_at.eq(u.first_responded_at),
            tickets::next_escalation_at.eq(u.next_escalation_at),
            tickets::updated_at.eq(u.at),
        ))
        .returning(TicketRow::as_returning())
        .get_result(conn)
        .await?;
    ticket(row)
}

/// Sets the escalation timer (after a recomputation).
pub async fn set_next_escalation(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    next: Option<DateTime<Utc>>,
) -> crate::Result<()> {
    diesel::update(tickets::table.find(id))
        .set(tickets::next_escalation_at.eq(next))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the desk's first response if none was recorded.
pub async fn set_first_response(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(tickets::table.find(id))
        .filter(tickets::first_responded_at.is_null())
        .set(tickets::first_responded_at.eq(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the ticket to `assignee`.
pub async fn set_assignee(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    assignee: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Ticket> {
    let row: TicketRow = diesel::update(tickets::table.find(id))
        .set((
            tickets::assignee_id.eq(assignee),
            tickets::updated_at.eq(at),
        ))
        .returning(TicketRow::as_returning())
        .get_result(conn)
        .await?;
    ticket(row)
}

/// One history entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub ticket_id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: HistoryKind,
    pub status: Option<TicketStatus>,
    pub note: Option<&'a str>,
    pub by: &'a Opener,
    pub details: Option<serde_json::Value>,
}

/// Appends an entry to a ticket's history.
pub async fn append(conn: &mut AsyncPgConnection, e: &NewEntry<'_>) -> crate::Result<i64> {
    let id = diesel::insert_into(ticket_history::table)
        .values((
            ticket_history::ticket_id.eq(e.ticket_id),
            ticket_history::at.eq(e.at),
            ticket_history::kind.eq(e.kind.as_str()),
            ticket_history::status.eq(e.status.map(|s| s.as_str())),
            ticket_history::note.eq(e.note),
            ticket_history::actor_id.eq(e.by.actor_id()),
            ticket_history::actor_role.eq(e.by.actor_role().map(|r| r.as_str())),
            ticket_history::channel.eq(e.by.channel().map(Channel::as_str)),
            ticket_history::details.eq(&e.details),
        ))
        .returning(ticket_history::id)
        .get_result(conn)
        .await?;
    Ok(id)
}

type HistoryRow = (
    i64,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
    Option<String>,
    Option<serde_json::Value>,
);

/// A ticket's history, oldest first.
pub async fn history(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = ticket_history::table
        .filter(ticket_history::ticket_id.eq(id))
        .order(ticket_history::id)
        .select((
            ticket_history::id,
            ticket_history::at,
            ticket_history::kind,
            ticket_history::status,
            ticket_history::note,
            ticket_history::actor_id,
            ticket_history::actor_role,
            ticket_history::channel,
            ticket_history::details,
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(
            |(id, at, kind, status, note, actor_id, actor_role, channel, details)| {
                Ok(HistoryEntry {
                    id,
                    at,
                    kind: decode("ticket_history.kind", &kind)?,
                    status: status
                        .map(|s| decode("ticket_history.status", &s))
                        .transpose()?,
                    note,
                    actor_id,
                    actor_role: actor_role
                        .map(|r| decode("ticket_history.actor_role", &r))
                        .transpose()?,
                    channel: channel
                        .map(|c| decode("ticket_history.channel", &c))
                        .transpose()?,
                    details,
                })
            },
        )
        .collect()
}

/// The status changes of a history, for the SLA clocks.
pub fn status_changes(history: &[HistoryEntry]) -> Vec<StatusChange> {
    history
        .iter()
        .filter_map(|e| e.status.map(|status| StatusChange { at: e.at, status }))
        .collect()
}

/// The queue filters.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    pub channel: Option<Channel>,
    pub site: Option<tam_kernel::Site>,
    /// Only open tickets with a recorded breach.
    pub overdue: bool,
    /// Only tickets with an escalation recorded.
    pub escalated: bool,
    /// Only tickets assigned to this employee.
    pub assignee: Option<Uuid>,
    pub indihome_number: Option<String>,
}

/// One page of the tickets `scope` covers, newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: TicketScope,
    filter: &TicketFilter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Page<Ticket>> {
    let mut query = scoped(scope);
    if let Some(status) = filter.status {
        query = query.filter(tickets::status.eq(status.as_str()));
    }
    if let Some(channel) = filter.channel {
        query = query.filter(tickets::channel.eq(channel.as_str()));
    }
    if let Some(site) = filter.site {
        query = query.filter(tickets::site.eq(site.as_str()));
    }
    if let Some(number) = &filter.indihome_number {
        query = query.filter(tickets::indihome_number.eq(number.clone()));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(tickets::assignee_id.eq(assignee));
    }
    // The escalation poller's `escalations` rows (one per ticket, clock and level).
    if filter.escalated {
        query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = tickets.id)",
        ));
    }
    if filter.overdue {
        // Overdue: open, with a breach recorded.
        query = query
            .filter(tickets::status.ne_all(RESOLVED))
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = tickets.id AND e.breach)",
            ));
    }
    if let Some(c) = cursor {
        query = query.filter(
            tickets::opened_at
                .lt(c.at)
                .or(tickets::opened_at.eq(c.at).and(tickets::id.lt(c.id))),
        );
    }
    let rows: Vec<TicketRow> = query
        .order((tickets::opened_at.desc(), tickets::id.desc()))
        .limit(limit.fetch())
        .select(TicketRow::as_select())
        .load(conn)
        .await?;
    let items = rows
        .into_iter()
        .map(ticket)
        .collect::<crate::Result<Vec<_>>>()?;
    Ok(Page::from_fetched(items, limit, |t| {
        Cursor::new(t.opened_at, t.id)
    }))
}
