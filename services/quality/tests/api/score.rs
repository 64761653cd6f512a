//! The Quality Validation Score: which AGREE counts in which month (the call's WIB
//! date), current verdicts, pending calls outside the denominator, and the caller's
//! scope.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{Call, Quality};

fn at(rfc3339: &str) -> DateTime<Utc> {
    rfc3339.parse().unwrap()
}

fn counts(body: &Value) -> (u64, u64, u64, u64) {
    (
        body["agree_total"].as_u64().unwrap(),
        body["valid"].as_u64().unwrap(),
        body["returned"].as_u64().unwrap(),
        body["pending"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn the_score_counts_each_agree_in_its_wib_month_within_the_callers_scope() {
    let q = Quality::start().await;
    let team_t = Uuid::now_v7();
    let team_u = Uuid::now_v7();
    let now = q.now();
    let call = |site: Site, team: Uuid, started_at: &str| {
        let mut c = Call::agree(site, now);
        c.team_id = Some(team);
        c.started_at = at(started_at);
        c
    };
    // 23:30 WIB on 31 March is still 31 March in Jakarta (16:30 UTC): March.
    let a = call(Site::Medan, team_t, "2026-03-31T16:30:00Z");
    // 06:30 WIB on 1 April is 23:30 UTC on 31 March: April, by the WIB date.
    let mut b = call(Site::Medan, team_t, "2026-03-31T23:30:00Z");
    b.agent_id = a.agent_id;
    let c = call(Site::Medan, team_t, "2026-03-10T03:00:00Z");
    let d = call(Site::Medan, team_u, "2026-03-15T03:00:00Z");
    let e = call(Site::Bandung, team_u, "2026-03-20T03:00:00Z");

    q.tapping_task(&a).await;
    q.judge_next(Site::Medan, "return").await;
    q.tapping_task(&c).await;
    q.judge_next(Site::Medan, "valid").await;
    q.tapping_task(&b).await;
    q.judge_next(Site::Medan, "valid").await;
    q.tapping_task(&d).await;
    q.tapping_task(&e).await;
    q.judge_next(Site::Bandung, "valid").await;

    let manager = q.token(Role::Manager, None);
    let march = q.get("/api/v1/quality/score?month=2026-03", &manager).await;
    assert_eq!(march.status, 200, "{:?}", march.body);
    assert_eq!(counts(&march.body), (4, 2, 1, 1));
    assert_eq!(march.body["score_pct"], 66.67);
    assert_eq!(march.body["target_pct"], 95.0);
    assert_eq!(march.body["met"], false);
    assert_eq!(march.body["month"], "2026-03");
    let april = q.get("/api/v1/quality/score?month=2026-04", &manager).await;
    assert_eq!(counts(&april.body), (1, 1, 0, 0));
    assert_eq!(april.body["score_pct"], 100.0);
    assert_eq!(april.body["met"], true);
    let medan = q
        .get("/api/v1/quality/score?month=2026-03&site=medan", &manager)
        .await;
    assert_eq!(counts(&medan.body), (3, 1, 1, 1));
    assert_eq!(medan.body["score_pct"], 50.0);
    let none = q
        .get(
            "/api/v1/quality/score?month=2026-03&program=ct0_pranpc",
            &manager,
        )
        .await;
    assert_eq!(counts(&none.body), (0, 0, 0, 0));
    assert!(none.body["score_pct"].is_null());
    assert!(none.body["met"].is_null());

    // Site roles: their site; another site is out of scope.
    let ops = q.token(Role::SupervisorOps, Some(Site::Medan));
    let own = q.get("/api/v1/quality/score?month=2026-03", &ops).await;
    assert_eq!(counts(&own.body), (3, 1, 1, 1));
    assert_eq!(own.body["filters"]["site"], "medan");
    let other = q
        .get("/api/v1/quality/score?month=2026-03&site=bandung", &ops)
        .await;
    assert_eq!(other.status, 404);
    let bandung_qco = q.token(Role::QcOfficer, Some(Site::Bandung));
    let own = q
        .get("/api/v1/quality/score?month=2026-03", &bandung_qco)
        .await;
    assert_eq!(counts(&own.body), (1, 1, 0, 0));

    // A team leader: their team.
    let leader = q.token_as(
        Uuid::now_v7(),
        Role::TeamLeader,
        Some(Site::Medan),
        Some(team_t),
    );
    let team = q.get("/api/v1/quality/score?month=2026-03", &leader).await;
    assert_eq!(counts(&team.body), (2, 1, 1, 0));
    assert_eq!(team.body["filters"]["team"], team_t.to_string());
    let other_team = q
        .get(
            &format!("/api/v1/quality/score?month=2026-03&team={team_u}"),
            &leader,
        )
        .await;
    assert_eq!(other_team.status, 404);

    // An agent: their own calls, March's RETURN and April's VALID.
    let agent = q.token_as(a.agent_id, Role::Agent, Some(Site::Medan), Some(team_t));
    let mine = q.get("/api/v1/quality/score?month=2026-03", &agent).await;
    assert_eq!(counts(&mine.body), (1, 0, 1, 0));
    assert_eq!(mine.body["score_pct"], 0.0);
    let mine = q.get("/api/v1/quality/score?month=2026-04", &agent).await;
    assert_eq!(counts(&mine.body), (1, 1, 0, 0));
    let someone = q
        .get(
            &format!("/api/v1/quality/score?month=2026-03&agent={}", c.agent_id),
            &agent,
        )
        .await;
    assert_eq!(someone.status, 404);

    let bad = q.get("/api/v1/quality/score?month=2026-3", &manager).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["month"]);
    let missing = q.get("/api/v1/quality/score", &manager).await;
    assert_eq!(missing.fields(), ["month"]);
    q.stop().await;
}
