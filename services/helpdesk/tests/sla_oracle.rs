//! The SLA arithmetic against an independent brute-force oracle.
//!
//! The oracle knows nothing of spans, versions lookups by binary search or business-time
//! walks: it asks, for every minute, "is the calendar open now?" by the plain reading of
//! the calendar (the latest version in force on that local date, its exception for the
//! date if any, else its weekday), and which status the history says the ticket is in,
//! and counts. Random calendars (several intervals a day, whole days open or closed),
//! versions, exceptions, histories with pauses, reopenings and resolutions from a pause,
//! first responses, and the four zones of the desk's question (WIB, WITA, WIT, UTC).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use proptest::collection::{btree_set, vec};
use proptest::prelude::*;
use tam_helpdesk::domain::business_time::{add_business_time, business_time_between};
use tam_helpdesk::domain::calendar::{
    Calendar, CalendarSpec, CalendarVersion, Exception, Interval, TimeOfDay, Week,
};
use tam_helpdesk::domain::policy::Targets;
use tam_helpdesk::domain::sla::{
    allowed_next, compute_clocks, ClockKind, ClockPhase, Position, StatusChange, TicketStatus,
};

/// How far past `now` the oracle walks looking for a due time.
const CAP_MINUTES: i64 = 21 * 24 * 60;

fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn base_instant() -> DateTime<Utc> {
    // A day before the base date in every zone, so tickets may open before the first
    // version (closed time).
    base_date().and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::days(1)
}

fn minute(i: u16) -> TimeOfDay {
    TimeOfDay::from_minutes(i).unwrap()
}

fn day() -> impl Strategy<Value = Vec<Interval>> {
    prop_oneof![
        1 => Just(vec![Interval::ALL_DAY]),
        1 => Just(vec![]),
        6 => btree_set(0u16..=1440, 0..=6).prop_map(|cuts| {
            let cuts: Vec<u16> = cuts.into_iter().collect();
            cuts.chunks_exact(2)
                .map(|pair| Interval { start: minute(pair[0]), end: minute(pair[1]) })
                .collect()
        }),
    ]
}

fn week() -> impl Strategy<Value = Week> {
    proptest::array::uniform7(day()).prop_map(|[mon, tue, wed, thu, fri, sat, sun]| Week {
        mon,
        tue,
        wed,
        thu,
        fri,
        sat,
        sun,
    })
}

fn zone() -> impl Strategy<Value = Tz> {
    prop_oneof![
        Just(chrono_tz::Asia::Jakarta),
        Just(chrono_tz::Asia::Makassar),
        Just(chrono_tz::Asia::Jayapura),
        Just(chrono_tz::UTC),
    ]
}

/// Versions: the first from 0–3 days after the base date, each next 1–8 days later;
/// exceptions at offsets inside each version's validity.
fn calendar() -> impl Strategy<Value = CalendarSpec> {
    (
        zone(),
        0i64..4,
        vec((1i64..9, week(), vec((0i64..40, day()), 0..4)), 1..=3),
    )
        .prop_map(|(tz, first, raw)| {
            let mut from = base_date() + Duration::days(first);
            let mut starts = Vec::new();
            for (gap, _, _) in &raw {
                starts.push(from);
                from += Duration::days(*gap);
            }
            let versions = raw
                .into_iter()
                .enumerate()
                .map(|(i, (_, week, exceptions))| {
                    let effective_from = starts[i];
                    let length = starts
                        .get(i + 1)
                        .map_or(40, |next| (*next - effective_from).num_days());
                    let mut seen = Vec::new();
                    let exceptions = exceptions
                        .into_iter()
                        .filter_map(|(offset, intervals)| {
                            let date = effective_from + Duration::days(offset % length);
                            if seen.contains(&date) {
                                return None;
                            }
                            seen.push(date);
                            Some(Exception {
                                date,
                                name: "random".into(),
                                intervals,
                            })
                        })
                        .collect();
                    CalendarVersion {
                        effective_from,
                        week,
                        exceptions,
                    }
                })
                .collect();
            CalendarSpec {
                time_zone: tz.name().into(),
                versions,
            }
        })
}

