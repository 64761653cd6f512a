//! The escalation poller, and the recomputation of open tickets' timers after a change
//! of the SLA configuration.
//!
//! The timer is the ticket's `next_escalation_at` column (see `docs/decisions.md`: the
//! broker's per-message TTL holds later timers behind earlier ones and the delayed-message
//! plugin is not available). Every replica runs a poller; one sweep is one transaction
//! that locks the due tickets with `FOR UPDATE SKIP LOCKED` (another replica's sweep
//! takes the next ones instead of waiting), fires the levels due per clock into the
//! `escalations` table, whose unique (ticket, clock, level) key makes each fire exactly
//! once, writes the history entry and the events, and sets the next timer. Notifications
//! that must wait for the calendar's open hours are rows with a later `notify_at`, sent
//! by a later sweep.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use tam_contracts::helpdesk_sla::{EscalationRecipient, SlaClock, TicketBreached, TicketEscalated};
use tam_db::DbPool;
use tam_kernel::{Clock as TimeSource, Role};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::sla::SlaConfig;
use super::Helpdesk;
use crate::domain::calendar::Calendar;
use crate::domain::escalation::{escalations, next_escalation_at, Escalations, Recipient};
use crate::domain::notify::notify_at;
use crate::domain::policy::select_policy;
use crate::domain::sla::{compute_clocks, Clock, ClockKind, StatusChange};
use crate::domain::ticket::calendar_for;
use crate::error::{Error, Result};
use crate::events::PRODUCER;
use crate::settings::Settings;
use crate::store::escalations::{self as store, Escalation, NewEscalation, TicketSla};

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Due tickets locked and handled.
    pub tickets: usize,
    /// Levels recorded.
    pub fired: usize,
    /// Breach events published.
    pub breaches: usize,
    /// Notifications (`helpdesk.ticket.escalated`) published.
    pub notified: usize,
    /// Whether a batch was full (more may be due: sweep again at once).
    pub full: bool,
}

/// A ticket's clocks at `now` and each one's escalations.
struct Plan<'a> {
    calendar: &'a Calendar,
    clocks: Vec<(Clock, Escalations<'a>)>,
}

impl Plan<'_> {
    /// The timer once the due levels are fired: the next level of any clock.
    fn next_after_firing(&self) -> Option<DateTime<Utc>> {
        self.clocks.iter().filter_map(|(_, e)| e.next_at).min()
    }

    /// The timer of a ticket whose due levels are not fired yet: the earliest of those
    /// (at or before now, so the next sweep takes it) and the next level. A level that
    /// became due just before a change (a pause, a resolution) still fires.
    fn timer(&self) -> Option<DateTime<Utc>> {
        next_escalation_at(self.clocks.iter().map(|(_, e)| e))
    }
}

/// The ticket's policy, calendar, clocks and escalations, by the rules `app::sla` uses
/// for one ticket (policy by channel, product and priority; the calendar in the site's
/// time zone; levels fired read beside). An error is corrupt data about this ticket.
fn plan<'a>(
    config: &'a SlaConfig,
    ticket: &TicketSla,
    history: &[StatusChange],
    fired: &[(ClockKind, String)],
    now: DateTime<Utc>,
) -> std::result::Result<Plan<'a>, String> {
    let policy = select_policy(
        &config.policies,
        ticket.channel,
        &ticket.policy_product,
        ticket.priority,
    )
    .ok_or("no SLA policy matches (no default)")?;
    let code = calendar_for(&policy.calendar, ticket.site, |c| {
        config.calendars.contains_key(c)
    });
    let calendar = config
        .calendars
        .get(&code)
        .ok_or_else(|| format!("calendar {code} of policy {} is missing", policy.code))?;
    let clocks = compute_clocks(
        history,
        ticket.first_responded_at,
        &policy.targets,
        calendar,
        now,
    )
    .map_err(|e| e.to_string())?;
    let clocks = clocks
        .into_iter()
        .map(|clock| {
            let codes: Vec<&str> = fired
                .iter()
                .filter(|(kind, _)| *kind == clock.kind)
                .map(|(_, level)| level.as_str())
                .collect();
            let due = escalations(&config.ladder, &clock, calendar, &codes, now);
            (clock, due)
        })
        .collect();
    Ok(Plan { calendar, clocks })
}

