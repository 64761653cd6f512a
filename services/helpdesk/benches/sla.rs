//! The SLA engine's arithmetic, in process (pure functions, no database):
//!
//! 1. `due`: due-time computations (`add_business_time`) on a realistic WIB calendar —
//!    Mon–Fri 08:00–12:00 and 13:00–17:00, Saturday mornings, Ramadan hours as a version
//!    of their own, 2026's national holidays and *cuti bersama*, half days — from starts
//!    spread over the year, with targets from 30 minutes to a business week (40 h);
//! 2. `due-24x7`: the same on the 24x7 calendar;
//! 3. `elapsed`: business time between two instants 0–10 days apart;
//! 4. `ticket`: one ticket's four clocks from a six-entry history with a weekend pause,
//!    and the escalation ladder over them (what the poller computes per due ticket).
//!
//! Each measure runs `BENCH_ROUNDS` (3) rounds of `BENCH_ITERATIONS` (200,000) and
//! reports the median round, as a table and one JSON line.
//!
//! `cargo bench -p tam-helpdesk --bench sla`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use tam_helpdesk::domain::business_time::{add_business_time, business_time_between};
use tam_helpdesk::domain::calendar::{
    Calendar, CalendarSpec, CalendarVersion, Exception, Interval, Week,
};
use tam_helpdesk::domain::escalation::{escalations, Ladder};
use tam_helpdesk::domain::policy::Targets;
use tam_helpdesk::domain::sla::{compute_clocks, StatusChange, TicketStatus};
use tam_testkit::bench::{record, Goal, Measurement};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn iv(start: &str, end: &str) -> Interval {
    Interval::parse(start, end).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A site's desk calendar for 2026 (WIB).
fn realistic() -> Calendar {
    let office = {
        let day = vec![iv("08:00", "12:00"), iv("13:00", "17:00")];
        Week {
            mon: day.clone(),
            tue: day.clone(),
            wed: day.clone(),
            thu: day.clone(),
            fri: vec![iv("08:00", "11:30"), iv("13:00", "17:00")],
            sat: vec![iv("08:00", "12:00")],
            sun: vec![],
        }
    };
    let ramadan = Week {
        sat: vec![],
        sun: vec![],
        ..Week::every_day(&[iv("08:00", "15:00")])
    };
    let closed = |d: &str, name: &str| Exception {
        date: date(d),
        name: name.into(),
        intervals: vec![],
    };
    let half = |d: &str, name: &str| Exception {
        date: date(d),
        name: name.into(),
        intervals: vec![iv("08:00", "12:00")],
    };
    let spec = CalendarSpec {
        time_zone: "Asia/Jakarta".into(),
        versions: vec![
            CalendarVersion {
                effective_from: date("2026-01-01"),
                week: office.clone(),
                exceptions: vec![
                    closed("2026-01-01", "Tahun Baru"),
                    closed("2026-01-16", "Isra Mi'raj"),
                    closed("2026-02-16", "cuti bersama Imlek"),
                    closed("2026-02-17", "Imlek"),
                ],
            },
            CalendarVersion {
                effective_from: date("2026-02-18"),
                week: ramadan,
                exceptions: vec![
                    closed("2026-03-18", "cuti bersama Nyepi"),
                    closed("2026-03-19", "Nyepi"),
                ],
            },
            CalendarVersion {
                effective_from: date("2026-03-20"),
                week: office,
                exceptions: vec![
                    closed("2026-03-20", "Idul Fitri"),
                    closed("2026-03-21", "Idul Fitri"),
                    closed("2026-03-23", "cuti bersama Idul Fitri"),
                    closed("2026-03-24", "cuti bersama Idul Fitri"),
                    closed("2026-04-03", "Wafat Isa Almasih"),
                    closed("2026-05-01", "Hari Buruh"),
                    closed("2026-05-14", "Kenaikan Isa Almasih"),
                    closed("2026-05-27", "Idul Adha"),
                    closed("2026-05-31", "Waisak"),
                    closed("2026-06-01", "Hari Lahir Pancasila"),
                    closed("2026-06-16", "Tahun Baru Islam"),
                    closed("2026-08-17", "Hari Kemerdekaan"),
                    closed("2026-08-25", "Maulid Nabi"),
                    half("2026-12-24", "Malam Natal"),
                    closed("2026-12-25", "Natal"),
                    closed("2026-12-26", "cuti bersama Natal"),
                    half("2026-12-31", "Malam Tahun Baru"),
                ],
            },
        ],
    };
    Calendar::new(spec).unwrap()
}

/// xorshift64: reproducible starts without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `count` instants spread over 2026, to the second.
fn starts(count: usize) -> Vec<DateTime<Utc>> {
    let year = date("2026-01-01").and_hms_opt(0, 0, 0).unwrap().and_utc();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|_| year + Duration::seconds((rng.next() % (365 * 86_400)) as i64))
        .collect()
}

