//! Resident memory of the suite as `tam up` runs it: all seven services in one process,
//! with `tam up`'s default pools (`TAM_DB_POOL_SIZE` 10) and workers (`TAM_HTTP_WORKERS`
//! 2), against a fresh database and a unique event prefix. It reads the process's
//! `VmRSS` before the services start (the bench's own runtime), once start-up has
//! settled (`BENCH_SETTLE_SECS`, 10), and its peak (`VmHWM`).
//!
//! `cargo bench -p tam --bench memory` (or `scripts/bench.sh`); `TAM_BENCH_SMOKE=1`
//! settles for one second. The database server is `TAM_TEST_DATABASE_URL`, as in the
//! tests. Linux only (it reads /proc/self/status).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Duration;

use tam_testkit::bench::{record, Goal, Measurement};
use tam_testkit::TestApp;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(tam_testkit::bench::smoke()));
}

/// A `kB` line of /proc/self/status (`VmRSS`, `VmHWM`), in MB.
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    kb / 1024.0
}

/// The bench; returns the idle resident memory in MB.
pub async fn run(smoke: bool) -> f64 {
    let settle = std::env::var("BENCH_SETTLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 1 } else { 10 });
    let before = status_mb("VmRSS");
    // `tam up`'s defaults, not the tests' small pools.
    let overrides: HashMap<String, String> =
        [("TAM_DB_POOL_SIZE", "10"), ("TAM_HTTP_WORKERS", "2")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    let app = TestApp::start_with_overrides(&tam::services(), &overrides)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(settle)).await;
    let idle = status_mb("VmRSS");
    let peak = status_mb("VmHWM");
    app.stop().await.unwrap();
    println!(
        "resident memory: {before:.1} MB before the services, {idle:.1} MB with all seven idle after {settle} s, peak {peak:.1} MB"
    );
    let note = format!(
        "one process, pools of 10, 2 workers each; the bench's own runtime before start: {before:.1} MB"
    );
    record(
        &Measurement::new(
            "memory: tam up, all seven services idle (resident)",
            idle,
            "MB",
            Goal::None,
        )
        .note(note.clone()),
    );
    record(
        &Measurement::new(
            "memory: tam up, peak resident since the process started",
            peak,
            "MB",
            Goal::None,
        )
        .note(note),
    );
    idle
}
