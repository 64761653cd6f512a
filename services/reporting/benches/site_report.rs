//! A month's site report for a site with 1,000,000 calls, against the local database:
//!
//! 1. the data: November 2026 at Medan, `BENCH_CALLS` calls (1,000,000) with their
//!    AGREEs' verdicts and the work orders' events, written into the raw event log by SQL
//!    (`common/dataset.rs`) and turned into the read models by the rebuild (timed too);
//!    or an existing database (`BENCH_REUSE_DB=<name>`, what `--bench rebuild` kept with
//!    `BENCH_KEEP_DB=1`);
//! 2. `families::report` in process (the queries and the row building, no HTTP) for
//!    every family with `period=month`, the month's days, a site supervisor's scope
//!    (`Scope::Site(Medan)`), grouped by agent and by team (and the total): one warm-up,
//!    then `BENCH_RUNS` (200) runs each; p50, p99 and max.
//!
//! Goal (ours, docs/decisions.md "Reporting: benchmarks"): p99 under 500 ms for each
//! report, the time a manager waits for a page.
//!
//! `cargo bench -p tam-reporting --bench site_report`. Knobs: `BENCH_RUNS` (200),
//! `BENCH_FAMILIES` (every family; a comma list to measure some), `BENCH_CALLS`,
//! `BENCH_REUSE_DB`. `TAM_BENCH_SMOKE=1` or `--smoke`: 500 calls, 5 runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use serde_json::json;
use tam_kernel::Site;
use tam_reporting::families;
use tam_reporting::query::{Grouping, Period, ReportQuery, Scope};

use common::dataset;

#[derive(Debug, Clone)]
pub struct Config {
    pub calls: i64,
    pub runs: usize,
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        Self {
            calls: common::knob("BENCH_CALLS", if smoke { 500 } else { 1_000_000 }) as i64,
            runs: common::knob("BENCH_RUNS", if smoke { 5 } else { 200 }),
        }
    }
}

const GOAL_P99_MS: f64 = 500.0;

#[derive(Debug, Clone)]
pub struct Measured {
    pub family: &'static str,
    pub group_by: &'static str,
    pub rows: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub calls: i64,
    pub rebuild_secs: Option<f64>,
    pub results: Vec<Measured>,
    pub met: bool,
}

pub async fn run(cfg: Config) -> Summary {
    println!("reporting site report benchmark ({})", common::machine());
    let (mut db, reused) = match common::Database::reused() {
        Some(db) => (db, true),
        None => (common::Database::fresh().await, false),
    };
    let pool = common::pool(&db.url, "reporting", 2);
    let mut rebuild_secs = None;
    if !reused {
        let written = {
            let mut conn = pool.get().await.unwrap();
            dataset::write(&mut conn, cfg.calls).await
        };
        eprintln!(
            "wrote {} raw events ({} calls) in {:.1} s; rebuilding ...",
            written.raw_events(),
            written.calls,
            written.secs
        );
        let secs = dataset::rebuild(&pool, None).await.0.as_secs_f64();
        eprintln!(
            "    rebuilt in {secs:.1} s ({:.0} events/s)",
            written.raw_events() as f64 / secs
        );
        rebuild_secs = Some(secs);
    }
    let calls = {
        let mut conn = pool.get().await.unwrap();
        dataset::scalar(
            &mut conn,
            "SELECT count(*) AS n FROM raw_events WHERE event_type = 'calling.call.completed'",
        )
        .await
    };

    let mut results = Vec::new();
    let mut conn = pool.get().await.unwrap();
    // `BENCH_FAMILIES=quality,workforce`: only those (a slow report can be run apart,
    // with fewer runs).
    let only: Option<Vec<String>> = std::env::var("BENCH_FAMILIES")
        .ok()
        .map(|v| v.split(',').map(|f| f.trim().to_owned()).collect());
    for family in families::FAMILIES {
        if only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|f| f == family.key))
        {
            continue;
        }
        for grouping in [Grouping::Agent, Grouping::Team, Grouping::Total] {
            if !family.groupings.contains(&grouping) {
                eprintln!("{}: no {} grouping", family.key, grouping.as_str());
                continue;
            }
            let query = ReportQuery {
                from: dataset::first_day(),
                to: dataset::last_day(),
                period: Period::Month,
                group_by: grouping,
                scope: Scope::Site(Site::Medan),
                site: None,
                program: None,
                team: None,
                agent: None,
                work_order: None,
            };
            let warm = families::report(&mut conn, family, &query).await.unwrap();
            let mut times = Vec::with_capacity(cfg.runs);
            for _ in 0..cfg.runs {
                let started = Instant::now();
                let report = families::report(&mut conn, family, &query).await.unwrap();
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                assert_eq!(report.rows.len(), warm.rows.len());
            }
            times.sort_by(f64::total_cmp);
            let m = Measured {
                family: family.key,
                group_by: grouping.as_str(),
                rows: warm.rows.len(),
                p50_ms: common::percentile(&times, 50.0),
                p99_ms: common::percentile(&times, 99.0),
                max_ms: times.last().copied().unwrap_or(f64::NAN),
            };
            eprintln!(
                "{} by {}: {} rows, p50 {:.2} ms, p99 {:.2} ms",
                m.family, m.group_by, m.rows, m.p50_ms, m.p99_ms
            );
            results.push(m);
        }
    }
    drop(conn);
    drop(pool);
    db.keep_if_asked();

    let met = results.iter().all(|m| m.p99_ms < GOAL_P99_MS);
    println!();
    println!(
        "{} calls at Medan in November 2026{}; period=month, scope: the site; {} runs each",
        common::thousands(calls as f64),
        rebuild_secs.map_or_else(
            || " (an existing database)".to_owned(),
            |s| format!(" (rebuilt in {s:.1} s)")
        ),
        cfg.runs
    );
    common::print_table(
        &[
            "report",
            "group_by",
            "rows",
            "p50 ms",
            "p99 ms",
            "max ms",
            "goal p99 < 500 ms",
        ],
        &results
            .iter()
            .map(|m| {
                vec![
                    m.family.to_owned(),
                    m.group_by.to_owned(),
                    m.rows.to_string(),
                    format!("{:.2}", m.p50_ms),
                    format!("{:.2}", m.p99_ms),
                    format!("{:.2}", m.max_ms),
                    common::verdict(m.p99_ms < GOAL_P99_MS).to_owned(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    println!(
        "{}",
        json!({
            "bench": "reporting site report",
            "calls": calls,
            "runs": cfg.runs,
            "rebuild_secs": rebuild_secs,
            "reports": results.iter().map(|m| json!({
                "family": m.family, "group_by": m.group_by, "rows": m.rows,
                "p50_ms": m.p50_ms, "p99_ms": m.p99_ms, "max_ms": m.max_ms,
            })).collect::<Vec<_>>(),
            "goal": common::verdict(met),
            "date": common::today(),
        })
    );
    Summary {
        calls,
        rebuild_secs,
        results,
        met,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let summary = runtime.block_on(run(Config::new(common::smoke())));
    for m in &summary.results {
        tam_testkit::bench::record(
            &tam_testkit::bench::Measurement::new(
                format!(
                    "reporting month site report: {} by {}, p99",
                    m.family, m.group_by
                ),
                m.p99_ms,
                "ms",
                tam_testkit::bench::Goal::AtMost { value: 500.0 },
            )
            .note(format!("{} calls, {} rows", summary.calls, m.rows)),
        );
    }
}