/// The median of `rounds` rounds of `f` over `iterations`, in operations per second.
fn measure(rounds: usize, iterations: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut rates: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for i in 0..iterations {
                f(i);
            }
            iterations as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
    rates[rates.len() / 2]
}

fn main() {
    run(tam_testkit::bench::smoke());
}

/// The bench; `smoke` (`TAM_BENCH_SMOKE=1`, and `tests/bench_smoke.rs`) runs a few
/// hundred iterations. Returns the whole-ticket evaluations per second.
pub fn run(smoke: bool) -> f64 {
    let rounds = env("BENCH_ROUNDS", if smoke { 1 } else { 3 }).max(1);
    let iterations = env("BENCH_ITERATIONS", if smoke { 300 } else { 200_000 }).max(1);
    let calendar = realistic();
    let always = Calendar::always_open(chrono_tz::Asia::Jakarta);
    let starts = starts(iterations);
    let targets: Vec<Duration> = [30, 4 * 60, 8 * 60, 24 * 60, 40 * 60]
        .iter()
        .map(|m| Duration::minutes(*m))
        .collect();

    let due = measure(rounds, iterations, |i| {
        let target = targets[i % targets.len()];
        black_box(add_business_time(&calendar, black_box(starts[i]), target)).unwrap();
    });
    let due_24x7 = measure(rounds, iterations, |i| {
        let target = targets[i % targets.len()];
        black_box(add_business_time(&always, black_box(starts[i]), target)).unwrap();
    });
    let elapsed = measure(rounds, iterations, |i| {
        let to = starts[i] + Duration::minutes((i % 14_400) as i64);
        black_box(business_time_between(&calendar, black_box(starts[i]), to));
    });

    let policy = Targets {
        first_response_minutes: 60,
        validation_minutes: 8 * 60,
        provisioning_minutes: 16 * 60,
        resolution_minutes: 24 * 60,
    };
    let ladder = Ladder::standard();
    let ticket_iterations = (iterations / 10).max(1);
    let ticket = measure(rounds, ticket_iterations, |i| {
        let open = starts[i];
        let history = [
            (0, TicketStatus::Validation),
            (3 * 60, TicketStatus::WaitingCustomer),
            (3 * 24 * 60, TicketStatus::Validation),
            (3 * 24 * 60 + 90, TicketStatus::ProvisioningIssued),
            (4 * 24 * 60, TicketStatus::WaitingProvider),
            (5 * 24 * 60, TicketStatus::ProvisioningIssued),
        ]
        .map(|(minutes, status)| StatusChange {
            at: open + Duration::minutes(minutes),
            status,
        });
        let now = open + Duration::days(6);
        let clocks = compute_clocks(
            &history,
            Some(open + Duration::minutes(20)),
            &policy,
            &calendar,
            now,
        )
        .unwrap();
        for clock in &clocks {
            black_box(escalations(&ladder, clock, &calendar, &["warning"], now));
        }
    });

    println!();
    println!("| measure | per second |");
    println!("|---|---|");
    println!("| due time, realistic WIB calendar (targets 30 min – 40 h) | {due:.0} |");
    println!("| due time, 24x7 calendar | {due_24x7:.0} |");
    println!("| elapsed business time, 0–10 days apart | {elapsed:.0} |");
    println!("| ticket: 4 clocks from a 6-entry history + escalation ladder | {ticket:.0} |");
    println!(
        "{}",
        json!({
            "bench": "sla",
            "rounds": rounds,
            "iterations": iterations,
            "due_per_sec": due.round(),
            "due_24x7_per_sec": due_24x7.round(),
            "elapsed_per_sec": elapsed.round(),
            "tickets_per_sec": ticket.round(),
        })
    );
    for (path, figure) in [
        ("helpdesk SLA: due time, realistic WIB calendar", due),
        ("helpdesk SLA: whole ticket (4 clocks + the ladder)", ticket),
    ] {
        record(&Measurement::new(path, figure, "per second", Goal::None));
    }
    ticket
}
