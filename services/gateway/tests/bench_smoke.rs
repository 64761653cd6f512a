//! The gateway's overhead benchmark in smoke mode, so that it keeps compiling and
//! running: the bench file is this test's module and runs with a few clients and a few
//! hundred requests (its figures mean nothing; `cargo bench -p tam-gateway --bench
//! overhead` gives the real ones). hr and the gateway run in child processes: here a
//! child is this test binary re-run on `overhead_bench_smoke`, which then serves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/overhead.rs"]
mod overhead;

#[test]
fn overhead_bench_smoke() {
    if let Ok(which) = std::env::var(overhead::SERVE) {
        overhead::serve(&which);
        return;
    }
    let mut cfg = overhead::Config::new(true);
    cfg.child_args = ["overhead_bench_smoke", "--exact", "--nocapture"]
        .map(String::from)
        .to_vec();
    let summary = overhead::run(&cfg);
    overhead::report(&cfg, &summary);
    for case in [&summary.loaded, &summary.single] {
        assert!(
            case.direct.rps > 0.0 && case.gateway.rps > 0.0,
            "{summary:?}"
        );
        assert!(case.gateway.gateway_cpu_us > 0.0, "{summary:?}");
    }
}
