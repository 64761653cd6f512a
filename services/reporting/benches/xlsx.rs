//! An XLSX export of 100,000 rows: its time and peak memory, with CSV for comparison.
//!
//! Each export runs in a child process (this binary re-run with `BENCH_XLSX_CHILD`), so
//! that its peak resident memory (`VmHWM` of `/proc/self/status`) is its own: the child
//! builds the report (outbound's KPI columns; 300 agents × days, `period=day`,
//! `group_by=agent`: the shape of the largest export a manager asks for), notes its
//! resident memory, renders it with `render::xlsx::report` (constant-memory mode: rows
//! streamed to a temporary file) or `render::csv::report`, and prints the time, the size
//! and the peak. A child that only builds the report gives the report's own footprint;
//! an XLSX of a tenth of the rows shows whether the writer's memory grows with the rows.
//! `BENCH_ROUNDS` (3) children per export; the median time and the highest peak.
//!
//! Goal (ours, docs/decisions.md "Reporting: benchmarks"): 100,000 rows in under 10 s
//! with a peak under 200 MB (the suite's bound for a streamed import).
//!
//! `cargo bench -p tam-reporting --bench xlsx`. Knobs: `BENCH_ROWS` (100000),
//! `BENCH_ROUNDS` (3); `TAM_BENCH_SMOKE=1` or `--smoke`: 300 rows, one round.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};
use tam_reporting::kpi::{GroupKey, KpiDef, Report, ReportRow, Unit};
use uuid::Uuid;

/// Set in a child: what it renders (`xlsx`, `csv`, or `none`: the report alone).
pub const CHILD: &str = "BENCH_XLSX_CHILD";
const CHILD_ROWS: &str = "BENCH_XLSX_CHILD_ROWS";
const GOAL_SECS: f64 = 10.0;
const GOAL_PEAK_MB: f64 = 200.0;
const AGENTS: usize = 300;

#[derive(Debug, Clone)]
pub struct Config {
    pub rows: usize,
    pub rounds: usize,
    /// Arguments a child is started with (a test binary needs its test's name).
    pub child_args: Vec<String>,
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        Self {
            rows: common::knob("BENCH_ROWS", if smoke { 300 } else { 100_000 }),
            rounds: common::knob("BENCH_ROUNDS", if smoke { 1 } else { 3 }),
            child_args: Vec::new(),
        }
    }
}

/// The columns: outbound's KPIs (the widest report).
fn columns() -> Vec<&'static KpiDef> {
    let outbound = tam_reporting::families::family("outbound").unwrap();
    if outbound.kpis.is_empty() {
        // Before the outbound family defines its KPIs: the first 22 of every family.
        tam_reporting::families::kpis().take(22).collect()
    } else {
        outbound.kpis.iter().collect()
    }
}

/// `rows` rows: day by day, 300 agents a day, values as their units read.
pub fn sample_report(rows: usize) -> Report {
    let columns = columns();
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let agents: Vec<Uuid> = (0..AGENTS)
        .map(|a| Uuid::from_u128(0xA6E7_0000_0000_0000_0000_0000_0000_0000 + a as u128))
        .collect();
    let rows = (0..rows)
        .map(|k| {
            let day = first + Duration::days((k / AGENTS) as i64);
            let seed = (k as u64).wrapping_mul(2_654_435_761) % 1000;
            let values = columns
                .iter()
                .enumerate()
                .map(|(c, kpi)| {
                    let v = (seed + 37 * c as u64) % 1000;
                    match kpi.unit {
                        // A rate over nothing now and then.
                        Unit::Ratio if v.is_multiple_of(97) => None,
                        Unit::Ratio => Some(v as f64 / 1000.0),
                        Unit::Seconds => Some(60.0 + v as f64 / 3.0),
                        Unit::Minutes => Some((v % 120) as f64),
                        Unit::PerHour | Unit::Number => Some(v as f64 / 100.0),
                        Unit::Count => Some((v % 180) as f64),
                    }
                })
                .collect();
            ReportRow {
                period_start: day,
                period_end: day,
                group: GroupKey::of_uuid("agent", Some(agents[k % AGENTS])),
                values,
            }
        })
        .collect();
    Report {
        family: "outbound",
        columns,
        rows,
    }
}

/// The child's work: prints one `BENCH_CHILD {json}` line.
pub fn child(format: &str) {
    let rows: usize = std::env::var(CHILD_ROWS)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let report = sample_report(rows);
    let report_kb = common::status_kb("VmRSS").unwrap_or(0);
    let started = Instant::now();
    let bytes = match format {
        "xlsx" => tam_reporting::render::xlsx::report(&report).unwrap(),
        "csv" => tam_reporting::render::csv::report(&report).unwrap(),
        _ => Vec::new(),
    };
    let secs = started.elapsed().as_secs_f64();
    let peak_kb = common::status_kb("VmHWM").unwrap_or(0);
    println!(
        "BENCH_CHILD {}",
        json!({"format": format, "rows": rows, "secs": secs, "bytes": bytes.len(),
               "report_kb": report_kb, "peak_kb": peak_kb})
    );
}

