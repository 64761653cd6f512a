//! reporting's benchmarks in smoke mode, so that they keep compiling and running: each
//! bench file is this test's module and runs with a few hundred events or rows against
//! the local database and broker (its figures mean nothing; `cargo bench -p
//! tam-reporting --bench <name>` gives the real ones). The XLSX bench measures memory in
//! child processes: here the child is this test binary re-run on `export_bench_smoke`,
//! which then does the child's work.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Each bench file declares `mod common;` as its binary's root: included four times here,
// so `benches/common` is four modules, as it is in the four bench binaries.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../benches/consumer.rs"]
mod consumer;
#[allow(dead_code)]
#[path = "../benches/rebuild.rs"]
mod rebuild;
#[allow(dead_code)]
#[path = "../benches/site_report.rs"]
mod site_report;
#[allow(dead_code)]
#[path = "../benches/xlsx.rs"]
mod xlsx;

#[tokio::test(flavor = "multi_thread")]
async fn consumer_bench_smoke() {
    let summary = consumer::run(consumer::Config::new(true)).await;
    assert!(summary.pipeline_rate > 0.0 && summary.reporting_rate > 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn rebuild_bench_smoke() {
    let summary = rebuild::run(rebuild::Config::new(true)).await;
    assert!(summary.raw_events >= 400, "{summary:?}");
    assert!(summary.full_secs > 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn site_report_bench_smoke() {
    let summary = site_report::run(site_report::Config::new(true)).await;
    assert_eq!(summary.calls, 500);
    // Every family answers at least the total.
    for family in tam_reporting::families::FAMILIES {
        assert!(
            summary.results.iter().any(|m| m.family == family.key),
            "{} was not measured",
            family.key
        );
    }
}

#[test]
fn export_bench_smoke() {
    if let Ok(format) = std::env::var(xlsx::CHILD) {
        xlsx::child(&format);
        return;
    }
    let mut cfg = xlsx::Config::new(true);
    cfg.child_args = ["export_bench_smoke", "--exact", "--nocapture"]
        .map(String::from)
        .to_vec();
    let summary = xlsx::run(cfg);
    let xlsx = summary.results.iter().find(|m| m.format == "xlsx").unwrap();
    assert!(xlsx.bytes > 0 && xlsx.peak_mb > 0.0, "{xlsx:?}");
}
