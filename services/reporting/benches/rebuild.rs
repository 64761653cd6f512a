//! A full rebuild of reporting's read models from 1,000,000 raw events, and a rebuild
//! from a day (the last week of the month), against the local database (a fresh one
//! from the tests' template):
//!
//! 1. writes a month of one site's raw event log by SQL (`common/dataset.rs`: calls,
//!    the AGREEs' verdicts, the work orders' events; `BENCH_RAW_EVENTS` in all);
//! 2. `rebuild(None)` as `tam reporting rebuild` runs it: every family reset, the whole
//!    log replayed in `(occurred_at, id)` order through the consumer's derive — timed,
//!    events/s;
//! 3. `rebuild(Some(2026-11-23))`: the last 8 days again — timed; the month's outbound
//!    and quality totals must be the same after it as after the full rebuild.
//!
//! Goal (ours, docs/decisions.md "Reporting: benchmarks"): a full rebuild at least as
//! fast as the live consumer ingests (≥ 3,000 events/s, i.e. 1,000,000 events in under
//! 5.6 minutes), so that a rebuild never takes longer than the events took to arrive.
//!
//! `cargo bench -p tam-reporting --bench rebuild`. Knobs: `BENCH_RAW_EVENTS` (1000000);
//! `BENCH_KEEP_DB=1` keeps the database for `--bench site_report` (`BENCH_REUSE_DB`);
//! `TAM_BENCH_SMOKE=1` or `--smoke`: 500 raw events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use serde_json::json;
use tam_kernel::Site;
use tam_reporting::families;
use tam_reporting::query::{Grouping, Period, ReportQuery, Scope};

use common::dataset;

#[derive(Debug, Clone)]
pub struct Config {
    pub raw_events: i64,
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        Self {
            raw_events: common::knob("BENCH_RAW_EVENTS", if smoke { 500 } else { 1_000_000 })
                as i64,
        }
    }
}

/// The goal: at least this many events a second.
const GOAL_EVENTS_PER_SEC: f64 = 3_000.0;

#[derive(Debug, Clone)]
pub struct Summary {
    pub raw_events: i64,
    pub full_secs: f64,
    pub full_rate: f64,
    pub from_events: i64,
    pub from_secs: f64,
    pub met: bool,
}

/// The month's totals of a family's report, to compare rebuilds.
async fn totals(
    conn: &mut diesel_async::AsyncPgConnection,
    family: &'static str,
) -> Vec<Option<f64>> {
    let query = ReportQuery {
        from: dataset::first_day(),
        to: dataset::last_day(),
        period: Period::Month,
        group_by: Grouping::Total,
        scope: Scope::Site(Site::Medan),
        site: None,
        program: None,
        team: None,
        agent: None,
        work_order: None,
    };
    let report = families::report(conn, families::family(family).unwrap(), &query)
        .await
        .unwrap();
    report.rows.into_iter().flat_map(|r| r.values).collect()
}

/// Where a replayed event's time goes: the first `sample` events of the log, in replay
/// order, through each family's `apply` alone, then through the consumer's whole
/// `derive`, in transactions rolled back (the read models are empty before, as in a
/// full rebuild). Milliseconds per event.
async fn breakdown(pool: &tam_db::DbPool, sample: i64) -> Vec<(&'static str, f64)> {
    use diesel_async::RunQueryDsl;
    use std::time::Instant;
    let mut conn = pool.get().await.unwrap();
    let mut out = Vec::new();
    diesel::sql_query("BEGIN").execute(&mut conn).await.unwrap();
    let started = Instant::now();
    let page = tam_reporting::raw::page(&mut conn, None, None, sample)
        .await
        .unwrap();
    let n = page.len().max(1) as f64;
    out.push((
        "reading the log (raw::page)",
        started.elapsed().as_secs_f64() * 1000.0 / n,
    ));
    macro_rules! family {
        ($name:literal, $apply:path) => {{
            let started = Instant::now();
            for event in &page {
                $apply(&mut conn, event).await.unwrap();
            }
            out.push(($name, started.elapsed().as_secs_f64() * 1000.0 / n));
        }};
    }
    family!("outbound::apply", families::outbound::apply);
    family!("quality::apply", families::quality::apply);
    family!("activation::apply", families::activation::apply);
    family!("disruptions::apply", families::disruptions::apply);
    family!("workforce::apply", families::workforce::apply);
    diesel::sql_query("ROLLBACK")
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::sql_query("BEGIN").execute(&mut conn).await.unwrap();
    let events: Vec<&tam_events::Envelope> = page.iter().collect();
    let started = Instant::now();
    tam_reporting::consume::derive(&mut conn, &events)
        .await
        .unwrap();
    out.push((
        "consume::derive (activity count + every family)",
        started.elapsed().as_secs_f64() * 1000.0 / n,
    ));
    diesel::sql_query("ROLLBACK")
        .execute(&mut conn)
        .await
        .unwrap();
    out
}

