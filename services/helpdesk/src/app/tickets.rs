//! Activation tickets: opening (by API, from OBC sales, by import), reading with the
//! SLA state, status changes, claim and assignment, the queues.

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use tam_kernel::{Cursor, FieldError, Limit, Page};
use uuid::Uuid;

use super::sla::{self, SlaConfig, SlaState};
use super::{Helpdesk, Request};
use crate::domain::issue::IssueDetail;
use crate::domain::policy::Channel;
use crate::domain::scope::ticket_scope;
use crate::domain::sla::{check_transition, TicketStatus};
use crate::domain::ticket::{
    check_new_ticket, check_status_change, is_response, normalized, position_after, HistoryEntry,
    HistoryKind, NewTicket, Opener, Subject, Ticket,
};
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Own, Result};
use crate::events::{self, TicketOpened, TicketResolved, TicketStatusChanged};
use crate::store::issues;
use crate::store::references::{self, Known};
use crate::store::tickets::{self, NewEntry, StatusUpdate, TicketFilter};

/// The outcome of [`open`].
#[derive(Debug, Clone)]
pub struct Opened {
    pub ticket: Ticket,
    /// The ticket an earlier request with the same Idempotency-Key and the same body
    /// opened; nothing was written.
    pub replayed: bool,
}

/// Opens a ticket in `validation`, on `conn`, inside the caller's transaction: the
/// ticket, its opening history entry, its escalation timer and `helpdesk.ticket.opened`
/// are written together, or nothing is (the caller's transaction decides).
///
/// Refuses: a malformed ticket (400 naming each field); an `obc` ticket without its
/// sale (422 `obc-tickets-from-sales`); an unknown or inactive channel, or, for the
/// channels other than obc, a product outside the catalogue (422 `unknown-reference`
/// naming the field); a second open ticket for the same (IndiHome number, product key)
/// ([`Own::AlreadyOpen`], 409 with the open one's link); an Idempotency-Key reused with
/// another request (422). The same key with the same request answers the ticket it
/// opened (`replayed`).
///
/// A statement failing inside a transaction aborts it: callers that want to go on
/// after a refusal (an import's row report) check before, or use a savepoint
/// (`conn.transaction` nested is one).
pub async fn open(conn: &mut AsyncPgConnection, new: NewTicket, opener: Opener) -> Result<Opened> {
    let config = SlaConfig::load(conn).await?;
    open_with(conn, new, opener, &config).await
}

