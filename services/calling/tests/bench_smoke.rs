//! calling's benchmark in smoke mode, so that it keeps compiling and running: the bench
//! file is a module of this test binary, run with a few hundred requests against the
//! local database and broker (its figures mean nothing; `cargo bench -p tam-calling
//! --bench call_start` gives the real ones). services/reporting/tests/bench_smoke.rs is
//! the model.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/call_start.rs"]
mod call_start;

#[tokio::test(flavor = "multi_thread")]
async fn call_start_bench_smoke() {
    let summary = call_start::run(call_start::Config::new(true)).await;
    assert!(summary.starts > 0, "{summary:?}");
    assert!(summary.flat_out_calls > 0, "{summary:?}");
    // With `done_with`, `next` never hands back the claim just called, so calling never
    // refuses a second call on it.
    assert_eq!(summary.used_refusals, 0, "{summary:?}");
}
