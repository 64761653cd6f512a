//! What helpdesk consumes: prospect's won and reverted sales, which open and take back
//! OBC activation tickets (never by calling prospect). Each type is routed to a handler
//! that works inside the event's inbox transaction.
//!
//! - `prospect.sale.won` opens one `obc` ticket for the sale, as of the verdict's time
//!   (the SLA clocks start when quality validated it). Idempotent by call: a second
//!   delivery, or a VALID sent again for the same call, opens nothing new (a ticket
//!   already follows the call). When another channel's open ticket already follows the
//!   same (IndiHome number, product), the sale is recorded on that ticket's history
//!   instead of opening a second one.
//! - `prospect.sale.reverted` takes the sale back (recorded by call, so a VALID of an
//!   older revision read after it opens nothing): its ticket is cancelled when nothing
//!   was done on it yet (still in `validation`, nobody acted on it, no kendala), and
//!   otherwise flagged for HD Support with the reason (`flag_reason` and a `flagged`
//!   history entry), because work already begun (a provisioning order, a customer
//!   called back) is for a person to undo.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use serde_json::json;
use tam_contracts::prospect::{SaleReverted, SaleWon};
use tam_events::{HandlerError, Subscriptions};
use tam_kernel::Clock;

use crate::app::tickets::{self, StatusInput};
use crate::domain::policy::{Channel, Priority};
use crate::domain::scope::TicketScope;
use crate::domain::sla::TicketStatus;
use crate::domain::ticket::{HistoryKind, NewTicket, Opener, Sale, Subject, Ticket};
use crate::error::Own;
use crate::store::{flags, tickets as store};

/// helpdesk's subscriptions; the changes a reverted sale makes are dated by the
/// service's clock.
pub fn subscriptions(clock: Clock) -> Subscriptions {
    Subscriptions::new()
        .on::<SaleWon, _>(|conn, sale, envelope| {
            let correlation_id = envelope.correlation_id.clone();
            Box::pin(async move { sale_won(conn, sale, correlation_id).await })
        })
        .on::<SaleReverted, _>(move |conn, sale, envelope| {
            let correlation_id = envelope.correlation_id.clone();
            let now = clock.now();
            Box::pin(async move { sale_reverted(conn, sale, now, correlation_id).await })
        })
}

const OBC: Opener = Opener::Channel(Channel::Obc);

/// The ticket a won sale opens.
pub fn new_ticket(e: &SaleWon, correlation_id: Option<String>) -> Result<NewTicket, HandlerError> {
    let subject = match (&e.product_code, e.negotiation_step) {
        (Some(code), _) => Subject::Product(code.clone()),
        (None, Some(step)) => Subject::Step(step),
        (None, None) => {
            return Err(HandlerError::Rejected(format!(
                "sale {} carries neither a product nor a negotiation step",
                e.call_id
            )))
        }
    };
    Ok(NewTicket {
        channel: Channel::Obc,
        indihome_number: e.indihome_number.clone(),
        customer_name: e.customer_name.clone(),
        contact_number: e.contact_number.clone(),
        subject,
        priority: Priority::Normal,
        site: Some(e.site),
        program: Some(e.program),
        sale: Some(Sale {
            work_order_id: e.work_order_id,
            call_id: e.call_id,
            prospect_id: e.prospect_id,
            agent_id: e.agent_id,
            team_id: e.team_id,
        }),
        provisioning_order_number: None,
        note: Some(format!(
            "OBC sale of work order {} validated VALID (verdict revision {})",
            e.wo_code, e.revision
        )),
        opened_at: e.won_at,
        idempotency: None,
        correlation_id,
    })
}