/// [`open`] with the SLA configuration read once by the caller: an import opening many
/// tickets in one transaction reads the calendars and policies once, not per row.
pub async fn open_with(
    conn: &mut AsyncPgConnection,
    new: NewTicket,
    opener: Opener,
    config: &SlaConfig,
) -> Result<Opened> {
    if new.channel == Channel::Obc && new.sale.is_none() {
        return Err(Rejection::rule(
            rules::OBC_FROM_SALES,
            "channel: obc tickets are opened from quality's VALID sales, not by hand",
        )
        .into());
    }
    let errors = check_new_ticket(&new);
    if !errors.is_empty() {
        return Err(Rejection::Invalid(errors).into());
    }
    let new = normalized(new);
    if let (Some(idem), Some(opener_id)) = (&new.idempotency, opener.actor_id()) {
        if let Some((ticket, hash)) =
            tickets::by_idempotency_key(conn, opener_id, &idem.key).await?
        {
            if hash.as_deref() == Some(idem.request_hash.as_str()) {
                return Ok(Opened {
                    ticket,
                    replayed: true,
                });
            }
            return Err(Rejection::rule(
                rules::IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key opened another ticket: send that request again to see it, or use a new key",
            )
            .into());
        }
    }
    let mut unknown = Vec::new();
    match references::channel(conn, new.channel.as_str()).await? {
        Known::Active => {}
        Known::Inactive => unknown.push(FieldError::new(
            "channel",
            format!("{} is no longer used by the desk", new.channel),
        )),
        Known::Unknown => unknown.push(FieldError::new(
            "channel",
            format!("{} is not a channel of the desk", new.channel),
        )),
    }
    // OBC sells what its work order offers (the client's list); the other channels
    // name a product of the desk's catalogue, where a typo would open a ticket nobody
    // can activate.
    if let (Subject::Product(code), false) = (&new.subject, new.channel == Channel::Obc) {
        match references::product(conn, code).await? {
            Known::Active => {}
            Known::Inactive => unknown.push(FieldError::new(
                "product_code",
                format!("{code} is no longer sold"),
            )),
            Known::Unknown => unknown.push(FieldError::new(
                "product_code",
                format!("{code} is not a product of the catalogue"),
            )),
        }
    }
    if !unknown.is_empty() {
        return Err(unprocessable(rules::UNKNOWN_REFERENCE, &unknown).into());
    }
    let key = new.subject.product_key();
    if let Some(existing) = tickets::open_for(conn, &new.indihome_number, &key).await? {
        return Err(Own::AlreadyOpen { existing }.into());
    }
    let id = Uuid::now_v7();
    let opened_at = new.opened_at;
    let ticket = tickets::insert(conn, id, &new, &opener).await?;
    tickets::append(
        conn,
        &NewEntry {
            ticket_id: id,
            at: opened_at,
            kind: HistoryKind::Opened,
            status: Some(TicketStatus::Validation),
            note: new.note.as_deref(),
            by: &opener,
            details: None,
        },
    )
    .await?;
    let history = tickets::history(conn, id).await?;
    // A new ticket has fired nothing.
    let state = sla::state(config, &ticket, &history, &[], opened_at)?;
    tickets::set_next_escalation(conn, id, state.next_escalation_at).await?;
    events::PRODUCER
        .publish(
            conn,
            ticket.site,
            new.correlation_id.as_deref(),
            &TicketOpened {
                ticket_id: id,
                number: u64::try_from(ticket.number).unwrap_or(0),
                channel: ticket.channel.as_str().to_owned(),
                indihome_number: ticket.indihome_number.clone(),
                product_code: ticket.product_code.clone(),
                negotiation_step: ticket.negotiation_step,
                priority: ticket.priority.as_str().to_owned(),
                site: ticket.site,
                call_id: ticket.call_id,
                agent_id: ticket.agent_id,
                opened_by: opener.actor_id(),
                opened_at,
            },
        )
        .await?;
    Ok(Opened {
        ticket: Ticket {
            next_escalation_at: state.next_escalation_at,
            ..ticket
        },
        replayed: false,
    })
}

/// Opens a ticket by API (one transaction).
pub async fn open_by_api(h: &Helpdesk, request: &Request, mut new: NewTicket) -> Result<Opened> {
    new.opened_at = h.now();
    new.correlation_id = request.correlation_id().map(str::to_owned);
    let opener = Opener::Employee(request.actor);
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| open(conn, new, opener).scope_boxed())
        .await
}

/// Recomputes a ticket's escalation timer from its history at `now`, after a change
/// that is not a status change but moves a clock (the desk's first response given by
/// an issue or a follow-up stops the first-response clock). The caller holds the lock.
pub async fn refresh_timer(
    conn: &mut AsyncPgConnection,
    ticket_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let ticket = tickets::find(
        conn,
        crate::domain::scope::TicketScope::All,
        ticket_id,
        false,
    )
    .await?
    .ok_or(Error::NotFound("ticket"))?;
    let history = tickets::history(conn, ticket_id).await?;
    let state = sla::state_of(conn, &ticket, &history, now).await?;
    if state.next_escalation_at != ticket.next_escalation_at {
        tickets::set_next_escalation(conn, ticket_id, state.next_escalation_at).await?;
    }
    Ok(())
}

/// A ticket with everything its page shows.
#[derive(Debug, Clone)]
pub struct TicketDetail {
    pub ticket: Ticket,
    pub history: Vec<HistoryEntry>,
    pub issues: Vec<IssueDetail>,
    pub sla: SlaState,
    /// The statuses it may move to now.
    pub allowed_next: Vec<TicketStatus>,
}

async fn detail_of(
    conn: &mut AsyncPgConnection,
    ticket: Ticket,
    now: DateTime<Utc>,
) -> Result<TicketDetail> {
    let history = tickets::history(conn, ticket.id).await?;
    let sla = sla::state_of(conn, &ticket, &history, now).await?;
    let issues = issues::of_ticket(conn, ticket.id).await?;
    Ok(TicketDetail {
        allowed_next: crate::domain::sla::allowed_next(ticket.position()),
        ticket,
        history,
        issues,
        sla,
    })
}

