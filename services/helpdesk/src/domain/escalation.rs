//! The escalation ladder: levels at shares of a clock's target, each firing once per
//! ticket and clock.
//!
//! A level is due when the clock's business time reaches its share of the target
//! ([`Clock::reached_at`]). The poller stores [`Escalations::next_at`] as the ticket's
//! due-time column, and at that time asks [`escalations`] again with the levels already
//! fired (kept in the ticket's history), so a level never fires twice even if the poller
//! runs late, twice, or after a recomputation.
//!
//! A paused clock fires only what it crossed before the pause and has no next time (the
//! resumption recomputes it); a stopped clock fires only a breach it crossed before it
//! stopped (a warning about a resolved ticket is noise, a breach is a fact the reports
//! need); a clock not started fires nothing.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::FieldError;

use super::calendar::Calendar;
use super::sla::{Clock, ClockPhase};

tam_kernel::code_enum! {
    /// Who a level notifies.
    pub enum Recipient as "recipient" {
        /// The HD Support agent holding the ticket.
        Assignee => "assignee",
        SupervisorHd => "supervisor_hd",
        Manager => "manager",
        /// IT operations: added for tickets whose problem is an IT cause.
        Ioc => "ioc",
    }
}

/// The share of the target at which a breach is: levels from here on are breaches.
pub const BREACH_PERCENT: u32 = 100;

/// One level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// Its stable name, recorded when it fires (`warning`, `supervisor`, `breach`).
    pub code: String,
    /// The share of the target, in percent (may exceed 100: a second breach level).
    pub percent: u32,
    pub notify: Vec<Recipient>,
}

impl Level {
    /// Whether it marks a breach (at or past the whole target).
    pub fn is_breach(&self) -> bool {
        self.percent >= BREACH_PERCENT
    }

    /// Who it notifies for a ticket; an IT cause adds `ioc` to every level that goes
    /// beyond the assignee.
    pub fn recipients(&self, it_cause: bool) -> Vec<Recipient> {
        let mut recipients = self.notify.clone();
        let beyond_assignee = recipients.iter().any(|r| *r != Recipient::Assignee);
        if it_cause && beyond_assignee && !recipients.contains(&Recipient::Ioc) {
            recipients.push(Recipient::Ioc);
        }
        recipients
    }

    /// The business time at which it is due for `target`.
    pub fn threshold(&self, target: Duration) -> Duration {
        // Milliseconds keep a share of a target in whole minutes exact (1% of a minute
        // is 600 ms).
        Duration::milliseconds(target.num_milliseconds() * i64::from(self.percent) / 100)
    }
}

/// The levels, in increasing `percent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ladder {
    levels: Vec<Level>,
}

/// Every problem of a ladder, each naming its field (`levels[1].percent`).
pub fn check_ladder(levels: &[Level]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if levels.is_empty() {
        errors.push(FieldError::new("levels", "must have at least one level"));
    }
    for (i, level) in levels.iter().enumerate() {
        let field = format!("levels[{i}]");
        if level.code.trim().is_empty() {
            errors.push(FieldError::new(format!("{field}.code"), "is required"));
        } else if let Some(first) = levels[..i].iter().position(|l| l.code == level.code) {
            errors.push(FieldError::new(
                format!("{field}.code"),
                format!("`{}` is already levels[{first}]'s code", level.code),
            ));
        }
        if level.percent == 0 || level.percent > 1000 {
            errors.push(FieldError::new(
                format!("{field}.percent"),
                "must be between 1 and 1000",
            ));
        } else if i > 0 && level.percent <= levels[i - 1].percent {
            errors.push(FieldError::new(
                format!("{field}.percent"),
                format!(
                    "must be above the previous level's ({}%)",
                    levels[i - 1].percent
                ),
            ));
        }
        if level.notify.is_empty() {
            errors.push(FieldError::new(
                format!("{field}.notify"),
                "must name at least one recipient",
            ));
        }
    }
    errors
}

