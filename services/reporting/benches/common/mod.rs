//! What reporting's benchmarks share: their knobs (environment, smoke mode), fresh
//! databases, percentiles, peak memory of a child process, and the summary table.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod dataset;

use std::time::Duration;

use tam_db::{connect_pool, DbPool, PoolSettings};

/// `TAM_BENCH_SMOKE=1` (or `--smoke`): a few hundred events or rows, so that a test can
/// run every bench end to end and keep it from rotting. Its figures mean nothing.
pub fn smoke() -> bool {
    std::env::var("TAM_BENCH_SMOKE").is_ok_and(|v| !v.is_empty() && v != "0")
        || std::env::args().any(|a| a == "--smoke")
}

/// A knob from the environment: `name`, else `default`.
pub fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

pub fn pool(url: &str, schema: &str, max_size: usize) -> DbPool {
    connect_pool(
        url,
        schema,
        PoolSettings {
            max_size,
            acquire_timeout: Duration::from_secs(60),
        },
    )
    .unwrap()
}

/// The `p`-th percentile (0–100) of sorted values (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    percentile(&v, 50.0)
}

/// A `kB` line of `/proc/self/status` (`VmHWM`: the peak resident set; `VmRSS`: now).
pub fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n);
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

pub fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}

/// A markdown table, as the README carries them.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    println!("| {} |", header.join(" | "));
    println!("|{}", "---|".repeat(header.len()));
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
}

/// Today (UTC) as the README's figures are dated.
pub fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// The machine the figures come from.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    format!("{cores} cores, load average {load} at the start")
}

/// A database holding reporting's schema: a fresh one from the tests' template (dropped
/// at the end), or an existing one (`BENCH_REUSE_DB=<name>`, kept), so that the report
/// bench can run on what the rebuild bench left (`BENCH_KEEP_DB=1`).
pub struct Database {
    pub url: String,
    pub name: String,
    fresh: Option<tam_db::testing::TestDatabase>,
}

impl Database {
    pub async fn fresh() -> Self {
        let db = tam_db::testing::TestDatabase::create(&[tam_reporting::MIGRATIONS])
            .await
            .unwrap();
        Self {
            url: db.url().to_owned(),
            name: db.name().to_owned(),
            fresh: Some(db),
        }
    }

    /// `BENCH_REUSE_DB`'s database on the test server, if set.
    pub fn reused() -> Option<Self> {
        let name = std::env::var("BENCH_REUSE_DB")
            .ok()
            .filter(|n| !n.is_empty())?;
        let admin = tam_db::testing::test_database_url();
        let (base, query) = admin
            .split_once('?')
            .map_or((admin.as_str(), ""), |(b, q)| (b, q));
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        let url = if query.is_empty() {
            format!("{server}/{name}")
        } else {
            format!("{server}/{name}?{query}")
        };
        Some(Self {
            url,
            name,
            fresh: None,
        })
    }

    pub fn is_reused(&self) -> bool {
        self.fresh.is_none()
    }

    /// Keeps a fresh database after the bench (`BENCH_KEEP_DB=1`): its name is printed.
    pub fn keep_if_asked(&mut self) {
        if std::env::var("BENCH_KEEP_DB").is_ok_and(|v| v == "1") {
            if let Some(db) = self.fresh.take() {
                std::mem::forget(db);
                println!(
                    "kept the database {} (BENCH_REUSE_DB={} for the report bench; drop it after)",
                    self.name, self.name
                );
            }
        }
    }
}