/// The histories, fired levels and IT causes of a batch, one query each.
struct Batch {
    histories: HashMap<Uuid, Vec<StatusChange>>,
    fired: HashMap<Uuid, Vec<(ClockKind, String)>>,
    it_causes: std::collections::HashSet<Uuid>,
}

impl Batch {
    async fn load(conn: &mut AsyncPgConnection, tickets: &[TicketSla]) -> Result<Batch> {
        let ids: Vec<Uuid> = tickets.iter().map(|t| t.id).collect();
        Ok(Batch {
            histories: store::status_histories(conn, &ids).await?,
            fired: store::fired(conn, &ids).await?,
            it_causes: store::it_causes(conn, &ids).await?,
        })
    }

    fn plan<'a>(
        &self,
        config: &'a SlaConfig,
        ticket: &TicketSla,
        now: DateTime<Utc>,
    ) -> Option<Plan<'a>> {
        let history = self
            .histories
            .get(&ticket.id)
            .map_or(&[][..], Vec::as_slice);
        let fired = self.fired.get(&ticket.id).map_or(&[][..], Vec::as_slice);
        match plan(config, ticket, history, fired, now) {
            Ok(plan) => Some(plan),
            Err(reason) => {
                // Its timer is cleared so the poller does not spin on it; the next
                // change of the ticket (or of the configuration) sets it again.
                tracing::error!(ticket = %ticket.id, %reason, "cannot compute the ticket's SLA");
                None
            }
        }
    }
}

fn sla_clock(kind: ClockKind) -> SlaClock {
    match kind {
        ClockKind::FirstResponse => SlaClock::FirstResponse,
        ClockKind::Validation => SlaClock::Validation,
        ClockKind::Provisioning => SlaClock::Provisioning,
        ClockKind::Resolution => SlaClock::Resolution,
    }
}

fn contract_recipient(recipient: Recipient) -> EscalationRecipient {
    match recipient {
        Recipient::Assignee => EscalationRecipient::Assignee,
        Recipient::SupervisorHd => EscalationRecipient::SupervisorHd,
        Recipient::Manager => EscalationRecipient::Manager,
        Recipient::Ioc => EscalationRecipient::Ioc,
    }
}

/// The notification of a recorded level.
async fn publish_escalated(conn: &mut AsyncPgConnection, e: &Escalation) -> Result<()> {
    PRODUCER
        .publish(
            conn,
            e.site,
            None,
            &TicketEscalated {
                ticket_id: e.ticket_id,
                ticket_number: u64::try_from(e.ticket_number).unwrap_or_default(),
                site: e.site,
                clock: sla_clock(e.clock),
                level: e.level.clone(),
                percent: e.percent,
                breach: e.breach,
                recipients: e
                    .recipients
                    .iter()
                    .copied()
                    .map(contract_recipient)
                    .collect(),
                assignee_id: e.assignee_id,
                reached_at: e.reached_at,
            },
        )
        .await?;
    Ok(())
}