impl Ladder {
    /// A checked ladder, or every bad field (422 `invalid-escalation-ladder`).
    pub fn new(levels: Vec<Level>) -> Result<Ladder, Vec<FieldError>> {
        let errors = check_ladder(&levels);
        if errors.is_empty() {
            Ok(Ladder { levels })
        } else {
            Err(errors)
        }
    }

    /// The ladder: 50% a warning to the assignee, 80% `supervisor_hd`, 100% the
    /// breach to `supervisor_hd` and the manager.
    pub fn standard() -> Ladder {
        let level = |code: &str, percent, notify: &[Recipient]| Level {
            code: code.into(),
            percent,
            notify: notify.to_vec(),
        };
        Ladder {
            levels: vec![
                level("warning", 50, &[Recipient::Assignee]),
                level("supervisor", 80, &[Recipient::SupervisorHd]),
                level(
                    "breach",
                    100,
                    &[Recipient::SupervisorHd, Recipient::Manager],
                ),
            ],
        }
    }

    pub fn levels(&self) -> &[Level] {
        &self.levels
    }
}

/// A level due, and the instant it became due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueLevel<'a> {
    pub level: &'a Level,
    pub at: DateTime<Utc>,
}

/// What a clock's escalation needs at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalations<'a> {
    /// The levels to fire now (not fired yet, reached at or before `now`), in ladder order.
    pub due: Vec<DueLevel<'a>>,
    /// When the next unfired level becomes due if the clock runs on; `None` if none will
    /// without a change to the ticket (paused, stopped, every level fired).
    pub next_at: Option<DateTime<Utc>>,
}

/// The levels of `ladder` due for `clock` at `now`, given the codes of the levels
/// already fired for this ticket and clock, and when the next one is.
pub fn escalations<'a>(
    ladder: &'a Ladder,
    clock: &Clock,
    calendar: &Calendar,
    fired: &[&str],
    now: DateTime<Utc>,
) -> Escalations<'a> {
    let mut out = Escalations {
        due: Vec::new(),
        next_at: None,
    };
    for level in &ladder.levels {
        if fired.contains(&level.code.as_str()) {
            continue;
        }
        let Some(at) = clock.reached_at(calendar, level.threshold(clock.target)) else {
            continue;
        };
        match clock.phase {
            ClockPhase::NotStarted => {}
            ClockPhase::Running => {
                if at <= now {
                    out.due.push(DueLevel { level, at });
                } else if out.next_at.is_none_or(|next| at < next) {
                    out.next_at = Some(at);
                }
            }
            ClockPhase::Paused => {
                if at <= now {
                    out.due.push(DueLevel { level, at });
                }
            }
            ClockPhase::Stopped => {
                let crossed = clock.stopped_at.is_some_and(|stop| at < stop);
                if level.is_breach() && crossed {
                    out.due.push(DueLevel { level, at });
                }
            }
        }
    }
    out
}

