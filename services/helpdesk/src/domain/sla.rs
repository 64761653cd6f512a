//! A ticket's statuses, the transitions between them, and its SLA clocks computed from
//! its append-only status history.
//!
//! Status: `validation` → `provisioning_issued` → `activated` | `failed` | `cancelled`;
//! `waiting_customer` and `waiting_provider` pause the work of the stage they interrupt;
//! a `failed` ticket can be reopened to `validation`.
//!
//! Clocks are never counters: each is recomputed from the history, the calendar, the
//! targets and `now`, so a missed update cannot corrupt one, and a change of policy or
//! calendar is a recomputation that keeps the business time already used (calendar
//! changes take effect from a later date, see [`Calendar::with_version`]). A clock runs
//! in some statuses, is paused in the pause states of its stage, and is stopped
//! otherwise:
//!
//! | clock | runs in | paused in | stops |
//! |---|---|---|---|
//! | `first_response` | `validation`, `provisioning_issued` | both pause states | at the first response, or when resolved |
//! | `validation` | `validation` | a pause of the validation stage | at `provisioning_issued` (or a resolution) |
//! | `provisioning` | `provisioning_issued` | a pause of the provisioning stage | at `activated` (or `failed`, `cancelled`) |
//! | `resolution` | `validation`, `provisioning_issued` | both pause states | at `activated`, `failed`, `cancelled` |
//!
//! A reopened ticket's clocks run again from the reopening and keep what they had used.
//!
//! [`Calendar::with_version`]: super::calendar::Calendar::with_version

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::business_time::{add_business_time, business_time_between};
use super::calendar::Calendar;
use super::policy::Targets;
use super::Rejection;

tam_kernel::code_enum! {
    /// Where an activation ticket is.
    pub enum TicketStatus as "ticket status" {
        /// The sale is being validated (the ticket's first status).
        Validation => "validation",
        /// The client's provisioning order was issued.
        ProvisioningIssued => "provisioning_issued",
        /// The AddOn is active: resolved.
        Activated => "activated",
        /// Activation failed: resolved, may be reopened to `validation`.
        Failed => "failed",
        /// Cancelled: resolved.
        Cancelled => "cancelled",
        /// Paused: waiting for the customer.
        WaitingCustomer => "waiting_customer",
        /// Paused: waiting for the provider.
        WaitingProvider => "waiting_provider",
    }
}

impl TicketStatus {
    /// A pause state: the clocks stop.
    pub const fn is_pause(self) -> bool {
        matches!(
            self,
            TicketStatus::WaitingCustomer | TicketStatus::WaitingProvider
        )
    }

    /// Resolved (activated, failed or cancelled).
    pub const fn is_resolved(self) -> bool {
        matches!(
            self,
            TicketStatus::Activated | TicketStatus::Failed | TicketStatus::Cancelled
        )
    }

    /// A work status: the ticket moves on in it (`validation`, `provisioning_issued`).
    pub const fn is_work(self) -> bool {
        matches!(
            self,
            TicketStatus::Validation | TicketStatus::ProvisioningIssued
        )
    }
}

/// One entry of a ticket's status history: from `at` on, the ticket is in `status`. The
/// first entry is the opening (`validation`). Who made the change and why are the
/// store's business, not the clocks'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub status: TicketStatus,
}

/// Where a ticket is: its status, and the stage it is in — the status itself, or, in a
/// pause, the work status the pause interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub status: TicketStatus,
    pub stage: TicketStatus,
}

impl Position {
    /// A ticket's position after its history (`None` for an empty history).
    pub fn of(history: &[StatusChange]) -> Option<Position> {
        history.iter().fold(None, |position, change| {
            Some(Position::after(position, change.status))
        })
    }

    /// The position after moving to `status` from `before`: a pause keeps the stage.
    fn after(before: Option<Position>, status: TicketStatus) -> Position {
        let stage = match before {
            Some(before) if status.is_pause() => before.stage,
            _ => status,
        };
        Position { status, stage }
    }
}

