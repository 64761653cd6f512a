//! helpdesk's benchmarks in smoke mode, so that they keep compiling and running: each
//! bench file is a module of this test, run with a few hundred iterations or a thousand
//! tickets against the local database (its figures mean nothing; `cargo bench -p
//! tam-helpdesk --bench <name>`, or `scripts/bench.sh`, gives the real ones).
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Each bench file declares `mod common;` as its binary's root: included twice here, so
// `benches/common` is two modules, as it is in the two bench binaries.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../benches/queue.rs"]
mod queue;
#[allow(dead_code)]
#[path = "../benches/sla.rs"]
mod sla;
#[allow(dead_code)]
#[path = "../benches/sweep.rs"]
mod sweep;

#[test]
fn sla_bench_smoke() {
    assert!(sla::run(true) > 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_bench_smoke() {
    // 1,000 tickets of which 1% are due: the sweep handles exactly those.
    assert_eq!(sweep::run(true).await, 10);
}

#[tokio::test(flavor = "multi_thread")]
async fn queue_bench_smoke() {
    assert!(queue::run(true).await > 0.0);
}