async fn sale_won(
    conn: &mut AsyncPgConnection,
    e: SaleWon,
    correlation_id: Option<String>,
) -> Result<(), HandlerError> {
    if store::by_call(conn, e.call_id)
        .await
        .map_err(failed)?
        .is_some()
    {
        return Ok(());
    }
    // The correction of this VALID was read first (events of two types are not
    // ordered): the sale is already taken back.
    let taken_back = flags::reversal(conn, e.call_id).await.map_err(failed)?;
    if taken_back.is_some_and(|revision| revision > e.revision) {
        return Ok(());
    }
    let new = new_ticket(&e, correlation_id)?;
    match tickets::open(conn, new, OBC).await {
        Ok(_) => Ok(()),
        // Another channel already follows this order: one desk, one ticket. The sale
        // is noted on it (open checks before it writes: the transaction is intact).
        Err(crate::Error::Own(Own::AlreadyOpen { existing })) => {
            store::append(
                conn,
                &store::NewEntry {
                    ticket_id: existing,
                    at: e.won_at,
                    kind: HistoryKind::Note,
                    status: None,
                    note: Some("an OBC sale of the same order was validated VALID"),
                    by: &OBC,
                    details: Some(json!({
                        "call_id": e.call_id,
                        "prospect_id": e.prospect_id,
                        "agent_id": e.agent_id,
                        "work_order_id": e.work_order_id,
                    })),
                },
            )
            .await
            .map_err(failed)?;
            Ok(())
        }
        Err(err) => Err(failed(err)),
    }
}

/// Whether nothing was done on `ticket` yet: still in `validation`, no person acted on
/// it (an automatic escalation is not work), no kendala.
pub fn untouched(ticket: &Ticket, people_entries: usize, issues: i64) -> bool {
    ticket.status == TicketStatus::Validation
        && ticket.assignee_id.is_none()
        && people_entries == 0
        && issues == 0
}

async fn sale_reverted(
    conn: &mut AsyncPgConnection,
    e: SaleReverted,
    now: DateTime<Utc>,
    correlation_id: Option<String>,
) -> Result<(), HandlerError> {
    flags::record_reversal(
        conn,
        e.call_id,
        e.revision,
        e.reason.as_deref(),
        e.reverted_at,
    )
    .await
    .map_err(failed)?;
    let Some(found) = store::by_call(conn, e.call_id).await.map_err(failed)? else {
        // Read before its VALID: the reversal recorded keeps that VALID from opening.
        return Ok(());
    };
    let ticket = store::find(conn, TicketScope::All, found.id, true)
        .await
        .map_err(failed)?
        .ok_or_else(|| HandlerError::Rejected(format!("ticket {} vanished", found.id)))?;
    if ticket.status == TicketStatus::Cancelled {
        return Ok(());
    }
    let history = store::history(conn, ticket.id).await.map_err(failed)?;
    let revision = json!(e.revision);
    if history.iter().any(|h| {
        h.kind == HistoryKind::Flagged
            && h.details.as_ref().map(|d| &d["revision"]) == Some(&revision)
    }) {
        return Ok(());
    }
    let people = history.iter().filter(|h| h.actor_id.is_some()).count();
    let issues = flags::issue_count(conn, ticket.id).await.map_err(failed)?;
    let reason = match &e.reason {
        Some(reason) => format!(
            "quality returned the sale (verdict revision {}): {reason}",
            e.revision
        ),
        None => format!(
            "quality returned the sale (verdict revision {})",
            e.revision
        ),
    };
    if untouched(&ticket, people, issues) {
        tickets::change_status(
            conn,
            ticket,
            StatusInput {
                status: TicketStatus::Cancelled,
                note: Some(reason),
                provisioning_order_number: None,
            },
            OBC,
            now,
            correlation_id.as_deref(),
        )
        .await
        .map_err(failed)?;
        return Ok(());
    }
    flags::flag(conn, ticket.id, &reason, now)
        .await
        .map_err(failed)?;
    store::append(
        conn,
        &store::NewEntry {
            ticket_id: ticket.id,
            at: now,
            kind: HistoryKind::Flagged,
            status: None,
            note: Some(&reason),
            by: &OBC,
            details: Some(json!({
                "reason": reason,
                "revision": e.revision,
                "task_id": e.task_id,
                "call_id": e.call_id,
            })),
        },
    )
    .await
    .map_err(failed)?;
    Ok(())
}

/// A database failure is retried (redelivery); anything else cannot be applied.
fn failed(err: crate::Error) -> HandlerError {
    match err {
        crate::Error::Db(err) => HandlerError::from(err),
        crate::Error::Unavailable(cause) => {
            HandlerError::Database(tam_db::DbError::Unavailable(cause))
        }
        other => HandlerError::Rejected(format!("{other:#}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_events::EventHandler;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        let mut subscribed = subscriptions(Clock::system()).subscriptions();
        let mut named = tam_contracts::consumed_by("helpdesk");
        subscribed.sort();
        named.sort();
        assert_eq!(subscribed, named);
    }
}