/// The statuses a ticket at `position` may move to, in declaration order.
///
/// A work status moves forward, into a pause, or to `failed`/`cancelled`; a pause
/// resumes its stage, moves the stage forward directly (the provider activated the AddOn
/// while the desk waited), switches to the other pause, or ends in `failed`/`cancelled`;
/// `failed` may only be reopened to `validation`; `activated` and `cancelled` are final.
pub fn allowed_next(position: Position) -> Vec<TicketStatus> {
    use TicketStatus::*;
    let forward = |stage: TicketStatus| match stage {
        Validation => Some(ProvisioningIssued),
        ProvisioningIssued => Some(Activated),
        _ => None,
    };
    let mut next: Vec<TicketStatus> = match position.status {
        Validation | ProvisioningIssued => {
            let mut next = vec![WaitingCustomer, WaitingProvider, Failed, Cancelled];
            next.extend(forward(position.status));
            next
        }
        WaitingCustomer | WaitingProvider => {
            let mut next = vec![Failed, Cancelled];
            if position.stage.is_work() {
                next.push(position.stage);
                next.extend(forward(position.stage));
            }
            next.push(if position.status == WaitingCustomer {
                WaitingProvider
            } else {
                WaitingCustomer
            });
            next
        }
        Failed => vec![Validation],
        Activated | Cancelled => vec![],
    };
    next.sort_unstable();
    next
}

/// A change from `position` to `to`, or a 409 naming the allowed ones.
pub fn check_transition(position: Position, to: TicketStatus) -> Result<(), Rejection> {
    let allowed = allowed_next(position);
    if allowed.contains(&to) {
        return Ok(());
    }
    let allowed = if allowed.is_empty() {
        format!("{} is final: no change is allowed", position.status)
    } else {
        format!(
            "allowed from {}: {}",
            position.status,
            allowed
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Err(Rejection::Conflict(format!(
        "a ticket cannot go from {} to {to}; {allowed}",
        position.status
    )))
}

tam_kernel::code_enum! {
    /// A ticket's SLA clocks.
    pub enum ClockKind as "clock kind" {
        FirstResponse => "first_response",
        /// `validation` → `provisioning_issued`.
        Validation => "validation",
        /// `provisioning_issued` → `activated`.
        Provisioning => "provisioning",
        Resolution => "resolution",
    }
}

tam_kernel::code_enum! {
    /// What a clock is doing at `now`.
    pub enum ClockPhase as "clock phase" {
        /// Its stage has not been reached.
        NotStarted => "not_started",
        Running => "running",
        /// In a pause state of its stage.
        Paused => "paused",
        Stopped => "stopped",
    }
}

/// A wall-clock interval; `end` is `None` while it lasts (a pause still going on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

/// A clock's state at `now`, computed from the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    pub target: Duration,
    pub phase: ClockPhase,
    /// When it first ran.
    pub started_at: Option<DateTime<Utc>>,
    /// When it stopped (for a stopped clock).
    pub stopped_at: Option<DateTime<Utc>>,
    /// Business time used: open calendar time while it ran.
    pub elapsed: Duration,
    /// The pauses of its stage while it had started, merged; the last may be open.
    pub paused: Vec<Span>,
    /// The open calendar time inside `paused`: what the pauses pushed the due time back.
    pub paused_business: Duration,
    /// When the target is (or was) used up: the instant it was crossed if it was;
    /// otherwise as if it ran on from `now` (running or paused) or from its stop
    /// (stopped; what it would have been). `None` before it starts, or when the calendar
    /// has not enough open hours within two years.
    pub due_at: Option<DateTime<Utc>>,
    /// Whether the target was used up while it ran (a clock stopped exactly at its due
    /// time met it).
    pub breached: bool,
    /// Its running intervals with the open time in each, for [`Clock::reached_at`]
    /// (kept so that each escalation level does not walk the calendar again).
    running: Vec<(DateTime<Utc>, Duration)>,
    /// Where it would run on from: `now` for a running or paused clock, its stop for a
    /// stopped one.
    resume_from: Option<DateTime<Utc>>,
}

impl Clock {
    /// The instant `amount` of business time is (or was) used up, by the rule of
    /// `due_at`: within the running intervals if they reach it, else as if the clock ran
    /// on from `now` (or from its stop).
    pub fn reached_at(&self, calendar: &Calendar, amount: Duration) -> Option<DateTime<Utc>> {
        let mut used = Duration::zero();
        for &(start, open) in &self.running {
            if used + open >= amount {
                return add_business_time(calendar, start, amount - used);
            }
            used += open;
        }
        self.resume_from
            .and_then(|from| add_business_time(calendar, from, amount - used))
    }

    /// Business time left before the target (zero once used up).
    pub fn remaining(&self) -> Duration {
        (self.target - self.elapsed).max(Duration::zero())
    }
}

/// Why a history cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("the status history is empty (no opening)")]
    Empty,
    #[error("the status history does not start with validation")]
    NotOpenedInValidation,
    #[error("status history entry {index} is earlier than the one before it")]
    OutOfOrder { index: usize },
}

