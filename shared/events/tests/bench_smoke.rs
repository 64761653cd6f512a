//! The pipeline bench in smoke mode, so that it keeps compiling and running: the bench
//! file is this test's module and runs with a few hundred events against the local
//! database, broker and pgbench (its figures mean nothing; `cargo bench -p tam-events
//! --bench pipeline` gives the real ones).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/pipeline.rs"]
mod pipeline;

#[tokio::test(flavor = "multi_thread")]
async fn pipeline_bench_smoke() {
    let summary = pipeline::run(pipeline::Config::new(true)).await;
    assert!(
        summary.raw_rate > 0.0
            && summary.pipeline_rate > 0.0
            && summary.continuous_rate > 0.0
            && summary.pgbench_rate > 0.0
            && summary.p99_ms > 0.0,
        "{summary:?}"
    );
}
