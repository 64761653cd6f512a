//! Reconciliation end to end, with every service, Postgres, RabbitMQ and the test
//! clock: after a sale (an AGREE tapped and found VALID) and a DECLINE, reporting's
//! totals of the day equal calling's, helpdesk's and quality's own counts, read by
//! reporting over HTTP with its service credential (the demo manager); a call row
//! changed by hand in calling's schema gives exactly one difference, naming its figure.
//! The daily run records yesterday's check once.

use std::collections::HashMap;

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{wait_until, WAIT};

use crate::free_port;
use crate::outbound::Suite;
use crate::quality::{claim, scores, sell};

const PASSWORD: &str = "tam-demo-2026";

/// The figures of a reconciliation that differ, as (source, figure, difference).
fn differing(r: &Value) -> Vec<(String, String, i64)> {
    r["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["difference"].as_i64() != Some(0))
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_owned(),
                f["figure"].as_str().unwrap().to_owned(),
                f["difference"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn figure(r: &Value, source: &str, name: &str) -> (i64, i64) {
    let f = r["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == source && f["figure"] == name)
        .unwrap_or_else(|| panic!("no figure {source}.{name} in {r}"));
    (
        f["reporting"].as_i64().unwrap(),
        f["source_value"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn reconciliation_agrees_after_a_day_and_names_a_row_changed_by_hand() {
    let mut overrides: HashMap<String, String> = [
        ("TAM_RECONCILE_USERNAME", "manager".to_owned()),
        ("TAM_RECONCILE_PASSWORD", PASSWORD.to_owned()),
        ("TAM_RECONCILE_POLL_INTERVAL_MS", "1500".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for service in [
        ServiceName::Hr,
        ServiceName::Calling,
        ServiceName::Helpdesk,
        ServiceName::Quality,
    ] {
        // Reporting reaches the source services at their own addresses, which it must
        // know before they start.
        overrides.insert(service.port_variable(), free_port().to_string());
    }
    let s = Suite::start_with(&overrides).await;
    tam_hr::seed_demo(&s.app.pool("hr").unwrap(), PASSWORD)
        .await
        .unwrap();
    let manager = s.token(Role::Manager, None);
    let today = tam_kernel::wib_date(s.now());
    let path = format!("/api/v1/reporting/reconciliation?day={today}");

    // Only the all-site managers reconcile.
    let agent_token = s.token(Role::Agent, Some(Site::Medan));
    assert_eq!(s.get(&path, &agent_token).await.status, 403);
    assert_eq!(
        s.get("/api/v1/reporting/reconciliation?day=4-12-2026", &manager)
            .await
            .status,
        400
    );

    // The day: an AGREE found VALID, a DECLINE.
    let wo = s.work_order(Site::Medan, "WO-RECON").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               155000000101;Sri Handayani;081266600101\n\
               155000000102;Budi Santoso;081266600102\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    sell(&s, &agent, &prospect).await;
    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let started = s.start_call(&agent, &prospect).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    let call = started.body["id"].as_str().unwrap().to_owned();
    let declined = s.result(&agent, &call, json!({"outcome": "decline"})).await;
    assert_eq!(declined.status, 200, "{:?}", declined.body);
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));
    let task = claim(&s, &qco).await;
    let task = task["id"].as_str().unwrap().to_owned();
    let items = scores(&s, &qco, &task, &[]).await;
    let valid = s
        .post(
            &format!("/api/v1/quality/tasks/{task}/verdict"),
            &qco,
            json!({"scores": items, "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);

    // Once reporting has consumed the day: no difference.
    let agreed = wait_until("reporting's totals equal the sources'", WAIT, || async {
        let r = s.get(&path, &manager).await;
        assert_eq!(r.status, 200, "{:?}", r.body);
        (r.body["differences"] == 0).then_some(r.body)
    })
    .await
    .unwrap();
    assert_eq!(figure(&agreed, "calling", "calls_started"), (2, 2));
    assert_eq!(figure(&agreed, "calling", "calls_agree"), (1, 1));
    assert_eq!(figure(&agreed, "calling", "calls_decline"), (1, 1));
    assert_eq!(figure(&agreed, "calling", "calls_completed"), (2, 2));
    assert_eq!(figure(&agreed, "quality", "verdicts_valid"), (1, 1));
    assert_eq!(figure(&agreed, "quality", "verdicts_returned"), (0, 0));
    assert!(differing(&agreed).is_empty(), "{agreed}");

    // A call's start moved to yesterday by hand in calling's schema: calling now counts
    // one call started today fewer; nothing else changes.
    {
        use diesel_async::RunQueryDsl;
        let pool = s.app.pool("calling").unwrap();
        let mut conn = pool.get().await.unwrap();
        let changed = diesel::sql_query(format!(
            "UPDATE calls SET started_at = started_at - interval '1 day' WHERE id = '{call}'"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
        assert_eq!(changed, 1);
    }
    let r = s.get(&path, &manager).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["differences"], 1, "{}", r.body);
    assert_eq!(
        differing(&r.body),
        [("calling".to_owned(), "calls_started".to_owned(), 1)]
    );
    assert_eq!(figure(&r.body, "calling", "calls_started"), (2, 1));

    // The daily run (10:00 WIB: yesterday is due) recorded yesterday once.
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let runs = wait_until("the daily run recorded yesterday", WAIT, || async {
        let runs = s
            .get("/api/v1/reporting/reconciliation/runs", &manager)
            .await;
        assert_eq!(runs.status, 200, "{:?}", runs.body);
        let done = runs.body["runs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|run| run["day"] == yesterday.as_str() && !run["checked_at"].is_null());
        done.then_some(runs.body)
    })
    .await
    .unwrap();
    let recorded: Vec<&Value> = runs["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|run| run["day"] == yesterday.as_str())
        .collect();
    assert_eq!(recorded.len(), 1, "{runs}");
    assert!(recorded[0]["figures"].as_array().unwrap().len() > 10);

    s.stop().await;
}