/// A clock's part in a stretch of history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Runs,
    Paused,
    Off,
}

fn part(kind: ClockKind, position: Position, responded: bool) -> Part {
    use TicketStatus::*;
    let runs_in = |status: TicketStatus| match kind {
        ClockKind::FirstResponse => !responded && status.is_work(),
        ClockKind::Validation => status == Validation,
        ClockKind::Provisioning => status == ProvisioningIssued,
        ClockKind::Resolution => status.is_work(),
    };
    if runs_in(position.status) {
        Part::Runs
    } else if position.status.is_pause() && runs_in(position.stage) {
        Part::Paused
    } else {
        Part::Off
    }
}

/// A stretch of history `[start, end)`: the position in it, and whether the first
/// response had been given by its start.
type Stretch = (DateTime<Utc>, DateTime<Utc>, Position, bool);

/// The history up to `now` as stretches; the last ends at `now`. The first response
/// splits the stretch it falls in.
fn stretches(
    history: &[StatusChange],
    first_response_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Vec<Stretch>, HistoryError> {
    let first = history.first().ok_or(HistoryError::Empty)?;
    if first.status != TicketStatus::Validation {
        return Err(HistoryError::NotOpenedInValidation);
    }
    if let Some(index) = (1..history.len()).find(|&i| history[i].at < history[i - 1].at) {
        return Err(HistoryError::OutOfOrder { index });
    }
    let mut out = Vec::with_capacity(history.len() + 1);
    let mut position = None;
    for (i, change) in history.iter().enumerate() {
        if change.at > now {
            break;
        }
        let here = Position::after(position, change.status);
        position = Some(here);
        let end = history.get(i + 1).map_or(now, |next| next.at.min(now));
        let mut start = change.at;
        if let Some(response) = first_response_at.filter(|r| start < *r && *r < end) {
            out.push((start, response, here, false));
            start = response;
        }
        let responded = first_response_at.is_some_and(|r| r <= start);
        out.push((start, end, here, responded));
    }
    Ok(out)
}

/// One clock of a ticket at `now`.
pub fn compute_clock(
    kind: ClockKind,
    history: &[StatusChange],
    first_response_at: Option<DateTime<Utc>>,
    target: Duration,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Clock, HistoryError> {
    let stretches = stretches(history, first_response_at, now)?;
    let mut clock = Clock {
        kind,
        target,
        phase: ClockPhase::NotStarted,
        started_at: None,
        stopped_at: None,
        elapsed: Duration::zero(),
        paused: Vec::new(),
        paused_business: Duration::zero(),
        due_at: None,
        breached: false,
        running: Vec::new(),
        resume_from: None,
    };
    // The first response and resolution clocks start with the ticket, even if a
    // response at the opening instant leaves the first nothing to run.
    if matches!(kind, ClockKind::FirstResponse | ClockKind::Resolution) {
        clock.started_at = stretches.first().map(|s| s.0);
    }
    let mut last = Part::Off;
    for &(start, end, position, responded) in &stretches {
        let here = part(kind, position, responded);
        if here != Part::Off && clock.started_at.is_none() {
            clock.started_at = Some(start);
        }
        match here {
            Part::Runs => {
                let open = business_time_between(calendar, start, end);
                clock.elapsed += open;
                clock.running.push((start, open));
            }
            Part::Paused => {
                clock.paused_business += business_time_between(calendar, start, end);
                match clock.paused.last_mut() {
                    Some(span) if span.end == Some(start) => span.end = Some(end),
                    _ => clock.paused.push(Span {
                        start,
                        end: Some(end),
                    }),
                }
            }
            Part::Off => {
                if last != Part::Off {
                    clock.stopped_at = Some(start);
                }
            }
        }
        last = here;
    }
    if clock.started_at.is_none() {
        return Ok(clock);
    }
    clock.phase = match last {
        Part::Runs => ClockPhase::Running,
        Part::Paused => ClockPhase::Paused,
        Part::Off => ClockPhase::Stopped,
    };
    if clock.phase == ClockPhase::Paused {
        // The pause goes on: its span is open.
        if let Some(span) = clock.paused.last_mut() {
            span.end = None;
        }
    }
    if clock.phase == ClockPhase::Stopped {
        clock.stopped_at = clock.stopped_at.or(clock.started_at);
    } else {
        clock.stopped_at = None;
    }
    clock.resume_from = match clock.phase {
        ClockPhase::Running | ClockPhase::Paused => Some(now),
        ClockPhase::Stopped => clock.stopped_at,
        ClockPhase::NotStarted => None,
    };
    clock.due_at = clock.reached_at(calendar, target);
    clock.breached = match (clock.due_at, clock.phase) {
        (Some(due), ClockPhase::Stopped) => clock.stopped_at.is_some_and(|s| due < s),
        (Some(due), ClockPhase::Running | ClockPhase::Paused) => due <= now,
        _ => false,
    };
    Ok(clock)
}

/// Every clock of a ticket at `now`, in [`ClockKind::ALL`] order, with the policy's
/// targets. `first_response_at` is the first time someone of the desk answered (the
/// store decides what counts: a follow-up, a status change by a person).
pub fn compute_clocks(
    history: &[StatusChange],
    first_response_at: Option<DateTime<Utc>>,
    targets: &Targets,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Vec<Clock>, HistoryError> {
    ClockKind::ALL
        .iter()
        .map(|&kind| {
            compute_clock(
                kind,
                history,
                first_response_at,
                targets.of(kind),
                calendar,
                now,
            )
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::calendar::Week;
    use crate::domain::testing::{date, iv, office, utc};
    use TicketStatus::*;

    fn at(s: &str) -> DateTime<Utc> {
        utc(&format!("{s}+07:00"))
    }

    fn history(entries: &[(&str, TicketStatus)]) -> Vec<StatusChange> {
        entries
            .iter()
            .map(|(t, status)| StatusChange {
                at: at(t),
                status: *status,
            })
            .collect()
    }

    fn clock(kind: ClockKind, entries: &[(&str, TicketStatus)], hours: i64, now: &str) -> Clock {
        compute_clock(
            kind,
            &history(entries),
            None,
            Duration::hours(hours),
            &office(),
            at(now),
        )
        .unwrap()
    }

    fn pos(status: TicketStatus, stage: TicketStatus) -> Position {
        Position { status, stage }
    }

    #[test]
    fn transitions_from_each_status() {
        assert_eq!(
            allowed_next(pos(Validation, Validation)),
            [
                ProvisioningIssued,
                Failed,
                Cancelled,
                WaitingCustomer,
                WaitingProvider
            ]
        );
        assert_eq!(
            allowed_next(pos(ProvisioningIssued, ProvisioningIssued)),
            [
                Activated,
                Failed,
                Cancelled,
                WaitingCustomer,
                WaitingProvider
            ]
        );
        // A pause resumes its stage or moves it forward, never back.
        assert_eq!(
            allowed_next(pos(WaitingCustomer, Validation)),
            [
                Validation,
                ProvisioningIssued,
                Failed,
                Cancelled,
                WaitingProvider
            ]
        );
        assert_eq!(
            allowed_next(pos(WaitingProvider, ProvisioningIssued)),
            [
                ProvisioningIssued,
                Activated,
                Failed,
                Cancelled,
                WaitingCustomer
            ]
        );
        assert_eq!(allowed_next(pos(Failed, Failed)), [Validation]);
        assert!(allowed_next(pos(Activated, Activated)).is_empty());
        assert!(allowed_next(pos(Cancelled, Cancelled)).is_empty());
    }

    #[test]
    fn a_pause_remembers_its_stage() {
        let h = history(&[
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T09:00:00", ProvisioningIssued),
            ("2026-03-02T10:00:00", WaitingCustomer),
            ("2026-03-02T11:00:00", WaitingProvider),
        ]);
        assert_eq!(
            Position::of(&h),
            Some(pos(WaitingProvider, ProvisioningIssued))
        );
        assert!(check_transition(Position::of(&h).unwrap(), Validation).is_err());
        assert!(check_transition(Position::of(&h).unwrap(), Activated).is_ok());
        assert_eq!(Position::of(&[]), None);
    }

    #[test]
    fn an_illegal_transition_is_a_conflict_naming_the_allowed_ones() {
        let err = check_transition(pos(Validation, Validation), Activated).unwrap_err();
        assert_eq!(
            err,
            Rejection::Conflict(
                "a ticket cannot go from validation to activated; allowed from validation: \
                 provisioning_issued, failed, cancelled, waiting_customer, waiting_provider"
                    .into()
            )
        );
        let err = check_transition(pos(Activated, Activated), Validation).unwrap_err();
        assert!(matches!(err, Rejection::Conflict(d) if d.contains("activated is final")));
        assert!(check_transition(pos(Failed, Failed), Validation).is_ok());
    }

    #[test]
    fn a_running_clock_counts_business_time_and_breaches_at_its_due_time() {
        // Opened Mon 2026-03-02 11:00, 3 business hours: 11–12, 13–15 → due 15:00.
        let h = [("2026-03-02T11:00:00", Validation)];
        let c = clock(ClockKind::Resolution, &h, 3, "2026-03-02T14:00:00");
        assert_eq!(c.phase, ClockPhase::Running);
        assert_eq!(c.started_at, Some(at("2026-03-02T11:00:00")));
        assert_eq!(c.elapsed, Duration::hours(2));
        assert_eq!(c.remaining(), Duration::hours(1));
        assert_eq!(c.due_at, Some(at("2026-03-02T15:00:00")));
        assert!(!c.breached);
        let c = clock(ClockKind::Resolution, &h, 3, "2026-03-02T15:00:00");
        assert!(c.breached);
        // Overnight the due time stays where it was crossed.
        let c = clock(ClockKind::Resolution, &h, 3, "2026-03-03T07:00:00");
        assert_eq!(c.elapsed, Duration::hours(5));
        assert_eq!(c.due_at, Some(at("2026-03-02T15:00:00")));
        assert!(c.breached);
    }

    #[test]
    fn a_pause_over_a_weekend_and_a_holiday_pushes_the_due_time_by_the_paused_business_time() {
        // Opened Wed 2026-03-18 08:00, 8 business hours: due Wed 17:00 without a pause.
        let open = [("2026-03-18T08:00:00", Validation)];
        let unpaused = clock(ClockKind::Resolution, &open, 8, "2026-03-18T09:00:00");
        assert_eq!(unpaused.due_at, Some(at("2026-03-18T17:00:00")));
        // Waiting for the customer from Wed 10:00 to Mon 10:00: Wed 6h, Thu Nyepi 0,
        // Fri half day 4h, Sat 4h, Sun 0, Mon 2h = 16 business hours paused.
        let h = [
            ("2026-03-18T08:00:00", Validation),
            ("2026-03-18T10:00:00", WaitingCustomer),
            ("2026-03-23T10:00:00", Validation),
        ];
        let c = clock(ClockKind::Resolution, &h, 8, "2026-03-23T11:00:00");
        assert_eq!(c.phase, ClockPhase::Running);
        assert_eq!(c.elapsed, Duration::hours(3));
        assert_eq!(c.paused_business, Duration::hours(16));
        assert_eq!(
            c.paused,
            [Span {
                start: at("2026-03-18T10:00:00"),
                end: Some(at("2026-03-23T10:00:00"))
            }]
        );
        assert_eq!(c.due_at, Some(at("2026-03-23T17:00:00")));
        // Exactly the target plus the paused business time from the opening.
        assert_eq!(
            c.due_at,
            add_business_time(&office(), at("2026-03-18T08:00:00"), Duration::hours(24))
        );
        // While still paused the due time moves with the pause (as if resumed now).
        let paused = clock(ClockKind::Resolution, &h[..2], 8, "2026-03-20T09:00:00");
        assert_eq!(paused.phase, ClockPhase::Paused);
        assert_eq!(paused.elapsed, Duration::hours(2));
        assert_eq!(paused.paused.last().unwrap().end, None);
        // 6 hours left from Fri 09:00: Fri 09–12, Sat 08–11.
        assert_eq!(paused.due_at, Some(at("2026-03-21T11:00:00")));
        assert!(!paused.breached);
    }

    #[test]
    fn resolving_straight_from_a_pause_closes_the_pause_first() {
        let h = [
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T09:00:00", ProvisioningIssued),
            ("2026-03-02T10:00:00", WaitingProvider),
            ("2026-03-03T10:00:00", Activated),
        ];
        for kind in [ClockKind::Resolution, ClockKind::Provisioning] {
            let c = clock(kind, &h, 8, "2026-03-04T10:00:00");
            assert_eq!(c.phase, ClockPhase::Stopped, "{kind}");
            assert_eq!(c.stopped_at, Some(at("2026-03-03T10:00:00")));
            assert_eq!(
                c.paused,
                [Span {
                    start: at("2026-03-02T10:00:00"),
                    end: Some(at("2026-03-03T10:00:00"))
                }]
            );
            // Mon 10–12, 13–17 and Tue 08–10: 8 paused business hours, not counted.
            assert_eq!(c.paused_business, Duration::hours(8));
            assert!(!c.breached);
        }
        let resolution = clock(ClockKind::Resolution, &h, 8, "2026-03-04T10:00:00");
        assert_eq!(resolution.elapsed, Duration::hours(2));
        let provisioning = clock(ClockKind::Provisioning, &h, 8, "2026-03-04T10:00:00");
        assert_eq!(provisioning.elapsed, Duration::hours(1));
        assert_eq!(provisioning.started_at, Some(at("2026-03-02T09:00:00")));
    }

    #[test]
    fn stage_clocks_show_which_step_was_slow() {
        let h = [
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T14:00:00", ProvisioningIssued),
        ];
        let validation = clock(ClockKind::Validation, &h, 4, "2026-03-02T16:00:00");
        assert_eq!(validation.phase, ClockPhase::Stopped);
        assert_eq!(validation.elapsed, Duration::hours(5));
        assert_eq!(validation.due_at, Some(at("2026-03-02T12:00:00")));
        assert!(validation.breached);
        let provisioning = clock(ClockKind::Provisioning, &h, 4, "2026-03-02T16:00:00");
        assert_eq!(provisioning.phase, ClockPhase::Running);
        assert_eq!(provisioning.elapsed, Duration::hours(2));
        assert!(!provisioning.breached);
        let before = clock(ClockKind::Provisioning, &h[..1], 4, "2026-03-02T10:00:00");
        assert_eq!(before.phase, ClockPhase::NotStarted);
        assert_eq!(before.due_at, None);
        assert_eq!(before.started_at, None);
    }

    #[test]
    fn a_clock_stopped_exactly_at_its_due_time_met_it() {
        let h = [
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T12:00:00", ProvisioningIssued),
        ];
        let c = clock(ClockKind::Validation, &h, 4, "2026-03-02T16:00:00");
        assert_eq!(c.due_at, Some(at("2026-03-02T12:00:00")));
        assert_eq!(c.stopped_at, c.due_at);
        assert!(!c.breached);
    }

    #[test]
    fn a_reopened_ticket_keeps_the_time_used_and_skips_the_time_failed() {
        let h = [
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T10:00:00", Failed),
            ("2026-03-03T08:00:00", Validation),
        ];
        let failed = clock(ClockKind::Resolution, &h[..2], 8, "2026-03-02T16:00:00");
        assert_eq!(failed.phase, ClockPhase::Stopped);
        assert_eq!(failed.elapsed, Duration::hours(2));
        let reopened = clock(ClockKind::Resolution, &h, 8, "2026-03-03T09:00:00");
        assert_eq!(reopened.phase, ClockPhase::Running);
        assert_eq!(reopened.elapsed, Duration::hours(3));
        assert_eq!(reopened.stopped_at, None);
        assert_eq!(reopened.due_at, Some(at("2026-03-03T15:00:00")));
        // The time spent failed is not a pause.
        assert!(reopened.paused.is_empty());
    }

    #[test]
    fn the_first_response_stops_its_clock() {
        let h = history(&[("2026-03-02T08:00:00", Validation)]);
        let target = Duration::hours(1);
        let cal = office();
        let answered = compute_clock(
            ClockKind::FirstResponse,
            &h,
            Some(at("2026-03-02T08:40:00")),
            target,
            &cal,
            at("2026-03-02T12:00:00"),
        )
        .unwrap();
        assert_eq!(answered.phase, ClockPhase::Stopped);
        assert_eq!(answered.elapsed, Duration::minutes(40));
        assert_eq!(answered.stopped_at, Some(at("2026-03-02T08:40:00")));
        assert!(!answered.breached);
        let late = compute_clock(
            ClockKind::FirstResponse,
            &h,
            Some(at("2026-03-02T09:30:00")),
            target,
            &cal,
            at("2026-03-02T12:00:00"),
        )
        .unwrap();
        assert!(late.breached);
        // Answered at the opening: started and stopped at once.
        let at_once = compute_clock(
            ClockKind::FirstResponse,
            &h,
            Some(at("2026-03-02T08:00:00")),
            target,
            &cal,
            at("2026-03-02T12:00:00"),
        )
        .unwrap();
        assert_eq!(at_once.phase, ClockPhase::Stopped);
        assert_eq!(at_once.elapsed, Duration::zero());
        assert_eq!(at_once.started_at, at_once.stopped_at);
        // Unanswered, the first response clock runs with the resolution clock.
        let clocks = compute_clocks(
            &h,
            None,
            &crate::domain::policy::Targets {
                first_response_minutes: 30,
                validation_minutes: 60,
                provisioning_minutes: 60,
                resolution_minutes: 120,
            },
            &cal,
            at("2026-03-02T09:00:00"),
        )
        .unwrap();
        let kinds: Vec<_> = clocks
            .iter()
            .map(|c| (c.kind, c.phase, c.breached))
            .collect();
        assert_eq!(
            kinds,
            [
                (ClockKind::FirstResponse, ClockPhase::Running, true),
                (ClockKind::Validation, ClockPhase::Running, true),
                (ClockKind::Provisioning, ClockPhase::NotStarted, false),
                (ClockKind::Resolution, ClockPhase::Running, false),
            ]
        );
    }

    #[test]
    fn a_change_of_policy_or_calendar_recomputes_and_keeps_the_time_used() {
        let h = [("2026-03-02T08:00:00", Validation)];
        let now = "2026-03-03T10:00:00";
        let short = clock(ClockKind::Resolution, &h, 4, now);
        let long = clock(ClockKind::Resolution, &h, 16, now);
        assert_eq!(short.elapsed, long.elapsed);
        assert_eq!(short.elapsed, Duration::hours(10));
        assert!(short.breached);
        assert_eq!(long.due_at, Some(at("2026-03-03T17:00:00")));
        // New hours from tomorrow (2026-03-04): every day 10:00–11:00.
        let mut version = office().versions()[0].clone();
        version.effective_from = date("2026-03-04");
        version.exceptions.clear();
        version.week = Week::every_day(&[iv("10:00", "11:00")]);
        // The old version's holidays after the change would fall outside it: refused,
        // named (the new version must carry them).
        let errors = office()
            .with_version(version.clone(), date("2026-03-03"))
            .unwrap_err();
        assert_eq!(errors[0].field, "versions[0].exceptions[0].date");
        let mut spec = office().spec();
        spec.versions[0].exceptions.clear();
        let base = crate::domain::calendar::Calendar::new(spec).unwrap();
        let changed = base.with_version(version, date("2026-03-03")).unwrap();
        let c = compute_clock(
            ClockKind::Resolution,
            &history(&h),
            None,
            Duration::hours(16),
            &changed,
            at(now),
        )
        .unwrap();
        assert_eq!(c.elapsed, Duration::hours(10));
        // 6 hours left: Tue 10–12, 13–17 is still the old version's day.
        assert_eq!(c.due_at, Some(at("2026-03-03T17:00:00")));
        let c = compute_clock(
            ClockKind::Resolution,
            &history(&h),
            None,
            Duration::hours(20),
            &changed,
            at(now),
        )
        .unwrap();
        // 10 left: Tue 6h, then 1h a day from Wed: Sat 2026-03-07 11:00.
        assert_eq!(c.due_at, Some(at("2026-03-07T11:00:00")));
    }

    #[test]
    fn only_history_before_now_counts() {
        let h = [
            ("2026-03-02T08:00:00", Validation),
            ("2026-03-02T10:00:00", Activated),
        ];
        let c = clock(ClockKind::Resolution, &h, 4, "2026-03-02T09:00:00");
        assert_eq!(c.phase, ClockPhase::Running);
        assert_eq!(c.elapsed, Duration::hours(1));
        let c = clock(ClockKind::Resolution, &h, 4, "2026-03-02T07:00:00");
        assert_eq!(c.phase, ClockPhase::NotStarted);
    }

    #[test]
    fn a_broken_history_is_refused() {
        let cal = office();
        let now = at("2026-03-02T09:00:00");
        let t = Duration::hours(1);
        let run = |h: &[StatusChange]| compute_clock(ClockKind::Resolution, h, None, t, &cal, now);
        assert_eq!(run(&[]), Err(HistoryError::Empty));
        assert_eq!(
            run(&history(&[("2026-03-02T08:00:00", Failed)])),
            Err(HistoryError::NotOpenedInValidation)
        );
        assert_eq!(
            run(&history(&[
                ("2026-03-02T08:00:00", Validation),
                ("2026-03-02T08:30:00", WaitingCustomer),
                ("2026-03-02T08:10:00", Validation),
            ])),
            Err(HistoryError::OutOfOrder { index: 2 })
        );
    }

    #[test]
    fn a_clock_runs_from_the_opening_instant_and_a_change_at_now_is_current() {
        // Read at the very instant of the opening: the resolution clock has started (the
        // escalation timer of a new ticket is computed then).
        let opened = clock(
            ClockKind::Resolution,
            &[("2026-03-02T08:00:00", Validation)],
            10,
            "2026-03-02T08:00:00",
        );
        assert_eq!(opened.phase, ClockPhase::Running);
        assert_eq!(opened.elapsed, Duration::zero());
        assert_eq!(opened.due_at, Some(at("2026-03-03T10:00:00")));
        // A pause read at the instant it began is a pause.
        let paused = clock(
            ClockKind::Resolution,
            &[
                ("2026-03-02T08:00:00", Validation),
                ("2026-03-02T10:00:00", WaitingCustomer),
            ],
            10,
            "2026-03-02T10:00:00",
        );
        assert_eq!(paused.phase, ClockPhase::Paused);
        assert_eq!(paused.elapsed, Duration::hours(2));
    }
}
