//! A ticket's SLA state, computed on read from its history, its policy and its
//! calendar (never kept as counters), and the escalation timer it gives.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;

use crate::domain::calendar::Calendar;
use crate::domain::escalation::{escalations, next_escalation_at, Ladder};
use crate::domain::policy::{select_policy, SlaPolicy};
use crate::domain::sla::{compute_clocks, Clock};
use crate::domain::ticket::{calendar_for, HistoryEntry, HistoryKind, Ticket};
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

/// The (clock, level) codes already fired for a ticket, from its `escalated` entries.
pub fn fired(history: &[HistoryEntry]) -> Vec<(String, String)> {
    history
        .iter()
        .filter(|e| e.kind == HistoryKind::Escalated)
        .filter_map(|e| {
            let details = e.details.as_ref()?;
            Some((
                details.get("clock")?.as_str()?.to_owned(),
                details.get("level")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// The SLA state of `ticket` with `history` at `now`.
pub fn state(
    config: &SlaConfig,
    ticket: &Ticket,
    history: &[HistoryEntry],
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
    let fired = fired(history);
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
