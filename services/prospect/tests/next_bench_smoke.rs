//! The `next` bench in smoke mode, so that it keeps compiling and running: the bench file
//! is a module of this test binary, run with a few hundred claims against the local
//! database (its figures mean nothing; `cargo bench -p tam-prospect --bench next` gives
//! the real ones). Kept beside tests/bench_smoke.rs (the import bench's) rather than in
//! it while that file was being written; it may move there as a module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/next.rs"]
mod next;

#[tokio::test(flavor = "multi_thread")]
async fn next_bench_smoke() {
    let summary = next::run(next::Config::new(true)).await;
    assert!(summary.claims_per_second > 0.0, "{summary:?}");
    assert!(summary.pgbench_tps > 0.0, "{summary:?}");
    assert!(summary.steady_claims > 0, "{summary:?}");
}
