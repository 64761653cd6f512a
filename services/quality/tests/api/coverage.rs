//! Tapping coverage: a day's AGREE calls per site, how many are not tapped yet, and how
//! long the oldest waiting task has waited.

use chrono::Duration;
use tam_kernel::{Role, Site};

use crate::helpers::{Call, Quality};

#[tokio::test]
async fn coverage_counts_the_days_calls_and_ages_the_oldest_waiting() {
    let q = Quality::start().await;
    let first = Call::agree(Site::Medan, q.now());
    q.tapping_task(&first).await;
    let first_created = q.now();
    q.app.clock().advance(Duration::minutes(10));
    let mut silent = Call::agree(Site::Medan, q.now());
    silent.has_recording = false;
    q.tapping_task(&silent).await;
    q.tapping_task(&Call::agree(Site::Medan, q.now())).await;
    q.tapping_task(&Call::agree(Site::Medan, q.now())).await;
    q.tapping_task(&Call::agree(Site::Bandung, q.now())).await;
    // The oldest Medan task is judged, the next one is claimed.
    q.judge_next(Site::Medan, "valid").await;
    let qco = q.token(Role::QcOfficer, Some(Site::Medan));
    q.claim(&qco).await;
    q.app.clock().advance(Duration::minutes(35));

    let supervisor = q.token(Role::SupervisorQuality, Some(Site::Medan));
    let today = q.get("/api/v1/quality/coverage", &supervisor).await;
    assert_eq!(today.status, 200, "{:?}", today.body);
    assert_eq!(today.body["day"], tam_kernel::wib_date(q.now()).to_string());
    let sites = today.body["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 1);
    let medan = &sites[0];
    assert_eq!(medan["site"], "medan");
    assert_eq!(medan["agree_calls"], 4);
    assert_eq!(medan["tapped"], 1);
    assert_eq!(medan["not_tapped"]["total"], 3);
    assert_eq!(medan["not_tapped"]["awaiting_recording"], 1);
    assert_eq!(medan["not_tapped"]["waiting"], 1);
    assert_eq!(medan["not_tapped"]["claimed"], 1);
    // The oldest waiting task is the fourth, created 10 minutes after the first.
    assert_eq!(medan["oldest_waiting_age_minutes"], 35);
    let oldest: chrono::DateTime<chrono::Utc> = medan["oldest_waiting_created_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(oldest, first_created + Duration::minutes(10));

    let manager = q.token(Role::Manager, None);
    let all = q.get("/api/v1/quality/coverage", &manager).await;
    let sites = all.body["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 6);
    let bandung = sites.iter().find(|s| s["site"] == "bandung").unwrap();
    assert_eq!(bandung["agree_calls"], 1);
    assert_eq!(bandung["not_tapped"]["waiting"], 1);
    let malang = sites.iter().find(|s| s["site"] == "malang").unwrap();
    assert_eq!(malang["agree_calls"], 0);
    assert!(malang["oldest_waiting_created_at"].is_null());

    // Another day has none of today's calls.
    let yesterday = tam_kernel::wib_date(q.now()) - Duration::days(1);
    let before = q
        .get(
            &format!("/api/v1/quality/coverage?day={yesterday}"),
            &supervisor,
        )
        .await;
    assert_eq!(before.body["sites"][0]["agree_calls"], 0);
    assert!(before.body["sites"][0]["oldest_waiting_created_at"].is_null());
    let bad = q
        .get("/api/v1/quality/coverage?day=today", &supervisor)
        .await;
    assert_eq!(bad.status, 400);
    q.stop().await;
}
