//! The root crate's benchmarks in smoke mode, so that they keep compiling and running
//! (figures mean nothing here; `scripts/bench.sh` gives the real ones).

#[allow(dead_code)]
#[path = "../../benches/memory.rs"]
mod memory;

#[tokio::test(flavor = "multi_thread")]
async fn memory_bench_smoke() {
    // All seven services ran and the process read its own resident memory.
    assert!(memory::run(true).await > 0.0);
}