fn spawn_child(cfg: &Config, format: &str, rows: usize) -> Value {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(&cfg.child_args)
        .env(CHILD, format)
        .env(CHILD_ROWS, rows.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("BENCH_CHILD "))
        .unwrap_or_else(|| {
            panic!(
                "the {format} child said nothing: status {}, stdout {stdout}, stderr {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
        });
    serde_json::from_str(line).unwrap()
}

#[derive(Debug, Clone)]
pub struct Measured {
    pub format: &'static str,
    pub rows: usize,
    pub secs: f64,
    pub bytes: u64,
    pub report_mb: f64,
    pub peak_mb: f64,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub results: Vec<Measured>,
    pub met: bool,
}

fn measure(cfg: &Config, format: &'static str, rows: usize) -> Measured {
    let runs: Vec<Value> = (0..cfg.rounds)
        .map(|_| spawn_child(cfg, format, rows))
        .collect();
    let secs: Vec<f64> = runs.iter().map(|r| r["secs"].as_f64().unwrap()).collect();
    let peak = runs
        .iter()
        .map(|r| r["peak_kb"].as_u64().unwrap())
        .max()
        .unwrap_or(0);
    let report = runs
        .iter()
        .map(|r| r["report_kb"].as_u64().unwrap())
        .max()
        .unwrap_or(0);
    Measured {
        format,
        rows,
        secs: common::median(&secs),
        bytes: runs[0]["bytes"].as_u64().unwrap(),
        report_mb: report as f64 / 1024.0,
        peak_mb: peak as f64 / 1024.0,
    }
}

pub fn run(cfg: Config) -> Summary {
    println!("reporting export benchmark ({})", common::machine());
    println!(
        "  {} rows × {} KPI columns, {} child process(es) per export",
        cfg.rows,
        columns().len(),
        cfg.rounds
    );
    let tenth = (cfg.rows / 10).max(1);
    let plan: [(&'static str, usize); 4] = [
        ("none", cfg.rows),
        ("csv", cfg.rows),
        ("xlsx", cfg.rows),
        ("xlsx", tenth),
    ];
    let results: Vec<Measured> = plan
        .iter()
        .map(|&(format, rows)| {
            eprintln!("{format}, {rows} rows ...");
            measure(&cfg, format, rows)
        })
        .collect();
    let xlsx = &results[2];
    let met = xlsx.secs < GOAL_SECS && xlsx.peak_mb < GOAL_PEAK_MB;
    println!();
    common::print_table(
        &[
            "export",
            "rows",
            "time s",
            "size MB",
            "RSS with the report built MB",
            "peak RSS (VmHWM) MB",
        ],
        &results
            .iter()
            .map(|m| {
                vec![
                    match m.format {
                        "none" => "the report alone (no export)".to_owned(),
                        "csv" => "CSV (`render::csv::report`)".to_owned(),
                        _ => "XLSX (`render::xlsx::report`, constant memory)".to_owned(),
                    },
                    common::thousands(m.rows as f64),
                    if m.format == "none" {
                        String::new()
                    } else {
                        format!("{:.2}", m.secs)
                    },
                    if m.format == "none" {
                        String::new()
                    } else {
                        format!("{:.1}", m.bytes as f64 / 1e6)
                    },
                    format!("{:.1}", m.report_mb),
                    format!("{:.1}", m.peak_mb),
                ]
            })
            .collect::<Vec<_>>(),
    );
    println!(
        "XLSX of {} rows: {:.2} s, peak {:.1} MB (the rendering's share: {:.1} MB; at a tenth of the rows {:.1} MB); goal < {GOAL_SECS} s and < {GOAL_PEAK_MB} MB: {}",
        common::thousands(xlsx.rows as f64),
        xlsx.secs,
        xlsx.peak_mb,
        xlsx.peak_mb - xlsx.report_mb,
        results[3].peak_mb - results[3].report_mb,
        common::verdict(met)
    );
    println!(
        "{}",
        json!({
            "bench": "reporting export",
            "columns": columns().len(),
            "exports": results.iter().map(|m| json!({
                "format": m.format, "rows": m.rows, "secs": m.secs, "bytes": m.bytes,
                "report_mb": m.report_mb, "peak_mb": m.peak_mb,
            })).collect::<Vec<_>>(),
            "goal": common::verdict(met),
            "date": common::today(),
        })
    );
    Summary { results, met }
}

fn main() {
    if let Ok(format) = std::env::var(CHILD) {
        child(&format);
        return;
    }
    let summary = run(Config::new(common::smoke()));
    for m in &summary.results {
        let size = format!("{} rows", m.rows);
        tam_testkit::bench::record(
            &tam_testkit::bench::Measurement::new(
                format!("reporting export {} of {} rows: time", m.format, m.rows),
                m.secs,
                "s",
                tam_testkit::bench::Goal::AtMost { value: GOAL_SECS },
            )
            .note(size.clone()),
        );
        tam_testkit::bench::record(
            &tam_testkit::bench::Measurement::new(
                format!(
                    "reporting export {} of {} rows: peak memory",
                    m.format, m.rows
                ),
                m.peak_mb,
                "MB",
                tam_testkit::bench::Goal::AtMost {
                    value: GOAL_PEAK_MB,
                },
            )
            .note(size),
        );
    }
}
