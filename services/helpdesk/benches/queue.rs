//! The ticket queues on `BENCH_TICKETS` (1,000,000) tickets, against the local database
//! (a fresh one from the tests' template): the latency of one page (50 tickets) of the
//! core's queue query, `store::tickets::list`, as `GET /api/v1/helpdesk/tickets` runs it
//! for each queue HD Support and the supervisors use — everything, by status, by channel,
//! a site's, mine (assignee), overdue, escalated, a search by IndiHome number — and deep
//! pages followed through their cursors. Each queue runs `BENCH_RUNS` (200) times;
//! p50/p99 per queue and over all. In process (the query and the row decoding, no HTTP).
//!
//! The tickets: six channels; 60% open (validation, provisioning issued, waiting), 40%
//! resolved; a sixth from OBC with a site and an agent; a third assigned among 40 desk
//! agents; 1% with escalation rows (a third of those breaches), all of them open, so that
//! the overdue and escalated queues have tickets to show (with none, the overdue queue
//! walks every ticket: ~1 s on this machine).
//!
//! `cargo bench -p tam-helpdesk --bench queue`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;
use tam_helpdesk::domain::policy::Channel;
use tam_helpdesk::domain::scope::TicketScope;
use tam_helpdesk::domain::sla::TicketStatus;
use tam_helpdesk::store::tickets::{list, TicketFilter};
use tam_kernel::{Cursor, Limit, Site};
use tam_testkit::bench::{record, Goal, Measurement};
use uuid::Uuid;

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(tam_testkit::bench::smoke()));
    Ok(())
}

/// The bench; `smoke` (`TAM_BENCH_SMOKE=1`, and `tests/bench_smoke.rs`) runs it on a
/// thousand tickets. Returns the p99 of every page, in ms.
pub async fn run(smoke: bool) -> f64 {
    let tickets = common::env("BENCH_TICKETS", if smoke { 1_000 } else { 1_000_000 });
    let runs = common::env("BENCH_RUNS", if smoke { 40 } else { 200 });
    let now: DateTime<Utc> = "2026-12-07T07:00:00Z".parse().unwrap();
    let (_db, pool) = common::database().await;
    let status = "CASE WHEN i % 10 < 3 THEN 'validation' WHEN i % 10 < 5 \
                  THEN 'provisioning_issued' WHEN i % 10 = 5 THEN 'waiting_customer' \
                  WHEN i % 10 < 9 THEN 'activated' ELSE 'failed' END";
    let seeded = common::seed(&pool, tickets, now, status, "false").await;
    // 1% escalated, a third of those breached.
    common::execute(
        &pool,
        "INSERT INTO escalations (ticket_id, clock, level, percent, breach, reached_at, \
           fired_at, recipients, notify_at, notified_at) \
         SELECT id, 'resolution', CASE WHEN number % 3 = 0 THEN 'breach' ELSE 'supervisor' END, \
           CASE WHEN number % 3 = 0 THEN 100 ELSE 80 END, number % 3 = 0, opened_at, \
           opened_at, ARRAY['supervisor_hd'], opened_at, opened_at \
         FROM tickets WHERE number % 100 = 3",
    )
    .await;
    common::execute(&pool, "VACUUM ANALYZE escalations").await;
    println!("seeded {tickets} tickets in {:.1} s", seeded.as_secs_f64());

    let assignee = {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Uuid)]
            id: Uuid,
        }
        let mut conn = pool.get().await.unwrap();
        let row: Id = diesel::sql_query("SELECT md5('desk7')::uuid AS id")
            .get_result(&mut conn)
            .await
            .unwrap();
        row.id
    };

    let queues: Vec<(&str, TicketScope, TicketFilter)> = vec![
        ("all", TicketScope::All, TicketFilter::default()),
        (
            "status=validation",
            TicketScope::All,
            TicketFilter {
                status: Some(TicketStatus::Validation),
                ..Default::default()
            },
        ),
        (
            "channel=plasa",
            TicketScope::All,
            TicketFilter {
                channel: Some(Channel::Plasa),
                ..Default::default()
            },
        ),
        (
            "a site's (Bandung)",
            TicketScope::Site(Site::Bandung),
            TicketFilter::default(),
        ),
        (
            "mine (assignee)",
            TicketScope::All,
            TicketFilter {
                assignee: Some(assignee),
                ..Default::default()
            },
        ),
        (
            "overdue",
            TicketScope::All,
            TicketFilter {
                overdue: true,
                ..Default::default()
            },
        ),
        (
            "escalated",
            TicketScope::All,
            TicketFilter {
                escalated: true,
                ..Default::default()
            },
        ),
        (
            "IndiHome number",
            TicketScope::All,
            TicketFilter {
                indihome_number: Some("122100424242".into()),
                ..Default::default()
            },
        ),
    ];

    let mut conn = pool.get().await.unwrap();
    let mut all = Vec::new();
    println!("| queue (first page of 50) | p50 ms | p99 ms |");
    println!("|---|---|---|");
    let mut results = Vec::new();
    for (name, scope, filter) in &queues {
        // Warm up once.
        list(&mut conn, *scope, filter, None, Limit::default())
            .await
            .unwrap();
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let one = Instant::now();
            let page = list(&mut conn, *scope, filter, None, Limit::default())
                .await
                .unwrap();
            times.push(one.elapsed());
            std::hint::black_box(page);
        }
        times.sort();
        let (p50, p99) = (
            common::percentile(&times, 50.0),
            common::percentile(&times, 99.0),
        );
        println!(
            "| {name} | {:.2} | {:.2} |",
            common::ms(p50),
            common::ms(p99)
        );
        results
            .push(json!({ "queue": name, "p50_ms": common::ms(p50), "p99_ms": common::ms(p99) }));
        all.extend(times);
    }
    // Deep pages: follow the cursor 40 pages into the whole queue, timing each page.
    let mut deep: Vec<Duration> = Vec::new();
    for _ in 0..(runs / 40).max(1) {
        let mut cursor: Option<Cursor> = None;
        for _ in 0..40 {
            let one = Instant::now();
            let page = list(
                &mut conn,
                TicketScope::All,
                &TicketFilter::default(),
                cursor,
                Limit::default(),
            )
            .await
            .unwrap();
            deep.push(one.elapsed());
            cursor = page.next_cursor.as_deref().map(|c| c.parse().unwrap());
        }
    }
    deep.sort();
    println!(
        "| all, pages 1–40 through the cursor | {:.2} | {:.2} |",
        common::ms(common::percentile(&deep, 50.0)),
        common::ms(common::percentile(&deep, 99.0))
    );
    all.extend(deep);
    all.sort();
    let p99 = common::percentile(&all, 99.0);
    println!(
        "| every page above | {:.2} | {:.2} |",
        common::ms(common::percentile(&all, 50.0)),
        common::ms(p99)
    );
    println!(
        "{}",
        json!({ "bench": "ticket-queues", "tickets": tickets, "runs": runs, "queues": results,
                "p99_ms": common::ms(p99) })
    );
    // Issue 12 asks for the p99 and names no bound; 100 ms is what a desk's page needs
    // to feel immediate (docs/decisions.md, "Benchmarks in one table").
    record(
        &Measurement::new(
            "helpdesk ticket queues: one page of 50, p99 of every queue and page",
            common::ms(p99),
            "ms",
            Goal::AtMost { value: 100.0 },
        )
        .note(format!("{tickets} tickets, {runs} runs a queue")),
    );
    common::ms(p99)
}