/// The plain reading of the calendar at one instant.
fn open_at(spec: &CalendarSpec, tz: Tz, at: DateTime<Utc>) -> bool {
    let local = at.with_timezone(&tz);
    let date = local.date_naive();
    let minute = (local.hour() * 60 + local.minute()) as u16;
    let Some(version) = spec
        .versions
        .iter()
        .filter(|v| v.effective_from <= date)
        .max_by_key(|v| v.effective_from)
    else {
        return false;
    };
    let intervals = match version.exceptions.iter().find(|e| e.date == date) {
        Some(exception) => &exception.intervals,
        None => version.week.day(date.weekday()),
    };
    intervals
        .iter()
        .any(|i| i.start.minutes() <= minute && minute < i.end.minutes())
}

/// Whether each minute from `start` on is open, `count` minutes.
fn open_minutes(spec: &CalendarSpec, start: DateTime<Utc>, count: i64) -> Vec<bool> {
    let tz: Tz = spec.time_zone.parse().unwrap();
    (0..count)
        .map(|m| open_at(spec, tz, start + Duration::minutes(m)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn elapsed_and_due_match_the_minute_walk(
        spec in calendar(),
        from in 0i64..(20 * 24 * 60),
        length in 0i64..(6 * 24 * 60),
        amount in 0i64..(3 * 24 * 60),
    ) {
        let calendar = Calendar::new(spec.clone()).unwrap();
        let from = base_instant() + Duration::minutes(from);
        let open = open_minutes(&spec, from, length.max(amount) + CAP_MINUTES);
        let expected = open[..length as usize].iter().filter(|o| **o).count() as i64;
        prop_assert_eq!(
            business_time_between(&calendar, from, from + Duration::minutes(length)),
            Duration::minutes(expected)
        );
        let mut counted = 0;
        let mut oracle = if amount == 0 { Some(from) } else { None };
        for (m, is_open) in open.iter().enumerate() {
            if oracle.is_some() {
                break;
            }
            if *is_open {
                counted += 1;
                if counted == amount {
                    oracle = Some(from + Duration::minutes(m as i64 + 1));
                }
            }
        }
        let due = add_business_time(&calendar, from, Duration::minutes(amount));
        match oracle {
            Some(expected) => prop_assert_eq!(due, Some(expected)),
            // Not within the walk: the engine's answer (if any) lies beyond it.
            None => prop_assert!(due.is_none_or(|d| d > from + Duration::minutes(open.len() as i64))),
        }
    }

    #[test]
    fn clocks_match_the_minute_walk(
        spec in calendar(),
        opened in 0i64..(15 * 24 * 60),
        steps in vec((any::<u8>(), 0i64..3000), 0..7),
        now in 0i64..(20 * 24 * 60),
        response in proptest::option::of(0i64..3000),
        targets in (1u32..3000, 1u32..3000, 1u32..3000, 1u32..3000),
    ) {
        let calendar = Calendar::new(spec.clone()).unwrap();
        let opened = base_instant() + Duration::minutes(opened);
        // A history following the transition rules.
        let mut history = vec![StatusChange { at: opened, status: TicketStatus::Validation }];
        let mut at = opened;
        for (choice, gap) in steps {
            let allowed = allowed_next(Position::of(&history).unwrap());
            if allowed.is_empty() {
                break;
            }
            at += Duration::minutes(gap);
            history.push(StatusChange { at, status: allowed[choice as usize % allowed.len()] });
        }
        let now = opened + Duration::minutes(now.max(1));
        let first_response = response.map(|r| opened + Duration::minutes(r));
        let targets = Targets {
            first_response_minutes: targets.0,
            validation_minutes: targets.1,
            provisioning_minutes: targets.2,
            resolution_minutes: targets.3,
        };
        let clocks = compute_clocks(&history, first_response, &targets, &calendar, now).unwrap();

        // The oracle: status and stage at each minute, from the history read plainly.
        let mut positions = Vec::new();
        for change in &history {
            let stage = match positions.last() {
                Some((_, _, stage)) if change.status.is_pause() => *stage,
                _ => change.status,
            };
            positions.push((change.at, change.status, stage));
        }
        let position_at = |t: DateTime<Utc>| {
            positions
                .iter()
                .rev()
                .find(|(at, _, _)| *at <= t)
                .map(|(_, status, stage)| (*status, *stage))
        };
        let runs = |kind: ClockKind, status: TicketStatus, t: DateTime<Utc>| {
            use TicketStatus::*;
            match kind {
                ClockKind::FirstResponse => {
                    first_response.is_none_or(|r| t < r)
                        && matches!(status, Validation | ProvisioningIssued)
                }
                ClockKind::Validation => status == Validation,
                ClockKind::Provisioning => status == ProvisioningIssued,
                ClockKind::Resolution => matches!(status, Validation | ProvisioningIssued),
            }
        };
        let span = (now - opened).num_minutes();
        let open = open_minutes(&spec, opened, span + CAP_MINUTES);
        for clock in &clocks {
            let kind = clock.kind;
            let mut elapsed = 0;
            let mut paused = 0;
            let mut crossed = None;
            for m in 0..span {
                let t = opened + Duration::minutes(m);
                let Some((status, stage)) = position_at(t) else { continue };
                let running = runs(kind, status, t);
                let pausing = status.is_pause() && runs(kind, stage, t);
                if open[m as usize] && running {
                    elapsed += 1;
                    if elapsed == i64::from(targets_of(&targets, kind)) && crossed.is_none() {
                        crossed = Some(t + Duration::minutes(1));
                    }
                }
                if open[m as usize] && pausing {
                    paused += 1;
                }
            }
            prop_assert_eq!(clock.elapsed, Duration::minutes(elapsed), "{} elapsed", kind);
            prop_assert_eq!(clock.paused_business, Duration::minutes(paused), "{} paused", kind);
            let (status, stage) = position_at(now - Duration::minutes(1)).unwrap();
            let phase_now = if runs(kind, status, now - Duration::minutes(1)) {
                Some(ClockPhase::Running)
            } else if status.is_pause() && runs(kind, stage, now - Duration::minutes(1)) {
                Some(ClockPhase::Paused)
            } else {
                None
            };
            match phase_now {
                Some(phase) => prop_assert_eq!(clock.phase, phase, "{} phase", kind),
                None => prop_assert!(
                    matches!(clock.phase, ClockPhase::Stopped | ClockPhase::NotStarted),
                    "{} phase {}", kind, clock.phase
                ),
            }
            if let Some(crossed) = crossed {
                prop_assert_eq!(clock.due_at, Some(crossed), "{} crossed", kind);
                if phase_now.is_some() {
                    prop_assert!(clock.breached, "{} breached", kind);
                }
            } else if phase_now.is_some() {
                // Runs on from now: the remaining target over the open minutes ahead.
                let remaining = i64::from(targets_of(&targets, kind)) - elapsed;
                let mut counted = 0;
                let mut due = None;
                for m in span..(span + CAP_MINUTES) {
                    if open[m as usize] {
                        counted += 1;
                        if counted == remaining {
                            due = Some(opened + Duration::minutes(m + 1));
                            break;
                        }
                    }
                }
                match due {
                    Some(due) => prop_assert_eq!(clock.due_at, Some(due), "{} due", kind),
                    None => prop_assert!(
                        clock.due_at.is_none_or(|d| d > now + Duration::minutes(CAP_MINUTES)),
                        "{} due beyond the walk", kind
                    ),
                }
                prop_assert!(!clock.breached, "{} not breached", kind);
            }
        }
    }
}

fn targets_of(targets: &Targets, kind: ClockKind) -> u32 {
    match kind {
        ClockKind::FirstResponse => targets.first_response_minutes,
        ClockKind::Validation => targets.validation_minutes,
        ClockKind::Provisioning => targets.provisioning_minutes,
        ClockKind::Resolution => targets.resolution_minutes,
    }
}