/// Fires the due levels of one ticket: each recorded once, its history entry, its
/// notification (now or when the calendar opens) and, for the ladder's first breach
/// level, the breach event.
async fn fire(
    conn: &mut AsyncPgConnection,
    config: &SlaConfig,
    ticket: &TicketSla,
    plan: &Plan<'_>,
    it_cause: bool,
    now: DateTime<Utc>,
    report: &mut SweepReport,
) -> Result<()> {
    let first_breach = config.ladder.levels().iter().find(|l| l.is_breach());
    let send_at = notify_at(plan.calendar, ticket.priority, now);
    for (clock, due) in &plan.clocks {
        for level in &due.due {
            let recipients = level.level.recipients(it_cause);
            let notified_at = (send_at <= now).then_some(now);
            let recorded = store::record(
                conn,
                &NewEscalation {
                    ticket_id: ticket.id,
                    clock: clock.kind,
                    level: &level.level.code,
                    percent: level.level.percent,
                    breach: level.level.is_breach(),
                    reached_at: level.at,
                    fired_at: now,
                    recipients: &recipients,
                    assignee_id: ticket.assignee_id,
                    notify_at: send_at,
                    notified_at,
                },
            )
            .await?;
            let Some(id) = recorded else {
                // Recorded already: another sweep fired it.
                continue;
            };
            report.fired += 1;
            store::write_history(
                conn,
                ticket.id,
                now,
                json!({
                    "clock": clock.kind.as_str(),
                    "level": level.level.code,
                    "percent": level.level.percent,
                    "breach": level.level.is_breach(),
                    "recipients": recipients.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                    "reached_at": level.at,
                    "notify_at": send_at,
                }),
            )
            .await?;
            if notified_at.is_some() {
                publish_escalated(
                    conn,
                    &Escalation {
                        id,
                        ticket_id: ticket.id,
                        ticket_number: ticket.number,
                        site: ticket.site,
                        clock: clock.kind,
                        level: level.level.code.clone(),
                        percent: level.level.percent,
                        breach: level.level.is_breach(),
                        reached_at: level.at,
                        fired_at: now,
                        recipients: recipients.clone(),
                        assignee_id: ticket.assignee_id,
                        notify_at: send_at,
                        notified_at,
                    },
                )
                .await?;
                report.notified += 1;
            }
            if first_breach.is_some_and(|b| b.code == level.level.code) {
                PRODUCER
                    .publish(
                        conn,
                        ticket.site,
                        None,
                        &TicketBreached {
                            ticket_id: ticket.id,
                            ticket_number: u64::try_from(ticket.number).unwrap_or_default(),
                            site: ticket.site,
                            channel: ticket.channel.as_str().to_owned(),
                            clock: sla_clock(clock.kind),
                            target_minutes: u32::try_from(clock.target.num_minutes())
                                .unwrap_or(u32::MAX),
                            due_at: level.at,
                        },
                    )
                    .await?;
                report.breaches += 1;
            }
        }
    }
    Ok(())
}

/// One sweep at `now`, in one transaction: up to `batch` due tickets, then up to `batch`
/// notifications whose open hours have come.
pub async fn sweep(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    batch: u32,
) -> Result<SweepReport> {
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut report = SweepReport::default();
            let tickets = store::lock_due(conn, now, batch).await?;
            report.tickets = tickets.len();
            if !tickets.is_empty() {
                let config = SlaConfig::load(conn).await?;
                let loaded = Batch::load(conn, &tickets).await?;
                let mut timers = Vec::with_capacity(tickets.len());
                for ticket in &tickets {
                    let Some(plan) = loaded.plan(&config, ticket, now) else {
                        timers.push((ticket.id, None));
                        continue;
                    };
                    let it_cause = loaded.it_causes.contains(&ticket.id);
                    fire(conn, &config, ticket, &plan, it_cause, now, &mut report).await?;
                    timers.push((ticket.id, plan.next_after_firing()));
                }
                store::set_timers(conn, &timers).await?;
            }
            let pending = store::lock_pending(conn, now, batch).await?;
            for e in &pending {
                publish_escalated(conn, e).await?;
            }
            let ids: Vec<i64> = pending.iter().map(|e| e.id).collect();
            if !ids.is_empty() {
                store::mark_notified(conn, &ids, now).await?;
            }
            report.notified += pending.len();
            let limit = usize::try_from(batch).unwrap_or(usize::MAX);
            report.full = tickets.len() >= limit || pending.len() >= limit;
            Ok(report)
        }
        .scope_boxed()
    })
    .await
}

/// How many open tickets one recomputation transaction step reads at once.
const RECOMPUTE_PAGE: u32 = 1000;

/// Sets every open ticket's timer again from `config` (just changed, in the caller's
/// transaction). The clocks are computed from each ticket's history and the calendar,
/// so the business time already used is kept (a calendar version only takes effect on
/// a day not yet counted): only the due times and the timer move. Returns how many
/// tickets were recomputed.
pub async fn recompute_open(
    conn: &mut AsyncPgConnection,
    config: &SlaConfig,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut after = None;
    let mut count = 0u64;
    loop {
        let tickets = store::lock_open_page(conn, after, RECOMPUTE_PAGE).await?;
        let Some(last) = tickets.last() else { break };
        after = Some(last.id);
        let loaded = Batch::load(conn, &tickets).await?;
        let timers: Vec<_> = tickets
            .iter()
            .map(|t| (t.id, loaded.plan(config, t, now).and_then(|p| p.timer())))
            .collect();
        store::set_timers(conn, &timers).await?;
        count += timers.len() as u64;
        if tickets.len() < RECOMPUTE_PAGE as usize {
            break;
        }
    }
    Ok(count)
}