/// One ticket in the caller's scope (404 outside it).
pub async fn get(h: &Helpdesk, request: &Request, id: Uuid) -> Result<TicketDetail> {
    let now = h.now();
    let mut conn = h.pool.get().await?;
    let ticket = tickets::find(&mut conn, ticket_scope(&request.actor), id, false)
        .await?
        .ok_or(Error::NotFound("ticket"))?;
    detail_of(&mut conn, ticket, now).await
}

/// A status change asked for.
#[derive(Debug, Clone)]
pub struct StatusInput {
    pub status: TicketStatus,
    pub note: Option<String>,
    pub provisioning_order_number: Option<String>,
}

/// Moves a ticket, on `conn` inside the caller's transaction (the OBC consumer cancels
/// with it): the transition must be allowed from where the ticket is (409 naming the
/// allowed ones) and by whom (403); `provisioning_issued` needs the client's order
/// number, given now or before (400). Appends the history entry, records the desk's
/// first response, recomputes the escalation timer from the new history, and publishes
/// `helpdesk.ticket.status_changed` (and `helpdesk.ticket.resolved` for a resolution).
/// `ticket` must be locked by the caller (`store::tickets::find(.., true)`).
pub async fn change_status(
    conn: &mut AsyncPgConnection,
    ticket: Ticket,
    input: StatusInput,
    by: Opener,
    now: DateTime<Utc>,
    correlation_id: Option<&str>,
) -> Result<Ticket> {
    let from = ticket.position();
    check_status_change(&by, ticket.assignee_id, from, input.status)?;
    check_transition(from, input.status)?;
    let order_number = input
        .provisioning_order_number
        .clone()
        .or_else(|| ticket.provisioning_order_number.clone());
    if input.status == TicketStatus::ProvisioningIssued && order_number.is_none() {
        return Err(Rejection::field(
            "provisioning_order_number",
            "is required to move a ticket to provisioning_issued (the client's order number)",
        )
        .into());
    }
    // Reopening a failed ticket makes it open again: one open ticket per (IndiHome
    // number, product) still holds.
    if from.status.is_resolved() && !input.status.is_resolved() {
        if let Some(existing) =
            tickets::open_for(conn, &ticket.indihome_number, &ticket.product_key).await?
        {
            return Err(Own::AlreadyOpen { existing }.into());
        }
    }
    let to = position_after(from, input.status);
    tickets::append(
        conn,
        &NewEntry {
            ticket_id: ticket.id,
            at: now,
            kind: HistoryKind::Status,
            status: Some(input.status),
            note: input.note.as_deref(),
            by: &by,
            details: input
                .provisioning_order_number
                .as_ref()
                .map(|n| json!({ "provisioning_order_number": n })),
        },
    )
    .await?;
    let first_responded_at = ticket
        .first_responded_at
        .or_else(|| is_response(&by).then_some(now));
    let resolved_at = if input.status.is_resolved() {
        Some(now)
    } else {
        None
    };
    let provisional = Ticket {
        status: to.status,
        stage: to.stage,
        first_responded_at,
        resolved_at,
        provisioning_order_number: order_number.clone(),
        ..ticket.clone()
    };
    let history = tickets::history(conn, ticket.id).await?;
    let state = sla::state_of(conn, &provisional, &history, now).await?;
    let updated = tickets::set_status(
        conn,
        ticket.id,
        &StatusUpdate {
            status: to.status,
            stage: to.stage,
            provisioning_order_number: order_number.as_deref(),
            resolved_at,
            first_responded_at,
            next_escalation_at: state.next_escalation_at,
            at: now,
        },
    )
    .await?;
    events::PRODUCER
        .publish(
            conn,
            updated.site,
            correlation_id,
            &TicketStatusChanged {
                ticket_id: updated.id,
                channel: updated.channel.as_str().to_owned(),
                site: updated.site,
                from: from.status.as_str().to_owned(),
                to: updated.status.as_str().to_owned(),
                provisioning_order_number: updated.provisioning_order_number.clone(),
                changed_by: by.actor_id(),
                changed_at: now,
            },
        )
        .await?;
    if input.status.is_resolved() {
        events::PRODUCER
            .publish(
                conn,
                updated.site,
                correlation_id,
                &TicketResolved {
                    ticket_id: updated.id,
                    channel: updated.channel.as_str().to_owned(),
                    site: updated.site,
                    resolution: updated.status.as_str().to_owned(),
                    opened_at: updated.opened_at,
                    resolved_at: now,
                    breached: state.clocks.iter().any(|c| c.breached),
                },
            )
            .await?;
    }
    // QC Tier 2's sample is taken as the ticket is activated, in this transaction.
    if updated.status == TicketStatus::Activated {
        super::validation::sample_at_activation(conn, &updated, now).await?;
    }
    Ok(updated)
}