pub async fn run(cfg: Config) -> Summary {
    println!("reporting rebuild benchmark ({})", common::machine());
    let mut db = common::Database::fresh().await;
    let pool = common::pool(&db.url, "reporting", 4);
    let calls = dataset::calls_for_raw_events(cfg.raw_events);
    let written = {
        let mut conn = pool.get().await.unwrap();
        dataset::write(&mut conn, calls).await
    };
    eprintln!(
        "wrote {} raw events ({} calls, {} verdicts, {} others) in {:.1} s",
        written.raw_events(),
        written.calls,
        written.verdicts,
        written.others,
        written.secs
    );

    let sample = cfg.raw_events.min(2_000);
    eprintln!("where an event's time goes ({sample} events, rolled back) ...");
    let costs = breakdown(&pool, sample).await;
    for (what, ms) in &costs {
        eprintln!("    {what}: {ms:.3} ms an event");
    }

    eprintln!("full rebuild ...");
    let (full, replayed) = dataset::rebuild(&pool, None).await;
    assert_eq!(
        replayed as i64,
        written.raw_events(),
        "every raw event replayed"
    );
    let full = full.as_secs_f64();
    let full_rate = written.raw_events() as f64 / full;
    eprintln!("    {full:.1} s, {full_rate:.0} events/s");
    let (outbound, quality) = {
        let mut conn = pool.get().await.unwrap();
        (
            totals(&mut conn, "outbound").await,
            totals(&mut conn, "quality").await,
        )
    };

    let from = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let from_events = {
        let mut conn = pool.get().await.unwrap();
        dataset::scalar(
            &mut conn,
            "SELECT count(*) AS n FROM raw_events WHERE day >= '2026-11-23'",
        )
        .await
    };
    eprintln!("rebuild --from {from} ({from_events} events) ...");
    let (from_secs, replayed) = dataset::rebuild(&pool, Some(from)).await;
    assert_eq!(
        replayed as i64, from_events,
        "the events of the days from {from}"
    );
    let from_secs = from_secs.as_secs_f64();
    eprintln!("    {from_secs:.1} s");
    {
        let mut conn = pool.get().await.unwrap();
        assert_eq!(
            totals(&mut conn, "outbound").await,
            outbound,
            "outbound's month after the rebuild from a day"
        );
        assert_eq!(
            totals(&mut conn, "quality").await,
            quality,
            "quality's month after the rebuild from a day"
        );
    }
    drop(pool);
    db.keep_if_asked();

    let met = full_rate >= GOAL_EVENTS_PER_SEC;
    println!();
    common::print_table(
        &["measure", "figure"],
        &[
            vec![
                "raw events (calls / verdicts / work-order events)".into(),
                format!(
                    "{} ({} / {} / {}), written by SQL in {:.1} s",
                    common::thousands(written.raw_events() as f64),
                    common::thousands(written.calls as f64),
                    common::thousands(written.verdicts as f64),
                    written.others,
                    written.secs
                ),
            ],
            vec![
                "full rebuild (reset, replay every event)".into(),
                format!("{full:.1} s, {} events/s", common::thousands(full_rate)),
            ],
            vec![
                format!("rebuild --from {from} (8 of 30 days)"),
                format!(
                    "{from_secs:.1} s for {} events, {} events/s",
                    common::thousands(from_events as f64),
                    common::thousands(from_events as f64 / from_secs)
                ),
            ],
            vec![
                format!("goal ≥ {} events/s", common::thousands(GOAL_EVENTS_PER_SEC)),
                common::verdict(met).into(),
            ],
        ],
    );
    println!();
    common::print_table(
        &[
            &format!("per event (the first {sample} of the log, rolled back)"),
            "ms",
        ],
        &costs
            .iter()
            .map(|(what, ms)| vec![(*what).to_owned(), format!("{ms:.3}")])
            .collect::<Vec<_>>(),
    );
    println!(
        "{}",
        json!({
            "bench": "reporting rebuild",
            "raw_events": written.raw_events(),
            "full_secs": (full * 10.0).round() / 10.0,
            "full_ev_per_s": full_rate.round(),
            "from_events": from_events,
            "from_secs": (from_secs * 10.0).round() / 10.0,
            "ms_per_event": costs.iter().map(|(what, ms)| json!({"what": what, "ms": ms})).collect::<Vec<_>>(),
            "goal": common::verdict(met),
            "date": common::today(),
        })
    );
    Summary {
        raw_events: written.raw_events(),
        full_secs: full,
        full_rate,
        from_events,
        from_secs,
        met,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let summary = runtime.block_on(run(Config::new(common::smoke())));
    tam_testkit::bench::record(
        &tam_testkit::bench::Measurement::new(
            "reporting rebuild: raw events replayed into every family",
            summary.full_rate,
            "events/s",
            tam_testkit::bench::Goal::AtLeast { value: 3000.0 },
        )
        .note(format!("{} raw events", summary.raw_events)),
    );
}
