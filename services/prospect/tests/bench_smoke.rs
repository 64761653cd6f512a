//! prospect's benchmarks in smoke mode, so that they keep compiling and running: each
//! bench file is a module of this test binary, run with a few hundred rows against the
//! local database and broker (its figures mean nothing; `cargo bench -p tam-prospect
//! --bench <name>` gives the real ones). Other benches of prospect are added here the
//! same way: a `#[path = "../benches/<name>.rs"] mod <name>;` and a `<name>_bench_smoke`
//! test (services/reporting/tests/bench_smoke.rs is the model).
//!
//! The import bench runs prospect in a child process: here the child is this test
//! binary re-run on `import_bench_smoke`, which then serves instead of benchmarking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/import.rs"]
mod import;

#[test]
fn import_bench_smoke() {
    if import::serving() {
        import::serve_blocking();
        return;
    }
    let mut cfg = import::Config::new(true);
    cfg.child_args = ["import_bench_smoke", "--exact", "--nocapture"]
        .map(String::from)
        .to_vec();
    let summary = import::run_blocking(cfg);
    assert!(summary.first.rows_per_sec > 0.0 && summary.first.copy_rows_per_sec > 0.0);
    assert!(summary.second.rows_per_sec > 0.0 && summary.second.copy_rows_per_sec > 0.0);
    assert_eq!(
        summary.first.report["total"], 300,
        "{:?}",
        summary.first.report
    );
    // The second file repeats some of the first's customers: duplicates of an earlier
    // import, into a work order topped up to the pre-fill.
    assert!(summary.second.report["duplicates"].as_u64().unwrap() > 0);
    assert_eq!(summary.held, 600);
    assert!(summary.peak_mb > 0.0);
}