/// The poller of one replica.
pub struct Poller {
    pub pool: DbPool,
    pub clock: TimeSource,
    pub settings: Settings,
}

impl Poller {
    /// Sweeps until nothing is due, then waits the poll interval; stops when `shutdown`
    /// is cancelled (a sweep in progress finishes: it is one transaction). A failed sweep
    /// (the database away) is logged and retried at the next interval.
    pub async fn run(self, shutdown: CancellationToken) {
        let interval = self.settings.escalation_poll;
        loop {
            while !shutdown.is_cancelled() {
                match self.sweep_once().await {
                    Ok(report) if report.full => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "escalation sweep failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(interval) => {}
            }
        }
    }

    async fn sweep_once(&self) -> Result<SweepReport> {
        let mut conn = self.pool.get().await?;
        let mut report = sweep(&mut conn, self.clock.now(), self.settings.escalation_batch).await?;
        // The IT disruptions' SLA breaches, on the same timer pattern (their own table).
        let (disruptions, escalated) = super::disruptions::sweep_once(
            &mut conn,
            self.clock.now(),
            self.settings.escalation_batch,
        )
        .await?;
        report.full |= disruptions >= self.settings.escalation_batch as usize;
        if escalated > 0 {
            tracing::info!(disruptions, escalated, "disruption breaches escalated");
        }
        if report.fired > 0 || report.notified > 0 {
            tracing::info!(
                tickets = report.tickets,
                fired = report.fired,
                breaches = report.breaches,
                notified = report.notified,
                "escalation sweep"
            );
        }
        Ok(report)
    }

    /// The poller as the runtime's background work.
    pub fn background(self) -> tam_runtime::Background {
        Box::new(move |shutdown| Box::pin(self.run(shutdown)))
    }
}

/// The recipient a role reads escalations as (`mine=true`): HD Support the ones of the
/// tickets they hold; `None` for a role no level notifies.
pub fn recipient_of(role: Role) -> Option<Recipient> {
    match role {
        Role::HdSupport => Some(Recipient::Assignee),
        Role::SupervisorHd => Some(Recipient::SupervisorHd),
        Role::Manager => Some(Recipient::Manager),
        Role::Ioc => Some(Recipient::Ioc),
        _ => None,
    }
}

/// What a list of escalations asks for.
#[derive(Debug, Clone, Copy)]
pub struct ListQuery {
    /// Only those whose notification reached the caller.
    pub mine: bool,
    pub breach: Option<bool>,
    pub before: Option<i64>,
    pub limit: u32,
}

/// Escalations, newest first; `mine`: those whose notification reached the caller (as
/// their role's recipient; HD Support as the assignee of the ticket).
pub async fn list(
    h: &Helpdesk,
    caller: &tam_auth::Caller,
    query: ListQuery,
) -> Result<Vec<Escalation>> {
    let mut filter = store::Filter {
        breach: query.breach,
        before: query.before,
        limit: query.limit,
        ..store::Filter::default()
    };
    if query.mine {
        let Some(recipient) = recipient_of(caller.role) else {
            return Ok(Vec::new());
        };
        filter.recipient = Some(recipient);
        if recipient == Recipient::Assignee {
            filter.assignee = Some(caller.id);
        }
    }
    let mut conn = h.pool.get().await?;
    store::list(&mut conn, &filter).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn each_desk_role_reads_escalations_as_its_recipient() {
        assert_eq!(
            recipient_of(Role::SupervisorHd),
            Some(Recipient::SupervisorHd)
        );
        assert_eq!(recipient_of(Role::HdSupport), Some(Recipient::Assignee));
        assert_eq!(recipient_of(Role::Manager), Some(Recipient::Manager));
        assert_eq!(recipient_of(Role::Ioc), Some(Recipient::Ioc));
        assert_eq!(recipient_of(Role::Admin), None);
    }
}