/// A status change by API (one transaction; 404 outside the caller's scope).
pub async fn set_status(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    input: StatusInput,
) -> Result<TicketDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let ticket = tickets::find(conn, ticket_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("ticket"))?;
            let updated = change_status(
                conn,
                ticket,
                input,
                Opener::Employee(actor),
                now,
                request.correlation_id(),
            )
            .await?;
            detail_of(conn, updated, now).await
        }
        .scope_boxed()
    })
    .await
}

/// `hd_support` takes a ticket nobody holds (409 if someone does: the supervisor
/// reassigns); claiming one's own ticket again changes nothing.
pub async fn claim(h: &Helpdesk, request: &Request, id: Uuid) -> Result<TicketDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let ticket = tickets::find(conn, ticket_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("ticket"))?;
            if ticket.status.is_resolved() {
                return Err(Rejection::Conflict(format!(
                    "the ticket is {}: there is nothing left to work on",
                    ticket.status
                ))
                .into());
            }
            let ticket = match ticket.assignee_id {
                Some(holder) if holder == actor.id => ticket,
                Some(_) => {
                    return Err(Rejection::Conflict(
                        "the ticket is assigned to someone else; supervisor_hd reassigns it".into(),
                    )
                    .into())
                }
                None => {
                    let by = Opener::Employee(actor);
                    tickets::append(
                        conn,
                        &NewEntry {
                            ticket_id: id,
                            at: now,
                            kind: HistoryKind::Claimed,
                            status: None,
                            note: None,
                            by: &by,
                            details: Some(json!({ "assignee_id": actor.id })),
                        },
                    )
                    .await?;
                    tickets::set_assignee(conn, id, actor.id, now).await?
                }
            };
            detail_of(conn, ticket, now).await
        }
        .scope_boxed()
    })
    .await
}

/// `supervisor_hd` assigns or reassigns a ticket to an HD Support agent, with a note.
pub async fn assign(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    assignee: Uuid,
    note: Option<String>,
) -> Result<TicketDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let ticket = tickets::find(conn, ticket_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("ticket"))?;
            if ticket.status.is_resolved() {
                return Err(Rejection::Conflict(format!(
                    "the ticket is {}: there is nothing left to assign",
                    ticket.status
                ))
                .into());
            }
            let by = Opener::Employee(actor);
            tickets::append(
                conn,
                &NewEntry {
                    ticket_id: id,
                    at: now,
                    kind: HistoryKind::Assigned,
                    status: None,
                    note: note.as_deref(),
                    by: &by,
                    details: Some(json!({
                        "assignee_id": assignee,
                        "previous_assignee_id": ticket.assignee_id,
                    })),
                },
            )
            .await?;
            let ticket = tickets::set_assignee(conn, id, assignee, now).await?;
            detail_of(conn, ticket, now).await
        }
        .scope_boxed()
    })
    .await
}

/// The queue filters as asked (`mine` is resolved to the caller here).
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub filter: TicketFilter,
    pub mine: bool,
}

/// One page of the tickets in the caller's scope, newest first.
pub async fn list(
    h: &Helpdesk,
    request: &Request,
    query: QueueQuery,
    cursor: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Ticket>> {
    let actor = request.actor;
    let mut filter = query.filter;
    if query.mine {
        filter.assignee = Some(actor.id);
    }
    let scope = ticket_scope(&actor);
    // A site filter outside a site-bound caller's site answers nothing rather than
    // widening the scope.
    let mut conn = h.pool.get().await?;
    tickets::list(&mut conn, scope, &filter, cursor, limit).await
}