/// The ticket's due-time column over several clocks: the earliest level that is due and
/// not fired yet (at or before now, so the next sweep takes it: a level that became due
/// just before a pause or a resolution still fires) or else the earliest next level.
pub fn next_escalation_at<'a>(
    all: impl IntoIterator<Item = &'a Escalations<'a>>,
) -> Option<DateTime<Utc>> {
    all.into_iter()
        .flat_map(|e| e.due.iter().map(|d| d.at).chain(e.next_at))
        .min()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::sla::{compute_clock, ClockKind, StatusChange, TicketStatus};
    use crate::domain::testing::{office, utc};
    use TicketStatus::*;

    fn at(s: &str) -> DateTime<Utc> {
        utc(&format!("{s}+07:00"))
    }

    /// Resolution clock, 10 business hours, opened Mon 2026-03-02 08:00: 50% (5h) at
    /// Mon 14:00, 80% (8h) at Mon 17:00, 100% at Tue 10:00.
    fn clock(entries: &[(&str, TicketStatus)], now: &str) -> Clock {
        let history: Vec<StatusChange> = entries
            .iter()
            .map(|(t, status)| StatusChange {
                at: at(t),
                status: *status,
            })
            .collect();
        compute_clock(
            ClockKind::Resolution,
            &history,
            None,
            Duration::hours(10),
            &office(),
            at(now),
        )
        .unwrap()
    }

    const OPEN: (&str, TicketStatus) = ("2026-03-02T08:00:00", Validation);

    fn codes<'a>(e: &Escalations<'a>) -> Vec<&'a str> {
        e.due.iter().map(|d| d.level.code.as_str()).collect()
    }

    #[test]
    fn each_level_is_due_at_its_share_of_the_target() {
        let ladder = Ladder::standard();
        let cal = office();
        let before = clock(&[OPEN], "2026-03-02T13:59:00");
        let e = escalations(&ladder, &before, &cal, &[], at("2026-03-02T13:59:00"));
        assert!(e.due.is_empty());
        assert_eq!(e.next_at, Some(at("2026-03-02T14:00:00")));
        let half = clock(&[OPEN], "2026-03-02T14:00:00");
        let e = escalations(&ladder, &half, &cal, &[], at("2026-03-02T14:00:00"));
        assert_eq!(codes(&e), ["warning"]);
        assert_eq!(e.due[0].at, at("2026-03-02T14:00:00"));
        // Once fired, the warning is not due again; the next is the 80% level.
        let e = escalations(
            &ladder,
            &half,
            &cal,
            &["warning"],
            at("2026-03-02T14:00:00"),
        );
        assert!(e.due.is_empty());
        assert_eq!(e.next_at, Some(at("2026-03-02T17:00:00")));
        let e = escalations(
            &ladder,
            &half,
            &cal,
            &["warning", "supervisor"],
            at("2026-03-02T14:00:00"),
        );
        assert_eq!(e.next_at, Some(at("2026-03-03T10:00:00")));
    }

    #[test]
    fn a_late_poller_fires_every_level_passed_once() {
        let ladder = Ladder::standard();
        let cal = office();
        let late = clock(&[OPEN], "2026-03-03T11:00:00");
        let e = escalations(
            &ladder,
            &late,
            &cal,
            &["warning"],
            at("2026-03-03T11:00:00"),
        );
        assert_eq!(codes(&e), ["supervisor", "breach"]);
        assert_eq!(e.due[1].at, at("2026-03-03T10:00:00"));
        assert_eq!(e.next_at, None);
        let all = ["warning", "supervisor", "breach"];
        let e = escalations(&ladder, &late, &cal, &all, at("2026-03-03T11:00:00"));
        assert!(e.due.is_empty());
        assert_eq!(e.next_at, None);
    }

    #[test]
    fn a_paused_clock_fires_what_it_crossed_and_waits() {
        let ladder = Ladder::standard();
        let cal = office();
        let entries = [OPEN, ("2026-03-02T15:00:00", WaitingCustomer)];
        let paused = clock(&entries, "2026-03-04T09:00:00");
        let e = escalations(&ladder, &paused, &cal, &[], at("2026-03-04T09:00:00"));
        assert_eq!(codes(&e), ["warning"]);
        assert_eq!(e.next_at, None);
    }

    #[test]
    fn a_level_due_but_not_fired_before_a_pause_stays_the_timer() {
        let ladder = Ladder::standard();
        let cal = office();
        // The 50% warning fell due Mon 14:00; the ticket paused at 15:00 before a sweep
        // fired it: the timer is 14:00 (the next sweep takes it), not "none".
        let entries = [OPEN, ("2026-03-02T15:00:00", WaitingCustomer)];
        let paused = clock(&entries, "2026-03-02T15:00:00");
        let e = escalations(&ladder, &paused, &cal, &[], at("2026-03-02T15:00:00"));
        assert_eq!(next_escalation_at([&e]), Some(at("2026-03-02T14:00:00")));
        // Once fired, a paused clock has no timer.
        let e = escalations(
            &ladder,
            &paused,
            &cal,
            &["warning"],
            at("2026-03-02T15:00:00"),
        );
        assert_eq!(next_escalation_at([&e]), None);
    }

    #[test]
    fn a_stopped_clock_fires_only_a_breach_it_crossed() {
        let ladder = Ladder::standard();
        let cal = office();
        // Activated Mon 16:00 (7h used): nothing more, not even the missed warning.
        let met = clock(
            &[OPEN, ("2026-03-02T16:00:00", Activated)],
            "2026-03-03T12:00:00",
        );
        let e = escalations(&ladder, &met, &cal, &[], at("2026-03-03T12:00:00"));
        assert!(e.due.is_empty());
        assert_eq!(e.next_at, None);
        // Activated Tue 11:00, after the breach: the breach is still reported once.
        let late = clock(
            &[OPEN, ("2026-03-03T11:00:00", Activated)],
            "2026-03-03T12:00:00",
        );
        let e = escalations(&ladder, &late, &cal, &[], at("2026-03-03T12:00:00"));
        assert_eq!(codes(&e), ["breach"]);
        let e = escalations(&ladder, &late, &cal, &["breach"], at("2026-03-03T12:00:00"));
        assert!(e.due.is_empty());
        // Not started: nothing.
        let mut not_started = met.clone();
        not_started.phase = ClockPhase::NotStarted;
        let e = escalations(&ladder, &not_started, &cal, &[], at("2026-03-03T12:00:00"));
        assert!(e.due.is_empty() && e.next_at.is_none());
    }

    #[test]
    fn the_ticket_waits_for_the_earliest_clock() {
        let a = Escalations {
            due: vec![],
            next_at: Some(at("2026-03-03T10:00:00")),
        };
        let b = Escalations {
            due: vec![],
            next_at: Some(at("2026-03-02T10:00:00")),
        };
        let none = Escalations {
            due: vec![],
            next_at: None,
        };
        assert_eq!(
            next_escalation_at([&a, &none, &b]),
            Some(at("2026-03-02T10:00:00"))
        );
        assert_eq!(next_escalation_at([&none]), None);
    }

    #[test]
    fn an_it_cause_adds_ioc_beyond_the_assignee() {
        let ladder = Ladder::standard();
        let [warning, supervisor, breach] = ladder.levels() else {
            panic!("three levels");
        };
        assert_eq!(warning.recipients(true), [Recipient::Assignee]);
        assert_eq!(
            supervisor.recipients(true),
            [Recipient::SupervisorHd, Recipient::Ioc]
        );
        assert_eq!(supervisor.recipients(false), [Recipient::SupervisorHd]);
        assert_eq!(
            breach.recipients(true),
            [Recipient::SupervisorHd, Recipient::Manager, Recipient::Ioc]
        );
        assert!(breach.is_breach() && !supervisor.is_breach());
        assert_eq!(
            supervisor.threshold(Duration::minutes(1)),
            Duration::milliseconds(48_000)
        );
    }

    #[test]
    fn a_bad_ladder_is_named() {
        let level = |code: &str, percent, notify: &[Recipient]| Level {
            code: code.into(),
            percent,
            notify: notify.to_vec(),
        };
        let errors = Ladder::new(vec![
            level("warning", 50, &[Recipient::Assignee]),
            level("warning", 40, &[Recipient::SupervisorHd]),
            level("", 0, &[]),
            level("far", 1001, &[Recipient::Manager]),
        ])
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "levels[1].code",
                "levels[1].percent",
                "levels[2].code",
                "levels[2].percent",
                "levels[2].notify",
                "levels[3].percent",
            ]
        );
        assert_eq!(Ladder::new(vec![]).unwrap_err()[0].field, "levels");
        assert!(Ladder::new(Ladder::standard().levels().to_vec()).is_ok());
    }
}
