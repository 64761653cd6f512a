//! A ticket's SLA state, computed on read from its history, its policy and its
//! calendar (never kept as counters), and the escalation timer it gives.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::domain::calendar::Calendar;
use crate::domain::escalation::{escalations, next_escalation_at, Ladder};
use crate::domain::policy::{select_policy, SlaPolicy};
use crate::domain::sla::{compute_clocks, Clock};
use crate::domain::ticket::{calendar_for, HistoryEntry, Ticket};
use crate::error::Result;
use crate::store::{sla, tickets};

/// The SLA configuration in force: read once per use case.
#[derive(Debug, Clone)]
pub struct SlaConfig {
    pub policies: Vec<SlaPolicy>,
    pub calendars: HashMap<String, Calendar>,
    pub ladder: Ladder,
}

impl SlaConfig {
    pub async fn load(conn: &mut AsyncPgConnection) -> Result<SlaConfig> {
        Ok(SlaConfig {
            policies: sla::policies(conn).await?,
            calendars: sla::calendars(conn).await?,
            ladder: sla::ladder(conn).await?,
        })
    }
}

/// A ticket's SLA at `now`.
#[derive(Debug, Clone)]
pub struct SlaState {
    /// The policy chosen for the ticket.
    pub policy: SlaPolicy,
    /// The code of the calendar its clocks run on.
    pub calendar: String,
    /// Every clock, in `ClockKind::ALL` order.
    pub clocks: Vec<Clock>,
    /// When the next escalation level is due (the poller's timer); `None` when none
    /// will be without a change to the ticket.
    pub next_escalation_at: Option<DateTime<Utc>>,
}

#[derive(diesel::QueryableByName)]
struct FiredRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    clock: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    level: String,
}

/// The (clock, level) codes already fired for a ticket: the escalation poller's
/// `escalations` rows (one per ticket, clock and level).
pub async fn fired(conn: &mut AsyncPgConnection, ticket_id: Uuid) -> Result<Vec<(String, String)>> {
    let rows: Vec<FiredRow> =
        diesel::sql_query("SELECT clock, level FROM escalations WHERE ticket_id = $1")
            .bind::<diesel::sql_types::Uuid, _>(ticket_id)
            .load(conn)
            .await?;
    Ok(rows.into_iter().map(|r| (r.clock, r.level)).collect())
}

/// The SLA state of a stored ticket at `now`: its history, the configuration and the
/// levels fired, read on `conn`.
pub async fn state_of(
    conn: &mut AsyncPgConnection,
    ticket: &Ticket,
    history: &[HistoryEntry],
    now: DateTime<Utc>,
) -> Result<SlaState> {
    let config = SlaConfig::load(conn).await?;
    let fired = fired(conn, ticket.id).await?;
    state(&config, ticket, history, &fired, now)
}

/// The SLA state of `ticket` with `history` at `now`.
pub fn state(
    config: &SlaConfig,
    ticket: &Ticket,
    history: &[HistoryEntry],
    fired: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<SlaState> {
    let policy = select_policy(
        &config.policies,
        ticket.channel,
        ticket.policy_product(),
        ticket.priority,
    )
    .ok_or_else(|| anyhow::anyhow!("no SLA policy matches ticket {}: no default", ticket.id))?
    .clone();
    let code = calendar_for(&policy.calendar, ticket.site, |c| {
        config.calendars.contains_key(c)
    });
    let calendar = config
        .calendars
        .get(&code)
        .ok_or_else(|| anyhow::anyhow!("calendar {code} of policy {} is missing", policy.code))?;
    let changes = tickets::status_changes(history);
    let clocks = compute_clocks(
        &changes,
        ticket.first_responded_at,
        &policy.targets,
        calendar,
        now,
    )
    .map_err(|e| anyhow::anyhow!("history of ticket {}: {e}", ticket.id))?;
    let per_clock: Vec<_> = clocks
        .iter()
        .map(|clock| {
            let codes: Vec<&str> = fired
                .iter()
                .filter(|(c, _)| c == clock.kind.as_str())
                .map(|(_, level)| level.as_str())
                .collect();
            escalations(&config.ladder, clock, calendar, &codes, now)
        })
        .collect();
    let next = next_escalation_at(&per_clock);
    Ok(SlaState {
        calendar: code,
        policy,
        clocks,
        next_escalation_at: next,
    })
}
